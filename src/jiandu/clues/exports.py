"""The clue ledger (问题线索台账) as an Excel file.

Exactly the rows of the ledger page for the same filters (``selectors.clue_list``,
already limited to what the user may see), in the usual ledger columns. Rows are
streamed with openpyxl's write-only mode; dates are real Excel dates.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from jiandu.clues import selectors
from jiandu.clues.models import CloseKind, ClueSource, ClueStatus, Disposition, VerificationResult
from jiandu.core.models import ProblemCategory
from jiandu.core.validators import xml_cell
from jiandu.org.models import Rank

CHUNK = 2000
DATE_FORMAT = "yyyy-mm-dd"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    wrap: bool = False


COLUMNS = [
    Column("序号", 6),
    Column("线索编号", 15),
    Column("收到日期", 12),
    Column("线索来源", 16),
    Column("被反映人", 10),
    Column("单位及职务", 28, wrap=True),
    Column("职级", 10),
    Column("问题类别", 24, wrap=True),
    Column("主要问题", 50, wrap=True),
    Column("承办单位", 20),
    Column("处置方式", 14),
    Column("办理状态", 14),
    Column("了结方式", 10),
    Column("核查结论", 10),
    Column("是否超期", 8),
    Column("需向上级报告", 12),
]


def _label(choices: Any, value: str) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _rows(user: Any, filters: Any) -> Iterator[list[Any]]:
    today = timezone.localdate()
    clues = selectors.clue_list(user=user, filters=filters).prefetch_related(
        Prefetch("categories", queryset=ProblemCategory.objects.only("id", "name"))
    )
    for index, clue in enumerate(clues.iterator(chunk_size=CHUNK), start=1):
        unit = clue.subject_unit.name if clue.subject_unit else ""
        overdue = any(d.due_on < today for d in clue.open_deadlines)
        yield [
            index,
            clue.number,
            clue.received_on,
            _label(ClueSource, clue.source),
            clue.subject_name,
            f"{unit}{clue.subject_title}",
            _label(Rank, clue.subject_rank),
            "、".join(c.name for c in clue.categories.all()),
            clue.summary,
            clue.handling_unit.name if clue.handling_unit else "",
            _label(Disposition, clue.disposition),
            _label(ClueStatus, clue.status),
            _label(CloseKind, clue.close_kind),
            _label(VerificationResult, clue.finding),
            "是" if overdue else "否",
            "是" if clue.report_upward else "否",
        ]


def _cell(sheet: Any, col: Column, value: Any) -> Any:
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if col.wrap and value:
        cell = WriteOnlyCell(sheet, value=value)
        cell.alignment = WRAP
        return cell
    return value if value != "" else None


def export_xlsx(*, user: Any, filters: Any) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("问题线索台账")
    for index, col in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = col.width
    sheet.freeze_panes = "C2"
    header = []
    for col in COLUMNS:
        cell = WriteOnlyCell(sheet, value=col.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    sheet.append(header)
    for row in _rows(user, filters):
        cells = zip(COLUMNS, map(xml_cell, row), strict=True)
        sheet.append([_cell(sheet, col, value) for col, value in cells])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
