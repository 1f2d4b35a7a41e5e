from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "jiandu.cases"
    label = "cases"
    verbose_name = "审查调查"
