"""A standard table as an Excel file in the usual layout (``core.xlsx.report_bytes``):
the title, 填报单位 and 统计期间, the merged header rows of the column groups, one row per
unit and the total row last (in bold). Counts stay numbers; rates are percentages; sums
of money are money."""

from __future__ import annotations

from decimal import Decimal

from jiandu.core.formatting import cn_date
from jiandu.core.xlsx import PERCENT_FORMAT, HeaderCell, report_bytes
from jiandu.stats.selectors import Grid

MONEY_FORMAT = "#,##0.00"


def grid_header(grid: Grid) -> list[list[HeaderCell]]:
    top, bottom = grid.header
    first = [HeaderCell("单位", 1, 2)]
    first += [HeaderCell(h["label"], h["colspan"], h["rowspan"]) for h in top]
    return [first, [HeaderCell(c.label) for c in bottom]]


def grid_xlsx(grid: Grid, *, made_on=None) -> bytes:
    rows = [r for r in grid.rows if not r.unit.only or not r.empty]
    formats = [""]
    for i, col in enumerate(grid.columns):
        if col.is_ratio:
            formats.append(PERCENT_FORMAT)
        elif any(isinstance(r.cells[i].value, Decimal) for r in rows):
            formats.append(MONEY_FORMAT)
        else:
            formats.append("0")
    info = f"填报单位：{grid.root.name}　　统计期间：{grid.period.label}"
    if made_on is not None:
        info += f"　　统计日期：{cn_date(made_on)}"
    return report_bytes(
        title=grid.table.title,
        info=info,
        header=grid_header(grid),
        rows=[[r.unit.name, *(c.value for c in r.cells)] for r in rows],
        formats=formats,
        bold_rows=frozenset(i for i, r in enumerate(rows) if r.unit.total),
        sheet_title=grid.table.title,
        widths=[28],
    )
