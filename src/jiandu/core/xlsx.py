"""The one look of jiandu's spreadsheets: the header row style every export and import
template shares, saving a workbook to bytes, and a report table (``report_bytes``: a
title, 填报单位/统计期间, merged header rows, one row per unit)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from jiandu.core.validators import xml_cell

HEADER_FONT = Font(bold=True)
REQUIRED_HEADER_FONT = Font(bold=True, color="C00000")
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")


def style_header(cell: Any, *, required: bool = False) -> None:
    """A header cell: bold on grey; a required column's header in red."""
    cell.font = REQUIRED_HEADER_FONT if required else HEADER_FONT
    cell.fill = HEADER_FILL


def save_book(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- a report table (统计报表): title, 填报单位/统计期间, merged header rows, rows -----------


@dataclass(frozen=True)
class HeaderCell:
    """One cell of a report's header rows, spanning ``colspan`` columns and ``rowspan``
    header rows (as an HTML ``<th>`` does)."""

    label: str
    colspan: int = 1
    rowspan: int = 1


CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
PERCENT_FORMAT = '0.0"%"'


def report_bytes(
    *,
    title: str,
    info: str,
    header: Sequence[Sequence[HeaderCell]],
    rows: Iterable[Sequence[Any]],
    formats: Sequence[str] = (),
    bold_rows: frozenset[int] = frozenset(),
    sheet_title: str = "报表",
    widths: Sequence[int] = (),
) -> bytes:
    """A report table in the usual layout: the title row merged across the table, an
    information row (填报单位、统计期间), the header rows with their merged cells, then
    one row per line (``formats``: each column's number format; ``bold_rows``: the
    indexes of rows in bold, e.g. the total). Numbers stay numbers."""
    book = Workbook()
    sheet: Any = book.active
    sheet.title = sheet_title[:31]
    width = sum(c.colspan for c in header[0]) if header else 1
    last = get_column_letter(width)
    sheet.append([title])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = CENTER
    sheet.row_dimensions[1].height = 30
    sheet.append([info])
    sheet.merge_cells(f"A2:{last}2")
    top = 3
    # Lay the header cells out as a browser lays out <th>: skip places taken by a
    # rowspan from above.
    taken: set[tuple[int, int]] = set()
    for r, cells in enumerate(header):
        row = top + r
        col = 1
        for cell in cells:
            while (row, col) in taken:
                col += 1
            target = sheet.cell(row=row, column=col, value=cell.label)
            style_header(target)
            target.alignment = CENTER
            end_row, end_col = row + cell.rowspan - 1, col + cell.colspan - 1
            for rr in range(row, end_row + 1):
                for cc in range(col, end_col + 1):
                    taken.add((rr, cc))
                    sheet.cell(row=rr, column=cc).border = BORDER
            if (end_row, end_col) != (row, col):
                sheet.merge_cells(
                    start_row=row, start_column=col, end_row=end_row, end_column=end_col
                )
            col = end_col + 1
    first_data = top + len(header)
    for i, values in enumerate(rows):
        row = first_data + i
        for c, value in enumerate(values, start=1):
            value = xml_cell(value)
            if isinstance(value, Decimal):
                value = float(value)
            cell = sheet.cell(row=row, column=c, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
            fmt = formats[c - 1] if c - 1 < len(formats) else ""
            if fmt and isinstance(value, (int, float)):
                cell.number_format = fmt
            cell.border = BORDER
            if i in bold_rows:
                cell.font = HEADER_FONT
    for c in range(1, width + 1):
        w = widths[c - 1] if c - 1 < len(widths) else 12
        sheet.column_dimensions[get_column_letter(c)].width = w
    sheet.freeze_panes = sheet.cell(row=first_data, column=2)
    return save_book(book)
