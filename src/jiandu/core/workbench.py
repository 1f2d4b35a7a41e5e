"""The workbench: every module contributes the items a user has to act on.

A module registers a provider, ``provider(user) -> Iterable[WorkItem | WorkSource]``,
with ``@workbench_provider``. A provider returns

- ``WorkSource``\\ s for what can be many (a clue register's deadlines): a queryset with
  the group it fills (``kind``), whether it waits for the user's own decision
  (``mine``), what to do (``action``) and which field is its due date. The workbench
  counts each source with one aggregate query (true counts, however many rows) and reads
  only the rows of the page shown;
- plain ``WorkItem``\\ s for what is few and computed (the statistics warnings, one line
  per cross-check rule).

The page (``workbench_page``) shows the counts 待我审批 / 已超期 / 5个工作日内到期 / 其他
(a partition: an item waiting for the user's decision counts as 待我审批 whatever its
date; the others by their due date on the working-day calendar), the groups by kind with
their counts, and one page of items: those awaiting the user's decision first, then the
deadlines and other work in the user's scope, each group soonest due first.

The page also shows a few facts of the apps above ``core`` (the user's last steps, the
register's counts): each app registers ``fact(user) -> value`` under the name the
template reads with :func:`workbench_fact`, so that ``core`` imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.db.models import Count, DateField, F, Min, Q, QuerySet
from django.db.models.expressions import Combinable
from django.urls import reverse
from django.utils import timezone

WorkItemProvider = Callable[[Any], Iterable[Any]]
_PROVIDERS: list[WorkItemProvider] = []
WorkbenchFact = Callable[[Any], Any]
_FACTS: dict[str, WorkbenchFact] = {}

# The count categories (``?category=``), in the order the page shows them.
MINE, OVERDUE, SOON, OTHER = "mine", "overdue", "soon", "other"
CATEGORIES: dict[str, str] = {
    MINE: "待我审批",
    OVERDUE: "已超期",
    SOON: "5个工作日内到期",
    OTHER: "其他",
}
PAGE_SIZE = 50
_DUE = "wb_due"


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
    # How many records the line stands for: a summary line ("待处理6条", one line per
    # kind of alert or per cross-check rule) counts as its records in the counts.
    count: int = 1

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()

    @property
    def group(self) -> str:
        return self.kind or self.module


@dataclass(frozen=True)
class WorkSource:
    """Items of one kind read from the database (see the module docstring).

    ``rows`` is the user's scoped queryset; ``item(row)`` makes the row's ``WorkItem``
    (its label, link, due date); ``due`` names the date field (or expression) the
    counts and the order use, ``None`` when the items have no due date. ``module``,
    ``kind``, ``mine`` and ``action`` are the source's and fill every item's."""

    module: str
    kind: str
    rows: QuerySet
    item: Callable[[Any], WorkItem]
    mine: bool = False
    action: str = ""
    due: str | Combinable | None = None

    def annotated(self) -> QuerySet:
        if self.due is None:
            return self.rows
        expr = F(self.due) if isinstance(self.due, str) else self.due
        return self.rows.annotate(**{_DUE: expr})

    def make(self, row: Any) -> WorkItem:
        item = self.item(row)
        return replace(
            item,
            module=self.module,
            kind=self.kind,
            mine=self.mine,
            action=item.action or self.action,
        )


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


def _sort_key(item: WorkItem) -> tuple[Any, ...]:
    return (item.due is None, item.due or date.max, item.label)


def expand(results: Iterable[Any]) -> list[WorkItem]:
    """Every item of a provider's results (each source read whole): for tests and small
    sets; the page reads a page at a time (``workbench_page``)."""
    items: list[WorkItem] = []
    for result in results:
        if isinstance(result, WorkSource):
            rows = result.annotated()
            if result.due is not None:
                rows = rows.order_by(F(_DUE).asc(nulls_last=True), "pk")
            items += [result.make(row) for row in rows]
        else:
            items.append(result)
    return items


def items_for(user: Any) -> list[WorkItem]:
    """Every item of every provider, soonest due first (each source read whole)."""
    items = expand(result for provider in _PROVIDERS for result in provider(user))
    return sorted(items, key=_sort_key)


# --- the page: counts, groups and one page of items ------------------------------------------


@dataclass
class WorkGroup:
    """The items of one kind (one or several sources and plain items with the same
    module, kind and ``mine``), counted by category."""

    module: str
    kind: str
    mine: bool
    action: str = ""
    sources: list[WorkSource] = field(default_factory=list)
    items: list[WorkItem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # records, by category
    lines: dict[str, int] = field(default_factory=dict)  # rows listed, by category
    first_due: date | None = None
    shown: int = 0  # the count under the page's category filter

    @property
    def key(self) -> str:
        return f"{int(self.mine)}:{self.module}:{self.kind}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, category: str) -> int:
        return self.total if not category else self.counts.get(category, 0)

    def line_count(self, category: str) -> int:
        return sum(self.lines.values()) if not category else self.lines.get(category, 0)

    def order(self) -> tuple[Any, ...]:
        return (not self.mine, self.first_due is None, self.first_due or date.max, self.kind)

    # counting

    def add_counts(
        self, counts: Mapping[str, int], first_due: date | None, lines: Mapping[str, int]
    ) -> None:
        for name, n in counts.items():
            self.counts[name] = self.counts.get(name, 0) + n
        for name, n in lines.items():
            self.lines[name] = self.lines.get(name, 0) + n
        if first_due is not None and (self.first_due is None or first_due < self.first_due):
            self.first_due = first_due

    def count_sources(self, today: date, soon: date) -> None:
        """One aggregate query per source."""
        for source in self.sources:
            rows = source.annotated().order_by()
            if source.due is None:
                got = rows.aggregate(total=Count("pk", distinct=True))
                total, overdue, due_soon, first = got["total"], 0, 0, None
            else:
                got = rows.aggregate(
                    total=Count("pk", distinct=True),
                    overdue=Count("pk", distinct=True, filter=Q(**{f"{_DUE}__lt": today})),
                    soon=Count(
                        "pk",
                        distinct=True,
                        filter=Q(**{f"{_DUE}__gte": today, f"{_DUE}__lte": soon}),
                    ),
                    first=Min(_DUE, output_field=DateField()),
                )
                total, overdue, due_soon = got["total"], got["overdue"], got["soon"]
                first = got["first"]
            if self.mine:
                counts = {MINE: total}
            else:
                counts = {OVERDUE: overdue, SOON: due_soon, OTHER: total - overdue - due_soon}
            self.add_counts(counts, first, counts)

    def count_items(self, today: date, soon: date) -> None:
        for item in self.items:
            category = _category(item, today, soon)
            self.add_counts({category: item.count}, item.due, {category: 1})

    # reading

    def read(self, category: str, start: int, stop: int, today: date, soon: date) -> list[Any]:
        """Items ``start`` to ``stop`` of this group in ``category`` (all: "")."""
        if not category or category == MINE:
            wanted: Q | None = None
        elif category == OVERDUE:
            wanted = Q(**{f"{_DUE}__lt": today})
        elif category == SOON:
            wanted = Q(**{f"{_DUE}__gte": today, f"{_DUE}__lte": soon})
        else:
            wanted = Q(**{f"{_DUE}__isnull": True}) | Q(**{f"{_DUE}__gt": soon})
        got: list[WorkItem] = []
        single = len(self.sources) == 1 and not self.items
        for source in self.sources:
            rows = source.annotated()
            if wanted is not None:
                if source.due is None:
                    if category != OTHER:
                        continue
                else:
                    rows = rows.filter(wanted)
            if source.due is not None:
                rows = rows.order_by(F(_DUE).asc(nulls_last=True), "pk")
            window = rows[start:stop] if single else rows[:stop]
            got += [source.make(row) for row in window]
        if single:
            return got
        got += [i for i in self.items if not category or _category(i, today, soon) == category]
        got.sort(key=_sort_key)
        return got[start:stop]


def _category(item: WorkItem, today: date, soon: date) -> str:
    if item.mine:
        return MINE
    if item.due is not None and item.due < today:
        return OVERDUE
    if item.due is not None and item.due <= soon:
        return SOON
    return OTHER


@dataclass(frozen=True)
class Entry:
    """One row of the page: the item and its group (for the group's heading)."""

    item: WorkItem
    group: WorkGroup


class _Rows:
    """The filtered groups' items in page order, read lazily a page at a time (what
    Django's paginator slices)."""

    def __init__(self, groups: list[WorkGroup], category: str, today: date, soon: date):
        self.groups = [g for g in groups if g.line_count(category)]
        for group in self.groups:
            group.shown = group.count(category)
        self.category = category
        self.today, self.soon = today, soon

    def count(self) -> int:
        return sum(g.line_count(self.category) for g in self.groups)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(len(self))
        out: list[Entry] = []
        offset = 0
        for group in self.groups:
            n = group.line_count(self.category)
            lo, hi = max(start - offset, 0), min(stop - offset, n)
            if lo < hi:
                items = group.read(self.category, lo, hi, self.today, self.soon)
                out += [Entry(item, group) for item in items]
            offset += n
            if offset >= stop:
                break
        return out


@dataclass
class Workbench:
    """What the page shows: the counts, the groups, the filter choices and the rows."""

    counts: dict[str, int]
    groups: list[WorkGroup]
    rows: _Rows
    filters: dict[str, str]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def modules(self) -> list[str]:
        return sorted({g.module for g in self.groups})

    @property
    def count_cards(self) -> list[tuple[str, str, int]]:
        return [(key, label, self.counts[key]) for key, label in CATEGORIES.items()]

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.filters["category"], "")

    @property
    def kinds(self) -> list[str]:
        """Every kind with items (for the filter), in the order listed."""
        return list(dict.fromkeys(g.kind for g in self.groups))

    @property
    def mine_groups(self) -> list[WorkGroup]:
        return [g for g in self.rows.groups if g.mine]

    @property
    def scope_groups(self) -> list[WorkGroup]:
        return [g for g in self.rows.groups if not g.mine]


def _results(user: Any) -> Iterable[Any]:
    for provider in _PROVIDERS:
        yield from provider(user)


def workbench_page(user: Any, params: Mapping[str, str] | None = None) -> Workbench:
    """The user's workbench: every provider's sources counted (one query each) and
    grouped; ``params`` filter by ``category``, ``module`` and ``kind``."""
    from jiandu.core.deadlines import due_soon_limit

    params = params or {}
    today = timezone.localdate()
    soon = due_soon_limit(today)
    groups: dict[tuple[bool, str, str], WorkGroup] = {}
    for result in _results(user):
        key = (result.mine, result.module, result.kind or result.module)
        group = groups.get(key)
        if group is None:
            group = groups[key] = WorkGroup(
                module=result.module, kind=key[2], mine=result.mine, action=result.action
            )
        if isinstance(result, WorkSource):
            group.sources.append(result)
        else:
            group.items.append(replace(result, kind=key[2]))
        group.action = group.action or result.action
    for group in groups.values():
        group.count_sources(today, soon)
        group.count_items(today, soon)
    everything = sorted((g for g in groups.values() if g.total), key=WorkGroup.order)
    counts = {name: sum(g.counts.get(name, 0) for g in everything) for name in CATEGORIES}
    category = params.get("category", "")
    category = category if category in CATEGORIES else ""
    module = params.get("module", "")
    kind = params.get("kind", "")
    shown = [
        g for g in everything if (not module or g.module == module) and (not kind or g.kind == kind)
    ]
    return Workbench(
        counts=counts,
        groups=everything,
        rows=_Rows(shown, category, today, soon),
        filters={"category": category, "module": module, "kind": kind},
    )


@workbench_provider
def calendar_items(user: Any) -> Iterable[WorkItem]:
    """Remind whoever manages the calendar to enter a year the bundled data lacks: the
    current year at once, next year from October on (the State Council usually
    publishes the arrangement in the autumn) — DOMAIN.md §1."""
    if not user.has_capability("calendar.manage"):
        return []
    return [
        WorkItem(
            label=f"录入{year}年法定节假日和调休安排（未录入前，涉及该年的期限暂按法定节日和双休日推算）",
            url=f"{reverse('core:calendar_enter')}?year={year}",
            module="系统管理",
            due=due,
            kind="节假日安排待录入",
            action="录入节假日安排",
        )
        for year, due in calendar_years_missing()
    ]


def calendar_years_missing() -> list[tuple[int, date]]:
    """The years to enter now (with the date from which each is needed)."""
    from jiandu.core.calendar import is_known_year

    today = timezone.localdate()
    years = [today.year] + ([today.year + 1] if today.month >= 10 else [])
    return [
        (year, date(year, 1, 1) if year > today.year else today)
        for year in years
        if not is_known_year(year)
    ]


@workbench_fact("due_date_changes")
def due_date_changes(user: Any) -> list[Any]:
    """The due dates of the user's items that moved when a year's holidays were entered
    lately (``core.holiday_entry``): "期限因节假日安排录入而调整"."""
    from jiandu.core.holiday_entry import changes_for

    return changes_for(user=user)
