"""Report pages for staff: the register, registration, and the report page where the
petition office decides jurisdiction, confirms duplicates and subjects, reads the
reporter's identity (logged), answers portal messages and turns reports into clues."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from jiandu.audit.services import read_record
from jiandu.core.errors import DomainError
from jiandu.core.pagination import paginate
from jiandu.core.permissions import capability_required
from jiandu.core.scoping import parse_id
from jiandu.intake import identity_selectors, identity_services, selectors, services
from jiandu.intake.filters import ReportFilter
from jiandu.intake.forms import JurisdictionForm, ReportForm, SubjectConfirmForm
from jiandu.intake.models import DuplicateSuggestion, ReportAttachment, ReportSubject
from jiandu.intake.portal_services import report_attachments_add


@capability_required("reports.view")
def report_list(request):
    request.nav_key = "intake"
    qs = selectors.report_list(user=request.user, filters=request.GET)
    return render(
        request,
        "intake/report_list.html",
        {"page_obj": paginate(request, qs), "filter": ReportFilter(request.GET)},
    )


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
            form.add_error(None, exc.message)
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


@capability_required("reports.view")
def report_detail(request, pk: int):
    request.nav_key = "intake"
    report = selectors.report_get_for(user=request.user, pk=pk)
    context = selectors.report_detail(user=request.user, report=report)
    context["jurisdiction_form"] = JurisdictionForm()
    context.update(identity_selectors.identity_panel(user=request.user, report=report))
    return render(request, "intake/report_detail.html", context)


def _identity_response(request, report, identity: dict[str, str], note: str) -> HttpResponse:
    """The report page with the reporter's identity, in this response only: the
    decrypted identity is never persisted (no session, no cache, no log) and the browser
    is told not to store the page."""
    context = selectors.report_detail(user=request.user, report=report)
    context["jurisdiction_form"] = JurisdictionForm()
    context.update(identity_selectors.identity_panel(user=request.user, report=report))
    context["identity"] = identity or {"name": "（匿名举报，无举报人信息）"}
    messages.info(request, note)
    response = render(request, "intake/report_detail.html", context)
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private, max-age=0"
    return response


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DomainError("日期格式不正确") from None


ACTIONS = {}


def action(name: str, capability: str):
    def register(fn):
        ACTIONS[name] = (capability, fn)
        return fn

    return register


@action("register", "reports.register")
def _register(request, report):
    services.report_register_submitted(
        actor=request.user, report=report, category_codes=request.POST.getlist("categories") or None
    )
    return "已登记"


@action("jurisdiction", "reports.register")
def _jurisdiction(request, report):
    form = JurisdictionForm(request.POST)
    if not form.is_valid():
        raise DomainError("请选择管辖决定")
    services.report_decide_jurisdiction(actor=request.user, report=report, **form.cleaned_data)
    return "已作出管辖决定"


@action("acknowledge", "reports.register")
def _acknowledge(request, report):
    services.report_acknowledge(actor=request.user, report=report, on=_date(request.POST.get("on")))
    return "已登记告知受理情况"


@action("close", "reports.register")
def _close(request, report):
    services.report_close(
        actor=request.user,
        report=report,
        on=_date(request.POST.get("on")),
        reason=request.POST.get("reason", ""),
    )
    return "已办结"


@action("result-sent", "reports.register")
def _result_sent(request, report):
    services.report_result_sent(actor=request.user, report=report, on=_date(request.POST.get("on")))
    return "已登记告知办理结果"


@action("duplicate", "reports.register")
def _duplicate(request, report):
    suggestion = DuplicateSuggestion.objects.filter(
        report=report, pk=parse_id(request.POST.get("suggestion")) or 0
    ).first()
    if suggestion is None:
        raise DomainError("该提示不存在")
    confirm = request.POST.get("decision") == "confirm"
    services.duplicate_decide(actor=request.user, suggestion=suggestion, confirm=confirm)
    return "已确认为重复件" if confirm else "已排除重复"


@action("subject", "reports.register")
def _subject(request, report):
    subject = ReportSubject.objects.filter(
        report=report, pk=parse_id(request.POST.get("subject")) or 0
    ).first()
    if subject is None:
        raise DomainError("被反映人不存在")
    form = SubjectConfirmForm(request.POST, user=request.user)
    if not form.is_valid():
        raise DomainError("所选干部不存在，或您无权查看")
    cadre = form.cleaned_data["cadre"]
    services.subject_confirm(actor=request.user, subject=subject, cadre=cadre)
    return f"已确认被反映人：{cadre.name if cadre else subject.name + '（不在干部名册中）'}"


@action("message", "reports.register")
def _message(request, report):
    services.message_to_reporter(
        actor=request.user, report=report, body=request.POST.get("body", "")
    )
    return "留言已发送，举报人凭查询码可见"


@action("identity", "reports.identity")
def _identity(request, report):
    identity = services.reporter_identity_read(user=request.user, report=report)
    return _identity_response(request, report, identity, "已显示举报人信息（本次查阅已记录）")


def _identity_request_of(request, report):
    identity_request = identity_selectors.identity_request_get_for(
        user=request.user, pk=request.POST.get("request")
    )
    if identity_request.report_id != report.pk:
        raise Http404("查阅申请不存在")
    return identity_request


def require_otp_verified(request) -> None:
    """Whoever reads a reporter's identity has passed the TOTP step in this session."""
    if not request.user.is_verified():
        raise DomainError("查阅举报人信息须先启用两步验证并在登录时通过验证（右上角用户菜单）")


@action("identity-request", "reports.identity_request")
def _identity_request(request, report):
    identity_services.identity_request_create(
        actor=request.user, report=report, reason=request.POST.get("reason", "")
    )
    return "已提交查阅申请，待委领导或信访室负责人审批"


@action("identity-approve", "reports.identity_approve")
def _identity_approve(request, report):
    identity_services.identity_request_decide(
        actor=request.user,
        request=_identity_request_of(request, report),
        approve=True,
        note=request.POST.get("note", ""),
    )
    return "已批准查阅申请（申请人可在批准后24小时内查阅一次）"


@action("identity-refuse", "reports.identity_approve")
def _identity_refuse(request, report):
    identity_services.identity_request_decide(
        actor=request.user,
        request=_identity_request_of(request, report),
        approve=False,
        note=request.POST.get("note", ""),
    )
    return "已不予批准查阅申请"


@action("identity-withdraw", "reports.identity_request")
def _identity_withdraw(request, report):
    identity_services.identity_request_withdraw(
        actor=request.user, request=_identity_request_of(request, report)
    )
    return "已撤回查阅申请"


@action("identity-read", "reports.identity_request")
def _identity_read(request, report):
    require_otp_verified(request)
    identity = identity_services.identity_request_read(
        actor=request.user, request=_identity_request_of(request, report)
    )
    return _identity_response(
        request, report, identity, "已显示举报人信息（经审批，仅此一次，本次查阅已记录）"
    )


@capability_required("reports.view")
def identity_request_list(request):
    """Identity-access requests: what waits for this approver, and one's own requests."""
    request.nav_key = "intake"
    page = paginate(request, identity_selectors.identity_requests_visible(user=request.user))
    page.object_list = identity_selectors.with_display_status(page.object_list)
    return render(
        request,
        "intake/identity_request_list.html",
        {
            "pending": identity_selectors.identity_requests_pending_for(user=request.user),
            "page_obj": page,
        },
    )


@action("create-clue", "clues.register")
def _create_clue(request, report):
    from jiandu.intake.handoff import clue_create_from_reports

    clue = clue_create_from_reports(
        actor=request.user, reports=[report], summary=request.POST.get("summary", "")
    )
    return f"已转为问题线索{clue.number}，移送案件监督管理室分办"


@require_POST
@capability_required("reports.view")
def report_action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404("没有这个操作")
    capability, handler = ACTIONS[action]
    if not request.user.has_capability(capability):
        raise DjangoPermissionDenied("您的角色无权进行此操作。")
    report = selectors.report_get_for(user=request.user, pk=pk)
    try:
        result = handler(request, report)
        if isinstance(result, HttpResponse):  # shown in this response only (identity)
            return result
        messages.success(request, result)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("intake:report_detail", pk=report.pk)


@capability_required("reports.view")
def report_attachment(request, pk: int, attachment_id: int):
    """Attachments are stored outside the web root and served only here, to users who may
    see the report; every download is logged (a file can identify the reporter)."""
    report = selectors.report_get_for(user=request.user, pk=pk)
    attachment = ReportAttachment.objects.filter(report=report, pk=attachment_id).first()
    if attachment is None:
        raise Http404("附件不存在")
    read_record(user=request.user, obj=report, what=f"附件{attachment.pk}")
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
