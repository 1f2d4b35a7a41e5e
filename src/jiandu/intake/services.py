"""Every write to the report register (DOMAIN.md §2). Each runs in one transaction and
records an audit event; reporter identities are encrypted before they are stored."""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jiandu.audit.services import event_record, read_record
from jiandu.core import calendar, notifications
from jiandu.core.crypto import decrypt_json, encrypt_json
from jiandu.core.errors import DomainError
from jiandu.core.models import ProblemCategory
from jiandu.core.numbering import next_number
from jiandu.core.permissions import require_capability
from jiandu.core.services import locked
from jiandu.intake import handoff, rules
from jiandu.intake.models import (
    Channel,
    DuplicateLinkStatus,
    DuplicateSuggestion,
    Jurisdiction,
    MessageDirection,
    PortalMessage,
    Report,
    ReportOutcome,
    ReportSignature,
    ReportStatus,
    ReportSubject,
)
from jiandu.org.models import Cadre, Unit, UnitKind

IDENTITY_FIELDS = ("name", "id_number", "phone", "address")


def _identity_context(report_number: str) -> str:
    return f"intake.report:{report_number}:reporter"


def _received_date(received_at: datetime) -> date:
    return timezone.localdate(received_at) if timezone.is_aware(received_at) else received_at.date()


def receipt_code_hash(code: str) -> str:
    """Receipt codes are stored only as a keyed hash (HMAC-SHA256 with the secret key)."""
    digits = "".join(ch for ch in code if ch.isdigit())
    key = f"receipt:{settings.SECRET_KEY}".encode()
    return hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()


def _new_receipt_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(16))


def _petition_office() -> Unit | None:
    return Unit.objects.filter(kind=UnitKind.PETITION_OFFICE).order_by("id").first()


def _categories(codes: list[str] | None) -> list[ProblemCategory]:
    codes = list(dict.fromkeys(codes or []))
    found = list(ProblemCategory.objects.filter(code__in=codes))
    missing = set(codes) - {c.code for c in found}
    if missing:
        raise DomainError(f"问题类别不存在：{'、'.join(sorted(missing))}")
    return found


def _check_identity(
    reporter: dict[str, str] | None, is_named: bool, *, portal: bool = False
) -> dict[str, str]:
    """The reporter's identity checked with the forms' rules (``rules.named_reporter_errors``,
    ``core.validators``), every problem at once, each at its field."""
    from jiandu.core.validators import InvalidCode, normalise_citizen_id, normalise_phone

    reporter = {k: str(v).strip() for k, v in (reporter or {}).items() if k in IDENTITY_FIELDS}
    if not is_named:
        return {}
    errors = rules.named_reporter_errors(
        is_named=is_named,
        name=reporter.get("name", ""),
        phone=reporter.get("phone", ""),
        address=reporter.get("address", ""),
        portal=portal,
        require_contact=False,  # the staff and portal forms require it
    )
    for key, check in (("id_number", normalise_citizen_id), ("phone", normalise_phone)):
        if reporter.get(key):
            try:
                reporter[key] = check(reporter[key])
            except InvalidCode as exc:
                errors.setdefault(f"reporter_{key}", exc.message)
    if errors:
        message = next(iter(errors.values()))
        raise DomainError(message, fields={f: [m] for f, m in errors.items()})
    return reporter


def _set_deadlines(report: Report) -> None:
    """Jurisdiction within 5 working days ([条例] 169; [检举控告规则] 15–16); a named
    reporter is told of acceptance within 15 working days of receipt ([检举控告规则] 26)."""
    received = _received_date(report.received_at)
    due = calendar.add_working_days(received, 5)
    report.jurisdiction_due, report.jurisdiction_due_provisional = due, due.provisional
    ack = calendar.add_working_days(received, 15) if report.is_named else None
    report.ack_due, report.ack_due_provisional = ack, bool(ack and ack.provisional)


def _add_subjects(report: Report, subjects: list[dict[str, Any]] | None) -> None:
    for item in subjects or []:
        name = str(item.get("name", "")).strip()
        if not name:
            continue
        ReportSubject.objects.create(
            report=report,
            name=name[:40],
            cadre=Cadre.objects.filter(pk=item["cadre_id"]).first()
            if item.get("cadre_id")
            else None,
            unit=Unit.objects.filter(pk=item["unit_id"]).first() if item.get("unit_id") else None,
            unit_text=str(item.get("unit_text", ""))[:100],
            confirmed=bool(item.get("cadre_id")),
        )


def _after_registration(report: Report) -> None:
    """Suggest duplicates and match subjects to the register (the clerk confirms)."""
    from jiandu.intake import matching, similarity

    similarity.index_report(report)
    similarity.suggest_duplicates(report)
    matching.suggest_subjects(report)


@transaction.atomic
def report_register(
    *,
    actor: Any,
    channel: str,
    received_at: datetime,
    content: str,
    is_named: bool = False,
    reporter: dict[str, str] | None = None,
    subjects: list[dict[str, Any]] | None = None,
    subject_text: str = "",
    unit_text: str = "",
    category_codes: list[str] | None = None,
    about_principal_leader: bool = False,
    handling_unit: Unit | None = None,
) -> Report:
    """Number and register a report at receipt ([检举控告规则] 10)."""
    require_capability(actor, "reports.register")
    if channel not in Channel.values:
        raise DomainError("来源渠道不存在", fields={"channel": ["来源渠道不存在"]})
    if about_principal_leader:
        # [检举控告规则] 15: straight to the higher commission; nothing of the matter is
        # kept here (no content, reporter, subject, category), only the minimal record.
        content, is_named, reporter, subjects = "", False, None, None
        subject_text = unit_text = ""
        category_codes = None
    content = (content or "").strip()
    if len(content) < 5 and not about_principal_leader:
        raise DomainError("反映内容过短，请如实填写", fields={"content": ["反映内容过短"]})
    if received_at > timezone.now():
        raise DomainError("收到时间不能晚于现在", fields={"received_at": ["收到时间晚于现在"]})
    identity = _check_identity(reporter, is_named)
    number = next_number("XF", _received_date(received_at).year)
    report = Report(
        number=number,
        channel=channel,
        received_at=received_at,
        is_named=is_named,
        content=content,
        subject_text=subject_text[:200],
        unit_text=unit_text[:200],
        status=ReportStatus.REGISTERED,
        handling_unit=handling_unit or getattr(actor, "unit", None) or _petition_office(),
        about_principal_leader=about_principal_leader,
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
        registered_at=timezone.now(),
    )
    if identity:
        report.reporter_identity = encrypt_json(identity, context=_identity_context(number))
    _set_deadlines(report)
    report.save(force_insert=True)
    report.categories.set(_categories(category_codes))
    _add_subjects(report, subjects)
    event_record(
        actor=actor,
        action="intake.report.register",
        obj=report,
        to_state=ReportStatus.REGISTERED.label,
        payload={"channel": channel, "named": is_named, "principal_leader": about_principal_leader},
    )
    if not about_principal_leader:
        _after_registration(report)
    return report


def _keep_minimal_record(report: Report) -> None:
    """A report about the commission's own principal leader goes straight to the higher
    commission's petition office, and its content may not be copied, excerpted or
    entered into the reporting platform ([检举控告规则] 15). What the portal stored
    before the clerk saw what it was about is removed: content, reporter, subjects,
    categories, attachments (and their files), the text signature, duplicate links and
    messages. What stays: number, channel, received, registered and, once sent, when
    and to whom it went (``report_decide_jurisdiction`` with 报送上一级)."""
    report.content = report.subject_text = report.unit_text = report.reporter_identity = ""
    report.is_named, report.ack_due, report.ack_due_provisional = False, None, False
    report.save(
        update_fields=[
            "content",
            "subject_text",
            "unit_text",
            "reporter_identity",
            "is_named",
            "ack_due",
            "ack_due_provisional",
        ]
    )
    report.subjects.all().delete()
    report.categories.clear()
    for attachment in report.attachments.all():
        storage, name = attachment.file.storage, str(attachment.file.name)
        attachment.delete()
        transaction.on_commit(functools.partial(storage.delete, name))
    ReportSignature.objects.filter(report=report).delete()
    DuplicateSuggestion.objects.filter(Q(report=report) | Q(candidate=report)).delete()
    report.messages.all().delete()


@transaction.atomic
def report_submit_portal(
    *,
    content: str,
    is_named: bool,
    reporter: dict[str, str] | None = None,
    subject_text: str = "",
    unit_text: str = "",
) -> tuple[Report, str]:
    """A report from the public portal (no account). Returns the report and its 16-digit
    receipt code, which is shown once and stored only as a hash."""
    content = (content or "").strip()
    if len(content) < 10:
        raise DomainError(
            "反映内容过短，请写明问题的时间、地点、经过等", fields={"content": ["内容过短"]}
        )
    identity = _check_identity(reporter, is_named, portal=True)
    now = timezone.now()
    number = next_number("WJ", timezone.localdate(now).year)
    while True:
        code = _new_receipt_code()
        digest = receipt_code_hash(code)
        if not Report.objects.filter(receipt_code_hash=digest).exists():
            break
    report = Report(
        number=number,
        channel=Channel.ONLINE,
        received_at=now,
        is_named=is_named,
        content=content,
        subject_text=subject_text[:200],
        unit_text=unit_text[:200],
        status=ReportStatus.SUBMITTED,
        handling_unit=_petition_office(),
        from_portal=True,
        receipt_code_hash=digest,
    )
    if identity:
        report.reporter_identity = encrypt_json(identity, context=_identity_context(number))
    _set_deadlines(report)
    report.save(force_insert=True)
    if subject_text.strip():
        ReportSubject.objects.create(
            report=report, name=subject_text.strip()[:40], unit_text=unit_text[:100]
        )
    event_record(
        actor=None,
        action="intake.report.submit_portal",
        obj=report,
        to_state=ReportStatus.SUBMITTED.label,
        payload={"named": is_named},
    )
    return report, code


@locked("report")
def report_register_submitted(
    *,
    actor: Any,
    report: Report,
    category_codes: list[str] | None = None,
    subjects: list[dict[str, Any]] | None = None,
    about_principal_leader: bool = False,
) -> Report:
    """The petition office registers a portal submission (待登记 → 已登记)."""
    require_capability(actor, "reports.register")
    rules.MACHINE.check(report.status, "register")
    report.status = ReportStatus.REGISTERED
    report.registered_by, report.registered_at = actor, timezone.now()
    report.about_principal_leader = about_principal_leader
    report.save(
        update_fields=["status", "registered_by", "registered_at", "about_principal_leader"]
    )
    if about_principal_leader:
        _keep_minimal_record(report)
    else:
        if category_codes is not None:
            report.categories.set(_categories(category_codes))
        _add_subjects(report, subjects)
    event_record(
        actor=actor,
        action="intake.report.register",
        obj=report,
        from_state=ReportStatus.SUBMITTED.label,
        to_state=ReportStatus.REGISTERED.label,
        payload={"principal_leader": about_principal_leader},
    )
    if not about_principal_leader:
        _after_registration(report)
    return report


@locked("report")
def report_decide_jurisdiction(
    *, actor: Any, report: Report, decision: str, forward_to: str = "", reason: str = ""
) -> Report:
    """本级受理, 转送其他机关 or 转下级 within 5 working days ([条例] 169)."""
    require_capability(actor, "reports.register")
    rules.MACHINE.check(report.status, "decide_jurisdiction")
    if decision not in Jurisdiction.values:
        raise DomainError("管辖决定不存在")
    if decision != Jurisdiction.ACCEPT and not forward_to.strip():
        raise DomainError("转送时须写明接收机关", fields={"forward_to": ["请填写接收机关"]})
    if report.about_principal_leader and decision != Jurisdiction.FORWARD_HIGHER:
        raise DomainError(
            "反映本级纪委监委主要负责人的检举控告应直接报送上一级纪委监委（《检举控告规则》第十五条）"
        )
    before = report.get_status_display()
    report.jurisdiction = decision
    report.jurisdiction_decided_at = timezone.now()
    report.forward_to = forward_to.strip()
    report.status = (
        ReportStatus.ACCEPTED if decision == Jurisdiction.ACCEPT else ReportStatus.FORWARDED
    )
    if report.duplicate_of_id or decision != Jurisdiction.ACCEPT:
        # The acceptance notice is for reports this commission accepts, and not for a
        # duplicate ([检举控告规则] 26): a forwarded report is told by who receives it.
        report.ack_due, report.ack_due_provisional = None, False
    report.save(
        update_fields=[
            "jurisdiction",
            "jurisdiction_decided_at",
            "forward_to",
            "status",
            "ack_due",
            "ack_due_provisional",
        ]
    )
    event_record(
        actor=actor,
        action="intake.report.jurisdiction",
        obj=report,
        from_state=before,
        to_state=report.get_status_display(),
        reason=reason,
        payload={"decision": decision, "forward_to": report.forward_to},
    )
    return report


@locked("report")
def report_acknowledge(*, actor: Any, report: Report, on: date) -> Report:
    """Record that the named reporter was told of acceptance ([检举控告规则] 26)."""
    require_capability(actor, "reports.register")
    if not report.is_named:
        raise DomainError("匿名举报无需告知受理情况")
    if report.ack_sent_on:
        raise DomainError("已经告知过受理情况")
    if report.status == ReportStatus.FORWARDED or report.duplicate_of_id:
        raise DomainError("已转送的件和重复件不再告知受理情况（《检举控告规则》第二十六条）")
    report.ack_sent_on = on
    report.save(update_fields=["ack_sent_on"])
    event_record(actor=actor, action="intake.report.acknowledge", obj=report, payload={"on": on})
    return report


@locked("report")
def report_close(*, actor: Any, report: Report, on: date, reason: str) -> Report:
    """办结: a named reporter is told the result within 15 working days ([检举控告规则] 27)."""
    require_capability(actor, "reports.register")
    rules.MACHINE.check(report.status, "close")
    if not reason.strip():
        raise DomainError("请写明办结情况", fields={"reason": ["请写明办结情况"]})
    before = report.get_status_display()
    outcome = (
        ReportOutcome.FORWARDED if report.status == ReportStatus.FORWARDED else ReportOutcome.DONE
    )
    _set_closed(report, on, outcome)
    event_record(
        actor=actor,
        action="intake.report.close",
        obj=report,
        from_state=before,
        to_state=report.get_status_display(),
        reason=reason,
        payload={"outcome": outcome},
    )
    return report


def _set_closed(report: Report, on: date, outcome: str) -> None:
    """办结 on ``on``: a named reporter is told the result within 15 working days of
    closing ([检举控告规则] 27; [条例] 175)."""
    report.status, report.closed_on, report.outcome = ReportStatus.CLOSED, on, outcome
    result = calendar.add_working_days(on, 15) if report.is_named else None
    report.result_due, report.result_due_provisional = result, bool(result and result.provisional)
    report.save(
        update_fields=["status", "closed_on", "outcome", "result_due", "result_due_provisional"]
    )


@locked("reports")
def close_reports_of(
    *, actor: Any, reports: Sequence[Report], on: date, outcome: str, source: str
) -> list[Report]:
    """The reports behind a clue close when the clue ends (了结, 移送) or the case filed
    from it ends (decision served, case revoked): called by the clues and cases services
    inside their transaction, so the clue's or the case's step is the authority (no
    capability of the petition office is needed). Every report of the clue closes with
    the outcome category, and so do the confirmed duplicates of those reports that are
    still open here; reports already closed, forwarded or not yet registered are left
    as they are. A named reporter's result notice is due 15 working days after ``on``
    ([检举控告规则] 27). One audit event per report, naming ``source`` (the clue or the
    case), which the portal never shows. Returns the reports closed."""
    if outcome not in ReportOutcome.values:
        raise DomainError("办理结果不存在")
    ids = {r.pk for r in reports}
    if not ids:
        return []
    open_here = Report.objects.filter(status__in=rules.CONCLUDE_STATES)
    closing = list(
        open_here.filter(Q(pk__in=ids) | Q(duplicate_of__in=ids, duplicate_of__isnull=False))
        .select_for_update()
        .order_by("pk")
    )
    for report in closing:
        before = report.get_status_display()
        _set_closed(report, on, outcome)
        event_record(
            actor=actor,
            action="intake.report.conclude",
            obj=report,
            from_state=before,
            to_state=report.get_status_display(),
            reason=f"{source}办结",
            payload={"outcome": outcome, "source": source, "on": on},
        )
    return closing


@locked("report")
def report_result_sent(*, actor: Any, report: Report, on: date) -> Report:
    require_capability(actor, "reports.register")
    if report.status != ReportStatus.CLOSED or not report.is_named:
        raise DomainError("只有已办结的实名举报需要告知办理结果")
    report.result_sent_on = on
    report.save(update_fields=["result_sent_on"])
    event_record(actor=actor, action="intake.report.result_sent", obj=report, payload={"on": on})
    return report


@locked("suggestion.report", "suggestion")
def duplicate_decide(
    *, actor: Any, suggestion: DuplicateSuggestion, confirm: bool
) -> DuplicateSuggestion:
    """The clerk confirms or rejects a suggested duplicate link."""
    require_capability(actor, "reports.register")
    if suggestion.status != DuplicateLinkStatus.SUGGESTED:
        raise DomainError("该提示已处理")
    report = suggestion.report
    if confirm:
        _check_may_be_duplicate(report, suggestion.candidate)
    suggestion.status = DuplicateLinkStatus.CONFIRMED if confirm else DuplicateLinkStatus.REJECTED
    suggestion.save(update_fields=["status"])
    if confirm:
        report.duplicate_of = suggestion.candidate
        report.save(update_fields=["duplicate_of"])
    event_record(
        actor=actor,
        action="intake.report.duplicate_confirm" if confirm else "intake.report.duplicate_reject",
        obj=report,
        payload={
            "candidate": suggestion.candidate.number,
            "similarity": round(suggestion.similarity, 3),
        },
    )
    if confirm:
        # A repeat of a report that became a clue goes with that clue (the clues app's
        # service: link, audit event, the handling unit told on its workbench).
        handoff.attach_duplicate(actor=actor, report=report)
    return suggestion


def _check_may_be_duplicate(report: Report, candidate: Report) -> None:
    """A report that already became a clue is not a duplicate any more (its clue would
    stay a second one); nor may two reports repeat each other in a circle."""
    clue_numbers = list(report.clues.values_list("number", flat=True))
    if clue_numbers:
        raise DomainError(
            f"本件已转为问题线索{'、'.join(clue_numbers)}，不能再确认为重复件；"
            "如与在先线索反映同一问题，请在线索中并办"
        )
    seen, current = 0, cast(Report | None, candidate)
    while current is not None and seen < rules.MAX_DUPLICATE_CHAIN:
        if current.pk == report.pk:
            raise DomainError(f"{candidate.number}已确认为本件的重复件，两件不能互为重复件")
        current, seen = current.duplicate_of, seen + 1


@locked("subject.report", "subject")
def subject_confirm(*, actor: Any, subject: ReportSubject, cadre: Cadre | None) -> ReportSubject:
    """The clerk links a subject to a cadre of the register (or to none)."""
    require_capability(actor, "reports.register")
    subject.cadre = cadre
    subject.confirmed = True
    if cadre is not None:
        post = cadre.posts.current().select_related("unit").order_by("-is_head").first()
        subject.unit = post.unit if post else subject.unit
    subject.save(update_fields=["cadre", "confirmed", "unit"])
    event_record(
        actor=actor,
        action="intake.subject.confirm",
        obj=subject.report,
        payload={"subject": subject.name, "cadre": cadre.pk if cadre else None},
    )
    return subject


@locked("report")
def message_to_reporter(*, actor: Any, report: Report, body: str) -> PortalMessage:
    require_capability(actor, "reports.register")
    if not report.from_portal:
        raise DomainError("只有网上举报可以通过查询码留言")
    if report.about_principal_leader:
        raise DomainError("反映本级纪委监委主要负责人的举报已报送上一级，不在本机关留言")
    body = body.strip()
    if not body:
        raise DomainError("留言内容不能为空")
    message = PortalMessage.objects.create(
        report=report, direction=MessageDirection.TO_REPORTER, body=body[:2000], author=actor
    )
    event_record(actor=actor, action="intake.message.to_reporter", obj=report)
    return message


#: The portal's answer to a message on a report about the principal leader: it went up
#: and nothing more of it is kept here ([检举控告规则] 15 §2).
SENT_UP_MESSAGE = (
    "此件已按规定报送上一级纪委监委处理，本机关不再接收留言；如需补充，请直接向上一级纪委监委反映。"
)


@transaction.atomic
def message_from_reporter(*, report: Report, body: str) -> PortalMessage:
    """A message the reporter leaves with the receipt code. Refused on a report about
    the commission's principal leader: only the minimal record is kept here
    ([检举控告规则] 15 §2), so a message would store its matter again."""
    if report.about_principal_leader:
        raise DomainError(SENT_UP_MESSAGE)
    body = body.strip()
    if not body:
        raise DomainError("留言内容不能为空")
    message = PortalMessage.objects.create(
        report=report, direction=MessageDirection.FROM_REPORTER, body=body[:2000]
    )
    event_record(actor=None, action="intake.message.from_reporter", obj=report)
    notifications.reporter_replied(report=report)
    return message


def reporter_identity_read(
    *, user: Any, report: Report, what: str = "举报人身份信息"
) -> dict[str, str]:
    """The reporter's identity, for the petition office only; every read is logged (as
    ``what``: read on the page, or printed)."""
    require_capability(user, "reports.identity")
    if not report.reporter_identity:
        return {}
    identity = decrypt_json(report.reporter_identity, context=_identity_context(report.number))
    read_record(user=user, obj=report, what=what)
    return identity
