"""Every write to the register part of the integrity file (CONVENTIONS 1): keyword-only,
one transaction, the capability ``integrity.record`` (the import: ``integrity.import``),
the cadre within the actor's scope, the record checked (``full_clean``: lengths, choices,
a declaration's year once per cadre) and one audit event ``integrity.<kind>.create``.

``KINDS`` names each kind of record once (its URL slug, model, Chinese label and audit
action); the add pages, the API and the demo read it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.core.errors import DomainError
from jiandu.core.permissions import require_capability
from jiandu.core.scoping import require_visible
from jiandu.integrity.models import (
    DECLARATION_SECTIONS,
    Commendation,
    DutyReport,
    FamilyEventReport,
    GiftHandIn,
    IntegrityTalk,
    PersonalDeclaration,
)
from jiandu.org.models import Cadre

RECORD = "integrity.record"
BULK_BATCH_SIZE = 500


@dataclass(frozen=True)
class RecordKind:
    slug: str  # in URLs: /integrity/cadres/<pk>/register/<slug>/add/
    model: type[models.Model]
    label: str  # Chinese name of the record
    action: str  # the audit action of one record

    @property
    def bulk_action(self) -> str:
        return self.action.removesuffix(".create") + ".bulk_create"


KINDS: dict[str, RecordKind] = {
    k.slug: k
    for k in (
        RecordKind(
            "declarations", PersonalDeclaration, "个人有关事项报告", "integrity.declaration.create"
        ),
        RecordKind("talks", IntegrityTalk, "廉政谈话", "integrity.talk.create"),
        RecordKind("duty-reports", DutyReport, "述责述廉", "integrity.duty_report.create"),
        RecordKind("gifts", GiftHandIn, "礼品礼金上交", "integrity.gift.create"),
        RecordKind(
            "family-events", FamilyEventReport, "婚丧喜庆事宜报告", "integrity.family_event.create"
        ),
        RecordKind("commendations", Commendation, "表彰奖励", "integrity.commendation.create"),
    )
}
KIND_OF_MODEL: dict[type[models.Model], RecordKind] = {k.model: k for k in KINDS.values()}

ACTION_LABELS: dict[str, str] = {
    **{k.action: f"登记{k.label}" for k in KINDS.values()},
    **{k.bulk_action: f"批量登记{k.label}" for k in KINDS.values()},
    "integrity.import.declarations": "导入个人有关事项报告",
}

# The date fields of each model that cannot lie in the future.
_PAST_DATES: dict[type[models.Model], tuple[str, ...]] = {
    PersonalDeclaration: ("reported_on",),
    IntegrityTalk: ("talked_on",),
    DutyReport: ("reported_on",),
    GiftHandIn: ("handed_in_on",),
    FamilyEventReport: ("reported_on",),
    Commendation: ("awarded_on",),
}


def _error(field: str, message: str) -> DomainError:
    return DomainError(message, fields={field: [message]})


def _label(record: models.Model, name: str) -> str:
    field = record._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def _checked(record: models.Model, *, today: date) -> None:
    """Refuse a record the model or the rules of its kind do not accept: the model's
    own validation (``full_clean``, unique year included), dates not in the future and
    what each kind adds. Raises :class:`DomainError` with the fields."""
    for name in _PAST_DATES[type(record)]:
        value = getattr(record, name)
        if isinstance(value, date) and value > today:
            raise _error(name, f"{_label(record, name)}不能晚于今天")
    if isinstance(record, PersonalDeclaration):
        if record.year and not 2000 <= record.year <= today.year:
            raise _error("year", f"报告年度应在2000年至{today.year}年之间")
        if record.year and record.reported_on and record.reported_on.year < record.year:
            raise _error("reported_on", "报告日期不能早于报告年度")
    if isinstance(record, DutyReport) and record.year and record.year > today.year:
        raise _error("year", "述责述廉年度不能晚于今年")
    if isinstance(record, GiftHandIn) and record.value is not None and record.value <= 0:
        raise _error("value", "价值应大于0元")
    if (
        isinstance(record, FamilyEventReport)
        and record.reported_before
        and record.reported_on
        and record.event_on
        and record.reported_on > record.event_on
    ):
        raise _error("reported_before", "报告日期晚于举办日期，不能算作事前报告")
    try:
        record.full_clean(exclude=["recorded_by"])
    except ValidationError as exc:
        fields = {f: [str(m) for m in msgs] for f, msgs in exc.message_dict.items()}
        if "__all__" in fields:  # the unique constraint: one declaration a year
            fields["year"] = fields.pop("__all__")
        if (
            isinstance(record, PersonalDeclaration)
            and "year" in fields
            and PersonalDeclaration.objects.filter(cadre=record.cadre, year=record.year).exists()
        ):
            message = f"{record.cadre}的{record.year}年度个人有关事项报告已登记，每年只登记一份"
            raise _error("year", message) from None
        first = next(iter(fields.values()))[0]
        raise DomainError(first, fields=fields) from None


def _create(actor: Any, model: type[models.Model], cadre: Cadre, **fields: Any) -> Any:
    kind = KIND_OF_MODEL[model]
    require_capability(actor, RECORD)
    require_visible(actor, cadre, message="干部不存在或无权查看", field="cadre")
    record = model(cadre=cadre, recorded_by=actor if actor is not None else None, **fields)
    _checked(record, today=timezone.localdate())
    record.save(force_insert=True)
    event_record(
        actor=actor, action=kind.action, obj=record, payload={"cadre": cadre.pk, "kind": kind.slug}
    )
    return record


def _sections(**sections: Any) -> dict[str, list[dict[str, str]]]:
    """Each section as a list of items with exactly its keys (text values)."""
    out: dict[str, list[dict[str, str]]] = {}
    for name, (title, keys) in DECLARATION_SECTIONS.items():
        items = sections.get(name) or []
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise _error(name, f"{title}应为事项列表")
        out[name] = [{k: str(item.get(k) or "").strip()[:100] for k, _ in keys} for item in items]
        for item in out[name]:
            first, second = keys[0][0], keys[1][0]
            if not item[first] or not item[second]:
                raise _error(name, f"{title}的每一项至少填写{keys[0][1]}和{keys[1][1]}")
    return out


@transaction.atomic
def declaration_create(
    *,
    actor: Any,
    cadre: Cadre,
    year: int,
    reported_on: date,
    marital_status: str,
    marriage_changes: str = "",
    relatives_abroad: list[dict[str, Any]] | None = None,
    relatives_business: list[dict[str, Any]] | None = None,
    real_estate: list[dict[str, Any]] | None = None,
    investments: list[dict[str, Any]] | None = None,
    notes: str = "",
) -> PersonalDeclaration:
    """A cadre's personal-matters declaration of ``year``: one a year, each year kept;
    a second one for the same year is refused (a correction is a matter for the
    declaration's own procedure, not an overwrite of what was reported)."""
    sections = _sections(
        relatives_abroad=relatives_abroad,
        relatives_business=relatives_business,
        real_estate=real_estate,
        investments=investments,
    )
    return _create(
        actor,
        PersonalDeclaration,
        cadre,
        year=year,
        reported_on=reported_on,
        marital_status=marital_status,
        marriage_changes=marriage_changes.strip(),
        notes=notes.strip(),
        **sections,
    )


@transaction.atomic
def talk_create(
    *,
    actor: Any,
    cadre: Cadre,
    kind: str,
    talked_on: date,
    talked_by_name: str,
    talked_by_unit: str = "",
    summary: str,
) -> IntegrityTalk:
    """A 廉政谈话, 提醒谈话 or 任前廉政谈话 held with the cadre."""
    return _create(
        actor,
        IntegrityTalk,
        cadre,
        kind=kind,
        talked_on=talked_on,
        talked_by_name=talked_by_name.strip(),
        talked_by_unit=talked_by_unit.strip(),
        summary=summary.strip(),
    )


@transaction.atomic
def duty_report_create(
    *,
    actor: Any,
    cadre: Cadre,
    year: int,
    reported_on: date,
    form: str,
    rating: str = "",
    remarks: str = "",
) -> DutyReport:
    return _create(
        actor,
        DutyReport,
        cadre,
        year=year,
        reported_on=reported_on,
        form=form,
        rating=rating,
        remarks=remarks.strip(),
    )


@transaction.atomic
def gift_create(
    *,
    actor: Any,
    cadre: Cadre,
    handed_in_on: date,
    description: str,
    value: Decimal,
    handling: str,
    notes: str = "",
) -> GiftHandIn:
    return _create(
        actor,
        GiftHandIn,
        cadre,
        handed_in_on=handed_in_on,
        description=description.strip(),
        value=value,
        handling=handling,
        notes=notes.strip(),
    )


@transaction.atomic
def family_event_create(
    *,
    actor: Any,
    cadre: Cadre,
    kind: str,
    event_on: date,
    reported_on: date,
    reported_before: bool,
    scale: str = "",
    guests: int | None = None,
) -> FamilyEventReport:
    return _create(
        actor,
        FamilyEventReport,
        cadre,
        kind=kind,
        event_on=event_on,
        reported_on=reported_on,
        reported_before=bool(reported_before),
        scale=scale.strip(),
        guests=guests,
    )


@transaction.atomic
def commendation_create(
    *, actor: Any, cadre: Cadre, awarded_on: date, title: str, awarded_by: str
) -> Commendation:
    return _create(
        actor,
        Commendation,
        cadre,
        awarded_on=awarded_on,
        title=title.strip(),
        awarded_by=awarded_by.strip(),
    )


SERVICES = {
    "declarations": declaration_create,
    "talks": talk_create,
    "duty-reports": duty_report_create,
    "gifts": gift_create,
    "family-events": family_event_create,
    "commendations": commendation_create,
}


@transaction.atomic
def records_bulk_create(*, actor: Any, kind: str, rows: Iterable[dict[str, Any]]) -> int:
    """Many records of one kind at once (the demo loader, the system as actor): each row
    the keyword arguments of the kind's model (``cadre`` included), checked as one
    record is, then inserted in batches with ONE audit event
    (``integrity.<kind>.bulk_create``), as ``org.services.cadres_bulk_create`` does."""
    require_capability(actor, RECORD)
    spec = KINDS[kind]
    today = timezone.localdate()
    records = []
    for row in rows:
        record = spec.model(recorded_by=actor, **row)
        if isinstance(record, PersonalDeclaration):
            for name in DECLARATION_SECTIONS:
                setattr(record, name, getattr(record, name) or [])
        _checked_fast(record, today=today)
        records.append(record)
    if not records:
        return 0
    spec.model.objects.bulk_create(records, batch_size=BULK_BATCH_SIZE)  # type: ignore[attr-defined]
    event_record(actor=actor, action=spec.bulk_action, payload={"count": len(records)})
    return len(records)


def _checked_fast(record: models.Model, *, today: date) -> None:
    """The checks of ``_checked`` without the per-row queries of ``full_clean``'s
    unique checks (a bulk insert is refused whole by the database's constraint)."""
    for name in _PAST_DATES[type(record)]:
        value = getattr(record, name)
        if isinstance(value, date) and value > today:
            raise _error(name, f"{_label(record, name)}不能晚于今天")
    try:
        record.full_clean(exclude=["recorded_by", "cadre"], validate_unique=False)
    except ValidationError as exc:
        raise DomainError(str(exc.messages[0]), fields=exc.message_dict) from None
