"""Statistics pages: the index of standard tables and the generic table page (any
registered ``StandardTable``: period, root unit, 同比/环比, drill-down links)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jiandu.core.errors import DomainError
from jiandu.core.permissions import capability_required
from jiandu.stats import periods as P
from jiandu.stats import standard
from jiandu.stats.selectors import table_compute
from jiandu.stats.units import commissions, may_choose_root


def period_from_request(request: HttpRequest) -> tuple[P.Period, str]:
    """The requested period (``?period=`` or ``?from=&to=``), or this year so far; and
    the error when the request named an invalid one."""
    today = timezone.localdate()
    start, end = request.GET.get("from", ""), request.GET.get("to", "")
    try:
        if start and end:
            return P.date_range(date.fromisoformat(start), date.fromisoformat(end)), ""
        if request.GET.get("period"):
            return P.parse(request.GET["period"]), ""
    except ValueError:
        return P.default(today), "统计期间无效。"
    except DomainError as exc:
        return P.default(today), exc.message
    return P.default(today), ""


def period_choices(today: date) -> list[tuple[str, list[tuple[str, str]]]]:
    """The period picker's options, grouped (累计, 月, 季度, 年)."""
    y = today.year
    ytds = [P.ytd(y, m) for m in range(today.month, 0, -1)] + [
        P.ytd(y - 1, m) for m in range(12, 0, -1)
    ]
    months = [P.month(y, m) for m in range(today.month, 0, -1)] + [
        P.month(y - 1, m) for m in range(12, 0, -1)
    ]
    quarters = [P.quarter(y, q) for q in range((today.month - 1) // 3 + 1, 0, -1)] + [
        P.quarter(y - 1, q) for q in range(4, 0, -1)
    ]
    years = [P.year(y - i) for i in range(0, 4)]
    return [
        ("累计", [(p.code, p.label) for p in ytds]),
        ("月度", [(p.code, p.label) for p in months]),
        ("季度", [(p.code, p.label) for p in quarters]),
        ("年度", [(p.code, p.label) for p in years]),
    ]


@capability_required("stats.view")
def index(request: HttpRequest) -> HttpResponse:
    request.nav_key = "stats"  # type: ignore[attr-defined]
    return render(request, "stats/index.html", {"tables": standard.tables_for(request.user)})


def _table_or_404(request: HttpRequest, key: str) -> standard.StandardTable:
    table = standard.REGISTRY.get(key)
    if table is None:
        raise Http404
    user: Any = request.user
    if not user.has_capability(table.capability):
        raise PermissionDenied("您的角色无权查看此报表。")
    return table


@capability_required("stats.view")
def table_page(request: HttpRequest, key: str) -> HttpResponse:
    table = _table_or_404(request, key)
    request.nav_key = "stats"  # type: ignore[attr-defined]
    period, error = period_from_request(request)
    compare = request.GET.get("compare", "1") != "0"
    grid = table_compute(
        user=request.user,
        table=table,
        period=period,
        root_id=request.GET.get("unit"),
        compare=compare,
    )
    user: Any = request.user
    context = {
        "table": table,
        "grid": grid,
        "period": period,
        "period_error": error,
        "period_choices": period_choices(timezone.localdate()),
        "compare": compare,
        "roots": commissions(user) if may_choose_root(user, table.domain) else [],
        "definitions": standard.definitions(table),
        "tables": standard.tables_for(user),
    }
    return render(request, "stats/table.html", context)


@capability_required("stats.view")
def definitions_page(request: HttpRequest) -> HttpResponse:
    """Every table the user may open, with each figure's definition and the version."""
    request.nav_key = "stats"  # type: ignore[attr-defined]
    tables = standard.tables_for(request.user)
    return render(
        request,
        "stats/definitions.html",
        {"entries": [(t, standard.definitions(t)) for t in tables]},
    )
