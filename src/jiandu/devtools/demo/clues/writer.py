"""Writing the demo clues: the handling units' accounts, each clue driven through the
real services step by step, then its dates moved back to when the steps happened."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from typing import Any

from jiandu.audit.services import event_record
from jiandu.devtools.demo import org as org_demo
from jiandu.devtools.demo.clues.generator import (
    ClueSpec,
    CluesSpec,
)

VERIFICATION_PLAN = "调取相关账目和合同资料，询问知情人员，必要时与被反映人谈话核实。"

# --- writing --------------------------------------------------------------------------------

# The handling unit's account, by the kind of commission body.
HANDLER_PREFIX = {
    "supervision_office": "jianchashi",
    "resident_team": "paizhu",
    "township_commission": "zhenjiwei",
}


def ensure_handlers(password: str) -> dict[int, Any]:
    """One account per supervision office, resident team and township commission (the
    demo password), reusing the accounts of ``jiandu.devtools.demo.accounts``: unit id -> user.

    The accounts are created by ``user_create`` without a password and then all given
    one Argon2 hash of the demo password: hashing it thirty times would add seconds to
    the demo for nothing."""
    from django.contrib.auth.hashers import make_password

    from jiandu.accounts.models import User
    from jiandu.accounts.services import user_create
    from jiandu.devtools.demo.accounts import _person_name
    from jiandu.org.models import Unit

    bodies = [
        *((code, "supervision_office") for code in org_demo.SUPERVISION_OFFICES),
        *((code, "resident_team") for code in org_demo.RESIDENT_TEAMS),
        *((code, "township_commission") for code in org_demo.TOWNSHIP_COMMISSIONS),
    ]
    units = Unit.objects.in_bulk([code for code, _ in bodies], field_name="code")
    existing = {u.username: u for u in User.objects.filter(unit__in=units.values())}
    handlers: dict[int, Any] = {}
    created: list[Any] = []
    counters: dict[str, int] = defaultdict(int)
    for code, role in bodies:
        unit = units.get(code)
        if unit is None:
            continue
        counters[role] += 1
        username = f"{HANDLER_PREFIX[role]}{counters[role]}"
        user = existing.get(username)
        if user is None and not User.objects.filter(username=username).exists():
            user = user_create(
                actor=None,
                username=username,
                full_name=_person_name(unit, "member") or unit.name,
                role=role,
                unit=unit,
                password=None,  # an unusable password, replaced below
                validate=False,
            )
            created.append(user)
        if user is not None and user.unit_id == unit.pk:
            handlers[unit.pk] = user
    if created:
        digest = make_password(password)
        User.objects.filter(pk__in=[u.pk for u in created]).update(password=digest)
        for user in created:
            user.password = digest
    return handlers


class _Timeline:
    """What the services stamped with today's date, as it happened on the clue's dates."""

    def __init__(self, spec: ClueSpec) -> None:
        self.spec = spec
        self.deadlines: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.approvals: list[dict[str, Any]] = []
        self.closed_on: date | None = None
        self.measure_on: date | None = None
        self.replay()

    def start(self, kind: str, on: date) -> None:
        self.deadlines[kind].append({"start": on, "met": None, "extended": False})

    def meet(self, on: date, *kinds: str) -> None:
        for kind in kinds:
            for row in self.deadlines[kind]:
                if row["met"] is None:
                    row["met"] = on

    def replay(self) -> None:
        spec = self.spec
        if spec.source == "inspection":
            self.start("inspection_feedback", spec.received_on)
        self.start("disposition", spec.received_on)
        disposition = mode = ""
        for step in spec.steps:
            d = step.on
            if step.action in ("propose_routing", "propose_disposition"):
                self.approvals.append({"step": step.action, "proposed": d, "decided": None})
                if step.action == "propose_disposition":
                    disposition = step.param("disposition")
                    mode = step.param("inquiry_mode")
            elif step.action in ("decide_routing", "decide_disposition"):
                self.approvals[-1]["decided"] = d
            if step.action == "decide_disposition":
                self.meet(d, "disposition", "shelve_review")
                if disposition == "verification":
                    self.start("verification", d)
                elif disposition == "shelve":
                    self.start("shelve_review", d)
                elif disposition == "close":
                    self.closed_on = d
                    self.meet(d, "inspection_feedback")
            elif step.action == "inquiry_start":
                # The services' clocks by mode ([规则] 29–30; [条例] 72).
                if mode == "letter":
                    self.start("inquiry_reply", d)
                elif mode == "delegated_talk":
                    self.start("delegated_talk", d)
                else:
                    self.start("inquiry_report", d)
                    if step.param("explanation", False):
                        self.start("talk_explanation", d)
            elif step.action == "inquiry_talk":
                self.meet(d, "delegated_talk")
                self.start("inquiry_report", d)
            elif step.action == "inquiry_reply":
                self.meet(d, "inquiry_reply", "talk_explanation")
                if mode == "letter":
                    self.start("inquiry_report", d)
            elif step.action in ("inquiry_conclude", "verification_conclude"):
                outcome = step.param("outcome")
                if outcome in ("close", "first_form"):
                    self.closed_on = d
                    self.meet(d, "inspection_feedback")
                if outcome == "first_form":
                    self.measure_on = d
                self.meet(d, "inquiry_report", "verification")
                if outcome == "verify":
                    self.start("verification", d)
                elif outcome == "shelve":
                    self.start("shelve_review", d)
            elif step.action == "verification_extend":
                for row in self.deadlines["verification"]:
                    if row["met"] is None:
                        row["extended"] = True
            elif step.action == "shelve_review":
                self.meet(d, "shelve_review")
                self.start("shelve_review", d)


def _drive(spec: ClueSpec, ctx: dict[str, Any]) -> Any:
    """One clue through the services, step by step."""
    from jiandu.clues import services

    users = ctx["users"]
    registrar = users["xinfang"] if spec.source == "report" else users["anguan"]
    clue = services.clue_create(
        actor=registrar,
        source=spec.source,
        summary=spec.summary,
        received_on=spec.received_on,
        subject_name=spec.subject_name,
        subject_cadre=ctx["cadres"].get(spec.subject_cadre),
        subject_unit=ctx["units"].get(spec.subject_unit),
        subject_title=spec.subject_title,
        category_codes=list(spec.categories),
        reports=[ctx["reports"][n] for n in spec.reports if n in ctx["reports"]],
        transfer_ref=spec.transfer_ref,
    )
    handler = None
    for step in spec.steps:
        p = dict(step.params)
        if step.action == "propose_routing":
            # The liaison route depends only on the subject's unit and rank.
            route = (clue.subject_unit_id, clue.subject_rank)
            if route not in ctx["routes"]:
                ctx["routes"][route] = services.suggested_handling_unit(clue)
            unit = ctx["routes"][route]
            if unit is None or unit.pk not in ctx["handlers"]:
                fallback = org_demo.SUPERVISION_OFFICES[
                    spec.key % len(org_demo.SUPERVISION_OFFICES)
                ]
                unit = ctx["units"][fallback]
            handler = ctx["handlers"][unit.pk]
            services.clue_propose_routing(actor=users["anguan"], clue=clue, unit=unit)
        elif step.action == "decide_routing":
            services.clue_decide_routing(
                actor=users["leader"], clue=clue, approve=True, comment=p.get("comment", "")
            )
        elif step.action == "accept":
            services.clue_accept(actor=handler, clue=clue)
        elif step.action == "propose_disposition":
            if p.get("disposition") == "verification":
                p = {
                    **p,
                    "verification_plan": VERIFICATION_PLAN,
                    "verification_team": handler.full_name,
                }
            services.clue_propose_disposition(actor=handler, clue=clue, **p)
        elif step.action == "decide_disposition":
            services.clue_decide_disposition(
                actor=users["leader"], clue=clue, approve=True, comment=p.get("comment", "")
            )
        elif step.action == "inquiry_start":
            services.clue_inquiry_start(
                actor=handler, clue=clue, on=step.on, explanation=p.get("explanation", False)
            )
        elif step.action == "inquiry_talk":
            services.clue_inquiry_talk(actor=handler, clue=clue, on=step.on)
        elif step.action == "inquiry_reply":
            services.clue_inquiry_reply(actor=handler, clue=clue, on=step.on)
        elif step.action == "inquiry_conclude":
            services.clue_inquiry_conclude(actor=handler, clue=clue, **p)
        elif step.action == "verification_extend":
            services.clue_verification_extend(actor=users["leader"], clue=clue, **p)
        elif step.action == "verification_conclude":
            services.clue_verification_conclude(actor=handler, clue=clue, **p)
        elif step.action == "shelve_review":
            services.clue_shelve_review(actor=handler, clue=clue, **p)
        else:  # pragma: no cover - a generator bug
            raise ValueError(step.action)
    return clue


def _backdate(driven: list[tuple[ClueSpec, Any]]) -> int:
    """Move the services' "today" stamps to the clues' own dates; returns the number of
    clues whose rows did not match their timeline (none, unless a service changed)."""
    from django.utils import timezone

    from jiandu.clues import rules
    from jiandu.clues.models import ClueApproval, ClueDeadline, FirstFormMeasure
    from jiandu.core.policy import policy_value

    tz = timezone.get_current_timezone()
    ids = [clue.pk for _, clue in driven]
    deadlines: dict[int, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for row in ClueDeadline.objects.filter(clue_id__in=ids).order_by("id"):
        deadlines[row.clue_id][row.kind].append(row)
    approvals: dict[int, list[Any]] = defaultdict(list)
    for row in ClueApproval.objects.filter(clue_id__in=ids).order_by("id"):
        approvals[row.clue_id].append(row)
    measures: dict[int, list[Any]] = defaultdict(list)
    for row in FirstFormMeasure.objects.filter(clue_id__in=ids):
        measures[row.clue_id].append(row)
    months = {
        key: policy_value(key, on=date(2000, 1, 1))
        for key in (
            "clue.verification_months",
            "clue.verification_extension_months",
            "clue.shelve_review_months",
        )
    }
    changed_deadlines, changed_approvals, changed_measures, changed_clues = [], [], [], []
    mismatched = 0
    for spec, clue in driven:
        line = _Timeline(spec)
        rows = deadlines[clue.pk]
        if {k: len(v) for k, v in rows.items()} != {
            k: len(v) for k, v in line.deadlines.items() if v
        } or len(approvals[clue.pk]) != len(line.approvals):
            mismatched += 1
            continue
        for kind, planned in line.deadlines.items():
            for row, plan in zip(rows[kind], planned, strict=True):
                row.started_on, row.met_on = plan["start"], plan["met"]
                if kind == "verification":
                    # An extension counts the whole period from the start ([条例] 285).
                    extension = (
                        months["clue.verification_extension_months"] if plan["extended"] else 0
                    )
                    due = rules.verification_due(
                        plan["start"], months["clue.verification_months"], extension
                    )
                    row.due_on, row.provisional = due, due.provisional
                elif kind == "shelve_review":
                    due = rules.shelve_review_due(
                        plan["start"], months["clue.shelve_review_months"]
                    )
                    row.due_on, row.provisional = due, due.provisional
                changed_deadlines.append(row)
        for row, plan in zip(approvals[clue.pk], line.approvals, strict=True):
            row.proposed_at = datetime.combine(plan["proposed"], time(9, 30), tzinfo=tz)
            row.decided_at = (
                datetime.combine(plan["decided"], time(16, 0), tzinfo=tz)
                if plan["decided"]
                else None
            )
            changed_approvals.append(row)
        for row in measures[clue.pk]:
            if line.measure_on:
                row.decided_on = line.measure_on
                changed_measures.append(row)
        clue.closed_on = line.closed_on
        clue.registered_at = datetime.combine(spec.received_on, time(8, 45), tzinfo=tz)
        changed_clues.append(clue)
    _update_rows(changed_deadlines, ["started_on", "due_on", "provisional", "met_on"])
    _update_rows(changed_approvals, ["proposed_at", "decided_at"])
    _update_rows(changed_measures, ["decided_on"])
    _update_rows(changed_clues, ["closed_on", "registered_at"])
    return mismatched


def _update_rows(rows: list[Any], fields: list[str]) -> None:
    """``UPDATE … WHERE id = …`` for many rows in one ``executemany`` (``bulk_update``
    builds a CASE expression per field, which is slow for thousands of rows)."""
    from django.db import connection

    if not rows:
        return
    meta = rows[0]._meta
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(meta.get_field(f).column)} = %s" for f in fields)
    table, pk = qn(meta.db_table), qn(meta.pk.column)  # names from the model, quoted
    sql = f"UPDATE {table} SET {sets} WHERE {pk} = %s"  # noqa: S608
    columns = [meta.get_field(f) for f in fields]
    params = [
        [
            *(field.get_db_prep_save(getattr(row, field.attname), connection) for field in columns),
            row.pk,
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


DUPLICATES_NEW_DAYS = 30  # a duplicate received within this many days is still 新增


def _backdate_duplicates(ids: list[int]) -> None:
    """Duplicates attached to the demo clues (``clue_create`` attaches the confirmed
    duplicates of its reports): attached when the later of the duplicate and the clue
    arrived; read by the handling unit then, unless the duplicate is recent (those stay
    on the handlers' workbench as 新增重复件)."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from jiandu.clues.models import ClueDuplicateReport

    tz = timezone.get_current_timezone()
    recent = timezone.now() - timedelta(days=DUPLICATES_NEW_DAYS)
    links = list(
        ClueDuplicateReport.objects.filter(clue_id__in=ids).select_related("clue", "report")
    )
    for link in links:
        registered = datetime.combine(link.clue.received_on, time(9), tzinfo=tz)
        link.attached_at = max(link.report.received_at, registered)
        link.noted_at = link.attached_at if link.attached_at < recent else None
    ClueDuplicateReport.objects.bulk_update(links, ["attached_at", "noted_at"], batch_size=500)


def write(spec: CluesSpec, *, password: str) -> dict[str, int]:
    from django.db import transaction

    from jiandu.accounts.models import User
    from jiandu.intake.models import Report
    from jiandu.org.models import Cadre, Unit

    with transaction.atomic():
        before = User.objects.count()
        handlers = ensure_handlers(password)
        created = User.objects.count() - before
        users = User.objects.in_bulk(["anguan", "leader", "xinfang"], field_name="username")
        missing = {"anguan", "leader", "xinfang"} - set(users)
        if missing:
            raise RuntimeError(
                f"演示账号缺失：{'、'.join(sorted(missing))}（请先加载 accounts.demo）"
            )
        wanted_cadres = {c.subject_cadre for c in spec.clues if c.subject_cadre}
        numbers = [n for c in spec.clues for n in c.reports]
        ctx = {
            "users": users,
            "handlers": handlers,
            "units": Unit.objects.in_bulk(field_name="code"),
            "cadres": Cadre.objects.in_bulk(list(wanted_cadres), field_name="citizen_id"),
            "reports": Report.objects.in_bulk(numbers, field_name="number"),
            "routes": {},
        }
        driven = [(clue_spec, _drive(clue_spec, ctx)) for clue_spec in spec.clues]
        mismatched = _backdate(driven)
        if mismatched:  # a service changed what it records: fix _Timeline
            raise RuntimeError(f"{mismatched} 条演示线索的时限记录与计划不符")
        _backdate_duplicates([clue.pk for _, clue in driven])
        # The services stamp "today"; the demo moves those dates onto each clue's own
        # timeline. That bulk change is on the record too.
        event_record(
            actor=None,
            action="demo.clues.backdate",
            object_type="clues.clue",
            object_repr="演示数据",
            reason="演示数据：审批、时限和了结日期按各线索自身的时间线回溯",
            payload={"clues": len(driven)},
        )
    return {"clues": len(driven), "handler_accounts": created}
