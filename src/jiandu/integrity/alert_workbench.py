"""The early alerts on the workbench: the open alerts of the units the user's office
is responsible for (its alerts scope). A kind with only a few open alerts lists each;
a kind with more is one line with the count, linked to the ledger filtered to it (and
so is every kind for the roles that see every unit: 案管室)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count
from django.urls import reverse

from jiandu.core.workbench import WorkItem, workbench_provider
from jiandu.integrity import alert_selectors as selectors
from jiandu.integrity.models import AlertKind

EACH = 5  # at most this many open alerts of a kind are listed one by one
MODULE = "廉政风险提示"
KIND = "廉政风险预警待处理"
ACTION = "核实预警：转为问题线索、提醒谈话或排除"


@workbench_provider
def alert_items(user: Any) -> Iterable[WorkItem]:
    if not user.has_capability("alerts.handle"):
        return []
    alerts = selectors.open_alerts_for(user=user)
    counts = dict(alerts.order_by().values_list("kind").annotate(n=Count("id")))
    whole = user.unit_scope("alerts").all
    labels = dict(AlertKind.choices)
    ledger = reverse("integrity:alert_list")
    items = [
        WorkItem(
            label=f"{labels.get(kind, kind)}：待处理{n}条",
            url=f"{ledger}?kind={kind}&status=open",
            module=MODULE,
            kind=KIND,
            action=ACTION,
            count=n,
        )
        for kind, n in sorted(counts.items())
        if whole or n > EACH
    ]
    few = [kind for kind, n in counts.items() if not whole and n <= EACH]
    if few:
        items += [
            WorkItem(
                label=f"{alert.get_kind_display()}：{alert.cadre.name}",
                url=reverse("integrity:alert_detail", args=(alert.pk,)),
                module=MODULE,
                kind=KIND,
                action=ACTION,
            )
            for alert in alerts.filter(kind__in=few).only("id", "kind", "cadre__name")
        ]
    return items
