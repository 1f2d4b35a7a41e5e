"""Cadres, units and companies in the search box (``jiandu.core.search``): cadres by name
or phone and by exact citizen ID; units by name, short name, code or USCC; companies by
name, USCC, address or the name (exact ID) of a person in them."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from jiandu.core.search import SearchKind, SearchLine, register
from jiandu.org.models import Cadre, Company, CompanyPerson, Unit


def _cadre_line(cadre: Cadre) -> SearchLine:
    posts = getattr(cadre, "current_posts", [])
    return SearchLine(
        title=cadre.name,
        url=cadre.get_absolute_url(),
        detail="；".join(f"{p.unit.name}{p.title}" for p in posts),
        badge=cadre.get_rank_display(),
    )


def _unit_line(unit: Unit) -> SearchLine:
    parent = unit.parent.name if unit.parent_id else ""
    return SearchLine(
        title=unit.name,
        url=unit.get_absolute_url(),
        detail=" · ".join(x for x in (unit.get_kind_display(), parent and f"上级：{parent}") if x),
        badge="" if unit.is_active else "已撤销",
    )


def _company_line(company: Company) -> SearchLine:
    return SearchLine(
        title=company.name,
        url=reverse("org:company_detail", args=(company.pk,)),
        detail=" · ".join(x for x in (f"统一社会信用代码 {company.uscc}", company.address) if x),
    )


def _cadres(user: Any):
    from jiandu.org.selectors import cadre_list

    return cadre_list(user=user)


def _units(user: Any):
    from jiandu.org.selectors import unit_list

    return unit_list(user=user)


def _companies(user: Any):
    from jiandu.org.selectors import company_list

    return company_list(user=user)


def _cadre_posts(cadres):
    from jiandu.org.selectors import _current_posts

    return cadres.prefetch_related(_current_posts())


CADRES = register(
    SearchKind(
        key="cadre",
        label="干部",
        model=Cadre,
        capability="org.view",
        selector=_cadres,
        document=lambda c: [c.name, c.phone],
        line=_cadre_line,
        fields=frozenset({"name", "phone"}),
        ledger="org:cadre_list",
        prepare=_cadre_posts,
        citizen_id=lambda number: Q(citizen_id=number),
        sort=40,
    )
)

UNITS = register(
    SearchKind(
        key="unit",
        label="单位",
        model=Unit,
        capability="org.view",
        selector=_units,
        document=lambda u: [u.name, u.short_name, u.code, u.uscc],
        line=_unit_line,
        fields=frozenset({"name", "short_name", "code", "uscc"}),
        ledger="org:unit_list",
        sort=50,
    )
)

COMPANIES = register(
    SearchKind(
        key="company",
        label="企业",
        model=Company,
        capability="org.view",
        selector=_companies,
        document=lambda c: [
            c.name,
            c.uscc,
            *(p.person_name for p in c.people.all()),
            c.address,
        ],
        line=_company_line,
        fields=frozenset({"name", "uscc", "address"}),
        ledger="org:company_list",
        index_queryset=lambda qs: qs.prefetch_related("people"),
        citizen_id=lambda number: Q(
            Exists(CompanyPerson.objects.filter(company=OuterRef("pk"), person_citizen_id=number))
        ),
        related={CompanyPerson: lambda person: [person.company_id]},
        sort=60,
    )
)
