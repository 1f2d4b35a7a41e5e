"""Every write to a clearance request (党风廉政意见回复, DOMAIN.md §7). Each step checks
the machine (``clearance_rules.MACHINE``), the actor's capability and scope, takes the
row lock first and leaves one audit event on the request:

- ``clearance_request_submit``: the asking body (组织部门, ``clearance.request``) — or the
  handling office for a paper request — submits the people, each matched to the register
  by citizen ID (check digit validated); a wrong or unmatched row refuses the whole batch;
- ``clearance_propose``: the handling office (``clearance.handle``) has the system read
  every person's record on the target date (``record.person_records``, one batch of
  queries) and propose the answer (``rules.propose_answer``) with its facts;
- ``clearance_change_answer``: an answer changed only with a reason (audited);
- ``clearance_submit``/``clearance_decide``: a leader (``clearance.approve``) approves,
  never the proposer (``core.approvals``); approving freezes the reply;
- ``clearance_issue``: the letter's 文号 from the commission's sequence;
- ``clearance_upload_scan``: the signed scan, under the files policy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.core import calendar, files
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.numbering import next_number
from jiandu.core.permissions import require_capability
from jiandu.core.policy import policy_value
from jiandu.core.services import locked
from jiandu.core.validators import InvalidCode, normalise_citizen_id
from jiandu.integrity import clearance_rules as crules
from jiandu.integrity.models import (
    ClearanceApproval,
    ClearancePerson,
    ClearancePurpose,
    ClearanceRequest,
)
from jiandu.integrity.rules import Answer, propose_answer
from jiandu.org.models import Cadre, Unit

NUMBER_PREFIX = "HF"  # 意见回复 register numbers: HF2026-00001
LETTER_SEQUENCE = "HFH"  # the serial of the reply letters' 文号
SCAN_FILES = files.FilePolicy(
    kinds=(files.PDF, files.OFD, files.JPEG, files.PNG),
    max_bytes=20 * files.MB,
    match_name=True,
    noun="签发扫描件",
    kinds_text="PDF、OFD或图片文件",
)
APPROVAL_STEP = "clearance"


# --- shared checks ------------------------------------------------------------------------


def _visible(actor: Any, clearance: ClearanceRequest) -> None:
    if (
        actor is not None
        and not ClearanceRequest.objects.visible_to(actor).filter(pk=clearance.pk).exists()
    ):
        raise NotFound()


def _handler(actor: Any, clearance: ClearanceRequest) -> None:
    require_capability(actor, "clearance.handle")
    _visible(actor, clearance)


def _record(
    actor: Any,
    clearance: ClearanceRequest,
    step: str,
    before: str,
    *,
    reason: str = "",
    payload: dict | None = None,
) -> None:
    event_record(
        actor=actor,
        action=f"integrity.clearance.{step}",
        obj=clearance,
        from_state=crules.MACHINE.state_label(before) if before else "",
        to_state=crules.MACHINE.state_label(clearance.status),
        reason=reason[:300],
        payload=payload or {},
    )


def _move(
    actor: Any,
    clearance: ClearanceRequest,
    step: str,
    fields: Sequence[str] = (),
    **record: Any,
) -> ClearanceRequest:
    target = crules.MACHINE.check(clearance.status, step)
    before, clearance.status = clearance.status, target
    clearance.save(update_fields=["status", *fields])
    _record(actor, clearance, step, before, **record)
    return clearance


def reply_due(received_on: date) -> calendar.DueDate:
    """Policy default: N working days on the legal calendar after receipt."""
    days = policy_value("clearance.reply_working_days", on=received_on)
    return calendar.add_working_days(received_on, days)


# --- matching people to the register -------------------------------------------------------


def match_people(
    rows: Sequence[Mapping[str, Any]],
) -> tuple[list[dict[str, Any]], list[tuple[int, str, str]]]:
    """Each row (``name``, ``citizen_id``, ``unit_text``) matched to the register's cadre
    by citizen ID, in one query: the rows with their ``cadre``, and the problems as
    (row index, field, message) — a wrong check digit, an ID not in the register, a name
    that is not the register's, an ID named twice."""
    problems: list[tuple[int, str, str]] = []
    cleaned: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        name = str(row.get("name") or "").strip()
        if not name:
            problems.append((i, "name", "姓名不能为空"))
        try:
            number = normalise_citizen_id(str(row.get("citizen_id") or ""))
        except InvalidCode as exc:
            problems.append((i, "citizen_id", exc.message))
            continue
        if number in seen:
            problems.append((i, "citizen_id", f"身份证号与第{seen[number] + 1}人重复"))
            continue
        seen[number] = i
        cleaned.append(
            (
                i,
                {
                    "name": name,
                    "citizen_id": number,
                    "unit_text": str(row.get("unit_text") or "").strip()[:100],
                },
            )
        )
    cadres = Cadre.objects.in_bulk([d["citizen_id"] for _, d in cleaned], field_name="citizen_id")
    matched: list[dict[str, Any]] = []
    for i, d in cleaned:
        cadre = cadres.get(d["citizen_id"])
        if cadre is None:
            problems.append((i, "citizen_id", "干部名册中没有该身份证号的干部，请核对"))
            continue
        if d["name"] and cadre.name != d["name"]:
            problems.append((i, "name", "姓名与干部名册不符，请核对姓名和身份证号"))
            continue
        matched.append({**d, "cadre": cadre})
    _fill_posts([d for d in matched if not d["unit_text"]])
    return matched, sorted(problems)


def _fill_posts(rows: list[dict[str, Any]]) -> None:
    """A row without its unit and title takes the cadre's current post from the
    register (the head post first), in one query."""
    from jiandu.org.models import Post

    if not rows:
        return
    posts: dict[int, str] = {}
    for cadre_id, unit, title in (
        Post.objects.current()
        .filter(cadre_id__in=[d["cadre"].pk for d in rows])
        .order_by("-is_head", "start_date", "id")
        .values_list("cadre_id", "unit__name", "title")
    ):
        posts.setdefault(cadre_id, f"{unit}{title}"[:100])
    for d in rows:
        d["unit_text"] = posts.get(d["cadre"].pk, "")


# --- submitting -----------------------------------------------------------------------------


def handling_office(unit: Unit | None) -> Unit | None:
    """The office that handles a request about ``unit``'s people: the 案件监督管理室 of
    the commission the unit belongs to (the register's top-level commission for an asking
    body outside any commission), else that commission itself."""
    from jiandu.org.models import UnitKind
    from jiandu.org.selectors import commission_of

    commission = commission_of(unit)
    if commission is None:
        return None
    office = (
        Unit.objects.filter(parent=commission, kind=UnitKind.CASE_MANAGEMENT_OFFICE)
        .order_by("sort_order", "code")
        .first()
    )
    return office or commission


@locked("asking_unit")
def clearance_request_submit(
    *,
    actor: Any,
    purpose: str,
    people: Sequence[Mapping[str, Any]],
    asking_body: str = "",
    purpose_note: str = "",
    received_on: date | None = None,
    due_on: date | None = None,
    asking_unit: Unit | None = None,
) -> ClearanceRequest:
    """A new request with its people, all matched to the register, or nothing.

    The 组织部门 account asks for its own unit (its name is the asking body unless told);
    the handling office may register a request received on paper for ``asking_unit``.
    The reply is due ``clearance.reply_working_days`` working days after receipt unless
    ``due_on`` is given."""
    today = timezone.localdate()
    if actor is not None and actor.has_capability("clearance.request"):
        asking_unit = actor.unit
    else:
        require_capability(actor, "clearance.handle")
    if asking_unit is None:
        raise DomainError("请选择征求意见单位", fields={"asking_unit": ["请选择征求意见单位"]})
    if purpose not in ClearancePurpose.values:
        raise DomainError("请选择事由", fields={"purpose": ["请选择事由"]})
    received_on = received_on or today
    if received_on > today:
        raise DomainError("收到日期不能晚于今天", fields={"received_on": ["日期晚于今天"]})
    if not people:
        raise DomainError("请至少填写一名征求意见对象", fields={"people": ["请填写人员"]})
    if len(people) > crules.MAX_PEOPLE:
        message = f"一次最多{crules.MAX_PEOPLE}人，请分批提交"
        raise DomainError(message, fields={"people": [message]})
    matched, problems = match_people(people)
    if problems:
        lines = [f"第{i + 1}人：{message}" for i, _, message in problems]
        raise DomainError("；".join(lines[:20]), fields={"people": lines})
    due = reply_due(received_on)
    if due_on is not None:
        if due_on < received_on:
            message = "回复期限不能早于收到日期"
            raise DomainError(message, fields={"due_on": [message]})
        due = calendar.DueDate(due_on.year, due_on.month, due_on.day)
    clearance = ClearanceRequest.objects.create(
        number=next_number(NUMBER_PREFIX, received_on.year),
        asking_unit=asking_unit,
        asking_body=(asking_body or "").strip()[:100] or asking_unit.name,
        handling_unit=handling_office(asking_unit),
        purpose=purpose,
        purpose_note=(purpose_note or "").strip()[:200],
        received_on=received_on,
        due_on=due,
        due_provisional=getattr(due, "provisional", False) and due_on is None,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    ClearancePerson.objects.bulk_create(
        [
            ClearancePerson(
                request=clearance,
                row=i + 1,
                name=d["name"] or d["cadre"].name,
                citizen_id=d["citizen_id"],
                unit_text=d["unit_text"],
                cadre=d["cadre"],
            )
            for i, d in enumerate(matched)
        ]
    )
    _record(
        actor,
        clearance,
        "submit_request",
        "",
        payload={
            "people": len(matched),
            "purpose": purpose,
            "due_on": due,
        },
    )
    return clearance


@locked("clearance")
def clearance_set_due(
    *, actor: Any, clearance: ClearanceRequest, due_on: date, reason: str
) -> ClearanceRequest:
    """The handling office sets the reply's due date of one request by hand (agreed with
    the asking body), with the reason; a date set by hand is final (never recomputed)."""
    _handler(actor, clearance)
    if clearance.status not in crules.OPEN_STATES:
        raise DomainError("已回复的意见回复不能调整回复期限")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请写明调整理由", fields={"reason": ["请写明调整理由"]})
    if due_on < clearance.received_on:
        message = "回复期限不能早于收到日期"
        raise DomainError(message, fields={"due_on": [message]})
    before = clearance.due_on
    clearance.due_on = due_on
    clearance.due_provisional = False
    clearance.save(update_fields=["due_on", "due_provisional"])
    _record(
        actor,
        clearance,
        "set_due",
        clearance.status,
        reason=reason,
        payload={"from": before, "to": due_on},
    )
    return clearance


@locked("clearance")
def clearance_note(*, actor: Any, clearance: ClearanceRequest, note: str) -> ClearanceRequest:
    """The handling office's internal note on a request (never shown to the asking body)."""
    _handler(actor, clearance)
    clearance.internal_note = (note or "").strip()[:2000]
    clearance.save(update_fields=["internal_note"])
    _record(actor, clearance, "note", clearance.status, reason=clearance.internal_note[:300])
    return clearance


# --- proposing ------------------------------------------------------------------------------


def _fact(f: Any) -> dict[str, Any]:
    return {
        "kind": f.kind,
        "id": f.object_id,
        "number": f.number,
        "label": f.label,
        "url": f.url,
        "date": f.on.isoformat() if f.on else None,
        "open": f.open,
    }


def _measure(m: Any) -> dict[str, Any]:
    return {
        "kind": "measure",
        "id": None,
        "number": m.number,
        "label": f"{m.kind_label}：{m.label}",
        "url": m.url,
        "date": m.decided_on.isoformat(),
        "open": False,
        "end": m.own_end.isoformat() if m.own_end else None,
        "permanent": m.permanent,
    }


def proposals_for(people: Iterable[ClearancePerson], *, on: date) -> list[ClearancePerson]:
    """Fill each person's proposed answer, text and facts from their record on ``on``
    (one batch of queries for all of them); the rows are not saved."""
    from jiandu.integrity.record import person_records

    people = list(people)
    records = person_records([p.cadre_id for p in people], on=on)
    for person in people:
        record = records[person.cadre_id]
        closed = [_fact(f) for f in record.closed_matters]
        measures = [_measure(m) for m in record.measures]
        answer = propose_answer(
            in_period=record.in_period,
            open_matters=bool(record.open_matters),
            closed_matters=bool(record.closed_matters) or bool(record.measures),
        )
        person.proposed_answer = answer
        person.answer = answer
        person.influence_end = record.influence_end
        person.permanent = record.permanent
        person.facts = [_fact(f) for f in record.open_matters] + closed + measures
        person.answer_text = crules.answer_text(
            answer,
            closed=closed + measures,
            measures=measures,
            influence_end=record.influence_end,
            permanent=record.permanent,
        )
        person.changed_reason = ""
        person.changed_by = None
    return people


PROPOSAL_FIELDS = (
    "proposed_answer",
    "answer",
    "answer_text",
    "facts",
    "influence_end",
    "permanent",
    "changed_reason",
    "changed_by",
)


def _write_rows(people: Sequence[ClearancePerson], names: Sequence[str]) -> None:
    """One ``UPDATE … WHERE id = %s`` executed for all rows at once (``executemany``):
    Django's ``bulk_update`` builds a CASE per field and row, which for 200 people and
    eight fields costs more than reading their whole records."""
    from django.db import connection
    from django.db.models import Field

    fields: list[Field] = [ClearancePerson._meta.get_field(n) for n in names]  # type: ignore[misc]
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)
    table = quote(ClearancePerson._meta.db_table)
    # Identifiers from the model's own meta, quoted; every value is a parameter.
    sql = f"UPDATE {table} SET {columns} WHERE {quote('id')} = %s"  # noqa: S608
    rows = [
        [f.get_db_prep_save(getattr(p, f.attname), connection) for f in fields] + [p.pk]
        for p in people
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


@locked("clearance")
def clearance_propose(
    *, actor: Any, clearance: ClearanceRequest, on: date | None = None
) -> ClearanceRequest:
    """The system's proposal for every person, reading their record on ``on`` (the reply
    date; default today, the day the proposals are made). Proposing again reads the
    record anew and discards earlier changes."""
    _handler(actor, clearance)
    crules.MACHINE.check(clearance.status, "propose")
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise DomainError("意见截止日期不能晚于今天", fields={"on": ["日期晚于今天"]})
    people = proposals_for(clearance.people.all(), on=on)
    _write_rows(people, PROPOSAL_FIELDS)
    clearance.target_date = on
    clearance.proposed_by = actor if getattr(actor, "is_authenticated", False) else None
    clearance.proposed_on = today
    counts: dict[str, int] = {}
    for p in people:
        counts[p.answer] = counts.get(p.answer, 0) + 1
    return _move(
        actor,
        clearance,
        "propose",
        ("target_date", "proposed_by", "proposed_on"),
        payload={"on": on, "answers": counts},
    )


@locked("clearance", "person")
def clearance_change_answer(
    *,
    actor: Any,
    clearance: ClearanceRequest,
    person: ClearancePerson,
    answer: str,
    reason: str,
    text: str = "",
) -> ClearancePerson:
    """The handling office changes one person's answer; the reason is required and
    audited, with the proposed and the new answer."""
    _handler(actor, clearance)
    crules.MACHINE.check(clearance.status, "change_answer")
    if person.request_id != clearance.pk:
        raise NotFound()
    if answer not in Answer.values:
        raise DomainError("请选择回复意见", fields={"answer": ["请选择回复意见"]})
    reason = (reason or "").strip()
    if not reason:
        message = "修改系统建议的意见须写明理由"
        raise DomainError(message, fields={"reason": [message]})
    before = person.answer
    person.answer = answer
    person.answer_text = (text or "").strip() or crules.answer_text(
        answer,
        closed=[f for f in person.facts if not f.get("open")],
        measures=[f for f in person.facts if f.get("kind") == "measure"],
        influence_end=person.influence_end,
        permanent=person.permanent,
    )
    person.changed_reason = reason[:300]
    person.changed_by = actor if getattr(actor, "is_authenticated", False) else None
    person.save(update_fields=["answer", "answer_text", "changed_reason", "changed_by"])
    event_record(
        actor=actor,
        action="integrity.clearance.change_answer",
        obj=clearance,
        from_state=Answer(before).label if before else "",
        to_state=Answer(answer).label,
        reason=reason[:300],
        payload={"person": person.pk, "name": person.name, "proposed": person.proposed_answer},
    )
    return person


@locked("clearance")
def clearance_submit(*, actor: Any, clearance: ClearanceRequest) -> ClearanceRequest:
    """The handling office submits the answers for a leader's approval."""
    _handler(actor, clearance)
    crules.MACHINE.check(clearance.status, "submit")
    counts: dict[str, int] = {}
    for answer in clearance.people.values_list("answer", flat=True):
        counts[answer] = counts.get(answer, 0) + 1
    summary = "，".join(f"{Answer(a).label}{n}人" for a, n in counts.items() if a)
    ClearanceApproval.objects.create(
        request=clearance,
        step=APPROVAL_STEP,
        proposal=f"拟回复{clearance.asking_body}：{summary}"[:300],
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    return _move(actor, clearance, "submit", payload={"answers": counts})


def is_proposer(user: Any, clearance: ClearanceRequest) -> bool:
    """Who proposed the answers or submitted them may not approve them."""
    if user is None:
        return False
    if clearance.proposed_by_id == user.pk:
        return True
    approval = ClearanceApproval.pending(step=APPROVAL_STEP, request=clearance)
    return approval is not None and approval.proposed_by_id == user.pk


@locked("clearance")
def clearance_decide(
    *, actor: Any, clearance: ClearanceRequest, approve: bool, comment: str = ""
) -> ClearanceRequest:
    """A leader approves the reply (it is frozen from now on) or returns it for changes;
    never the one who proposed it."""
    require_capability(actor, "clearance.approve")
    _visible(actor, clearance)
    step = "approve" if approve else "return"
    crules.MACHINE.check(clearance.status, step)
    if is_proposer(actor, clearance):
        raise DomainError("拟办人不能审批自己提出的意见")
    if not approve and not (comment or "").strip():
        raise DomainError("退回请写明理由", fields={"comment": ["请写明理由"]})
    ClearanceApproval.decide_pending(
        step=APPROVAL_STEP, actor=actor, approve=approve, comment=comment, request=clearance
    )
    fields: tuple[str, ...] = ()
    if approve:
        clearance.approved_on = timezone.localdate()
        fields = ("approved_on",)
    return _move(actor, clearance, step, fields, reason=comment)


@locked("clearance")
def clearance_issue(*, actor: Any, clearance: ClearanceRequest) -> ClearanceRequest:
    """The reply letter is issued: its 文号 from the commission's sequence (the issuer's
    prefix from the register), dated today."""
    from jiandu.core.documents import draft_number
    from jiandu.org.selectors import document_issuer

    _handler(actor, clearance)
    crules.MACHINE.check(clearance.status, "issue")
    today = timezone.localdate()
    issuer = document_issuer(getattr(actor, "unit", None))
    serial = int(next_number(LETTER_SEQUENCE, today.year).rsplit("-", 1)[1])
    prefix = (issuer.number_prefix if issuer else "") or "纪"
    clearance.reply_number = draft_number(f"{prefix}函", today.year, serial)[:60]
    clearance.issued_on = today
    return _move(
        actor,
        clearance,
        "issue",
        ("reply_number", "issued_on"),
        payload={"number": clearance.reply_number},
    )


@locked("clearance")
def clearance_upload_scan(
    *, actor: Any, clearance: ClearanceRequest, file: Any
) -> ClearanceRequest:
    """The signed letter's scan (PDF, OFD or an image, checked by its content)."""
    _handler(actor, clearance)
    crules.MACHINE.check(clearance.status, "upload_scan")
    checked = SCAN_FILES.check(file, getattr(file, "name", "") or "")
    with files.StoredFiles() as stored:
        stored.save(checked, clearance.signed_scan)
        clearance.scan_name = checked.original_name
        clearance.scan_sha256 = checked.sha256
        clearance.scan_uploaded_on = timezone.localdate()
        return _move(
            actor,
            clearance,
            "upload_scan",
            ("signed_scan", "scan_name", "scan_sha256", "scan_uploaded_on"),
            payload={"file": checked.original_name, "sha256": checked.sha256},
        )
