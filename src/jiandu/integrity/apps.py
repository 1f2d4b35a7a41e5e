from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "jiandu.integrity"
    label = "integrity"
    verbose_name = "廉政档案与意见回复"

    def ready(self) -> None:
        # Each part registers its audit action labels, detectors and workbench providers.
        from jiandu.core.labels import register_actions
        from jiandu.integrity import register_detectors  # noqa: F401 - registers no_pre_talk
        from jiandu.integrity.profile_services import ACTION_LABELS as PROFILE_ACTIONS
        from jiandu.integrity.register_services import ACTION_LABELS as REGISTER_ACTIONS

        register_actions(REGISTER_ACTIONS)
        register_actions(PROFILE_ACTIONS)
