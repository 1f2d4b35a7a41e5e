from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "jiandu.integrity"
    label = "integrity"
    verbose_name = "廉政档案与意见回复"

    def ready(self) -> None:
        # Each part registers its audit action labels and workbench providers here, e.g.
        # ``from jiandu.integrity import workbench`` (an import that registers)..
        pass
