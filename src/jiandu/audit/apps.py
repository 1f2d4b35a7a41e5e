from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jiandu.audit"
    label = "audit"
    verbose_name = "审计"
