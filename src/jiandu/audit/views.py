from django.shortcuts import render

from jiandu.audit import selectors
from jiandu.core.pagination import paginate
from jiandu.core.permissions import capability_required


@capability_required("audit.view")
def event_list(request):
    request.nav_key = "audit"
    qs = selectors.event_list(user=request.user, filters=request.GET)
    return render(request, "audit/event_list.html", {"page_obj": paginate(request, qs), "filters": request.GET})
