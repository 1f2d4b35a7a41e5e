"""Case documents: generated drafts and uploaded signed versions."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.cases.models import (
    Case,
    CaseDocument,
    CasePerson,
    DocumentVersion,
)
from jiandu.cases.services.common import check_handler, check_visible
from jiandu.core import files
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.services import locked

DOCUMENT_FILES = files.FilePolicy(
    kinds=(files.DOCX, files.PDF, files.OFD, files.JPEG, files.PNG),
    max_bytes=20 * files.MB,
    match_name=True,
    noun="文书",
    kinds_text="Word、PDF、OFD或图片文件",
)
"""Uploaded versions of a case document (above all the signed, scanned document): the
name's extension must be allowed and the content must be what it says."""


def _store_version(
    actor: Any,
    document: CaseDocument,
    content: bytes,
    filename: str,
    *,
    kind: files.FileKind,
    generated: bool,
    signed: bool,
    note: str = "",
    at: Any = None,
) -> DocumentVersion:
    number = (
        document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        generated=generated,
        signed=signed,
        filename=filename[:200],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        note=note[:200],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        created_at=at or timezone.now(),
    )
    version.file.save(files.stored_name(kind), ContentFile(content), save=False)
    version.save(force_insert=True)
    return version


def _document(case: Case, kind: str, person: CasePerson | None) -> CaseDocument:
    from jiandu.cases.documents import DOCUMENT_KINDS

    if kind not in DOCUMENT_KINDS:
        raise DomainError("文书种类不存在", fields={"kind": ["文书种类不存在"]})
    if person is not None and person.case_id != case.pk:
        raise NotFound()
    document = CaseDocument.objects.filter(case=case, person=person, kind=kind).first()
    return document or CaseDocument.objects.create(case=case, person=person, kind=kind)


def _doc_actor(actor: Any, case: Case) -> None:
    """Documents are drafted by the handling units and by the review office."""
    if actor is not None and actor.has_capability("cases.review"):
        check_visible(actor, case)
        return
    check_handler(actor, case)


@locked("case", "person")
def document_generate(
    *,
    actor: Any,
    case: Case,
    kind: str,
    person: CasePerson | None = None,
    doc_number: str = "",
    context: dict | None = None,
) -> DocumentVersion:
    """A Word draft filled with the case data (GB/T 9704 layout, ``render_document``);
    kept as a new version. It counts for the stage gate only once signed and uploaded."""
    from jiandu.cases.document_context import document_context
    from jiandu.cases.documents import DOCUMENT_KINDS, render_document

    _doc_actor(actor, case)
    document = _document(case, kind, person)
    if doc_number.strip():
        document.doc_number = doc_number.strip()[:60]
        document.save(update_fields=["doc_number"])
    ctx = document_context(case=case, person=person, kind=kind, doc_number=document.doc_number)
    ctx.update(context or {})
    content = render_document(kind, ctx)
    label = DOCUMENT_KINDS[kind].label
    version = _store_version(
        actor,
        document,
        content,
        f"{case.number}{label}{'-' + person.name if person else ''}.docx",
        kind=files.DOCX,
        generated=True,
        signed=False,
        note="系统生成的草稿",
    )
    event_record(
        actor=actor,
        action="cases.document.generate",
        obj=case,
        payload={
            "kind": kind,
            "label": label,
            "version": version.number,
            "person": person.name if person else "",
        },
    )
    return version


@locked("case", "person")
def document_upload(
    *,
    actor: Any,
    case: Case,
    kind: str,
    content: bytes,
    filename: str,
    person: CasePerson | None = None,
    signed: bool = True,
    note: str = "",
) -> DocumentVersion:
    """Upload a version (above all the signed document): checked by ``DOCUMENT_FILES``
    (type by content, matching the name; size), kept next to every earlier version."""
    from jiandu.cases.documents import DOCUMENT_KINDS

    _doc_actor(actor, case)
    checked = DOCUMENT_FILES.check(content, filename)
    document = _document(case, kind, person)
    version = _store_version(
        actor,
        document,
        content,
        filename,
        kind=checked.kind,
        generated=False,
        signed=signed,
        note=note,
    )
    event_record(
        actor=actor,
        action="cases.document.upload",
        obj=case,
        payload={
            "kind": kind,
            "label": DOCUMENT_KINDS[kind].label,
            "version": version.number,
            "signed": signed,
            "person": person.name if person else "",
            "sha256": version.sha256,
        },
    )
    return version
