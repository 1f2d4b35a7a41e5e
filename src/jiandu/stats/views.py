"""Statistics pages: the index of standard tables and the generic table page (any
registered ``StandardTable``: period, root unit, 同比/环比, drill-down links)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiandu.core.downloads import xlsx_response
from jiandu.core.errors import DomainError
from jiandu.core.ledger import Ledger, ledger_view
from jiandu.core.permissions import capability_required
from jiandu.stats import periods as P
from jiandu.stats import publication_selectors as pub_selectors
from jiandu.stats import publication_services, standard
from jiandu.stats.exports import grid_xlsx
from jiandu.stats.filters import PublicationFilter
from jiandu.stats.models import PublicationKind
from jiandu.stats.selectors import table_compute
from jiandu.stats.tables import PublicationTable
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


period_choices = P.choices


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
    user: Any = request.user
    if request.GET.get("export") == "xlsx":
        if not user.has_capability("stats.export"):
            raise PermissionDenied("您的角色无权导出报表。")
        grid = table_compute(
            user=user, table=table, period=period, root_id=request.GET.get("unit"), compare=False
        )
        content = grid_xlsx(grid, made_on=timezone.localdate())
        return xlsx_response(content, f"{table.title}-{grid.root.name}-{period.label}.xlsx")
    grid = table_compute(
        user=request.user,
        table=table,
        period=period,
        root_id=request.GET.get("unit"),
        compare=compare,
    )
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
        "query": request.GET.urlencode(),
        "can_export": user.has_capability("stats.export"),
        "can_publish": user.has_capability("stats.publish"),
    }
    return render(request, "stats/table.html", context)


@require_POST
@capability_required("stats.publish")
def table_publish(request: HttpRequest, key: str) -> HttpResponse:
    """Freeze the table for the chosen period and root (numbered, issued at once)."""
    table = _table_or_404(request, key)
    try:
        period = P.parse(request.POST.get("period", ""))
        pub = publication_services.table_publish(
            actor=request.user, table_key=table.key, period=period, root_id=request.POST.get("unit")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("stats:table", table.key)
    messages.success(request, f"已发布：{pub.title}（{pub.number}）。")
    return redirect("stats:publication_detail", pub.pk)


PUBLICATION_LEDGER = Ledger(
    selector=pub_selectors.publication_list,
    filterset=PublicationFilter,
    table=PublicationTable,
    template="stats/publication_list.html",
    nav_key="stats",
    filter_fields=("kind", "status", "title"),
    empty_title="暂无统计发布",
    empty_hint="在报表页选择统计期间后点击“发布”，或生成通报。",
    context=lambda request: {"can_bulletin": request.user.has_capability("stats.publish")},
)
publication_list = ledger_view(PUBLICATION_LEDGER, capability="stats.view")


@capability_required("stats.view")
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A publication as issued (its frozen numbers, definitions version, issuer and
    time); ``?recount=1`` counts the table again today and marks every changed cell."""
    pub = pub_selectors.publication_get(user=request.user, pk=pk)
    request.nav_key = "stats"  # type: ignore[attr-defined]
    context: dict[str, Any] = {"pub": pub, "recount": request.GET.get("recount") == "1"}
    if pub.kind == PublicationKind.TABLE:
        table = standard.REGISTRY.get(pub.key)
        context["table"] = table
        context["frozen"] = pub_selectors.table_changes(
            user=request.user,
            publication=pub,
            recount=context["recount"] and table is not None,
        )
    elif pub.kind == PublicationKind.BULLETIN:
        from jiandu.stats.bulletin_views import bulletin_context

        context.update(bulletin_context(request, pub))
    return render(request, "stats/publication_detail.html", context)


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


@capability_required("stats.view")
def cell_parts(request: HttpRequest) -> HttpResponse:
    """A sum cell's drill-down (``Column.sum_of``): each part (a figure's cell) with its
    count, counted through the viewer's scope, and the link to the ledger listing its
    rows; the total is their sum."""
    from jiandu.core import figures

    request.nav_key = "stats"  # type: ignore[attr-defined]
    parts, error = [], ""
    for raw in request.GET.getlist("part")[:20]:
        try:
            cell = figures.Cell.from_params(QueryDict(raw))
        except DomainError as exc:
            error = exc.message
            continue
        if cell is None:
            continue
        value = figures.get(cell.figure).total(user=request.user, cell=cell)
        parts.append({"cell": cell, "about": figures.describe(cell, request.user), "value": value})
    total = sum((p["value"] for p in parts), 0)
    return render(
        request,
        "stats/cell_parts.html",
        {"parts": parts, "total": total, "error": error or ("" if parts else "未指定统计数字。")},
    )


@capability_required("stats.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    """The leader dashboard (``stats.dashboard``): charts of the year, every element a
    drill-down; 委领导 and 案管室 choose the commission, others see their own unit."""
    from jiandu.stats.dashboard import dashboard_data
    from jiandu.stats.warnings import may_see, unit_warnings

    request.nav_key = "stats"  # type: ignore[attr-defined]
    user: Any = request.user
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, today.year - 9), today.year)
    data = dashboard_data(user=user, year=year, root_id=request.GET.get("unit"))
    warnings = []
    if may_see(user):
        from jiandu.org.models import Unit

        root = Unit.objects.get(pk=data["root"]["id"])
        end = date.fromisoformat(data["as_of"])
        warnings = unit_warnings(user=user, on=end, root=root)
    context = {
        "data": data,
        "years": list(range(today.year, today.year - 4, -1)),
        "roots": commissions(user) if may_choose_root(user, "stats") else [],
        "warnings": warnings,
    }
    return render(request, "stats/dashboard.html", context)
