"""Computing an assessment (考核): each unit's indicators, scores and total for a period,
by the scheme in force at the period's end, and the ranking.

The units are the commission bodies under a root commission (its offices, resident
teams and township commissions: the rows of ``stats.units`` less 本级 and 合计); each
counts its whole subtree, through the viewer's scope, as the standard tables do. Every
figure an indicator's formula names is counted once for all units (one grouped query
per figure and breakdown), and each operand keeps its drill-down ``Cell``: the ledger
of exactly the records behind the number.

Staff (``unit.staff``, the divisor of per-staff indicators) is the number of active user
accounts of the unit (and the units under it) when the assessment is computed: jiandu
knows who works where from the accounts, and nothing is typed in twice. An issued
assessment freezes it with the other numbers.

Units of different kinds are assessed on different indicator sets
(``AssessmentIndicator.unit_kinds``) and ranked within their category
(``models.assessment.unit_category``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count

from jiandu.core import figures
from jiandu.core.errors import NotFound
from jiandu.org.models import Unit
from jiandu.stats import formula as F
from jiandu.stats import periods as P
from jiandu.stats.models import AssessmentScheme, IndicatorKind, WhenEmpty
from jiandu.stats.models.assessment import unit_category
from jiandu.stats.units import RowUnit, table_rows

DOMAIN = "stats"
CENT = Decimal("0.01")


def q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Spec:
    """An indicator as scored: from the scheme's table, or from an issued assessment's
    frozen copy (so an issued assessment shows the rules it was scored by)."""

    key: str
    label: str
    kind: str
    formula: str
    weight: Decimal
    floor: Decimal = Decimal("0")
    target: Decimal | None = None
    step: Decimal | None = None
    when_empty: str = WhenEmpty.FULL
    measure: str = ""
    unit_kinds: tuple[str, ...] = ()
    explanation: str = ""

    @classmethod
    def of(cls, ind: Any) -> Spec:
        return cls(
            key=ind.key,
            label=ind.label,
            kind=ind.kind,
            formula=ind.formula,
            weight=Decimal(ind.weight),
            floor=Decimal(ind.floor),
            target=None if ind.target is None else Decimal(ind.target),
            step=None if ind.step is None else Decimal(ind.step),
            when_empty=ind.when_empty,
            measure=ind.measure,
            unit_kinds=tuple(ind.unit_kinds or ()),
            explanation=ind.explanation,
        )

    @classmethod
    def from_plain(cls, d: dict[str, Any]) -> Spec:
        def dec(v: Any) -> Decimal | None:
            return None if v is None else Decimal(v)

        return cls(
            **{
                **d,
                "weight": Decimal(d["weight"]),
                "floor": Decimal(d["floor"]),
                "target": dec(d.get("target")),
                "step": dec(d.get("step")),
                "unit_kinds": tuple(d.get("unit_kinds") or ()),
            }
        )

    def plain(self) -> dict[str, Any]:
        out = asdict(self)
        for k in ("weight", "floor", "target", "step"):
            out[k] = None if out[k] is None else str(out[k])
        out["unit_kinds"] = list(self.unit_kinds)
        return out

    def applies_to(self, kind: str) -> bool:
        return not self.unit_kinds or kind in self.unit_kinds

    @property
    def is_deduction(self) -> bool:
        return self.kind != IndicatorKind.LINEAR

    @property
    def rule(self) -> str:
        """How a value becomes a score, in Chinese (shown beside the formula)."""
        w = _n(self.weight)
        if self.kind == IndicatorKind.LINEAR:
            empty = "得满分" if self.when_empty == WhenEmpty.FULL else "不得分"
            return (
                f"达到{_n(self.target)}{self.measure}得{w}分，{_n(self.floor)}{self.measure}"
                f"及以下（劣于起评值）不得分，其间按比例计分；无数据时{empty}"
            )
        if self.kind == IndicatorKind.DEDUCT:
            return f"不高于{_n(self.floor)}{self.measure}的，扣{w}分"
        return f"每{self.measure or '个'}扣{_n(self.step)}分，最多扣{w}分"


def _n(v: Decimal | None) -> str:
    if v is None:
        return "—"
    return format(v.normalize(), "f")


def score(spec: Spec, value: Decimal | None) -> Decimal:
    """The score of ``value`` under ``spec`` (a deduction is negative), to the cent."""
    if spec.kind == IndicatorKind.LINEAR:
        if value is None:
            return spec.weight if spec.when_empty == WhenEmpty.FULL else Decimal("0")
        target = spec.target if spec.target is not None else spec.floor
        if target == spec.floor:
            fraction = Decimal(1) if value >= target else Decimal(0)
        else:
            fraction = (value - spec.floor) / (target - spec.floor)
        fraction = min(Decimal(1), max(Decimal(0), fraction))
        return q(spec.weight * fraction)
    if value is None:
        return Decimal("0.00")
    if spec.kind == IndicatorKind.DEDUCT:
        return q(-spec.weight) if value <= spec.floor else Decimal("0.00")
    return q(-min(spec.weight, value * (spec.step or Decimal(0))))


@dataclass
class Operand:
    ref: F.Ref
    label: str
    value: Any
    cell: figures.Cell | None = None

    @property
    def url(self) -> str:
        return self.cell.url() if self.cell is not None else ""


@dataclass
class IndicatorResult:
    spec: Spec
    value: Decimal | None
    score: Decimal
    operands: list[Operand] = field(default_factory=list)
    missing: bool = False  # a figure of its formula is not (yet) provided

    @property
    def shown_value(self) -> str:
        return "—" if self.value is None else _n(q(self.value))


@dataclass
class UnitResult:
    unit: RowUnit
    category: str
    results: list[IndicatorResult]
    total: Decimal
    rank: int = 0


@dataclass
class Assessment:
    scheme: AssessmentScheme
    specs: list[Spec]
    period: P.Period
    root: Unit
    units: list[UnitResult]

    @property
    def categories(self) -> list[tuple[str, list[UnitResult]]]:
        out: dict[str, list[UnitResult]] = {}
        for u in self.units:
            out.setdefault(u.category, []).append(u)
        return list(out.items())

    def numbers(self) -> dict[str, Any]:
        """What an issued assessment freezes: the scheme's version and indicators, and
        each unit's values, operands, scores, total and rank."""
        return {
            "scheme": {
                "year": self.scheme.year,
                "title": self.scheme.title,
                "version": self.scheme.version,
                "indicators": [s.plain() for s in self.specs],
            },
            "units": [
                {
                    "id": u.unit.id,
                    "name": u.unit.name,
                    "kind": u.unit.kind,
                    "category": u.category,
                    "total": str(u.total),
                    "rank": u.rank,
                    "indicators": {
                        r.spec.key: {
                            "value": None if r.value is None else str(q(r.value)),
                            "score": str(r.score),
                            "missing": r.missing,
                            "operands": {str(o.ref): _plain(o.value) for o in r.operands},
                        }
                        for r in u.results
                    },
                }
                for u in self.units
            ],
        }


def _plain(v: Any) -> Any:
    return str(v) if isinstance(v, Decimal) else v


def scheme_for(day: date) -> AssessmentScheme:
    """The scheme in force on ``day`` (a period is scored by the scheme in force at its
    end)."""
    scheme = (
        AssessmentScheme.objects.filter(valid_from__lte=day, valid_to__gte=day)
        .order_by("-valid_from", "-id")
        .first()
    )
    if scheme is None:
        raise NotFound(f"没有适用于{day.year}年{day.month}月{day.day}日的考核方案。")
    return scheme


def assessed_units(root: Unit, *, user: Any) -> list[RowUnit]:
    """The units assessed under ``root``: the commission bodies under it (or, for a user
    who sees only their own unit, that unit)."""
    rows = table_rows(root, user=user, domain=DOMAIN)
    bodies = [r for r in rows if not r.only and not r.total]
    return bodies or [r for r in rows if r.total]


def staff_counts(unit_ids: frozenset[int]) -> dict[int, int]:
    """Active user accounts per unit (``unit.staff``)."""
    from jiandu.accounts.models import User

    return dict(
        User.objects.filter(is_active=True, unit_id__in=unit_ids)
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )


def assessment_compute(
    *, user: Any, root: Unit, period: P.Period, scheme: AssessmentScheme | None = None
) -> Assessment:
    """Every assessed unit's indicators, scores, total and rank for ``period``."""
    scheme = scheme or scheme_for(period.end)
    specs = [Spec.of(i) for i in scheme.indicators.order_by("order", "id")]
    rows = assessed_units(root, user=user)
    all_units = frozenset().union(*(r.unit_ids for r in rows)) if rows else frozenset()
    parsed = {s.key: F.parse(s.formula) for s in specs}
    needed: list[F.Ref] = []
    for node in parsed.values():
        needed += [r for r in F.refs(node) if r not in needed]
    counted: dict[F.Ref, dict[int | None, Any]] = {}
    for ref in needed:
        if ref.key == F.STAFF:
            counted[ref] = dict(staff_counts(all_units))
            continue
        figure = figures.REGISTRY.get(ref.key)
        if figure is None:
            continue
        grouped = figure.grouped(
            user=user, start=period.start, end=period.end, units=all_units, by=ref.by
        )
        per_unit: dict[int | None, Any] = {}
        for (unit_id, _), n in grouped.items():
            per_unit[unit_id] = per_unit.get(unit_id, 0) + n
        counted[ref] = per_unit

    results = []
    for row in rows:
        out = []
        for spec in specs:
            if not spec.applies_to(row.kind):
                continue
            node = parsed[spec.key]
            operands, values, missing = [], {}, False
            for ref in F.refs(node):
                if ref not in counted:
                    missing = True
                    operands.append(Operand(ref, str(ref), None))
                    continue
                v = sum((counted[ref].get(u, 0) for u in row.unit_ids), 0)
                values[ref] = v
                if ref.key == F.STAFF:
                    operands.append(Operand(ref, "单位人数", v))
                else:
                    figure = figures.get(ref.key)
                    labels = [
                        dict(figure.by[n].options()).get(val, val)
                        for n, val in ref.by
                        if n in figure.by
                    ]
                    label = figure.label + (f"（{'、'.join(labels)}）" if labels else "")
                    cell = figures.Cell(ref.key, period.start, period.end, row.id, row.only, ref.by)
                    operands.append(Operand(ref, label, v, cell))
            if missing:
                out.append(IndicatorResult(spec, None, Decimal("0.00"), operands, missing=True))
                continue
            value = F.evaluate(node, values)
            out.append(IndicatorResult(spec, value, score(spec, value), operands))
        total = q(sum((r.score for r in out), Decimal("0")))
        results.append(UnitResult(row, unit_category(row.kind), out, total))
    _rank(results)
    return Assessment(scheme, specs, period, root, results)


def _rank(results: list[UnitResult]) -> None:
    """Rank within each category by total, ties sharing a rank (1, 1, 3); the list is
    sorted by category (办案单位 first) then rank, then the units' order."""
    order = {id(u): i for i, u in enumerate(results)}
    results.sort(key=lambda u: (u.category != "办案单位", -u.total, order[id(u)]))
    previous: tuple[str, Decimal] | None = None
    position = 0
    rank = 0
    for u in results:
        if previous is None or previous[0] != u.category:
            position = 0
        position += 1
        if previous is None or previous != (u.category, u.total):
            rank = position
        u.rank = rank
        previous = (u.category, u.total)


def ranking_tables(assessment: Assessment) -> list[dict[str, Any]]:
    """The ranking as shown and exported: per category its indicators (those applying
    to a unit of it) and its units' scores, totals and ranks."""
    out = []
    for category, units in assessment.categories:
        specs = [s for s in assessment.specs if any(s.applies_to(u.unit.kind) for u in units)]
        rows = []
        for u in units:
            by_key = {r.spec.key: r for r in u.results}
            rows.append(
                {
                    "unit_id": u.unit.id,
                    "name": u.unit.name,
                    "rank": u.rank,
                    "total": u.total,
                    "cells": [
                        {"score": by_key[s.key].score, "value": by_key[s.key].shown_value}
                        if s.key in by_key
                        else None
                        for s in specs
                    ],
                }
            )
        out.append({"category": category, "specs": specs, "rows": rows})
    return out


def frozen_tables(numbers: dict[str, Any]) -> list[dict[str, Any]]:
    """The same tables read back from an issued assessment's frozen numbers."""
    specs = [Spec.from_plain(d) for d in numbers.get("scheme", {}).get("indicators", [])]
    categories: dict[str, list[dict[str, Any]]] = {}
    for u in numbers.get("units", []):
        categories.setdefault(u["category"], []).append(u)
    out = []
    for category, units in categories.items():
        used = [s for s in specs if any(s.key in u["indicators"] for u in units)]
        rows = []
        for u in units:
            cells = []
            for s in used:
                r = u["indicators"].get(s.key)
                cells.append(
                    None
                    if r is None
                    else {
                        "score": Decimal(r["score"]),
                        "value": "—" if r["value"] is None else _n(Decimal(r["value"])),
                    }
                )
            rows.append(
                {
                    "unit_id": u["id"],
                    "name": u["name"],
                    "rank": u["rank"],
                    "total": Decimal(u["total"]),
                    "cells": cells,
                }
            )
        out.append({"category": category, "specs": used, "rows": rows})
    return out


def ranking_xlsx(tables: list[dict[str, Any]], *, title: str) -> bytes:
    """The ranking as a workbook: one sheet per category, each indicator's value and
    score, the total and the rank."""
    from jiandu.core.ledger import ExportColumn, Sheet, xlsx_bytes

    sheets = []
    for t in tables:
        columns = [ExportColumn("名次", width=6), ExportColumn("单位", width=24)]
        for s in t["specs"]:
            columns.append(ExportColumn(f"{s.label}（{s.measure or '值'}）", width=14))
            columns.append(ExportColumn(f"{s.label}得分", width=12))
        columns.append(ExportColumn("总分", width=10))
        rows = []
        for r in t["rows"]:
            line: list[Any] = [r["rank"], r["name"]]
            for c in r["cells"]:
                line += ["不适用", None] if c is None else [c["value"], float(c["score"])]
            line.append(float(r["total"]))
            rows.append(line)
        sheets.append(Sheet(t["category"], columns, rows))
    return xlsx_bytes(*sheets)
