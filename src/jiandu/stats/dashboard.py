"""The leader dashboard (领导驾驶舱): the year's figures as charts, every element a
drill-down (``Cell.url()``) to exactly the records it counts.

``dashboard_data`` is the one read: plain data (numbers, labels, URLs), computed through
the figures the domain apps register (``jiandu.core.figures``) within the viewer's scope,
in a bounded number of grouped queries (one per figure, year pair and breakdown value —
never one per unit or per month). A chart whose figure is not registered is left out and
its key listed in ``missing``.

Charts:
- ``monthly``: reports received, clues disposed and cases filed, this year against last
  year, month by month;
- ``filed_by_unit``: 自办 cases filed this year per unit, ranked; the watched units
  (resident teams, township commissions) below their dated threshold marked 零立案 /
  未达标 (``stats.warnings``);
- ``four_forms``: the four forms (人次) by quarter, last year and this year;
- ``dispositions``: clues disposed this year by method;
- ``overdue``: overdue clues, cases, rectification items and directive tasks per unit, as
  of the dashboard's date;
- ``completion``: rectification items and directive tasks due / done per unit (and the
  rate).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from jiandu.core import figures
from jiandu.core.errors import NotFound
from jiandu.core.scoping import get_visible_or_404
from jiandu.org.models import Unit
from jiandu.stats import warnings
from jiandu.stats.units import default_root, may_choose_root, per_row, unit_rows

DOMAIN = "stats"
Number = int | Decimal

MONTHLY = (
    ("reports.received", (), "受理信访举报"),
    ("clues.disposed", (), "处置问题线索"),
    ("cases.filed", (), "立案"),
)
SELF_FILED = ("cases.filed", (("kind", "self"),))
FOUR_FORMS = "sanctions.decisions"
DISPOSITIONS = "clues.disposed"
OVERDUE = (
    ("clues.overdue", "逾期线索"),
    ("cases.overdue", "超期案件"),
    ("inspections.items_overdue", "逾期整改事项"),
    ("directives.tasks_overdue", "逾期督办任务"),
)
COMPLETION = (
    ("inspections.items_due", "inspections.items_done", "巡察整改"),
    ("directives.tasks_due", "directives.tasks_done", "督办任务"),
)


@dataclass(frozen=True)
class Span:
    """The dashboard's year: 1 January to the as-of date (today for the current year,
    31 December for a past one); last year's span ends on the same day a year earlier."""

    year: int
    start: date
    end: date

    @property
    def months(self) -> int:
        return self.end.month


def span_for(year: int, today: date) -> Span:
    if year >= today.year:
        return Span(today.year, date(today.year, 1, 1), today)
    return Span(year, date(year, 1, 1), date(year, 12, 31))


def resolve_root(*, user: Any, root_id: Any = None) -> Unit:
    if root_id not in (None, "") and may_choose_root(user, DOMAIN):
        return get_visible_or_404(Unit.objects.all(), user=user, pk=root_id)
    root = default_root(user, DOMAIN)
    if root is None:
        raise NotFound("未找到统计单位。")
    return root


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _quarter_label(y: int, q: int) -> str:
    return f"{y}年第{'一二三四'[q - 1]}季度"


def _plain(n: Any) -> Any:
    if isinstance(n, Decimal):
        return float(n)
    return n or 0


def _point(value: Any, cell: figures.Cell) -> dict[str, Any]:
    return {"value": _plain(value), "url": cell.url()}


def monthly_counts(
    figure: figures.Figure,
    *,
    user: Any,
    start: date,
    end: date,
    unit: int,
    by: tuple[tuple[str, str], ...] = (),
    split: str = "",
) -> dict[tuple[date, str], Number]:
    """The figure per month (first day of the month) and ``split`` value over
    ``start``..``end`` for the unit's subtree: one query per figure (per value of a
    split declared by conditions); a figure counted through a related table's date
    (``in_period``) is counted month by month."""
    cell = figures.Cell(figure.key, start, end, unit, by=by)
    split_by = figure.by[split] if split else None
    values: list[tuple[str, Any]] = [("", None)]
    if split_by is not None and split_by.conditions is not None:
        values = [(v, split_by.condition(v)) for v, _ in split_by.options()]
    agg = Sum(figure.value) if figure.value else Count("pk", distinct=True)
    out: dict[tuple[date, str], Number] = defaultdict(int)
    for value, cond in values:
        if figure.dated:
            qs = figure.rows(user=user, cell=cell)
            if cond is not None:
                qs = qs.filter(cond)
            keys = ["_m"]
            if split_by is not None and split_by.conditions is None:
                keys.append(split_by.lookup)
            qs = qs.annotate(_m=TruncMonth(figure.dated)).values(*keys).annotate(n=agg).order_by()
            for row in qs:
                m = row["_m"]
                if isinstance(m, datetime):
                    m = timezone.localtime(m).date() if timezone.is_aware(m) else m.date()
                v = value
                if split_by is not None and split_by.conditions is None:
                    raw = row[split_by.lookup]
                    v = figures.BLANK if raw in (None, "") else str(raw)
                out[(m.replace(day=1), v)] += row["n"] or 0
            continue
        d = date(start.year, start.month, 1)
        while d <= end:
            m_cell = figures.Cell(
                figure.key, max(d, start), min(_month_end(d.year, d.month), end), unit, by=by
            )
            qs = figure.rows(user=user, cell=m_cell)
            if cond is not None:
                qs = qs.filter(cond)
            if split_by is not None and split_by.conditions is None:
                for row in qs.values(split_by.lookup).annotate(n=agg).order_by():
                    raw = row[split_by.lookup]
                    v = figures.BLANK if raw in (None, "") else str(raw)
                    out[(d, v)] += row["n"] or 0
            else:
                n = qs.aggregate(n=agg)["n"] or 0
                if n:
                    out[(d, value)] += n
            d = date(d.year + 1, 1, 1) if d.month == 12 else date(d.year, d.month + 1, 1)
    return out


def _has(key: str) -> bool:
    return key in figures.REGISTRY


def dashboard_data(*, user: Any, year: int, root_id: Any = None) -> dict[str, Any]:
    """Everything the dashboard draws, as plain data (see the module docstring)."""
    today = timezone.localdate()
    span = span_for(year, today)
    last = Span(span.year - 1, date(span.year - 1, 1, 1), date(span.year - 1, 12, 31))
    root = resolve_root(user=user, root_id=root_id)
    rows, total = unit_rows(root, user=user)
    missing: list[str] = []

    def need(key: str) -> bool:
        if _has(key):
            return True
        if key not in missing:
            missing.append(key)
        return False

    charts: dict[str, Any] = {}

    # 1. This year against last year, month by month.
    monthly = []
    for key, by, label in MONTHLY:
        if not need(key):
            continue
        fig = figures.get(key)
        series = []
        for s in (span, last):
            counts = monthly_counts(fig, user=user, start=s.start, end=s.end, unit=total.id, by=by)
            data: list[dict[str, Any] | None] = []
            for m in range(1, 13):
                if m > s.months:
                    data.append(None)
                    continue
                first, lastday = date(s.year, m, 1), min(_month_end(s.year, m), s.end)
                cell = figures.Cell(key, first, lastday, total.id, total.only, by)
                data.append(_point(counts.get((first, ""), 0), cell))
            series.append({"name": f"{s.year}年", "year": s.year, "data": data})
        monthly.append(
            {"key": key, "label": label or fig.label, "measure": fig.measure, "series": series}
        )
    charts["monthly"] = {"months": [f"{m}月" for m in range(1, 13)], "figures": monthly}

    # 2. 自办 cases filed per unit, ranked; the watched units below threshold marked.
    key, by = SELF_FILED
    if need(key):
        fig = figures.get(key)
        counts = per_row(fig, user=user, start=span.start, end=span.end, rows=rows, by=by)
        thresholds = warnings.filing_thresholds(on=span.end)
        items = []
        for r in rows:
            n = counts.get(r.key, 0)
            threshold = None if r.only else thresholds.get(r.kind)
            items.append(
                {
                    "unit": r.name,
                    "unit_id": r.id,
                    "kind": r.kind,
                    "value": _plain(n),
                    "url": figures.Cell(key, span.start, span.end, r.id, r.only, by).url(),
                    "watched": threshold is not None,
                    "threshold": threshold,
                    "below": threshold is not None and n < threshold,
                    "zero": threshold is not None and n == 0,
                }
            )
        items.sort(key=lambda i: (-i["value"], i["unit"]))
        charts["filed_by_unit"] = {"label": "自办立案", "measure": fig.measure, "items": items}

    # 3. The four forms by quarter (last year and this year).
    if need(FOUR_FORMS):
        fig = figures.get(FOUR_FORMS)
        split = "form" if "form" in fig.by else ""
        counts = monthly_counts(
            fig, user=user, start=last.start, end=span.end, unit=total.id, split=split
        )
        quarters: list[tuple[int, int, date, date]] = []
        for y in (last.year, span.year):
            for q in range(1, 5):
                first = date(y, 3 * q - 2, 1)
                if first > span.end:
                    break
                end = _month_end(y, 3 * q)
                if y == span.year:
                    end = min(end, span.end)
                quarters.append((y, q, first, end))
        options = fig.by[split].options() if split else [("", fig.label)]
        series = []
        for value, label in options:
            data = []
            for _y, _q, first, end in quarters:
                n = sum(
                    (v for (m, sv), v in counts.items() if sv == value and first <= m <= end),
                    0,
                )
                extra = ((split, value),) if split else ()
                data.append(
                    _point(n, figures.Cell(FOUR_FORMS, first, end, total.id, total.only, extra))
                )
            series.append({"name": label, "value": value, "data": data})
        charts["four_forms"] = {
            "periods": [_quarter_label(y, q) for y, q, _f, _e in quarters],
            "measure": fig.measure,
            "series": series,
        }

    # 4. Clue dispositions by method.
    if need(DISPOSITIONS):
        fig = figures.get(DISPOSITIONS)
        split = "method" if "method" in fig.by else ""
        grouped = fig.grouped(
            user=user, start=span.start, end=span.end, units=total.unit_ids, split=split
        )
        sums: dict[str, Number] = defaultdict(int)
        for (_u, v), n in grouped.items():
            sums[v] += n
        options = fig.by[split].options() if split else [("", fig.label)]
        charts["dispositions"] = {
            "measure": fig.measure,
            "items": [
                {
                    "name": label,
                    "value": _plain(sums.get(value, 0)),
                    "url": figures.Cell(
                        DISPOSITIONS,
                        span.start,
                        span.end,
                        total.id,
                        total.only,
                        ((split, value),) if split else (),
                    ).url(),
                }
                for value, label in options
            ],
        }

    # 5. Overdue items per unit, as of the dashboard's date.
    overdue = []
    for key, label in OVERDUE:
        if not need(key):
            continue
        counts = per_row(figures.get(key), user=user, start=span.start, end=span.end, rows=rows)
        overdue.append(
            {
                "key": key,
                "name": label,
                "data": [
                    _point(
                        counts.get(r.key, 0), figures.Cell(key, span.start, span.end, r.id, r.only)
                    )
                    for r in rows
                ],
            }
        )
    if overdue:
        charts["overdue"] = {"units": [r.name for r in rows], "series": overdue}

    # 6. Rectification and directive completion per unit.
    completion = []
    for due_key, done_key, label in COMPLETION:
        if not (need(due_key) and need(done_key)):
            continue
        due = per_row(figures.get(due_key), user=user, start=span.start, end=span.end, rows=rows)
        done = per_row(figures.get(done_key), user=user, start=span.start, end=span.end, rows=rows)
        completion.append(
            {
                "name": label,
                "due": [
                    _point(
                        due.get(r.key, 0), figures.Cell(due_key, span.start, span.end, r.id, r.only)
                    )
                    for r in rows
                ],
                "done": [
                    _point(
                        done.get(r.key, 0),
                        figures.Cell(done_key, span.start, span.end, r.id, r.only),
                    )
                    for r in rows
                ],
                "rate": [
                    round(float(done.get(r.key, 0)) / float(due[r.key]) * 100, 1)
                    if due.get(r.key)
                    else None
                    for r in rows
                ],
            }
        )
    if completion:
        charts["completion"] = {"units": [r.name for r in rows], "series": completion}

    return {
        "year": span.year,
        "as_of": span.end.isoformat(),
        "period": f"{span.year}年1月1日至{span.end.month}月{span.end.day}日",
        "last_year": last.year,
        "root": {"id": root.pk, "name": root.name},
        "charts": charts,
        "missing": missing,
    }
