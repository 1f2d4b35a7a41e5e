"""The public reporting portal at /jubao/: no account, Chinese, usable on a phone.

- ``submit``: named or anonymous report with attachments; a challenge (proof of work, or
  without JavaScript a wait, with stricter limits) and rate limits guard it
  (``jiandu.intake.antiabuse``).
- ``done``: the 16-digit receipt code, shown once. It travels in the session, encrypted,
  and is removed when shown; it is never in a URL and is stored only as a hash.
- ``query``: the receipt code is posted; on success the session holds that one report's
  id for a short idle time, and the reporter is sent to ``status``.
- ``status``: the status as the reporter may see it (受理中 / 已受理 / 已办结), the
  messages with the petition office, and a reply form; once closed, the result as one
  fixed sentence per outcome category (``rules.PUBLIC_RESULT``). No internal detail is
  shown: no number, no handling unit, no clue, no staff name.

Cheap checks first, so that a flood cannot slow the staff pages: the rate limits are
read (no write) before the request body is even parsed; the challenge is verified by
computation; only then is anything written.
"""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from jiandu.core.crypto import DecryptionError, decrypt_json, encrypt_json
from jiandu.core.errors import DomainError
from jiandu.core.files import FileRefused
from jiandu.core.forms import CitizenIdField, PersonNameField, PhoneField, add_domain_error
from jiandu.intake import antiabuse, rules
from jiandu.intake.models import Report, ReportStatus
from jiandu.intake.portal_services import portal_submit
from jiandu.intake.rules import public_result
from jiandu.intake.services import SENT_UP_MESSAGE, message_from_reporter, receipt_code_hash

SESSION_RECEIPT = "jiandu.portal.receipt"  # encrypted receipt code, until the done page
SESSION_REPORT = "jiandu.portal.report"  # {"id": report id, "until": epoch seconds}
STATUS_IDLE_SECONDS = 15 * 60
RECEIPT_CONTEXT = "intake.portal:receipt"


def _normalise_text(value: str) -> str:
    """Browsers send line ends as CR LF; count and store them as one character."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


class PortalReportForm(forms.Form):
    is_named = forms.TypedChoiceField(
        label="举报方式",
        choices=[("0", "匿名举报"), ("1", "实名举报")],
        coerce=lambda value: value == "1",
        initial="0",
        error_messages={
            "required": "请选择实名或匿名举报",
            "invalid_choice": "请选择实名或匿名举报",
        },
    )
    reporter_name = PersonNameField(label="姓名", required=False)
    reporter_id_number = CitizenIdField(label="身份证号", required=False)
    reporter_phone = PhoneField(label="联系电话", required=False)
    reporter_address = forms.CharField(label="联系地址", max_length=200, required=False)
    subject_text = forms.CharField(
        label="被反映人姓名",
        max_length=100,
        error_messages={
            "required": "请填写被反映人姓名（不知道姓名的，可写明职务，如“某村会计”）",
            "max_length": "被反映人姓名不能超过100字",
        },
    )
    unit_text = forms.CharField(
        label="被反映人单位及职务",
        max_length=200,
        required=False,
        error_messages={"max_length": "单位及职务不能超过200字"},
    )
    content = forms.CharField(
        label="反映的主要问题",
        strip=False,
        error_messages={"required": "请填写反映的主要问题"},
    )

    def __init__(self, *args: Any, uploads: list[Any] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.uploads = uploads or []

    def clean_content(self) -> str:
        content = _normalise_text(self.cleaned_data["content"])
        if len(content) > antiabuse.MAX_CONTENT_CHARS:
            raise forms.ValidationError(
                f"反映内容不能超过{antiabuse.MAX_CONTENT_CHARS}字（现为{len(content)}字），"
                "详细材料可作为附件上传。"
            )
        if len(content) < antiabuse.MIN_CONTENT_CHARS:
            raise forms.ValidationError("反映内容过短，请写明问题的时间、地点、经过等。")
        return content

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        errors = rules.named_reporter_errors(
            is_named=bool(data.get("is_named")),
            name=data.get("reporter_name", ""),
            phone=data.get("reporter_phone", ""),
            portal=True,
        )
        for field, message in errors.items():
            if field not in self.errors:  # a phone in the wrong form says so already
                self.add_error(field, message)
        try:
            antiabuse.ATTACHMENTS.check_all(self.uploads)
        except FileRefused as exc:
            self.add_error(None, exc.message)
        return data

    def reporter(self) -> dict[str, str]:
        if not self.cleaned_data["is_named"]:
            return {}
        return {
            "name": self.cleaned_data["reporter_name"],
            "id_number": self.cleaned_data["reporter_id_number"],
            "phone": self.cleaned_data["reporter_phone"],
            "address": self.cleaned_data["reporter_address"],
        }


def reporter_status(report: Report) -> tuple[str, str]:
    """What the reporter sees of the status, and the badge colour. Nothing internal."""
    if report.status in (ReportStatus.SUBMITTED, ReportStatus.REGISTERED):
        return "受理中", "blue"
    if report.status == ReportStatus.ACCEPTED:
        return "已受理", "green"
    if report.status == ReportStatus.FORWARDED:
        return "已受理（已转有关机关办理）", "green"
    if report.status == ReportStatus.CLOSED:
        return "已办结", "secondary"
    return "受理中", "blue"


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, f"intake/portal/{template}", context, status=status)


def _refused(request: HttpRequest, message: str, status: int, retry_after: int = 0) -> HttpResponse:
    response = _page(request, "limited.html", {"message": message}, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _closed(request: HttpRequest) -> HttpResponse | None:
    if antiabuse.portal_enabled():
        return None
    return _refused(request, "网上举报平台暂停使用，请通过来信、来访或12388举报电话反映。", 503)


# --- submit -------------------------------------------------------------------------
@csrf_exempt  # checked by ``_submit`` below, after the cheap checks (Django's documented
# pattern for views that must act before the request body is read)
@never_cache
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    if (closed := _closed(request)) is not None:
        return closed
    if request.method == "POST":
        client = antiabuse.request_client(request)
        try:
            antiabuse.submission_check(client)  # reads only; the body is not parsed yet
        except antiabuse.RateLimited as exc:
            return _refused(request, exc.message, 429, exc.retry_after)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > antiabuse.MAX_REQUEST_BYTES:
            mb = antiabuse.MAX_TOTAL_ATTACHMENT_BYTES // (1024 * 1024)
            return _refused(request, f"提交的内容过大：附件合计不能超过{mb}MB。", 413)
    return _submit(request)


@csrf_protect
def _submit(request: HttpRequest) -> HttpResponse:
    challenge = None
    if request.method == "POST":
        form = PortalReportForm(request.POST, uploads=request.FILES.getlist("attachments"))
        if form.is_valid():
            try:
                lane = antiabuse.challenge_verify(
                    token=request.POST.get("pow_challenge", ""),
                    counter=request.POST.get("pow_counter", ""),
                )
            except antiabuse.ChallengeTooEarly as exc:
                form.add_error(None, exc.message)
                challenge = exc.challenge  # the same one: the wait goes on
            except antiabuse.ChallengeFailed as exc:
                form.add_error(None, exc.message)
            else:
                return _submit_valid(request, form, lane)
    else:
        form = PortalReportForm()
    return _submit_page(request, form, challenge)


def _submit_page(
    request: HttpRequest, form: PortalReportForm, challenge: antiabuse.Challenge | None = None
) -> HttpResponse:
    return _page(
        request,
        "submit.html",
        {
            "form": form,
            "challenge": challenge or antiabuse.challenge_issue(),
            "nojs_wait": antiabuse.nojs_wait_text(),
            "limits": {
                "content": antiabuse.MAX_CONTENT_CHARS,
                "files": antiabuse.MAX_ATTACHMENTS,
                "file_mb": antiabuse.MAX_ATTACHMENT_BYTES // (1024 * 1024),
                "total_mb": antiabuse.MAX_TOTAL_ATTACHMENT_BYTES // (1024 * 1024),
                "file_bytes": antiabuse.MAX_ATTACHMENT_BYTES,
                "total_bytes": antiabuse.MAX_TOTAL_ATTACHMENT_BYTES,
                "types": antiabuse.ALLOWED_TYPES_TEXT,
            },
        },
    )


def _submit_valid(request: HttpRequest, form: PortalReportForm, lane: str) -> HttpResponse:
    client = antiabuse.request_client(request)
    try:
        antiabuse.submission_check(client, lane=lane)
        antiabuse.submission_consume(client, lane=lane)
    except antiabuse.RateLimited as exc:
        return _refused(request, exc.message, 429, exc.retry_after)
    data = form.cleaned_data
    try:
        _report, code = portal_submit(
            content=data["content"],
            is_named=data["is_named"],
            reporter=form.reporter(),
            subject_text=data["subject_text"].strip(),
            unit_text=data["unit_text"].strip(),
            files=form.uploads,
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return _submit_page(request, form)
    # The code waits in the session for the done page, encrypted: the session table
    # never holds it in clear.
    request.session[SESSION_RECEIPT] = encrypt_json({"code": code}, context=RECEIPT_CONTEXT)
    antiabuse.purge_expired()
    return redirect("portal:done")


@never_cache
@require_http_methods(["GET"])
def done(request: HttpRequest) -> HttpResponse:
    token = request.session.pop(SESSION_RECEIPT, None)
    code = ""
    if token:
        try:
            code = str(decrypt_json(token, context=RECEIPT_CONTEXT).get("code", ""))
        except DecryptionError:
            code = ""
    groups = [code[i : i + 4] for i in range(0, len(code), 4)] if code else []
    return _page(request, "done.html", {"code_groups": groups})


# --- query and status ---------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
def query(request: HttpRequest) -> HttpResponse:
    if (closed := _closed(request)) is not None:
        return closed
    error = ""
    if request.method == "POST":
        client = antiabuse.request_client(request)
        try:
            antiabuse.lookup_check(client)
        except antiabuse.RateLimited as exc:
            return _refused(request, exc.message, 429, exc.retry_after)
        code = "".join(ch for ch in request.POST.get("code", "")[:64] if ch.isdigit())
        report = None
        if len(code) == 16:
            report = (
                Report.objects.filter(receipt_code_hash=receipt_code_hash(code), from_portal=True)
                .only("pk")
                .first()
            )
        if report is None:
            antiabuse.lookup_failed(client)
            error = "查询码不正确，请核对后重新输入。"
        else:
            request.session.cycle_key()
            request.session[SESSION_REPORT] = {
                "id": report.pk,
                "until": time.time() + STATUS_IDLE_SECONDS,
            }
            return redirect("portal:status")
    return _page(request, "query.html", {"error": error}, status=400 if error else 200)


def _session_report(request: HttpRequest) -> Report | None:
    """The one report this session proved it holds the code of, while not idle too long."""
    entry = request.session.get(SESSION_REPORT)
    if not isinstance(entry, dict) or float(entry.get("until", 0)) < time.time():
        request.session.pop(SESSION_REPORT, None)
        return None
    report = Report.objects.filter(pk=entry.get("id"), from_portal=True).first()
    if report is None:
        request.session.pop(SESSION_REPORT, None)
        return None
    entry["until"] = time.time() + STATUS_IDLE_SECONDS
    request.session[SESSION_REPORT] = entry
    return report


@never_cache
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    if (closed := _closed(request)) is not None:
        return closed
    report = _session_report(request)
    if report is None:
        messages.info(request, "查询已超时或尚未查询，请输入查询码。")
        return redirect("portal:query")
    error, body = "", ""
    if request.method == "POST":
        if request.POST.get("action") == "leave":
            request.session.pop(SESSION_REPORT, None)
            messages.info(request, "已退出查询。")
            return redirect("portal:query")
        client = antiabuse.request_client(request)
        body = _normalise_text(request.POST.get("body", ""))
        try:
            antiabuse.message_check(client, report.pk)
            if report.about_principal_leader:
                error, body = SENT_UP_MESSAGE, ""
            elif not body:
                error = "留言内容不能为空。"
            elif len(body) > antiabuse.MAX_MESSAGE_CHARS:
                error = f"留言不能超过{antiabuse.MAX_MESSAGE_CHARS}字（现为{len(body)}字）。"
            else:
                antiabuse.message_consume(client, report.pk)
                message_from_reporter(report=report, body=body)
                messages.success(request, "留言已发送。")
                return redirect("portal:status")
        except antiabuse.RateLimited as exc:
            return _refused(request, exc.message, 429, exc.retry_after)
    label, tone = reporter_status(report)
    closed = report.status == ReportStatus.CLOSED
    return _page(
        request,
        "status.html",
        {
            "status_label": label,
            "status_tone": tone,
            "result_text": public_result(report.outcome) if closed else "",
            "closed_on": report.closed_on if closed else None,
            "received_at": report.received_at,
            "thread": list(report.messages.only("direction", "body", "created_at")),
            "error": error,
            "body": body,
            "max_message": antiabuse.MAX_MESSAGE_CHARS,
            "sent_up": report.about_principal_leader,
            "sent_up_message": SENT_UP_MESSAGE,
        },
        status=400 if error else 200,
    )
