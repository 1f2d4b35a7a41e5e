"""The hit list as CSV or Excel (the page's filters apply), for the page and the CLI."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from jiandu.core.scoping import PLACEHOLDER
from jiandu.core.validators import xml_cell
from jiandu.crosscheck.models import Hit

COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "疑点编号"),
    ("rule_code", "规则"),
    ("severity", "风险等级"),
    ("subject_name", "当事人"),
    ("subject_citizen_id", "身份证号"),
    ("subject_unit_name", "数据中的单位"),
    ("unit", "对应单位"),
    ("summary", "疑点摘要"),
    ("amount", "涉及金额（元）"),
    ("confidence", "匹配可信度"),
    ("status", "研判状态"),
    ("reason", "排除理由"),
    ("clue", "问题线索"),
    ("first_run", "首次发现于"),
    ("identity", "疑点标识"),
)


def rows(queryset: QuerySet[Hit], *, user: Any = None) -> Iterator[dict[str, Any]]:
    """The export's rows. With a ``user`` (the pages), a hit's clue number is written only
    if the user may open the clue (``jiandu.core.scoping``); without one (the command
    line, run by the operator) every number is written."""
    qs = queryset.select_related("subject_unit", "clue").order_by("rule_code", "id")
    clues = None
    if user is not None:
        clue_model = Hit._meta.get_field("clue").related_model
        clues = set(
            clue_model.objects.visible_to(user)
            .filter(pk__in=queryset.filter(clue__isnull=False).values("clue_id"))
            .values_list("pk", flat=True)
        )
    for hit in qs.iterator(chunk_size=2000):
        shown = hit.clue_id and (clues is None or hit.clue_id in clues)
        yield {
            "id": hit.pk,
            "rule_code": hit.rule_code,
            "severity": hit.get_severity_display(),
            "subject_name": hit.subject_name,
            "subject_citizen_id": hit.subject_citizen_id,
            "subject_unit_name": hit.subject_unit_name,
            "unit": hit.subject_unit.name if hit.subject_unit_id else "",
            "summary": hit.summary,
            "amount": hit.amount,
            "confidence": round(hit.confidence, 2),
            "status": hit.get_status_display(),
            "reason": hit.reason,
            "clue": hit.clue.number if shown else (PLACEHOLDER if hit.clue_id else ""),
            "first_run": f"第{hit.first_run_id}次比对",
            "identity": hit.identity,
        }


def csv_text(queryset: QuerySet[Hit], *, user: Any = None) -> str:
    """CSV with a BOM, so that Excel opens the Chinese text correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([label for _, label in COLUMNS])
    for row in rows(queryset, user=user):
        writer.writerow(["" if row[k] is None else row[k] for k, _ in COLUMNS])
    return buffer.getvalue()


def xlsx_bytes(queryset: QuerySet[Hit], *, user: Any = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = "比对疑点"
    sheet.append([label for _, label in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(queryset, user=user):
        sheet.append([xml_cell(row[k]) for k, _ in COLUMNS])
        sheet.cell(row=sheet.max_row, column=5).number_format = "@"
    for letter, width in zip(
        "ABCDEFGHIJKLMNO", (8, 6, 8, 12, 20, 18, 18, 60, 14, 10, 10, 24, 16, 14, 26), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_csv(*, user: Any, filters: Any) -> str:
    from jiandu.crosscheck.selectors import hit_list

    return csv_text(hit_list(user=user, filters=filters), user=user)


def export_xlsx(*, user: Any, filters: Any) -> bytes:
    from jiandu.crosscheck.selectors import hit_list

    return xlsx_bytes(hit_list(user=user, filters=filters), user=user)
