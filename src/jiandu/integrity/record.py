"""The supervision record of cadres, read from the other modules: one answer for the
integrity file, clearance replies (党风廉政意见回复), profiles and early alerts.

``person_records(cadre_ids, on=…)`` reads, for many cadres at once and in a fixed number
of queries, what jiandu knows about each of them:

- reports (信访举报) naming the cadre as a confirmed subject — counts and numbers only,
  never a reporter's identity;
- clues (问题线索) with the cadre as subject, their disposition and outcome;
- case tracks (被审查调查人) of the cadre and every current decision with its measures;
- first-form measures decided at the clue stage (谈话提醒, 批评教育, 责令检查, 诫勉);
- the **person-level influence period** over all of those decisions and measures
  (``jiandu.cases.rules.decisions_period_end``: DOMAIN.md §5, [处分条例] 21 remainder
  rule, [政务处分法] 15, [组织处理规定] 11), so that clearance and promotion checks read
  one answer.

``user=None`` reads the whole record (the commission itself: clearance proposals and
alert computation); with a user every part is limited by that user's scope for its own
domain (``visible_to``), so a page never shows what the viewer may not see.

Only what happened on or before ``on`` counts (a decision made later is not part of
the record on that day); what is open is read as it stands now.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from jiandu.cases.models import CasePerson, Decision
from jiandu.cases.rules import sanctions
from jiandu.cases.rules.stages import Stage
from jiandu.clues.models import Clue, ClueStatus, FirstFormMeasure
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


@dataclass(frozen=True)
class Fact:
    """One record behind an answer or a line of the file, with its page."""

    kind: str  # "report" | "clue" | "case" | "decision" | "measure"
    object_id: int
    number: str
    label: str  # one Chinese line: what it is and how it stands
    on: date | None
    url: str
    open: bool = False


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

    def reports_by_year(self) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        for f in self.reports:
            if f.on:
                counts[f.on.year] += 1
        return dict(sorted(counts.items()))


def _scoped(qs: Any, user: Any) -> Any:
    return qs if user is None else qs.visible_to(user)


def _url(name: str, pk: int) -> str:
    return reverse(name, args=(pk,))


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
    _read_clues(records, ids, on, user)
    _read_cases(records, ids, on, user)
    _read_clue_measures(records, ids, on, user)
    for record in records.values():
        _combine(record)
    return records


def person_record(cadre_id: int, *, on: date | None = None, user: Any = None) -> PersonRecord:
    return person_records([cadre_id], on=on, user=user)[cadre_id]


def _read_reports(records: dict[int, PersonRecord], ids: list[int], on: date, user: Any) -> None:
    from jiandu.intake.models import Report

    reports = _scoped(Report.objects.all(), user)
    rows = (
        ReportSubject.objects.filter(
            cadre_id__in=ids, confirmed=True, report__in=reports.values("pk")
        )
        .filter(report__received_at__date__lte=on)
        .select_related("report")
        .prefetch_related("report__categories")
        .order_by("report__received_at", "report_id")
    )
    for subject in rows:
        r = subject.report
        categories = "、".join(c.name for c in r.categories.all())
        is_open = r.status in OPEN_REPORT_STATES
        records[subject.cadre_id].reports.append(
            Fact(
                kind="report",
                object_id=r.pk,
                number=r.number,
                label=f"信访举报（{categories or '未分类'}），{r.get_status_display()}",
                on=timezone.localtime(r.received_at).date(),
                url=_url("intake:report_detail", r.pk),
                open=is_open,
            )
        )


def _read_clues(records: dict[int, PersonRecord], ids: list[int], on: date, user: Any) -> None:
    rows = (
        _scoped(Clue.objects.all(), user)
        .filter(subject_cadre_id__in=ids, received_on__lte=on)
        .order_by("received_on", "id")
    )
    for clue in rows:
        disposition = clue.get_disposition_display() if getattr(clue, "disposition", "") else ""
        parts = [f"问题线索，{clue.get_status_display()}"]
        if disposition:
            parts.append(f"处置方式：{disposition}")
        records[clue.subject_cadre_id].clues.append(
            Fact(
                kind="clue",
                object_id=clue.pk,
                number=clue.number,
                label="，".join(parts),
                on=clue.received_on,
                url=_url("clues:clue_detail", clue.pk),
                open=clue.status in OPEN_CLUE_STATES,
            )
        )


def _read_cases(records: dict[int, PersonRecord], ids: list[int], on: date, user: Any) -> None:
    from jiandu.cases.models import Case

    cases = _scoped(Case.objects.all(), user)
    tracks = (
        CasePerson.objects.filter(cadre_id__in=ids, case__in=cases.values("pk"))
        .select_related("case")
        .order_by("case__proposed_on", "id")
    )
    track_by_id: dict[int, CasePerson] = {}
    for track in tracks:
        case = track.case
        if case.proposed_on > on:
            continue
        track_by_id[track.pk] = track
        records[track.cadre_id].cases.append(
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
    decisions = (
        Decision.objects.filter(person_id__in=list(track_by_id), superseded=False)
        .filter(decided_on__lte=on)
        .prefetch_related("measures")
        .order_by("decided_on", "id")
    )
    for decision in decisions:
        track = track_by_id[decision.person_id]
        record = records[track.cadre_id]
        codes = [m.measure for m in decision.measures.all()]
        period = sanctions.DecisionPeriod(
            starts_on=decision.period_from or decision.decided_on,
            measures=tuple(codes),
            gov_count=decision.gov_sanction_count,
            gov_months=decision.gov_period_months,
        )
        record.periods.append(period)
        for code in codes:
            record.measures.append(
                _entry("decision", code, period.starts_on, track.case.number, track.case_id)
            )


def _read_clue_measures(
    records: dict[int, PersonRecord], ids: list[int], on: date, user: Any
) -> None:
    clues = _scoped(Clue.objects.all(), user)
    rows = (
        FirstFormMeasure.objects.filter(cadre_id__in=ids, decided_on__lte=on)
        .filter(clue__in=clues.values("pk"))
        .select_related("clue")
        .order_by("decided_on", "id")
    )
    for m in rows:
        record = records[m.cadre_id]  # type: ignore[index]
        record.periods.append(sanctions.DecisionPeriod(starts_on=m.decided_on, measures=(m.kind,)))
        record.measures.append(_entry("clue", m.kind, m.decided_on, m.clue.number, m.clue_id))


def _entry(source: str, code: str, day: date, number: str, pk: int) -> MeasureEntry:
    kind = sanctions.measure_kind(code)
    return MeasureEntry(
        source=source,
        code=code,
        label=sanctions.Measure(code).label,
        kind_label=sanctions.MeasureCategory(kind).label,
        form=sanctions.four_form([code]),
        decided_on=day,
        own_end=sanctions.influence_period_end(code, day),
        permanent=sanctions.is_permanent(code),
        number=number,
        url=_url("cases:case_detail" if source == "decision" else "clues:clue_detail", pk),
    )


def _combine(record: PersonRecord) -> None:
    """The person-level influence period over every decision and clue-stage measure."""
    if not record.periods:
        return
    end = sanctions.decisions_period_end(record.periods)
    if end is None and any(m.permanent for m in record.measures):
        record.permanent = True
    record.influence_end = end
