"""The hit list as CSV or Excel (the page's filters apply), for the page and the CLI; the
Excel file is written by ``core.ledger``."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from jiandu.core.ledger import ExportColumn, Sheet
from jiandu.core.ledger import xlsx_bytes as ledger_xlsx
from jiandu.core.scoping import PLACEHOLDER
from jiandu.crosscheck.models import Hit

SHEET = "比对疑点"
FILENAME = "crosscheck-hits-{date}.xlsx"


def _field(key: str) -> Any:
    return lambda row: row[key]


COLUMNS = [
    ExportColumn("疑点编号", _field("id"), width=8),
    ExportColumn("规则", _field("rule_code"), width=6),
    ExportColumn("风险等级", _field("severity"), width=8),
    ExportColumn("当事人", _field("subject_name"), width=12),
    ExportColumn("身份证号", _field("subject_citizen_id"), width=20, text=True),
    ExportColumn("数据中的单位", _field("subject_unit_name"), width=18),
    ExportColumn("对应单位", _field("unit"), width=18),
    ExportColumn("疑点摘要", _field("summary"), width=60),
    ExportColumn("涉及金额（元）", _field("amount"), width=14),
    ExportColumn("匹配可信度", _field("confidence"), width=10),
    ExportColumn("研判状态", _field("status"), width=10),
    ExportColumn("排除理由", _field("reason"), width=24),
    ExportColumn("问题线索", _field("clue"), width=16),
    ExportColumn("首次发现于", _field("first_run"), width=14),
    ExportColumn("疑点数据指纹", _field("identity"), width=26),
]


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
    writer.writerow([column.header for column in COLUMNS])
    for row in rows(queryset, user=user):
        values = (column.value(row) for column in COLUMNS if column.value is not None)
        writer.writerow(["" if value is None else value for value in values])
    return buffer.getvalue()


def xlsx_bytes(queryset: QuerySet[Hit], *, user: Any = None) -> bytes:
    return ledger_xlsx(Sheet(SHEET, COLUMNS, rows(queryset, user=user)))


def export_csv(*, user: Any, filters: Any) -> str:
    from jiandu.crosscheck.selectors import hit_list

    return csv_text(hit_list(user=user, filters=filters), user=user)
