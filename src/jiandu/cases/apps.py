from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "jiandu.cases"
    label = "cases"
    verbose_name = "审查调查"

    def ready(self) -> None:
        from jiandu.cases import (  # noqa: F401 - register themselves
            deadlines,
            figures,
            search,
            urging,
            workbench,
        )
        from jiandu.cases.rules import ACTION_LABELS
        from jiandu.core.labels import register_actions

        register_actions({f"cases.case.{k}": v for k, v in ACTION_LABELS.items()})
        register_actions(
            {
                "cases.case.open": "立案呈批",
                "cases.case.add_person": "增加被审查调查人",
                "cases.case.set_team": "调整办案力量",
                "cases.case.extend_investigation": "延长调查期限",
                "cases.case.detain": "采取留置措施",
                "cases.case.extend_detention": "延长留置时间",
                "cases.case.release": "解除留置（强制措施）",
                "cases.case.measure": "采取强制措施（强制到案、责令候查、管护）",
                "cases.case.extend_custody": "延长管护",
                "cases.case.second_extend_detention": "再延长留置时间",
                "cases.case.recount_detention": "重新计算留置时间",
                "cases.case.notify": "通知单位和家属",
                "cases.case.notice_withheld": "有碍调查暂不通知",
                "cases.case.safety_incident": "登记办案安全事故、事件",
                "cases.case.safety_incident_reported": "办案安全事故、事件逐级上报",
                "cases.case.propose": "呈批",
                "cases.case.reject_proposal": "不予批准呈批",
                "cases.property.register": "登记涉案财物",
                "cases.property.decide_confiscation": "决定没收、追缴涉案财物",
                "cases.property.decide_return": "决定退还涉案财物",
                "cases.property.transfer": "涉案财物随案移送",
                "cases.property.confiscate": "涉案财物上缴国库",
                "cases.property.return": "退还涉案财物",
                "cases.document.generate": "生成文书草稿",
                "cases.document.upload": "上传文书",
                "cases.recommendation.issue": "发出纪检监察建议书",
                "cases.recommendation.reply": "登记建议书回复",
                "cases.recommendation.close": "建议书整改销号",
                "cases.reform.add": "增加以案促改事项",
                "cases.reform.done": "以案促改事项完成",
                "cases.followup.schedule": "安排回访",
                "cases.followup.record": "登记回访",
                "demo.cases.backdate": "演示数据日期回溯",
            }
        )
