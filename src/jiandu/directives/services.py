"""Every write to deployed tasks: upload and parse a document, review the tree (edit,
include or leave out, assign owners and dates), publish, report progress, send back,
close out. Each checks the state machine (``rules.MACHINE``), the actor's
capability and unit, and records an audit event in the same transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.db import transaction
from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.core import notifications
from jiandu.core.errors import DomainError, NotFound, PermissionDenied
from jiandu.core.files import (
    DOC,
    DOCX,
    JPEG,
    MB,
    OFD,
    PDF,
    PNG,
    TXT,
    XLS,
    XLSX,
    CheckedFile,
    FilePolicy,
    StoredFiles,
)
from jiandu.core.permissions import require_capability
from jiandu.core.services import check_version, locked, version_of
from jiandu.directives import parsing, rules
from jiandu.directives.models import (
    Attachment,
    DirectiveDocument,
    DocumentKind,
    DocumentStatus,
    ProgressReport,
    Task,
    TaskOwner,
    TaskStatus,
)
from jiandu.org.models import Unit

EVIDENCE_FILES = FilePolicy(
    kinds=(JPEG, PNG, PDF, OFD, DOCX, XLSX, DOC, XLS, TXT),
    max_bytes=20 * MB,
    max_count=10,
    field="files",
    kinds_text="JPG、PNG图片，PDF、OFD，Word（doc/docx），Excel（xls/xlsx），TXT文本",
)
"""Attachments of progress reports and close-outs (佐证材料): type by content, 20 MB a
file, 10 files a report."""


def register_units() -> list[rules.RegisterUnit]:
    """The organisation register as the owner matcher needs it (active units)."""
    return [
        rules.RegisterUnit(id=i, name=n, kind=k, short_name=s or "", parent_name=p or "")
        for i, n, k, s, p in Unit.objects.filter(is_active=True).values_list(
            "id", "name", "kind", "short_name", "parent__name"
        )
    ]


# --- helpers ----------------------------------------------------------------------------


def _move(task: Task, action: str) -> str:
    """The status after ``action`` (``rules.MACHINE``), or ``IllegalTransition``."""
    return rules.MACHINE.check(task.status, action) or task.status


def _issuer(actor: Any, document: DirectiveDocument) -> None:
    """Reviewing, publishing, sending back and closing belong to the issuing unit (or to
    a role that sees every unit's directives, such as the commission's leaders)."""
    if actor is None:
        return
    require_capability(actor, "directives.issue")
    if not DirectiveDocument.objects.visible_to(actor).filter(pk=document.pk).exists():
        raise NotFound()
    if actor.unit_id != document.issuer_unit_id and not actor.unit_scope("directives").all:
        raise PermissionDenied(f"该文件由{document.issuer_unit.name}交办，只能由交办单位办理。")


def _owner(actor: Any, task: Task) -> None:
    """Progress is reported by a unit responsible for the task."""
    if actor is None:
        return
    require_capability(actor, "directives.report")
    if not Task.objects.visible_to(actor).filter(pk=task.pk).exists():
        raise NotFound()
    if not task.ownerships.filter(unit_id=actor.unit_id).exists():
        raise PermissionDenied("只有该任务的责任单位才能报告进展。")


def _store(
    stored: StoredFiles,
    checked: list[CheckedFile],
    *,
    actor: Any,
    task: Task,
    report: ProgressReport | None = None,
    for_close: bool = False,
) -> list[str]:
    """Keep the checked files as attachments of ``task``; returns their names."""
    for file in checked:
        attachment = Attachment(
            task=task,
            report=report,
            for_close=for_close,
            filename=file.original_name,
            size=file.size,
            sha256=file.sha256,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            created_at=timezone.now(),
        )
        stored.save(file, attachment.file)
        attachment.save()
    return [file.original_name for file in checked]


def _owner_names(task: Task) -> list[str]:
    return [o.unit.name for o in task.ownerships.select_related("unit")]


# --- upload -----------------------------------------------------------------------------


@transaction.atomic
def document_upload(
    *,
    actor: Any,
    document_date: date,
    kind: str = DocumentKind.SPEECH,
    title: str = "",
    filename: str = "",
    data: bytes | None = None,
    text: str | None = None,
    issuer_unit: Unit | None = None,
) -> DirectiveDocument:
    """Read a .txt/.docx (or a text), parse it into a task tree (``parsing.parse``) and
    save it as a draft: every part of the tree is kept with its exact source text; the
    parts proposed as tasks get the suggested owners and deadline."""
    require_capability(actor, "directives.issue")
    if text is None:
        if not data:
            raise DomainError("请选择要上传的文件。", fields={"file": ["请选择要上传的文件。"]})
        try:
            text = parsing.read_upload(filename, data)
        except ValueError as exc:
            raise DomainError(str(exc), fields={"file": [str(exc)]}) from None
    if kind not in DocumentKind.values:
        raise DomainError("文件类别不正确。", fields={"kind": ["文件类别不正确。"]})
    issuer = issuer_unit or (actor.unit if actor is not None else None)
    if issuer is None:
        raise DomainError("未指定交办单位。")
    register = register_units()
    parsed = parsing.parse(text, document_date=document_date, register=register)
    if not any(True for _ in parsed.walk()):
        raise DomainError(
            "未能从该文件中识别出任何部署事项（未发现一、（一）、第一、1.、一要、一是等编号）。",
            fields={"file": ["未识别出部署事项。"]},
        )
    title = (title or parsed.title or filename or "部署文件").strip()[:200]
    document = DirectiveDocument.objects.create(
        title=title,
        kind=kind,
        document_date=document_date,
        issuer_unit=issuer,
        filename=filename[:200],
        text=parsed.text,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    owners_rows: list[TaskOwner] = []
    position = 0

    def save(node: parsing.ParsedTask, parent: Task | None) -> None:
        nonlocal position
        position += 1
        task = Task.objects.create(
            document=document,
            parent=parent,
            position=position,
            path=node.path[:80],
            citation=node.citation[:120],
            title=node.title[:300] or node.label,
            source_text=parsed.text[node.start : node.end],
            source_start=node.start,
            source_end=node.end,
            is_task=node.is_task,
            extracted_kind=node.kind,
            suggested_owners="；".join(dict.fromkeys(m.text for m in node.owners))[:300],
            due_date=node.due.due if node.due and node.is_task else None,
            due_phrase=(node.due.phrase if node.due and node.is_task else "")[:40],
        )
        if node.is_task:
            ids = rules.resolve_owner_keys(node.owner_keys, register)
            owners_rows.extend(TaskOwner(task=task, unit_id=i) for i in ids)
        for child in node.children:
            save(child, task)

    for root in parsed.tasks:
        save(root, None)
    TaskOwner.objects.bulk_create(owners_rows)
    proposed = sum(1 for _ in parsed.task_list())
    event_record(
        actor=actor,
        action="directives.document.upload",
        obj=document,
        to_state=DocumentStatus.DRAFT.label,
        payload={"parts": position, "tasks": proposed, "filename": filename},
    )
    return document


# --- review -----------------------------------------------------------------------------


def task_version(task: Task) -> str:
    """The edit form's version token: its wording, inclusion, deadline and owners."""
    owners = sorted(o.unit_id for o in task.ownerships.all())
    return version_of(task, ("title", "is_task", "due_date"), owners=owners)


@locked("task.document", "task")
def task_edit(
    *,
    actor: Any,
    task: Task,
    title: str | None = None,
    is_task: bool | None = None,
    owners: list[Unit] | None = None,
    due_date: date | bool | None = False,
    version: str | None = None,
) -> Task:
    """Change a task while the document is reviewed (or an open task's owners and date
    later): its wording, whether it is a task at all, its owners, its deadline
    (``due_date=None`` clears it; ``False`` leaves it). ``version`` is the token the
    form was rendered with (``task_version``): a stale save is refused; ``None`` is for
    system callers only."""
    _issuer(actor, task.document)
    check_version(task_version(task), version)
    _move(task, "edit")
    changes: dict[str, Any] = {}
    fields: list[str] = []
    if title is not None:
        title = title.strip()
        if not title:
            raise DomainError("任务内容不能为空。", fields={"title": ["任务内容不能为空。"]})
        if title != task.title:
            changes["title"] = [task.title, title]
            task.title = title[:300]
            fields.append("title")
    if is_task is not None and is_task != task.is_task:
        if task.status != TaskStatus.DRAFT:
            raise DomainError("已发布的任务不能改为非督办事项。")
        changes["is_task"] = [task.is_task, is_task]
        task.is_task = is_task
        fields.append("is_task")
    if due_date is not False and due_date != task.due_date:
        due_date = cast("date | None", due_date)  # False means "unchanged"
        if due_date is not None and due_date < task.document.document_date:
            raise DomainError(
                "完成时限不能早于文件日期。", fields={"due_date": ["完成时限不能早于文件日期。"]}
            )
        changes["due_date"] = [str(task.due_date or ""), str(due_date or "")]
        task.due_date = due_date
        fields.append("due_date")
    if fields:
        task.save(update_fields=fields)
    if owners is not None:
        before = _owner_names(task)
        if task.status != TaskStatus.DRAFT and not owners:
            raise DomainError("已发布的任务至少要有一个责任单位。")
        task.ownerships.exclude(unit__in=owners).delete()
        existing = set(task.ownerships.values_list("unit_id", flat=True))
        TaskOwner.objects.bulk_create(
            [TaskOwner(task=task, unit=u) for u in owners if u.pk not in existing]
        )
        after = _owner_names(task)
        if sorted(before) != sorted(after):
            changes["owners"] = [before, after]
    if changes:
        event_record(
            actor=actor, action="directives.task.edit", obj=task, payload={"changes": changes}
        )
    return task


@locked("document")
def document_publish(*, actor: Any, document: DirectiveDocument) -> list[Task]:
    """Publish (交办) the document's draft tasks that have owners: they become 已交办 and
    appear to their owners. Draft tasks without owners stay drafts, to be assigned and
    published later."""
    _issuer(actor, document)
    drafts = list(
        document.tasks.filter(is_task=True, status=TaskStatus.DRAFT, ownerships__isnull=False)
        .distinct()
        .order_by("position")
    )
    if not drafts:
        raise DomainError("没有可发布的任务：请先为任务指定责任单位。")
    now = timezone.now()
    for task in drafts:
        task.status = _move(task, "publish")
    Task.objects.bulk_update(drafts, ["status"])
    before = document.get_status_display()
    if document.status != DocumentStatus.PUBLISHED:
        document.status = DocumentStatus.PUBLISHED
        document.published_at = now
        document.save(update_fields=["status", "published_at"])
    waiting = document.tasks.filter(is_task=True, status=TaskStatus.DRAFT).count()
    event_record(
        actor=actor,
        action="directives.document.publish",
        obj=document,
        from_state=before,
        to_state=DocumentStatus.PUBLISHED.label,
        payload={"published": [t.number for t in drafts], "still_draft": waiting},
    )
    for task in drafts:
        notifications.assigned(obj=task, units=task.owners.all(), noun="督办任务", actor=actor)
    return drafts


# --- follow-up --------------------------------------------------------------------------


@locked("task.document", "task")
def progress_report(
    *, actor: Any, task: Task, text: str, percentage: int, files: list[Any] | None = None
) -> ProgressReport:
    """An owner reports progress (text, percentage, attachments). 100% reports the task
    done (已完成待销号), for the issuer to close; progress never goes backwards."""
    _owner(actor, task)
    text = (text or "").strip()
    if not text:
        raise DomainError("请填写进展情况。", fields={"text": ["请填写进展情况。"]})
    if not 0 <= percentage <= 100:
        raise DomainError("完成进度应在0到100之间。", fields={"percentage": ["应在0到100之间。"]})
    if percentage < task.progress:
        message = f"完成进度不能低于上次报告的{task.progress}%。"
        raise DomainError(message, fields={"percentage": [message]})
    checked = EVIDENCE_FILES.check_all(files or [])
    action = "report_done" if percentage == 100 else "report"
    before = task.status
    task.status = _move(task, action)
    task.progress = percentage
    task.save(update_fields=["status", "progress"])
    report = ProgressReport.objects.create(
        task=task,
        unit=actor.unit if actor is not None else task.ownerships.first().unit,  # type: ignore[union-attr]
        text=text,
        percentage=percentage,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        created_at=timezone.now(),
    )
    with StoredFiles() as stored:
        names = _store(stored, checked, actor=actor, task=task, report=report)
        event_record(
            actor=actor,
            action=f"directives.task.{action}",
            obj=task,
            from_state=TaskStatus(before).label,
            to_state=TaskStatus(task.status).label,
            payload={"percentage": percentage, "attachments": names},
        )
    return report


@locked("task.document", "task")
def task_send_back(*, actor: Any, task: Task, reason: str) -> Task:
    """The issuer does not accept a reported completion: back to 推进中, with a reason."""
    _issuer(actor, task.document)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写退回理由。", fields={"reason": ["请填写退回理由。"]})
    before = task.status
    task.status = _move(task, "send_back")
    task.progress = min(task.progress, 90)
    task.save(update_fields=["status", "progress"])
    event_record(
        actor=actor,
        action="directives.task.send_back",
        obj=task,
        from_state=TaskStatus(before).label,
        to_state=TaskStatus(task.status).label,
        reason=reason,
    )
    return task


@locked("task.document", "task")
def task_close_out(*, actor: Any, task: Task, note: str, files: list[Any] | None = None) -> Task:
    """The issuer closes a task (销号) with evidence: a note, and a file attached now or
    with the owners' reports. A task with open (published, not closed) sub-tasks cannot
    be closed."""
    _issuer(actor, task.document)
    note = (note or "").strip()
    if not note:
        raise DomainError("请填写销号说明。", fields={"note": ["请填写销号说明。"]})
    _move(task, "close")
    open_children = task.children.filter(is_task=True, status__in=rules.Status.OPEN).count()
    if open_children:
        raise DomainError(f"该任务尚有{open_children}项子任务未销号，不能销号。")
    if not files and not task.attachments.exists():
        raise DomainError(
            "销号须有佐证材料：请上传附件（或责任单位报告进展时已附材料）。",
            fields={"files": ["请上传佐证材料。"]},
        )
    checked = EVIDENCE_FILES.check_all(files or [])
    before = task.status
    with StoredFiles() as stored:
        names = _store(stored, checked, actor=actor, task=task, for_close=True)
        task.status = TaskStatus.CLOSED
        task.closed_at = timezone.now()
        task.closed_by = actor if getattr(actor, "is_authenticated", False) else None
        task.close_note = note
        task.save(update_fields=["status", "closed_at", "closed_by", "close_note"])
        event_record(
            actor=actor,
            action="directives.task.close",
            obj=task,
            from_state=TaskStatus(before).label,
            to_state=TaskStatus.CLOSED.label,
            reason=note,
            payload={"evidence": names},
        )
    return task
