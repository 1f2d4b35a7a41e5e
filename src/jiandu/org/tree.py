"""The unit tree: a unit and the units below it (by ``parent``, not the liaison relation).

Read by the profiles and by the ledgers' "含下级单位" filters; kept apart from the
selectors so that the filter sets (which the selectors import) can use it too."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

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


def unit_name(unit_id: int, user: Any = None) -> str:
    """A unit's name (for a statistics drill-down's caption), among the units ``user``
    may see when given; "" when it is gone or out of sight (the caption then says the
    same for both, so that a drill-down link names no unit beyond the viewer's scope)."""
    qs = Unit.objects.all() if user is None else Unit.objects.visible_to(user)
    return qs.filter(pk=unit_id).values_list("name", flat=True).first() or ""


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


# --- where a unit's records count in the statistics (through the liaison relation) --------

_HOME_CACHE: dict[str, tuple[float, dict[int, int | None]]] = {}
_HOME_TTL = 60.0  # seconds; cleared at once when a unit or a liaison is saved here


def unit_home_clear(**_kwargs: object) -> None:
    _HOME_CACHE.clear()


def unit_home() -> dict[int, int | None]:
    """Each unit -> the unit its records count for in a statistics table
    (``core.figures``, figures ``through_liaison``): a unit inside a commission's tree
    counts for itself; a unit outside (a department, a town, a village) for the
    commission body that supervises it (监督 liaison: a resident team its departments, a
    township commission its town), or that supervises its nearest ancestor that has
    one; None when no commission body supervises it. Two queries, cached briefly."""
    import time

    from jiandu.org.models import Liaison, LiaisonKind, UnitKind

    now = time.monotonic()
    cached = _HOME_CACHE.get("home")
    if cached is not None and now - cached[0] < _HOME_TTL:
        return cached[1]
    parent: dict[int, int | None] = {}
    commissions: list[int] = []
    for uid, parent_id, kind in Unit.objects.values_list("id", "parent_id", "kind"):
        parent[uid] = parent_id
        if kind == UnitKind.COMMISSION:
            commissions.append(uid)
    children: dict[int, list[int]] = defaultdict(list)
    for uid, p in parent.items():
        if p is not None:
            children[p].append(uid)
    inside: set[int] = set()
    for c in commissions:
        inside |= unit_subtree(c, children)
    supervisor: dict[int, int] = {}
    for sup, sub in Liaison.objects.filter(kind=LiaisonKind.SUPERVISES).values_list(
        "supervisor_id", "supervised_id"
    ):
        if sup in inside and (sub not in supervisor or sup < supervisor[sub]):
            supervisor[sub] = sup
    home: dict[int, int | None] = {}
    for uid in parent:
        if uid in inside:
            home[uid] = uid
            continue
        cur: int | None = uid
        found: int | None = None
        for _ in range(64):  # the tree is shallow; guards against a cycle
            if cur is None:
                break
            if cur in supervisor:
                found = supervisor[cur]
                break
            cur = parent.get(cur)
        home[uid] = found
    _HOME_CACHE["home"] = (now, home)
    return home
