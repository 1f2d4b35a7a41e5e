from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jiandu.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self) -> None:
        from jiandu.audit import workbench  # noqa: F401 - registers the workbench facts
        from jiandu.core.labels import register_actions

        register_actions({"audit.chain.verify": "校验审计链"})
