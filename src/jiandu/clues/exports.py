"""The clue ledger (问题线索台账) as an Excel file: exactly the rows of the ledger page for
the same filters (all pages), in the usual ledger columns (``core.ledger`` writes them)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from jiandu.clues.models import (
    CloseKind,
    Clue,
    ClueSource,
    ClueStatus,
    Disposition,
    VerificationResult,
)
from jiandu.core.ledger import CHUNK, SERIAL, ExportColumn
from jiandu.core.models import ProblemCategory
from jiandu.org.models import Rank

SHEET = "问题线索台账"
FILENAME = "clues-{date}.xlsx"


def _label(choices: Any, value: str) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


COLUMNS = [
    ExportColumn("序号", SERIAL, width=6),
    ExportColumn("线索编号", lambda c: c.number, width=15),
    ExportColumn("收到日期", lambda c: c.received_on, width=12),
    ExportColumn("线索来源", lambda c: _label(ClueSource, c.source), width=16),
    ExportColumn("被反映人", lambda c: c.subject_name, width=10),
    ExportColumn(
        "单位及职务",
        lambda c: f"{c.subject_unit.name if c.subject_unit else ''}{c.subject_title}",
        width=28,
        wrap=True,
    ),
    ExportColumn("职级", lambda c: _label(Rank, c.subject_rank), width=10),
    ExportColumn(
        "问题类别", lambda c: "、".join(x.name for x in c.categories.all()), width=24, wrap=True
    ),
    ExportColumn("主要问题", lambda c: c.summary, width=50, wrap=True),
    ExportColumn("承办单位", lambda c: c.handling_unit.name if c.handling_unit else "", width=20),
    ExportColumn("处置方式", lambda c: _label(Disposition, c.disposition), width=14),
    ExportColumn("办理状态", lambda c: _label(ClueStatus, c.status), width=14),
    ExportColumn("了结方式", lambda c: _label(CloseKind, c.close_kind), width=10),
    ExportColumn("核查结论", lambda c: _label(VerificationResult, c.finding), width=10),
    ExportColumn("是否超期", lambda c: _yes(c.overdue), width=8),
    ExportColumn("需向上级报告", lambda c: _yes(c.report_upward), width=12),
]


def rows(clues: QuerySet[Clue], request: Any = None) -> Iterator[Clue]:
    """The ledger's clues with their categories, each marked ``overdue`` when one of its
    running time limits has passed."""
    today = timezone.localdate()
    clues = clues.prefetch_related(
        Prefetch("categories", queryset=ProblemCategory.objects.only("id", "name"))
    )
    for clue in clues.iterator(chunk_size=CHUNK):
        clue.overdue = any(d.due_on < today for d in clue.open_deadlines)
        yield clue
