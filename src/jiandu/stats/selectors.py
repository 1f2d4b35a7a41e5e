"""Reading the statistics: a standard table computed for a user, a period and a root.

Every number is counted by ``jiandu.core.figures`` through the viewer's scope; one
grouped query per figure, breakdown and period (not one per cell), then summed per row
over the units the row stands for. Each count cell carries its drill-down ``Cell``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jiandu.core import figures
from jiandu.core.errors import NotFound
from jiandu.core.scoping import get_visible_or_404
from jiandu.org.models import Unit
from jiandu.stats import periods as P
from jiandu.stats.standard import Column, StandardTable
from jiandu.stats.units import RowUnit, default_root, may_choose_root, table_rows

Number = int | Decimal


@dataclass
class CellValue:
    value: Number | float | None
    cell: figures.Cell | None = None  # the drill-down (count and sum cells)
    numerator: CellValue | None = None  # ratio cells: their two operands
    denominator: CellValue | None = None
    year_earlier: Number | float | None = None
    preceding: Number | float | None = None

    @property
    def url(self) -> str:
        return self.cell.url() if self.cell is not None else ""

    @property
    def yoy(self) -> float | None:
        """同比 change in percent (for ratios: the difference in points)."""
        return _change(self.value, self.year_earlier, self.numerator is not None)

    @property
    def mom(self) -> float | None:
        return _change(self.value, self.preceding, self.numerator is not None)


def _change(now: Any, before: Any, is_ratio: bool) -> float | None:
    if now is None or before is None:
        return None
    if is_ratio:
        return round(float(now) - float(before), 1)
    return P.change(float(now), float(before))


@dataclass
class Row:
    unit: RowUnit
    cells: list[CellValue] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return all(not c.value for c in self.cells)


@dataclass
class Grid:
    table: StandardTable
    period: P.Period
    root: Unit
    columns: list[Column]
    rows: list[Row]
    compare: bool
    year_earlier: P.Period
    preceding: P.Period

    @property
    def groups(self) -> list[tuple[str, int]]:
        """The merged header row: (group label, how many columns it spans)."""
        out: list[tuple[str, int]] = []
        for col in self.columns:
            if out and out[-1][0] == col.group:
                out[-1] = (col.group, out[-1][1] + 1)
            else:
                out.append((col.group, 1))
        return out

    @property
    def header(self) -> tuple[list[dict[str, Any]], list[Column]]:
        """The two header rows: grouped columns under a merged cell; a column without a
        group spans both rows."""
        top: list[dict[str, Any]] = []
        bottom: list[Column] = []
        i = 0
        for label, span in self.groups:
            cols = self.columns[i : i + span]
            i += span
            if label:
                top.append({"label": label, "colspan": span, "rowspan": 1, "key": ""})
                bottom.extend(cols)
            else:
                top.extend(
                    {"label": c.label, "colspan": 1, "rowspan": 2, "key": c.key} for c in cols
                )
        return top, bottom

    def numbers(self) -> dict[str, dict[str, Any]]:
        """The grid as plain numbers (row key -> column key -> value): what a published
        table freezes and what the API returns."""
        return {
            row.unit.key: {
                col.key: _plain(c.value) for col, c in zip(self.columns, row.cells, strict=True)
            }
            for row in self.rows
        }


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


def resolve_root(*, user: Any, table: StandardTable, root_id: Any = None) -> Unit:
    """The root unit the table is computed for: one the user may choose, else their own."""
    if root_id not in (None, "") and may_choose_root(user, table.domain):
        return get_visible_or_404(Unit.objects.all(), user=user, pk=root_id)
    root = default_root(user, table.domain)
    if root is None:
        raise NotFound("未找到统计单位。")
    return root


def _figure_values(
    *,
    user: Any,
    column: Column,
    period: P.Period,
    units: frozenset[int],
    cache: dict[Any, dict[tuple[int | None, str], Number]],
) -> dict[int | None, Number]:
    """The column's figure per unit for the period (one grouped query per figure, fixed
    breakdown values and split, cached across the split's columns)."""
    figure = figures.get(column.figure)
    split_name, split_value, fixed = "", "", column.by
    if column.split:  # an expanded column: grouped by the split once for all its values
        split_name, split_value = column.by[-1]
        fixed = column.by[:-1]
    key = (column.figure, fixed, split_name, period.start, period.end)
    if key not in cache:
        cache[key] = figure.grouped(
            user=user, start=period.start, end=period.end, units=units, by=fixed, split=split_name
        )
    grouped = cache[key]
    out: dict[int | None, Number] = defaultdict(int)
    want = split_value if split_name else ""
    for (unit_id, value), n in grouped.items():
        if value == want:
            out[unit_id] += n
    return out


def table_compute(
    *,
    user: Any,
    table: StandardTable,
    period: P.Period,
    root_id: Any = None,
    compare: bool = True,
) -> Grid:
    """``table`` for ``period`` under the root, as ``user`` may see it."""
    root = resolve_root(user=user, table=table, root_id=root_id)
    rows = table_rows(root, user=user, domain=table.domain)
    columns = table.expanded()
    all_units = frozenset().union(*(r.unit_ids for r in rows))
    cache: dict[Any, dict[tuple[int | None, str], Number]] = {}
    periods = [period]
    if compare:
        periods += [P.year_earlier(period), P.preceding(period)]
    per_period: list[dict[str, dict[int | None, Number]]] = []
    for p in periods:
        values = {}
        for col in columns:
            if col.figure:
                values[col.key] = _figure_values(
                    user=user, column=col, period=p, units=all_units, cache=cache
                )
        per_period.append(values)

    def row_value(values: dict[int | None, Number], row: RowUnit) -> Number:
        return sum((values.get(u, 0) for u in row.unit_ids), 0)

    out_rows = []
    for r in rows:
        row = Row(r)
        by_key: dict[str, CellValue] = {}
        for col in columns:
            if col.figure:
                cv = CellValue(
                    row_value(per_period[0][col.key], r),
                    cell=figures.Cell(col.figure, period.start, period.end, r.id, r.only, col.by),
                )
                if compare:
                    cv.year_earlier = row_value(per_period[1][col.key], r)
                    cv.preceding = row_value(per_period[2][col.key], r)
            else:
                assert col.ratio is not None
                num, den = by_key[col.ratio[0]], by_key[col.ratio[1]]
                cv = CellValue(
                    _ratio(num.value, den.value),
                    numerator=num,
                    denominator=den,
                    year_earlier=_ratio(num.year_earlier, den.year_earlier),
                    preceding=_ratio(num.preceding, den.preceding),
                )
            by_key[col.key] = cv
            row.cells.append(cv)
        out_rows.append(row)
    return Grid(
        table=table,
        period=period,
        root=root,
        columns=columns,
        rows=out_rows,
        compare=compare,
        year_earlier=P.year_earlier(period),
        preceding=P.preceding(period),
    )


def _ratio(num: Any, den: Any) -> float | None:
    if num is None or not den:
        return None
    return round(float(num) / float(den) * 100, 1)
