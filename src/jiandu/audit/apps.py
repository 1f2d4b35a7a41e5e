from typing import Any

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jiandu.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self) -> None:
        from jiandu.audit import workbench  # noqa: F401 - registers the workbench facts
        from jiandu.audit.services import event_record
        from jiandu.core.files import file_served
        from jiandu.core.imports import use_event_recorder
        from jiandu.core.labels import register_actions

        register_actions({"audit.chain.verify": "校验审计链"})
        # core sits below audit: it announces what to record, audit records it.
        use_event_recorder(event_record)  # the import runner's summary event
        file_served.connect(_log_file_read, dispatch_uid="audit.file_served")


def _log_file_read(sender: type, *, user: Any, obj: Any, what: str, **kwargs: Any) -> None:
    """Every stored file served (``core.files.serve_file``) leaves a read-log entry."""
    from jiandu.audit.services import read_record

    read_record(user=user, obj=obj, what=what)
