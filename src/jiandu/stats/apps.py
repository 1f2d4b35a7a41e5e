from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "jiandu.stats"
    label = "stats"
    verbose_name = "统计分析"

    def ready(self) -> None:
        # The standard tables register themselves (they read the figures the domain apps
        # registered in their own ready(), which run first: stats is the last app).
        from jiandu.core.labels import register_actions
        from jiandu.stats import definitions  # noqa: F401
        from jiandu.stats.publication_services import ACTION_LABELS

        register_actions({f"stats.publication.{k}": v for k, v in ACTION_LABELS.items()})
