"""Reads of deployed tasks, limited to what the user may see ("directives" domain)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from jiandu.core.scoping import get_visible_or_404
from jiandu.directives import rules
from jiandu.directives.models import DirectiveDocument, Task, TaskOwner, TaskStatus
from jiandu.org.models import Unit

PUBLISHED = ~Q(status=TaskStatus.DRAFT)


def _owners() -> Prefetch:
    return Prefetch(
        "ownerships", queryset=TaskOwner.objects.select_related("unit").order_by("unit__sort_order")
    )


def document_list(*, user: Any, filters: dict | None = None) -> QuerySet[DirectiveDocument]:
    """Documents with their task counts (published, closed, overdue), newest first."""
    today = timezone.localdate()
    qs = (
        DirectiveDocument.objects.visible_to(user)
        .select_related("issuer_unit")
        .annotate(
            task_count=Count("tasks", filter=Q(tasks__is_task=True) & ~Q(tasks__status="draft")),
            draft_count=Count("tasks", filter=Q(tasks__is_task=True, tasks__status="draft")),
            closed_count=Count("tasks", filter=Q(tasks__status=TaskStatus.CLOSED)),
            overdue_count=Count(
                "tasks",
                filter=Q(tasks__status__in=rules.Status.OPEN, tasks__due_date__lt=today),
            ),
        )
        .order_by("-document_date", "-id")
    )
    from jiandu.directives.filters import DocumentFilter

    return DocumentFilter(filters or {}, queryset=qs).qs


def document_get_for(*, user: Any, pk: Any) -> DirectiveDocument:
    return get_visible_or_404(
        DirectiveDocument.objects.select_related("issuer_unit"), user=user, pk=pk
    )


def document_tasks(*, user: Any, document: DirectiveDocument) -> QuerySet[Task]:
    """The document's tree as the user may see it, in document order."""
    return (
        Task.objects.visible_to(user)
        .filter(document=document)
        .prefetch_related(_owners())
        .order_by("position")
    )


def task_list(*, user: Any, filters: dict | None = None) -> QuerySet[Task]:
    """Published tasks the user may see, filtered by ``TaskFilter``."""
    qs = (
        Task.objects.visible_to(user)
        .filter(PUBLISHED, is_task=True)
        .select_related("document")
        .prefetch_related(_owners())
        .order_by("due_date", "document_id", "position")
    )
    from jiandu.directives.filters import TaskFilter

    return TaskFilter(filters or {}, queryset=qs, request=SimpleNamespace(user=user)).qs


def task_get_for(*, user: Any, pk: Any) -> Task:
    return get_visible_or_404(
        Task.objects.select_related(
            "document", "document__issuer_unit", "closed_by"
        ).prefetch_related(_owners(), "reports__attachments", "reports__unit", "attachments"),
        user=user,
        pk=pk,
    )


def overdue_tasks_of_unit(*, user: Any) -> QuerySet[Task]:
    """Open tasks of the user's own unit past their deadline (workbench)."""
    if not getattr(user, "unit_id", None):
        return Task.objects.none()
    return (
        Task.objects.visible_to(user)
        .filter(
            ownerships__unit_id=user.unit_id,
            status__in=rules.Status.OPEN,
            due_date__lt=timezone.localdate(),
        )
        .only("id", "title", "path", "citation", "due_date", "document_id")
        .order_by("due_date")
    )


def completion_by_unit(*, user: Any) -> list[dict]:
    """Per owner unit: published tasks, closed, open past deadline, and the rate."""
    today = timezone.localdate()
    tasks = Task.objects.visible_to(user).filter(PUBLISHED, is_task=True)
    rows = (
        TaskOwner.objects.filter(task__in=tasks.values("pk"))
        .values("unit_id", "unit__name", "unit__sort_order")
        .annotate(
            total=Count("task", distinct=True),
            closed=Count("task", filter=Q(task__status=TaskStatus.CLOSED), distinct=True),
            overdue=Count(
                "task",
                filter=Q(task__status__in=rules.Status.OPEN, task__due_date__lt=today),
                distinct=True,
            ),
        )
        .order_by("unit__sort_order", "unit__name")
    )
    return [
        {
            "unit_id": r["unit_id"],
            "unit": r["unit__name"],
            "total": r["total"],
            "closed": r["closed"],
            "overdue": r["overdue"],
            "rate": rules.completion_rate(r["closed"], r["total"]),
        }
        for r in rows
    ]


def completion_by_document(*, user: Any) -> list[dict]:
    return [
        {
            "document": d,
            "total": d.task_count,
            "closed": d.closed_count,
            "overdue": d.overdue_count,
            "rate": rules.completion_rate(d.closed_count, d.task_count),
        }
        for d in document_list(user=user).filter(status="published")
    ]


def owner_choices(*, user: Any) -> QuerySet[Unit]:
    """Units a task may be assigned to: the commission's own bodies (offices, resident
    teams, township commissions) first."""
    from jiandu.org.models import COMMISSION_BODY_KINDS

    return Unit.objects.filter(is_active=True, kind__in=COMMISSION_BODY_KINDS).order_by(
        "sort_order", "code"
    )
