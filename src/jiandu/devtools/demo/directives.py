"""The demo county's deployed tasks: the five seed speeches, uploaded by the commission's
leader as deployment documents, reviewed, published and followed up, all through
``jiandu.directives.services`` (so the states and the audit events are the services').

- Each speech gets a date in the current year (the speeches themselves carry none);
  the parser's suggested owners and deadlines are kept; a task the text gives no owner
  gets one or two of the commission's bodies (seeded random), one without a deadline
  gets one to six months from the document date on the legal calendar.
- Follow-up, per leaf task (seeded random): a quarter untouched (已交办), a third in
  progress with one or two reports, some reported done (已完成待销号), a quarter closed
  by the leader with evidence. A parent whose sub-tasks are all closed is closed too.
  Open tasks past their deadline make the workbench's overdue list.
"""

from __future__ import annotations

import random
from datetime import date

from django.core.files.base import ContentFile
from django.utils import timezone

from jiandu.core import calendar
from jiandu.devtools.parser_quality import seed_text
from jiandu.directives import services
from jiandu.directives.models import Task, TaskStatus

COUNT_LABELS = {
    "directive_documents": "部署文件",
    "directive_tasks": "督办任务",
    "directive_closed": "已销号督办任务",
    "directive_reports": "督办进展报告",
}
# seed, kind, month and day in the demo year
SEEDS = (
    ("000", "speech", 3, 16),
    ("003", "speech", 4, 20),
    ("002", "speech", 5, 28),
    ("004", "speech", 7, 15),
    ("001", "speech", 8, 10),
)
OWNER_KINDS = (
    "conduct_office",
    "supervision_office",
    "resident_team",
    "township_commission",
    "case_management_office",
    "inspection_office",
)
PROGRESS_TEXTS = (
    "已制定工作方案，明确责任人和时间节点，正在按计划推进。",
    "已召开专题会议部署，完成前期摸排，形成问题清单。",
    "已开展专项检查，发现问题已督促整改，正在跟踪落实。",
    "已完成阶段性工作，形成情况报告，下一步将巩固成果。",
)


def load(*, seed: int = 2026, today: date | None = None) -> dict[str, int]:
    from jiandu.accounts.models import User
    from jiandu.org.models import Unit

    today = today or timezone.localdate()
    rng = random.Random(seed)
    leader = (
        User.objects.filter(username="leader").first()
        or User.objects.filter(role="leader", is_active=True).order_by("id").first()
    )
    if leader is None:
        return dict.fromkeys(COUNT_LABELS, 0)
    users: dict[int, object] = {}
    for user in User.objects.filter(is_active=True).exclude(unit=None).order_by("id"):
        if user.has_capability("directives.report"):
            users.setdefault(user.unit_id, user)
    bodies = list(Unit.objects.filter(kind__in=OWNER_KINDS, is_active=True).order_by("code"))
    counts = dict.fromkeys(COUNT_LABELS, 0)
    for number, kind, month, day in SEEDS:
        document_date = date(today.year, month, day)
        if document_date > today:
            document_date = date(today.year - 1, month, day)
        document = services.document_upload(
            actor=leader, document_date=document_date, kind=kind, text=seed_text(number)
        )
        tasks = list(document.tasks.filter(is_task=True).prefetch_related("ownerships"))
        for task in tasks:
            owners = None
            if not task.ownerships.all():
                owners = rng.sample(bodies, k=rng.choice((1, 1, 2)))
            due = task.due_date
            if due is None:
                due = calendar.add_months(document_date, rng.randint(1, 6)).as_date()
            services.task_edit(
                actor=leader, task=task, owners=owners, due_date=due if due else False
            )
        services.document_publish(actor=leader, document=document)
        counts["directive_documents"] += 1
        counts["directive_tasks"] += len(tasks)
        _follow_up(document, rng, users, leader, counts)
    return counts


def _follow_up(document, rng: random.Random, users, leader, counts: dict[str, int]) -> None:
    tasks = list(
        Task.objects.filter(document=document, is_task=True)
        .prefetch_related("ownerships", "children")
        .order_by("-position")  # children before their parents
    )
    for task in tasks:
        owner_ids = [o.unit_id for o in task.ownerships.all()]
        reporter = next((users[i] for i in owner_ids if i in users), None)
        if reporter is None:
            continue
        children = [c for c in task.children.all() if c.is_task]
        if children:
            closed = Task.objects.filter(pk__in=[c.pk for c in children], status="closed")
            if closed.count() == len(children):
                _close(task, reporter, leader, counts)
            elif rng.random() < 0.6:
                _report(task, reporter, rng.choice((30, 50, 70)), rng, counts)
            continue
        roll = rng.random()
        if roll < 0.25:
            continue
        if roll < 0.6:
            _report(task, reporter, rng.choice((20, 40, 60, 80)), rng, counts)
            if rng.random() < 0.4:
                _report(task, reporter, 90, rng, counts)
        elif roll < 0.75:
            _report(task, reporter, 50, rng, counts)
            _report(task, reporter, 100, rng, counts, evidence=True)
        else:
            _close(task, reporter, leader, counts)


def _report(task, reporter, percentage, rng, counts, evidence=False) -> None:
    files = [ContentFile("佐证材料（演示）".encode(), name="佐证材料.txt")] if evidence else []
    services.progress_report(
        actor=reporter,
        task=task,
        text=rng.choice(PROGRESS_TEXTS) if percentage < 100 else "各项工作已完成，请予销号。",
        percentage=percentage,
        files=files,
    )
    task.refresh_from_db(fields=["status", "progress"])
    counts["directive_reports"] += 1


def _close(task, reporter, leader, counts) -> None:
    rng = random.Random(task.pk)
    if task.status != TaskStatus.COMPLETED:
        _report(task, reporter, 100, rng, counts, evidence=True)
    services.task_close_out(actor=leader, task=task, note="经核查，任务已按要求完成，同意销号。")
    counts["directive_closed"] += 1
