"""The report's workflow steps: one list, from which the report page's actions, its
POST dispatcher, the API's step actions and their capabilities all come
(``jiandu.core.workflow``). The state machine is ``rules.MACHINE``; every service
checks it and the capability again.

Page and API use the same names (the page's former URL names ``jurisdiction``,
``result-sent``, ``create-clue`` still reach them). Steps only on the page: registering
a portal submission, duplicates, subjects, messages to the reporter, reading the
identity and requesting to read it (the API reads the identity with ``GET reporter``
and requests it under ``/api/identity-requests/``).
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, status
from rest_framework.response import Response

from jiandu.core.api import ScopedPrimaryKeyRelatedField, choice_field, with_errors
from jiandu.core.errors import DomainError
from jiandu.core.scoping import parse_id
from jiandu.core.workflow import Step, Workflow
from jiandu.intake import assignment_services, forms, handoff, identity_services, rules, services
from jiandu.intake.models import (
    Assignment,
    Channel,
    DuplicateSuggestion,
    Jurisdiction,
    Report,
    ReportApproval,
    ReportSubject,
    SupervisionMethod,
)

# --- API input and output -----------------------------------------------------------------


class ClueCreatedSerializer(serializers.Serializer):
    clue_id = serializers.IntegerField()
    clue_number = serializers.CharField()


class DecideJurisdictionInput(serializers.Serializer):
    decision = choice_field(Jurisdiction)
    forward_to = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AcknowledgeInput(serializers.Serializer):
    on = serializers.DateField(help_text="告知实名举报人受理情况的日期")


class CloseInput(serializers.Serializer):
    on = serializers.DateField(help_text="办结日期")
    reason = serializers.CharField(allow_blank=True, help_text="办结情况")


class ResultSentInput(serializers.Serializer):
    on = serializers.DateField(help_text="告知办理结果的日期")


class CreateClueInput(serializers.Serializer):
    summary = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="不填时取反映内容"
    )
    other_report_ids = ScopedPrimaryKeyRelatedField(
        queryset=Report.objects.all(),
        many=True,
        required=False,
        default=list,
        help_text="一并转为同一线索的其他信访件",
    )


class AssignmentInput(serializers.Serializer):
    assigning_body = serializers.CharField(help_text="交办机关")
    received_on = serializers.DateField(help_text="接到交办日期")
    reference = serializers.CharField(required=False, allow_blank=True, default="")


class ExtensionInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="延长办理期限的理由")


class ExtensionDecisionInput(serializers.Serializer):
    approve = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class SupervisionInput(serializers.Serializer):
    on = serializers.DateField(help_text="督办日期")
    body = serializers.CharField(help_text="督办机关")
    method = choice_field(SupervisionMethod)
    content = serializers.CharField(help_text="督办内容")
    reply_by = serializers.DateField(required=False, allow_null=True, default=None)


class ResultUpwardInput(serializers.Serializer):
    on = serializers.DateField(help_text="报送日期")
    summary = serializers.CharField(allow_blank=True, help_text="报送的核查处理情况")


# --- running the page's steps ---------------------------------------------------------------


def _register(actor: Any, report: Report, d: dict[str, Any]) -> Report:
    codes = d["categories"] or None
    return services.report_register_submitted(
        actor=actor,
        report=report,
        category_codes=codes,
        about_principal_leader=d["about_principal_leader"],
    )


def _duplicate(actor: Any, report: Report, d: dict[str, Any]) -> Any:
    suggestion = DuplicateSuggestion.objects.filter(
        report=report, pk=parse_id(d["suggestion"]) or 0
    ).first()
    if suggestion is None:
        raise DomainError("该提示不存在")
    confirm = d["decision"] == "confirm"
    return services.duplicate_decide(actor=actor, suggestion=suggestion, confirm=confirm)


def _subject(actor: Any, report: Report, d: dict[str, Any]) -> ReportSubject:
    subject = ReportSubject.objects.filter(report=report, pk=parse_id(d["subject"]) or 0).first()
    if subject is None:
        raise DomainError("被反映人不存在")
    return services.subject_confirm(actor=actor, subject=subject, cadre=d["cadre"])


def _subject_done(d: dict[str, Any], subject: ReportSubject) -> str:
    cadre = d["cadre"]
    return f"已确认被反映人：{cadre.name if cadre else subject.name + '（不在干部名册中）'}"


def _create_clue(actor: Any, report: Report, d: dict[str, Any]) -> Any:
    others = [r for r in dict.fromkeys(d.get("other_report_ids") or []) if r.pk != report.pk]
    return handoff.clue_create_from_reports(
        actor=actor, reports=[report, *others], summary=d.get("summary", "")
    )


def _clue_created(view: Any, report: Report, clue: Any) -> Response:
    body = ClueCreatedSerializer({"clue_id": clue.pk, "clue_number": clue.number}).data
    return Response(body, status=status.HTTP_201_CREATED)


def _open_assignment(report: Report) -> Assignment | None:
    """The report's assignment from above while its result is not reported yet."""
    if report.channel != Channel.HIGHER_ASSIGNMENT:
        return None
    return Assignment.objects.filter(report=report, result_reported_on__isnull=True).first()


def _extension_pending(report: Report) -> bool:
    return (
        ReportApproval.pending(step=assignment_services.EXTENSION_STEP, report=report) is not None
    )


def _may_propose_extension(report: Report) -> bool:
    assignment = _open_assignment(report)
    return bool(assignment and not assignment.extended and not _extension_pending(report))


def _ack_due(report: Report) -> bool:
    """The acceptance notice is owed ([检举控告规则] 26): a named report accepted here (or
    not yet decided), not forwarded, not a duplicate, not yet told."""
    return bool(
        report.is_named
        and report.ack_due
        and not report.ack_sent_on
        and not report.duplicate_of_id
        and report.status in rules.ACK_STATES
    )


def _may_turn_into_clue(report: Report) -> bool:
    """Registered or accepted here, not yet a clue, and not a confirmed duplicate (that
    goes with the clue of the report it repeats; the service gives the reason)."""
    return (
        report.status in rules.CLUE_STATES
        and not report.about_principal_leader
        and not report.duplicate_of_id
        and not report.clues.exists()
    )


# --- the steps ----------------------------------------------------------------------------

STEPS = [
    Step(
        "register",
        "登记此网上举报",
        "reports.register",
        run=_register,
        form=forms.RegisterSubmittedForm,
        api=False,
        done="已登记",
    ),
    Step(
        "decide_jurisdiction",
        "作出管辖决定",
        "reports.register",
        service=services.report_decide_jurisdiction,
        form=forms.JurisdictionForm,
        input=DecideJurisdictionInput,
        page_aliases=("jurisdiction",),
        done="已作出管辖决定",
        help="管辖决定：本级受理、转送其他机关或转下级纪委监委。",
    ),
    Step(
        "acknowledge",
        "登记已告知受理",
        "reports.register",
        transition=None,
        service=services.report_acknowledge,
        when=_ack_due,
        form=forms.DateForm,
        input=AcknowledgeInput,
        done="已登记告知受理情况",
        help="登记已告知实名举报人受理情况。",
    ),
    Step(
        "close",
        "办结",
        "reports.register",
        service=services.report_close,
        form=forms.CloseForm,
        input=CloseInput,
        done="已办结",
        help="办结。",
    ),
    Step(
        "result_sent",
        "登记已告知结果",
        "reports.register",
        transition=None,
        service=services.report_result_sent,
        when=lambda r: bool(r.result_due and not r.result_sent_on),
        form=forms.DateForm,
        input=ResultSentInput,
        done="已登记告知办理结果",
        help="登记已告知实名举报人办理结果。",
    ),
    Step(
        "create_clue",
        "转为问题线索",
        "clues.register",
        transition=None,
        run=_create_clue,
        when=_may_turn_into_clue,
        form=forms.SummaryForm,
        input=CreateClueInput,
        done=lambda d, clue: f"已转为问题线索{clue.number}，移送案件监督管理室分办",
        api_respond=_clue_created,
        api_response=with_errors(ClueCreatedSerializer, 201),
        help="把本件（可连同其他信访件）转为一条问题线索。",
    ),
    Step(
        "assignment_record",
        "登记上级交办",
        "reports.register",
        transition=None,
        service=assignment_services.assignment_record,
        when=lambda r: (
            r.channel == Channel.HIGHER_ASSIGNMENT
            and not Assignment.objects.filter(report=r).exists()
        ),
        form=forms.AssignmentForm,
        input=AssignmentInput,
        done="已登记交办情况，办理期限3个月",
        help="登记上级纪委监委交办的机关、日期和文号（《检举控告规则》第二十一条）。",
    ),
    Step(
        "assignment_extend",
        "呈批延长办理期限",
        "reports.register",
        transition=None,
        service=assignment_services.assignment_propose_extension,
        when=_may_propose_extension,
        form=forms.ReasonForm,
        input=ExtensionInput,
        done="已呈批延长办理期限，待主要负责人审批",
        help="交办件办理期限延长3个月，须经本机关主要负责人批准。",
    ),
    Step(
        "assignment_decide_extension",
        "审批延长办理期限",
        "reports.approve",
        transition=None,
        service=assignment_services.assignment_decide_extension,
        when=lambda r: bool(_open_assignment(r)) and _extension_pending(r),
        form=forms.ExtensionDecisionForm,
        input=ExtensionDecisionInput,
        done=lambda d, a: (
            "已批准延长办理期限，请向上级纪委监委报告" if d["approve"] else "未批准延长"
        ),
        help="主要负责人审批交办件延长办理期限（拟办人不能审批）。",
    ),
    Step(
        "assignment_supervise",
        "登记上级督办",
        "reports.register",
        transition=None,
        service=assignment_services.assignment_supervise,
        when=lambda r: _open_assignment(r) is not None,
        form=forms.SupervisionForm,
        input=SupervisionInput,
        done="已登记上级督办",
        help="登记上级纪委监委的督办：日期、机关、方式、内容和要求报告日期（第二十二条）。",
    ),
    Step(
        "assignment_report",
        "报送核查处理情况",
        "reports.register",
        transition=None,
        service=assignment_services.assignment_report_result,
        when=lambda r: _open_assignment(r) is not None,
        form=forms.ResultUpwardForm,
        input=ResultUpwardInput,
        done="已登记向上级报送核查处理情况",
        help="登记向交办机关报送核查处理情况的日期和内容（第二十一条、第二十三条）。",
    ),
    Step(
        "duplicate",
        "确认或排除重复件",
        "reports.register",
        transition=None,
        run=_duplicate,
        form=forms.DuplicateForm,
        api=False,
        done=lambda d, r: "已确认为重复件" if d["decision"] == "confirm" else "已排除重复",
    ),
    Step(
        "subject",
        "确认被反映人",
        "reports.register",
        transition=None,
        run=_subject,
        form=forms.SubjectForm,
        api=False,
        done=_subject_done,
    ),
    Step(
        "message",
        "给举报人留言",
        "reports.register",
        transition=None,
        service=services.message_to_reporter,
        when=lambda r: bool(r.from_portal),
        form=forms.MessageForm,
        api=False,
        done="留言已发送，举报人凭查询码可见",
    ),
    Step(
        "identity",
        "查阅举报人信息",
        "reports.identity",
        transition=None,
        run=lambda actor, report, d: services.reporter_identity_read(user=actor, report=report),
        when=lambda r: bool(r.is_named),
        api=False,
        done="已显示举报人信息（本次查阅已记录）",
    ),
    Step(
        "identity_request",
        "申请查阅举报人信息",
        "reports.identity_request",
        transition=None,
        run=lambda actor, report, d: identity_services.identity_request_create(
            actor=actor, report=report, reason=d["reason"]
        ),
        form=forms.ReasonForm,
        api=False,
        done="已提交查阅申请，待委领导或信访室负责人审批",
    ),
]

WORKFLOW = Workflow(machine=rules.MACHINE, object_arg="report", steps=STEPS)
