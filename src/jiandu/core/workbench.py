"""The workbench: every module contributes the items a user has to act on.

A module registers a provider, ``provider(user) -> Iterable[WorkItem]``, with
``@workbench_provider``; the workbench lists all items soonest due first. The
foundation contributes the calendar reminder; reports, clues and cases add theirs.

The page also shows a few facts of the apps above ``core`` (the user's last steps, the
register's counts): each app registers ``fact(user) -> value`` under the name the
template reads with :func:`workbench_fact`, so that ``core`` imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

WorkItemProvider = Callable[[Any], Iterable["WorkItem"]]
_PROVIDERS: list[WorkItemProvider] = []
WorkbenchFact = Callable[[Any], Any]
_FACTS: dict[str, WorkbenchFact] = {}


@dataclass(frozen=True)
class WorkItem:
    """One thing a user has to act on.

    ``mine`` marks what waits for the user's own decision (待我审批: an approval, a
    routing or a disposition the user's role decides) as opposed to a running time
    limit of some work in the user's scope. ``kind`` names the group the item is
    counted and listed under (e.g. "待审批分办", "线索处置期限"; the module when
    empty) and ``action`` says in words what to do ("审批分办意见").
    """

    label: str
    url: str
    module: str
    due: date | None = None
    provisional: bool = False  # the due date assumes weekends only (year not entered)
    mine: bool = False
    kind: str = ""
    action: str = ""

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


def workbench_provider(provider: WorkItemProvider) -> WorkItemProvider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def workbench_fact(name: str) -> Callable[[WorkbenchFact], WorkbenchFact]:
    """Register ``fact(user)`` as the workbench page's context variable ``name``."""

    def register(fact: WorkbenchFact) -> WorkbenchFact:
        _FACTS[name] = fact
        return fact

    return register


def facts_for(user: Any) -> dict[str, Any]:
    return {name: fact(user) for name, fact in _FACTS.items()}


def items_for(user: Any) -> list[WorkItem]:
    items = [item for provider in _PROVIDERS for item in provider(user)]
    return sorted(items, key=lambda i: (i.due is None, i.due or date.max, i.label))


@workbench_provider
def calendar_items(user: Any) -> Iterable[WorkItem]:
    """Remind whoever manages the calendar to enter a year the bundled data lacks: the
    current year at once, next year from October on (the State Council usually
    publishes the arrangement in the autumn) — DOMAIN.md §1."""
    from jiandu.core.calendar import is_known_year

    if not user.has_capability("calendar.manage"):
        return []
    today = timezone.localdate()
    years = [today.year] + ([today.year + 1] if today.month >= 10 else [])
    return [
        WorkItem(
            label=f"录入{year}年法定节假日和调休安排（未录入前，涉及该年的期限暂按法定节日和双休日推算）",
            url=f"{reverse('core:calendar_enter')}?year={year}",
            module="系统管理",
            due=date(year, 1, 1) if year > today.year else today,
        )
        for year in years
        if not is_known_year(year)
    ]


@workbench_fact("due_date_changes")
def due_date_changes(user: Any) -> list[Any]:
    """The due dates of the user's items that moved when a year's holidays were entered
    lately (``core.holiday_entry``): "期限因节假日安排录入而调整"."""
    from jiandu.core.holiday_entry import changes_for

    return changes_for(user=user)
