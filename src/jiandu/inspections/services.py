"""Every write to the inspection and rectification registers. Each service checks the
actor's capability and scope and the state machine (``jiandu.inspections.rules``),
changes the rows in one transaction and records an audit event.

Dates a person reports (progress, completion, the check, a document's issue date) are
passed in: they may not lie in the future, so a ledger kept on paper can be entered
afterwards with its true dates.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.core import files
from jiandu.core.documents import draft_number
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.numbering import next_number
from jiandu.core.permissions import require_capability
from jiandu.core.scoping import require_visible
from jiandu.core.services import locked
from jiandu.inspections import documents, rules, selectors
from jiandu.inspections.models import (
    Escalation,
    EscalationLevel,
    Evidence,
    Finding,
    FindingCategory,
    InspectedOrganisation,
    InspectionGroup,
    InspectionRound,
    ItemProgress,
    ItemStatus,
    RectificationItem,
    RoundKind,
    TransferredClue,
)
from jiandu.org.models import Cadre, Unit
from jiandu.org.selectors import issuer_of

EVIDENCE_FILES = files.FilePolicy(
    kinds=(
        files.JPEG,
        files.PNG,
        files.PDF,
        files.DOCX,
        files.XLSX,
        files.DOC,
        files.XLS,
        files.TXT,
    ),
    max_bytes=10 * files.MB,
    kinds_text="JPG、PNG图片，PDF，Word（doc/docx），Excel（xls/xlsx），TXT文本",
)
"""Evidence of rectification (佐证材料): the portal's types, 10 MB a file."""

# --- helpers ---------------------------------------------------------------------------------


def _visible(actor: Any, model: Any, obj: Any) -> None:
    if actor is not None and not model.objects.visible_to(actor).filter(pk=obj.pk).exists():
        raise NotFound()


def _not_future(on: date, label: str = "日期") -> date:
    if on > timezone.localdate():
        raise DomainError(f"{label}不能晚于今天", fields={"on": [f"{label}晚于今天"]})
    return on


def _text(value: str, label: str, field: str, *, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(f"请填写{label}", fields={field: [f"请填写{label}"]})
    if max_length and len(value) > max_length:
        raise DomainError(f"{label}不能超过{max_length}个字", fields={field: ["太长"]})
    return value


def _item_move(
    actor: Any,
    item: RectificationItem,
    action: str,
    *,
    reason: str = "",
    payload: dict | None = None,
    fields: tuple[str, ...] = (),
) -> RectificationItem:
    target = rules.MACHINE.check(item.status, action)
    before = item.status
    item.status = target
    item.save(update_fields=["status", *fields])
    event_record(
        actor=actor,
        action=f"inspections.item.{action}",
        obj=item,
        from_state=ItemStatus(before).label,
        to_state=ItemStatus(target).label,
        reason=reason,
        payload=payload or {},
    )
    return item


# --- rounds, groups, inspected organisations --------------------------------------------------


@transaction.atomic
def round_create(
    *,
    actor: Any,
    name: str,
    year: int,
    ordinal: int,
    kind: str,
    started_on: date,
    focus: str = "",
    groups: list[dict[str, str]] | None = None,
) -> InspectionRound:
    """A round of inspection tours with its groups (巡察组)."""
    require_capability(actor, "inspections.manage")
    name = _text(name, "轮次名称", "name", max_length=60)
    if kind not in RoundKind.values:
        raise DomainError("巡察类型不存在", fields={"kind": ["巡察类型不存在"]})
    if not 1 <= ordinal <= 99:
        raise DomainError("轮次应为1至99", fields={"ordinal": ["轮次应为1至99"]})
    if not 2000 <= year <= 2100:
        raise DomainError("年度不合理", fields={"year": ["年度不合理"]})
    if InspectionRound.objects.filter(year=year, ordinal=ordinal).exists():
        raise DomainError(f"{year}年第{ordinal}轮巡察已登记", fields={"ordinal": ["已登记"]})
    round_ = InspectionRound.objects.create(
        name=name,
        year=year,
        ordinal=ordinal,
        kind=kind,
        started_on=started_on,
        focus=(focus or "").strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    names = []
    for group in groups or []:
        group_name = _text(group.get("name", ""), "巡察组名称", "groups", max_length=40)
        if group_name in names:
            raise DomainError(f"巡察组“{group_name}”重复", fields={"groups": ["重复"]})
        names.append(group_name)
        InspectionGroup.objects.create(
            round=round_,
            name=group_name,
            leader_name=(group.get("leader_name") or "").strip()[:40],
            members=(group.get("members") or "").strip()[:200],
        )
    event_record(
        actor=actor,
        action="inspections.round.create",
        obj=round_,
        payload={"kind": kind, "year": year, "ordinal": ordinal, "groups": names},
    )
    return round_


@locked("round")
def target_add(
    *,
    actor: Any,
    round: InspectionRound,
    unit: Unit,
    entered_on: date,
    group: InspectionGroup | None = None,
    left_on: date | None = None,
) -> InspectedOrganisation:
    """An organisation the round inspects (进驻)."""
    require_capability(actor, "inspections.manage")
    if unit.is_commission_body:
        raise DomainError("纪检监察机构不作为巡察对象", fields={"unit": ["请选择被巡察单位"]})
    if group is not None and group.round_id != round.pk:
        raise DomainError("巡察组不属于该轮巡察", fields={"group": ["巡察组不属于该轮巡察"]})
    if entered_on < round.started_on:
        raise DomainError("进驻日期不能早于本轮巡察开始日期", fields={"entered_on": ["太早"]})
    if left_on is not None and left_on < entered_on:
        raise DomainError("撤离日期不能早于进驻日期", fields={"left_on": ["早于进驻日期"]})
    if InspectedOrganisation.objects.filter(round=round, unit=unit).exists():
        raise DomainError(f"{unit.name}已在本轮巡察名单中", fields={"unit": ["已在名单中"]})
    target = InspectedOrganisation.objects.create(
        round=round, unit=unit, group=group, entered_on=entered_on, left_on=left_on
    )
    event_record(
        actor=actor,
        action="inspections.target.add",
        obj=target,
        payload={"unit": unit.name, "group": group.name if group else "", "entered_on": entered_on},
    )
    return target


@locked("target")
def target_record_feedback(
    *, actor: Any, target: InspectedOrganisation, feedback_on: date
) -> InspectedOrganisation:
    """The tour fed back its findings ([巡视条例] 26): the 2-month clock of the
    rectification report starts ([巡视条例] 27)."""
    require_capability(actor, "inspections.manage")
    _visible(actor, InspectedOrganisation, target)
    _not_future(feedback_on, "反馈日期")
    if target.feedback_on is not None:
        raise DomainError("已登记反馈日期，不能重复登记")
    if feedback_on < target.entered_on:
        raise DomainError("反馈日期不能早于进驻日期", fields={"feedback_on": ["早于进驻日期"]})
    due = rules.report_due(feedback_on)
    target.feedback_on = feedback_on
    target.report_due_on = due
    target.report_due_provisional = due.provisional
    target.save(update_fields=["feedback_on", "report_due_on", "report_due_provisional"])
    event_record(
        actor=actor,
        action="inspections.target.feedback",
        obj=target,
        payload={"feedback_on": feedback_on, "report_due_on": due, "basis": rules.REPORT_BASIS},
    )
    return target


@locked("target")
def target_submit_report(
    *, actor: Any, target: InspectedOrganisation, on: date, note: str
) -> InspectedOrganisation:
    """The organisation's rectification report (整改情况报告) reached the inspection
    office ([巡视条例] 27)."""
    require_capability(actor, "inspections.rectify")
    _visible(actor, InspectedOrganisation, target)
    _not_future(on, "报送日期")
    if target.feedback_on is None:
        raise DomainError("尚未反馈巡察意见，不能报送整改情况报告")
    if target.report_submitted_on is not None:
        raise DomainError("整改情况报告已报送")
    if on < target.feedback_on:
        raise DomainError("报送日期不能早于反馈日期", fields={"on": ["早于反馈日期"]})
    target.report_submitted_on = on
    target.report_note = _text(note, "整改情况报告摘要", "note")
    target.save(update_fields=["report_submitted_on", "report_note"])
    late = bool(target.report_due_on and on > target.report_due_on)
    event_record(
        actor=actor,
        action="inspections.target.report",
        obj=target,
        payload={"on": on, "due": target.report_due_on, "late": late},
    )
    return target


# --- findings and transferred clues ----------------------------------------------------------


@locked("target")
def finding_create(
    *, actor: Any, target: InspectedOrganisation, category: str, description: str
) -> Finding:
    require_capability(actor, "inspections.manage")
    _visible(actor, InspectedOrganisation, target)
    if category not in FindingCategory.values:
        raise DomainError("问题类别不存在", fields={"category": ["问题类别不存在"]})
    finding = Finding.objects.create(
        target=target, category=category, description=_text(description, "问题描述", "description")
    )
    event_record(
        actor=actor,
        action="inspections.finding.create",
        obj=finding,
        payload={"target": str(target), "category": category},
    )
    return finding


@locked("target")
def clue_transfer(
    *,
    actor: Any,
    target: InspectedOrganisation,
    summary: str,
    received_on: date,
    subject_name: str = "",
    subject_cadre: Cadre | None = None,
    finding: Finding | None = None,
    transfer_ref: str = "",
    category_codes: list[str] | None = None,
) -> TransferredClue:
    """A clue the tour found ([巡视条例] 28) becomes a clue with source 巡察移交; the clue
    register starts its 3-month feedback limit ([巡视条例] 29)."""
    from jiandu.clues.models import ClueSource
    from jiandu.clues.services import clue_create

    require_capability(actor, "inspections.manage")
    _visible(actor, InspectedOrganisation, target)
    if finding is not None and finding.target_id != target.pk:
        raise DomainError("该问题不属于这个被巡察单位", fields={"finding": ["不属于该单位"]})
    clue = clue_create(
        actor=actor,
        source=ClueSource.INSPECTION,
        summary=summary,
        received_on=received_on,
        subject_name=subject_name,
        subject_cadre=subject_cadre,
        subject_unit=None if subject_cadre else target.unit,
        category_codes=category_codes,
        transfer_ref=transfer_ref or target.round.name,
    )
    transferred = TransferredClue.objects.create(target=target, finding=finding, clue=clue)
    event_record(
        actor=actor,
        action="inspections.clue.transfer",
        obj=target,
        payload={"clue": clue.number, "subject": clue.subject_name},
    )
    return transferred


# --- the rectification ledger ---------------------------------------------------------------


def _unit_for_item(unit: Unit) -> Unit:
    if unit.is_commission_body:
        raise DomainError(
            "责任单位应为被巡察单位或其下属、相关单位", fields={"responsible_unit": ["单位不适用"]}
        )
    return unit


@locked("finding.target", "finding")
def item_create(
    *,
    actor: Any,
    finding: Finding,
    measures: str,
    responsible_unit: Unit,
    responsible_person: str,
    deadline: date,
    immediate: bool = False,
) -> RectificationItem:
    """A ledger line: the measures, the owner and the deadline for a finding."""
    require_capability(actor, "inspections.manage")
    require_visible(
        actor, responsible_unit, message="所选单位不存在，或您无权查看", field="responsible_unit"
    )
    _visible(actor, Finding, finding)
    target = finding.target
    if target.feedback_on is not None and deadline < target.feedback_on:
        raise DomainError("完成时限不能早于反馈日期", fields={"deadline": ["早于反馈日期"]})
    if deadline < target.entered_on:
        raise DomainError("完成时限不能早于进驻日期", fields={"deadline": ["早于进驻日期"]})
    last = RectificationItem.objects.filter(finding__target=target).aggregate(m=Max("seq"))["m"]
    item = RectificationItem.objects.create(
        finding=finding,
        seq=(last or 0) + 1,
        measures=_text(measures, "整改措施", "measures"),
        responsible_unit=_unit_for_item(responsible_unit),
        responsible_person=_text(responsible_person, "责任人", "responsible_person", max_length=40),
        deadline=deadline,
        immediate=immediate,
    )
    event_record(
        actor=actor,
        action="inspections.item.create",
        obj=item,
        to_state=ItemStatus.NOT_STARTED.label,
        payload={
            "target": str(target),
            "unit": responsible_unit.name,
            "deadline": deadline,
            "immediate": immediate,
        },
    )
    return item


@locked("item")
def item_change_deadline(
    *, actor: Any, item: RectificationItem, deadline: date, reason: str
) -> RectificationItem:
    """The inspection office moves a deadline, with the reason on the record."""
    require_capability(actor, "inspections.manage")
    _visible(actor, RectificationItem, item)
    if item.status not in rules.OPEN_STATES:
        raise DomainError(f"事项状态为“{item.get_status_display()}”，不能调整完成时限")
    reason = _text(reason, "调整理由", "reason")
    before = item.deadline
    item.deadline = deadline
    item.save(update_fields=["deadline"])
    event_record(
        actor=actor,
        action="inspections.item.deadline",
        obj=item,
        reason=reason,
        payload={"from": before, "to": deadline},
    )
    return item


def _rectifier(actor: Any, item: RectificationItem) -> None:
    require_capability(actor, "inspections.rectify")
    _visible(actor, RectificationItem, item)


@locked("item")
def item_report_progress(
    *, actor: Any, item: RectificationItem, text: str, on: date | None = None
) -> RectificationItem:
    """The responsible unit reports progress (the first report starts the item)."""
    _rectifier(actor, item)
    rules.MACHINE.check(item.status, "report_progress")
    on = _not_future(on or timezone.localdate())
    text = _text(text, "整改进展", "text")
    ItemProgress.objects.create(item=item, on=on, text=text, author=_user(actor))
    item.progress = text
    return _item_move(
        actor, item, "report_progress", payload={"on": on}, reason=text[:200], fields=("progress",)
    )


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@locked("item")
def evidence_add(
    *,
    actor: Any,
    item: RectificationItem,
    name: str,
    content: bytes,
    note: str = "",
) -> Evidence:
    """Attach evidence (佐证材料), checked by ``EVIDENCE_FILES`` (type by content)."""
    if actor is not None and not (
        actor.has_capability("inspections.rectify") or actor.has_capability("inspections.check")
    ):
        require_capability(actor, "inspections.rectify")
    _visible(actor, RectificationItem, item)
    if item.status in rules.CLOSED_STATES:
        raise DomainError("已销号的事项不能再添加佐证材料")
    checked = EVIDENCE_FILES.check(content, name or "佐证材料")
    digest = checked.sha256
    evidence = Evidence(
        item=item,
        original_name=checked.original_name,
        content_type=checked.kind.content_type,
        size=checked.size,
        sha256=digest,
        note=(note or "").strip()[:200],
        uploaded_by=_user(actor),
    )
    checked.save(evidence.file)
    evidence.save()
    event_record(
        actor=actor,
        action="inspections.evidence.add",
        obj=item,
        payload={"file": evidence.original_name, "sha256": digest, "size": len(content)},
    )
    return evidence


@locked("item")
def item_report_done(
    *, actor: Any, item: RectificationItem, text: str, on: date | None = None
) -> RectificationItem:
    """The responsible unit reports the item done, with evidence already attached; it
    then waits for the check."""
    _rectifier(actor, item)
    rules.MACHINE.check(item.status, "report_done")
    on = _not_future(on or timezone.localdate(), "完成日期")
    if not item.evidence.exists():
        raise DomainError("报告整改完成前请上传佐证材料", fields={"evidence": ["无佐证材料"]})
    text = _text(text, "完成情况", "text")
    ItemProgress.objects.create(item=item, on=on, text=text, author=_user(actor))
    item.progress = text
    item.completed_on = on
    item.reported_by = _user(actor)
    return _item_move(
        actor,
        item,
        "report_done",
        reason=text[:200],
        payload={"on": on, "on_time": on <= item.deadline},
        fields=("progress", "completed_on", "reported_by"),
    )


@locked("item")
def item_close_out(
    *,
    actor: Any,
    item: RectificationItem,
    decision: str,
    note: str,
    on: date | None = None,
) -> RectificationItem:
    """Close-out (销号): the check of an item reported done closes it, accepts it as a
    long-term task (长期坚持), or sends it back. Closing needs evidence and a checker other than the
    owner (``rules.check_close_out``)."""
    require_capability(actor, "inspections.check")
    _visible(actor, RectificationItem, item)
    if decision not in rules.CLOSE_OUT_DECISIONS:
        raise DomainError("验收结论应为销号、转长期坚持或退回", fields={"decision": ["请选择"]})
    rules.MACHINE.check(item.status, decision)
    on = _not_future(on or timezone.localdate(), "验收日期")
    note = _text(note, "验收意见", "note", max_length=200)
    if decision == "reject":
        item.completed_on = None
        item.check_note = note
        return _item_move(
            actor,
            item,
            "reject",
            reason=note,
            payload={"on": on},
            fields=("completed_on", "check_note"),
        )
    rules.check_close_out(
        checker_id=getattr(actor, "pk", None),
        checker_unit_id=getattr(actor, "unit_id", None),
        reporter_id=item.reported_by_id,
        responsible_unit_id=item.responsible_unit_id,
        evidence_count=item.evidence.count(),
    )
    if item.completed_on and on < item.completed_on:
        raise DomainError("验收日期不能早于完成日期", fields={"on": ["早于完成日期"]})
    item.closed_on = on
    item.checked_by = _user(actor)
    item.check_note = note
    return _item_move(
        actor,
        item,
        decision,
        reason=note,
        payload={"on": on},
        fields=("closed_on", "checked_by", "check_note"),
    )


@locked("item")
def item_reopen(*, actor: Any, item: RectificationItem, reason: str) -> RectificationItem:
    """A later look (回头看) finds the problem back."""
    require_capability(actor, "inspections.manage")
    _visible(actor, RectificationItem, item)
    rules.MACHINE.check(item.status, "reopen")
    reason = _text(reason, "重新打开的理由", "reason")
    item.closed_on = None
    item.completed_on = None
    item.checked_by = None
    return _item_move(
        actor,
        item,
        "reopen",
        reason=reason,
        fields=("closed_on", "completed_on", "checked_by"),
    )


# --- escalation -------------------------------------------------------------------------------

DOC_PREFIX: dict[str, tuple[str, str]] = {
    EscalationLevel.NOTICE: ("XCDB", "巡整督"),
    EscalationLevel.REMINDER: ("XCTX", "巡整提"),
    EscalationLevel.WARNING: ("XCGJ", "巡整诫"),
    EscalationLevel.ACCOUNTABILITY: ("XCWZ", "巡整问"),
}


DEFAULT_ISSUER = "巡察工作领导小组办公室"


@locked("item")
def escalation_issue(
    *, actor: Any, item: RectificationItem, level: str, on: date | None = None
) -> Escalation:
    """Issue the next document on the ladder for an overdue item; steps are taken one
    after another, each after its policy-default interval (``rules.check_escalation``)."""
    require_capability(actor, "inspections.manage")
    _visible(actor, RectificationItem, item)
    on = _not_future(on or timezone.localdate(), "签发日期")
    issued = list(item.escalations.values_list("level", "issued_on"))
    rules.check_escalation(
        level=level,
        status=item.status,
        deadline=item.deadline,
        issued=issued,
        intervals=selectors.escalation_intervals(on),
        on=on,
    )
    counter_prefix, word = DOC_PREFIX[level]
    serial = int(next_number(counter_prefix, on.year).rsplit("-", 1)[1])
    # Signed by the issuing office as the register configures it (its issuer name and
    # 文号 prefix, ``org.selectors.issuer_of``).
    issuer = issuer_of(getattr(actor, "unit", None))
    prefix = issuer.number_prefix if issuer is not None else ""
    escalation = Escalation.objects.create(
        item=item,
        level=level,
        doc_number=draft_number(f"{prefix}{word}", on.year, serial),
        issuer=(issuer.name if issuer is not None else DEFAULT_ISSUER)[:100],
        title=documents.title_for(level),
        issued_on=on,
        addressee=documents.addressee_for(item, level)[:100],
        body=documents.body_text(item, level, on),
        issued_by=_user(actor),
    )
    event_record(
        actor=actor,
        action="inspections.item.escalate",
        obj=item,
        payload={"level": level, "doc_number": escalation.doc_number, "on": on},
    )
    return escalation
