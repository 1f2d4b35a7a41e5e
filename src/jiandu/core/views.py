from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.defaults import page_not_found

from jiandu.core import holiday_entry, search, selectors
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.forms import HolidayEntryForm, add_domain_error
from jiandu.core.navigation import PLANNED_MODULES
from jiandu.core.pagination import paginate
from jiandu.core.permissions import capability_required
from jiandu.core.workbench import PAGE_SIZE as WORKBENCH_PAGE_SIZE


def home(request):
    return redirect("core:workbench")


@login_required
def workbench(request):
    """The workbench: counts, groups and one page of items (``core.workbench``); the
    filters and pages answer an htmx request with the items' fragment."""
    request.nav_key = "workbench"
    context = selectors.workbench_for(user=request.user, params=request.GET)
    bench = context.get("bench")
    if bench is not None:
        context["page_obj"] = Paginator(bench.rows, WORKBENCH_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        if getattr(request, "htmx", False):
            return render(request, "core/partials/_workbench_items.html", context)
    return render(request, "core/workbench.html", context)


@login_required
def search_page(request):
    """One search box for everything the user may see (``jiandu.core.search``): the first
    results of every kind with its count, or (``?kind=``) one kind's results page by page.
    Every row and every count comes through the kind's scoped selector."""
    query = search.parse_query(request.GET.get("q", ""))
    kinds = search.kinds_for(request.user)
    context: dict = {"query": query, "q": query.raw, "searchable": kinds}
    chosen = next((k for k in kinds if k.key == request.GET.get("kind")), None)
    if chosen is not None and query:
        page = paginate(request, search.ordered(chosen, request.user, query), per_page=20)
        context.update(
            kind=chosen,
            page_obj=page,
            lines=search.result_lines(chosen, page.object_list, query),
        )
    elif query:
        groups = search.search(request.user, query, per_kind=SEARCH_PER_KIND)
        context.update(groups=groups, total=sum(g.count for g in groups))
    return render(request, "core/search.html", context)


SEARCH_PER_KIND = 5


@login_required
def module(request, key: str):
    if key not in PLANNED_MODULES:
        raise Http404("没有这个模块")
    request.nav_key = key
    title, scope = PLANNED_MODULES[key]
    return render(request, "core/module.html", {"title": title, "scope": scope})


@capability_required("calendar.view")
def calendar(request):
    request.nav_key = "calendar"
    year = request.GET.get("year")
    year = int(year) if year and year.isascii() and year.isdigit() and len(year) == 4 else None
    context = selectors.calendar_overview(year=year if year and 1900 <= year <= 2100 else None)
    context["perms_calendar_manage"] = request.user.has_capability("calendar.manage")
    return render(request, "core/calendar.html", context)


@capability_required("calendar.manage")
def calendar_enter(request):
    """Enter a year's arrangement: read it, preview the due dates it moves, confirm
    (``core.holiday_entry``). The preview is a POST without ``confirm``; the confirm
    posts the same fields again with ``confirm``."""
    request.nav_key = "calendar"
    today = timezone.localdate()
    initial = {"year": request.GET.get("year") or today.year + 1}
    form = HolidayEntryForm(request.POST or None, initial=initial)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        year, text = form.cleaned_data["year"], form.cleaned_data["arrangement"]
        try:
            if "confirm" in request.POST:
                entry = holiday_entry.calendar_year_enter(
                    actor=request.user, year=year, text=text, source=form.cleaned_data["source"]
                )
                messages.success(request, f"{year}年节假日安排已录入，相关期限已重新计算")
                return redirect(entry.get_absolute_url())
            arrangement, plan = holiday_entry.calendar_year_preview(
                actor=request.user, year=year, text=text
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            context.update(arrangement=arrangement, plan=plan, year=year)
    return render(request, "core/calendar_enter.html", context)


@capability_required("calendar.manage")
def holiday_entry_detail(request, pk: int):
    """What an entered year moved: every recomputed due date, old → new."""
    request.nav_key = "calendar"
    return render(
        request,
        "core/holiday_entry.html",
        holiday_entry.entry_detail(user=request.user, pk=pk),
    )


def not_found(request, exception=None):
    """404 for a URL no route matches: JSON in the API's error shape under ``/api/``
    (clients and the schema expect it), the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"message": NotFound().message, "fields": {}}, status=404)
    return page_not_found(request, exception)
