"""Opening a case ([规则] 37–38; [条例] 180–184): the filing decision, the people, the team."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.cases import rules
from jiandu.cases.models import (
    Case,
    CaseApproval,
    CasePerson,
)
from jiandu.cases.rules import CaseDeadlineKind, CaseKind, Stage
from jiandu.cases.services.common import (
    PersonInput,
    check_approver,
    check_date,
    check_handler,
    move,
    require_in_scope,
    tracks_in_stage,
)
from jiandu.core.approvals import check_not_proposer
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.models import ProblemCategory
from jiandu.core.numbering import next_number
from jiandu.core.permissions import require_capability
from jiandu.core.services import locked
from jiandu.org.models import PoliticalStatus, Unit, UnitKind


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
    designated: bool = False,
) -> Case:
    """The handling unit drafts the 立案审查调查呈批报告 and proposes the filing
    ([规则] 38): on one or more people, on an incident (以事立案: people may be added
    later) or on an organisation (单位立案, [条例] 181). The case waits for the
    principal leader's approval (``case_decide_filing``). ``designated``: a case the
    higher commission designated this unit to handle (指定管辖)."""
    require_capability(actor, "cases.handle")
    if kind not in CaseKind.values:
        raise DomainError("立案方式不存在", fields={"kind": ["立案方式不存在"]})
    title, summary = (title or "").strip(), (summary or "").strip()
    if not title:
        raise DomainError("请填写案由", fields={"title": ["请填写案由"]})
    if not summary:
        raise DomainError("请填写主要问题", fields={"summary": ["请填写主要问题"]})
    check_date(proposed_on, what="呈批日期")
    if not lead_unit.is_commission_body or lead_unit.kind == UnitKind.COMMISSION:
        raise DomainError("主办单位应为纪检监察室、派驻纪检监察组或乡镇纪委")
    if actor is not None and actor.unit_id != lead_unit.pk:
        raise DomainError("只能以本单位为主办单位提出立案")
    people = list(people)
    require_in_scope(actor, people=people, target_unit=target_unit, clue=clue)
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
        designated=designated,
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
    if kind == CaseKind.ORGANISATION and target_unit is not None:  # required above
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
            **({"designated": True} if designated else {}),
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
    check_approver(actor, case)
    approval = CaseApproval.pending(step="filing", case=case)
    if approval is None:
        raise DomainError("没有待审批的立案呈批")
    check_not_proposer(approval, actor)
    tracks = tracks_in_stage(case, Stage.PROPOSED)
    action = "approve_filing" if approve else "reject_filing"
    check_date(on, after=case.proposed_on, what="审批日期")
    approval.decide(actor=actor, approve=approve, comment=comment)
    for person in tracks:
        move(actor, person, action, on=on, reason=comment)
    if approve:
        case.filed_on = on
        case.save(update_fields=["filed_on"])
        if case.clue is not None:
            from jiandu.clues.services import clue_case_filed

            clue_case_filed(actor=actor, clue=case.clue, case_number=case.number, on=on)
        if case.supervision_law:
            case.deadlines.start(
                CaseDeadlineKind.INVESTIGATION,
                on,
                rules.investigation_due(on),
                rules.DEADLINE_BASIS,
            )
    return case


@locked("case")
def case_add_person(*, actor: Any, case: Case, person: PersonInput, on: date) -> CasePerson:
    """A person identified later in a case (above all 以事立案) gets a track, filed with
    the case (or proposed with it, while the filing waits for approval)."""
    check_handler(actor, case)
    check_date(on, after=case.proposed_on)
    require_in_scope(actor, people=[person])
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
    check_handler(actor, case)
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
