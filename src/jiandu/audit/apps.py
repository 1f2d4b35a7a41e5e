from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jiandu.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self) -> None:
        from jiandu.audit import workbench  # noqa: F401 - registers the workbench facts
        from jiandu.audit.services import event_record, read_record
        from jiandu.core.labels import register_actions
        from jiandu.core.recording import use_recorders

        register_actions({"audit.chain.verify": "校验审计链"})
        # core sits below audit: the kit records through these (core.recording).
        use_recorders(event=event_record, read=read_record)
