"""Report pages for staff: the register, registration, and the report page where the
petition office decides jurisdiction, confirms duplicates and subjects, reads the
reporter's identity (logged), answers portal messages and turns reports into clues."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from jiandu.core.errors import DomainError
from jiandu.core.files import serve_file
from jiandu.core.forms import add_domain_error
from jiandu.core.ledger import Ledger, ledger_view
from jiandu.core.permissions import capability_required
from jiandu.intake import identity_selectors, identity_steps, selectors, services, steps
from jiandu.intake.filters import ReportFilter
from jiandu.intake.forms import JurisdictionForm, ReportForm
from jiandu.intake.models import ReportAttachment
from jiandu.intake.portal_services import report_attachments_add
from jiandu.intake.tables import IdentityRequestTable, ReportTable

REPORT_LEDGER = Ledger(
    selector=selectors.report_list,
    filterset=ReportFilter,
    table=ReportTable,
    template="intake/report_list.html",
    nav_key="intake",
    filter_fields=(
        "q",
        "channel",
        "received_from",
        "received_to",
        "jurisdiction_overdue",
        "assignment",
        "status",
    ),
    empty_title="没有信访举报",
    empty_hint="没有符合条件的记录，可调整筛选条件后再试。",
)
report_list = ledger_view(REPORT_LEDGER, capability="reports.view")


@capability_required("reports.register")
def report_create(request):
    request.nav_key = "intake"
    form = ReportForm(request.POST or None)
    files = request.FILES.getlist("attachments") if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        subjects = [
            {"name": d[f"{p}_name"], "unit_text": d[f"{p}_unit"]}
            for p in ("subject", "subject2")
            if d[f"{p}_name"].strip()
        ]
        try:
            with transaction.atomic():
                report = _register_from_form(request, d, subjects)
                report_attachments_add(actor=request.user, report=report, files=files)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已登记，编号{report.number}")
            return redirect("intake:report_detail", pk=report.pk)
    return render(request, "intake/report_form.html", {"form": form})


def _register_from_form(request, d, subjects):
    return services.report_register(
        actor=request.user,
        channel=d["channel"],
        received_at=d["received_at"],
        content=d["content"],
        is_named=d["is_named"],
        reporter={
            "name": d["reporter_name"],
            "id_number": d["reporter_id_number"],
            "phone": d["reporter_phone"],
            "address": d["reporter_address"],
        },
        subjects=subjects,
        subject_text="、".join(s["name"] for s in subjects),
        unit_text=d["subject_unit"],
        category_codes=d["categories"],
        about_principal_leader=d["about_principal_leader"],
    )


def _report_page(request, report) -> dict:
    """The report page's context: the report, the steps this user may take on it now and
    on its identity-access requests (``steps``, ``identity_steps``)."""
    user = request.user
    context = selectors.report_detail(user=user, report=report)
    context["jurisdiction_form"] = JurisdictionForm()
    context.update(identity_selectors.identity_panel(user=user, report=report))
    context["actions"] = steps.WORKFLOW.panel(user, report)
    for identity_request in context["identity_requests"]:
        identity_request.actions = identity_steps.WORKFLOW.panel(user, identity_request)
    return context


@capability_required("reports.view")
def report_detail(request, pk: int):
    request.nav_key = "intake"
    report = selectors.report_get_for(user=request.user, pk=pk)
    return render(request, "intake/report_detail.html", _report_page(request, report))


def identity_response(request, report, identity: dict[str, str], note: str) -> HttpResponse:
    """The report page with the reporter's identity, in this response only: the
    decrypted identity is never persisted (no session, no cache, no log) and the browser
    is told not to store the page."""
    context = _report_page(request, report)
    context["identity"] = identity or {"name": "（匿名举报，无举报人信息）"}
    messages.info(request, note)
    response = render(request, "intake/report_detail.html", context)
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private, max-age=0"
    return response


def _identity_requests(*, user, filters):
    return identity_selectors.identity_requests_visible(user=user)


def _identity_context(request) -> dict:
    return {"pending": identity_selectors.identity_requests_pending_for(user=request.user)}


# Identity-access requests: what waits for this approver, and one's own requests.
IDENTITY_REQUEST_LEDGER = Ledger(
    selector=_identity_requests,
    filterset=None,
    table=IdentityRequestTable,
    template="intake/identity_request_list.html",
    nav_key="intake",
    target="identity-requests",
    empty_title="没有查阅申请",
    prepare=lambda rows, request: identity_selectors.with_display_status(rows),
    context=_identity_context,
)
identity_request_list = ledger_view(IDENTITY_REQUEST_LEDGER, capability="reports.view")


@require_POST
@capability_required("reports.view")
def report_action(request, pk: int, action: str):
    """One step on the report (``steps.WORKFLOW``), or on one of its identity-access
    requests (``identity-<step>``, the request's id posted as ``request``:
    ``identity_steps.WORKFLOW``)."""
    report = selectors.report_get_for(user=request.user, pk=pk)
    back = reverse("intake:report_detail", args=(report.pk,))
    name = action.removeprefix("identity-")
    step = identity_steps.WORKFLOW.get(name) if name != action else None
    if step is None:
        return steps.WORKFLOW.post(
            request, report, action, back=back, invalid="{error}", respond=_reveal("identity")
        )
    if not request.user.has_capability(step.capability):
        raise DjangoPermissionDenied("您的角色无权进行此操作。")
    identity_request = _identity_request_of(request, report)
    return identity_steps.WORKFLOW.post(
        request, identity_request, name, back=back, respond=_reveal("read")
    )


def _reveal(step_name: str):
    """The answer of the step that reads the reporter's identity: the report page with it,
    in this response only (``identity_response``)."""

    def respond(request, obj, identity, *, step):
        if step.name != step_name:
            return None
        report = getattr(obj, "report", obj)
        return identity_response(request, report, identity, step.success({}, identity))

    return respond


def _identity_request_of(request, report):
    identity_request = identity_selectors.identity_request_get_for(
        user=request.user, pk=request.POST.get("request")
    )
    if identity_request.report_id != report.pk:
        raise Http404("查阅申请不存在")
    return identity_request


@capability_required("reports.view")
def report_attachment(request, pk: int, attachment_id: int):
    """Attachments are stored outside the web root and served only here, to users who may
    see the report; every download is logged (a file can identify the reporter)."""
    report = selectors.report_get_for(user=request.user, pk=pk)
    attachment = ReportAttachment.objects.filter(report=report, pk=attachment_id).first()
    if attachment is None:
        raise Http404("附件不存在")
    return serve_file(
        request,
        attachment.file,
        filename=attachment.original_name,
        owner=report,
        what=f"附件{attachment.pk}",
        content_type=attachment.content_type,
    )
