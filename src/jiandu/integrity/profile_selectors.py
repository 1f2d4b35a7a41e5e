"""Reads of the profiles part (精准画像): the cadre profile and the unit profile
(政治生态画像).

**Scope.** Both pages are read by leaders and offices, each for what they may see: every
figure, name and link goes through the viewer's scope of its own domain (reports,
clues, cases, inspections, directives, cross-check; the staff count through the
register's). A figure of a domain the viewer does not see at all is not shown
(``None``), never shown as 0. The page says so.

**Unit profile figures** — for the unit and every unit below it in the tree, per
calendar year of the last three (the current year up to today), counted on the dates
of DOMAIN.md §9:

- 在职人数: distinct cadres holding a post in those units on 31 December (today for
  the current year);
- 信访举报 (件次): reports received in the year naming a subject of those units; per
  100 staff = reports × 100 ÷ staff;
- 问题线索: clues registered in the year (``received_on``) about people of those units;
- 立案: cases filed in the year with a person of those units (件);
- 四种形态 (人次): one per current decision on a person of those units, decided in the
  year, in its heaviest form ([纪委条例] 31), plus first-form measures decided at the
  clue stage — one 人次 per clue, person and decision day;
- 整改率 and 逾期整改事项: the rectification items of the inspection rounds of the
  year about those units: closed (销号 or 长期坚持) ÷ all; open past their deadline today;
- 逾期督办任务: deployed tasks owned by those units, due in the year, open past their
  due date today;
- 比对疑点转线索: cross-check hits about those units confirmed (转线索) in the year.

Each figure links to the ledger with the filters that list the records behind it (for
four forms: the cases and the clues with decisions in the year).

**Medians** compare the unit with the units of the same kind (``UnitKind``) the viewer
may see, each counted the same way. All units of the kind are computed at once: one
query per figure whatever the number of units (``unit_profile`` asserts a fixed count
in the tests).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from jiandu.cases.rules import sanctions
from jiandu.core.scoping import get_visible_or_404, scoped_refs
from jiandu.integrity.models import Alert, AlertStatus, SupervisionNote
from jiandu.integrity.record import PersonRecord, person_records
from jiandu.org.models import Cadre, Post, Unit
from jiandu.org.tree import unit_children, unit_subtree

YEARS = 3

# --- the unit profile ------------------------------------------------------------------------


@dataclass
class Cell:
    year: int
    value: float | int | None  # None: nothing to count (no staff, no items)
    median: float | None
    url: str = ""
    extra_links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    parts: str = ""  # e.g. the four forms one by one
    warn: bool = False  # worse than the median (above it; a rate: below it)

    @property
    def display(self) -> str:
        return _fmt(self.value)

    @property
    def median_display(self) -> str:
        return _fmt(self.median)

    @property
    def above_median(self) -> bool:
        return self.value is not None and self.median is not None and self.value > self.median

    @property
    def below_median(self) -> bool:
        return self.value is not None and self.median is not None and self.value < self.median


@dataclass
class Row:
    key: str
    label: str
    unit: str  # 人 / 件 / 件次 / 人次 / % …
    note: str  # how it is counted
    visible: bool  # the viewer sees the figure's domain
    cells: list[Cell] = field(default_factory=list)


@dataclass
class UnitProfile:
    unit: Unit
    years: list[int]
    on: date
    peers: int  # units of the same kind the viewer may see (the unit included)
    rows: list[Row]

    @property
    def colspan(self) -> int:
        return 2 * len(self.years)

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)


def _fmt(value: float | int | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


def _sees(user: Any, domain: str) -> bool:
    scope = user.unit_scope(domain)
    return bool(scope.all or scope.unit_ids)


def _link(user: Any, capability: str, name: str, params: dict[str, Any]) -> str:
    if not user.has_capability(capability):
        return ""
    return f"{reverse(name)}?{urlencode(params)}"


def _year_bounds(year: int) -> dict[str, str]:
    return {"from": date(year, 1, 1).isoformat(), "to": date(year, 12, 31).isoformat()}


class _Trees:
    """The units of the kind (roots) and, for each unit in any of their subtrees, the
    roots it counts for (several when units of one kind sit inside each other)."""

    def __init__(self, root_ids: Iterable[int]):
        children = unit_children()
        self.roots = list(root_ids)
        self.owners: dict[int, list[int]] = defaultdict(list)
        for root in self.roots:
            for uid in unit_subtree(root, children):
                self.owners[uid].append(root)

    @property
    def unit_ids(self) -> list[int]:
        return list(self.owners)

    def add_counts(
        self, table: dict[int, dict[int, int]], rows: Iterable[tuple[int | None, int, int]]
    ) -> None:
        """``rows``: (unit id, year, count) of records that each name one unit."""
        for uid, year, n in rows:
            for root in self.owners.get(uid or 0, ()):
                table[root][year] += n

    def add_keys(
        self, table: dict[int, dict[int, set]], rows: Iterable[tuple[int | None, int, Any]]
    ) -> None:
        """``rows``: (unit id, year, record key) of records that may name several units:
        a record counts once for a root however many of its units it names."""
        for uid, year, key in rows:
            for root in self.owners.get(uid or 0, ()):
                table[root][year].add(key)


def _counts() -> dict[int, dict[int, int]]:
    return defaultdict(lambda: defaultdict(int))


def _keysets() -> dict[int, dict[int, set]]:
    return defaultdict(lambda: defaultdict(set))


def _sizes(table: dict[int, dict[int, set]]) -> dict[int, dict[int, int]]:
    out = _counts()
    for root, years in table.items():
        for year, keys in years.items():
            out[root][year] = len(keys)
    return out


def _staff(user: Any, trees: _Trees, years: list[int], on: date) -> dict[int, dict[int, int]]:
    first_day = date(years[0], 1, 1)
    rows = (
        Post.objects.visible_to(user)
        .filter(unit_id__in=trees.unit_ids, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first_day))
        .values_list("unit_id", "cadre_id", "start_date", "end_date")
    )
    table = _keysets()
    for unit_id, cadre_id, start, end in rows:
        for year in years:
            day = min(date(year, 12, 31), on)
            if start <= day and (end is None or end >= day):
                trees.add_keys(table, [(unit_id, year, cadre_id)])
    return _sizes(table)


def _reports(user: Any, trees: _Trees, years: list[int], on: date) -> dict[int, dict[int, int]]:
    from jiandu.intake.models import ReportSubject
    from jiandu.intake.selectors import report_list

    reports = report_list(user=user, filters={}).prefetch_related(None).order_by()
    rows = (
        ReportSubject.objects.filter(unit_id__in=trees.unit_ids, report__in=reports.values("pk"))
        .filter(
            report__received_at__date__gte=date(years[0], 1, 1),
            report__received_at__date__lte=on,
        )
        .values_list("unit_id", "report_id", "report__received_at")
    )
    table = _keysets()
    trees.add_keys(table, ((uid, timezone.localtime(at).year, rid) for uid, rid, at in rows if at))
    return _sizes(table)


def _clues(user: Any, trees: _Trees, years: list[int], on: date) -> dict[int, dict[int, int]]:
    from jiandu.clues.selectors import clue_list

    rows = (
        clue_list(user=user, filters={})
        .prefetch_related(None)
        .filter(subject_unit_id__in=trees.unit_ids)
        .filter(received_on__gte=date(years[0], 1, 1), received_on__lte=on)
        .order_by()
        .values("subject_unit_id", year=ExtractYear("received_on"))
        .annotate(n=Count("id"))
        .values_list("subject_unit_id", "year", "n")
    )
    table = _counts()
    trees.add_counts(table, rows)
    return table


def _cases(user: Any, trees: _Trees, years: list[int], on: date) -> dict[int, dict[int, int]]:
    from jiandu.cases.models import CasePerson
    from jiandu.cases.selectors import case_list

    cases = case_list(user=user, filters={}).prefetch_related(None).order_by()
    rows = (
        CasePerson.objects.filter(unit_id__in=trees.unit_ids, case__in=cases.values("pk"))
        .filter(case__filed_on__gte=date(years[0], 1, 1), case__filed_on__lte=on)
        .values_list("unit_id", "case_id", "case__filed_on")
    )
    table = _keysets()
    trees.add_keys(table, ((uid, filed.year, cid) for uid, cid, filed in rows))
    return _sizes(table)


FORMS = (1, 2, 3, 4)


def _four_forms(
    user: Any, trees: _Trees, years: list[int], on: date
) -> dict[int, dict[int, dict[int, int]]]:
    """root → year → form → 人次 (DOMAIN.md §6 and §9)."""
    from jiandu.cases.models import Decision
    from jiandu.cases.selectors import case_list
    from jiandu.clues.models import FirstFormMeasure
    from jiandu.clues.selectors import clue_list

    first_day = date(years[0], 1, 1)
    cases = case_list(user=user, filters={}).prefetch_related(None).order_by()
    decisions: dict[int, tuple[int | None, int, list[str]]] = {}
    rows = (
        Decision.objects.filter(superseded=False, decided_on__gte=first_day, decided_on__lte=on)
        .filter(person__unit_id__in=trees.unit_ids, person__case__in=cases.values("pk"))
        .values_list("id", "person__unit_id", "decided_on", "measures__measure")
    )
    for did, uid, decided_on, code in rows:
        entry = decisions.setdefault(did, (uid, decided_on.year, []))
        if code:
            entry[2].append(code)
    table: dict[int, dict[int, dict[int, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    for uid, year, codes in decisions.values():
        form = sanctions.four_form(codes)
        if form is None:
            continue
        for root in trees.owners.get(uid or 0, ()):
            table[root][year][form] += 1
    clues = clue_list(user=user, filters={}).prefetch_related(None).order_by()
    measures = (
        FirstFormMeasure.objects.filter(decided_on__gte=first_day, decided_on__lte=on)
        .filter(clue__subject_unit_id__in=trees.unit_ids, clue__in=clues.values("pk"))
        .values_list("clue_id", "cadre_id", "person_name", "decided_on", "clue__subject_unit_id")
        .distinct()
    )
    seen: set[tuple] = set()
    for clue_id, cadre_id, name, decided_on, uid in measures:
        key = (clue_id, cadre_id or name, decided_on)  # one decision on one person
        if key in seen:
            continue
        seen.add(key)
        for root in trees.owners.get(uid or 0, ()):
            table[root][decided_on.year][1] += 1
    return table


def _rectification(
    user: Any, trees: _Trees, years: list[int], on: date
) -> dict[int, dict[int, dict[str, int]]]:
    from jiandu.inspections import rules as inspection_rules
    from jiandu.inspections.selectors import item_list

    rows = (
        item_list(user=user, filters={})
        .prefetch_related(None)
        .filter(
            finding__target__unit_id__in=trees.unit_ids,
            finding__target__round__year__in=years,
        )
        .order_by()
        .values("finding__target__unit_id", "finding__target__round__year")
        .annotate(
            total=Count("id"),
            closed=Count("id", filter=Q(status__in=list(inspection_rules.CLOSED_STATES))),
            overdue=Count(
                "id",
                filter=Q(status__in=list(inspection_rules.OPEN_STATES), deadline__lt=on),
            ),
        )
    )
    table: dict[int, dict[int, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"total": 0, "closed": 0, "overdue": 0})
    )
    for row in rows:
        for root in trees.owners.get(row["finding__target__unit_id"], ()):
            cell = table[root][row["finding__target__round__year"]]
            for k in ("total", "closed", "overdue"):
                cell[k] += row[k]
    return table


def _overdue_tasks(
    user: Any, trees: _Trees, years: list[int], on: date
) -> dict[int, dict[int, int]]:
    from jiandu.directives.models import TaskOwner
    from jiandu.directives.rules import Status
    from jiandu.directives.selectors import task_list

    tasks = (
        task_list(user=user, filters={})
        .prefetch_related(None)
        .filter(status__in=list(Status.OPEN), due_date__lt=on)
        .filter(due_date__gte=date(years[0], 1, 1))
        .order_by()
    )
    rows = TaskOwner.objects.filter(
        unit_id__in=trees.unit_ids, task__in=tasks.values("pk")
    ).values_list("unit_id", "task_id", "task__due_date")
    table = _keysets()
    trees.add_keys(table, ((uid, due.year, tid) for uid, tid, due in rows))
    return _sizes(table)


def _confirmed_hits(
    user: Any, trees: _Trees, years: list[int], on: date
) -> dict[int, dict[int, int]]:
    from jiandu.crosscheck.models import HitStatus
    from jiandu.crosscheck.selectors import hit_list

    rows = (
        hit_list(user=user, filters={})
        .prefetch_related(None)
        .filter(status=HitStatus.CONFIRMED, subject_unit_id__in=trees.unit_ids)
        .filter(decided_at__date__gte=date(years[0], 1, 1), decided_at__date__lte=on)
        .order_by()
        .values_list("subject_unit_id", "decided_at")
    )
    table = _counts()
    trees.add_counts(
        table, ((uid, timezone.localtime(at).year, 1) for uid, at in rows if at is not None)
    )
    return table


def _clearance_adverse(
    user: Any, trees: _Trees, years: list[int], on: date
) -> dict[int, dict[int, int]]:
    """People answered 否定性意见 or 暂缓 in replies approved in the year, by the unit of
    their current post (one person per reply: a person in two replies counts twice)."""
    from jiandu.integrity.clearance_rules import ADVERSE_ANSWERS, REPLY_STATES
    from jiandu.integrity.models import ClearancePerson, ClearanceRequest
    from jiandu.org.models import Post

    requests = ClearanceRequest.objects.visible_to(user).filter(
        status__in=list(REPLY_STATES),
        approved_on__gte=date(years[0], 1, 1),
        approved_on__lte=on,
    )
    people = list(
        ClearancePerson.objects.filter(
            request__in=requests.values("pk"), answer__in=list(ADVERSE_ANSWERS)
        ).values_list("pk", "cadre_id", "request__approved_on")
    )
    units: dict[int, set[int]] = defaultdict(set)
    for cadre_id, unit_id in (
        Post.objects.current(on)
        .filter(cadre_id__in={c for _, c, _ in people}, unit_id__in=trees.unit_ids)
        .values_list("cadre_id", "unit_id")
    ):
        units[cadre_id].add(unit_id)
    table = _keysets()
    trees.add_keys(
        table,
        ((uid, day.year, pk) for pk, cadre_id, day in people for uid in units.get(cadre_id, ())),
    )
    return _sizes(table)


def _median(values: Iterable[float | int | None]) -> float | None:
    present = [v for v in values if v is not None]
    return float(statistics.median(present)) if present else None


def _per_100(reports: int, staff: int) -> float | None:
    return round(reports * 100 / staff, 1) if staff else None


def _rate(closed: int, total: int) -> float | None:
    return round(closed * 100 / total, 1) if total else None


# key → (label, counting unit, how it is counted, the domain whose scope it reads)
FIGURES: dict[str, tuple[str, str, str, str]] = {
    "staff": ("在职人数", "人", "年末（本年为今天）在本单位及下级单位任职的干部", "org"),
    "reports": ("信访举报", "件次", "当年收到、被反映人属本单位及下级单位", "reports"),
    "reports_per_100": (
        "每百人信访举报",
        "件次/百人",
        "信访举报件次 × 100 ÷ 在职人数",
        "reports",
    ),
    "clues": ("问题线索", "件", "当年登记（收到）的问题线索", "clues"),
    "cases": ("立案", "件", "当年立案、被审查调查人属本单位及下级单位", "cases"),
    "four_forms": (
        "四种形态",
        "人次",
        "当年作出的处理决定，每人每次决定按最重形态计一次，含线索处置阶段的第一种形态；"
        "括号内依次为第一至第四种形态",
        "four_forms",
    ),
    "rectification_rate": (
        "巡察整改率",
        "%",
        "当年巡察轮次的整改事项：已销号（含长期坚持）÷ 全部；括号内为已销号/全部",
        "inspections",
    ),
    "rectification_overdue": (
        "逾期整改事项",
        "项",
        "当年巡察轮次的整改事项中，今天已超过完成时限仍未完成的",
        "inspections",
    ),
    "overdue_tasks": (
        "逾期督办任务",
        "项",
        "完成时限在当年、今天已超期仍未完成的督办任务",
        "directives",
    ),
    "hits": ("比对疑点转线索", "条", "当年研判确认并转为线索的大数据比对疑点", "crosscheck"),
    "clearance_adverse": (
        "意见回复否定或暂缓",
        "人次",
        "当年审批的党风廉政意见回复中回复否定性意见或暂缓的人员（按现任单位）",
        "clearance",
    ),
}


# Compared with the median, a higher figure is a warning sign except for these: the staff
# count says nothing by itself, a lower rectification rate is the warning sign.
NEUTRAL = frozenset({"staff"})
LOWER_IS_WORSE = frozenset({"rectification_rate"})


def unit_profile(*, user: Any, unit: Unit) -> UnitProfile:
    """The unit's figures for the last three years with the medians of its kind
    (module docstring). A fixed number of queries whatever the number of units."""
    on = timezone.localdate()
    years = [on.year - YEARS + 1 + i for i in range(YEARS)]
    peers = list(
        Unit.objects.visible_to(user)
        .filter(kind=unit.kind, is_active=True)
        .values_list("id", flat=True)
    )
    if unit.pk not in peers:
        peers.append(unit.pk)
    trees = _Trees(peers)

    def series(
        values: dict[int, dict[int, Any]], pick: Any = lambda v: v
    ) -> dict[int, dict[int, Any]]:
        return {root: {y: pick(values[root][y]) for y in years} for root in peers}

    sees = {d: _sees(user, d) for d in ("org", "reports", "clues", "cases", "inspections")}
    sees |= {d: _sees(user, d) for d in ("directives", "crosscheck", "clearance")}
    empty: dict[int, dict[int, Any]] = defaultdict(lambda: defaultdict(int))
    staff = _staff(user, trees, years, on) if sees["org"] else empty
    reports = _reports(user, trees, years, on) if sees["reports"] else empty
    clues = _clues(user, trees, years, on) if sees["clues"] else empty
    cases = _cases(user, trees, years, on) if sees["cases"] else empty
    forms: Any = (
        _four_forms(user, trees, years, on)
        if sees["cases"] or sees["clues"]
        else defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    )
    rect: Any = (
        _rectification(user, trees, years, on)
        if sees["inspections"]
        else defaultdict(lambda: defaultdict(lambda: {"total": 0, "closed": 0, "overdue": 0}))
    )
    tasks = _overdue_tasks(user, trees, years, on) if sees["directives"] else empty
    hits = _confirmed_hits(user, trees, years, on) if sees["crosscheck"] else empty
    adverse = _clearance_adverse(user, trees, years, on) if sees["clearance"] else empty

    per_100 = {
        root: {y: _per_100(reports[root][y], staff[root][y]) for y in years} for root in peers
    }
    rates = series(rect, lambda c: _rate(c["closed"], c["total"]))
    values: dict[str, dict[int, dict[int, Any]]] = {
        "staff": series(staff),
        "reports": series(reports),
        "reports_per_100": per_100,
        "clues": series(clues),
        "cases": series(cases),
        "four_forms": series(forms, lambda f: sum(f.values())),
        "rectification_rate": rates,
        "rectification_overdue": series(rect, lambda c: c["overdue"]),
        "overdue_tasks": series(tasks),
        "hits": series(hits),
        "clearance_adverse": series(adverse),
    }
    pk = unit.pk

    def cells(key: str, link: Any = None) -> list[Cell]:
        out = []
        for y in years:
            cell = Cell(
                year=y,
                value=values[key][pk][y],
                # A median needs others to compare with: none when the viewer sees
                # no other unit of the kind (a township commission: its own town).
                median=_median(values[key][root][y] for root in peers) if len(peers) > 1 else None,
            )
            if link is not None:
                link(cell, y)
            if key in LOWER_IS_WORSE:
                cell.warn = cell.below_median
            elif key not in NEUTRAL:
                cell.warn = cell.above_median
            out.append(cell)
        return out

    b = _year_bounds

    def staff_link(cell: Cell, y: int) -> None:
        if y == on.year:  # the cadre ledger lists current posts only
            cell.url = _link(user, "org.view", "org:cadre_list", {"unit_tree": pk})

    def report_link(cell: Cell, y: int) -> None:
        cell.url = _link(
            user,
            "reports.view",
            "intake:report_list",
            {"subject_unit": pk, "received_from": b(y)["from"], "received_to": b(y)["to"]},
        )

    def clue_link(cell: Cell, y: int) -> None:
        cell.url = _link(
            user,
            "clues.view",
            "clues:clue_list",
            {"subject_unit": pk, "received_from": b(y)["from"], "received_to": b(y)["to"]},
        )

    def case_link(cell: Cell, y: int) -> None:
        cell.url = _link(
            user,
            "cases.view",
            "cases:case_list",
            {"person_unit": pk, "filed_from": b(y)["from"], "filed_to": b(y)["to"]},
        )

    def forms_link(cell: Cell, y: int) -> None:
        by_form = forms[pk][y]
        cell.parts = " / ".join(f"{by_form.get(f, 0)}" for f in FORMS)
        decided = _link(
            user,
            "cases.view",
            "cases:case_list",
            {"person_unit": pk, "decided_from": b(y)["from"], "decided_to": b(y)["to"]},
        )
        measured = _link(
            user,
            "clues.view",
            "clues:clue_list",
            {"subject_unit": pk, "measure_from": b(y)["from"], "measure_to": b(y)["to"]},
        )
        if decided and sees["cases"]:
            cell.extra_links.append(("案件", decided))
        if measured and sees["clues"]:
            cell.extra_links.append(("线索", measured))

    def items_link(overdue: bool) -> Any:
        def link(cell: Cell, y: int) -> None:
            params: dict[str, Any] = {"unit_tree": pk, "round_year": y}
            if overdue:
                params["overdue"] = "true"
            cell.url = _link(user, "inspections.view", "inspections:item_list", params)
            if not overdue:
                c = rect[pk][y]
                cell.parts = f"{c['closed']}/{c['total']}"
                if not c["total"]:
                    cell.url = ""  # no items that year: nothing to list

        return link

    def task_link(cell: Cell, y: int) -> None:
        cell.url = _link(
            user,
            "directives.view",
            "directives:task_list",
            {
                "unit_tree": pk,
                "due_from": b(y)["from"],
                "due_to": b(y)["to"],
                "overdue": "true",
                "mine": "false",
            },
        )

    def hit_link(cell: Cell, y: int) -> None:
        cell.url = _link(
            user,
            "crosscheck.view",
            "crosscheck:hit_list",
            {
                "unit_tree": pk,
                "status": "confirmed",
                "decided_from": b(y)["from"],
                "decided_to": b(y)["to"],
            },
        )

    def clearance_link(cell: Cell, y: int) -> None:
        cell.url = _link(
            user,
            "clearance.view",
            "integrity:clearance_list",
            {"adverse_unit": pk, "approved_from": b(y)["from"], "approved_to": b(y)["to"]},
        )

    links = {
        "staff": staff_link,
        "reports": report_link,
        "clues": clue_link,
        "cases": case_link,
        "four_forms": forms_link,
        "rectification_rate": items_link(False),
        "rectification_overdue": items_link(True),
        "overdue_tasks": task_link,
        "hits": hit_link,
        "clearance_adverse": clearance_link,
    }
    rows = []
    for key, (label, unit_label, note, domain) in FIGURES.items():
        link = links.get(key)
        visible = (sees["cases"] or sees["clues"]) if domain == "four_forms" else sees[domain]
        row = Row(key=key, label=label, unit=unit_label, note=note, visible=visible)
        if visible:
            row.cells = cells(key, link)
        rows.append(row)
    return UnitProfile(unit=unit, years=years, on=on, peers=len(peers), rows=rows)


def unit_get_for(*, user: Any, pk: Any) -> Unit:
    return get_visible_or_404(Unit.objects.select_related("parent"), user=user, pk=pk)


# --- the cadre profile -----------------------------------------------------------------------

TIMELINE_LANES = ("任职", "信访举报", "问题线索", "立案审查调查", "处分处理", "廉政风险提示")


@dataclass
class CadreProfile:
    cadre: Cadre
    posts: list[Post]
    record: PersonRecord
    in_force: list[Any]  # MeasureEntry whose own period runs today (or permanent)
    facts: list[Any]  # the record's reports, clues and cases, newest first
    alerts: list[dict[str, Any]]
    open_alerts: int
    notes: list[SupervisionNote]
    timeline: dict[str, Any]


def cadre_get_for(*, user: Any, pk: Any) -> Cadre:
    return get_visible_or_404(Cadre.objects.all(), user=user, pk=pk)


def _alert_url(alert: Alert) -> str:
    """The alert's page once the alerts part provides it; until then none."""
    try:
        return alert.get_absolute_url()
    except NoReverseMatch:
        return ""


def cadre_profile(*, user: Any, cadre: Cadre) -> CadreProfile:
    """Everything the profile page shows about ``cadre``, in the viewer's scope."""
    today = timezone.localdate()
    posts = list(cadre.posts.select_related("unit").order_by("start_date", "id"))
    for post, ref in zip(
        posts, scoped_refs(user, [p.unit for p in posts], hidden="each"), strict=True
    ):
        post.unit_ref = ref  # type: ignore[attr-defined]
    record = person_records([cadre.pk], on=today, user=user)[cadre.pk]
    in_force = [
        m for m in record.measures if m.permanent or (m.own_end is not None and m.own_end >= today)
    ]
    alert_rows = list(
        Alert.objects.visible_to(user)
        .filter(cadre=cadre)
        .order_by("raised_on", "id")  # re-sorted below: open first, newest first
    )
    alert_rows.sort(key=lambda a: (a.status != AlertStatus.OPEN, -a.raised_on.toordinal(), -a.pk))
    alerts = [{"alert": a, "url": _alert_url(a)} for a in alert_rows]
    notes = list(
        SupervisionNote.objects.visible_to(user)
        .filter(cadre=cadre)
        .select_related("author", "unit", "corrects")
        .order_by("-noted_on", "-id")
    )
    corrected_by: dict[int, list[SupervisionNote]] = defaultdict(list)
    for note in notes:
        if note.corrects_id:
            corrected_by[note.corrects_id].append(note)
    for note in notes:
        note.corrected_by = corrected_by.get(note.pk, [])  # type: ignore[attr-defined]
    return CadreProfile(
        cadre=cadre,
        posts=posts,
        record=record,
        in_force=in_force,
        facts=sorted(
            (*record.reports, *record.clues, *record.cases),
            key=lambda f: (f.on or date.min, f.object_id),
            reverse=True,
        ),
        alerts=alerts,
        open_alerts=sum(1 for a in alert_rows if a.status == AlertStatus.OPEN),
        notes=notes,
        timeline=_timeline(posts, record, alert_rows, today),
    )


def _timeline(
    posts: list[Post], record: PersonRecord, alerts: list[Alert], today: date
) -> dict[str, Any]:
    """The chart's data (``static/integrity/cadre_timeline.js``): lanes, ranges (posts,
    influence periods) and points (reports, clues, cases, measures, alerts), dates as
    ISO strings; only what the page itself shows (already scoped)."""
    lane = {name: i for i, name in enumerate(TIMELINE_LANES)}
    ranges: list[dict[str, Any]] = []
    points: list[dict[str, Any]] = []
    for post in posts:
        unit_name = post.unit.name
        ranges.append(
            {
                "lane": lane["任职"],
                "start": post.start_date.isoformat(),
                "end": (post.end_date or today).isoformat(),
                "label": f"{unit_name} {post.title}",
                "current": post.end_date is None,
            }
        )
    for facts, name in (
        (record.reports, "信访举报"),
        (record.clues, "问题线索"),
        (record.cases, "立案审查调查"),
    ):
        for fact in facts:
            if fact.on is None:
                continue
            points.append(
                {
                    "lane": lane[name],
                    "on": fact.on.isoformat(),
                    "label": f"{fact.number} {fact.label}",
                    "url": fact.url,
                    "open": fact.open,
                }
            )
    for m in record.measures:
        points.append(
            {
                "lane": lane["处分处理"],
                "on": m.decided_on.isoformat(),
                "label": f"{m.label}（{m.kind_label}）{m.number}",
                "url": m.url,
                "open": False,
            }
        )
        if m.own_end is not None:
            ranges.append(
                {
                    "lane": lane["处分处理"],
                    "start": m.decided_on.isoformat(),
                    "end": m.own_end.isoformat(),
                    "label": f"{m.label}影响期",
                    "current": m.own_end >= today,
                }
            )
    for a in alerts:
        points.append(
            {
                "lane": lane["廉政风险提示"],
                "on": a.raised_on.isoformat(),
                "label": a.get_kind_display(),
                "url": _alert_url(a),
                "open": a.status == AlertStatus.OPEN,
            }
        )
    return {
        "lanes": list(TIMELINE_LANES),
        "ranges": ranges,
        "points": points,
        "today": today.isoformat(),
    }
