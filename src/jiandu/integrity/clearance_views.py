"""Pages of clearance requests (党风廉政意见回复): the ledger, the submission (form or
Excel), the request's page with its steps, the letter and the signed scan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from jiandu.core.downloads import docx_response, xlsx_response
from jiandu.core.errors import DomainError
from jiandu.core.files import serve_file
from jiandu.core.forms import add_domain_error
from jiandu.core.ledger import Ledger, ledger_view
from jiandu.core.permissions import capability_required
from jiandu.core.recording import record_read
from jiandu.integrity import clearance_documents, clearance_imports, clearance_services
from jiandu.integrity import clearance_rules as crules
from jiandu.integrity import clearance_selectors as sel
from jiandu.integrity import clearance_tables as tables
from jiandu.integrity.clearance_filters import ClearanceFilter
from jiandu.integrity.clearance_forms import ChangeAnswerForm, RequestForm
from jiandu.integrity.clearance_steps import WORKFLOW

NAV = "clearance"


def _context(request: Any) -> dict[str, Any]:
    return {"may_submit": request.user.has_capability("clearance.request")}


CLEARANCE_LEDGER = Ledger(
    selector=sel.clearance_list,
    filterset=ClearanceFilter,
    table=tables.ClearanceTable,
    template="integrity/clearance_list.html",
    nav_key=NAV,
    filter_fields=("q", "status", "purpose", "overdue", "received_from", "received_to"),
    filter_attrs={
        "q": {"placeholder": "如 HF2026-00012 或 张伟", "data-testid": "clearance-search"}
    },
    target="clearance-table",
    empty_title="没有意见回复",
    empty_hint="组织部门提交征求意见后，在这里办理和查看回复。",
    context=_context,
    export_columns=tables.COLUMNS,
    export_sheet="党风廉政意见回复台账",
    export_filename="clearance-{date}.xlsx",
)
clearance_list = ledger_view(CLEARANCE_LEDGER, capability="clearance.view")

PEOPLE_LEDGER = Ledger(
    selector=sel.clearance_people,
    filterset=None,
    table=tables.ClearancePersonTable,
    template="integrity/clearance_people.html",
    nav_key=NAV,
    target="clearance-person-table",
    empty_title="没有意见回复对象",
    empty_hint="统计表中的人次链接到这里，列出所计的每一人次。",
)
clearance_people = ledger_view(PEOPLE_LEDGER, capability="clearance.view")


@capability_required("clearance.request")
def clearance_new(request):
    """The asking body submits a request: the people typed in or from Excel; a wrong ID
    number or an unmatched row is reported with its row and nothing is submitted."""
    request.nav_key = NAV
    form = RequestForm(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        particulars = {
            "purpose": data["purpose"],
            "purpose_note": data["purpose_note"],
            "asking_body": data["asking_body"],
            "received_on": data["received_on"],
        }
        try:
            if data.get("file"):
                result, created = clearance_imports.import_people(
                    actor=request.user, file=data["file"], **particulars
                )
            else:
                created = clearance_services.clearance_request_submit(
                    actor=request.user, people=form.people_rows(), **particulars
                )
        except DomainError as exc:
            add_domain_error(form, exc)
            created = None
        if created is not None:
            messages.success(
                request, f"已提交征求意见（{created.number}），回复期限{_cn(created.due_on)}"
            )
            return redirect(created.get_absolute_url())
    return render(request, "integrity/clearance_new.html", {"form": form, "result": result})


def _cn(value: Any) -> str:
    from jiandu.core.formatting import cn_date

    return cn_date(value)


@capability_required("clearance.request")
def clearance_template(request):
    return xlsx_response(
        clearance_imports.ClearanceImport.template_xlsx(), "意见回复人员名单模板.xlsx"
    )


@capability_required("clearance.view")
def clearance_detail(request, pk: int):
    request.nav_key = NAV
    clearance = sel.clearance_get_for(user=request.user, pk=pk)
    commission = sel.is_commission(request.user)
    visible = sel.reply_visible(request.user, clearance)
    people = sel.people_of(clearance)
    context: dict[str, Any] = {
        "clearance": clearance,
        "commission": commission,
        "reply_visible": visible,
        "people": people,
        "overdue": sel.is_overdue(clearance),
        "days": sel.days_to_reply(clearance),
        "letter_ready": bool(clearance.reply_number),
    }
    if commission:
        panel = WORKFLOW.panel(request.user, clearance)
        context.update(
            actions=panel,
            steps=[
                {"step": s, "form": s.form(user=request.user) if s.form else None}
                for s in panel
                if s.name != "change_answer"
            ],
            may_change="change_answer" in panel,
            change_form=ChangeAnswerForm(user=request.user),
            approvals=list(clearance.approvals.select_related("proposed_by", "approver")),
            since=sel.since_then(user=request.user, clearance=clearance, people=people)
            if clearance.status in crules.REPLY_STATES
            else [],
            frozen=clearance.status in crules.REPLY_STATES,
        )
        record_read(user=request.user, obj=clearance, what="意见回复（含依据记录）")
    elif visible:
        record_read(user=request.user, obj=clearance, what="意见回复")
    return render(request, "integrity/clearance_detail.html", context)


@capability_required("clearance.view")
def clearance_action(request, pk: int, action: str):
    if request.method != "POST":
        raise Http404()
    clearance = sel.clearance_get_for(user=request.user, pk=pk)
    if not sel.is_commission(request.user):
        raise Http404()
    back = reverse("integrity:clearance_detail", args=(clearance.pk,))
    return WORKFLOW.post(request, clearance, action, back=back)


@capability_required("clearance.view")
def clearance_letter(request, pk: int):
    """The reply letter as Word, from the frozen reply: for the commission once the 文号
    is given; for the asking body the same letter, as sent."""
    clearance = sel.clearance_get_for(user=request.user, pk=pk)
    if not clearance.reply_number:
        raise Http404()
    content = clearance_documents.render_letter(sel.letter_context(clearance))
    record_read(user=request.user, obj=clearance, what="意见回复函")
    return docx_response(content, f"意见回复函-{clearance.number}.docx")


@capability_required("clearance.view")
def clearance_scan(request, pk: int):
    clearance = sel.clearance_get_for(user=request.user, pk=pk)
    if not clearance.signed_scan:
        raise Http404()
    return serve_file(
        request,
        clearance.signed_scan,
        filename=clearance.scan_name or f"意见回复函-{clearance.number}",
        owner=clearance,
        what="意见回复函签发扫描件",
    )
