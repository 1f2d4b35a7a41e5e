"""Figures (统计指标): one declaration per countable thing, read by the statistics tables
and by the ledgers' drill-down, so that a number on a table and the rows its link shows
come from the same query.

A domain app declares its figures in ``<app>/figures.py`` and imports that module in its
``AppConfig.ready()``::

    register(Figure(
        key="clues.received", label="受理问题线索", measure="件",
        model=Clue, ledger="clues:clue_list",
        dated="received_on", unit_field="handling_unit",
        definition="按线索登记日期计入统计期间；按承办单位统计。",
        by={"source": By("source", "线索来源", choices=ClueSource.choices)},
    ))

- ``dated`` is the dated event that puts a row into a period (a lookup path to a date or
  a date-time), or ``in_period`` a function ``(qs, start, end) -> qs`` for an event kept
  in a related table (an approval, a decision). Figures for a past period are counted from
  those dated rows, never from current status, so they do not change when records move on
  (DOMAIN.md §9).
- ``unit_field`` is the unit a row is counted for (``unit_fallback`` when it is empty).
- ``condition`` limits the rows (``Q`` or a function returning one), ``by`` gives the
  breakdowns a table may split the figure by (a value of one is one more condition).
- ``value`` is a field to sum (money recovered) instead of counting rows.
- ``through_liaison``: the unit of a row is a unit *outside* the commission's tree (an
  inspected organisation, a department owning a task, the unit of a person in a
  cross-check hit); the row counts for the commission body that supervises it through
  the liaison relation (监督: a resident team its departments, a township commission its
  town — the same relation the scope uses), given by the register as ``unit_home``.
  ``unit_fallback`` then also applies when no commission body supervises the unit.
- ``many_units``: ``unit_field`` is a to-many path (a task's owners): a row counts once
  for every table row one of its units belongs to, and once in the total (like a record
  tagged to two campaigns, DOMAIN.md §9), so such rows need not add up to the total.

``Figure.rows(user=…, cell=…)`` is the one query: the model's rows visible to the user
(``visible_to``), in the period, of the unit(s), matching the condition and the
breakdown value. A table cell is a :class:`Cell`; its ``params()`` are the query string of
the drill-down link and ``Cell.from_params`` reads them back in the ledger
(``core.ledger.Ledger.rows``), which keeps the ledger's rows to ``Figure.rows``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet, Sum
from django.urls import reverse

from jiandu.core.errors import DomainError

# The query-string names of a drill-down (never handed to a ledger's FilterSet).
FIGURE_PARAM = "fig"
FROM_PARAM = "fig_from"
TO_PARAM = "fig_to"
UNIT_PARAM = "fig_unit"
ONLY_PARAM = "fig_only"
BY_PARAM = "fig_by"
DRILL_PARAMS = frozenset({FIGURE_PARAM, FROM_PARAM, TO_PARAM, UNIT_PARAM, ONLY_PARAM, BY_PARAM})

# A breakdown value meaning "no value recorded" (an empty choice field, a missing FK).
BLANK = "_none"

# The bounds of a statistical period (a drill-down's, a table's): the years the records
# can fall in, and at most ten years at once, so that a link never asks for a query over
# the whole calendar (nor a date the database or the time zone cannot hold).
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_DAYS = 366 * 10
# A unit id beyond the database's integers is no unit.
MAX_UNIT_ID = 2**31 - 1


def check_span(start: date, end: date) -> None:
    """Refuse a period outside the bounds above (a ``DomainError`` in Chinese)."""
    if end < start:
        raise DomainError("统计期间无效：结束日期早于开始日期。")
    if start.year < MIN_YEAR or end.year > MAX_YEAR:
        raise DomainError(f"统计期间无效：应在{MIN_YEAR}年至{MAX_YEAR}年之间。")
    if (end - start).days > MAX_DAYS:
        raise DomainError("统计期间无效：不能超过十年。")


@dataclass(frozen=True)
class By:
    """A breakdown: the lookup path of the value and its label; ``choices`` (value,
    label) pairs, or ``choices_fn`` for choices read at run time (categories, ranks)."""

    lookup: str
    label: str
    choices: Sequence[tuple[str, str]] = ()
    choices_fn: Callable[[], Sequence[tuple[str, str]]] | None = None
    # A condition per value instead of ``lookup=value`` (e.g. "subject rank" groups).
    conditions: Mapping[str, Q] | None = None

    def options(self) -> list[tuple[str, str]]:
        if self.conditions is not None:
            labels = dict(self.choices)
            return [(k, labels.get(k, k)) for k in self.conditions]
        if self.choices_fn is not None:
            return [(str(v), label) for v, label in self.choices_fn()]
        return [(str(v), label) for v, label in self.choices]

    def condition(self, value: str) -> Q:
        if self.conditions is not None:
            if value not in self.conditions:
                raise DomainError(f"统计分组取值“{value}”无效。")
            return self.conditions[value]
        if value == BLANK:
            return Q(**{f"{self.lookup}__isnull": True}) | Q(**{self.lookup: ""})
        return Q(**{self.lookup: value})


@dataclass(frozen=True)
class Cell:
    """What one number on a table counts: a figure, a period, the unit(s) and breakdown
    values. ``unit`` is a unit id: its whole subtree, or its 本级 when ``only`` (the
    subtree less the commission bodies under it); ``None`` is every unit the viewer
    sees."""

    figure: str
    start: date
    end: date
    unit: int | None = None
    only: bool = False
    by: tuple[tuple[str, str], ...] = ()

    def params(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            FIGURE_PARAM: self.figure,
            FROM_PARAM: self.start.isoformat(),
            TO_PARAM: self.end.isoformat(),
        }
        if self.unit is not None:
            out[UNIT_PARAM] = str(self.unit)
            if self.only:
                out[ONLY_PARAM] = "1"
        if self.by:
            out[BY_PARAM] = [f"{name}:{value}" for name, value in self.by]
        return out

    def query_string(self) -> str:
        from django.http import QueryDict

        q = QueryDict(mutable=True)
        for k, v in self.params().items():
            if isinstance(v, list):
                q.setlist(k, v)
            else:
                q[k] = v
        return q.urlencode()

    def url(self) -> str:
        """The ledger filtered to exactly the rows this cell counts."""
        return f"{reverse(get(self.figure).ledger)}?{self.query_string()}"

    def with_by(self, name: str, value: str) -> Cell:
        return replace(self, by=(*self.by, (name, value)))

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Cell | None:
        """The cell a drill-down link names, or None when the request has none. A bad
        value raises a ``DomainError`` with the reason."""
        key = params.get(FIGURE_PARAM)
        if not key:
            return None
        if key not in REGISTRY:
            raise DomainError("统计指标不存在。")
        try:
            start = date.fromisoformat(str(params.get(FROM_PARAM, "")))
            end = date.fromisoformat(str(params.get(TO_PARAM, "")))
        except ValueError:
            raise DomainError("统计期间无效。") from None
        check_span(start, end)
        unit_raw = params.get(UNIT_PARAM) or None
        try:
            unit = int(unit_raw) if unit_raw is not None else None
        except ValueError:
            raise DomainError("统计单位无效。") from None
        if unit is not None and not 0 < unit <= MAX_UNIT_ID:
            raise DomainError("统计单位无效。")
        getlist = getattr(params, "getlist", None)
        raw_by = getlist(BY_PARAM) if getlist else params.get(BY_PARAM) or []
        if isinstance(raw_by, str):
            raw_by = [raw_by]
        by: list[tuple[str, str]] = []
        for item in raw_by:
            name, _, value = str(item).partition(":")
            if name not in REGISTRY[key].by:
                raise DomainError(f"统计分组“{name}”无效。")
            if any(name == seen for seen, _ in by):  # each breakdown once (bounds the query)
                raise DomainError(f"统计分组“{name}”重复。")
            by.append((name, value))
        return cls(key, start, end, unit, params.get(ONLY_PARAM) == "1", tuple(by))


def _unit_ids(cell: Cell) -> frozenset[int] | None:
    if cell.unit is None:
        return None
    if _SUBTREE is None or _OWN is None:  # pragma: no cover - org registers them in ready()
        raise RuntimeError("no unit tree registered")
    return _OWN(cell.unit) if cell.only else _SUBTREE(cell.unit)


# The unit tree (a unit id -> the ids of it and every unit below it), given by the
# register (``jiandu.org``) in its ``ready()``: core does not import org.
# ``own``: the unit's 本级 — its subtree less the subtrees of the commission bodies
# directly under it (so a table's rows add up to its total).
_SUBTREE: Callable[[int], frozenset[int]] | None = None
_OWN: Callable[[int], frozenset[int]] | None = None
_UNIT_NAME: Callable[..., str] | None = None  # (unit id, user=None) -> name or ""
# unit id -> the unit its records count for through the liaison relation (itself inside a
# commission's tree; the supervising commission body outside it; None when none does).
_HOME: Callable[[], Mapping[int, int | None]] | None = None


def set_unit_home(home: Callable[[], Mapping[int, int | None]]) -> None:
    global _HOME
    _HOME = home


def unit_home() -> Mapping[int, int | None]:
    if _HOME is None:  # pragma: no cover - org registers it in ready()
        raise RuntimeError("no unit home registered")
    return _HOME()


def set_unit_tree(
    *,
    subtree: Callable[[int], frozenset[int]],
    own: Callable[[int], frozenset[int]],
    name: Callable[..., str],
) -> None:
    global _SUBTREE, _OWN, _UNIT_NAME
    _SUBTREE, _OWN, _UNIT_NAME = subtree, own, name


@dataclass(frozen=True)
class Figure:
    """One countable thing (see the module docstring)."""

    key: str
    label: str
    measure: str  # 件, 件次, 人, 人次, 元, 个, 项
    model: type[models.Model]
    ledger: str  # URL name of the ledger that lists the counted rows
    unit_field: str
    definition: str
    dated: str = ""
    in_period: Callable[[QuerySet, date, date], QuerySet] | None = None
    unit_fallback: str = ""
    condition: Q | Callable[[], Q] | None = None
    by: Mapping[str, By] = field(default_factory=dict)
    value: str = ""  # a field to sum instead of counting rows
    through_liaison: bool = False  # see the module docstring
    many_units: bool = False  # ``unit_field`` is a to-many path (see the module docstring)

    def base(self, user: Any) -> QuerySet:
        manager: Any = self.model._default_manager
        qs = manager.all()
        return qs.visible_to(user) if hasattr(qs, "visible_to") else qs

    def period(self, qs: QuerySet, start: date, end: date) -> QuerySet:
        if self.in_period is not None:
            return self.in_period(qs, start, end)
        field_obj = _resolve_field(self.model, self.dated)
        if isinstance(field_obj, models.DateTimeField):
            return qs.filter(**datetime_in_days(self.dated, start, end))
        return qs.filter(**{f"{self.dated}__range": (start, end)})

    def unit_condition(self, unit_ids: Iterable[int]) -> Q:
        if self.through_liaison:
            return self._liaison_condition(frozenset(unit_ids))
        ids = list(unit_ids)
        q = Q(**{f"{self.unit_field}__in": ids})
        if self.unit_fallback:
            q |= Q(**{f"{self.unit_field}__isnull": True, f"{self.unit_fallback}__in": ids})
        return q

    def _liaison_condition(self, ids: frozenset[int]) -> Q:
        """Rows whose unit counts, through the liaison relation, for one of ``ids``."""
        home = unit_home()
        mapped = [u for u, h in home.items() if h in ids]
        q = Q(**{f"{self.unit_field}__in": mapped})
        if self.unit_fallback:
            homeless = [u for u, h in home.items() if h is None]
            q |= Q(
                Q(**{f"{self.unit_field}__isnull": True})
                | Q(**{f"{self.unit_field}__in": homeless}),
                **{f"{self.unit_fallback}__in": mapped},
            )
        return q

    def home_of(self, home: Mapping[int, int | None], unit: Any, fallback: Any) -> int | None:
        """The unit a row with these raw unit values counts for (``through_liaison``)."""
        h = home.get(unit) if unit is not None else None
        if h is None and self.unit_fallback and fallback is not None:
            h = home.get(fallback)
        return h

    def unit_expression(self) -> Any:
        """The unit a row counts for, as an expression (for grouping by unit)."""
        from django.db.models import F
        from django.db.models.functions import Coalesce

        if self.unit_fallback:
            return Coalesce(F(self.unit_field), F(self.unit_fallback))
        return F(self.unit_field)

    def _filtered(self, *, user: Any, cell: Cell) -> QuerySet:
        """The counted rows before de-duplication: a to-many condition may repeat one."""
        qs = self.period(self.base(user), cell.start, cell.end)
        if self.condition is not None:
            cond = self.condition() if callable(self.condition) else self.condition
            qs = qs.filter(cond)
        for name, value in cell.by:
            qs = qs.filter(self.by[name].condition(value))
        ids = _unit_ids(cell)
        if ids is not None:
            qs = qs.filter(self.unit_condition(ids))
        return qs

    def rows(self, *, user: Any, cell: Cell) -> QuerySet:
        """The rows ``cell`` counts, of those ``user`` may see."""
        qs = self._filtered(user=user, cell=cell)
        if not self.joins_to_many(cell.by):
            return qs
        # A to-many condition could repeat a row: keep each row once.
        return self.model._default_manager.filter(pk__in=qs.values("pk"))

    def joins_to_many(self, by: Iterable[tuple[str, str]] = (), split: str = "") -> bool:
        """Whether the query of this figure (its condition, unit, date and the breakdowns
        used) follows a to-many relation, so that a row could appear more than once."""
        paths = [self.unit_field, self.unit_fallback, self.dated]
        if self.condition is not None:
            cond = self.condition() if callable(self.condition) else self.condition
            paths += list(_q_lookups(cond))
        for name in [n for n, _ in by] + ([split] if split else []):
            b = self.by[name]
            if b.conditions is not None:
                for q in b.conditions.values():
                    paths += list(_q_lookups(q))
            else:
                paths.append(b.lookup)
        return any(_through_many(self.model, p) for p in paths if p)

    def grouped(
        self,
        *,
        user: Any,
        start: date,
        end: date,
        units: frozenset[int] | None = None,
        by: tuple[tuple[str, str], ...] = (),
        split: str = "",
    ) -> dict[tuple[int | None, str], int | Decimal]:
        """The figure for every unit at once (one grouped query): (unit id, value of the
        ``split`` breakdown or "") -> count (or sum). Rows of ``units`` only, when given.
        Each entry equals ``total()`` of the cell for that unit alone and that value."""
        from django.db.models import Count

        cell = Cell(self.key, start, end, by=by)
        many = self.joins_to_many(by, split)
        if self.value and many:  # a sum must see each row once
            qs = self.rows(user=user, cell=cell)
        else:  # a count of distinct rows needs no de-duplicating subquery
            qs = self._filtered(user=user, cell=cell)
        if units is not None and len(units) <= UNIT_FILTER_LIMIT:
            # (a larger set — a province — is not worth a filter: the caller sums only the
            # units it asked for)
            qs = qs.filter(self.unit_condition(units))
        if self.through_liaison:
            return self._grouped_home(qs, split, distinct=many)
        keys = ["_unit"]
        qs = qs.annotate(_unit=self.unit_expression())
        split_by = self.by[split] if split else None
        if split_by is not None and split_by.conditions is None:
            keys.append(split_by.lookup)
        agg = Sum(self.value) if self.value else Count("pk", distinct=many)
        out: dict[tuple[int | None, str], int | Decimal] = {}
        if split_by is not None and split_by.conditions is not None:
            for value, cond in split_by.conditions.items():
                for row in qs.filter(cond).values("_unit").annotate(n=agg).order_by():
                    out[(row["_unit"], value)] = row["n"] or 0
            return out
        for row in qs.values(*keys).annotate(n=agg).order_by():
            value = ""
            if split_by is not None:
                raw = row[split_by.lookup]
                value = BLANK if raw in (None, "") else str(raw)
            key = (row["_unit"], value)
            out[key] = out.get(key, 0) + (row["n"] or 0)
        return out

    def _grouped_home(
        self, qs: QuerySet, split: str, *, distinct: bool = False
    ) -> dict[tuple[int | None, str], Any]:
        """``grouped`` through the liaison: grouped by the raw unit (and fallback) in the
        database, then each raw unit counted for its home unit."""
        from django.db.models import Count, F

        home = unit_home()
        split_by = self.by[split] if split else None
        qs = qs.annotate(_unit=F(self.unit_field))
        keys = ["_unit"]
        if self.unit_fallback:
            qs = qs.annotate(_fb=F(self.unit_fallback))
            keys.append("_fb")
        agg = Sum(self.value) if self.value else Count("pk", distinct=distinct)
        parts: list[tuple[str, QuerySet]] = []
        if split_by is not None and split_by.conditions is not None:
            parts = [(value, qs.filter(cond)) for value, cond in split_by.conditions.items()]
        else:
            if split_by is not None:
                keys.append(split_by.lookup)
            parts = [("", qs)]
        out: dict[tuple[int | None, str], Any] = {}
        for fixed, part in parts:
            for row in part.values(*keys).annotate(n=agg).order_by():
                value = fixed
                if split_by is not None and split_by.conditions is None:
                    raw = row[split_by.lookup]
                    value = BLANK if raw in (None, "") else str(raw)
                key = (self.home_of(home, row["_unit"], row.get("_fb")), value)
                out[key] = out.get(key, 0) + (row["n"] or 0)
        return out

    def grouped_sets(
        self,
        *,
        user: Any,
        start: date,
        end: date,
        sets: Mapping[str, frozenset[int]],
        by: tuple[tuple[str, str], ...] = (),
        split: str = "",
    ) -> dict[tuple[str, str], int]:
        """The figure (a count) for each set of units — a table row — at once: (set key,
        value of the ``split`` breakdown or "") -> distinct rows one of whose units is in
        the set. For ``many_units`` figures, whose per-unit counts do not add up."""
        cell = Cell(self.key, start, end, by=by)
        wanted = frozenset().union(*sets.values()) if sets else frozenset()
        pks = self.rows(user=user, cell=cell).filter(self.unit_condition(wanted)).values("pk")
        qs = self.model._default_manager.filter(pk__in=pks)
        home = unit_home() if self.through_liaison else None
        split_by = self.by[split] if split else None
        fields = ["pk", self.unit_field]
        if self.unit_fallback:
            fields.append(self.unit_fallback)
        parts: list[tuple[str, QuerySet]] = [("", qs)]
        if split_by is not None and split_by.conditions is not None:
            parts = [(v, qs.filter(c)) for v, c in split_by.conditions.items()]
        elif split_by is not None:
            fields.append(split_by.lookup)
        seen: dict[tuple[str, str], set[Any]] = {}
        member = {u: [k for k, s in sets.items() if u in s] for u in wanted}
        for fixed, part in parts:
            for row in part.values_list(*fields):
                pk, unit = row[0], row[1]
                fb = row[2] if self.unit_fallback else None
                if home is not None:
                    u = self.home_of(home, unit, fb)
                else:
                    u = unit if unit is not None else fb
                value = fixed
                if split_by is not None and split_by.conditions is None:
                    raw = row[-1]
                    value = BLANK if raw in (None, "") else str(raw)
                for k in member.get(u, ()):  # type: ignore[arg-type]
                    seen.setdefault((k, value), set()).add(pk)
        return {k: len(v) for k, v in seen.items()}

    def total(self, *, user: Any, cell: Cell) -> int | Decimal:
        qs = self.rows(user=user, cell=cell)
        if self.value:
            return qs.aggregate(v=Sum(self.value))["v"] or Decimal("0")
        return qs.count()


def datetime_in_days(lookup: str, start: date, end: date) -> dict[str, Any]:
    """The filter keeping a date-time ``lookup`` within the days ``start``..``end`` (the
    current time zone's days), as a plain range on the column so that its index serves
    (``__date`` would convert every row)."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    lo = timezone.make_aware(datetime.combine(start, time.min))
    hi = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    return {f"{lookup}__gte": lo, f"{lookup}__lt": hi}


# A grouped count filters on the units asked for up to this many; beyond (a province's
# thousands of units) it counts every unit and the caller keeps the ones it asked for.
UNIT_FILTER_LIMIT = 400


def _q_lookups(q: Any) -> Iterable[str]:
    """The field lookups a ``Q`` names (nested ``Q``s included; expressions such as
    ``Exists`` name none that could repeat a row)."""
    for child in getattr(q, "children", ()):
        if isinstance(child, tuple):
            yield child[0]
        elif isinstance(child, Q):
            yield from _q_lookups(child)


def _through_many(model: type[models.Model], path: str) -> bool:
    """Whether a lookup path follows a to-many relation (many-to-many or reverse FK)."""
    current: Any = model
    for part in path.split("__"):
        try:
            f = current._meta.get_field(part)
        except Exception:  # a lookup or transform (``__in``, ``__date``): the path ends
            return False
        if f.is_relation and (f.many_to_many or f.one_to_many):
            return True
        if not f.is_relation:
            return False
        current = f.related_model
    return False


def _resolve_field(model: type[models.Model], path: str) -> Any:
    current: Any = model
    field_obj: Any = None
    for part in path.split("__"):
        field_obj = current._meta.get_field(part)
        if field_obj.is_relation:
            current = field_obj.related_model
    return field_obj


REGISTRY: dict[str, Figure] = {}


def register(*figures: Figure) -> None:
    for figure in figures:
        if figure.key in REGISTRY and REGISTRY[figure.key] != figure:
            raise ValueError(f"figure {figure.key} registered twice")
        REGISTRY[figure.key] = figure


def get(key: str) -> Figure:
    return REGISTRY[key]


def restrict(qs: QuerySet, params: Mapping[str, Any], user: Any) -> tuple[QuerySet, Cell | None]:
    """A ledger's rows kept to the drill-down cell the request names (if any)."""
    cell = Cell.from_params(params)
    if cell is None:
        return qs, None
    figure = get(cell.figure)
    if figure.model is not qs.model:
        raise DomainError("统计指标与台账不对应。")
    return qs.filter(pk__in=figure.rows(user=user, cell=cell).values("pk")), cell


def describe(cell: Cell, user: Any = None) -> dict[str, Any]:
    """What a drill-down page says it shows: the figure, its definition, the period, the
    unit and the breakdown values, in Chinese. The unit is named only when ``user`` may
    see it (a unit out of sight reads like one that does not exist)."""
    from jiandu.core.formatting import cn_date

    figure = get(cell.figure)
    unit = ""
    if cell.unit is not None and _UNIT_NAME is not None:
        name = _UNIT_NAME(cell.unit, user)
        unit = (name + ("（本级）" if cell.only else "")) if name else "（无此单位或无权查看）"
    parts = []
    for name, value in cell.by:
        b = figure.by[name]
        labels = dict(b.options())
        parts.append(f"{b.label}：{labels.get(value, '未填写' if value == BLANK else value)}")
    return {
        "label": figure.label,
        "measure": figure.measure,
        "definition": figure.definition,
        "period": f"{cn_date(cell.start)}至{cn_date(cell.end)}",
        "unit": unit,
        "by": parts,
    }
