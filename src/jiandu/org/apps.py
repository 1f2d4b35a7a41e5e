from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "jiandu.org"
    label = "org"
    verbose_name = "组织机构"
