from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.defaults import page_not_found

from jiandu.core import selectors
from jiandu.core.errors import NotFound
from jiandu.core.navigation import PLANNED_MODULES
from jiandu.core.permissions import capability_required


def home(request):
    return redirect("core:workbench")


@login_required
def workbench(request):
    request.nav_key = "workbench"
    return render(request, "core/workbench.html", selectors.workbench_for(user=request.user))


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
    return render(request, "core/calendar.html", context)


def not_found(request, exception=None):
    """404 for a URL no route matches: JSON in the API's error shape under ``/api/``
    (clients and the schema expect it), the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"message": NotFound().message, "fields": {}}, status=404)
    return page_not_found(request, exception)
