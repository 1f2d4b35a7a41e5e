"""Zero-filing and uneven-progress warnings (零立案、工作进度不平衡预警; DOMAIN.md §9).

- 零立案: a watched unit (resident team, township commission) with fewer 自办 cases
  filed this year (``cases.filed`` with ``kind=self``) than the dated policy threshold for
  its kind (``stats.filing_min.<kind>``; 1 = "no case at all");
- 按期率偏低: a unit whose on-time rate this year (clue disposition, rectification items,
  directive tasks: among the due dates falling in the year so far, met on time ÷ all) is
  below the dated policy threshold (``stats.on_time_min.<what>``, in percent).

Shown on the workbench of whoever watches the whole commission's statistics (scope
``stats`` = all: 委领导, 案管室), each with the figures behind it and a link to the records
(the figure's drill-down). Counted through ``jiandu.core.figures`` like every table, so a
warning and the table agree; a figure not registered yet gives no warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from jiandu.core import figures
from jiandu.core.errors import DomainError
from jiandu.core.policy import policy_value
from jiandu.org.models import Unit, UnitKind
from jiandu.org.selectors import commission_of
from jiandu.stats.units import per_row, unit_rows

WATCHED_KINDS = (UnitKind.RESIDENT_TEAM, UnitKind.TOWNSHIP_COMMISSION)
FILING_KEY = "stats.filing_min.{kind}"
# (due figure, on-time figure, policy key, what)
ON_TIME = (
    (
        "clues.disposition_due",
        "clues.disposition_on_time",
        "stats.on_time_min.clues",
        "线索按期处置率",
    ),
    (
        "inspections.items_due",
        "inspections.items_on_time",
        "stats.on_time_min.inspections",
        "巡察整改按期完成率",
    ),
    (
        "directives.tasks_due",
        "directives.tasks_on_time",
        "stats.on_time_min.directives",
        "督办任务按期完成率",
    ),
)


@dataclass(frozen=True)
class UnitWarning:
    kind: str  # "filing" | "on_time"
    unit_id: int
    unit: str
    label: str
    url: str
    value: float
    threshold: int
    numerator: int | None = None
    denominator: int | None = None


def _policy(key: str, on: date) -> int | None:
    try:
        return policy_value(key, on=on)
    except DomainError:
        return None


def filing_thresholds(*, on: date) -> dict[str, int]:
    """The minimum 自办 cases a year per watched kind of unit, as valid on ``on``."""
    out = {}
    for kind in WATCHED_KINDS:
        value = _policy(FILING_KEY.format(kind=kind.value), on)
        if value is not None:
            out[str(kind.value)] = value
    return out


def may_see(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.has_capability("stats.view")
        and user.unit_scope("stats").all
    )


def unit_warnings(*, user: Any, on: date, root: Unit | None = None) -> list[UnitWarning]:
    """The warnings for the units under ``root`` (the user's commission) this year up to
    ``on``; none for a user who does not watch the whole commission."""
    if not may_see(user):
        return []
    root = root or commission_of(getattr(user, "unit", None))
    if root is None:
        return []
    rows, _total = unit_rows(root, user=user)
    rows = [r for r in rows if not r.total]
    start = date(on.year, 1, 1)
    out: list[UnitWarning] = []

    key, by = "cases.filed", (("kind", "self"),)
    thresholds = filing_thresholds(on=on)
    watched = [r for r in rows if not r.only and r.kind in thresholds]
    if key in figures.REGISTRY and watched:
        counts = per_row(figures.get(key), user=user, start=start, end=on, rows=watched, by=by)
        for r in watched:
            n, minimum = int(counts.get(r.key, 0)), thresholds[r.kind]
            if n >= minimum:
                continue
            text = "零立案" if n == 0 else f"低于{minimum}件"
            out.append(
                UnitWarning(
                    kind="filing",
                    unit_id=r.id,
                    unit=r.name,
                    label=f"{r.name}：{on.year}年自办立案{n}件（{text}）",
                    url=figures.Cell(key, start, on, r.id, r.only, by).url(),
                    value=n,
                    threshold=minimum,
                )
            )

    for due_key, ok_key, policy_key, what in ON_TIME:
        minimum = _policy(policy_key, on)
        if minimum is None or due_key not in figures.REGISTRY or ok_key not in figures.REGISTRY:
            continue
        due = per_row(figures.get(due_key), user=user, start=start, end=on, rows=rows)
        ok = per_row(figures.get(ok_key), user=user, start=start, end=on, rows=rows)
        for r in rows:
            d, k = int(due.get(r.key, 0)), int(ok.get(r.key, 0))
            if not d:
                continue
            rate = round(k / d * 100, 1)
            if rate >= minimum:
                continue
            out.append(
                UnitWarning(
                    kind="on_time",
                    unit_id=r.id,
                    unit=r.name,
                    label=f"{r.name}：{what}{rate}%（{k}/{d}），低于{minimum}%",
                    url=figures.Cell(due_key, start, on, r.id, r.only).url(),
                    value=rate,
                    threshold=minimum,
                    numerator=k,
                    denominator=d,
                )
            )
    return out
