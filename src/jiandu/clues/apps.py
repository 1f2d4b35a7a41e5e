from django.apps import AppConfig


class CluesConfig(AppConfig):
    name = "jiandu.clues"
    label = "clues"
    verbose_name = "问题线索"

    def ready(self) -> None:
        from jiandu.clues import workbench  # noqa: F401 - registers the workbench provider
