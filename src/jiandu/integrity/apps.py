from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "jiandu.integrity"
    label = "integrity"
    verbose_name = "廉政档案与意见回复"

    def ready(self) -> None:
        # Each part registers its audit action labels and workbench providers here, e.g.
        # ``from jiandu.integrity import workbench`` (an import that registers)..
        from jiandu.core.labels import register_actions
        from jiandu.core.schedule import daily_job
        from jiandu.integrity import (  # noqa: F401 - register themselves
            alert_detectors,
            alert_workbench,
        )
        from jiandu.integrity.alert_rules import ACTION_LABELS as ALERT_ACTIONS
        from jiandu.integrity.alert_tasks import alerts_schedule_daily

        register_actions({f"integrity.alert.{k}": v for k, v in ALERT_ACTIONS.items()})
        register_actions({"integrity.alerts.compute": "计算廉政风险提示"})
        daily_job("integrity.alerts")(alerts_schedule_daily)
