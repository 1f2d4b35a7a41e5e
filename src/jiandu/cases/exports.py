"""The case ledger (案件台账) as an Excel file: one row per person (or organisation) of
every case the ledger page shows for the same filters (``selectors.case_list``, already
limited to what the user may see), with the measures, the four form and the influence
period end derived from the decision, and the money involved and recovered."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from jiandu.cases import rules, selectors
from jiandu.cases.models import Decision
from jiandu.cases.rules import CaseKind, Stage
from jiandu.core.validators import xml_cell
from jiandu.org.models import Rank

CHUNK = 1000
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
WRAP = Alignment(wrap_text=True, vertical="top")

COLUMNS: list[tuple[str, int]] = [
    ("序号", 6),
    ("案件编号", 15),
    ("立案方式", 10),
    ("案由", 30),
    ("立案日期", 12),
    ("被审查调查人", 12),
    ("单位及职务", 28),
    ("职级", 12),
    ("中共党员", 8),
    ("问题类别", 24),
    ("主办单位", 18),
    ("协办单位", 24),
    ("包案领导", 10),
    ("阶段", 14),
    ("处分和处理", 26),
    ("四种形态", 10),
    ("影响期至", 12),
    ("涉案金额（元）", 14),
    ("追缴金额（元）", 14),
    ("是否超期", 8),
    ("留置中", 8),
]
RANKS = dict(Rank.choices)


def _rows(user: Any, filters: Any) -> Iterator[list[Any]]:
    today = timezone.localdate()
    cases = selectors.case_list(user=user, filters=filters).prefetch_related(
        "categories",
        Prefetch(
            "tracks__decisions",
            queryset=Decision.objects.filter(superseded=False)
            .prefetch_related("measures")
            .order_by("-decided_on", "-id"),
            to_attr="current_decisions",
        ),
    )
    index = 0
    for case in cases.iterator(chunk_size=CHUNK):
        overdue = any(d.paused_on is None and d.due_on < today for d in case.open_deadlines)
        categories = "、".join(c.name for c in case.categories.all())
        co = "、".join(u.name for u in case.co_units.all())
        for person in case.tracks:
            index += 1
            decisions = person.current_decisions
            decision = decisions[0] if decisions else None
            codes = [m.measure for m in decision.measures.all()] if decision else []
            form = rules.four_form(codes)
            end = (
                rules.combined_period_end([(c, decision.decided_on) for c in codes])
                if decision
                else None
            )
            detained = bool(person.running_detentions)
            yield [
                index,
                case.number,
                CaseKind(case.kind).label,
                case.title,
                case.filed_on,
                person.name,
                f"{person.unit.name if person.unit_id else ''}{person.title}",
                RANKS.get(person.rank, person.rank),
                "是" if person.is_party_member else "否",
                categories,
                case.lead_unit.name,
                co,
                str(case.leader) if case.leader_id else "",
                Stage(person.stage).label,
                "、".join(rules.Measure(c).label for c in codes),
                rules.FORM_LABELS.get(form, "") if form else "",
                end,
                person.amount_involved,
                person.amount_recovered,
                "是" if overdue else "否",
                "是" if detained else "否",
            ]


def export_xlsx(*, user: Any, filters: Any) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("案件台账")
    for i, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "C2"
    header = []
    for title, _ in COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    sheet.append(header)
    for row in _rows(user, filters):
        out = []
        for value in map(xml_cell, row):
            if isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = DATE_FORMAT
                out.append(cell)
            elif value is not None and not isinstance(value, (str, int)):
                cell = WriteOnlyCell(sheet, value=float(value))
                cell.number_format = MONEY_FORMAT
                out.append(cell)
            else:
                out.append(value if value != "" else None)
        sheet.append(out)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
