from django.apps import AppConfig


class CrosscheckConfig(AppConfig):
    name = "jiandu.crosscheck"
    label = "crosscheck"
    verbose_name = "数据比对"
