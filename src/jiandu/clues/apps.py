from django.apps import AppConfig


class CluesConfig(AppConfig):
    name = "jiandu.clues"
    label = "clues"
    verbose_name = "问题线索"

    def ready(self) -> None:
        from jiandu.clues import (  # noqa: F401 - register themselves
            clearing_workbench,
            deadlines,
            figures,
            search,
            urging,
            workbench,
        )
        from jiandu.clues.clearing_rules import CLARIFICATION_LABELS, FALSE_ACCUSATION_LABELS
        from jiandu.clues.rules import ACTION_LABELS
        from jiandu.clues.services import clue_attach_duplicate, clue_create_from_reports
        from jiandu.core.labels import register_actions
        from jiandu.intake.handoff import provide_clue_from_reports

        provide_clue_from_reports(clue_create_from_reports, clue_attach_duplicate)

        register_actions({f"clues.clue.{k}": v for k, v in ACTION_LABELS.items()})
        register_actions({f"clues.clarification.{k}": v for k, v in CLARIFICATION_LABELS.items()})
        register_actions(
            {f"clues.falseaccusation.{k}": v for k, v in FALSE_ACCUSATION_LABELS.items()}
        )
        register_actions(
            {
                "clues.clarification.propose": "提出澄清正名意见",
                "clues.falseaccusation.propose": "提出诬告陷害认定",
                "clues.clue.create": "登记问题线索",
                "clues.clue.duplicate_attach": "并入重复件",
                "clues.clue.duplicates_noted": "已阅新增重复件",
                "clues.import.transfer": "导入移交线索",
                "demo.clues.backdate": "演示数据日期回溯",
            }
        )
