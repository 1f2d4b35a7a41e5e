from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "jiandu.intake"
    label = "intake"
    verbose_name = "信访举报"

    def ready(self) -> None:
        from jiandu.core import warmup
        from jiandu.core.crypto import register_encrypted_field
        from jiandu.core.labels import register_actions
        from jiandu.intake import (  # noqa: F401 - register themselves
            deadlines,
            figures,
            search,
            workbench,
        )
        from jiandu.intake.models import Report
        from jiandu.intake.services import _identity_context

        # The reporter's identity (rotated by ``jiandu rotate_field_key``).
        register_encrypted_field(
            Report, "reporter_identity", lambda report: _identity_context(report.number)
        )

        # Loaded once per web worker at its start (gunicorn), not by the first request.
        warmup.register("jieba", _warm_jieba)
        warmup.register("duplicate index", _warm_duplicate_index)
        warmup.register("name register", _warm_name_register)

        register_actions(
            {
                "intake.report.register": "登记信访举报",
                "intake.report.submit_portal": "网上举报提交",
                "intake.report.jurisdiction": "作出管辖决定",
                "intake.report.acknowledge": "告知受理情况",
                "intake.report.close": "办结信访举报",
                "intake.report.conclude": "线索或案件办结，信访件随之办结",
                "intake.assignment.record": "登记上级交办",
                "intake.assignment.propose_extension": "呈批延长交办件办理期限",
                "intake.assignment.decide_extension": "审批延长交办件办理期限",
                "intake.assignment.supervise": "登记上级督办",
                "intake.assignment.report_result": "向上级报送核查处理情况",
                "intake.report.result_sent": "告知办理结果",
                "intake.report.duplicate_confirm": "确认重复件",
                "intake.report.duplicate_reject": "排除重复件",
                "intake.report.bulk_create": "批量登记信访举报",
                "intake.subject.confirm": "确认被反映人",
                "intake.message.to_reporter": "给举报人留言",
                "intake.message.from_reporter": "举报人留言",
                "intake.attachment.add": "添加附件",
                "intake.identity_request.create": "申请查阅举报人信息",
                "intake.identity_request.approve": "批准查阅举报人信息",
                "intake.identity_request.refuse": "不予批准查阅举报人信息",
                "intake.identity_request.withdraw": "撤回查阅申请",
                "intake.identity_request.read": "经批准查阅举报人信息",
            }
        )


def _warm_jieba() -> None:
    from jiandu.intake import similarity

    similarity.matter_words("县财政局局长在工程招投标中收受好处费")


def _warm_duplicate_index() -> None:
    from jiandu.intake import similarity

    similarity.get_index()


def _warm_name_register() -> None:
    from jiandu.intake import matching

    matching.register()
