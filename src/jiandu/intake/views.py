"""Report pages for staff (being built)."""

from django.http import HttpResponse

from jiandu.core.permissions import capability_required


@capability_required("reports.view")
def report_list(request):  # pragma: no cover - placeholder
    return HttpResponse("建设中")


report_create = report_list


@capability_required("reports.view")
def report_detail(request, pk):  # pragma: no cover - placeholder
    return HttpResponse("建设中")


@capability_required("reports.view")
def report_action(request, pk, action):  # pragma: no cover - placeholder
    return HttpResponse("建设中")
