from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "jiandu.intake"
    label = "intake"
    verbose_name = "信访举报"

    def ready(self) -> None:
        from jiandu.intake import workbench  # noqa: F401 - registers the workbench provider
