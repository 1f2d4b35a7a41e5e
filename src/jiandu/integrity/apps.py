from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "jiandu.integrity"
    label = "integrity"
    verbose_name = "廉政档案与意见回复"

    def ready(self) -> None:
        # Each part registers its audit action labels, detectors and workbench providers.
        from jiandu.core.labels import register_actions
        from jiandu.core.schedule import daily_job
        from jiandu.integrity import (  # noqa: F401 - register themselves
            alert_detectors,
            alert_workbench,
            clearance_deadlines,
            clearance_detectors,
            clearance_workbench,
            figures,
            register_detectors,
        )
        from jiandu.integrity.alert_rules import ACTION_LABELS as ALERT_ACTIONS
        from jiandu.integrity.alert_tasks import alerts_schedule_daily
        from jiandu.integrity.clearance_rules import LABELS as CLEARANCE_LABELS
        from jiandu.integrity.profile_services import ACTION_LABELS as PROFILE_ACTIONS
        from jiandu.integrity.register_services import ACTION_LABELS as REGISTER_ACTIONS

        register_actions(REGISTER_ACTIONS)
        register_actions(PROFILE_ACTIONS)
        register_actions({f"integrity.alert.{k}": v for k, v in ALERT_ACTIONS.items()})
        register_actions({"integrity.alerts.compute": "计算廉政风险提示"})
        daily_job("integrity.alerts")(alerts_schedule_daily)
        register_actions({f"integrity.clearance.{k}": v for k, v in CLEARANCE_LABELS.items()})
        register_actions(
            {
                "integrity.clearance.submit_request": "提交征求党风廉政意见",
                "integrity.clearance.set_due": "调整意见回复期限",
                "integrity.clearance.note": "记录意见回复内部备注",
                "integrity.import.clearance": "导入意见回复人员名单",
                "demo.integrity.clearance.backdate": "演示数据日期回溯",
            }
        )
