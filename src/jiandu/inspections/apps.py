from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "jiandu.inspections"
    label = "inspections"
    verbose_name = "巡察整改"
