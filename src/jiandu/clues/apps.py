from django.apps import AppConfig


class CluesConfig(AppConfig):
    name = "jiandu.clues"
    label = "clues"
    verbose_name = "问题线索"

    def ready(self) -> None:
        from jiandu.clues import deadlines, workbench  # noqa: F401 - register themselves
        from jiandu.clues.rules import ACTION_LABELS
        from jiandu.clues.services import clue_create_from_reports
        from jiandu.core.labels import register_actions
        from jiandu.intake.handoff import provide_clue_from_reports

        provide_clue_from_reports(clue_create_from_reports)

        register_actions({f"clues.clue.{k}": v for k, v in ACTION_LABELS.items()})
        register_actions(
            {
                "clues.clue.create": "登记问题线索",
                "clues.import.transfer": "导入移交线索",
                "demo.clues.backdate": "演示数据日期回溯",
            }
        )
