from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jiandu.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self) -> None:
        from jiandu.audit.services import event_record
        from jiandu.core.imports import use_event_recorder
        from jiandu.core.labels import register_actions

        register_actions({"audit.chain.verify": "校验审计链"})
        use_event_recorder(event_record)  # the import runner's summary event
