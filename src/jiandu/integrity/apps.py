from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "jiandu.integrity"
    label = "integrity"
    verbose_name = "廉政档案与意见回复"

    def ready(self) -> None:
        # Each part registers its audit action labels and workbench providers here, e.g.
        # ``from jiandu.integrity import workbench`` (an import that registers)..
        from jiandu.core.labels import register_actions
        from jiandu.integrity.profile_services import ACTION_LABELS as PROFILE_ACTIONS

        register_actions(PROFILE_ACTIONS)
