"""The print page of a report (打印): what goes in the paper file (``core.printing``).

The reporter's identity is printed only for a user the report page shows it to (the
petition office, holding the ``identity`` step), only when asked for by a POST from the
identity panel (like reading it on the page), and the read is logged as printed. Anyone
else's print says whether the report is named and nothing more."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_http_methods

from jiandu.core.permissions import capability_required
from jiandu.core.printing import print_response
from jiandu.intake import selectors, services, steps


@require_http_methods(["GET", "POST"])
@capability_required("reports.view")
def report_print(request, pk: int):
    user = request.user
    report = selectors.report_get_for(user=user, pk=pk)
    context = selectors.report_detail(user=user, report=report)
    if request.method == "POST":
        if "identity" not in steps.WORKFLOW.panel(user, report):
            raise PermissionDenied("您无权查阅举报人信息。")
        identity = services.reporter_identity_read(
            user=user, report=report, what="举报人身份信息（打印）"
        )
        context["identity"] = identity or {"name": "（匿名举报，无举报人信息）"}
    return print_response(request, "intake/report_print.html", context)
