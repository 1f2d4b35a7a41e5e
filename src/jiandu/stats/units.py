"""The rows of a statistics table: the units under a root commission.

A table is computed for a *root* unit (a commission): one row per commission body
directly under it (its offices, resident teams and township commissions — or, for a city
or province root, the commissions below it), each counting its whole subtree; a row for
the root itself (本级: its subtree less those bodies' subtrees, so the rows add up to
the total); and the total (the root's subtree).

Who may choose which root: a user whose scope in the table's domain is everything may
choose any commission; anyone else sees one row, their own unit (and what is under it),
and the figures are scoped anyway (``core.figures`` counts through ``visible_to``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from jiandu.core import figures
from jiandu.org.models import COMMISSION_BODY_KINDS, Unit, UnitKind
from jiandu.org.selectors import commission_of
from jiandu.org.tree import unit_children, unit_own, unit_subtree


@dataclass(frozen=True)
class RowUnit:
    id: int
    name: str
    kind: str
    only: bool = False  # 本级: the subtree less the commission bodies' rows above it
    total: bool = False  # the total row (合计)
    unit_ids: frozenset[int] = frozenset()  # the unit ids whose records the row counts

    @property
    def key(self) -> str:
        return f"{self.id}{'-self' if self.only else ''}{'-total' if self.total else ''}"


def may_choose_root(user: Any, domain: str) -> bool:
    return bool(user.unit_scope(domain).all)


def commissions(user: Any) -> list[Unit]:
    """The commissions a user may choose as a table's root."""
    return list(
        Unit.objects.visible_to(user)
        .filter(kind=UnitKind.COMMISSION)
        .only("id", "name", "parent_id", "kind")
        .order_by("sort_order", "code")
    )


def default_root(user: Any, domain: str) -> Unit | None:
    """The root a table opens on: the user's own commission when they may see it all,
    else the user's own unit."""
    if may_choose_root(user, domain):
        return commission_of(getattr(user, "unit", None))
    return getattr(user, "unit", None)


def table_rows(root: Unit, *, user: Any, domain: str) -> list[RowUnit]:
    """The rows for ``root`` (the last one is the total)."""
    children_map = unit_children()
    if not may_choose_root(user, domain) and root.kind != UnitKind.COMMISSION:
        sub = unit_subtree(root.pk, children_map)
        return [RowUnit(root.pk, root.name, root.kind, total=True, unit_ids=sub)]
    kids = list(
        Unit.objects.filter(parent_id=root.pk, kind__in=COMMISSION_BODY_KINDS)
        .only("id", "name", "kind")
        .order_by("sort_order", "code")
    )
    rows = [RowUnit(u.pk, u.name, u.kind, unit_ids=unit_subtree(u.pk, children_map)) for u in kids]
    rows.append(
        RowUnit(
            root.pk,
            f"{root.name}（本级）",
            root.kind,
            only=True,
            unit_ids=unit_own(root.pk, children_map),
        )
    )
    rows.append(
        RowUnit(
            root.pk, "合计", root.kind, total=True, unit_ids=unit_subtree(root.pk, children_map)
        )
    )
    return rows


def unit_rows(root: Unit, *, user: Any) -> tuple[list[RowUnit], RowUnit]:
    """The per-unit rows under ``root`` (the bodies and 本级) and the total row."""
    rows = table_rows(root, user=user, domain="stats")
    total = rows[-1]
    return [r for r in rows if not r.total] or [total], total


def per_row(
    figure: figures.Figure,
    *,
    user: Any,
    start: date,
    end: date,
    rows: Iterable[RowUnit],
    by: tuple[tuple[str, str], ...] = (),
) -> dict[str, int | Decimal]:
    """The figure per row (row key -> value), in one grouped query. A ``many_units``
    figure (a task with several owners) is counted per row, each record once in a row,
    as the tables count it (``Figure.grouped_sets``)."""
    rows = list(rows)
    if figure.many_units:
        sets = figure.grouped_sets(
            user=user, start=start, end=end, sets={r.key: r.unit_ids for r in rows}, by=by
        )
        return {r.key: sets.get((r.key, ""), 0) for r in rows}
    units = frozenset().union(*(r.unit_ids for r in rows))
    grouped = figure.grouped(user=user, start=start, end=end, units=units, by=by)
    per_unit: dict[int | None, int | Decimal] = defaultdict(int)
    for (unit_id, _), n in grouped.items():
        per_unit[unit_id] += n
    return {r.key: sum((per_unit.get(u, 0) for u in r.unit_ids), 0) for r in rows}
