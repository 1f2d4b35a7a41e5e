"""Cases in the search box (``jiandu.core.search``): by number, title, summary and the
names of the people investigated; by a person's citizen ID."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q

from jiandu.cases.models import Case, CasePerson
from jiandu.core.search import SearchKind, SearchLine, register


def _line(case: Case) -> SearchLine:
    people = "、".join(p.name for p in case.people.all())
    unit = case.lead_unit.name if case.lead_unit_id else ""
    return SearchLine(
        title=f"{case.number} {case.title}",
        url=case.get_absolute_url(),
        detail=" · ".join(x for x in (people, f"承办：{unit}" if unit else "") if x),
        badge="已结案" if case.closed_on else ("已立案" if case.filed_on else "立案呈批"),
        text=case.summary,
    )


def _citizen_id(number: str) -> Q:
    return Q(Exists(CasePerson.objects.filter(case=OuterRef("pk"), cadre__citizen_id=number)))


def _selector(user: Any):
    from jiandu.cases.selectors import case_list

    return case_list(user=user)


CASES = register(
    SearchKind(
        key="case",
        label="案件",
        model=Case,
        capability="cases.view",
        selector=_selector,
        document=lambda c: [c.number, c.title, *(p.name for p in c.people.all()), c.summary],
        line=_line,
        fields=frozenset({"number", "title", "summary"}),
        ledger="cases:case_list",
        index_queryset=lambda qs: qs.prefetch_related("people"),
        prepare=lambda qs: qs.prefetch_related(
            Prefetch("people", queryset=CasePerson.objects.order_by("id"))
        ),
        citizen_id=_citizen_id,
        related={CasePerson: lambda person: [person.case_id]},
        sort=30,
    )
)
