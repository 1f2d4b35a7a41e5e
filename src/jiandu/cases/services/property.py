"""涉案财物 (case property): registered when seized, frozen, detained or handed over, kept
in custody, then sent with the referral to the procuratorate, confiscated or returned
([条例] 125–133, 208–209; ``jiandu.cases.rules.property``). The handling units act;
every step checks the state machine and leaves one audit event on the case."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from jiandu.audit.services import event_record
from jiandu.cases.models import Case, CasePerson, CaseProperty
from jiandu.cases.rules import CaseDeadlineKind, Stage
from jiandu.cases.rules.property import (
    DISPOSAL_BASIS,
    PROPERTY_MACHINE,
    PropertyKind,
    PropertyMeasure,
    PropertyState,
    disposal_due,
)
from jiandu.cases.services.common import check_date, check_handler
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.services import locked

PROSECUTION_STAGES = frozenset({Stage.PROSECUTION, Stage.PROSECUTION_SUPPLEMENTARY})


def _event(actor: Any, prop: CaseProperty, action: str, before: str, **payload: Any) -> None:
    event_record(
        actor=actor,
        action=f"cases.property.{action}",
        obj=prop.case,
        from_state=f"{prop.description}：{PropertyState(before).label}" if before else "",
        to_state=f"{prop.description}：{PropertyState(prop.state).label}",
        payload={"property": prop.pk, "label": prop.description, **payload},
    )


def _move(prop: CaseProperty, step: str, on: date, after: date | None) -> str:
    """Check the step and its date; set the new state; the state before."""
    target = PROPERTY_MACHINE.check(prop.state, step)
    check_date(on, after=after)
    before = prop.state
    prop.state = target
    return before


def _amount(value: Decimal | None, what: str, field: str) -> None:
    if value is not None and value < 0:
        raise DomainError(f"{what}不能为负数", fields={field: ["金额为负"]})


@locked("case", "person")
def property_register(
    *,
    actor: Any,
    case: Case,
    kind: str,
    description: str,
    measure: str,
    measure_on: date,
    person: CasePerson | None = None,
    quantity: str = "",
    amount: Decimal | None = None,
    estimated_value: Decimal | None = None,
    holder: str = "",
    custody_place: str = "",
    custodian: str = "",
    note: str = "",
) -> CaseProperty:
    """Register property seized, frozen, detained or handed over ([条例] 104, 125–130),
    with its custody (where it is kept, by whom)."""
    check_handler(actor, case)
    if not case.filed_on:
        raise DomainError("立案后才能登记涉案财物（《监察法实施条例》第五十五条）")
    if kind not in PropertyKind.values:
        raise DomainError("财物类别不存在", fields={"kind": ["类别不存在"]})
    if measure not in PropertyMeasure.values:
        raise DomainError("措施不存在", fields={"measure": ["措施不存在"]})
    description = (description or "").strip()
    if not description:
        raise DomainError("请填写财物名称及特征", fields={"description": ["请填写"]})
    if person is not None and person.case_id != case.pk:
        raise NotFound()
    _amount(amount, "金额", "amount")
    _amount(estimated_value, "估价", "estimated_value")
    check_date(measure_on, after=case.filed_on, what="采取措施日期")
    prop = CaseProperty.objects.create(
        case=case,
        person=person,
        kind=kind,
        description=description[:300],
        quantity=quantity.strip()[:40],
        amount=amount,
        estimated_value=estimated_value,
        measure=measure,
        measure_on=measure_on,
        holder=holder.strip()[:100],
        custody_place=custody_place.strip()[:200],
        custodian=custodian.strip()[:100],
        note=note.strip()[:300],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _event(
        actor,
        prop,
        "register",
        "",
        measure=PropertyMeasure(measure).label,
        on=measure_on,
        amount=str(prop.value) if prop.value is not None else "",
    )
    return prop


def _decide(actor: Any, prop: CaseProperty, step: str, on: date, way: str, reason: str) -> Any:
    check_handler(actor, prop.case)
    before = _move(prop, step, on, prop.measure_on)
    prop.decided_on = on
    if reason.strip():
        prop.note = reason.strip()[:300]
    prop.save(update_fields=["state", "decided_on", "note"])
    due = disposal_due(on)
    prop.case.deadlines.start(
        CaseDeadlineKind.PROPERTY_DISPOSAL,
        on,
        due,
        DISPOSAL_BASIS[way],
        person=prop.person,
    )
    _event(actor, prop, step.removeprefix("property_"), before, on=on, due=due)
    return prop


@locked("case_property.case", "case_property")
def property_decide_confiscation(
    *, actor: Any, case_property: CaseProperty, on: date, reason: str = ""
) -> CaseProperty:
    """[条例] 208 第三款, 209: illegal gains confiscated or recovered; carried out within
    one month of the decision."""
    return _decide(actor, case_property, "property_decide_confiscation", on, "confiscate", reason)


@locked("case_property.case", "case_property")
def property_decide_return(
    *, actor: Any, case_property: CaseProperty, on: date, reason: str = ""
) -> CaseProperty:
    """[条例] 208 第四款: not illegal gains, to be returned (policy: within one month)."""
    return _decide(actor, case_property, "property_decide_return", on, "return", reason)


def _meet(prop: CaseProperty, on: date) -> None:
    """The disposal's month is met once nothing decided on the track (or the case)
    waits any more."""
    waiting = CaseProperty.objects.filter(
        case=prop.case,
        person=prop.person,
        state__in=(PropertyState.TO_CONFISCATE, PropertyState.TO_RETURN),
    )
    if not waiting.exists():
        prop.case.deadlines.filter(person=prop.person).meet(
            CaseDeadlineKind.PROPERTY_DISPOSAL, on=on
        )


@locked("case_property.case", "case_property")
def property_confiscate(*, actor: Any, case_property: CaseProperty, on: date) -> CaseProperty:
    """[条例] 209: the confiscation carried out, paid to the treasury (上缴国库)."""
    prop = case_property
    check_handler(actor, prop.case)
    before = _move(prop, "property_confiscate", on, prop.decided_on)
    prop.confiscated_on = on
    prop.save(update_fields=["state", "confiscated_on"])
    _meet(prop, on)
    _event(actor, prop, "confiscate", before, on=on)
    return prop


@locked("case_property.case", "case_property")
def property_return(
    *, actor: Any, case_property: CaseProperty, on: date, returned_to: str
) -> CaseProperty:
    """[条例] 208 第四款: returned to its owner against a signed receipt (to whom, when)."""
    prop = case_property
    check_handler(actor, prop.case)
    returned_to = (returned_to or "").strip()
    if not returned_to:
        raise DomainError("请填写退还对象（签收人）", fields={"returned_to": ["请填写"]})
    before = _move(prop, "property_return", on, prop.decided_on or prop.measure_on)
    prop.returned_on, prop.returned_to = on, returned_to[:100]
    prop.save(update_fields=["state", "returned_on", "returned_to"])
    _meet(prop, on)
    _event(actor, prop, "return", before, on=on, to=returned_to)
    return prop


@locked("case_property.case", "case_property")
def property_transfer(*, actor: Any, case_property: CaseProperty, on: date) -> CaseProperty:
    """[条例] 208 第一款: sent with the referral to the procuratorate, listed on the
    《移送司法机关涉案财物清单》 (document ``property_list``): only once the track (or, for
    property of the whole case, one of its tracks) has been referred for prosecution."""
    prop = case_property
    check_handler(actor, prop.case)
    people = [prop.person] if prop.person_id else list(prop.case.people.all())
    if not any(p.stage in PROSECUTION_STAGES for p in people if p is not None):
        raise DomainError(
            "案件尚未移送检察机关，涉案财物不能随案移送（《监察法实施条例》第二百零八条）"
        )
    before = _move(prop, "property_transfer", on, prop.measure_on)
    prop.transferred_on = on
    prop.save(update_fields=["state", "transferred_on"])
    _event(actor, prop, "transfer", before, on=on)
    return prop
