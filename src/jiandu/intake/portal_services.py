"""Writes of the public reporting portal: a report with its attachments, in one
transaction (DOMAIN.md §2; the report itself comes from ``report_submit_portal``)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction

from jiandu.audit.services import event_record
from jiandu.core.services import locked
from jiandu.intake import antiabuse
from jiandu.intake.models import Report, ReportAttachment
from jiandu.intake.services import report_submit_portal


def _sha256(upload: Any) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():  # File.chunks() starts at the beginning
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _store(
    report: Report,
    files: Sequence[Any],
    kinds: list[antiabuse.AttachmentKind],
    saved: list[str],
    actor: Any = None,
) -> None:
    for upload, kind in zip(files, kinds, strict=True):
        attachment = ReportAttachment(
            report=report,
            original_name=antiabuse.safe_filename(getattr(upload, "name", ""))[:200],
            content_type=kind.content_type,
            size=upload.size,
            sha256=_sha256(upload),
        )
        # The stored name is random; the original name is kept only in the row. The
        # files live under MEDIA_ROOT, outside the web root, and are never served as such.
        attachment.file.save(f"{secrets.token_hex(16)}{kind.extension}", upload, save=False)
        saved.append(attachment.file.name)
        attachment.save(force_insert=True)
        event_record(
            actor=actor,
            action="intake.attachment.add",
            obj=report,
            payload={
                "attachment": attachment.pk,
                "type": kind.content_type,
                "size": attachment.size,
                "sha256": attachment.sha256,
            },
        )


def _store_all(
    report: Report, files: Sequence[Any], kinds: list[antiabuse.AttachmentKind], actor: Any = None
) -> int:
    """Store every file, or none: files written before a failure are deleted again (the
    rows go with the enclosing transaction)."""
    saved: list[str] = []
    try:
        _store(report, files, kinds, saved, actor=actor)
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise
    return len(saved)


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
    kinds = antiabuse.attachments_check(list(files))
    report, code = report_submit_portal(
        content=content,
        is_named=is_named,
        reporter=reporter,
        subject_text=subject_text,
        unit_text=unit_text,
    )
    _store_all(report, files, kinds)
    return report, code


@locked("report")
def report_attachments_add(*, actor: Any, report: Report, files: Sequence[Any]) -> int:
    """Attachments registered by staff with a letter or a visit: the same content checks
    and limits as the portal, all or nothing."""
    from jiandu.core.permissions import require_capability

    require_capability(actor, "reports.register")
    if not files:
        return 0
    return _store_all(report, files, antiabuse.attachments_check(list(files)), actor=actor)
