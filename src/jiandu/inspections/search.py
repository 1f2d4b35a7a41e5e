"""Rectification items in the search box (``jiandu.core.search``): by the finding they
fix, their measures, the person responsible and the progress reported."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from jiandu.core.formatting import cn_date
from jiandu.core.search import SearchKind, SearchLine, register
from jiandu.inspections.models import Finding, RectificationItem


def _line(item: RectificationItem) -> SearchLine:
    target = item.finding.target
    return SearchLine(
        title=f"{target.round.name}·{target.unit.name} 第{item.seq}项",
        url=reverse("inspections:item_detail", args=(item.pk,)),
        detail=" · ".join(
            x
            for x in (
                f"责任单位：{item.responsible_unit.name}",
                f"责任人：{item.responsible_person}" if item.responsible_person else "",
                f"时限：{cn_date(item.deadline)}",
            )
            if x
        ),
        badge=item.get_status_display(),
        text=f"{item.finding.description} {item.measures}",
    )


def _selector(user: Any):
    from jiandu.inspections.selectors import item_list

    return item_list(user=user)


ITEMS = register(
    SearchKind(
        key="rectification_item",
        label="整改事项",
        model=RectificationItem,
        capability="inspections.view",
        selector=_selector,
        document=lambda i: [i.finding.description, i.measures, i.responsible_person, i.progress],
        line=_line,
        fields=frozenset({"measures", "responsible_person", "progress", "finding"}),
        ledger="inspections:item_list",
        index_queryset=lambda qs: qs.select_related("finding"),
        related={Finding: lambda finding: finding.items.values_list("pk", flat=True)},
        sort=70,
    )
)
