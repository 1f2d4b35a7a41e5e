"""Every write to the clue register: each step is a service that checks the state
machine (``jiandu.clues.rules``), the actor's capability and scope, changes the clue in
one transaction, fixes the due dates that the step starts, and records an audit event.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.db import transaction
from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.clues import reporting, rules
from jiandu.clues.models import (
    CloseKind,
    Clue,
    ClueApproval,
    ClueDeadlineKind,
    ClueDuplicateReport,
    ClueSource,
    ClueStatus,
    Disposition,
    FirstFormMeasure,
    FirstFormMeasureKind,
    InquiryMode,
    VerificationResult,
)
from jiandu.core import notifications
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.models import ProblemCategory
from jiandu.core.numbering import next_number
from jiandu.core.permissions import require_capability
from jiandu.core.policy import policy_value
from jiandu.core.scoping import require_visible
from jiandu.core.services import locked
from jiandu.intake.models import Report
from jiandu.org.models import Cadre, Post, Unit

CLEARING_IS_A_PROCESS = (
    "澄清正名已改为单独的流程：线索查否了结后，由承办单位提出澄清正名意见，报本委主要负责人批准"
    "（《检举控告规则》第五十条）"
)

# --- helpers ---------------------------------------------------------------------------


def _visible(actor: Any, clue: Clue) -> None:
    """The actor must see the clue (system actors see everything)."""
    if actor is not None and not Clue.objects.visible_to(actor).filter(pk=clue.pk).exists():
        raise NotFound()


def _handler(actor: Any, clue: Clue, action: str) -> None:
    """Handling steps belong to the handling unit (first-handler responsibility): a unit
    that merely sees the clue (e.g. the office guiding a team) may not act on it. An
    illegal step is refused as such first."""
    _visible(actor, clue)
    rules.MACHINE.check(clue.status, action)
    if actor is not None and actor.unit_id != clue.handling_unit_id:
        unit = clue.handling_unit.name if clue.handling_unit else "承办单位"
        raise DomainError(f"该线索由{unit}承办，只能由承办单位办理")


def _move(
    actor: Any,
    clue: Clue,
    action: str,
    *,
    target: str = "",
    reason: str = "",
    payload: dict | None = None,
    fields: tuple[str, ...] = (),
) -> Clue:
    """Apply a transition: check it, save the status (and ``fields``), record the event."""
    allowed_target = rules.MACHINE.check(clue.status, action)
    target = target or allowed_target
    before = clue.status
    clue.status = target
    clue.save(update_fields=["status", *fields])
    event_record(
        actor=actor,
        action=f"clues.clue.{action}",
        obj=clue,
        from_state=ClueStatus(before).label,
        to_state=ClueStatus(target).label,
        reason=reason,
        payload=payload or {},
    )
    reporting.close_reports_when_clue_ends(actor, clue)
    return clue


def _approval(clue: Clue, step: str, proposal: str, actor: Any) -> ClueApproval:
    ClueApproval.objects.filter(clue=clue, step=step, decided_at__isnull=True).delete()
    return ClueApproval.objects.create(clue=clue, step=step, proposal=proposal, proposed_by=actor)


def _decide(clue: Clue, step: str, actor: Any, approve: bool, comment: str) -> ClueApproval:
    approval = ClueApproval.pending(step=step, clue=clue)
    if approval is None:
        raise DomainError("没有待审批的意见")
    approval.decide(actor=actor, approve=approve, comment=comment)
    return approval


def _mark_once(clue: Clue, field: str, on: date) -> list[str]:
    """Record the first date of a dated event the statistics count (``shelved_on``,
    ``verified_on``, ``filed_on``): set once, never moved by a later repeat, so that a
    past period recounts the same (DOMAIN.md §9). Returns the field to save, if set."""
    if getattr(clue, field) is not None:
        return []
    setattr(clue, field, on)
    return [field]


def _subject_post(cadre: Cadre | None) -> Post | None:
    if cadre is None:
        return None
    return (
        cadre.posts.current().select_related("unit").order_by("-is_head", "-is_leadership").first()
    )


# --- registration ------------------------------------------------------------------------


@transaction.atomic
def clue_create(
    *,
    actor: Any,
    source: str,
    summary: str,
    received_on: date,
    subject_name: str = "",
    subject_cadre: Cadre | None = None,
    subject_unit: Unit | None = None,
    category_codes: list[str] | None = None,
    reports: list[Report] | None = None,
    transfer_ref: str = "",
    subject_title: str = "",
) -> Clue:
    """Register a clue (案管室, or 信访室 from reports): numbered, flagged for reporting
    upward where [规则] 22 requires it, with the disposition clock started ([规则] 21)."""
    require_capability(actor, "clues.register")
    if source not in ClueSource.values:
        raise DomainError("线索来源不存在", fields={"source": ["线索来源不存在"]})
    summary = (summary or "").strip()
    if not summary:
        raise DomainError("请填写线索反映的主要问题", fields={"summary": ["请填写主要问题"]})
    if received_on > timezone.localdate():
        raise DomainError("收到日期不能晚于今天", fields={"received_on": ["日期晚于今天"]})
    missing = "所选干部或单位不存在，或您无权查看"
    require_visible(actor, subject_cadre, message=missing, field="subject_cadre")
    require_visible(actor, subject_unit, message=missing, field="subject_unit")
    post = _subject_post(subject_cadre)
    subject_name = (subject_cadre.name if subject_cadre else subject_name).strip()
    if not subject_name:
        raise DomainError("请填写被反映人", fields={"subject_name": ["请填写被反映人"]})
    unit = subject_unit or (post.unit if post else None)
    clue = Clue(
        number=next_number("XS", received_on.year),
        source=source,
        received_on=received_on,
        summary=summary,
        transfer_ref=transfer_ref.strip()[:60],
        subject_cadre=subject_cadre,
        subject_name=subject_name[:40],
        subject_unit=unit,
        subject_title=(post.title if post else subject_title.strip())[:60],
        subject_rank=subject_cadre.rank if subject_cadre else "",
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # [规则] 22 from the register: the cadre's markers and rank, and the unit they head.
    headed = post.unit if post is not None and post.is_head else None
    reason = rules.upward_report_reason(
        rank=clue.subject_rank,
        is_head=headed is not None,
        unit_kind=headed.kind if headed else "",
        head_marked=bool(headed and headed.head_reported_upward),
        party_committee_member=bool(subject_cadre and subject_cadre.party_committee_member),
        commission_member=bool(subject_cadre and subject_cadre.commission_member),
    )
    clue.report_upward, clue.report_upward_reason = bool(reason), reason
    categories = list(ProblemCategory.objects.filter(code__in=category_codes or []))
    unknown = set(category_codes or []) - {c.code for c in categories}
    if unknown:
        raise DomainError(
            f"问题类别不存在：{'、'.join(sorted(unknown))}", fields={"categories": ["类别不存在"]}
        )
    for report in reports or []:
        _refuse_duplicate(actor, report)
    clue.save(force_insert=True)
    if categories:
        clue.categories.set(categories)
    if reports:
        clue.reports.set(reports)
    clue.deadlines.start(
        ClueDeadlineKind.DISPOSITION,
        received_on,
        rules.disposition_due(received_on),
        rules.DEADLINE_BASIS,
    )
    if source == ClueSource.INSPECTION:
        clue.deadlines.start(
            ClueDeadlineKind.INSPECTION_FEEDBACK,
            received_on,
            rules.inspection_feedback_due(received_on),
            rules.DEADLINE_BASIS,
        )
    event_record(
        actor=actor,
        action="clues.clue.create",
        obj=clue,
        to_state=ClueStatus.REGISTERED.label,
        payload={
            "source": source,
            "reports": [r.number for r in reports or []],
            "upward": clue.report_upward,
        },
    )
    for report in reports or []:
        _attach_earlier_duplicates(actor, clue, report)
    return clue


# --- duplicates (重复件) go with the clue of the report they repeat ---------------------------


def _duplicate_root(report: Report) -> Report:
    """The first report of a chain of duplicates (B repeats A, C repeats B → A)."""
    from jiandu.intake.rules import MAX_DUPLICATE_CHAIN

    seen = 0
    while report.duplicate_of_id and seen < MAX_DUPLICATE_CHAIN:
        report, seen = cast(Report, report.duplicate_of), seen + 1
    return report


def clue_of_report(report: Report) -> Clue | None:
    """The clue a report became (the earliest, if several) or was attached to as a
    duplicate."""
    clue = report.clues.order_by("id").first()
    if clue is not None:
        return clue
    link = ClueDuplicateReport.objects.filter(report=report).select_related("clue").first()
    return link.clue if link else None


def _refuse_duplicate(actor: Any, report: Report) -> None:
    """A confirmed duplicate never becomes a clue of its own (the reason names the
    report it repeats, and the clue it went with if the actor may see that clue)."""
    from jiandu.intake.rules import duplicate_clue_refusal

    if not report.duplicate_of_id:
        return
    original = cast(Report, report.duplicate_of)
    clue = clue_of_report(report) or clue_of_report(_duplicate_root(report))
    visible = clue is not None and Clue.objects.visible_to(actor).filter(pk=clue.pk).exists()
    number = clue.number if clue is not None and visible else ""
    raise DomainError(
        duplicate_clue_refusal(report.number, original.number, number, attached=clue is not None)
    )


def _attach(actor: Any, clue: Clue, report: Report) -> ClueDuplicateReport | None:
    if ClueDuplicateReport.objects.filter(report=report).exists() or report.clues.exists():
        return None
    original = cast(Report, report.duplicate_of)
    link = ClueDuplicateReport.objects.create(
        clue=clue,
        report=report,
        original=original,
        attached_at=timezone.now(),
        attached_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    event_record(
        actor=actor,
        action="clues.clue.duplicate_attach",
        obj=clue,
        payload={"report": report.number, "original": original.number},
    )
    return link


@locked("report")
def clue_attach_duplicate(*, actor: Any, report: Report) -> ClueDuplicateReport | None:
    """A report just confirmed as a duplicate: if the report it repeats (or the first of
    the chain) became a clue, or was attached to one, attach it to that clue — recorded
    on the clue, listed on its page and shown to the handling unit as 新增重复件. Called
    by the intake service, in its transaction (the report is locked already). Returns
    the link, or None when there is no clue yet (``clue_create_from_reports`` attaches
    it later)."""
    if not report.duplicate_of_id:
        return None
    original = cast(Report, report.duplicate_of)
    clue = clue_of_report(original) or clue_of_report(_duplicate_root(report))
    if clue is None:
        return None
    return _attach(actor, clue, report)


def _attach_earlier_duplicates(actor: Any, clue: Clue, report: Report) -> None:
    """Reports confirmed as duplicates of ``report`` (directly or down a chain) before
    it became a clue go with the new clue."""
    from jiandu.intake.rules import MAX_DUPLICATE_CHAIN

    level, seen = [report.pk], {report.pk}
    for _ in range(MAX_DUPLICATE_CHAIN):
        repeats = list(
            Report.objects.filter(duplicate_of_id__in=level)
            .exclude(pk__in=seen)
            .select_related("duplicate_of")
            .order_by("received_at", "id")
        )
        if not repeats:
            return
        for repeat in repeats:
            _attach(actor, clue, repeat)
        level = [r.pk for r in repeats]
        seen.update(level)


@locked("clue")
def clue_note_duplicates(*, actor: Any, clue: Clue) -> int:
    """The handling unit has read the duplicates newly attached to its clue (they leave
    its workbench). Returns how many were marked."""
    require_capability(actor, "clues.handle")
    if not (clue.handling_unit_id and getattr(actor, "unit_id", None) == clue.handling_unit_id):
        raise DomainError("只能由承办单位登记已阅新增重复件")
    links = list(clue.duplicate_links.filter(noted_at__isnull=True).select_related("report"))
    if not links:
        raise DomainError("没有未阅的新增重复件")
    now = timezone.now()
    ClueDuplicateReport.objects.filter(pk__in=[link.pk for link in links]).update(
        noted_at=now, noted_by=actor
    )
    event_record(
        actor=actor,
        action="clues.clue.duplicates_noted",
        obj=clue,
        payload={"reports": [link.report.number for link in links]},
    )
    return len(links)


def _start_verification(clue: Clue, on: date) -> None:
    """The preliminary verification's limit: the policy's months from ``on``. A new
    verification (e.g. of a shelved clue taken up again) may be extended once again."""
    months = policy_value("clue.verification_months", on=on)
    if clue.verification_extended:
        clue.verification_extended = False
        Clue.objects.filter(pk=clue.pk).update(verification_extended=False)
    clue.deadlines.start(
        ClueDeadlineKind.VERIFICATION, on, rules.verification_due(on, months), rules.DEADLINE_BASIS
    )


def _start_shelve_review(clue: Clue, on: date) -> None:
    """The next periodic review of a shelved clue: the policy's months from ``on``."""
    months = policy_value("clue.shelve_review_months", on=on)
    clue.deadlines.start(
        ClueDeadlineKind.SHELVE_REVIEW,
        on,
        rules.shelve_review_due(on, months),
        rules.DEADLINE_BASIS,
    )


@locked("reports")
def clue_create_from_reports(*, actor: Any, reports: list[Report], summary: str = "") -> Clue:
    """A clue from one or more registered reports; the subject is the first confirmed one."""
    if not reports:
        raise DomainError("请至少选择一件信访举报")
    for report in reports:
        if report.status not in ("registered", "accepted"):
            raise DomainError(
                f"信访件{report.number}状态为“{report.get_status_display()}”，不能转为线索"
            )
    first = reports[0]
    subject = first.subjects.filter(confirmed=True).select_related("cadre", "unit").first() or (
        first.subjects.select_related("cadre", "unit").first()
    )
    codes = sorted({c.code for r in reports for c in r.categories.all()})
    return clue_create(
        actor=actor,
        source=ClueSource.REPORT,
        summary=summary or first.content[:500],
        received_on=min(timezone.localdate(r.received_at) for r in reports),
        subject_name=subject.name if subject else first.subject_text or "不详",
        subject_cadre=subject.cadre if subject and subject.confirmed else None,
        subject_unit=subject.unit if subject else None,
        category_codes=codes,
        reports=reports,
    )


# --- routing ([规则] 23, 25) ----------------------------------------------------------------


def suggested_handling_unit(clue: Clue) -> Unit | None:
    """Route by the liaison relation ("1+6+7+X"): the resident team or township
    commission that supervises the subject's unit (or a parent of it); a county-level
    subject goes to the supervision office that guides that team or commission."""
    from jiandu.org.models import Liaison, UnitKind

    unit = clue.subject_unit
    seen = 0
    while unit is not None and seen < 10:
        liaison = (
            Liaison.objects.filter(supervised=unit, kind="supervises")
            .select_related("supervisor")
            .first()
        )
        if liaison is not None:
            team = liaison.supervisor
            if clue.subject_rank == "county":
                office = (
                    Liaison.objects.filter(
                        supervised=team, kind="guides", supervisor__kind=UnitKind.SUPERVISION_OFFICE
                    )
                    .select_related("supervisor")
                    .first()
                )
                return office.supervisor if office else team
            return team
        unit = unit.parent
        seen += 1
    return None


@locked("clue")
def clue_propose_routing(*, actor: Any, clue: Clue, unit: Unit, note: str = "") -> Clue:
    require_capability(actor, "clues.route")
    _visible(actor, clue)
    require_visible(actor, unit, message="所选单位不存在，或您无权查看", field="unit")
    if not unit.is_commission_body:
        raise DomainError("承办单位应为纪检监察室、派驻纪检监察组或乡镇纪委等纪检监察机构")
    clue.proposed_unit = unit
    _approval(clue, "routing", f"拟由{unit.name}承办。{note}".strip(), actor)
    return _move(
        actor,
        clue,
        "propose_routing",
        reason=note,
        payload={"unit": unit.name},
        fields=("proposed_unit",),
    )


@locked("clue")
def clue_decide_routing(*, actor: Any, clue: Clue, approve: bool, comment: str = "") -> Clue:
    require_capability(actor, "clues.approve")
    _visible(actor, clue)
    rules.MACHINE.check(clue.status, "approve_routing" if approve else "reject_routing")
    _decide(clue, "routing", actor, approve, comment)
    if approve:
        unit = cast(Unit, clue.proposed_unit)  # the step follows propose_routing
        clue.handling_unit = unit
        moved = _move(
            actor,
            clue,
            "approve_routing",
            reason=comment,
            payload={"unit": unit.name},
            fields=("handling_unit",),
        )
        notifications.assigned(obj=clue, units=[unit], noun="线索", actor=actor)
        return moved
    return _move(actor, clue, "reject_routing", reason=comment)


@locked("clue")
def clue_accept(*, actor: Any, clue: Clue) -> Clue:
    """The handling unit takes the clue and owns it (first-handler responsibility)."""
    require_capability(actor, "clues.handle")
    _visible(actor, clue)
    rules.MACHINE.check(clue.status, "accept")
    if actor is not None and actor.unit_id != clue.handling_unit_id:
        raise DomainError(f"该线索分办给{clue.handling_unit}，只能由该单位接收")
    return _move(actor, clue, "accept")


@locked("clue")
def clue_return(*, actor: Any, clue: Clue, reason: str) -> Clue:
    require_capability(actor, "clues.handle")
    _handler(actor, clue, "return")
    if not reason.strip():
        raise DomainError("退回须说明理由", fields={"reason": ["请说明理由"]})
    rules.MACHINE.check(clue.status, "return")
    returned_by = clue.handling_unit.name if clue.handling_unit else ""
    clue.handling_unit = clue.proposed_unit = None
    return _move(
        actor,
        clue,
        "return",
        reason=reason,
        payload={"returned_by": returned_by},
        fields=("handling_unit", "proposed_unit"),
    )


# --- disposition ([规则] 21) ------------------------------------------------------------


@locked("clue")
def clue_propose_disposition(
    *,
    actor: Any,
    clue: Clue,
    disposition: str,
    reason: str,
    inquiry_mode: str = "",
    close_kind: str = "",
    transferred_to: str = "",
    verification_plan: str = "",
    verification_team: str = "",
) -> Clue:
    """[规则] 21; for preliminary verification the plan and the team are part of the
    proposal ([规则] 33: 制定工作方案，成立核查组)."""
    require_capability(actor, "clues.handle")
    _handler(actor, clue, "propose_disposition")
    if disposition not in Disposition.values:
        raise DomainError("处置方式不存在")
    if not reason.strip():
        raise DomainError("请写明处置理由", fields={"reason": ["请写明处置理由"]})
    if disposition == Disposition.INQUIRY and inquiry_mode not in InquiryMode.values:
        raise DomainError("请选择谈话、委托谈话或函询", fields={"inquiry_mode": ["请选择方式"]})
    if disposition == Disposition.CLOSE and close_kind != CloseKind.DIRECT:
        raise DomainError(
            "未经谈话函询或初步核实的线索只能“直接了结”（查否了结须在核查之后）",
            fields={"close_kind": ["请选择直接了结"]},
        )
    if disposition == Disposition.TRANSFER and not transferred_to.strip():
        raise DomainError("请写明移送的党组织或机关", fields={"transferred_to": ["请填写"]})
    if disposition == Disposition.VERIFICATION and not (
        verification_plan.strip() and verification_team.strip()
    ):
        raise DomainError(
            "初步核实须附工作方案并确定核查组成员（《监督执纪工作规则》第三十三条）",
            fields={"verification_plan": ["请填写工作方案"], "verification_team": ["请填写核查组"]},
        )
    if disposition == Disposition.VERIFICATION:
        clue.verification_plan = verification_plan.strip()
        clue.verification_team = verification_team.strip()[:200]
    clue.proposed_disposition = disposition
    clue.inquiry_mode = inquiry_mode if disposition == Disposition.INQUIRY else ""
    clue.close_kind = close_kind if disposition == Disposition.CLOSE else ""
    clue.transferred_to = transferred_to.strip()[:100]
    label = Disposition(disposition).label
    _approval(clue, "disposition", f"拟{label}。{reason}".strip(), actor)
    return _move(
        actor,
        clue,
        "propose_disposition",
        reason=reason,
        payload={"disposition": disposition},
        fields=(
            "proposed_disposition",
            "inquiry_mode",
            "close_kind",
            "transferred_to",
            "verification_plan",
            "verification_team",
        ),
    )


@locked("clue")
def clue_decide_disposition(*, actor: Any, clue: Clue, approve: bool, comment: str = "") -> Clue:
    """A leader approves (the disposition takes effect) or returns the proposal."""
    require_capability(actor, "clues.approve")
    _visible(actor, clue)
    if not approve:
        rules.MACHINE.check(clue.status, "reject_disposition")
        _decide(clue, "disposition", actor, False, comment)
        return _move(actor, clue, "reject_disposition", reason=comment)
    rules.MACHINE.check(clue.status, "approve_disposition")
    _decide(clue, "disposition", actor, True, comment)
    today = timezone.localdate()
    disposition = clue.proposed_disposition
    clue.disposition = disposition
    target = rules.DISPOSITION_TARGET[disposition]
    clue.deadlines.meet(ClueDeadlineKind.DISPOSITION, ClueDeadlineKind.SHELVE_REVIEW, on=today)
    fields = ["disposition"]
    if clue.disposed_on is None:  # the first disposition, counted by the statistics
        clue.disposed_on, clue.disposed_method = today, disposition
        fields += ["disposed_on", "disposed_method"]
    if disposition == Disposition.VERIFICATION:
        fields += _mark_once(clue, "verified_on", today)
        _start_verification(clue, today)
    elif disposition == Disposition.SHELVE:
        fields += _mark_once(clue, "shelved_on", today)
        _start_shelve_review(clue, today)
    elif disposition == Disposition.CLOSE:
        clue.closed_on = today
        fields.append("closed_on")
        clue.deadlines.meet(ClueDeadlineKind.INSPECTION_FEEDBACK, on=today)
    elif disposition == Disposition.INQUIRY:
        clue.inquiry_round = 1
        fields.append("inquiry_round")
    return _move(
        actor,
        clue,
        "approve_disposition",
        target=target,
        reason=comment,
        payload={"disposition": disposition},
        fields=tuple(fields),
    )


# --- inquiry ([规则] 28–30; [条例] 72, 174) -------------------------------------------------


# The clocks of one round of an inquiry: while any of them runs, the round has started.
_ROUND_KINDS = (
    ClueDeadlineKind.INQUIRY_REPLY,
    ClueDeadlineKind.TALK_EXPLANATION,
    ClueDeadlineKind.DELEGATED_TALK,
    ClueDeadlineKind.INQUIRY_REPORT,
)


def _not_in_future(on: date) -> None:
    if on > timezone.localdate():
        raise DomainError("日期不能晚于今天", fields={"on": ["日期晚于今天"]})


def _start_inquiry_report(clue: Clue, ended_on: date) -> None:
    """[规则] 30: the report and proposal are due 1 month after the talk ended or the
    letter's reply arrived."""
    clue.deadlines.start(
        ClueDeadlineKind.INQUIRY_REPORT,
        ended_on,
        rules.inquiry_report_due(ended_on),
        rules.DEADLINE_BASIS,
    )


@locked("clue")
def clue_inquiry_start(*, actor: Any, clue: Clue, on: date, explanation: bool = False) -> Clue:
    """One round of an inquiry begins ([规则] 28–30; [条例] 72), by its mode:

    - 函询: the subject received the letter on ``on``; the reply is due in 15 working
      days ([规则] 29), the report 1 month after the reply (``clue_inquiry_reply``);
    - 谈话: the commission talked to the subject on ``on``; the report is due 1 month
      after the talk ([规则] 30), and only if the commission asks for a written
      explanation (``explanation``, [条例] 72: 可以根据需要) is it due in 15 working days;
    - 委托谈话: the delegate (the subject's unit's principal leader) received the 委托函
      on ``on`` and must hold the talk within 15 working days ([条例] 72); the talk is
      then recorded with ``clue_inquiry_talk``."""
    require_capability(actor, "clues.handle")
    _handler(actor, clue, "inquiry_start")
    rules.MACHINE.check(clue.status, "inquiry_start")
    _not_in_future(on)
    if clue.deadlines.running().filter(kind__in=_ROUND_KINDS).exists():
        raise DomainError("本轮谈话函询已经开始，请先办结本轮")
    payload: dict[str, Any] = {"mode": clue.inquiry_mode, "on": on}
    if clue.inquiry_mode == InquiryMode.LETTER:
        clue.deadlines.start(
            ClueDeadlineKind.INQUIRY_REPLY, on, rules.inquiry_reply_due(on), rules.DEADLINE_BASIS
        )
    elif clue.inquiry_mode == InquiryMode.DELEGATED_TALK:
        clue.deadlines.start(
            ClueDeadlineKind.DELEGATED_TALK, on, rules.delegated_talk_due(on), rules.DEADLINE_BASIS
        )
        payload["entrusted_on"] = on
    else:
        _start_inquiry_report(clue, on)
        if explanation:
            clue.deadlines.start(
                ClueDeadlineKind.TALK_EXPLANATION,
                on,
                rules.talk_explanation_due(on),
                rules.DEADLINE_BASIS,
            )
        payload["talked_on"] = on
        payload["explanation"] = bool(explanation)
    return _move(actor, clue, "inquiry_start", payload=payload)


@locked("clue")
def clue_inquiry_talk(*, actor: Any, clue: Clue, on: date) -> Clue:
    """The delegated talk was held on ``on`` (委托谈话, [条例] 72): the delegate's clock
    is met and the report is due 1 month after the talk ([规则] 30). The delegate sends
    the talk's record, with the subject's written explanation where needed."""
    require_capability(actor, "clues.handle")
    _handler(actor, clue, "inquiry_talk")
    rules.MACHINE.check(clue.status, "inquiry_talk")
    if clue.inquiry_mode != InquiryMode.DELEGATED_TALK:
        raise DomainError("只有委托谈话需要另行登记谈话日期")
    entrusted = clue.deadlines.latest_running(ClueDeadlineKind.DELEGATED_TALK)
    if entrusted is None:
        raise DomainError("尚未登记受托人收到委托函的日期")
    _not_in_future(on)
    if on < entrusted.started_on:
        raise DomainError(
            "谈话日期不能早于受托人收到委托函的日期", fields={"on": ["早于收到委托函日期"]}
        )
    clue.deadlines.meet(ClueDeadlineKind.DELEGATED_TALK, on=on)
    _start_inquiry_report(clue, on)
    return _move(actor, clue, "inquiry_talk", payload={"on": on, "talked_on": on})


@locked("clue")
def clue_inquiry_reply(*, actor: Any, clue: Clue, on: date) -> Clue:
    """The letter's reply, or the written explanation asked for after a talk, arrived
    on ``on``. After a letter the report is due 1 month from the reply ([规则] 30);
    after a talk it already runs from the talk."""
    require_capability(actor, "clues.handle")
    _handler(actor, clue, "inquiry_reply")
    rules.MACHINE.check(clue.status, "inquiry_reply")
    open_ = clue.deadlines.running().filter(
        kind__in=[ClueDeadlineKind.INQUIRY_REPLY, ClueDeadlineKind.TALK_EXPLANATION]
    )
    first = open_.order_by("started_on").first()
    if first is None:
        if clue.deadlines.latest_running(ClueDeadlineKind.INQUIRY_REPORT) is not None:
            raise DomainError("本轮谈话未要求书面说明，可以直接办结")
        raise DomainError("尚未登记发函或谈话，不能登记回复")
    _not_in_future(on)
    if on < first.started_on:
        raise DomainError("回复日期不能早于发函或谈话日期")
    clue.deadlines.meet(ClueDeadlineKind.INQUIRY_REPLY, ClueDeadlineKind.TALK_EXPLANATION, on=on)
    if first.kind == ClueDeadlineKind.INQUIRY_REPLY:
        _start_inquiry_report(clue, on)
    return _move(actor, clue, "inquiry_reply", payload={"on": on})


@locked("clue")
def clue_case_filed(*, actor: Any, clue: Clue, case_number: str, on: date) -> Clue:
    """The case proposed from this clue (拟立案) was filed ([规则] 38): the clue moves to
    已立案. Called by ``jiandu.cases.services`` when a leader approves the filing."""
    return _move(
        actor,
        clue,
        "case_filed",
        payload={"case": case_number, "on": on},
        fields=tuple(_mark_once(clue, "filed_on", on)),
    )


def _record_measure(clue: Clue, measure_kind: str, on: date, note: str) -> FirstFormMeasure:
    if measure_kind not in FirstFormMeasureKind.values:
        raise DomainError(
            "请选择第一种形态措施（谈话提醒、批评教育、责令检查、诫勉）",
            fields={"measure_kind": ["请选择措施"]},
        )
    return FirstFormMeasure.objects.create(
        clue=clue,
        cadre=clue.subject_cadre,
        person_name=clue.subject_name,
        kind=measure_kind,
        decided_on=on,
        note=note[:200],
    )


def _conclude(
    actor: Any,
    clue: Clue,
    action: str,
    stage: str,
    *,
    outcome: str,
    finding: str,
    reason: str,
    measure_kind: str,
    cleared: bool,
    transferred_to: str,
) -> Clue:
    if not reason.strip():
        raise DomainError("请写明办理情况和结论", fields={"reason": ["请写明结论"]})
    if finding and finding not in VerificationResult.values:
        raise DomainError("核查结论不存在")
    target = rules.outcome_target(stage, outcome)
    today = timezone.localdate()
    fields = ["finding"]
    clue.finding = finding
    if cleared:
        # 澄清正名 is its own process now ([检举控告规则] 50, ``clearing_services``).
        raise DomainError(CLEARING_IS_A_PROCESS, fields={"cleared": [CLEARING_IS_A_PROCESS]})
    if outcome == rules.Outcome.FIRST_FORM:
        _record_measure(clue, measure_kind, today, reason)
    if target == ClueStatus.CLOSED:
        clue.close_kind, clue.closed_on = CloseKind.AFTER_CHECK, today
        fields += ["close_kind", "closed_on"]
        clue.deadlines.meet(ClueDeadlineKind.INSPECTION_FEEDBACK, on=today)
    if outcome == rules.Outcome.TRANSFER:
        if not transferred_to.strip():
            raise DomainError("请写明移送的党组织或机关", fields={"transferred_to": ["请填写"]})
        clue.transferred_to = transferred_to.strip()[:100]
        fields.append("transferred_to")
    clue.deadlines.meet(ClueDeadlineKind.INQUIRY_REPORT, ClueDeadlineKind.VERIFICATION, on=today)
    if outcome == rules.Outcome.INQUIRE_AGAIN:
        clue.inquiry_round += 1
        fields.append("inquiry_round")
    if target == ClueStatus.VERIFICATION:
        clue.disposition = Disposition.VERIFICATION
        fields.append("disposition")
        fields += _mark_once(clue, "verified_on", today)
        _start_verification(clue, today)
    if target == ClueStatus.SHELVED:
        fields += _mark_once(clue, "shelved_on", today)
        _start_shelve_review(clue, today)
    return _move(
        actor,
        clue,
        action,
        target=target,
        reason=reason,
        payload={
            "outcome": outcome,
            "finding": finding,
            "measure": measure_kind,
        },
        fields=tuple(fields),
    )


@locked("clue")
def clue_inquiry_conclude(
    *,
    actor: Any,
    clue: Clue,
    outcome: str,
    reason: str,
    finding: str = "",
    measure_kind: str = "",
    cleared: bool = False,
) -> Clue:
    """After a talk or letter ([规则] 30): close (with a letter to the person), a
    first-form measure, talk or inquire again, or propose preliminary verification.
    A talk is concluded once it was held (its report clock runs from the talk); a
    written explanation is needed only when one was asked for ([条例] 72)."""
    require_capability(actor, "clues.handle")
    _handler(actor, clue, "inquiry_conclude")
    rules.MACHINE.check(clue.status, "inquiry_conclude")
    running = set(clue.deadlines.running().values_list("kind", flat=True))
    if ClueDeadlineKind.DELEGATED_TALK in running:
        raise DomainError("委托谈话尚未进行，请先登记谈话日期")
    if ClueDeadlineKind.TALK_EXPLANATION in running:
        raise DomainError("已要求被谈话人作出书面说明，请先登记收到书面说明")
    if ClueDeadlineKind.INQUIRY_REPORT not in running:
        if clue.inquiry_mode == InquiryMode.LETTER:
            raise DomainError("本轮尚未收到回复，不能办结谈话函询")
        raise DomainError("本轮尚未谈话，不能办结谈话函询")
    return _conclude(
        actor,
        clue,
        "inquiry_conclude",
        "inquiry",
        outcome=outcome,
        finding=finding,
        reason=reason,
        measure_kind=measure_kind,
        cleared=cleared,
        transferred_to="",
    )


@locked("clue")
def clue_verification_extend(*, actor: Any, clue: Clue, reason: str) -> Clue:
    """Preliminary verification extended once by the policy-default month, with a
    leader's approval; the new due date counts the whole extended period from the
    verification's start (``rules.verification_due``)."""
    require_capability(actor, "clues.approve")
    _visible(actor, clue)
    rules.MACHINE.check(clue.status, "verification_extend")
    if clue.verification_extended:
        raise DomainError("初步核实只能延期一次")
    deadline = clue.deadlines.filter(kind=ClueDeadlineKind.VERIFICATION, met_on__isnull=True).last()
    if deadline is None:
        raise DomainError("没有进行中的初步核实时限")
    # The extended period counts from the verification's start, not from the rolled-over
    # first due date ([条例] 285: only the final last day moves off a rest day).
    months = policy_value("clue.verification_months", on=deadline.started_on)
    extension = policy_value("clue.verification_extension_months", on=timezone.localdate())
    due = rules.verification_due(deadline.started_on, months, extension)
    deadline.due_on, deadline.provisional = due, due.provisional
    deadline.basis = rules.DEADLINE_BASIS[ClueDeadlineKind.VERIFICATION] + "（已延期）"
    deadline.save(update_fields=["due_on", "provisional", "basis"])
    clue.verification_extended = True
    return _move(
        actor,
        clue,
        "verification_extend",
        reason=reason,
        payload={"due": due},
        fields=("verification_extended",),
    )


@locked("clue")
def clue_verification_conclude(
    *,
    actor: Any,
    clue: Clue,
    outcome: str,
    finding: str,
    reason: str,
    measure_kind: str = "",
    cleared: bool = False,
    transferred_to: str = "",
) -> Clue:
    """Outcomes of preliminary verification ([规则] 35): propose a case, close, a
    first-form measure, shelve, or transfer."""
    require_capability(actor, "clues.handle")
    _handler(actor, clue, "verification_conclude")
    rules.MACHINE.check(clue.status, "verification_conclude")
    if not finding:
        raise DomainError(
            "请填写核查结论（失实、部分属实、属实等）", fields={"finding": ["请选择"]}
        )
    return _conclude(
        actor,
        clue,
        "verification_conclude",
        "verification",
        outcome=outcome,
        finding=finding,
        reason=reason,
        measure_kind=measure_kind,
        cleared=cleared,
        transferred_to=transferred_to,
    )


@locked("clue")
def clue_shelve_review(*, actor: Any, clue: Clue, note: str) -> Clue:
    """Periodic review of a shelved clue: kept shelved, the next review is scheduled."""
    require_capability(actor, "clues.handle")
    _handler(actor, clue, "shelve_review")
    rules.MACHINE.check(clue.status, "shelve_review")
    today = timezone.localdate()
    clue.deadlines.meet(ClueDeadlineKind.SHELVE_REVIEW, on=today)
    _start_shelve_review(clue, today)
    return _move(actor, clue, "shelve_review", reason=note)
