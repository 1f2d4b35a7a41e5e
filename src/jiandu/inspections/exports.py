"""The rectification ledger (整改台账) as an Excel file: exactly the rows of the ledger
page for the same filters (``selectors.item_list``, already scoped), in the usual
columns. The first ten columns are those the import reads, so an exported ledger of
open items can be imported again."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from jiandu.core.imports import HEADER_FILL, HEADER_FONT
from jiandu.core.validators import xml_cell
from jiandu.inspections import rules, selectors

WRAP = Alignment(wrap_text=True, vertical="top")
HEADERS: tuple[tuple[str, int, bool], ...] = (
    ("序号", 6, False),
    ("问题类别", 14, False),
    ("问题描述", 40, True),
    ("整改措施", 40, True),
    ("责任单位", 20, False),
    ("责任人", 10, False),
    ("完成时限", 12, False),
    ("立行立改", 8, False),
    ("整改进展", 40, True),
    ("是否销号", 8, False),
    ("状态", 12, False),
    ("被巡察单位", 20, False),
    ("巡察轮次", 18, False),
    ("完成日期", 12, False),
    ("销号日期", 12, False),
)


def export_xlsx(*, user: Any, filters: Any) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("整改台账")
    for index, (_, width, _) in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header = []
    for title, _, _ in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    sheet.append(header)
    items = selectors.item_list(user=user, filters=filters)
    for item in items.iterator(chunk_size=2000):
        target = item.finding.target
        values = [
            item.seq,
            item.finding.get_category_display(),
            item.finding.description,
            item.measures,
            item.responsible_unit.name,
            item.responsible_person,
            item.deadline,
            "是" if item.immediate else "否",
            item.progress,
            "是" if item.status in rules.CLOSED_STATES else "否",
            item.get_status_display(),
            target.unit.name,
            target.round.name,
            item.completed_on,
            item.closed_on,
        ]
        row = []
        for (_, _, wrap), value in zip(HEADERS, map(xml_cell, values), strict=True):
            if value is None or value == "":
                row.append(None)
                continue
            cell = WriteOnlyCell(sheet, value=value)
            if hasattr(value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
            elif wrap:
                cell.alignment = WRAP
            row.append(cell)
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
