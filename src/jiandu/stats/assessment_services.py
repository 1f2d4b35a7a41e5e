"""Writing assessment schemes (考核办法) and publishing assessments. A scheme is data:
the case management office copies last year's into next year's and edits its
indicators here; each change is an audit event. A change to a scheme an issued
assessment was scored by makes a new revision of its version, so the issued assessment
keeps naming the version (and keeps the copy of the indicators) it used."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from jiandu.audit.services import event_record
from jiandu.core.errors import DomainError
from jiandu.core.services import locked
from jiandu.stats.assessment import Assessment
from jiandu.stats.models import (
    AssessmentIndicator,
    AssessmentScheme,
    Publication,
    PublicationKind,
    PublicationStatus,
)
from jiandu.stats.models.assessment import indicator_validate
from jiandu.stats.publication_services import publication_create

ACTION_LABELS = {
    "scheme_copy": "复制考核方案",
    "indicator_save": "修改考核指标",
}


def _used(scheme: AssessmentScheme) -> bool:
    """Whether an issued assessment was scored by the scheme's current version."""
    return Publication.objects.filter(
        kind=PublicationKind.ASSESSMENT,
        status=PublicationStatus.ISSUED,
        key=scheme_key(scheme),
        definitions_version=scheme.version,
    ).exists()


def scheme_key(scheme: AssessmentScheme) -> str:
    """The ``Publication.key`` of the assessments scored by a scheme."""
    return f"assessment-{scheme.year}"


def _new_revision(scheme: AssessmentScheme) -> None:
    year, _, rev = scheme.version.partition(".")
    try:
        n = int(rev) + 1
    except ValueError:
        n = 2
    scheme.version = f"{year}.{n}"
    scheme.save(update_fields=["version"])


@locked("scheme")
def scheme_copy(*, actor: Any, scheme: AssessmentScheme, year: int) -> AssessmentScheme:
    """A scheme for ``year`` (1 January to 31 December), a copy of ``scheme`` and its
    indicators, to be edited before the year's assessments."""
    if AssessmentScheme.objects.filter(year=year).exists():
        raise DomainError(f"{year}年度的考核方案已存在。")
    if year < 2000 or year > 2100:
        raise DomainError("考核年度无效。")
    new = AssessmentScheme.objects.create(
        year=year,
        title=scheme.title.replace(str(scheme.year), str(year)),
        version=f"{year}.1",
        valid_from=date(year, 1, 1),
        valid_to=date(year, 12, 31),
        notes=scheme.notes,
        based_on=scheme,
        created_by=actor,
    )
    for ind in scheme.indicators.order_by("order", "id"):
        ind.pk, ind.id, ind.scheme = None, None, new
        ind._state.adding = True
        ind.save()
    event_record(
        actor=actor,
        action="stats.assessment.scheme_copy",
        obj=new,
        payload={"from": scheme.version, "to": new.version},
    )
    return new


INDICATOR_FIELDS = (
    "order",
    "key",
    "label",
    "kind",
    "formula",
    "measure",
    "weight",
    "floor",
    "target",
    "step",
    "when_empty",
    "unit_kinds",
    "explanation",
)


def _dec(value: Any, name: str, *, required: bool) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise DomainError("请填写数值。", fields={name: ["请填写数值。"]})
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise DomainError("数值无效。", fields={name: ["数值无效。"]}) from None


@locked("scheme")
def indicator_save(
    *,
    actor: Any,
    scheme: AssessmentScheme,
    key: str | None,
    data: dict[str, Any],
) -> AssessmentIndicator:
    """Add an indicator (``key`` None) or change the one with ``key``: the formula is
    checked before anything is written."""
    if key is None:
        ind = AssessmentIndicator(scheme=scheme)
        if scheme.indicators.filter(key=data.get("key", "")).exists():
            raise DomainError("指标代码已存在。", fields={"key": ["指标代码已存在。"]})
    else:
        found = scheme.indicators.filter(key=key).first()
        if found is None:
            raise DomainError("考核指标不存在。")
        ind = found
    before = {f: str(getattr(ind, f)) for f in INDICATOR_FIELDS} if ind.pk else {}
    for name in ("key", "label", "kind", "formula", "measure", "when_empty", "explanation"):
        if name in data:
            setattr(ind, name, str(data[name]).strip())
    if key is not None and ind.key != key:
        raise DomainError("指标代码不能修改。", fields={"key": ["指标代码不能修改。"]})
    if not ind.key:
        raise DomainError("请填写指标代码。", fields={"key": ["请填写指标代码。"]})
    ind.order = int(data.get("order") or ind.order or 0)
    ind.weight = _dec(data.get("weight", ind.weight), "weight", required=True)  # type: ignore[assignment]
    ind.floor = _dec(data.get("floor", ind.floor), "floor", required=False) or Decimal("0")
    ind.target = _dec(data.get("target", ind.target), "target", required=False)
    ind.step = _dec(data.get("step", ind.step), "step", required=False)
    ind.unit_kinds = list(data.get("unit_kinds", ind.unit_kinds) or [])
    indicator_validate(ind)
    if _used(scheme):
        _new_revision(scheme)
    ind.save()
    after = {f: str(getattr(ind, f)) for f in INDICATOR_FIELDS}
    event_record(
        actor=actor,
        action="stats.assessment.indicator_save",
        obj=scheme,
        payload={
            "indicator": ind.key,
            "version": scheme.version,
            "changed": {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
        },
    )
    return ind


def assessment_publish(*, actor: Any, assessment: Assessment) -> Publication:
    """A draft publication of the assessment just computed: its scores and the scheme
    version and indicators it was scored by (issued with ``publication_issue``)."""
    scheme = assessment.scheme
    return publication_create(
        actor=actor,
        kind=PublicationKind.ASSESSMENT,
        key=scheme_key(scheme),
        title=f"{assessment.root.name}{assessment.period.label}考核结果",
        root=assessment.root,
        period=assessment.period,
        definitions_version=scheme.version,
        numbers=assessment.numbers(),
    )
