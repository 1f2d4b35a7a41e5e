"""Cross-check hits in the search box (``jiandu.core.search``): by the person or body
concerned, the unit named in the data, the rule and the summary; by exact citizen ID."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from jiandu.core.search import SearchKind, SearchLine, register
from jiandu.crosscheck.models import Hit


def _line(hit: Hit) -> SearchLine:
    unit = hit.subject_unit.name if hit.subject_unit_id else hit.subject_unit_name
    return SearchLine(
        title=f"{hit.ref_label} {hit.subject_name}",
        url=hit.get_absolute_url(),
        detail=" · ".join(x for x in (unit, hit.get_severity_display()) if x),
        badge=hit.get_status_display(),
        text=hit.summary,
    )


def _selector(user: Any):
    from jiandu.crosscheck.selectors import hit_list

    return hit_list(user=user)


HITS = register(
    SearchKind(
        key="hit",
        label="比对疑点",
        model=Hit,
        capability="crosscheck.view",
        selector=_selector,
        document=lambda h: [h.ref_label, h.subject_name, h.subject_unit_name, h.summary],
        line=_line,
        fields=frozenset({"subject_name", "subject_unit_name", "summary"}),
        ledger="crosscheck:hit_list",
        citizen_id=lambda number: Q(subject_citizen_id=number),
        sort=90,
    )
)
