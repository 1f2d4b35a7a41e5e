"""Compulsory measures besides the first 留置 steps (``investigation``): the measures the
2025 监察法 adds (强制到案, 责令候查, 管护), 留置's second extension and recount, the
24-hour notice to the unit and the family, and safety incidents ([条例] 103).

Every measure is a ``Detention`` row of its ``kind``: one model, one set of steps (start,
extend, release), one display and one workbench item. The limits whose text could not
be read are policy defaults (``rules.MEASURE_POLICY``), read on the day they apply.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.cases import rules
from jiandu.cases.models import CasePerson, Detention, SafetyIncident
from jiandu.cases.rules import MeasureKind, Stage
from jiandu.cases.services.common import (
    check_approver,
    check_date,
    check_handler,
    record_approval,
)
from jiandu.core import calendar
from jiandu.core.errors import DomainError
from jiandu.core.policy import policy_value
from jiandu.core.services import locked

INVESTIGATING = frozenset({Stage.FILED, Stage.INVESTIGATION, Stage.SUPPLEMENTARY})


def await_due(on: date) -> calendar.DueDate:
    """责令候查's last day for a measure announced ``on``: the policy's months then
    ([监察法2024]; ``rules.await_due``). Also how it is recomputed (``cases.deadlines``)."""
    return rules.await_due(on, months=policy_value("supervision.await_months", on=on))


def start_moment(on: date, at: datetime | time | None) -> datetime:
    """The moment a measure was announced: ``at`` (a time on ``on`` or a datetime);
    without one, the start of ``on`` — the earliest, so that no hour-based deadline is
    late because of an assumption."""
    if isinstance(at, datetime):
        moment = at if timezone.is_aware(at) else timezone.make_aware(at)
    else:
        moment = timezone.make_aware(datetime.combine(on, at or time(0)))
    if timezone.localtime(moment).date() != on:
        raise DomainError("宣布时间与开始日期不一致", fields={"at": ["应为开始日期当天的时间"]})
    if moment > timezone.now():
        raise DomainError("宣布时间不能晚于现在", fields={"at": ["晚于现在"]})
    return moment


def check_law_2025(on: date, what: str) -> None:
    """[监察法2024]: in force from 2025-06-01."""
    if on < rules.LAW_2025_IN_FORCE:
        raise DomainError(f"{what}依据2025年6月1日起施行的修改后的《监察法》，此前不能采取")


def release_running(person: CasePerson, on: date, *, except_kind: str = "") -> list[str]:
    """End the measures in force on the track (one measure replaced by another: 强制到案
    → 管护 → 留置 …); returns their labels."""
    ended = []
    for other in person.detentions.filter(released_on__isnull=True).exclude(kind=except_kind):
        other.released_on = on
        other.save(update_fields=["released_on"])
        ended.append(other.get_kind_display())
    return ended


def check_may_take(person: CasePerson, on: date) -> None:
    case = person.case
    if person.is_unit:
        raise DomainError("不能对单位采取强制措施")
    if person.stage not in INVESTIGATING:
        raise DomainError(f"{person.name}处于“{person.get_stage_display()}”阶段，不能采取强制措施")
    if not case.supervision_law:
        raise DomainError("监察强制措施只适用于监察立案调查的案件")
    check_date(on, after=case.filed_on or case.proposed_on)


@locked("person.case", "person")
def measure_start(
    *,
    actor: Any,
    person: CasePerson,
    kind: str,
    on: date,
    at: datetime | time | None = None,
    place: str = "",
    approval_ref: str = "",
    needs_custody: bool = False,
) -> Detention:
    """强制到案, 责令候查 or 管护 ([监察法2024]), approved by the commission's leadership
    (the approval recorded with its reference). A measure in force on the track is
    replaced (its release recorded on the same day). The limit is the policy default in
    force on ``on``: 强制到案 12 hours (24 when 管护 or 留置 may be needed), counted in
    hours from ``at``; 责令候查 12 months (rolled over a rest day); 管护 7 days (ends on
    its date). After 管护 the unit and the family are told within 24 hours."""
    if kind not in (MeasureKind.APPEARANCE, MeasureKind.AWAIT, MeasureKind.CUSTODY):
        raise DomainError("请选择强制到案、责令候查或管护；留置另行办理")
    label = MeasureKind(kind).label
    check_approver(actor, person.case)
    check_may_take(person, on)
    check_law_2025(on, label)
    running = person.detentions.filter(released_on__isnull=True)
    if running.filter(kind=MeasureKind.DETENTION).exists():
        raise DomainError(f"{person.name}正在留置中，不能改为{label}")
    if running.filter(kind=kind).exists():
        raise DomainError(f"{person.name}正在{label}中")
    moment = start_moment(on, at)
    due_at = None
    if kind == MeasureKind.APPEARANCE:
        key = (
            "supervision.appearance_extended_hours"
            if needs_custody
            else "supervision.appearance_hours"
        )
        due_at = rules.appearance_due(moment, hours=policy_value(key, on=on))
        due_on: date = timezone.localtime(due_at).date()
    elif kind == MeasureKind.AWAIT:
        due_on = await_due(on)
    else:
        due_on = rules.custody_due(on, days=policy_value("supervision.custody_days", on=on))
    replaced = release_running(person, on)
    detention = Detention.objects.create(
        person=person,
        kind=kind,
        started_on=on,
        started_at=moment,
        due_on=due_on,
        due_at=due_at,
        provisional=getattr(due_on, "provisional", False),
        place=place,
        notice_due_at=rules.notice_due(moment) if kind in rules.NOTICE_MEASURES else None,
    )
    record_approval(
        actor, person.case, kind, f"对{person.name}采取{label}", approval_ref, person=person
    )
    event_record(
        actor=actor,
        action="cases.case.measure",
        obj=person.case,
        to_state=f"{person.name}：{label}",
        payload={
            "person": person.name,
            "person_id": person.pk,
            "kind": kind,
            "on": on,
            "due": due_at or due_on,
            "replaced": replaced,
        },
    )
    return detention


@locked("detention.person.case", "detention.person", "detention")
def custody_extend(*, actor: Any, detention: Detention, days: int, approval_ref: str) -> Detention:
    """[监察法2024] (policy default): in special cases 管护 is extended once by 1–3 days."""
    person = detention.person
    check_approver(actor, person.case)
    if detention.kind != MeasureKind.CUSTODY:
        raise DomainError("只有管护可以按日延长")
    if detention.released_on:
        raise DomainError("管护已解除，不能延长")
    if detention.extended:
        raise DomainError("管护只能延长一次")
    if timezone.localdate() > detention.due_on:
        raise DomainError("管护期限已届满，不能再延长")
    if not approval_ref.strip():
        raise DomainError("请填写批准文件", fields={"approval_ref": ["请填写"]})
    most = policy_value("supervision.custody_extension_days", on=timezone.localdate())
    due = rules.custody_extended_due(detention.due_on, days, max_days=most)
    detention.due_on, detention.provisional, detention.extended = due, due.provisional, True
    detention.save(update_fields=["due_on", "provisional", "extended"])
    record_approval(
        actor,
        person.case,
        "custody_extension",
        f"延长{person.name}管护{days}日",
        approval_ref,
        person=person,
    )
    event_record(
        actor=actor,
        action="cases.case.extend_custody",
        obj=person.case,
        payload={"person": person.name, "days": days, "due": detention.due_on},
    )
    return detention


@locked("detention.person.case", "detention.person", "detention")
def detention_second_extend(
    *,
    actor: Any,
    detention: Detention,
    approval_ref: str,
    national_approval: bool,
    serious_offence: bool,
) -> Detention:
    """[监察法2024] 留置再延长: only after the first extension, only once, for an offence
    punishable by ten years' imprisonment or more, approved by the National Supervisory
    Commission (国家监察委员会) — its approval is recorded with its reference. At most 2
    months (policy default), counted from the end of the extended period, never moved
    for holidays."""
    person = detention.person
    check_approver(actor, person.case)
    if detention.kind != MeasureKind.DETENTION:
        raise DomainError("只有留置可以再延长")
    if detention.released_on:
        raise DomainError("留置已解除，不能再延长")
    today = timezone.localdate()
    check_law_2025(today, "再延长留置时间")
    if not detention.extended:
        raise DomainError("留置时间尚未延长过，不能再延长（须先延长一次）")
    if detention.second_extended:
        raise DomainError("留置时间只能再延长一次")
    if not serious_offence:
        raise DomainError(
            "只有涉嫌职务犯罪、可能判处十年有期徒刑以上刑罚的，才能再延长留置时间",
            fields={"serious_offence": ["须为可能判处十年有期徒刑以上刑罚"]},
        )
    if not national_approval or not approval_ref.strip():
        raise DomainError(
            "再延长留置时间须经国家监察委员会批准，请填写其批准文号",
            fields={"approval_ref": ["请填写国家监察委员会批准文号"]},
        )
    if today > detention.due_on:
        raise DomainError("留置期限已届满，不能再延长")
    months = policy_value("supervision.detention_second_extension_months", on=today)
    due = rules.detention_second_extended_due(detention.due_on, months=months)
    detention.due_on, detention.provisional = due, due.provisional
    detention.second_extended = detention.serious_offence = True
    detention.save(update_fields=["due_on", "provisional", "second_extended", "serious_offence"])
    record_approval(
        actor,
        person.case,
        "detention_second_extension",
        f"再延长{person.name}留置时间{months}个月（国家监察委员会批准）",
        approval_ref,
        person=person,
    )
    event_record(
        actor=actor,
        action="cases.case.second_extend_detention",
        obj=person.case,
        payload={
            "person": person.name,
            "due": detention.due_on,
            "approval_ref": approval_ref,
            "approved_by": "国家监察委员会",
        },
    )
    return detention


@locked("detention.person.case", "detention.person", "detention")
def detention_recount(
    *, actor: Any, detention: Detention, on: date, offence: str, approval_ref: str
) -> Detention:
    """[监察法2024] 重新计算: another major offence found during 留置 (of a different
    kind, or of the same kind changing the charge or the sentence range): the detention
    period is counted again from the day it was found, once only, approved as the
    detention was. The new period is 3 months and may again be extended (so 8 months,
    at most 16 with the recount)."""
    person = detention.person
    check_approver(actor, person.case)
    if detention.kind != MeasureKind.DETENTION:
        raise DomainError("只有留置可以重新计算留置时间")
    if detention.released_on:
        raise DomainError("留置已解除，不能重新计算")
    check_law_2025(on, "重新计算留置时间")
    if detention.recounted_on:
        raise DomainError("留置时间只能重新计算一次")
    check_date(on, after=detention.started_on, what="发现之日")
    if on > detention.due_on:
        raise DomainError("发现之日已在留置期限届满之后")
    if not offence.strip():
        raise DomainError("请写明新发现的重大职务犯罪", fields={"offence": ["请填写"]})
    if not approval_ref.strip():
        raise DomainError("请填写批准文件", fields={"approval_ref": ["请填写"]})
    due = rules.detention_recount_due(on)
    detention.due_on, detention.provisional, detention.recounted_on = due, due.provisional, on
    detention.extended = detention.second_extended = False
    detention.save(
        update_fields=["due_on", "provisional", "recounted_on", "extended", "second_extended"]
    )
    record_approval(
        actor,
        person.case,
        "detention_recount",
        f"发现{person.name}另有重大职务犯罪，重新计算留置时间：{offence}",
        approval_ref,
        person=person,
    )
    event_record(
        actor=actor,
        action="cases.case.recount_detention",
        obj=person.case,
        reason=offence,
        payload={"person": person.name, "on": on, "due": detention.due_on},
    )
    return detention


@locked("detention.person.case", "detention.person", "detention")
def measure_notify(
    *,
    actor: Any,
    detention: Detention,
    at: datetime | None = None,
    notified_to: str = "",
    withheld: str = "",
    approval_ref: str = "",
) -> Detention:
    """[监察法] 44; [条例] 98: the unit and the family are told within 24 hours (``at``,
    whom). Where telling them could lead to evidence destroyed or forged, witnesses
    interfered with or collusion (有碍调查), the notice is withheld with approval and
    recorded (``withheld``, ``approval_ref``); it is given as soon as that ends (a
    later call with ``at``). The handling unit gives the notice; withholding it is
    reported for approval (按规定报批, [条例] 98; [规则] 41): the handling unit proposes
    ``notice_withheld`` (``case_propose``) and a leader records it here by deciding
    that proposal (``record_approval``)."""
    person = detention.person
    if withheld.strip():
        check_approver(actor, person.case)
    else:
        check_handler(actor, person.case)
    if not detention.notice_due_at:
        raise DomainError(f"{detention.get_kind_display()}无须通知单位和家属")
    if detention.notified_at:
        raise DomainError("已经通知过单位和家属")
    if withheld.strip():
        if detention.notice_withheld:
            raise DomainError("已登记有碍调查暂不通知")
        if not approval_ref.strip():
            raise DomainError(
                "有碍调查暂不通知的，应当按规定报批", fields={"approval_ref": ["请填写"]}
            )
        detention.notice_withheld = withheld.strip()[:200]
        detention.save(update_fields=["notice_withheld"])
        record_approval(
            actor,
            person.case,
            "notice_withheld",
            f"有碍调查，暂不通知：{withheld}",
            approval_ref,
            person=person,
        )
        action = "cases.case.notice_withheld"
        payload: dict[str, Any] = {"reason": withheld}
    else:
        if at is None:
            raise DomainError("请填写通知时间", fields={"at": ["请填写"]})
        if not notified_to.strip():
            raise DomainError("请写明通知了谁（单位、家属）", fields={"notified_to": ["请填写"]})
        at = at if timezone.is_aware(at) else timezone.make_aware(at)
        if at > timezone.now():
            raise DomainError("通知时间不能晚于现在", fields={"at": ["晚于现在"]})
        if detention.started_at and at < detention.started_at:
            raise DomainError("通知时间不能早于采取措施的时间", fields={"at": ["早于措施"]})
        detention.notified_at, detention.notified_to = at, notified_to.strip()[:100]
        detention.save(update_fields=["notified_at", "notified_to"])
        late = at > detention.notice_due_at
        action = "cases.case.notify"
        payload = {"at": at, "to": detention.notified_to, "late": late}
    event_record(
        actor=actor,
        action=action,
        obj=person.case,
        payload={"person": person.name, "kind": detention.kind, **payload},
    )
    return detention


@locked("person.case", "person")
def incident_record(
    *,
    actor: Any,
    person: CasePerson,
    kind: str,
    occurred_at: datetime,
    description: str,
    principal_told_at: datetime | None = None,
) -> SafetyIncident:
    """[条例] 103: a death, injury, escape or other safety incident during a measure is
    recorded with when and what happened; the principal leader is told at once
    (``principal_told_at``) and the report up to the National Supervisory Commission is
    due within 24 hours of the incident."""
    check_handler(actor, person.case)
    if kind not in rules.IncidentKind.values:
        raise DomainError("请选择事故、事件类别", fields={"kind": ["请选择"]})
    if not description.strip():
        raise DomainError("请写明经过和处置情况", fields={"description": ["请填写"]})
    occurred_at = (
        occurred_at if timezone.is_aware(occurred_at) else timezone.make_aware(occurred_at)
    )
    if occurred_at > timezone.now():
        raise DomainError("发生时间不能晚于现在", fields={"occurred_at": ["晚于现在"]})
    measure = (
        person.detentions.filter(
            kind__in=rules.CUSTODIAL_MEASURES,
            started_on__lte=timezone.localtime(occurred_at).date(),
        )
        .order_by("-started_on", "-id")
        .first()
    )
    if measure is None:
        raise DomainError(f"{person.name}没有被采取留置、管护或强制到案措施")
    incident = SafetyIncident.objects.create(
        person=person,
        detention=measure,
        kind=kind,
        occurred_at=occurred_at,
        description=description.strip(),
        principal_told_at=principal_told_at,
        report_due_at=rules.incident_report_due(occurred_at),
        recorded_by=actor,
    )
    event_record(
        actor=actor,
        action="cases.case.safety_incident",
        obj=person.case,
        reason=description,
        payload={
            "person": person.name,
            "kind": kind,
            "at": occurred_at,
            "due": incident.report_due_at,
        },
    )
    return incident


@locked("incident.person.case", "incident.person", "incident")
def incident_report_up(
    *, actor: Any, incident: SafetyIncident, at: datetime, reported_to: str
) -> SafetyIncident:
    """[条例] 103: the report sent up (level by level to the National Supervisory
    Commission): when and to whom; late when after ``report_due_at``."""
    check_handler(actor, incident.person.case)
    if incident.reported_up_at:
        raise DomainError("已经登记过上报")
    if not reported_to.strip():
        raise DomainError("请写明上报至哪一级监察机关", fields={"reported_to": ["请填写"]})
    at = at if timezone.is_aware(at) else timezone.make_aware(at)
    if at > timezone.now():
        raise DomainError("上报时间不能晚于现在", fields={"at": ["晚于现在"]})
    if at < incident.occurred_at:
        raise DomainError("上报时间不能早于发生时间", fields={"at": ["早于发生时间"]})
    incident.reported_up_at, incident.reported_to = at, reported_to.strip()[:100]
    incident.save(update_fields=["reported_up_at", "reported_to"])
    event_record(
        actor=actor,
        action="cases.case.safety_incident_reported",
        obj=incident.person.case,
        payload={
            "person": incident.person.name,
            "at": at,
            "to": incident.reported_to,
            "late": at > incident.report_due_at,
        },
    )
    return incident
