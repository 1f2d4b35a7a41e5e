from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "jiandu.inspections"
    label = "inspections"
    verbose_name = "巡察整改"

    def ready(self) -> None:
        from jiandu.core.labels import register_actions
        from jiandu.inspections import (  # noqa: F401 - register themselves
            deadlines,
            figures,
            search,
            urging,
            workbench,
        )
        from jiandu.inspections.rules import ACTION_LABELS

        register_actions({f"inspections.item.{k}": v for k, v in ACTION_LABELS.items()})
        register_actions(
            {
                "inspections.round.create": "登记巡察轮次",
                "inspections.target.add": "添加被巡察单位",
                "inspections.target.feedback": "登记巡察反馈",
                "inspections.target.report": "报送整改情况报告",
                "inspections.finding.create": "登记反馈问题",
                "inspections.clue.transfer": "移交问题线索",
                "inspections.item.create": "新增整改事项",
                "inspections.item.deadline": "调整完成时限",
                "inspections.item.escalate": "发出督办文书",
                "inspections.evidence.add": "上传佐证材料",
                "inspections.import.ledger": "导入整改台账",
            }
        )
