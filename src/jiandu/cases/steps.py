"""The case workflows (``jiandu.core.workflow``), two lists of steps:

- ``TRACK``: the steps on one person's track (``CasePerson``, state ``stage``, state
  machine ``rules.MACHINE``): investigation, review, prosecution, decision, execution,
  appeal, detention and the follow-up visit. The page posts them with ``person``; the
  API names the track by ``person`` in the body of ``POST /api/cases/{id}/<step>/``.
- ``CASE``: the steps on the case itself: the filing decision, the investigation's
  extension, the team, a person added, documents, recommendations, reform items and
  follow-up records.

From them come the case page's action panels, its POST dispatcher, the API's step
actions and the capability map; page and API use the same step names. Who may act:
the handling units (lead and co-handling) on the investigation, the review office (never
an investigator of the case, [规则] 54) on the review, leaders approve. Every service
checks capability, scope, stage and documents again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from rest_framework import serializers

from jiandu.cases import forms, rules, services
from jiandu.cases.documents import DOCUMENT_KINDS
from jiandu.cases.models import (
    Case,
    CaseApproval,
    CasePerson,
    Detention,
    FollowUp,
    FollowUpForm,
    Recommendation,
    ReformItem,
)
from jiandu.cases.property_steps import PROPERTY_STEPS
from jiandu.cases.rules import AppealKind, Measure, Stage
from jiandu.cases.rules.approvals import APPROVAL_STEPS
from jiandu.cases.selectors import (
    followups_of_visible_cases,
    people_of_visible_cases,
    rows_of_visible_cases,
)
from jiandu.cases.services.common import REVIEW_SEPARATION, handler_refusal
from jiandu.core.api import ScopedPrimaryKeyRelatedField, choice_field
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.scoping import parse_id, unscoped
from jiandu.core.urging import urge_step
from jiandu.core.workflow import Step, Workflow
from jiandu.org.models import COMMISSION_BODY_KINDS, Unit

H, R, A, V = "cases.handle", "cases.review", "cases.approve", "cases.view"

CaseMeasure = models.TextChoices(
    "CaseMeasure", [(c.upper(), (c, lbl)) for c, lbl in Measure.choices]
)
DocumentKindChoice = models.TextChoices(
    "CaseDocumentKind", [(k.upper(), (k, v.label)) for k, v in sorted(DOCUMENT_KINDS.items())]
)


# --- who may act ------------------------------------------------------------------------


def case_of(obj: Case | CasePerson) -> Case:
    return obj if isinstance(obj, Case) else obj.case


def handles(user: Any, obj: Case | CasePerson) -> bool:
    """The lead and co-handling units act on the investigation."""
    return user.unit_id in services.handling_unit_ids(case_of(obj))


def reviews(user: Any, obj: Case | CasePerson) -> bool:
    """The review office, never one of the case's investigators ([规则] 54)."""
    case = case_of(obj)
    ids = case.__dict__.get("_investigator_ids")
    if ids is None:
        ids = case.__dict__["_investigator_ids"] = set(
            case.investigators.values_list("pk", flat=True)
        )
    return user.pk not in ids


def drafts_documents(user: Any, obj: Case | CasePerson) -> bool:
    """Documents are drafted by the handling units and by the review office."""
    return user.has_capability(R) or handles(user, obj)


HANDLER: dict[str, Any] = {
    "who": handles,
    "refusal": lambda obj: handler_refusal(case_of(obj)),
}
REVIEWER: dict[str, Any] = {"who": reviews, "refusal": lambda obj: REVIEW_SEPARATION}


def handles_appeal(user: Any, obj: Case | CasePerson) -> bool:
    """[条例] 211; [规则] 59: not the original investigators, reviewers or deciders."""
    if not isinstance(obj, CasePerson):
        return reviews(user, obj)
    return not services.took_part_in_original(user, obj)


APPEALS: dict[str, Any] = {"who": handles_appeal, "refusal": lambda obj: services.APPEAL_SEPARATION}


# --- the track: API input ----------------------------------------------------------------


def person_field(**kwargs: Any) -> ScopedPrimaryKeyRelatedField:
    return ScopedPrimaryKeyRelatedField(
        queryset=CasePerson.objects.all(), scope=people_of_visible_cases, **kwargs
    )


class CaseTrackRef(serializers.Serializer):
    """The track a step acts on, named in the body."""

    person = person_field(help_text="被审查调查人（CasePerson）编号")


class CaseStepInput(CaseTrackRef):
    on = serializers.DateField(help_text="该步骤的日期")


class CaseReasonStepInput(CaseStepInput):
    reason = serializers.CharField(allow_blank=True)


class CaseExtendReviewInput(CaseTrackRef):
    reason = serializers.CharField(allow_blank=True)


class CaseDecideInput(CaseStepInput):
    measures = serializers.ListField(child=choice_field(CaseMeasure), allow_empty=True)
    basis = serializers.CharField(required=False, allow_blank=True, default="")
    amount_recovered = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )
    gov_count = serializers.IntegerField(
        min_value=1,
        max_value=20,
        required=False,
        default=1,
        help_text="同种政务处分数（违法行为数）",
    )
    gov_months = serializers.IntegerField(
        min_value=1,
        max_value=48,
        required=False,
        allow_null=True,
        default=None,
        help_text="多个相同政务处分时决定确定的政务处分期（月，《政务处分法》第十五条）",
    )


class CaseCloseInput(CaseStepInput):
    amount_recovered = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )


class CaseExtendExecutionInput(CaseTrackRef):
    months = serializers.IntegerField(min_value=1, max_value=12)
    reason = serializers.CharField(allow_blank=True)
    approval_ref = serializers.CharField(required=False, allow_blank=True, default="")


class CaseAppealInput(CaseReasonStepInput):
    kind = choice_field(AppealKind)
    received_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="收到原决定（复核：复审决定）日期"
    )
    applied_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="申请日期（默认为受理日期）"
    )


class CaseAppealDecideInput(CaseReasonStepInput):
    upheld = serializers.BooleanField()
    measures = serializers.ListField(child=choice_field(CaseMeasure), required=False, default=list)
    gov_count = serializers.IntegerField(min_value=1, max_value=20, required=False, default=1)
    gov_months = serializers.IntegerField(
        min_value=1, max_value=48, required=False, allow_null=True, default=None
    )
    period_from = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="影响期起算日（默认沿用原决定）"
    )


class CaseDetainInput(CaseStepInput):
    place = serializers.CharField(required=False, allow_blank=True, default="")
    approval_ref = serializers.CharField(required=False, allow_blank=True, default="")
    at = serializers.TimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="宣布时间（24小时内通知单位和家属）",
    )


class CaseAppearanceInput(CaseDetainInput):
    needs_custody = serializers.BooleanField(
        required=False, default=False, help_text="需要采取管护或者留置措施的（最长二十四小时）"
    )


class CaseCustodyExtendInput(CaseTrackRef):
    days = serializers.IntegerField(min_value=1, max_value=3)
    approval_ref = serializers.CharField(allow_blank=True)


class CaseDetentionSecondExtendInput(CaseTrackRef):
    serious_offence = serializers.BooleanField(help_text="可能判处十年有期徒刑以上刑罚")
    national_approval = serializers.BooleanField(help_text="已经国家监察委员会批准")
    approval_ref = serializers.CharField(allow_blank=True, help_text="国家监察委员会批准文号")


class CaseDetentionRecountInput(CaseStepInput):
    offence = serializers.CharField(allow_blank=True, help_text="新发现的重大职务犯罪")
    approval_ref = serializers.CharField(allow_blank=True)


class CaseNotifyInput(CaseTrackRef):
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    notified_to = serializers.CharField(required=False, allow_blank=True, default="")


class CaseWithholdNoticeInput(CaseTrackRef):
    withheld = serializers.CharField(help_text="有碍调查的情形")
    approval_ref = serializers.CharField(allow_blank=True, help_text="批准文件")


class CaseIncidentInput(CaseTrackRef):
    kind = choice_field(rules.IncidentKind)
    occurred_at = serializers.DateTimeField()
    description = serializers.CharField(allow_blank=True)
    principal_told_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class CaseIncidentReportInput(CaseTrackRef):
    at = serializers.DateTimeField()
    reported_to = serializers.CharField(allow_blank=True)


class CaseDetentionExtendInput(CaseTrackRef):
    approval_ref = serializers.CharField(allow_blank=True)


ApprovalStepChoice = models.TextChoices(
    "CaseApprovalStep", [(k.upper(), (k, v.label)) for k, v in APPROVAL_STEPS.items()]
)


class CaseProposeInput(CaseTrackRef):
    step = choice_field(ApprovalStepChoice)
    proposal = serializers.CharField(required=False, allow_blank=True, default="")


class CaseRejectProposalInput(CaseTrackRef):
    step = choice_field(ApprovalStepChoice)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


def _propose(actor: Any, person: CasePerson, data: dict[str, Any]) -> Any:
    return services.case_propose(
        actor=actor, case=person.case, person=person, step=data["step"], proposal=data["proposal"]
    )


def _reject_proposal(actor: Any, person: CasePerson, data: dict[str, Any]) -> Any:
    return services.case_reject_proposal(
        actor=actor, case=person.case, person=person, step=data["step"], comment=data["comment"]
    )


def pending_steps(person: CasePerson) -> set[str]:
    """The steps proposed (呈批) on this track, or on the whole case, waiting for a
    decision (read once per track object)."""
    if "_pending_steps" not in person.__dict__:
        from django.db.models import Q

        person.__dict__["_pending_steps"] = set(
            CaseApproval.objects.filter(case_id=person.case_id, decided_at__isnull=True)
            .exclude(step="filing")
            .filter(Q(person=person) | Q(person__isnull=True))
            .values_list("step", flat=True)
        )
    return person.__dict__["_pending_steps"]


def _pending_proposal(person: CasePerson) -> bool:
    """A proposal of this track (or of the whole case) waits for a decision."""
    return bool(pending_steps(person))


def proposed(step: str, person: CasePerson) -> bool:
    """A leader's approving step is offered only while its proposal waits: it decides
    that proposal (``record_approval``); without one the service refuses."""
    return step in pending_steps(person)


def _nothing_to_propose(person: CasePerson) -> str:
    """Why nothing can be proposed on the track ("" when some step can): a closed
    track, or one whose stage none of the approval steps applies to."""
    if person.stage in rules.CLOSED_STAGES:
        return "该被审查调查人已办结，不能再呈批"
    if not proposable(person):
        return "当前阶段没有需要呈批的事项"
    return ""


def proposable(person: CasePerson) -> list[tuple[str, str]]:
    """The approval steps that may be proposed on the track now (read once per track
    object): the 呈批 form offers only these."""
    if "_proposable" not in person.__dict__:
        person.__dict__["_proposable"] = services.proposable_steps(person)
    return person.__dict__["_proposable"]


def _case_proposed(step: str, case: Case) -> bool:
    """A case-wide approving step (the investigation's extension) is offered only while
    its proposal waits."""
    return CaseApproval.objects.filter(
        case=case, step=step, person__isnull=True, decided_at__isnull=True
    ).exists()


class CaseFollowUpScheduleInput(CaseTrackRef):
    planned_on = serializers.DateField(help_text="计划回访日期")


# --- the track: steps ----------------------------------------------------------------------


def _on_track(service: Callable[..., Any]) -> Callable[[Any, CasePerson, dict[str, Any]], Any]:
    """Run ``service`` on the track (the API's ``person`` names it, and is not passed on)."""

    def run(actor: Any, person: CasePerson, data: dict[str, Any]) -> Any:
        data.pop("person", None)
        return service(actor=actor, person=person, **data)

    return run


def running_detention(person: CasePerson) -> Detention | None:
    """The compulsory measure in force on the track (留置 or another ``kind``; one at a
    time), read once per track object."""
    if "_running_detention" not in person.__dict__:
        person.__dict__["_running_detention"] = person.detentions.filter(
            released_on__isnull=True
        ).first()
    return person.__dict__["_running_detention"]


def _detention_of(person: CasePerson) -> Detention:
    detention = running_detention(person)
    if detention is None:
        raise DomainError(f"{person.name}没有正在执行的留置或其他强制措施")
    return detention


def _running_kind(person: CasePerson) -> str:
    detention = running_detention(person)
    return detention.kind if detention is not None else ""


def _on_measure(service: Callable[..., Any]) -> Callable[[Any, CasePerson, dict[str, Any]], Any]:
    """Run ``service`` on the measure in force on the track."""

    def run(actor: Any, person: CasePerson, data: dict[str, Any]) -> Any:
        data.pop("person", None)
        return service(actor=actor, detention=_detention_of(person), **data)

    return run


def _extend_detention(actor: Any, person: CasePerson, data: dict[str, Any]) -> Any:
    return services.detention_extend(
        actor=actor, detention=_detention_of(person), approval_ref=data["approval_ref"]
    )


def _open_incident(person: CasePerson) -> Any:
    """The oldest safety incident of the track not yet reported up."""
    return person.safety_incidents.filter(reported_up_at__isnull=True).order_by("id").first()


def _report_incident(actor: Any, person: CasePerson, data: dict[str, Any]) -> Any:
    incident = _open_incident(person)
    if incident is None:
        raise DomainError(f"{person.name}没有待上报的办案安全事故、事件")
    return services.incident_report_up(
        actor=actor, incident=incident, at=data["at"], reported_to=data["reported_to"]
    )


def _measure_step(kind: str, name: str, form: Any, input: Any, help: str, when: Any) -> Step:
    """Start 强制到案, 责令候查 or 管护: one service for the three (``measure_start``)."""

    def run(actor: Any, person: CasePerson, data: dict[str, Any]) -> Any:
        data.pop("person", None)
        return services.measure_start(actor=actor, person=person, kind=kind, **data)

    return _track_step(
        name,
        A,
        None,
        form,
        input,
        help,
        label=f"采取{rules.MeasureKind(kind).label}措施",
        run=run,
        transition=None,
        when=lambda p: _may_detain(p) and when(p) and proposed(kind, p),
    )


def _notice_owed(person: CasePerson) -> Detention | None:
    """The measure in force whose 24-hour notice is not given yet (owed, or withheld
    until the circumstance ends)."""
    detention = running_detention(person)
    if detention is None or not detention.notice_due_at or detention.notified_at:
        return None
    return detention


def _release(actor: Any, person: CasePerson, data: dict[str, Any]) -> Any:
    return services.detention_release(
        actor=actor, detention=_detention_of(person), on=data["on"], reason=data["reason"]
    )


def _may_detain(person: CasePerson) -> bool:
    return person.stage in rules.INVESTIGATING and not person.is_unit


def decided(person: CasePerson) -> bool:
    """A decision was made on the track (read once per track object)."""
    if "_decided" not in person.__dict__:
        person.__dict__["_decided"] = person.decisions.exists()
    return person.__dict__["_decided"]


def _track_step(
    name: str,
    capability: str,
    service: Callable[..., Any] | None,
    form: Any,
    input: Any,
    help: str,
    **kwargs: Any,
) -> Step:
    role = kwargs.pop("role", None) or (
        HANDLER if capability == H else REVIEWER if capability == R else {}
    )
    label = rules.ACTION_LABELS.get(name) or kwargs.pop("label")
    run = kwargs.pop("run", None) or _on_track(service)  # type: ignore[arg-type]
    return Step(
        name, label, capability, run=run, form=form, input=input, help=help, **role, **kwargs
    )


TRACK = Workflow(
    machine=rules.MACHINE,
    state="stage",
    object_arg="person",
    steps=[
        _track_step(
            "start_investigation",
            H,
            services.case_start_investigation,
            forms.DateForm,
            CaseStepInput,
            "宣布立案，开展审查调查（须已签发立案决定书）。",
        ),
        _track_step(
            "refer_review",
            H,
            services.case_refer_review,
            forms.DateForm,
            CaseStepInput,
            "移送审理（须已签发审查调查报告）。",
        ),
        _track_step(
            "accept_review",
            R,
            services.case_accept_review,
            forms.DateForm,
            CaseStepInput,
            "审理室受理（审查调查人员不得参与审理）。",
        ),
        _track_step(
            "return_supplementary",
            R,
            services.case_return_supplementary,
            forms.ReasonDateForm,
            CaseReasonStepInput,
            "退回补充调查（审理期限暂停计算）。",
        ),
        _track_step(
            "resubmit",
            H,
            services.case_resubmit,
            forms.DateForm,
            CaseStepInput,
            "补充调查完毕，重新移送审理。",
        ),
        _track_step(
            "return_reinvestigate",
            R,
            services.case_return_reinvestigate,
            forms.ReasonDateForm,
            CaseReasonStepInput,
            "退回重新调查（审理期限重新计算）。",
        ),
        _track_step(
            "extend_review",
            A,
            services.case_extend_review,
            forms.ReasonForm,
            CaseExtendReviewInput,
            "延长审理期限（经批准）。",
            when=lambda p: proposed("review_extension", p),
        ),
        _track_step(
            "refer_prosecution",
            R,
            services.case_refer_prosecution,
            forms.DateForm,
            CaseStepInput,
            "移送检察机关（须已签发审理报告、起诉意见书）。",
        ),
        _track_step(
            "prosecution_return",
            H,
            services.case_prosecution_return,
            forms.DateForm,
            CaseStepInput,
            "检察机关退回补充调查（以二次为限）。",
        ),
        _track_step(
            "prosecution_resubmit",
            H,
            services.case_prosecution_resubmit,
            forms.DateForm,
            CaseStepInput,
            "补充调查完毕，重新移送检察机关。",
        ),
        _track_step(
            "decide",
            R,
            services.case_decide,
            forms.DecideForm,
            CaseDecideInput,
            "作出处理决定（处分措施；四种形态和影响期由系统推导）。",
        ),
        _track_step(
            "serve",
            H,
            services.case_serve,
            forms.DateForm,
            CaseStepInput,
            "宣布送达（须已签发相应处分决定书）。",
        ),
        _track_step(
            "extend_execution",
            A,
            services.case_extend_execution,
            forms.ExecutionExtendForm,
            CaseExtendExecutionInput,
            "延长执行期限（最长六个月）。",
            when=lambda p: proposed("execution_extension", p),
        ),
        _track_step(
            "close",
            H,
            services.case_close,
            forms.CloseForm,
            CaseCloseInput,
            "执行完毕，结案（须已签发执行情况报告）。",
        ),
        _track_step(
            "revoke",
            A,
            services.case_revoke,
            forms.ReasonDateForm,
            CaseReasonStepInput,
            "撤销案件（须已签发撤销案件决定书）。",
        ),
        _track_step(
            "appeal",
            R,
            services.case_appeal,
            forms.AppealForm,
            CaseAppealInput,
            "受理申诉、复审或复核（复核须在复审决定后；原案调查、审理人员不得参与）。",
            role=APPEALS,
        ),
        _track_step(
            "appeal_decide",
            R,
            services.case_appeal_decide,
            forms.AppealDecideForm,
            CaseAppealDecideInput,
            "作出申诉（复审复核）决定（复审、复核不得加重政务处分）。",
            role=APPEALS,
        ),
        _track_step(
            "detain",
            A,
            services.detention_start,
            forms.DetentionForm,
            CaseDetainInput,
            "采取留置措施（三个月，不因节假日顺延）。",
            label="采取留置措施",
            transition=None,
            when=lambda p: (
                _may_detain(p)
                and _running_kind(p) != rules.MeasureKind.DETENTION
                and proposed("detention", p)
            ),
        ),
        _track_step(
            "extend_detention",
            A,
            None,
            forms.DetentionExtendForm,
            CaseDetentionExtendInput,
            "延长留置时间（一次，不超过三个月）。",
            label="延长留置时间",
            run=_extend_detention,
            transition=None,
            when=lambda p: (
                _may_detain(p)
                and _running_kind(p) == rules.MeasureKind.DETENTION
                and not running_detention(p).extended  # type: ignore[union-attr]
                and proposed("detention_extension", p)
            ),
        ),
        _track_step(
            "release",
            H,
            None,
            forms.ReasonDateForm,
            CaseReasonStepInput,
            "解除留置（或强制到案、责令候查、管护）。",
            label="解除留置（强制措施）",
            run=_release,
            transition=None,
            when=lambda p: _may_detain(p) and running_detention(p) is not None,
        ),
        _track_step(
            "second_extend_detention",
            A,
            None,
            forms.DetentionSecondExtendForm,
            CaseDetentionSecondExtendInput,
            "再延长留置时间（已延长一次；可能判处十年有期徒刑以上；国家监察委员会批准；"
            "不超过二个月）。",
            label="再延长留置时间",
            run=_on_measure(services.detention_second_extend),
            transition=None,
            when=lambda p: (
                _running_kind(p) == rules.MeasureKind.DETENTION
                and bool(running_detention(p).extended)  # type: ignore[union-attr]
                and not running_detention(p).second_extended  # type: ignore[union-attr]
                and proposed("detention_second_extension", p)
            ),
        ),
        _track_step(
            "recount_detention",
            A,
            None,
            forms.DetentionRecountForm,
            CaseDetentionRecountInput,
            "发现另有重大职务犯罪，重新计算留置时间（以一次为限）。",
            label="重新计算留置时间",
            run=_on_measure(services.detention_recount),
            transition=None,
            when=lambda p: (
                _running_kind(p) == rules.MeasureKind.DETENTION
                and not running_detention(p).recounted_on  # type: ignore[union-attr]
                and proposed("detention_recount", p)
            ),
        ),
        _measure_step(
            rules.MeasureKind.APPEARANCE,
            "compel_appearance",
            forms.AppearanceForm,
            CaseAppearanceInput,
            "强制到案（不超过十二小时；需要采取管护或者留置措施的，不超过二十四小时）。",
            lambda p: running_detention(p) is None,
        ),
        _measure_step(
            rules.MeasureKind.CUSTODY,
            "take_custody",
            forms.MeasureForm,
            CaseDetainInput,
            "管护（七日，特殊情况可延长一至三日；二十四小时内通知单位和家属）。",
            lambda p: _running_kind(p) in ("", rules.MeasureKind.APPEARANCE),
        ),
        _measure_step(
            rules.MeasureKind.AWAIT,
            "order_await",
            forms.MeasureForm,
            CaseDetainInput,
            "责令候查（最长十二个月）。",
            lambda p: (
                _running_kind(p) in ("", rules.MeasureKind.APPEARANCE, rules.MeasureKind.CUSTODY)
            ),
        ),
        _track_step(
            "extend_custody",
            A,
            None,
            forms.CustodyExtendForm,
            CaseCustodyExtendInput,
            "延长管护（特殊情况，一至三日，一次）。",
            label="延长管护",
            run=_on_measure(services.custody_extend),
            transition=None,
            when=lambda p: (
                _running_kind(p) == rules.MeasureKind.CUSTODY
                and not running_detention(p).extended  # type: ignore[union-attr]
                and proposed("custody_extension", p)
            ),
        ),
        _track_step(
            "notify_family",
            H,
            None,
            forms.NotifyForm,
            CaseNotifyInput,
            "登记通知被留置（管护）人员所在单位和家属（二十四小时内；有碍调查暂不通知的，"
            "情形消失后立即通知）。",
            label="通知单位和家属",
            run=_on_measure(services.measure_notify),
            transition=None,
            when=lambda p: _notice_owed(p) is not None,
        ),
        _track_step(
            "withhold_notice",
            A,
            None,
            forms.WithholdNoticeForm,
            CaseWithholdNoticeInput,
            "有碍调查，暂不通知单位和家属（承办部门呈批，委领导审批，记录在案）。",
            label="有碍调查暂不通知",
            run=_on_measure(services.measure_notify),
            transition=None,
            when=lambda p: (
                running_detention(p) is not None
                and running_detention(p).notice_open  # type: ignore[union-attr]
                and proposed("notice_withheld", p)
            ),
        ),
        _track_step(
            "record_incident",
            H,
            services.incident_record,
            forms.IncidentForm,
            CaseIncidentInput,
            "登记办案安全事故、事件（死亡、伤残、脱逃等；立即报告主要负责人，"
            "二十四小时内逐级上报至国家监察委员会）。",
            label="登记办案安全事故、事件",
            transition=None,
            when=lambda p: _running_kind(p) in rules.CUSTODIAL_MEASURES,
        ),
        _track_step(
            "report_incident",
            H,
            None,
            forms.IncidentReportForm,
            CaseIncidentReportInput,
            "登记办案安全事故、事件的逐级上报（时间、上报至）。",
            label="登记安全事故上报",
            run=_report_incident,
            transition=None,
            when=lambda p: _open_incident(p) is not None,
        ),
        _track_step(
            "propose",
            V,
            None,
            forms.ProposeForm,
            CaseProposeInput,
            "呈批：留置及其延长、再延长、重新计算，强制到案、责令候查、管护及其延长，有碍调查暂不"
            "通知，延长调查/审理/执行期限，须先由承办部门（延长审理期限由审理室）呈批，再由委领导"
            "审批；拟办人不能审批自己的呈批。",
            label="呈批",
            run=_propose,
            transition=None,
            who=drafts_documents,
            refusal=lambda p: handler_refusal(case_of(p)),
            unavailable=_nothing_to_propose,
        ),
        _track_step(
            "reject_proposal",
            A,
            None,
            forms.RejectProposalForm,
            CaseRejectProposalInput,
            "不予批准呈批事项（拟办人不能审批自己的呈批）。",
            label="不予批准呈批",
            run=_reject_proposal,
            transition=None,
            when=_pending_proposal,
            style="outline-danger",
        ),
        _track_step(
            "followup_schedule",
            H,
            services.followup_schedule,
            forms.FollowUpScheduleForm,
            CaseFollowUpScheduleInput,
            "安排回访（受处分人员的回访教育）。",
            label="安排回访",
            transition=None,
            when=lambda p: p.stage in (Stage.EXECUTION, Stage.CLOSED) and decided(p),
        ),
    ],
)


# --- the case: API input -------------------------------------------------------------------


class CaseFilingDecisionInput(serializers.Serializer):
    on = serializers.DateField(help_text="审批日期")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class CaseFilingInput(CaseFilingDecisionInput):
    approve = serializers.BooleanField(help_text="true 批准立案，false 不予批准")


class CaseExtendInvestigationInput(serializers.Serializer):
    approval_ref = serializers.CharField(help_text="上一级监察机关批准文号")
    reason = serializers.CharField(help_text="理由")


class CaseTeamInput(serializers.Serializer):
    co_units = ScopedPrimaryKeyRelatedField(
        queryset=Unit.objects.filter(kind__in=COMMISSION_BODY_KINDS),
        scope=unscoped,
        many=True,
        required=False,
        default=list,
    )
    leader = ScopedPrimaryKeyRelatedField(
        queryset=forms.leaders(), scope=unscoped, required=False, allow_null=True, default=None
    )
    investigators = ScopedPrimaryKeyRelatedField(
        queryset=forms.TeamForm.base_fields["investigators"].base_queryset,
        scope=unscoped,
        many=True,
        required=False,
        default=list,
    )


class CaseAddPersonInput(serializers.Serializer):
    on = serializers.DateField()
    name = serializers.CharField()
    title = serializers.CharField(required=False, allow_blank=True, default="")
    is_party_member = serializers.BooleanField(required=False, default=True)


class CaseDocumentGenerateInput(serializers.Serializer):
    kind = choice_field(DocumentKindChoice)
    person = person_field(required=False, allow_null=True, default=None)
    doc_number = serializers.CharField(required=False, allow_blank=True, default="")


class CaseDocumentUploadInput(CaseDocumentGenerateInput):
    file = serializers.FileField()
    signed = serializers.BooleanField(required=False, default=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CaseRecommendationInput(serializers.Serializer):
    unit = ScopedPrimaryKeyRelatedField(queryset=forms.outside_units(), help_text="收文单位")
    content = serializers.CharField()
    issued_on = serializers.DateField()
    reply_days = serializers.IntegerField(min_value=1, max_value=180, default=30)
    doc_number = serializers.CharField(required=False, allow_blank=True, default="")


def row_field(model: Any, scope: Any = rows_of_visible_cases, **kwargs: Any) -> Any:
    """The row of the case a step acts on, named ``item`` (its case is checked too)."""
    return ScopedPrimaryKeyRelatedField(queryset=model.objects.all(), scope=scope, **kwargs)


class CaseRecommendationReplyInput(serializers.Serializer):
    item = row_field(Recommendation, help_text="建议书编号")
    on = serializers.DateField()
    reply = serializers.CharField()


class CaseRecommendationCloseInput(serializers.Serializer):
    item = row_field(Recommendation, help_text="建议书编号")
    on = serializers.DateField()


class CaseReformInput(serializers.Serializer):
    unit = ScopedPrimaryKeyRelatedField(queryset=forms.outside_units(), help_text="责任单位")
    description = serializers.CharField()
    due_on = serializers.DateField()


class CaseReformDoneInput(serializers.Serializer):
    item = row_field(ReformItem, help_text="以案促改事项编号")
    on = serializers.DateField()
    result = serializers.CharField()


class CaseFollowUpRecordInput(serializers.Serializer):
    item = row_field(FollowUp, followups_of_visible_cases, help_text="回访编号")
    on = serializers.DateField()
    form = choice_field(FollowUpForm)
    findings = serializers.CharField()


# --- the case: steps -----------------------------------------------------------------------


def _person_of(case: Case, pk: Any) -> CasePerson | None:
    """A track of this case (a scoped choice, or an id), or None for the whole case."""
    if not pk:
        return None
    if isinstance(pk, CasePerson):
        pk = pk.pk
    person = case.people.filter(pk=parse_id(pk) or 0).first()
    if person is None:
        raise NotFound()
    return person


def _child(model: Any, case: Case, row: Any, field: str = "case") -> Any:
    """The row named by ``item`` (a scoped choice), of this case (404 otherwise)."""
    pk = row.pk if isinstance(row, models.Model) else parse_id(row)
    obj = model.objects.filter(**{field: case}, pk=pk or 0).first()
    if obj is None:
        raise NotFound()
    return obj


def _generate(actor: Any, case: Case, d: dict[str, Any]) -> Any:
    return services.document_generate(
        actor=actor,
        case=case,
        kind=d["kind"],
        person=_person_of(case, d["person"]),
        doc_number=d["doc_number"],
    )


def _upload(actor: Any, case: Case, d: dict[str, Any]) -> Any:
    upload = d["file"]
    return services.document_upload(
        actor=actor,
        case=case,
        kind=d["kind"],
        person=_person_of(case, d["person"]),
        content=upload.read(),
        filename=upload.name,
        signed=d["signed"],
        note=d["note"],
    )


def _add_person(actor: Any, case: Case, d: dict[str, Any]) -> Any:
    person = services.PersonInput(
        name=d["name"], title=d["title"], is_party_member=d["is_party_member"]
    )
    return services.case_add_person(actor=actor, case=case, on=d["on"], person=person)


def _rec_reply(actor: Any, case: Case, d: dict[str, Any]) -> Any:
    recommendation = _child(Recommendation, case, d["item"])
    return services.recommendation_reply(
        actor=actor, recommendation=recommendation, on=d["on"], reply=d["reply"]
    )


def _rec_close(actor: Any, case: Case, d: dict[str, Any]) -> Any:
    recommendation = _child(Recommendation, case, d["item"])
    return services.recommendation_close(actor=actor, recommendation=recommendation, on=d["on"])


def _reform_done(actor: Any, case: Case, d: dict[str, Any]) -> Any:
    item = _child(ReformItem, case, d["item"])
    return services.reform_item_done(actor=actor, item=item, on=d["on"], result=d["result"])


def _followup_record(actor: Any, case: Case, d: dict[str, Any]) -> Any:
    followup = _child(FollowUp, case, d["item"], field="person__case")
    return services.followup_record(
        actor=actor, followup=followup, on=d["on"], form=d["form"], findings=d["findings"]
    )


def _pending_filing(case: Case) -> bool:
    return CaseApproval.objects.filter(case=case, step="filing", decided_at__isnull=True).exists()


def _filing(approve: bool, name: str) -> Step:
    return Step(
        name,
        rules.ACTION_LABELS[name],
        A,
        service=services.case_decide_filing,
        params={"approve": approve},
        transition=None,
        when=_pending_filing,
        form=forms.FilingDecisionForm,
        input=CaseFilingDecisionInput,
        help=f"委领导{rules.ACTION_LABELS[name]}（《监督执纪工作规则》第三十八条）。",
    )


CASE = Workflow(
    object_arg="case",
    steps=[
        _filing(True, "approve_filing"),
        _filing(False, "reject_filing"),
        Step(
            "decide_filing",
            "立案审批",
            A,
            service=services.case_decide_filing,
            transition=None,
            input=CaseFilingInput,
            page=False,
            deprecated=True,
            help="委领导批准或不予批准立案（已分为 approve_filing 和 reject_filing）。",
        ),
        Step(
            "generate_document",
            "生成文书草稿",
            V,
            run=_generate,
            transition=None,
            who=drafts_documents,
            refusal=lambda case: handler_refusal(case),
            form=forms.GenerateForm,
            input=CaseDocumentGenerateInput,
            api_path="documents/generate",
            api_status=201,
            help="按公文格式生成文书草稿（Word），作为新版本保存。",
        ),
        Step(
            "upload_document",
            "上传文书",
            V,
            run=_upload,
            transition=None,
            who=drafts_documents,
            refusal=lambda case: handler_refusal(case),
            form=forms.UploadForm,
            input=CaseDocumentUploadInput,
            api_path="documents/upload",
            api_status=201,
            api_media="multipart/form-data",
            help="上传文书（签署件）；每一版本都保存。",
        ),
        Step(
            "extend_investigation",
            "延长调查期限",
            A,
            service=services.case_extend_investigation,
            transition=None,
            # Not on a closed case nor after the investigation stage: not offered, and
            # a POST or an API call is refused with the reason.
            unavailable=services.investigation_extension_refusal,
            when=lambda c: _case_proposed("investigation_extension", c),
            form=forms.ExtendInvestigationForm,
            input=CaseExtendInvestigationInput,
            help="延长调查期限（上一级监察机关批准，不超过六个月）。",
        ),
        Step(
            "set_team",
            "调整办案力量",
            H,
            service=services.case_set_team,
            transition=None,
            form=forms.TeamForm,
            input=CaseTeamInput,
            help="调整办案力量：协办单位、包案领导、审查调查人员（室组地联合办案）。",
            **HANDLER,
        ),
        Step(
            "add_person",
            "增加被审查调查人",
            H,
            run=_add_person,
            transition=None,
            when=lambda c: c.kind != rules.CaseKind.ORGANISATION,
            form=forms.AddPersonForm,
            input=CaseAddPersonInput,
            help="增加被审查调查人（以事立案查明涉案人员后）。",
            **HANDLER,
        ),
        Step(
            "recommendation_issue",
            "发出纪检监察建议书",
            H,
            service=services.recommendation_issue,
            transition=None,
            form=forms.RecommendationForm,
            input=CaseRecommendationInput,
            help="发出纪检监察建议书（回复期限内登记回复）。",
            **HANDLER,
        ),
        Step(
            "recommendation_reply",
            "登记建议书回复",
            H,
            run=_rec_reply,
            transition=None,
            form=forms.ReplyForm,
            input=CaseRecommendationReplyInput,
            help="登记建议书的回复（item：建议书编号）。",
            **HANDLER,
        ),
        Step(
            "recommendation_close",
            "建议书整改销号",
            H,
            run=_rec_close,
            transition=None,
            form=forms.RecommendationCloseForm,
            input=CaseRecommendationCloseInput,
            help="建议书整改到位，销号（item：建议书编号）。",
            **HANDLER,
        ),
        Step(
            "reform_add",
            "增加以案促改事项",
            H,
            service=services.reform_item_add,
            transition=None,
            form=forms.ReformForm,
            input=CaseReformInput,
            help="增加以案促改事项。",
            **HANDLER,
        ),
        Step(
            "reform_done",
            "登记以案促改完成",
            H,
            run=_reform_done,
            transition=None,
            form=forms.ReformDoneForm,
            input=CaseReformDoneInput,
            help="登记以案促改事项完成（item：事项编号）。",
            **HANDLER,
        ),
        Step(
            "followup_record",
            "登记回访",
            H,
            run=_followup_record,
            transition=None,
            form=forms.FollowUpRecordForm,
            input=CaseFollowUpRecordInput,
            help="登记回访情况（item：回访编号）。",
            **HANDLER,
        ),
        *PROPERTY_STEPS,
        urge_step(capability="cases.urge", noun="案件"),
    ],
)
