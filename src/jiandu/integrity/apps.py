from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "jiandu.integrity"
    label = "integrity"
    verbose_name = "廉政档案与意见回复"

    def ready(self) -> None:
        # Each part registers its audit action labels and workbench providers here, e.g.
        # ``from jiandu.integrity import workbench`` (an import that registers).
        from jiandu.core.labels import register_actions
        from jiandu.integrity import (  # noqa: F401 - register themselves
            clearance_deadlines,
            clearance_detectors,
            clearance_workbench,
        )
        from jiandu.integrity.clearance_rules import LABELS

        register_actions({f"integrity.clearance.{k}": v for k, v in LABELS.items()})
        register_actions(
            {
                "integrity.clearance.submit_request": "提交征求党风廉政意见",
                "integrity.clearance.set_due": "调整意见回复期限",
                "integrity.clearance.note": "记录意见回复内部备注",
                "integrity.import.clearance": "导入意见回复人员名单",
                "demo.integrity.clearance.backdate": "演示数据日期回溯",
            }
        )
