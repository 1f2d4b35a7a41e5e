"""Deployed-task pages: the document ledger, upload, the review of an extracted tree
(include, edit, assign owners and dates, publish), the task list (my unit's tasks, all
tasks), a task with its progress reports and close-out, and the completion rates.
Every write goes through ``jiandu.directives.services``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiandu.audit.models import Event
from jiandu.core.errors import DomainError, NotFound, PermissionDenied
from jiandu.core.files import serve_file
from jiandu.core.forms import (
    ScopedFormMixin,
    ScopedModelMultipleChoiceField,
    StyledFormMixin,
    add_domain_error,
)
from jiandu.core.ledger import Ledger, ledger_view
from jiandu.core.permissions import capability_required
from jiandu.core.redirects import safe_next
from jiandu.directives import selectors, services, steps
from jiandu.directives.filters import DocumentFilter, TaskFilter
from jiandu.directives.models import Attachment, DocumentKind, DocumentStatus, Task, TaskStatus
from jiandu.directives.tables import STATUS_BADGES, DocumentTable, TaskTable
from jiandu.org.models import Unit, UnitKind

KIND_LABELS = {
    "task": "部署任务",
    "review": "工作回顾",
    "problem": "问题不足",
    "context": "总体要求",
}


def _assignable(user: Any, queryset: Any) -> Any:
    """Owners a task may be given on the page: ``selectors.owner_choices``."""
    return queryset.filter(pk__in=selectors.owner_choices(user=user).values("pk"))


class OwnersForm(ScopedFormMixin, forms.Form):
    owners = ScopedModelMultipleChoiceField(
        queryset=Unit.objects.filter(is_active=True), scope=_assignable, required=False
    )


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="文件（.txt或.docx）",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".txt,.docx", "data-testid": "upload-file"}
        ),
    )
    title = forms.CharField(label="标题（留空则取文件标题）", max_length=200, required=False)
    kind = forms.ChoiceField(label="类别", choices=DocumentKind.choices)
    document_date = forms.DateField(
        label="讲话（印发）日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _fail(request, exc: DomainError) -> None:
    messages.error(request, exc.message)


def _kind_totals() -> dict[str, int]:
    """How many active units each kind has (one query per page)."""
    rows = Unit.objects.filter(is_active=True).values("kind").annotate(n=Count("id"))
    return {r["kind"]: r["n"] for r in rows}


def owner_summary(units: list[Unit], totals: dict[str, int]) -> list[str]:
    """Owners as people say them: every unit of a kind is "各纪检监察室（6个）", the
    rest by name."""
    by_kind: dict[str, list[Unit]] = {}
    for unit in units:
        by_kind.setdefault(unit.kind, []).append(unit)
    parts: list[str] = []
    for kind, members in by_kind.items():
        if len(members) > 2 and len(members) == totals.get(kind):
            parts.append(f"各{UnitKind(kind).label}（{len(members)}个）")
        else:
            parts += [u.name for u in members]
    return parts


def _decorate(
    task: Task,
    today: date,
    totals: dict[str, int] | None = None,
    document_published: bool | None = None,
) -> Task:
    task.status_badge = STATUS_BADGES.css(task.status)
    task.overdue = bool(task.is_open and task.due_date and task.due_date < today)
    task.owner_list = [o.unit for o in task.ownerships.all()]
    if document_published is not None:
        task.status_label = task.status_text(
            document_published=document_published, has_owners=bool(task.owner_list)
        )
        if task.status_label == "不列为任务":
            task.status_badge = "bg-secondary-lt"
    task.owner_text = "、".join(owner_summary(task.owner_list, totals or {}))
    task.indent = task.depth
    task.kind_label = KIND_LABELS.get(task.extracted_kind, task.extracted_kind)
    task.version = services.task_version(task)
    return task


# --- documents --------------------------------------------------------------------------


def _prepare_documents(documents: list[Any], request: Any) -> None:
    for d in documents:
        d.rate = None if not d.task_count else round(100 * d.closed_count / d.task_count, 1)


DOCUMENT_LEDGER = Ledger(
    selector=selectors.document_list,
    filterset=DocumentFilter,
    table=DocumentTable,
    template="directives/document_list.html",
    nav_key="directives",
    filter_fields=("q", "status"),
    target="document-table",
    empty_title="还没有部署文件",
    empty_hint="上传讲话、会议纪要或工作方案（.txt或.docx），系统会识别其中部署的任务。",
    prepare=_prepare_documents,
)
document_list = ledger_view(DOCUMENT_LEDGER, capability="directives.view")


@capability_required("directives.issue")
def document_upload(request):
    request.nav_key = "directives"
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document = services.document_upload(
                actor=request.user,
                document_date=form.cleaned_data["document_date"],
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                filename=upload.name,
                data=upload.read(),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, "文件已上传并完成识别，请核对任务、指定责任单位和时限后发布。"
            )
            return redirect("directives:document_detail", document.pk)
    if not form.is_bound:
        form.initial = {"document_date": timezone.localdate(), "kind": DocumentKind.SPEECH}
    return render(request, "directives/document_upload.html", {"form": form})


@capability_required("directives.view")
def document_detail(request, pk: int):
    """The document's task tree: for the issuer, the review (edit, assign, publish)."""
    request.nav_key = "directives"
    user = request.user
    document = selectors.document_get_for(user=user, pk=pk)
    today = timezone.localdate()
    totals = _kind_totals()
    published = document.status == DocumentStatus.PUBLISHED
    tasks = [
        _decorate(t, today, totals, published)
        for t in selectors.document_tasks(user=user, document=document)
    ]
    can_issue = user.has_capability("directives.issue") and (
        user.unit_id == document.issuer_unit_id or user.unit_scope("directives").all
    )
    included = [t for t in tasks if t.is_task]
    context: dict[str, Any] = {
        "document": document,
        "tasks": tasks,
        "can_issue": can_issue,
        "units": list(selectors.owner_choices(user=user)) if can_issue else [],
        "kind_labels": KIND_LABELS,
        "counts": {
            "parts": len(tasks),
            "tasks": len(included),
            "assigned": sum(1 for t in included if t.owner_list),
            "draft": sum(1 for t in included if t.status == TaskStatus.DRAFT),
            "ready": sum(1 for t in included if t.status == TaskStatus.DRAFT and t.owner_list),
        },
    }
    return render(request, "directives/document_detail.html", context)


@require_POST
@capability_required("directives.issue")
def document_publish(request, pk: int):
    document = selectors.document_get_for(user=request.user, pk=pk)
    try:
        published = services.document_publish(actor=request.user, document=document)
    except (NotFound, PermissionDenied):
        raise
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"已发布交办{len(published)}项任务。")
    return redirect("directives:document_detail", document.pk)


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise DomainError("日期格式不正确。", fields={"due_date": ["日期格式不正确。"]}) from None


@require_POST
@capability_required("directives.issue")
def task_edit(request, pk: int):
    task = selectors.task_get_for(user=request.user, pk=pk)
    post = request.POST
    try:
        owners_form = OwnersForm(post, user=request.user)
        if not owners_form.is_valid():
            message = owners_form.errors["owners"][0]
            raise DomainError(f"责任单位：{message}", fields={"owners": [message]})
        owners = list(owners_form.cleaned_data["owners"])
        services.task_edit(
            actor=request.user,
            task=task,
            title=post.get("title") if "title" in post else None,
            is_task=(post.get("is_task") == "on") if "include" in post else None,
            owners=owners if "assign" in post else None,
            due_date=_parse_date(post.get("due_date", "")) if "due_date" in post else False,
            version=post.get("version", ""),
        )
    except (NotFound, PermissionDenied):
        raise
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"已保存：{task.number} {task.title}")
    back = safe_next(request, reverse("directives:document_detail", args=(task.document_id,)))
    return redirect(f"{back}#task-{task.pk}")


# --- tasks ------------------------------------------------------------------------------


def _own_tasks_first(filters: Any, request: Any) -> None:
    if "mine" not in filters and not request.user.unit_scope("directives").all:
        filters["mine"] = "true"  # an owner unit starts with its own tasks


def _prepare_tasks(tasks: list[Task], request: Any) -> None:
    today, totals = timezone.localdate(), _kind_totals()
    for task in tasks:
        _decorate(task, today, totals)


TASK_LEDGER = Ledger(
    selector=selectors.task_list,
    filterset=TaskFilter,
    table=TaskTable,
    template="directives/task_list.html",
    nav_key="directives",
    filter_fields=("q", "status"),
    default_filters=_own_tasks_first,
    target="task-table",
    empty_title="没有督办任务",
    empty_hint="部署文件发布后，交办给本单位的任务会出现在这里。",
    prepare=_prepare_tasks,
    context=lambda request: {"mine": TASK_LEDGER.filters(request).get("mine") == "true"},
)
task_list = ledger_view(TASK_LEDGER, capability="directives.view")


@capability_required("directives.view")
def task_detail(request, pk: int):
    request.nav_key = "directives"
    user = request.user
    task = selectors.task_get_for(user=user, pk=pk)
    document = task.document
    published = document.status == DocumentStatus.PUBLISHED
    task = _decorate(task, timezone.localdate(), _kind_totals(), published)
    can_issue = user.has_capability("directives.issue") and steps.is_issuer(user, task)
    events = Event.objects.filter(
        object_type="directives.task", object_id=str(task.pk)
    ).select_related("actor")
    context = {
        "task": task,
        "document": document,
        "reports": list(task.reports.all()),
        "close_files": [a for a in task.attachments.all() if a.for_close],
        "actions": steps.WORKFLOW.panel(user, task),
        "events": list(events.order_by("seq")),
        "units": list(selectors.owner_choices(user=user)) if can_issue else [],
        "can_issue": can_issue,
    }
    return render(request, "directives/task_detail.html", context)


@require_POST
@capability_required("directives.view")
def task_action(request, pk: int, action: str):
    """One step of the task (``steps.WORKFLOW``): report progress, send back, close."""
    task = selectors.task_get_for(user=request.user, pk=pk)
    back = reverse("directives:task_detail", args=(task.pk,))
    return steps.WORKFLOW.post(request, task, action, back=back, invalid="{error}")


@capability_required("directives.view")
def attachment_download(request, pk: int):
    attachment = Attachment.objects.select_related("task").filter(pk=pk).first()
    if attachment is None:
        raise Http404()
    task = selectors.task_get_for(user=request.user, pk=attachment.task_id)  # 404 if hidden
    return serve_file(
        request,
        attachment.file,
        filename=attachment.filename,
        owner=task,
        what=f"附件{attachment.pk}",
    )


@capability_required("directives.view")
def rates(request):
    request.nav_key = "directives"
    user = request.user
    context = {
        "by_unit": selectors.completion_by_unit(user=user),
        "by_document": selectors.completion_by_document(user=user),
        "units": Unit.objects.none(),
    }
    return render(request, "directives/rates.html", context)
