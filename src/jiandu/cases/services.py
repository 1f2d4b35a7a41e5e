"""Every write to the case register. Each step is a service: it checks the state
machine (``jiandu.cases.rules``), the actor's capability, scope and part in the case
(handling units act on the investigation, the review office on the review, leaders
approve), the stage documents, fixes the due dates the step starts, and records one
audit event on the case, in one transaction.

Dates: every step takes the day it happened (``on``), e.g. the date on the signed
decision; it may not be in the future nor before the track entered its stage.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.cases import rules
from jiandu.cases.models import (
    Case,
    CaseApproval,
    CaseDeadline,
    CaseDocument,
    CasePerson,
    Decision,
    DecisionMeasure,
    Detention,
    DocumentVersion,
    FollowUp,
    FollowUpForm,
    Recommendation,
    RecommendationStatus,
    ReformItem,
)
from jiandu.cases.rules import CaseDeadlineKind, CaseKind, Stage
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.numbering import next_number
from jiandu.core.permissions import require_capability
from jiandu.core.scoping import require_visible
from jiandu.core.services import locked
from jiandu.intake.models import ProblemCategory
from jiandu.org.models import Cadre, PoliticalStatus, Unit, UnitKind

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_EXTENSIONS = (".docx", ".pdf", ".ofd", ".jpg", ".jpeg", ".png")

# --- helpers ---------------------------------------------------------------------------


def _visible(actor: Any, case: Case) -> None:
    """The actor must see the case (system actors see everything). The lead and review
    units are checked against the actor's scope in memory; only the co-handling units
    need a query."""
    if actor is None:
        return
    if not getattr(actor, "is_authenticated", False):
        raise NotFound()
    scope = actor.unit_scope("cases")
    if scope.all or case.lead_unit_id in scope.unit_ids or case.review_unit_id in scope.unit_ids:
        return
    if not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise NotFound()


def handling_unit_ids(case: Case) -> set[int]:
    """The lead unit and the co-handling units (室组地联合办案), read once per case object."""
    ids = case.__dict__.get("_handling_unit_ids")
    if ids is None:
        ids = {case.lead_unit_id, *case.co_units.values_list("pk", flat=True)}
        case.__dict__["_handling_unit_ids"] = ids
    return ids


def _handler(actor: Any, case: Case) -> None:
    """Investigation steps belong to the lead and co-handling units."""
    require_capability(actor, "cases.handle")
    _visible(actor, case)
    if actor is not None and actor.unit_id not in handling_unit_ids(case):
        raise DomainError(f"该案件由{case.lead_unit.name}主办，只能由主办或协办单位办理")


def _reviewer(actor: Any, case: Case) -> None:
    """Review steps: the review office, never one of the case's investigators ([规则] 54:
    审查调查人员不得参与审理)."""
    require_capability(actor, "cases.review")
    _visible(actor, case)
    if actor is not None and case.investigators.filter(pk=actor.pk).exists():
        raise DomainError(
            "您是本案的审查调查人员，不能参与审理（《监督执纪工作规则》第五十四条：审查调查与审理相分离）"
        )


def _approver(actor: Any, case: Case) -> None:
    require_capability(actor, "cases.approve")
    _visible(actor, case)


def _check_date(on: date, *, after: date | None = None, what: str = "日期") -> None:
    if on > timezone.localdate():
        raise DomainError(f"{what}不能晚于今天", fields={"on": ["日期晚于今天"]})
    if after is not None and on < after:
        raise DomainError(
            f"{what}不能早于{after.year}年{after.month}月{after.day}日（上一步的日期）",
            fields={"on": ["日期早于上一步"]},
        )


def _start_deadline(
    case: Case, kind: str, started_on: date, due: Any, person: CasePerson | None = None
) -> CaseDeadline:
    return CaseDeadline.objects.create(
        case=case,
        person=person,
        kind=kind,
        started_on=started_on,
        due_on=due,
        provisional=getattr(due, "provisional", False),
        basis=rules.DEADLINE_BASIS[kind][:120],
    )


def _running(case: Case, kind: str, person: CasePerson | None = None) -> CaseDeadline | None:
    return (
        CaseDeadline.objects.filter(case=case, person=person, kind=kind, met_on__isnull=True)
        .order_by("-id")
        .first()
    )


def _meet(case: Case, kind: str, on: date, person: CasePerson | None = None) -> None:
    CaseDeadline.objects.filter(case=case, person=person, kind=kind, met_on__isnull=True).update(
        met_on=on
    )


def signed_document_kinds(person: CasePerson) -> set[str]:
    """Kinds with a signed version, on this track or on the whole case."""
    from django.db.models import Q

    return set(
        DocumentVersion.objects.filter(signed=True, document__case_id=person.case_id)
        .filter(Q(document__person__isnull=True) | Q(document__person=person))
        .values_list("document__kind", flat=True)
    )


def current_measures(person: CasePerson) -> list[str]:
    decision = person.decisions.filter(superseded=False).order_by("-decided_on", "-id").first()
    return list(decision.measures.values_list("measure", flat=True)) if decision else []


def _gate(person: CasePerson, action: str) -> None:
    """A stage cannot be left while a required document has no signed version."""
    kinds = {rules.measure_kind(m) for m in current_measures(person)} if action == "serve" else ()
    missing = rules.missing_documents(
        person.stage, action, signed_document_kinds(person), measure_kinds=kinds
    )
    if missing:
        from jiandu.cases.documents import DOCUMENT_KINDS

        names = "、".join(DOCUMENT_KINDS[k].label for k in missing)
        raise DomainError(
            f"{person.name}：缺少已签发的{names}，不能{rules.ACTION_LABELS[action]}"
            "（请先生成并上传签署件）",
            fields={"documents": missing},
        )


def _move(
    actor: Any,
    person: CasePerson,
    action: str,
    *,
    on: date,
    reason: str = "",
    payload: dict | None = None,
    fields: tuple[str, ...] = (),
    gate: bool = True,
) -> CasePerson:
    """Apply a transition to one track: check it and its documents, save the stage,
    record the event on the case."""
    target = rules.check_transition(person.stage, action)
    _check_date(on, after=person.stage_since)
    if gate:
        _gate(person, action)
    before = person.stage
    if target != before:  # a self-transition (an extension) keeps the stage's start day
        person.stage, person.stage_since = target, on
    person.save(update_fields=["stage", "stage_since", *fields])
    event_record(
        actor=actor,
        action=f"cases.case.{action}",
        obj=person.case,
        from_state=f"{person.name}：{Stage(before).label}",
        to_state=f"{person.name}：{Stage(target).label}",
        reason=reason,
        payload={"person": person.name, "person_id": person.pk, "on": on, **(payload or {})},
    )
    return person


# Tracks on which no decision has been made yet ([条例] 185: "作出处理决定").
UNDECIDED = frozenset(
    {
        Stage.PROPOSED,
        Stage.FILED,
        Stage.INVESTIGATION,
        Stage.SUPPLEMENTARY,
        Stage.REFERRED,
        Stage.REVIEW,
        Stage.PROSECUTION,
        Stage.PROSECUTION_SUPPLEMENTARY,
    }
)


def _meet_investigation_when_decided(case: Case, on: date) -> None:
    """The investigation limit is met once every track is decided (or revoked)."""
    if not case.people.filter(stage__in=UNDECIDED).exists():
        _meet(case, CaseDeadlineKind.INVESTIGATION, on)


def _tracks(case: Case, stage: str) -> list[CasePerson]:
    return list(case.people.filter(stage=stage).order_by("id"))


# --- opening ([规则] 37–38; [条例] 180–184) -----------------------------------------------


@dataclass(frozen=True)
class PersonInput:
    """One person of a new case: a cadre from the register, or a name (and unit)."""

    cadre: Cadre | None = None
    name: str = ""
    unit: Unit | None = None
    title: str = ""
    rank: str = ""
    is_party_member: bool | None = None
    is_village_staff: bool | None = None
    amount_involved: Decimal | None = None


def _require_in_scope(
    actor: Any,
    *,
    people: Iterable[PersonInput] = (),
    target_unit: Unit | None = None,
    clue: Any = None,
) -> None:
    """No case on a person or a unit outside what the actor may see (issue 10, finding
    5): the scoped fields of the forms and the API refuse them first; this is the
    service's own check, for every other caller. The subject of a clue the actor
    handles (routed to it with a leader's approval) is the exception: the clue is the
    authority, and its visibility is checked with it."""
    message = "所选干部或单位不存在，或您无权查看"
    granted = {clue.subject_cadre_id, clue.subject_unit_id} - {None} if clue else set()
    for p in people:
        if p.cadre is not None and p.cadre.pk not in granted:
            require_visible(actor, p.cadre, message=message, field="people")
        if p.unit is not None and p.unit.pk not in granted:
            require_visible(actor, p.unit, message=message, field="people")
    require_visible(actor, target_unit, message=message, field="target_unit")


def _require_case_unit(actor: Any, case: Case, unit: Unit) -> None:
    """A recommendation or a reform item goes to a unit of the case (its people's, the
    unit filed on) or to one the actor may see."""
    own = {case.target_unit_id, *case.people.values_list("unit_id", flat=True)}
    if unit.pk not in own:
        _require_in_scope(actor, target_unit=unit)


def _person_fields(p: PersonInput) -> dict[str, Any]:
    post = None
    if p.cadre is not None:
        post = (
            p.cadre.posts.current()
            .select_related("unit")
            .order_by("-is_head", "-is_leadership")
            .first()
        )
    name = (p.cadre.name if p.cadre else p.name).strip()
    if not name:
        raise DomainError("请填写被审查调查人姓名", fields={"people": ["请填写姓名"]})
    unit = p.unit or (post.unit if post else None)
    party = p.is_party_member
    if party is None:
        # Party sanctions apply to full members only: a probationary member (预备党员) is
        # educated, has the probation extended or the membership cancelled ([处分条例] 36).
        party = p.cadre.political_status == PoliticalStatus.PARTY_MEMBER if p.cadre else True
    village = p.is_village_staff
    if village is None:
        village = bool(unit and unit.kind == UnitKind.VILLAGE)
    if p.amount_involved is not None and p.amount_involved < 0:
        raise DomainError("涉案金额不能为负数", fields={"amount_involved": ["金额为负"]})
    return {
        "cadre": p.cadre,
        "name": name[:100],
        "unit": unit,
        "title": (post.title if post else p.title.strip())[:60],
        "rank": (p.cadre.rank if p.cadre else p.rank)[:16],
        "is_party_member": party,
        "is_village_staff": village,
        "amount_involved": p.amount_involved,
    }


@locked("clue")
def case_open(
    *,
    actor: Any,
    kind: str,
    title: str,
    summary: str,
    proposed_on: date,
    lead_unit: Unit,
    people: Iterable[PersonInput] = (),
    target_unit: Unit | None = None,
    co_units: Iterable[Unit] = (),
    leader: Any = None,
    investigators: Iterable[Any] = (),
    category_codes: Iterable[str] = (),
    supervision_law: bool = True,
    clue: Any = None,
) -> Case:
    """The handling unit drafts the 立案审查调查呈批报告 and proposes the filing
    ([规则] 38): on one or more people, on an incident (以事立案: people may be added
    later) or on an organisation (单位立案, [条例] 181). The case waits for the
    principal leader's approval (``case_decide_filing``)."""
    require_capability(actor, "cases.handle")
    if kind not in CaseKind.values:
        raise DomainError("立案方式不存在", fields={"kind": ["立案方式不存在"]})
    title, summary = (title or "").strip(), (summary or "").strip()
    if not title:
        raise DomainError("请填写案由", fields={"title": ["请填写案由"]})
    if not summary:
        raise DomainError("请填写主要问题", fields={"summary": ["请填写主要问题"]})
    _check_date(proposed_on, what="呈批日期")
    if not lead_unit.is_commission_body or lead_unit.kind == UnitKind.COMMISSION:
        raise DomainError("主办单位应为纪检监察室、派驻纪检监察组或乡镇纪委")
    if actor is not None and actor.unit_id != lead_unit.pk:
        raise DomainError("只能以本单位为主办单位提出立案")
    people = list(people)
    _require_in_scope(actor, people=people, target_unit=target_unit, clue=clue)
    if kind == CaseKind.PERSON and not people:
        raise DomainError("对人立案须至少列明一名被审查调查人", fields={"people": ["请添加"]})
    if kind == CaseKind.ORGANISATION and target_unit is None:
        raise DomainError("单位立案须选择被立案单位", fields={"target_unit": ["请选择单位"]})
    co_units = [u for u in co_units if u.pk != lead_unit.pk]
    for unit in co_units:
        if not unit.is_commission_body:
            raise DomainError(f"{unit.name}不是纪检监察机构，不能协办案件")
    if leader is not None and not leader.has_capability("cases.approve"):
        raise DomainError("包案领导应为委领导", fields={"leader": ["请选择委领导"]})
    if clue is not None:
        from jiandu.clues.models import Clue, ClueStatus

        if actor is not None and not Clue.objects.visible_to(actor).filter(pk=clue.pk).exists():
            raise NotFound()
        if clue.status != ClueStatus.PENDING_CASE:
            raise DomainError(
                f"线索{clue.number}状态为“{clue.get_status_display()}”，只有“拟立案”的线索可以立案"
            )
        if Case.objects.filter(clue=clue).exists():
            raise DomainError(f"线索{clue.number}已经立案")
        other_unit = actor is not None and actor.unit_id != clue.handling_unit_id
        if clue.handling_unit_id and other_unit:
            raise DomainError("只有线索的承办单位可以对其立案")
    categories = list(ProblemCategory.objects.filter(code__in=list(category_codes)))
    unknown = set(category_codes) - {c.code for c in categories}
    if unknown:
        raise DomainError(f"问题类别不存在：{'、'.join(sorted(unknown))}")
    case = Case.objects.create(
        number=next_number("AJ", proposed_on.year),
        kind=kind,
        title=title[:200],
        summary=summary,
        clue=clue,
        supervision_law=supervision_law,
        target_unit=target_unit,
        lead_unit=lead_unit,
        leader=leader,
        proposed_on=proposed_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if co_units:
        case.co_units.set(co_units)
    team = list(investigators)
    if getattr(actor, "is_authenticated", False) and actor not in team:
        team.insert(0, actor)
    if team:
        case.investigators.set(team)
    if categories:
        case.categories.set(categories)
    rows = [_person_fields(p) for p in people]
    if kind == CaseKind.ORGANISATION:
        rows.insert(
            0,
            {
                "name": target_unit.name,
                "unit": target_unit,
                "is_unit": True,
                "is_party_member": False,
            },
        )
    for row in rows:
        CasePerson.objects.create(case=case, stage=Stage.PROPOSED, stage_since=proposed_on, **row)
    CaseApproval.objects.create(
        case=case,
        step="filing",
        proposal=f"拟对{'、'.join(r['name'] for r in rows) or title}立案审查调查。"[:300],
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    event_record(
        actor=actor,
        action="cases.case.open",
        obj=case,
        to_state=Stage.PROPOSED.label,
        payload={
            "kind": kind,
            "people": [r["name"] for r in rows],
            "clue": clue.number if clue else "",
            "on": proposed_on,
            "co_units": [u.name for u in co_units],
        },
    )
    return case


def people_from_clue(clue: Any) -> list[PersonInput]:
    """The clue's subject as the person of the case."""
    return [
        PersonInput(
            cadre=clue.subject_cadre,
            name=clue.subject_name,
            unit=clue.subject_unit,
            title=clue.subject_title,
            rank=clue.subject_rank,
        )
    ]


@locked("clue")
def case_open_from_clue(
    *, actor: Any, clue: Any, proposed_on: date, title: str = "", **kwargs: Any
) -> Case:
    """A clue whose verification proposed a case (拟立案) becomes a case: its subject,
    categories and handling unit carry over."""
    kwargs.setdefault("summary", clue.summary)
    kwargs.setdefault("people", people_from_clue(clue))
    kwargs.setdefault("category_codes", list(clue.categories.values_list("code", flat=True)))
    kwargs.setdefault("lead_unit", clue.handling_unit)
    kwargs.setdefault("kind", CaseKind.PERSON)
    if kwargs["lead_unit"] is None:
        raise DomainError("该线索没有承办单位，不能立案")
    title = title or f"{clue.subject_name}涉嫌违纪违法案"
    return case_open(actor=actor, clue=clue, title=title, proposed_on=proposed_on, **kwargs)


@locked("case")
def case_decide_filing(
    *, actor: Any, case: Case, approve: bool, on: date, comment: str = ""
) -> Case:
    """[规则] 38: the principal leader approves the filing (not the proposer). Approved:
    every proposed track is filed, and for a supervision-law case the investigation year
    starts ([条例] 185)."""
    _approver(actor, case)
    approval = CaseApproval.objects.filter(case=case, step="filing", decided_at__isnull=True).last()
    if approval is None:
        raise DomainError("没有待审批的立案呈批")
    if actor is not None and approval.proposed_by_id == actor.pk:
        raise DomainError("拟办人不能审批自己的呈批")
    tracks = _tracks(case, Stage.PROPOSED)
    action = "approve_filing" if approve else "reject_filing"
    _check_date(on, after=case.proposed_on, what="审批日期")
    approval.approver, approval.decided_at = actor, timezone.now()
    approval.approved, approval.comment = approve, comment[:200]
    approval.save(update_fields=["approver", "decided_at", "approved", "comment"])
    for person in tracks:
        _move(actor, person, action, on=on, reason=comment)
    if approve:
        case.filed_on = on
        case.save(update_fields=["filed_on"])
        if case.clue_id:
            from jiandu.clues.services import clue_case_filed

            clue_case_filed(actor=actor, clue=case.clue, case_number=case.number, on=on)
        if case.supervision_law:
            _start_deadline(case, CaseDeadlineKind.INVESTIGATION, on, rules.investigation_due(on))
    return case


@locked("case")
def case_add_person(*, actor: Any, case: Case, person: PersonInput, on: date) -> CasePerson:
    """A person identified later in a case (above all 以事立案) gets a track, filed with
    the case (or proposed with it, while the filing waits for approval)."""
    _handler(actor, case)
    _check_date(on, after=case.proposed_on)
    _require_in_scope(actor, people=[person])
    row = _person_fields(person)
    if case.people.filter(name=row["name"], cadre=row["cadre"]).exists():
        raise DomainError(f"{row['name']}已在本案中")
    stage = Stage.FILED if case.filed_on else Stage.PROPOSED
    track = CasePerson.objects.create(case=case, stage=stage, stage_since=on, **row)
    event_record(
        actor=actor,
        action="cases.case.add_person",
        obj=case,
        to_state=f"{track.name}：{Stage(stage).label}",
        payload={"person": track.name, "person_id": track.pk, "on": on},
    )
    return track


@locked("case")
def case_set_team(
    *,
    actor: Any,
    case: Case,
    co_units: Iterable[Unit] | None = None,
    leader: Any = None,
    investigators: Iterable[Any] | None = None,
) -> Case:
    """Joint handling (室组地联合办案), the case leader (包案领导) and the investigators.
    A reviewer of the case cannot become one of its investigators ([规则] 54)."""
    _handler(actor, case)
    payload: dict[str, Any] = {}
    if co_units is not None:
        units = [u for u in co_units if u.pk != case.lead_unit_id]
        for unit in units:
            if not unit.is_commission_body:
                raise DomainError(f"{unit.name}不是纪检监察机构，不能协办案件")
        case.co_units.set(units)
        case.__dict__.pop("_handling_unit_ids", None)
        payload["co_units"] = [u.name for u in units]
    if leader is not None:
        if not leader.has_capability("cases.approve"):
            raise DomainError("包案领导应为委领导")
        case.leader = leader
        case.save(update_fields=["leader"])
        payload["leader"] = str(leader)
    if investigators is not None:
        team = list(investigators)
        reviewers = set(case.reviewers.values_list("pk", flat=True))
        clash = [str(u) for u in team if u.pk in reviewers]
        if clash:
            raise DomainError(
                f"{'、'.join(clash)}参与了本案审理，不能担任审查调查人员（《监督执纪工作规则》第五十四条）"
            )
        if not team:
            raise DomainError("审查调查人员不能为空")
        case.investigators.set(team)
        payload["investigators"] = [str(u) for u in team]
    event_record(actor=actor, action="cases.case.set_team", obj=case, payload=payload)
    return case


# --- investigation ([规则] 39–52; [条例] 185–190) ------------------------------------------


@locked("person.case", "person")
def case_start_investigation(*, actor: Any, person: CasePerson, on: date) -> CasePerson:
    """The filing decision is announced; the investigation begins (立案决定书 signed)."""
    _handler(actor, person.case)
    return _move(actor, person, "start_investigation", on=on)


@locked("case")
def case_extend_investigation(*, actor: Any, case: Case, approval_ref: str, reason: str) -> Case:
    """[条例] 185: the higher commission may extend the investigation year by at most 6
    months (once); the approval is recorded with its reference."""
    _approver(actor, case)
    if case.investigation_extended:
        raise DomainError("调查期限只能延长一次（不超过六个月）")
    deadline = _running(case, CaseDeadlineKind.INVESTIGATION)
    if deadline is None:
        raise DomainError("本案没有进行中的调查期限")
    if not approval_ref.strip():
        raise DomainError("请填写上一级监察机关的批准文号", fields={"approval_ref": ["请填写"]})
    due = rules.investigation_due(deadline.started_on, extended=True)
    deadline.due_on, deadline.provisional = due, due.provisional
    deadline.basis = (rules.DEADLINE_BASIS[CaseDeadlineKind.INVESTIGATION] + "（已延长）")[:120]
    deadline.save(update_fields=["due_on", "provisional", "basis"])
    case.investigation_extended = True
    case.save(update_fields=["investigation_extended"])
    now = timezone.now()
    CaseApproval.objects.create(
        case=case,
        step="investigation_extension",
        proposal=f"延长调查期限六个月。{reason}"[:300],
        proposed_by=actor,
        proposed_at=now,
        approver=actor,
        approval_ref=approval_ref.strip()[:100],
        decided_at=now,
        approved=True,
    )
    event_record(
        actor=actor,
        action="cases.case.extend_investigation",
        obj=case,
        reason=reason,
        payload={"due": due, "approval_ref": approval_ref},
    )
    return case


@locked("person.case", "person")
def detention_start(
    *, actor: Any, person: CasePerson, on: date, place: str = "", approval_ref: str = ""
) -> Detention:
    """留置 ([监察法] 43; [条例] 96–101): approved by the commission's leadership, with
    the 留置决定书 signed; 3 months, never moved for holidays ([条例] 285)."""
    case = person.case
    _approver(actor, case)
    if person.is_unit:
        raise DomainError("不能对单位采取留置措施")
    if person.stage not in {Stage.FILED, Stage.INVESTIGATION, Stage.SUPPLEMENTARY}:
        raise DomainError(f"{person.name}处于“{person.get_stage_display()}”阶段，不能留置")
    if not case.supervision_law:
        raise DomainError("留置只适用于监察立案调查的案件")
    if person.detentions.filter(released_on__isnull=True).exists():
        raise DomainError(f"{person.name}正在留置中")
    if person.detentions.exists():
        raise DomainError(f"{person.name}已被留置过，留置措施只能采取一次（含一次延长）")
    _check_date(on, after=case.filed_on or case.proposed_on)
    if "detention_decision" not in signed_document_kinds(person):
        raise DomainError("缺少已签发的留置决定书，不能留置")
    due = rules.detention_due(on)
    detention = Detention.objects.create(person=person, started_on=on, due_on=due, place=place)
    now = timezone.now()
    CaseApproval.objects.create(
        case=case,
        person=person,
        step="detention",
        proposal=f"对{person.name}采取留置措施",
        proposed_by=actor,
        proposed_at=now,
        approver=actor,
        approval_ref=approval_ref[:100],
        decided_at=now,
        approved=True,
    )
    event_record(
        actor=actor,
        action="cases.case.detain",
        obj=case,
        to_state=f"{person.name}：留置",
        payload={"person": person.name, "person_id": person.pk, "on": on, "due": due},
    )
    return detention


@locked("detention.person.case", "detention.person", "detention")
def detention_extend(*, actor: Any, detention: Detention, approval_ref: str) -> Detention:
    """One extension of at most 3 months ([监察法] 43), approved by the higher commission;
    counted from the first period's last day, never moved for holidays."""
    person = detention.person
    _approver(actor, person.case)
    if detention.released_on:
        raise DomainError("留置已解除，不能延长")
    if detention.extended:
        raise DomainError("留置时间只能延长一次（《监察法》第四十三条）")
    if not approval_ref.strip():
        raise DomainError("请填写上一级监察机关的批准文号", fields={"approval_ref": ["请填写"]})
    if timezone.localdate() > detention.due_on:
        raise DomainError("留置期限已届满，不能再延长")
    if "detention_extension" not in signed_document_kinds(person):
        raise DomainError("缺少已签发的延长留置时间决定书，不能延长留置")
    detention.due_on = rules.detention_extended_due(detention.due_on)
    detention.extended = True
    detention.save(update_fields=["due_on", "extended"])
    now = timezone.now()
    CaseApproval.objects.create(
        case=person.case,
        person=person,
        step="detention_extension",
        proposal=f"延长{person.name}留置时间三个月",
        proposed_by=actor,
        proposed_at=now,
        approver=actor,
        approval_ref=approval_ref.strip()[:100],
        decided_at=now,
        approved=True,
    )
    event_record(
        actor=actor,
        action="cases.case.extend_detention",
        obj=person.case,
        payload={"person": person.name, "due": detention.due_on, "approval_ref": approval_ref},
    )
    return detention


@locked("detention.person.case", "detention.person", "detention")
def detention_release(*, actor: Any, detention: Detention, on: date, reason: str) -> Detention:
    """Release from detention; a supervision-law investigation then has a year from the
    release ([条例] 185): the investigation limit restarts."""
    person = detention.person
    case = person.case
    _handler(actor, case)
    if detention.released_on:
        raise DomainError("留置已经解除")
    _check_date(on, after=detention.started_on)
    detention.released_on = on
    detention.save(update_fields=["released_on"])
    deadline = _running(case, CaseDeadlineKind.INVESTIGATION)
    if deadline is not None:
        due = rules.investigation_due(on, extended=case.investigation_extended)
        if due > deadline.due_on:
            deadline.started_on, deadline.due_on, deadline.provisional = on, due, due.provisional
            deadline.save(update_fields=["started_on", "due_on", "provisional"])
    event_record(
        actor=actor,
        action="cases.case.release",
        obj=case,
        reason=reason,
        payload={"person": person.name, "person_id": person.pk, "on": on},
    )
    return detention


def _review_office() -> Unit | None:
    return Unit.objects.filter(kind=UnitKind.REVIEW_OFFICE).order_by("sort_order", "pk").first()


@locked("person.case", "person")
def case_refer_review(*, actor: Any, person: CasePerson, on: date) -> CasePerson:
    """[规则] 52; [条例] 190: the investigation report is signed; the case goes to the
    review office, which from now on sees it."""
    case = person.case
    _handler(actor, case)
    person = _move(actor, person, "refer_review", on=on)
    if case.review_unit_id is None:
        case.review_unit = _review_office()
        case.save(update_fields=["review_unit"])
    return person


@locked("person.case", "person")
def case_resubmit(*, actor: Any, person: CasePerson, on: date, reason: str = "") -> CasePerson:
    """[条例] 197: after a supplementary investigation the case returns to review and the
    review clock runs again; the days of the supplementary investigation are not
    counted."""
    case = person.case
    _handler(actor, case)
    person = _move(actor, person, "resubmit", on=on, reason=reason)
    deadline = (
        CaseDeadline.objects.filter(
            case=case, person=person, kind=CaseDeadlineKind.REVIEW, paused_on__isnull=False
        )
        .order_by("-id")
        .first()
    )
    if deadline is not None:
        deadline.paused_days += (on - deadline.paused_on).days
        deadline.paused_on = None
        due = rules.review_due(
            deadline.started_on,
            extensions=person.review_extensions,
            paused_days=deadline.paused_days,
        )
        deadline.due_on, deadline.provisional = due, due.provisional
        deadline.save(update_fields=["paused_days", "paused_on", "due_on", "provisional"])
    return person


# --- review ([规则] 54–55; [条例] 194–198) ---------------------------------------------------


@locked("person.case", "person")
def case_accept_review(*, actor: Any, person: CasePerson, on: date) -> CasePerson:
    """The review office accepts the case: one month from acceptance ([条例] 194); a
    new acceptance after a new investigation restarts the month ([条例] 197). The
    reviewer may not be one of the investigators ([规则] 54)."""
    case = person.case
    _reviewer(actor, case)
    person = _move(actor, person, "accept_review", on=on)
    if getattr(actor, "is_authenticated", False):
        case.reviewers.add(actor)
    _meet(case, CaseDeadlineKind.REVIEW, on, person)
    person.review_extensions = 0
    person.save(update_fields=["review_extensions"])
    _start_deadline(case, CaseDeadlineKind.REVIEW, on, rules.review_due(on), person)
    return person


@locked("person.case", "person")
def case_return_supplementary(
    *, actor: Any, person: CasePerson, on: date, reason: str
) -> CasePerson:
    """[条例] 196–197: back to the investigators to complete the evidence; the review
    clock stands still meanwhile."""
    case = person.case
    _reviewer(actor, case)
    if not reason.strip():
        raise DomainError("请写明需要补充调查的事项", fields={"reason": ["请填写"]})
    person = _move(actor, person, "return_supplementary", on=on, reason=reason)
    deadline = _running(case, CaseDeadlineKind.REVIEW, person)
    if deadline is not None:
        deadline.paused_on = on
        deadline.save(update_fields=["paused_on"])
    return person


@locked("person.case", "person")
def case_return_reinvestigate(
    *, actor: Any, person: CasePerson, on: date, reason: str
) -> CasePerson:
    """[条例] 196: main facts unclear — a new investigation; the review month restarts
    when the case is referred and accepted again ([条例] 197)."""
    case = person.case
    _reviewer(actor, case)
    if not reason.strip():
        raise DomainError("请写明重新调查的理由", fields={"reason": ["请填写"]})
    person = _move(actor, person, "return_reinvestigate", on=on, reason=reason)
    _meet(case, CaseDeadlineKind.REVIEW, on, person)
    return person


@locked("person.case", "person")
def case_extend_review(
    *, actor: Any, person: CasePerson, reason: str, on: date | None = None
) -> CasePerson:
    """[条例] 194: a major or complex case's review is extended with approval (policy:
    one month per approval)."""
    case = person.case
    _approver(actor, case)
    rules.check_transition(person.stage, "extend_review")
    if not reason.strip():
        raise DomainError("请写明延长审理期限的理由", fields={"reason": ["请填写"]})
    deadline = _running(case, CaseDeadlineKind.REVIEW, person)
    if deadline is None or deadline.paused_on:
        raise DomainError("没有正在计算的审理期限")
    person.review_extensions += 1
    due = rules.review_due(
        deadline.started_on, extensions=person.review_extensions, paused_days=deadline.paused_days
    )
    deadline.due_on, deadline.provisional = due, due.provisional
    deadline.save(update_fields=["due_on", "provisional"])
    return _move(
        actor,
        person,
        "extend_review",
        on=on or timezone.localdate(),
        reason=reason,
        payload={"due": due},
        fields=("review_extensions",),
        gate=False,
    )


@locked("person.case", "person")
def case_refer_prosecution(*, actor: Any, person: CasePerson, on: date) -> CasePerson:
    """[规则] 57; [监察法] 45, 47: a suspected crime goes to the procuratorate with the
    审理报告 and the 起诉意见书."""
    case = person.case
    _reviewer(actor, case)
    if person.is_unit:
        raise DomainError("单位立案不能移送检察机关审查起诉")
    person = _move(actor, person, "refer_prosecution", on=on)
    _meet(case, CaseDeadlineKind.REVIEW, on, person)
    for detention in person.detentions.filter(released_on__isnull=True):
        detention.released_on = on
        detention.save(update_fields=["released_on"])
    return person


@locked("person.case", "person")
def case_prosecution_return(*, actor: Any, person: CasePerson, on: date) -> CasePerson:
    """[监察法] 47: the procuratorate returns the case for supplementary investigation,
    one month each time, at most twice."""
    case = person.case
    _handler(actor, case)
    if person.prosecution_returns >= rules.MAX_PROSECUTION_SUPPLEMENTS:
        raise DomainError("检察机关退回补充调查以二次为限（《监察法》第四十七条）")
    rules.check_transition(person.stage, "prosecution_return")
    person.prosecution_returns += 1
    person = _move(
        actor,
        person,
        "prosecution_return",
        on=on,
        payload={"round": person.prosecution_returns},
        fields=("prosecution_returns",),
    )
    _start_deadline(
        case,
        CaseDeadlineKind.PROSECUTION_SUPPLEMENT,
        on,
        rules.prosecution_supplement_due(on),
        person,
    )
    return person


@locked("person.case", "person")
def case_prosecution_resubmit(*, actor: Any, person: CasePerson, on: date) -> CasePerson:
    case = person.case
    _handler(actor, case)
    person = _move(actor, person, "prosecution_resubmit", on=on)
    _meet(case, CaseDeadlineKind.PROSECUTION_SUPPLEMENT, on, person)
    return person


# --- decision, service, execution ([规则] 56; [条例] 202–206) --------------------------------


@locked("person.case", "person")
def case_decide(
    *,
    actor: Any,
    person: CasePerson,
    on: date,
    measures: Iterable[str],
    basis: str = "",
    amount_recovered: Decimal | None = None,
) -> Decision:
    """The decision on one person: its measures are checked together (party sanctions
    for Party members only, one of each kind, village staff limits — ``validate_measures``);
    the four form and the influence period follow from them. A case referred for
    prosecution carries the referral as a measure. Service within a month starts."""
    case = person.case
    _reviewer(actor, case)
    codes = list(dict.fromkeys(measures))
    if person.stage == Stage.PROSECUTION and rules.Measure.REFERRAL_FOR_PROSECUTION not in codes:
        codes.append(rules.Measure.REFERRAL_FOR_PROSECUTION)
    if not codes and not person.is_unit:
        raise DomainError("请选择处分或处理措施", fields={"measures": ["请选择"]})
    errors = rules.validate_measures(
        codes, is_party_member=person.is_party_member, is_village_staff=person.is_village_staff
    )
    if errors:
        raise DomainError("；".join(errors), fields={"measures": errors})
    if amount_recovered is not None and amount_recovered < 0:
        raise DomainError("追缴金额不能为负数", fields={"amount_recovered": ["金额为负"]})
    fields: tuple[str, ...] = ()
    if amount_recovered is not None:
        person.amount_recovered = amount_recovered
        fields = ("amount_recovered",)
    person = _move(
        actor,
        person,
        "decide",
        on=on,
        reason=basis,
        payload={"measures": codes, "form": rules.four_form(codes)},
        fields=fields,
    )
    decision = Decision.objects.create(
        person=person,
        decided_on=on,
        basis=basis,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    DecisionMeasure.objects.bulk_create(
        [DecisionMeasure(decision=decision, measure=code) for code in codes]
    )
    _meet(case, CaseDeadlineKind.REVIEW, on, person)
    _start_deadline(case, CaseDeadlineKind.SERVICE, on, rules.service_due(on), person)
    _meet_investigation_when_decided(case, on)
    return decision


@locked("person.case", "person")
def case_serve(*, actor: Any, person: CasePerson, on: date) -> CasePerson:
    """[条例] 203: the decision documents (党纪/政务处分决定书, signed) are announced and
    served; execution within one month starts ([政务处分法] 54)."""
    case = person.case
    _handler(actor, case)
    person = _move(actor, person, "serve", on=on)
    _meet(case, CaseDeadlineKind.SERVICE, on, person)
    person.execution_months = rules.EXECUTION_MONTHS
    person.save(update_fields=["execution_months"])
    _start_deadline(case, CaseDeadlineKind.EXECUTION, on, rules.execution_due(on), person)
    return person


@locked("person.case", "person")
def case_extend_execution(
    *,
    actor: Any,
    person: CasePerson,
    months: int,
    reason: str,
    approval_ref: str = "",
    on: date | None = None,
) -> CasePerson:
    """[条例] 203; [政务处分法] 54: special circumstances — extended with approval, at
    most six months from the service."""
    case = person.case
    _approver(actor, case)
    rules.check_transition(person.stage, "extend_execution")
    if months > rules.MAX_EXECUTION_MONTHS:
        raise DomainError(
            f"执行期限最长不得超过{rules.MAX_EXECUTION_MONTHS}个月（《监察法实施条例》第二百零三条）"
        )
    if months <= person.execution_months:
        raise DomainError(f"延长后的执行期限应超过现有的{person.execution_months}个月")
    deadline = _running(case, CaseDeadlineKind.EXECUTION, person)
    if deadline is None:
        raise DomainError("没有进行中的执行期限")
    due = rules.execution_due(deadline.started_on, months=months)
    deadline.due_on, deadline.provisional = due, due.provisional
    deadline.save(update_fields=["due_on", "provisional"])
    person.execution_months = months
    now = timezone.now()
    CaseApproval.objects.create(
        case=case,
        person=person,
        step="execution_extension",
        proposal=f"执行期限延长至{months}个月。{reason}"[:300],
        proposed_by=actor,
        proposed_at=now,
        approver=actor,
        approval_ref=approval_ref[:100],
        decided_at=now,
        approved=True,
    )
    return _move(
        actor,
        person,
        "extend_execution",
        on=on or timezone.localdate(),
        reason=reason,
        payload={"due": due, "months": months},
        fields=("execution_months",),
        gate=False,
    )


@locked("person.case", "person")
def case_close(
    *, actor: Any, person: CasePerson, on: date, amount_recovered: Decimal | None = None
) -> CasePerson:
    """Executed (执行情况报告 signed): the track is closed; with every track closed the
    case is closed."""
    case = person.case
    _handler(actor, case)
    fields: tuple[str, ...] = ()
    if amount_recovered is not None:
        if amount_recovered < 0:
            raise DomainError("追缴金额不能为负数")
        person.amount_recovered = amount_recovered
        fields = ("amount_recovered",)
    person = _move(actor, person, "close", on=on, fields=fields)
    _meet(case, CaseDeadlineKind.EXECUTION, on, person)
    return person


@locked("person.case", "person")
def case_revoke(*, actor: Any, person: CasePerson, on: date, reason: str) -> CasePerson:
    """撤销案件 ([条例] 198): with the signed 撤销案件决定书; every running clock stops."""
    case = person.case
    _approver(actor, case)
    if not reason.strip():
        raise DomainError("请写明撤销案件的理由", fields={"reason": ["请填写"]})
    person = _move(actor, person, "revoke", on=on, reason=reason)
    CaseDeadline.objects.filter(case=case, person=person, met_on__isnull=True).update(met_on=on)
    for detention in person.detentions.filter(released_on__isnull=True):
        detention.released_on = on
        detention.save(update_fields=["released_on"])
    _meet_investigation_when_decided(case, on)
    return person


@locked("person.case", "person")
def case_appeal(*, actor: Any, person: CasePerson, on: date, kind: str, reason: str) -> CasePerson:
    """[规则] 59; [政务处分法] 55–56: an appeal (申诉), 复审 or 复核 against the decision."""
    case = person.case
    _reviewer(actor, case)
    if kind not in rules.AppealKind.values:
        raise DomainError("请选择申诉类别", fields={"kind": ["请选择"]})
    if not person.decisions.filter(superseded=False).exists():
        raise DomainError("没有可申诉的处理决定")
    person.appeal_kind = kind
    person = _move(
        actor,
        person,
        "appeal",
        on=on,
        reason=reason,
        payload={"kind": kind},
        fields=("appeal_kind",),
    )
    _start_deadline(case, CaseDeadlineKind.APPEAL, on, rules.appeal_due(on, kind), person)
    return person


@locked("person.case", "person")
def case_appeal_decide(
    *,
    actor: Any,
    person: CasePerson,
    on: date,
    upheld: bool,
    reason: str,
    measures: Iterable[str] = (),
) -> CasePerson:
    """The appeal is decided: the decision upheld, or changed — the new decision
    supersedes the old one, which is kept."""
    case = person.case
    _reviewer(actor, case)
    if not reason.strip():
        raise DomainError("请写明申诉（复审复核）决定的理由", fields={"reason": ["请填写"]})
    codes = list(dict.fromkeys(measures))
    if not upheld:
        errors = rules.validate_measures(
            codes, is_party_member=person.is_party_member, is_village_staff=person.is_village_staff
        )
        if errors:
            raise DomainError("；".join(errors), fields={"measures": errors})
    person = _move(
        actor,
        person,
        "appeal_decide",
        on=on,
        reason=reason,
        payload={"upheld": upheld, "measures": codes},
    )
    _meet(case, CaseDeadlineKind.APPEAL, on, person)
    if not upheld:
        person.decisions.filter(superseded=False).update(superseded=True)
        decision = Decision.objects.create(
            person=person,
            decided_on=on,
            basis=reason,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        DecisionMeasure.objects.bulk_create(
            [DecisionMeasure(decision=decision, measure=code) for code in codes]
        )
    return person


# --- documents --------------------------------------------------------------------------


def _store_version(
    actor: Any,
    document: CaseDocument,
    content: bytes,
    filename: str,
    *,
    generated: bool,
    signed: bool,
    note: str = "",
    at: Any = None,
) -> DocumentVersion:
    number = (
        document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        generated=generated,
        signed=signed,
        filename=filename[:200],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        note=note[:200],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        created_at=at or timezone.now(),
    )
    version.file.save(
        f"{document.case.number}-{document.kind}-v{number}{_ext(filename)}",
        ContentFile(content),
        save=False,
    )
    version.save(force_insert=True)
    return version


def _ext(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:].lower() if dot >= 0 else ""


def _document(case: Case, kind: str, person: CasePerson | None) -> CaseDocument:
    from jiandu.cases.documents import DOCUMENT_KINDS

    if kind not in DOCUMENT_KINDS:
        raise DomainError("文书种类不存在", fields={"kind": ["文书种类不存在"]})
    if person is not None and person.case_id != case.pk:
        raise NotFound()
    document = CaseDocument.objects.filter(case=case, person=person, kind=kind).first()
    return document or CaseDocument.objects.create(case=case, person=person, kind=kind)


def _doc_actor(actor: Any, case: Case) -> None:
    """Documents are drafted by the handling units and by the review office."""
    if actor is not None and actor.has_capability("cases.review"):
        _visible(actor, case)
        return
    _handler(actor, case)


@locked("case", "person")
def document_generate(
    *,
    actor: Any,
    case: Case,
    kind: str,
    person: CasePerson | None = None,
    doc_number: str = "",
    context: dict | None = None,
) -> DocumentVersion:
    """A Word draft filled with the case data (GB/T 9704 layout, ``render_document``);
    kept as a new version. It counts for the stage gate only once signed and uploaded."""
    from jiandu.cases.documents import DOCUMENT_KINDS, render_document
    from jiandu.cases.selectors import document_context

    _doc_actor(actor, case)
    document = _document(case, kind, person)
    if doc_number.strip():
        document.doc_number = doc_number.strip()[:60]
        document.save(update_fields=["doc_number"])
    ctx = document_context(case=case, person=person, kind=kind, doc_number=document.doc_number)
    ctx.update(context or {})
    content = render_document(kind, ctx)
    label = DOCUMENT_KINDS[kind].label
    version = _store_version(
        actor,
        document,
        content,
        f"{case.number}{label}{'-' + person.name if person else ''}.docx",
        generated=True,
        signed=False,
        note="系统生成的草稿",
    )
    event_record(
        actor=actor,
        action="cases.document.generate",
        obj=case,
        payload={
            "kind": kind,
            "label": label,
            "version": version.number,
            "person": person.name if person else "",
        },
    )
    return version


@locked("case", "person")
def document_upload(
    *,
    actor: Any,
    case: Case,
    kind: str,
    content: bytes,
    filename: str,
    person: CasePerson | None = None,
    signed: bool = True,
    note: str = "",
) -> DocumentVersion:
    """Upload a version (above all the signed document): checked for type and size,
    kept next to every earlier version."""
    from jiandu.cases.documents import DOCUMENT_KINDS

    _doc_actor(actor, case)
    if not content:
        raise DomainError("文件为空", fields={"file": ["文件为空"]})
    if len(content) > MAX_UPLOAD_BYTES:
        raise DomainError("文件超过20MB", fields={"file": ["文件过大"]})
    ext = _ext(filename)
    if ext not in UPLOAD_EXTENSIONS:
        raise DomainError("只能上传Word、PDF、OFD或图片文件", fields={"file": ["文件类型不允许"]})
    magic = {
        ".docx": (b"PK\x03\x04",),
        ".pdf": (b"%PDF",),
        ".png": (b"\x89PNG",),
        ".jpg": (b"\xff\xd8",),
        ".jpeg": (b"\xff\xd8",),
        ".ofd": (b"PK\x03\x04",),
    }[ext]
    if not content.startswith(magic):
        raise DomainError("文件内容与扩展名不符", fields={"file": ["文件内容与扩展名不符"]})
    document = _document(case, kind, person)
    version = _store_version(
        actor, document, content, filename, generated=False, signed=signed, note=note
    )
    event_record(
        actor=actor,
        action="cases.document.upload",
        obj=case,
        payload={
            "kind": kind,
            "label": DOCUMENT_KINDS[kind].label,
            "version": version.number,
            "signed": signed,
            "person": person.name if person else "",
            "sha256": version.sha256,
        },
    )
    return version


# --- recommendations, 以案促改, follow-up ---------------------------------------------------


@locked("case")
def recommendation_issue(
    *,
    actor: Any,
    case: Case,
    unit: Unit,
    content: str,
    issued_on: date,
    reply_days: int = rules.RECOMMENDATION_REPLY_DAYS,
    doc_number: str = "",
) -> Recommendation:
    """A 纪检监察建议书 to a unit ([监察法] 45) with a reply deadline."""
    _handler(actor, case)
    _require_case_unit(actor, case, unit)
    if not content.strip():
        raise DomainError("请填写建议内容", fields={"content": ["请填写"]})
    if not 1 <= reply_days <= 180:
        raise DomainError("回复期限应在1至180日之间")
    _check_date(issued_on, after=case.filed_on or case.proposed_on)
    due = rules.recommendation_reply_due(issued_on, reply_days)
    rec = Recommendation.objects.create(
        case=case,
        unit=unit,
        content=content.strip(),
        issued_on=issued_on,
        reply_due=due,
        doc_number=doc_number[:60],
    )
    event_record(
        actor=actor,
        action="cases.recommendation.issue",
        obj=case,
        payload={"unit": unit.name, "due": due, "recommendation": rec.pk},
    )
    return rec


@locked("recommendation.case", "recommendation")
def recommendation_reply(
    *, actor: Any, recommendation: Recommendation, on: date, reply: str
) -> Recommendation:
    _handler(actor, recommendation.case)
    if recommendation.status != RecommendationStatus.ISSUED:
        raise DomainError("该建议书已回复")
    if not reply.strip():
        raise DomainError("请填写整改情况", fields={"reply": ["请填写"]})
    _check_date(on, after=recommendation.issued_on)
    recommendation.replied_on, recommendation.reply = on, reply.strip()
    recommendation.status = RecommendationStatus.REPLIED
    recommendation.save(update_fields=["replied_on", "reply", "status"])
    event_record(
        actor=actor,
        action="cases.recommendation.reply",
        obj=recommendation.case,
        from_state=RecommendationStatus.ISSUED.label,
        to_state=RecommendationStatus.REPLIED.label,
        payload={"unit": recommendation.unit.name, "on": on, "late": on > recommendation.reply_due},
    )
    return recommendation


@locked("recommendation.case", "recommendation")
def recommendation_close(*, actor: Any, recommendation: Recommendation, on: date) -> Recommendation:
    _handler(actor, recommendation.case)
    if recommendation.status != RecommendationStatus.REPLIED:
        raise DomainError("单位回复整改情况后才能销号")
    _check_date(on, after=recommendation.replied_on)
    recommendation.closed_on, recommendation.status = on, RecommendationStatus.CLOSED
    recommendation.save(update_fields=["closed_on", "status"])
    event_record(
        actor=actor,
        action="cases.recommendation.close",
        obj=recommendation.case,
        from_state=RecommendationStatus.REPLIED.label,
        to_state=RecommendationStatus.CLOSED.label,
        payload={"unit": recommendation.unit.name, "on": on},
    )
    return recommendation


@locked("case")
def reform_item_add(
    *, actor: Any, case: Case, unit: Unit, description: str, due_on: date
) -> ReformItem:
    """以案促改: an item the case triggers, owned by a unit, with a deadline."""
    _handler(actor, case)
    _require_case_unit(actor, case, unit)
    if not description.strip():
        raise DomainError("请填写整改事项", fields={"description": ["请填写"]})
    item = ReformItem.objects.create(
        case=case, unit=unit, description=description.strip()[:300], due_on=due_on
    )
    event_record(
        actor=actor,
        action="cases.reform.add",
        obj=case,
        payload={"unit": unit.name, "item": item.description, "due": due_on},
    )
    return item


@locked("item.case", "item")
def reform_item_done(*, actor: Any, item: ReformItem, on: date, result: str) -> ReformItem:
    _handler(actor, item.case)
    if item.done_on:
        raise DomainError("该事项已完成")
    if not result.strip():
        raise DomainError("请填写完成情况", fields={"result": ["请填写"]})
    _check_date(on)
    item.done_on, item.result = on, result.strip()[:300]
    item.save(update_fields=["done_on", "result"])
    event_record(
        actor=actor,
        action="cases.reform.done",
        obj=item.case,
        payload={"item": item.description, "on": on},
    )
    return item


def person_period_end(person: CasePerson) -> date | None:
    """The last day of the person's influence period (the current decision's measures)."""
    decision = person.decisions.filter(superseded=False).order_by("-decided_on", "-id").first()
    if decision is None:
        return None
    codes = list(decision.measures.values_list("measure", flat=True))
    return rules.combined_period_end([(c, decision.decided_on) for c in codes])


@locked("person.case", "person")
def followup_schedule(*, actor: Any, person: CasePerson, planned_on: date) -> FollowUp:
    """回访 (policy default: once within the influence period): the planned day must fall
    inside the period, from the decision to its last day."""
    _handler(actor, person.case)
    decision = person.decisions.filter(superseded=False).order_by("-decided_on").first()
    if decision is None:
        raise DomainError("作出处理决定后才能安排回访")
    end = person_period_end(person)
    if planned_on < decision.decided_on:
        raise DomainError("回访日期不能早于处理决定日期", fields={"planned_on": ["日期过早"]})
    if end is not None and planned_on > end:
        raise DomainError(
            f"回访应安排在影响期内（影响期至{end.year}年{end.month}月{end.day}日）",
            fields={"planned_on": ["超出影响期"]},
        )
    followup = FollowUp.objects.create(person=person, planned_on=planned_on)
    event_record(
        actor=actor,
        action="cases.followup.schedule",
        obj=person.case,
        payload={"person": person.name, "planned_on": planned_on},
    )
    return followup


@locked("followup.person.case", "followup.person", "followup")
def followup_record(
    *, actor: Any, followup: FollowUp, on: date, form: str, findings: str
) -> FollowUp:
    _handler(actor, followup.person.case)
    if followup.done_on:
        raise DomainError("该次回访已登记")
    if form not in FollowUpForm.values:
        raise DomainError("请选择回访形式", fields={"form": ["请选择"]})
    if not findings.strip():
        raise DomainError("请填写回访情况", fields={"findings": ["请填写"]})
    _check_date(on)
    followup.done_on, followup.form, followup.findings = on, form, findings.strip()
    followup.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    followup.save(update_fields=["done_on", "form", "findings", "recorded_by"])
    event_record(
        actor=actor,
        action="cases.followup.record",
        obj=followup.person.case,
        payload={"person": followup.person.name, "on": on, "form": form},
    )
    return followup
