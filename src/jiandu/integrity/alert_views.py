"""The early-alert pages: the ledger (with each kind's precision) and an alert's page
(reason, evidence, the handling steps)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jiandu.core.ledger import Ledger, ledger_view
from jiandu.core.permissions import capability_required
from jiandu.core.scoping import scoped_ref
from jiandu.integrity import alert_selectors as selectors
from jiandu.integrity import alert_steps as steps
from jiandu.integrity import alert_tables as tables
from jiandu.integrity.alert_filters import AlertFilter
from jiandu.integrity.alert_forms import DISMISS_REASONS

NAV = "integrity_alerts"


def _unit_choices(request):
    from jiandu.org.selectors import unit_choice_pairs

    return unit_choice_pairs(user=request.user)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _context(request):
    rows = selectors.precision_by_kind(user=request.user)
    for row in rows:
        p = row["precision"]
        row["share"], row["dismissed_share"] = _percent(p.share), _percent(p.dismissed_share)
    run = selectors.latest_run()
    return {
        "precision_rows": rows,
        "latest_run": run,
        "latest_raised": selectors.raised_by_run(user=request.user, run=run),
    }


ALERT_LEDGER = Ledger(
    selector=selectors.alert_list,
    filterset=AlertFilter,
    table=tables.AlertTable,
    template="integrity/alert_list.html",
    nav_key=NAV,
    filter_fields=("q", "kind", "status", "unit"),
    filter_choices={"unit": _unit_choices},
    filter_attrs={"q": {"data-testid": "alert-search"}},
    target="alert-table",
    empty_title="没有廉政风险提示",
    empty_hint="提示由系统每日自动计算，按干部现任职务所在单位分别显示给负责的纪检监察机构。",
    context=_context,
    export_columns=tables.EXPORT_COLUMNS,
    export_sheet=tables.SHEET,
    export_filename=tables.FILENAME,
    export_capability="integrity.export",
)
alert_list = ledger_view(ALERT_LEDGER, capability="alerts.view")


@capability_required("alerts.view")
def alert_detail(request, pk: int):
    request.nav_key = NAV
    alert = selectors.alert_get_for(user=request.user, pk=pk)
    return render(
        request,
        "integrity/alert_detail.html",
        {
            "alert": alert,
            "status_badge": tables.STATUS_BADGES.css(alert.status),
            "cadre_ref": scoped_ref(request.user, alert.cadre),
            "evidence": selectors.evidence_for(user=request.user, alert=alert),
            "actions": steps.ALERT.panel(request.user, alert),
            "dismiss_reasons": DISMISS_REASONS,
        },
    )


@require_POST
@capability_required("alerts.view")
def alert_action(request, pk: int, action: str):
    alert = selectors.alert_get_for(user=request.user, pk=pk)
    return steps.ALERT.post(
        request, alert, action, back=reverse("integrity:alert_detail", args=(alert.pk,))
    )
