"""The rectification ledger (整改台账) as an Excel file: exactly the rows of the ledger
page for the same filters (``selectors.item_list``, already scoped), in the usual
columns (``core.ledger`` writes them). The first ten columns are those the import reads,
so an exported ledger of open items can be imported again."""

from __future__ import annotations

from typing import Any

from jiandu.core.ledger import CHUNK, ExportColumn, Sheet, xlsx_bytes
from jiandu.inspections import rules, selectors

SHEET = "整改台账"
FILENAME = "ledger-{date}.xlsx"


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


COLUMNS = [
    ExportColumn("序号", lambda i: i.seq, width=6),
    ExportColumn("问题类别", lambda i: i.finding.get_category_display(), width=14),
    ExportColumn("问题描述", lambda i: i.finding.description, width=40, wrap=True),
    ExportColumn("整改措施", lambda i: i.measures, width=40, wrap=True),
    ExportColumn("责任单位", lambda i: i.responsible_unit.name, width=20),
    ExportColumn("责任人", lambda i: i.responsible_person, width=10),
    ExportColumn("完成时限", lambda i: i.deadline, width=12),
    ExportColumn("立行立改", lambda i: _yes(i.immediate), width=8),
    ExportColumn("整改进展", lambda i: i.progress, width=40, wrap=True),
    ExportColumn("是否销号", lambda i: _yes(i.status in rules.CLOSED_STATES), width=8),
    ExportColumn("状态", lambda i: i.get_status_display(), width=12),
    ExportColumn("被巡察单位", lambda i: i.finding.target.unit.name, width=20),
    ExportColumn("巡察轮次", lambda i: i.finding.target.round.name, width=18),
    ExportColumn("完成日期", lambda i: i.completed_on, width=12),
    ExportColumn("销号日期", lambda i: i.closed_on, width=12),
]


def export_xlsx(*, user: Any, filters: Any) -> bytes:
    """The items of ``selectors.item_list`` for ``filters`` as the ledger's Excel file
    (what the page's export gives; the import reads it back)."""
    items = selectors.item_list(user=user, filters=filters).iterator(chunk_size=CHUNK)
    return xlsx_bytes(Sheet(SHEET, COLUMNS, items, freeze=""))
