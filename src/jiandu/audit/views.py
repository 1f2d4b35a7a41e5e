from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jiandu.audit import selectors
from jiandu.audit.tasks import chain_verify_task
from jiandu.core.pagination import paginate
from jiandu.core.permissions import capability_required


@capability_required("audit.view")
def event_list(request):
    request.nav_key = "audit"
    qs = selectors.event_list(user=request.user, filters=request.GET)
    page_obj = paginate(request, qs)
    # The object of each event passes through the viewer's scope, as everywhere else.
    page_obj.object_list = selectors.hide_objects_out_of_scope(
        user=request.user, events=list(page_obj.object_list)
    )
    return render(
        request,
        "audit/event_list.html",
        {
            "page_obj": page_obj,
            "filters": request.GET,
            "last_verification": selectors.last_verification(user=request.user),
        },
    )


@require_POST
@capability_required("audit.view")
def chain_verify(request):
    chain_verify_task.enqueue(requested_by_id=request.user.pk)
    messages.info(request, "已提交审计链校验，由后台任务执行，完成后结果显示在本页顶部。")
    return redirect("audit:event_list")
