"""Reads for the shell pages: the workbench and the calendar overview."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.utils import timezone

from jiandu.core.calendar import calendar_year_overview, is_known_year
from jiandu.core.workbench import calendar_years_missing, facts_for, workbench_page

ADMIN_CAPABILITY = "accounts.manage"
FAILED_TASK_DAYS = 30
# The background tasks by their function's name, as the administrator reads them.
TASK_LABELS = {
    "chain_verify_task": "审计链校验",
    "alerts_compute_task": "计算廉政风险预警",
    "dataset_import_task": "导入比对数据集",
    "run_checks_task": "运行数据比对",
}


def is_administrator(user: Any) -> bool:
    """The system administrator's workbench shows administration, not the business list
    (DESIGN.md Security: the administrator administers and sees no case data)."""
    return bool(user.has_capability(ADMIN_CAPABILITY))


def workbench_for(*, user: Any, params: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The facts the apps registered and either the business workbench (counts, groups,
    items: ``core.workbench.workbench_page``) or, for the administrator, administration."""
    context: dict[str, Any] = facts_for(user)
    if is_administrator(user):
        context.update(admin=True, calendar_years=calendar_years(), failed_tasks=failed_tasks())
    else:
        context["bench"] = workbench_page(user, params)
    return context


def calendar_years() -> list[dict[str, Any]]:
    """This year and the next: whether each is entered, and whether it is needed now."""
    year = timezone.localdate().year
    needed = {y for y, _ in calendar_years_missing()}
    return [{"year": y, "known": is_known_year(y), "needed": y in needed} for y in (year, year + 1)]


def failed_tasks(*, days: int = FAILED_TASK_DAYS, limit: int = 10) -> dict[str, Any]:
    """The background tasks that failed in the last ``days`` days (django-tasks' database
    results): how many, and the latest ``limit`` with their time and error's name."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    since = timezone.now() - timedelta(days=days)
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED, finished_at__gte=since)
    rows = [
        {
            "finished_at": r.finished_at,
            "task": TASK_LABELS.get(r.task_path.rsplit(".", 1)[-1], r.task_path.rsplit(".", 1)[-1]),
            "error": r.exception_class_path.rsplit(".", 1)[-1],
        }
        for r in failed.only("finished_at", "task_path", "exception_class_path").order_by(
            "-finished_at"
        )[:limit]
    ]
    return {"count": failed.count(), "rows": rows, "days": days}


def calendar_overview(*, year: int | None = None) -> dict[str, Any]:
    return calendar_year_overview(year)
