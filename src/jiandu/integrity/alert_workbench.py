"""The early alerts on the workbench: the open alerts of the units the user's office
is responsible for (its alerts scope). Roles that see every unit (案管室, leaders) get
one line with the count, not the whole county's list."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from jiandu.core.workbench import WorkItem, workbench_provider
from jiandu.integrity import alert_selectors as selectors

LIMIT = 50
MODULE = "廉政风险提示"


@workbench_provider
def alert_items(user: Any) -> Iterable[WorkItem]:
    if not user.has_capability("alerts.handle"):
        return []
    alerts = selectors.open_alerts_for(user=user)
    if user.unit_scope("alerts").all:
        count = alerts.count()
        if not count:
            return []
        return [
            WorkItem(
                label=f"待处理的廉政风险提示{count}条",
                url=reverse("integrity:alert_list") + "?status=open",
                module=MODULE,
            )
        ]
    return [
        WorkItem(
            label=f"{alert.get_kind_display()}：{alert.cadre.name}",
            url=reverse("integrity:alert_detail", args=(alert.pk,)),
            module=MODULE,
        )
        for alert in alerts.only("id", "kind", "cadre__name", "raised_on")[:LIMIT]
    ]
