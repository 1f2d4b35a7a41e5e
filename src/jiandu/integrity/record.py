"""The supervision record of cadres, read from the other modules: one answer for the
integrity file, clearance replies (党风廉政意见回复), profiles and early alerts.

``person_records(cadre_ids, on=…)`` reads, for many cadres at once and in a fixed number
of queries, what jiandu knows about each of them:

- reports (信访举报) naming the cadre as a confirmed subject — counts and numbers only,
  never a reporter's identity;
- clues (问题线索) with the cadre as subject, their disposition and outcome;
- case tracks (被审查调查人) of the cadre and every current decision with its measures;
- first-form measures decided at the clue stage (谈话提醒, 批评教育, 责令检查, 诫勉);
- 谈话函询 rounds of those clues with the reply and its assessment (read from the clue's
  own step events: start, talk, reply, conclusion with its reason and 核查结论);
- inspection findings naming the person or their post, and rectification items naming
  them as the responsible person (``_read_findings``: the matching rule is there);
- cross-check hits confirmed about them (``Hit.subject_cadre``, status 已转线索);
- the **person-level influence period** over all of those decisions and measures
  (``jiandu.cases.rules.decisions_period_end``: DOMAIN.md §5, [处分条例] 21 remainder
  rule, [政务处分法] 15, [组织处理规定] 11), so that clearance and promotion checks read
  one answer.

``user=None`` reads the whole record (the commission itself: clearance proposals and
alert computation); with a user every part is limited by that user's scope for its own
domain (``visible_to``), so a page never shows what the viewer may not see.

Only what happened on or before ``on`` counts (a decision made later is not part of
the record on that day; of one case track's decisions the latest made on or before
``on`` is the one in force then, so a decision later changed on appeal still counts for
a day before the change); what is open is read as it stands now.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from django.db.models import Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from jiandu.cases.models import CasePerson, Decision
from jiandu.cases.rules import sanctions
from jiandu.cases.rules.stages import Stage
from jiandu.cases.selectors import decision_period
from jiandu.clues.models import (
    Clue,
    ClueStatus,
    FirstFormMeasure,
    InquiryMode,
    VerificationResult,
)
from jiandu.clues.rules import Outcome
from jiandu.core.formatting import cn_date
from jiandu.core.scoping import visible_pks
from jiandu.intake.models import ReportStatus, ReportSubject

# [规则] 17-18 / DOMAIN.md §7: a matter still being handled (inquiry, verification,
# case, review) defers the answer. A clue put aside (暂存待查) or ended is a closed matter.
OPEN_CLUE_STATES = frozenset(
    {
        ClueStatus.REGISTERED,
        ClueStatus.ROUTING_PROPOSED,
        ClueStatus.ASSIGNED,
        ClueStatus.ACCEPTED,
        ClueStatus.DISPOSITION_PROPOSED,
        ClueStatus.INQUIRY,
        ClueStatus.VERIFICATION,
        ClueStatus.PENDING_CASE,
    }
)
# A case track is open until it is decided (or ends without a decision): investigation,
# review and a pending prosecution. After the decision its measures speak.
OPEN_CASE_STAGES = frozenset(
    {
        Stage.PROPOSED,
        Stage.FILED,
        Stage.INVESTIGATION,
        Stage.SUPPLEMENTARY,
        Stage.REFERRED,
        Stage.REVIEW,
        Stage.PROSECUTION,
        Stage.PROSECUTION_SUPPLEMENTARY,
    }
)
# A report not yet turned into a clue, forwarded or closed is still being handled.
OPEN_REPORT_STATES = frozenset({ReportStatus.REGISTERED, ReportStatus.ACCEPTED})

# The clue's own step events that make up a 谈话函询 round (``jiandu.clues.services``).
_INQUIRY_ACTIONS = {
    "clues.clue.inquiry_start": "start",
    "clues.clue.inquiry_talk": "talk",
    "clues.clue.inquiry_reply": "reply",
    "clues.clue.inquiry_conclude": "conclude",
}


@dataclass(frozen=True)
class Fact:
    """One record behind an answer or a line of the file, with its page."""

    kind: str  # "report" | "clue" | "case" | "finding" | "item" | "hit"
    object_id: int
    number: str
    label: str  # one Chinese line: what it is and how it stands
    on: date | None
    url: str
    open: bool = False
    detail: str = ""  # a second line: outcome, text of a finding, why it was matched
    categories: tuple[str, ...] = ()  # problem categories (reports, clues)


@dataclass(frozen=True)
class MeasureEntry:
    """One measure on the person: from a case decision or decided at the clue stage."""

    source: str  # "decision" | "clue"
    code: str
    label: str
    kind_label: str  # 党纪处分 / 政务处分 / 组织处理 / 第一种形态 …
    form: int | None  # four forms, DOMAIN.md §6
    decided_on: date
    own_end: date | None  # this measure alone; None: no period or permanent
    permanent: bool
    number: str  # the case or clue number
    url: str
    object_id: int = 0  # the case's (source "decision") or the clue's (source "clue") id

    @property
    def record_kind(self) -> str:
        """The kind of the record it was decided in: ``"case"`` or ``"clue"``."""
        return "case" if self.source == "decision" else "clue"

    def running_on(self, day: date) -> bool:
        """Its own period (without the [处分条例] 21 remainder) runs on ``day``."""
        return self.permanent or (
            self.own_end is not None and self.decided_on <= day <= self.own_end
        )


@dataclass(frozen=True)
class DecisionEntry:
    """One decision in force on the person (a case's 处理决定), with its measures."""

    decision_id: int
    case_id: int
    number: str  # the case number
    title: str
    decided_on: date
    starts_on: date  # day 1 of its periods (``period_from`` after an appeal)
    measures: tuple[MeasureEntry, ...]
    form: int | None
    own_end: date | None  # this decision alone; None: no period or permanent
    permanent: bool
    gov_count: int
    gov_months: int | None
    url: str

    @property
    def form_label(self) -> str:
        return sanctions.FORM_LABELS.get(self.form, "") if self.form else ""


@dataclass(frozen=True)
class InquiryRound:
    """One round of 谈话函询 on a clue: how it was held, the reply, the assessment."""

    clue_id: int
    number: str  # the clue number
    url: str
    round: int
    mode_label: str  # 谈话 / 委托谈话 / 函询
    started_on: date | None  # letter received / talk held / 委托函 received
    talked_on: date | None
    replied_on: date | None  # the letter's reply or the written explanation
    concluded_on: date | None
    outcome_label: str  # 予以了结 / 再次谈话函询 / 转初步核实 …
    finding_label: str  # 核查结论 given with the conclusion, if any
    assessment: str  # the conclusion's text (办理情况和结论)

    @property
    def open(self) -> bool:
        return self.concluded_on is None


@dataclass
class PersonRecord:
    cadre_id: int
    on: date
    reports: list[Fact] = field(default_factory=list)
    clues: list[Fact] = field(default_factory=list)
    cases: list[Fact] = field(default_factory=list)
    measures: list[MeasureEntry] = field(default_factory=list)
    periods: list[sanctions.DecisionPeriod] = field(default_factory=list)
    influence_end: date | None = None
    permanent: bool = False
    decisions: list[DecisionEntry] = field(default_factory=list)
    inquiries: list[InquiryRound] = field(default_factory=list)
    findings: list[Fact] = field(default_factory=list)
    hits: list[Fact] = field(default_factory=list)

    @property
    def open_matters(self) -> list[Fact]:
        return [f for f in (*self.reports, *self.clues, *self.cases) if f.open]

    @property
    def closed_matters(self) -> list[Fact]:
        return [f for f in (*self.reports, *self.clues, *self.cases) if not f.open]

    @property
    def in_period(self) -> bool:
        """An influence period runs on ``on`` (its last day included) or is permanent."""
        return self.permanent or (self.influence_end is not None and self.influence_end >= self.on)

    @property
    def running_measures(self) -> list[MeasureEntry]:
        """The measures whose own period runs on ``on`` (what the panel lists)."""
        return [m for m in self.measures if m.running_on(self.on)]

    @property
    def clue_measures(self) -> list[MeasureEntry]:
        """First-form measures decided at the clue stage."""
        return [m for m in self.measures if m.source == "clue"]

    def reports_by_year(self) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        for f in self.reports:
            if f.on:
                counts[f.on.year] += 1
        return dict(sorted(counts.items()))

    def reports_by_category(self) -> dict[str, int]:
        """Reports per problem category (a report with several counts in each)."""
        counts: dict[str, int] = defaultdict(int)
        for f in self.reports:
            for name in f.categories or ("未分类",):
                counts[name] += 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def reports_by_year_and_category(self) -> dict[int, dict[str, int]]:
        """{year: {category: count}}, years ascending — counts only, never a reporter."""
        table: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for f in self.reports:
            if f.on:
                for name in f.categories or ("未分类",):
                    table[f.on.year][name] += 1
        return {y: dict(table[y]) for y in sorted(table)}


def _scoped(qs: Any, user: Any) -> Any:
    return qs if user is None else qs.visible_to(user)


def _visible(model: Any, user: Any, pks: Iterable[int]) -> set[int] | None:
    """Which of ``pks`` the user may open (one query; ``None``: all of them — the whole
    record, or a user who sees every unit of the model's domain). The rows are read by
    cadre first and their scope checked afterwards: a handful of ids instead of a
    subquery over every row the user may see."""
    if user is None:
        return None
    domain = model._default_manager.all().scope_domain
    if getattr(user, "is_authenticated", False) and user.unit_scope(domain).all:
        return None
    return visible_pks(user, model, pks)


_URL_SLOT = 987654321987


@cache
def _url_pattern(name: str, prefix: str, urlconf: Any) -> tuple[str, str]:
    head, _, tail = reverse(name, args=(_URL_SLOT,), urlconf=urlconf).partition(str(_URL_SLOT))
    return head, tail


def _url(name: str, pk: int) -> str:
    """``reverse(name, args=(pk,))`` for a detail page, without resolving the pattern
    for each of a record's many rows (once per name, script prefix and URLconf)."""
    head, tail = _url_pattern(name, get_script_prefix(), get_urlconf())
    return f"{head}{pk}{tail}"


def person_records(
    cadre_ids: Iterable[int], *, on: date | None = None, user: Any = None
) -> dict[int, PersonRecord]:
    """The record of each cadre in ``cadre_ids`` on ``on`` (default today), read in a
    fixed number of queries whatever the number of cadres (module docstring)."""
    on = on or timezone.localdate()
    ids = list(dict.fromkeys(cadre_ids))
    records = {cid: PersonRecord(cadre_id=cid, on=on) for cid in ids}
    if not ids:
        return records
    _read_reports(records, ids, on, user)
    clues = _read_clues(records, ids, on, user)
    _read_inquiries(records, clues, on)
    _read_cases(records, ids, on, user)
    _read_clue_measures(records, ids, on, user)
    _read_findings(records, ids, on, user)
    _read_hits(records, ids, on, user)
    for record in records.values():
        _combine(record)
    return records


def person_record(cadre_id: int, *, on: date | None = None, user: Any = None) -> PersonRecord:
    return person_records([cadre_id], on=on, user=user)[cadre_id]


def _read_reports(records: dict[int, PersonRecord], ids: list[int], on: date, user: Any) -> None:
    from jiandu.intake.models import Report

    rows = list(
        ReportSubject.objects.filter(cadre_id__in=ids, confirmed=True)
        .filter(report__received_at__date__lte=on)
        .select_related("report")
        .prefetch_related("report__categories")
        .order_by("report__received_at", "report_id")
    )
    visible = _visible(Report, user, {s.report_id for s in rows})
    seen: set[tuple[int, int]] = set()
    for subject in rows:
        r = subject.report
        if visible is not None and r.pk not in visible:
            continue
        if (subject.cadre_id, r.pk) in seen:  # named twice in one report: one report
            continue
        seen.add((subject.cadre_id, r.pk))
        names = tuple(c.name for c in r.categories.all())
        is_open = r.status in OPEN_REPORT_STATES
        records[subject.cadre_id].reports.append(  # type: ignore[index]
            Fact(
                kind="report",
                object_id=r.pk,
                number=r.number,
                label=f"信访举报（{'、'.join(names) or '未分类'}），{r.get_status_display()}",
                on=timezone.localtime(r.received_at).date(),
                url=_url("intake:report_detail", r.pk),
                open=is_open,
                categories=names,
            )
        )


def _clue_outcome(clue: Clue) -> str:
    """How a clue ended or stands: 核查结论, 了结 with its day, where it was sent."""
    parts = []
    if clue.finding:
        parts.append(f"核查结论：{clue.get_finding_display()}")
    if clue.status == ClueStatus.CLOSED:
        kind = clue.get_close_kind_display() or "了结"
        day = cn_date(clue.closed_on)
        parts.append(f"{kind}{('（' + day + '）') if day else ''}")
    if clue.transferred_to:
        parts.append(f"移送{clue.transferred_to}")
    return "；".join(parts)


def _read_clues(
    records: dict[int, PersonRecord], ids: list[int], on: date, user: Any
) -> dict[int, Clue]:
    rows = (
        _scoped(Clue.objects.all(), user)
        .filter(subject_cadre_id__in=ids, received_on__lte=on)
        .prefetch_related("categories")
        .order_by("received_on", "id")
    )
    out: dict[int, Clue] = {}
    for clue in rows:
        out[clue.pk] = clue
        parts = [f"问题线索，{clue.get_status_display()}"]
        if clue.disposition:
            parts.append(f"处置方式：{clue.get_disposition_display()}")
        records[clue.subject_cadre_id].clues.append(  # type: ignore[index]
            Fact(
                kind="clue",
                object_id=clue.pk,
                number=clue.number,
                label="，".join(parts),
                on=clue.received_on,
                url=_url("clues:clue_detail", clue.pk),
                open=clue.status in OPEN_CLUE_STATES,
                detail=_clue_outcome(clue),
                categories=tuple(c.name for c in clue.categories.all()),
            )
        )
    return out


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _read_inquiries(records: dict[int, PersonRecord], clues: dict[int, Clue], on: date) -> None:
    """The 谈话函询 rounds of the (already scoped) clues, from their step events: a
    round begins with 发函/谈话 (``inquiry_start``), may have the delegated talk and the
    reply or written explanation, and ends with the conclusion, whose reason is the
    assessment. The days of the letter, talk and reply are those the steps recorded; the
    conclusion's day is when the round's report clock (谈话函询情况报告, one per round)
    was met — the event's own time otherwise. Steps after ``on`` are not part of the
    record on that day."""
    from jiandu.audit.models import Event
    from jiandu.clues.models import ClueDeadline, ClueDeadlineKind

    if not clues:
        return
    events = Event.objects.filter(
        object_type="clues.clue",
        object_id__in=[str(pk) for pk in clues],
        action__in=list(_INQUIRY_ACTIONS),
    ).order_by("seq")
    reports: dict[int, list[date | None]] = defaultdict(list)
    for clue_id, met_on in (
        ClueDeadline.objects.filter(clue_id__in=list(clues), kind=ClueDeadlineKind.INQUIRY_REPORT)
        .order_by("id")
        .values_list("clue_id", "met_on")
    ):
        reports[clue_id].append(met_on)
    rounds: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for event in events.only("object_id", "action", "payload", "reason", "created_at"):
        clue_id = int(event.object_id)
        step = _INQUIRY_ACTIONS[event.action]
        payload = event.payload or {}
        happened = _day(payload.get("on")) or timezone.localtime(event.created_at).date()
        if step == "start" or not rounds[clue_id]:
            mode = str(payload.get("mode") or clues[clue_id].inquiry_mode)
            rounds[clue_id].append({"mode": mode, "started_on": happened})
        current = rounds[clue_id][-1]
        if step == "talk":
            current["talked_on"] = happened
        elif step == "reply":
            current["replied_on"] = happened
        elif step == "conclude":
            concluded = sum(1 for r in rounds[clue_id] if "concluded_on" in r)
            met = reports[clue_id][concluded] if concluded < len(reports[clue_id]) else None
            current.update(
                concluded_on=met or happened,
                outcome=str(payload.get("outcome") or ""),
                finding=str(payload.get("finding") or ""),
                assessment=event.reason,
            )
    for items in rounds.values():
        items[:] = [r for r in items if r["started_on"] <= on]
        for r in items:
            for key in ("talked_on", "replied_on"):
                if r.get(key) and r[key] > on:
                    del r[key]
            if r.get("concluded_on") and r["concluded_on"] > on:
                for key in ("concluded_on", "outcome", "finding", "assessment"):
                    r.pop(key, None)
    for clue_id, items in rounds.items():
        clue = clues[clue_id]
        for n, r in enumerate(items, start=1):
            mode = r["mode"]
            finding = r.get("finding", "")
            records[clue.subject_cadre_id].inquiries.append(  # type: ignore[index]
                InquiryRound(
                    clue_id=clue_id,
                    number=clue.number,
                    url=_url("clues:clue_detail", clue_id),
                    round=n,
                    mode_label=str(InquiryMode(mode).label) if mode in InquiryMode.values else "",
                    started_on=r.get("started_on"),
                    talked_on=r.get("talked_on"),
                    replied_on=r.get("replied_on"),
                    concluded_on=r.get("concluded_on"),
                    outcome_label=Outcome.LABELS.get(r.get("outcome", ""), ""),
                    finding_label=(
                        str(VerificationResult(finding).label)
                        if finding in VerificationResult.values
                        else ""
                    ),
                    assessment=r.get("assessment", ""),
                )
            )
    for record in records.values():
        record.inquiries.sort(key=lambda i: (i.started_on or date.min, i.clue_id, i.round))


def _read_cases(records: dict[int, PersonRecord], ids: list[int], on: date, user: Any) -> None:
    from jiandu.cases.models import Case

    tracks = list(
        CasePerson.objects.filter(cadre_id__in=ids, case__proposed_on__lte=on)
        .select_related("case")
        .order_by("case__proposed_on", "id")
    )
    visible = _visible(Case, user, {t.case_id for t in tracks})
    track_by_id: dict[int, CasePerson] = {}
    for track in tracks:
        case = track.case
        if visible is not None and case.pk not in visible:
            continue
        track_by_id[track.pk] = track
        records[track.cadre_id].cases.append(  # type: ignore[index]
            Fact(
                kind="case",
                object_id=case.pk,
                number=case.number,
                label=f"立案审查调查（{case.title}），{track.get_stage_display()}",
                on=case.filed_on or case.proposed_on,
                url=_url("cases:case_detail", case.pk),
                open=track.stage in OPEN_CASE_STAGES,
            )
        )
    if not track_by_id:
        return
    # Of one track's decisions, the latest made on or before ``on`` is the one in force
    # then: a decision changed on appeal later still counts on an earlier day, and a
    # superseded one never counts once its replacement is made.
    decisions = (
        Decision.objects.filter(person_id__in=list(track_by_id), decided_on__lte=on)
        .prefetch_related("measures")
        .order_by("decided_on", "id")
    )
    in_force: dict[int, Decision] = {}
    for decision in decisions:
        in_force[decision.person_id] = decision
    for decision in sorted(in_force.values(), key=lambda d: (d.decided_on, d.pk)):
        track = track_by_id[decision.person_id]
        record = records[track.cadre_id]  # type: ignore[index]
        period = decision_period(decision)
        record.periods.append(period)
        entries = tuple(
            _entry(
                "decision",
                code,
                period.starts_on,
                track.case.number,
                track.case_id,
                gov_months=decision.gov_period_months if decision.gov_sanction_count > 1 else None,
            )
            for code in period.measures
        )
        record.measures.extend(entries)
        permanent = any(m.permanent for m in entries)
        record.decisions.append(
            DecisionEntry(
                decision_id=decision.pk,
                case_id=track.case_id,
                number=track.case.number,
                title=track.case.title,
                decided_on=decision.decided_on,
                starts_on=period.starts_on,
                measures=entries,
                form=sanctions.four_form(period.measures),
                own_end=None if permanent else sanctions.decisions_period_end([period]),
                permanent=permanent,
                gov_count=decision.gov_sanction_count,
                gov_months=decision.gov_period_months,
                url=_url("cases:case_detail", track.case_id),
            )
        )


def _read_clue_measures(
    records: dict[int, PersonRecord], ids: list[int], on: date, user: Any
) -> None:
    rows = list(
        FirstFormMeasure.objects.filter(cadre_id__in=ids, decided_on__lte=on)
        .select_related("clue")
        .order_by("decided_on", "id")
    )
    visible = _visible(Clue, user, {m.clue_id for m in rows})
    for m in rows:
        if visible is not None and m.clue_id not in visible:
            continue
        record = records[m.cadre_id]  # type: ignore[index]
        record.periods.append(sanctions.DecisionPeriod(starts_on=m.decided_on, measures=(m.kind,)))
        record.measures.append(_entry("clue", m.kind, m.decided_on, m.clue.number, m.clue_id))


def _entry(
    source: str, code: str, day: date, number: str, pk: int, *, gov_months: int | None = None
) -> MeasureEntry:
    kind = sanctions.measure_kind(code)
    own_end = sanctions.influence_period_end(code, day)
    if gov_months and kind == sanctions.MeasureCategory.GOVERNMENT and own_end is not None:
        # [政务处分法] 15: the combined period the decision states for several identical
        # government sanctions replaces the single statutory one.
        own_end = sanctions.period_end(day, gov_months)
    return MeasureEntry(
        source=source,
        code=code,
        label=sanctions.Measure(code).label,
        kind_label=sanctions.MeasureCategory(kind).label,
        form=sanctions.four_form([code]),
        decided_on=day,
        own_end=own_end,
        permanent=sanctions.is_permanent(code),
        number=number,
        url=_url("cases:case_detail" if source == "decision" else "clues:clue_detail", pk),
        object_id=pk,
    )


def _held(post: dict[str, Any], day: date) -> bool:
    return post["start_date"] <= day and (post["end_date"] is None or post["end_date"] >= day)


def _read_findings(records: dict[int, PersonRecord], ids: list[int], on: date, user: Any) -> None:
    """Inspection findings and rectification items about the person, matched by **name
    and unit** (a name alone is not an identity: the register has namesakes).

    The unit is one where the person held a post on the day the tour entered the
    inspected organisation (``InspectedOrganisation.entered_on``; a post held that day,
    its first and last days included). Then:

    - a finding (反馈问题) of that organisation names the person when its description
      contains the person's full name, or names their post when it contains the title of
      a leading post (一把手 or 班子成员) they held there that day (“镇党委书记…”);
    - a rectification item (整改事项) names them when its 责任人 is exactly their name, or
      exactly the title of such a leading post, and its responsible unit or its finding's
      organisation is that unit.

    Both are read within the viewer's scope (domain ``inspections``); only tours that
    entered on or before ``on`` count."""
    from jiandu.inspections.models import Finding, RectificationItem
    from jiandu.org.models import Cadre, Post

    names = dict(Cadre.objects.filter(pk__in=ids).values_list("pk", "name"))
    posts: dict[int, list[dict[str, Any]]] = defaultdict(list)
    by_unit: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for post in Post.objects.filter(cadre_id__in=ids).values(
        "cadre_id", "unit_id", "title", "is_head", "is_leadership", "start_date", "end_date"
    ):
        posts[post["cadre_id"]].append(post)
        by_unit[post["unit_id"]].append(post)
    if not by_unit:
        return
    unit_ids = list(by_unit)

    def holders(unit_id: int | None, day: date) -> list[dict[str, Any]]:
        return [p for p in by_unit.get(unit_id or 0, ()) if _held(p, day)]

    findings = (
        _scoped(Finding.objects.all(), user)
        .filter(target__unit_id__in=unit_ids, target__entered_on__lte=on)
        .select_related("target__round", "target__unit")
        .order_by("target__entered_on", "id")
    )
    for finding in findings:
        target = finding.target
        matched: dict[int, str] = {}
        for post in holders(target.unit_id, target.entered_on):
            cid = post["cadre_id"]
            name = names.get(cid, "")
            if len(name) >= 2 and name in finding.description:
                matched.setdefault(cid, f"问题描述点名{name}")
            elif (post["is_head"] or post["is_leadership"]) and post["title"] in (
                finding.description
            ):
                matched.setdefault(cid, f"问题描述涉及其时任职务“{post['title']}”")
        for cid, why in matched.items():
            records[cid].findings.append(
                Fact(
                    kind="finding",
                    object_id=finding.pk,
                    number=target.round.name,
                    label=f"巡察反馈问题（{finding.get_category_display()}），{target.unit.name}",
                    on=target.entered_on,
                    url=_url("inspections:target_detail", target.pk),
                    detail=f"{finding.description[:120]}（{why}）",
                )
            )
    items = (
        _scoped(RectificationItem.objects.all(), user)
        .filter(
            Q(responsible_unit_id__in=unit_ids) | Q(finding__target__unit_id__in=unit_ids),
            finding__target__entered_on__lte=on,
        )
        .select_related("finding__target__round", "finding__target__unit")
        .order_by("finding__target__entered_on", "id")
    )
    for item in items:
        target = item.finding.target
        person = item.responsible_person.strip()
        if not person:
            continue
        candidates = holders(item.responsible_unit_id, target.entered_on) + holders(
            target.unit_id, target.entered_on
        )
        seen: set[int] = set()
        for post in candidates:
            cid = post["cadre_id"]
            if cid in seen:
                continue
            leading = post["is_head"] or post["is_leadership"]
            if person == names.get(cid) or (leading and person == post["title"]):
                seen.add(cid)
                records[cid].findings.append(
                    Fact(
                        kind="item",
                        object_id=item.pk,
                        number=f"{target.round.name} 第{item.seq}项",
                        label=f"整改事项责任人（{item.get_status_display()}），{target.unit.name}",
                        on=target.entered_on,
                        url=_url("inspections:item_detail", item.pk),
                        open=item.status not in ("closed", "long_term"),
                        detail=f"{item.measures[:120]}（责任人：{person}）",
                    )
                )


def _read_hits(records: dict[int, PersonRecord], ids: list[int], on: date, user: Any) -> None:
    """Cross-check hits confirmed about the person (已转线索), within the viewer's scope."""
    from jiandu.crosscheck.models import Hit, HitStatus

    rows = (
        _scoped(Hit.objects.all(), user)
        .filter(subject_cadre_id__in=ids, status=HitStatus.CONFIRMED)
        .order_by("decided_at", "id")
    )
    for hit in rows:
        day = timezone.localtime(hit.decided_at or hit.created_at).date()
        if day > on:
            continue
        records[hit.subject_cadre_id].hits.append(  # type: ignore[index]
            Fact(
                kind="hit",
                object_id=hit.pk,
                number=f"{hit.rule_code}-{hit.pk}",
                label=f"大数据比对疑点（{hit.get_severity_display()}风险），{hit.get_status_display()}",
                on=day,
                url=_url("crosscheck:hit_detail", hit.pk),
                detail=hit.summary,
            )
        )


def _combine(record: PersonRecord) -> None:
    """The person-level influence period over every decision and clue-stage measure."""
    record.measures.sort(key=lambda m: (m.decided_on, m.source != "decision"))
    record.findings.sort(key=lambda f: (f.on or date.min, f.kind, f.object_id))
    if not record.periods:
        return
    end = sanctions.decisions_period_end(record.periods)
    if end is None and any(m.permanent for m in record.measures):
        record.permanent = True
    record.influence_end = end
