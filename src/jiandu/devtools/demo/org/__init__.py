"""The demo county: 青山县, a fictional county with its commission ("1+6+7+X"), about 80
supervised units, villages, about 3,000 cadres with their posts, relatives, companies and
company people.

Two steps, so the data can be checked without a database:
- ``generate(seed=…, cadres=…, today=…)`` is a pure function: the same arguments give the
  same ``CountySpec`` (every row as a frozen dataclass). It uses only
  ``random.Random(seed)`` and never iterates over a set, so it is stable across processes.
- ``load(…)`` writes a spec through the organisation services (units and liaisons one by
  one, the thousands of people rows through the bulk services, one audit event a batch).

Planted patterns for later cross-checks are listed in ``CountySpec.planted``.

The county's names, codes, row specs and word tables are in :mod:`.county` (and
re-exported here, as the other demo modules read them from ``org``); the builder in
:mod:`.builder` (units, cadres, posts) and :mod:`.families` (relatives, companies).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from jiandu.devtools.demo.org.builder import _Builder
from jiandu.devtools.demo.org.county import (
    _COMMUNITY_ROOTS,
    _DEPT_MEMBERS,
    _GIVEN,
    _HOSPITAL_MEMBERS,
    _OFFICE_MEMBERS,
    _POLICE_MEMBERS,
    _SCHOOL_MEMBERS,
    _SOE_MEMBERS,
    _SURNAME_LIST,
    _TOWN_MEMBERS,
    _VILLAGE_ROOTS,
    AREA_CODE,
    CASE_MANAGEMENT_OFFICE,
    COMMISSION,
    CONDUCT_OFFICE,
    COUNTY_NAME,
    DEPARTMENTS,
    ELSEWHERE_AREA_CODES,
    GENERAL_OFFICE,
    GUIDES,
    HOSPITALS,
    INSPECTION_OFFICE,
    INTERNAL_AFFAIRS_OFFICE,
    PETITION_OFFICE,
    PHONE_AREA,
    RESIDENT_TEAMS,
    REVIEW_OFFICE,
    SCHOOLS,
    SOE_TEAM,
    SOES,
    SUPERVISION_OFFICES,
    SURNAME_WEIGHTS,
    SURNAMES,
    TOWN_NAMES,
    TOWNS,
    TOWNSHIP_COMMISSIONS,
    CadreSpec,
    CompanyPersonSpec,
    CompanySpec,
    CountySpec,
    LiaisonSpec,
    Planted,
    PostSpec,
    RelativeSpec,
    UnitSpec,
    _generation,
    _words,
    department_code,
)


def generate(*, seed: int = 2026, cadres: int = 3000, today: date) -> CountySpec:
    """The demo county as row specs: a pure function of its arguments."""
    return _Builder(seed=seed, cadres=cadres, today=today).build()


# --- writing -----------------------------------------------------------------------------


def write(spec: CountySpec, *, actor: Any = None) -> dict[str, int]:
    """Write a county spec through the services; return the counts created."""
    from django.db import transaction

    from jiandu.org import services

    with transaction.atomic():
        units: dict[str, Any] = {}
        for u in spec.units:
            units[u.code] = services.unit_create(
                actor=actor,
                name=u.name,
                code=u.code,
                kind=u.kind,
                parent=units[u.parent] if u.parent else None,
                short_name=u.short_name,
                uscc=u.uscc,
                sort_order=u.sort_order,
                head_reported_upward=u.head_reported_upward,
            )
        # The commission signs its documents with the county's 机关代字 (单位 → 发文设置).
        commission = units.get(COMMISSION)
        if commission is not None:
            services.unit_update(
                actor=actor, unit=commission, document_number_prefix=f"{COUNTY_NAME[:1]}纪"
            )
        for link in spec.liaisons:
            services.liaison_create(
                actor=actor,
                supervisor=units[link.supervisor],
                supervised=units[link.supervised],
                kind=link.kind,
            )
        created = services.cadres_bulk_create(
            actor=actor,
            rows=[
                {
                    "name": c.name,
                    "citizen_id": c.citizen_id,
                    "gender": c.gender,
                    "birth_date": c.birth_date,
                    "rank": c.rank,
                    "political_status": c.political_status,
                    "phone": c.phone,
                }
                for c in spec.cadres
            ],
        )
        by_id = {c.citizen_id: c for c in created}
        posts = services.posts_bulk_create(
            actor=actor,
            rows=[
                {
                    "cadre": by_id[p.cadre],
                    "unit": units[p.unit],
                    "title": p.title,
                    "start_date": p.start_date,
                    "end_date": p.end_date,
                    "is_head": p.is_head,
                    "is_leadership": p.is_leadership,
                }
                for p in spec.posts
            ],
        )
        # [规则] 22 markers: the commission's leading members (书记, 副书记, 常委, 监委
        # 副主任) sit on its standing committee or the supervisory commission; its
        # secretary is also a member of the county Party committee (县委常委).
        if commission is not None:
            members: dict[Any, bool] = {}
            for post in posts:
                if post.unit_id == commission.pk and post.is_leadership and post.end_date is None:
                    members[post.cadre] = members.get(post.cadre, False) or (
                        post.title.startswith("县委常委")
                    )
            for cadre, on_party_committee in members.items():
                services.cadre_update(
                    actor=actor,
                    cadre=cadre,
                    commission_member=True,
                    party_committee_member=on_party_committee,
                )
        relatives = services.relatives_bulk_create(
            actor=actor,
            rows=[
                {
                    "cadre": by_id[r.cadre],
                    "relation": r.relation,
                    "name": r.name,
                    "citizen_id": r.citizen_id,
                    "occupation": r.occupation,
                }
                for r in spec.relatives
            ],
        )
        companies = services.companies_bulk_create(
            actor=actor,
            rows=[
                {
                    "uscc": c.uscc,
                    "name": c.name,
                    "address": c.address,
                    "phone": c.phone,
                    "registered_on": c.registered_on,
                    "registered_capital": c.registered_capital,
                }
                for c in spec.companies
            ],
        )
        by_uscc = {c.uscc: c for c in companies}
        people = services.company_people_bulk_create(
            actor=actor,
            rows=[
                {
                    "company": by_uscc[p.company],
                    "person_name": p.person_name,
                    "person_citizen_id": p.person_citizen_id,
                    "role": p.role,
                    "share_ratio": p.share_ratio,
                }
                for p in spec.company_people
            ],
        )
    return {
        "units": len(units),
        "liaisons": len(spec.liaisons),
        "cadres": len(created),
        "posts": len(posts),
        "relatives": len(relatives),
        "companies": len(companies),
        "company_people": len(people),
    }


COUNT_LABELS = {
    "units": "单位",
    "liaisons": "联系指导关系",
    "cadres": "干部",
    "posts": "任职",
    "relatives": "亲属",
    "companies": "企业",
    "company_people": "企业人员",
}


def load(*, seed: int = 2026, cadres: int = 3000, today: date | None = None) -> dict[str, int]:
    """Build the demo county in the database (the system is the actor)."""
    from django.utils import timezone

    spec = generate(seed=seed, cadres=cadres, today=today or timezone.localdate())
    return write(spec, actor=None)


__all__ = [
    "AREA_CODE",
    "CASE_MANAGEMENT_OFFICE",
    "COMMISSION",
    "CONDUCT_OFFICE",
    "COUNTY_NAME",
    "COUNT_LABELS",
    "DEPARTMENTS",
    "ELSEWHERE_AREA_CODES",
    "GENERAL_OFFICE",
    "GUIDES",
    "HOSPITALS",
    "INSPECTION_OFFICE",
    "INTERNAL_AFFAIRS_OFFICE",
    "PETITION_OFFICE",
    "PHONE_AREA",
    "RESIDENT_TEAMS",
    "REVIEW_OFFICE",
    "SCHOOLS",
    "SOES",
    "SOE_TEAM",
    "SUPERVISION_OFFICES",
    "SURNAMES",
    "SURNAME_WEIGHTS",
    "TOWNS",
    "TOWNSHIP_COMMISSIONS",
    "TOWN_NAMES",
    "_COMMUNITY_ROOTS",
    "_DEPT_MEMBERS",
    "_GIVEN",
    "_HOSPITAL_MEMBERS",
    "_OFFICE_MEMBERS",
    "_POLICE_MEMBERS",
    "_SCHOOL_MEMBERS",
    "_SOE_MEMBERS",
    "_SURNAME_LIST",
    "_TOWN_MEMBERS",
    "_VILLAGE_ROOTS",
    "CadreSpec",
    "CompanyPersonSpec",
    "CompanySpec",
    "CountySpec",
    "LiaisonSpec",
    "Planted",
    "PostSpec",
    "RelativeSpec",
    "UnitSpec",
    "_generation",
    "_words",
    "department_code",
    "generate",
    "load",
    "write",
]
