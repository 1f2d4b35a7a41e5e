from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Registers the developer commands (``demo``, ``otp``, ``crosscheck synth``); no models."""

    name = "jiandu.devtools"
    label = "devtools"
    verbose_name = "开发工具"
