"""Reads of the organisation register, already limited to what the user may see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from jiandu.core.scoping import get_visible_or_404, scoped_refs
from jiandu.org.models import Cadre, Company, CompanyPerson, Liaison, Post, Relative, Unit


def unit_closure(unit_id: int) -> frozenset[int]:
    """The units a unit answers for: itself, the units it guides or supervises through
    the liaison relation (transitively, "1+6+7+X"), and every sub-unit of those.

    Two queries over the unit tree and the liaison table, both small (a county has a few
    hundred units, a province tens of thousands).
    """
    children: dict[int, list[int]] = defaultdict(list)
    for uid, parent_id in Unit.objects.values_list("id", "parent_id"):
        if parent_id is not None:
            children[parent_id].append(uid)
    supervised: dict[int, list[int]] = defaultdict(list)
    for sup, sub in Liaison.objects.values_list("supervisor_id", "supervised_id"):
        supervised[sup].append(sub)
    seen: set[int] = set()
    stack = [unit_id]
    while stack:
        uid = stack.pop()
        if uid in seen:
            continue
        seen.add(uid)
        stack.extend(children.get(uid, ()))
        stack.extend(supervised.get(uid, ()))
    return frozenset(seen)


def units_answering_for(unit_id: int) -> frozenset[int]:
    """The units whose :func:`unit_closure` holds ``unit_id``: the unit itself, its
    parents, the units that guide or supervise any of those through the liaison relation
    (transitively), and their parents. The same two small queries as ``unit_closure``,
    walked the other way."""
    parent: dict[int, int] = {}
    for uid, parent_id in Unit.objects.values_list("id", "parent_id"):
        if parent_id is not None:
            parent[uid] = parent_id
    supervisors: dict[int, list[int]] = defaultdict(list)
    for sup, sub in Liaison.objects.values_list("supervisor_id", "supervised_id"):
        supervisors[sub].append(sup)
    seen: set[int] = set()
    stack = [unit_id]
    while stack:
        uid = stack.pop()
        if uid in seen:
            continue
        seen.add(uid)
        if uid in parent:
            stack.append(parent[uid])
        stack.extend(supervisors.get(uid, ()))
    return frozenset(seen)


def _current_posts() -> Prefetch:
    return Prefetch(
        "posts",
        queryset=Post.objects.current().select_related("unit").order_by("-is_head", "start_date"),
        to_attr="current_posts",
    )


def unit_list(*, user: Any, filters: dict | None = None) -> QuerySet[Unit]:
    from jiandu.org.filters import UnitFilter

    qs = (
        Unit.objects.visible_to(user)
        .select_related("parent")
        .annotate(cadre_count=Count("posts", filter=Q(posts__end_date__isnull=True), distinct=True))
        .order_by("sort_order", "code")
    )
    return UnitFilter(filters or {}, queryset=qs).qs


def unit_get_for(*, user: Any, pk: Any) -> Unit:
    return get_visible_or_404(Unit.objects.select_related("parent"), user=user, pk=pk)


def unit_detail(*, user: Any, unit: Unit) -> dict[str, Any]:
    posts = (
        Post.objects.current()
        .filter(unit=unit)
        .select_related("cadre")
        .order_by("-is_head", "-is_leadership", "start_date")
    )
    return {
        "unit": unit,
        "children": Unit.objects.visible_to(user).filter(parent=unit),
        "posts": posts,
        "liaisons_out": Liaison.objects.filter(supervisor=unit).select_related("supervised"),
        "liaisons_in": Liaison.objects.filter(supervised=unit).select_related("supervisor"),
    }


def cadre_list(*, user: Any, filters: dict | None = None) -> QuerySet[Cadre]:
    from jiandu.org.filters import CadreFilter

    qs = Cadre.objects.visible_to(user).prefetch_related(_current_posts())
    return CadreFilter(filters or {}, queryset=qs).qs


def cadre_get_for(*, user: Any, pk: Any) -> Cadre:
    return get_visible_or_404(Cadre.objects.all(), user=user, pk=pk)


def cadre_detail(*, user: Any, cadre: Cadre) -> dict[str, Any]:
    posts = list(cadre.posts.select_related("unit").order_by("-start_date"))
    # A past post in a unit the viewer may not open names the unit without linking it.
    for post, ref in zip(
        posts, scoped_refs(user, [p.unit for p in posts], hidden="each"), strict=True
    ):
        post.unit_ref = ref
    relatives = (
        Relative.objects.visible_to(user)
        .filter(cadre=cadre)
        .prefetch_related(
            Prefetch("company_roles", queryset=CompanyPerson.objects.select_related("company"))
        )
    )
    own_companies = CompanyPerson.objects.filter(cadre=cadre).select_related("company")
    namesakes = Cadre.objects.visible_to(user).filter(name=cadre.name).exclude(pk=cadre.pk).count()
    return {
        "cadre": cadre,
        "posts": posts,
        "relatives": relatives,
        "own_companies": own_companies,
        "namesakes": namesakes,
    }


def company_list(*, user: Any, filters: dict | None = None) -> QuerySet[Company]:
    from jiandu.org.filters import CompanyFilter

    qs = (
        Company.objects.visible_to(user)
        .annotate(people_count=Count("people"))
        .order_by("name", "id")
    )
    return CompanyFilter(filters or {}, queryset=qs).qs


def company_get_for(*, user: Any, pk: Any) -> Company:
    return get_visible_or_404(Company.objects.all(), user=user, pk=pk)


def company_detail(*, user: Any, company: Company) -> dict[str, Any]:
    """The company's people. A link to a cadre (directly or through a relative) is shown
    only when the user may see that cadre; otherwise the person shows as registered."""
    visible_cadres = set(
        Cadre.objects.visible_to(user)
        .filter(Q(company_roles__company=company) | Q(relatives__company_roles__company=company))
        .values_list("id", flat=True)
    )
    people = []
    for person in company.people.select_related("cadre", "relative__cadre"):
        linked = person.cadre or (person.relative.cadre if person.relative else None)
        people.append(
            {
                "person": person,
                "cadre": linked if linked and linked.id in visible_cadres else None,
                "via_relative": person.relative if person.relative_id else None,
            }
        )
    return {"company": company, "people": people}


def unit_choices(*, user: Any) -> QuerySet[Unit]:
    """The units ``user`` may pick, with what ``Unit.choice_label`` reads."""
    return (
        Unit.objects.visible_to(user)
        .select_related("parent")
        .only("id", "name", "code", "kind", "parent__name", "parent__short_name", "parent__kind")
        .order_by("sort_order", "code")
    )


def unit_choice_pairs(*, user: Any) -> list[tuple[int, str]]:
    """(id, label) of the units ``user`` may pick: a ledger filter's unit choices."""
    return [(u.pk, u.choice_label()) for u in unit_choices(user=user)]


def commission_of(unit: Unit | None) -> Unit | None:
    """The commission (纪委监委) a unit belongs to, as the register says: the unit itself
    or its nearest ancestor of kind 纪委监委; failing that, the register's top-level
    commission; ``None`` in a register without one. Official documents name it as their
    issuer, so a document never names a commission other than the user's own."""
    from jiandu.org.models import UnitKind

    seen: set[int] = set()
    while unit is not None and unit.pk not in seen:
        if unit.kind == UnitKind.COMMISSION:
            return unit
        seen.add(unit.pk)
        unit = unit.parent
    return (
        Unit.objects.filter(kind=UnitKind.COMMISSION, parent__isnull=True)
        .order_by("sort_order", "code")
        .first()
    )


@dataclass(frozen=True)
class DocumentIssuer:
    """Who signs an official document: the name in its 版头 and 落款 and the 机关代字
    its 文号 begins with (empty when the register sets none)."""

    name: str
    number_prefix: str = ""


def issuer_of(unit: Unit | None) -> DocumentIssuer | None:
    """How ``unit`` itself signs its documents (its configured issuer name, else its
    name; its configured 文号 prefix); ``None`` without a unit."""
    if unit is None:
        return None
    return DocumentIssuer(name=unit.issuer_name, number_prefix=unit.document_number_prefix)


def document_issuer(unit: Unit | None) -> DocumentIssuer | None:
    """The issuer of the documents a unit drafts: its commission (``commission_of``) as
    the register configures it; ``None`` in a register without a commission."""
    return issuer_of(commission_of(unit))
