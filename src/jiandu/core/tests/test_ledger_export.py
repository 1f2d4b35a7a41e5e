"""The Excel writer of the ledgers (``core.ledger.xlsx_bytes``) writes the cells itself
for speed; the file a user opens must stay what openpyxl wrote before: the same headers,
values, number formats, wrapping, header style, column widths and frozen panes. The
reference below is the former openpyxl writer, kept here to compare against."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from jiandu.core.ledger import (
    DATE_FORMAT,
    MONEY_FORMAT,
    SERIAL,
    WRAP,
    ExportColumn,
    Sheet,
    _values,
    xlsx_bytes,
)
from jiandu.core.validators import xml_cell
from jiandu.core.xlsx import save_book, style_header

# --- the former writer (openpyxl write-only cells), the reference ----------------------


def _reference_cell(sheet: Any, column: ExportColumn, value: Any) -> Any:
    value = xml_cell(value)
    if value is None or value == "":
        return None
    if isinstance(value, (date, datetime)):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if column.text:
        cell = WriteOnlyCell(sheet, value=str(value))
        cell.number_format = "@"
        cell.data_type = "s"
        return cell
    if column.money and isinstance(value, (Decimal, float, int)) and not isinstance(value, bool):
        cell = WriteOnlyCell(sheet, value=float(value))
        cell.number_format = MONEY_FORMAT
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if column.wrap:
        cell.alignment = WRAP
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _reference_bytes(*sheets: Sheet) -> bytes:
    book = Workbook(write_only=True)
    for spec in sheets:
        sheet = book.create_sheet(spec.title)
        for index, column in enumerate(spec.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        if spec.freeze:
            sheet.freeze_panes = spec.freeze
        header = []
        for column in spec.columns:
            cell = WriteOnlyCell(sheet, value=column.header)
            style_header(cell, required=column.required)
            header.append(cell)
        sheet.append(header)
        for serial, row in enumerate(spec.rows, start=1):
            values = _values(spec.columns, row, serial)
            sheet.append(
                [_reference_cell(sheet, c, v) for c, v in zip(spec.columns, values, strict=True)]
            )
    return save_book(book)


def _described(content: bytes) -> list[dict[str, Any]]:
    """What a user sees of a workbook: per sheet its title, frozen panes, column widths
    and each cell's value, type, number format, wrapping and font/fill."""
    book = load_workbook(io.BytesIO(content))
    out = []
    for sheet in book.worksheets:
        cells = [
            (
                cell.coordinate,
                cell.value,
                cell.data_type,
                cell.number_format,
                bool(cell.alignment.wrap_text),
                cell.alignment.vertical,
                bool(cell.font.bold),
                cell.font.color.rgb if cell.font.color is not None else None,
                cell.fill.fgColor.rgb if cell.fill.fill_type else None,
            )
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ]
        widths = {k: v.width for k, v in sheet.column_dimensions.items()}
        out.append(
            {
                "title": sheet.title,
                "freeze": sheet.freeze_panes,
                "widths": widths,
                "max": (sheet.max_row, sheet.max_column),
                "cells": cells,
            }
        )
    return out


COLUMNS = [
    ExportColumn("序号", SERIAL, width=6),
    ExportColumn("日期", lambda r: r[0], width=12),
    ExportColumn("身份证号", lambda r: r[1], width=20, text=True, required=True),
    ExportColumn("金额（元）", lambda r: r[2], width=14, money=True),
    ExportColumn("主要问题", lambda r: r[3], width=50, wrap=True),
    ExportColumn("其他", lambda r: r[4]),
]
ROWS = [
    (date(2026, 1, 2), "11010519491231002X", Decimal("1234.5"), " 前后有空格 ", "=HYPERLINK(1)"),
    (datetime(2026, 3, 4, 5, 6, 7), 42, 3, "a<b>&c\r\n第二行", True),
    (date(1900, 2, 1), "", None, "", 1.25),
    (None, "=1+1", 7.125, 99, Decimal("0.1")),
    (date(2026, 12, 31), "控\x01制字符", True, "=SUM(A1)", "普通文字"),
    (None, None, None, "长" * 40000, 12345678901234567),
]


def test_the_writer_gives_the_file_the_former_openpyxl_writer_gave():
    def sheets() -> tuple[Sheet, ...]:  # fresh iterators: each writer reads the rows once
        return (
            Sheet("样例", COLUMNS, iter(ROWS), freeze="C2"),
            Sheet("无冻结", COLUMNS[:3], iter(ROWS[:2]), freeze=""),
            Sheet("空表", COLUMNS, iter(())),
        )

    assert _described(xlsx_bytes(*sheets())) == _described(_reference_bytes(*sheets()))
    first = load_workbook(io.BytesIO(xlsx_bytes(*sheets())))["样例"]
    assert first["E3"].value == "a<b>&c\r\n第二行" and first["F2"].value == "=HYPERLINK(1)"
    assert first["F2"].data_type == "s" and len(first["E7"].value) == 32767
    assert first["B3"].value == datetime(2026, 3, 4, 5, 6, 7)
