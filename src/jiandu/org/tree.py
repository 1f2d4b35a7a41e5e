"""The unit tree: a unit and the units below it (by ``parent``, not the liaison relation).

Read by the profiles and by the ledgers' "含下级单位" filters; kept apart from the
selectors so that the filter sets (which the selectors import) can use it too."""

from __future__ import annotations

from collections import defaultdict

from jiandu.org.models import Unit


def unit_children() -> dict[int, list[int]]:
    """Each unit's direct sub-units (one query over the unit tree)."""
    children: dict[int, list[int]] = defaultdict(list)
    for uid, parent_id in Unit.objects.values_list("id", "parent_id"):
        if parent_id is not None:
            children[parent_id].append(uid)
    return children


def unit_subtree(unit_id: int, children: dict[int, list[int]] | None = None) -> frozenset[int]:
    """A unit and every unit below it in the tree (not the liaison relation): the units
    whose people and records count for the unit in a profile or a ledger's "含下级单位"
    filter. One query, none when ``children`` (``unit_children()``) is given."""
    children = unit_children() if children is None else children
    seen: set[int] = set()
    stack = [unit_id]
    while stack:
        uid = stack.pop()
        if uid in seen:
            continue
        seen.add(uid)
        stack.extend(children.get(uid, ()))
    return frozenset(seen)


def unit_name(unit_id: int) -> str:
    """A unit's name (for a statistics drill-down's caption); "" when it is gone."""
    return Unit.objects.filter(pk=unit_id).values_list("name", flat=True).first() or ""


def unit_own(unit_id: int, children: dict[int, list[int]] | None = None) -> frozenset[int]:
    """A unit's 本级 for statistics: its subtree less the subtrees of the commission
    bodies (offices, resident teams, township commissions, lower commissions) directly
    under it. A table's rows — each such body's subtree, and this — add up to the
    unit's subtree."""
    from jiandu.org.models import COMMISSION_BODY_KINDS

    children = unit_children() if children is None else children
    bodies = Unit.objects.filter(parent_id=unit_id, kind__in=COMMISSION_BODY_KINDS).values_list(
        "id", flat=True
    )
    out = set(unit_subtree(unit_id, children))
    for body in bodies:
        out -= unit_subtree(body, children)
    return frozenset(out)
