"""Reports in the search box (``jiandu.core.search``): by number, subject, unit and
content; a report is never shown with its reporter. The petition office (who may read
identities, ``reports.identity``) also finds a report by its reporter's exact name, phone
or ID number, matched as keyed hashes, never stored as text."""

from __future__ import annotations

import logging
from typing import Any

from django.db.models import Exists, OuterRef, Q

from jiandu.core.crypto import DecryptionError, decrypt_json
from jiandu.core.formatting import cn_date
from jiandu.core.search import SearchKind, SearchLine, register
from jiandu.intake.models import Report, ReportSubject

logger = logging.getLogger(__name__)


def _document(report: Report) -> list[Any]:
    return [
        report.number,
        report.subject_text,
        report.unit_text,
        *(s.name for s in report.subjects.all()),
        report.content,
    ]


def _private(report: Report) -> list[str]:
    from jiandu.intake.services import _identity_context

    if not report.reporter_identity:
        return []
    try:
        identity = decrypt_json(report.reporter_identity, context=_identity_context(report.number))
    except (DecryptionError, ValueError):
        logger.warning("search: the reporter identity of report %s does not decrypt", report.pk)
        return []
    return [identity.get(k, "") for k in ("name", "phone", "id_number")]


def _line(report: Report) -> SearchLine:
    subject = report.subject_text or "、".join(s.name for s in report.subjects.all())
    return SearchLine(
        title=f"{report.number} {subject}".strip(),
        url=report.get_absolute_url(),
        detail=f"{report.get_channel_display()} · 收到于{cn_date(report.received_at)}",
        badge=report.get_status_display(),
        text=report.content,
    )


def _citizen_id(number: str) -> Q:
    subjects = ReportSubject.objects.filter(report=OuterRef("pk"), cadre__citizen_id=number)
    return Q(Exists(subjects))


def _selector(user: Any):
    from jiandu.intake.selectors import report_list

    return report_list(user=user)


REPORTS = register(
    SearchKind(
        key="report",
        label="信访举报",
        model=Report,
        capability="reports.view",
        selector=_selector,
        document=_document,
        line=_line,
        fields=frozenset({"number", "subject_text", "unit_text", "content", "reporter_identity"}),
        ledger="intake:report_list",
        index_queryset=lambda qs: qs.prefetch_related("subjects"),
        prepare=lambda qs: qs.prefetch_related("subjects"),
        citizen_id=_citizen_id,
        related={ReportSubject: lambda subject: [subject.report_id]},
        private=_private,
        private_capability="reports.identity",
        sort=10,
    )
)
