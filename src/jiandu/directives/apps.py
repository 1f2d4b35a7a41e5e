from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "jiandu.directives"
    label = "directives"
    verbose_name = "督办事项"
