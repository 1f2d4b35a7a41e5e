"""Writes of the public reporting portal: a report with its attachments, in one
transaction (DOMAIN.md §2; the report itself comes from ``report_submit_portal``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from jiandu.audit.services import event_record
from jiandu.core.files import CheckedFile, StoredFiles
from jiandu.core.services import locked
from jiandu.intake import antiabuse
from jiandu.intake.models import Report, ReportAttachment
from jiandu.intake.services import report_submit_portal


def _store_all(report: Report, checked: list[CheckedFile], actor: Any = None) -> int:
    """Store every checked file (``antiabuse.ATTACHMENTS``), or none: files written
    before a failure are deleted again (the rows go with the enclosing transaction).
    The stored name is random; the original name is kept only in the row, and the
    audit events name no file (a file name can identify the reporter)."""
    with StoredFiles() as stored:
        for file in checked:
            attachment = ReportAttachment(
                report=report,
                original_name=file.original_name,
                content_type=file.kind.content_type,
                size=file.size,
                sha256=file.sha256,
            )
            stored.save(file, attachment.file)
            attachment.save(force_insert=True)
            event_record(
                actor=actor,
                action="intake.attachment.add",
                obj=report,
                payload={
                    "attachment": attachment.pk,
                    "type": file.kind.content_type,
                    "size": attachment.size,
                    "sha256": attachment.sha256,
                },
            )
    return len(checked)


@transaction.atomic
def portal_submit(
    *,
    content: str,
    is_named: bool,
    reporter: dict[str, str] | None,
    subject_text: str,
    unit_text: str,
    files: Sequence[Any] = (),
) -> tuple[Report, str]:
    """A report from the portal with its attachments, all or nothing. Returns the report
    and its receipt code (shown once, stored only as a hash). The attachments are
    checked by content again here; files written before a failure are deleted again.
    The audit events name no file: a file name can identify the reporter."""
    checked = antiabuse.ATTACHMENTS.check_all(list(files))
    report, code = report_submit_portal(
        content=content,
        is_named=is_named,
        reporter=reporter,
        subject_text=subject_text,
        unit_text=unit_text,
    )
    _store_all(report, checked)
    return report, code


@locked("report")
def report_attachments_add(*, actor: Any, report: Report, files: Sequence[Any]) -> int:
    """Attachments registered by staff with a letter or a visit: the same content checks
    and limits as the portal, all or nothing."""
    from jiandu.core.permissions import require_capability

    require_capability(actor, "reports.register")
    if not files:
        return 0
    if report.about_principal_leader:
        from jiandu.core.errors import DomainError

        raise DomainError(
            "反映本级纪委监委主要负责人的检举控告不得在本系统保存材料（《检举控告规则》第十五条）"
        )
    return _store_all(report, antiabuse.ATTACHMENTS.check_all(list(files)), actor=actor)
