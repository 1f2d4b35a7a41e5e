"""Reads for the integrity file (廉政档案) of a cadre, limited to what the viewer may see.

The file is the cadre page: the register part (``jiandu.org.selectors.cadre_detail`` —
posts with tenure, relatives, companies — and the register entries of
``register_selectors``) and the supervision part, computed from the person record
(``jiandu.integrity.record``) scoped by the viewer, so every number, row and link on the
page is one the viewer may open. The person-level measures panel reads the same record:
one answer (影响期至 … / 永久 / 无) and the measures running on the day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from jiandu.integrity import register_selectors
from jiandu.integrity.record import PersonRecord, person_record
from jiandu.org import selectors as org_selectors
from jiandu.org.models import Cadre

# The domains the supervision part reads; a viewer who sees all of them sees the whole
# record, anyone else the part of it within their scope (the page says so).
SUPERVISION_DOMAINS = ("reports", "clues", "cases", "inspections", "crosscheck")


def file_get_for(*, user: Any, pk: Any) -> Cadre:
    """The cadre whose file ``user`` may open (``Cadre.objects.visible_to``), or not
    found — for a missing and a forbidden cadre alike."""
    return org_selectors.cadre_get_for(user=user, pk=pk)


@dataclass(frozen=True)
class MeasuresPanel:
    """The one answer of the person-level record of measures on ``on``."""

    on: date
    state: str  # "permanent" | "running" | "ended" | "none"
    influence_end: date | None
    running: list[Any]
    open_count: int

    @property
    def headline(self) -> str:
        from jiandu.core.formatting import cn_date

        if self.state == "permanent":
            return "永久"
        if self.state == "running":
            return f"影响期至{cn_date(self.influence_end)}"
        if self.state == "ended":
            return f"无（影响期已于{cn_date(self.influence_end)}届满）"
        return "无"


def measures_panel(record: PersonRecord) -> MeasuresPanel:
    if record.permanent:
        state = "permanent"
    elif record.in_period:
        state = "running"
    elif record.influence_end is not None:
        state = "ended"
    else:
        state = "none"
    return MeasuresPanel(
        on=record.on,
        state=state,
        influence_end=record.influence_end,
        running=record.running_measures,
        open_count=len(record.open_matters),
    )


def report_table(record: PersonRecord) -> dict[str, Any]:
    """Reports about the person: a category × year table of counts (never a reporter)."""
    by_year = record.reports_by_year_and_category()
    years = list(by_year)
    categories = list(record.reports_by_category())
    rows = [
        {
            "category": name,
            "counts": [by_year[y].get(name, 0) for y in years],
            "total": sum(by_year[y].get(name, 0) for y in years),
        }
        for name in categories
    ]
    per_year = record.reports_by_year()
    return {
        "years": years,
        "rows": rows,
        # A report of several categories is one report: the year's total counts it once.
        "totals": [per_year.get(y, 0) for y in years],
        "count": len(record.reports),
        "open": sum(1 for f in record.reports if f.open),
    }


def cadre_file(*, user: Any, cadre: Cadre, on: date | None = None) -> dict[str, Any]:
    """The whole file of ``cadre`` as ``user`` may see it, on ``on`` (default today)."""
    on = on or timezone.localdate()
    context = org_selectors.cadre_detail(user=user, cadre=cadre)
    record = person_record(cadre.pk, on=on, user=user)
    context.update(
        on=on,
        whole_record=all(user.unit_scope(d).all for d in SUPERVISION_DOMAINS),
        record=record,
        panel=measures_panel(record),
        reports=report_table(record),
        register=register_selectors.register_part(user=user, cadre=cadre),
        clearances=clearances_about(user=user, cadre=cadre),
        alerts=alerts_about(user=user, cadre=cadre),
    )
    return context


def clearances_about(*, user: Any, cadre: Cadre) -> list[Any]:
    """The clearance replies (党风廉政意见回复) that answered about the cadre, as the
    viewer may see them (domain "clearance": 案管室 and leaders), newest first: the
    request, the answer given and the day it was approved."""
    from jiandu.integrity.clearance_rules import REPLY_STATES
    from jiandu.integrity.models import ClearancePerson, ClearanceRequest

    requests = ClearanceRequest.objects.visible_to(user).filter(status__in=list(REPLY_STATES))
    return list(
        ClearancePerson.objects.filter(cadre=cadre, request__in=requests.values("pk"))
        .select_related("request")
        .order_by("-request__approved_on", "-id")
    )


def alerts_about(*, user: Any, cadre: Cadre) -> list[Any]:
    """The early alerts about the cadre the viewer may see, open ones first."""
    from jiandu.integrity.models import Alert, AlertStatus

    alerts = Alert.objects.visible_to(user).filter(cadre=cadre).order_by("-raised_on", "-id")
    return sorted(alerts, key=lambda a: a.status != AlertStatus.OPEN)
