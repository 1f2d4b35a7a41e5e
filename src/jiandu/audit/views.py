from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from jiandu.audit import selectors
from jiandu.audit.filters import EventFilter
from jiandu.audit.tables import EventTable
from jiandu.audit.tasks import chain_verify_task
from jiandu.core.ledger import Ledger, ledger_view
from jiandu.core.permissions import capability_required


def _hide_out_of_scope(events: list, request) -> None:
    # The object of each event passes through the viewer's scope, as everywhere else.
    selectors.hide_objects_out_of_scope(user=request.user, events=events)


EVENT_LEDGER = Ledger(
    selector=selectors.event_list,
    filterset=EventFilter,
    table=EventTable,
    template="audit/event_list.html",
    nav_key="audit",
    filter_fields=("action", "actor"),
    filter_attrs={"actor": {"placeholder": "操作人姓名"}},
    empty_hint="没有符合条件的记录，可调整筛选条件后再试。",
    prepare=_hide_out_of_scope,
    context=lambda request: {"last_verification": selectors.last_verification(user=request.user)},
)
event_list = ledger_view(EVENT_LEDGER, capability="audit.view")


@require_POST
@capability_required("audit.view")
def chain_verify(request):
    chain_verify_task.enqueue(requested_by_id=request.user.pk)
    messages.info(request, "已提交审计链校验，由后台任务执行，完成后结果显示在本页顶部。")
    return redirect("audit:event_list")
