"""Three years of domain records for one commission's jurisdiction: reports with their
subjects and categories, clues with their dated routing and disposition approvals,
deadlines and first-form measures, cases with their people, filing approvals,
decisions and measures, and detentions. Written per jurisdiction (bounded memory).

Distributions (rough, for the statistics' shapes, not for any real place): reports grow
a little each year and come mostly on working days; most go to the petition office;
clues are disposed within the month as a rule; a third of the township commissions and
a sixth of the resident teams open no case of their own (零立案).
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from jiandu.cases.models import (
    Case,
    CaseApproval,
    CaseDeadline,
    CasePerson,
    Decision,
    DecisionMeasure,
    Detention,
    Recovery,
)
from jiandu.cases.rules.sanctions import Measure as M
from jiandu.cases.rules.stages import CaseKind, Stage
from jiandu.clues.models import (
    CloseKind,
    Clue,
    ClueApproval,
    ClueDeadline,
    ClueSource,
    ClueStatus,
    Disposition,
    FirstFormMeasure,
    FirstFormMeasureKind,
    InquiryMode,
    VerificationResult,
)
from jiandu.core.models import ProblemCategory
from jiandu.devtools.synth.records import crosscheck
from jiandu.devtools.synth.records.loader import Ids, write
from jiandu.devtools.synth.records.org import Jurisdiction
from jiandu.intake.models import Channel, Report, ReportOutcome, ReportStatus, ReportSubject
from jiandu.intake.models import Jurisdiction as JurisdictionDecision
from jiandu.org.models import Rank

START = date(2024, 1, 1)
TODAY = date(2026, 12, 4)  # "today" of the generated history: nothing is dated after it

CHANNELS = (
    (Channel.ONLINE, 38),
    (Channel.LETTER, 24),
    (Channel.VISIT, 14),
    (Channel.CALL, 10),
    (Channel.HIGHER_ASSIGNMENT, 6),
    (Channel.INSPECTION_TRANSFER, 3),
    (Channel.AUDIT_TRANSFER, 1),
    (Channel.LAW_ENFORCEMENT, 1),
    (Channel.SURRENDER, 0.5),
    (Channel.OTHER, 2.5),
)
CLUE_SOURCES = (
    (ClueSource.INSPECTION, 8),
    (ClueSource.AUDIT, 4),
    (ClueSource.LAW_ENFORCEMENT, 3),
    (ClueSource.HIGHER, 8),
    (ClueSource.OTHER_BODY, 2),
    (ClueSource.OWN, 8),
    (ClueSource.CROSSCHECK, 4),
    (ClueSource.SURRENDER, 3),
)
DISPOSITIONS = (
    (Disposition.INQUIRY, 38),
    (Disposition.VERIFICATION, 24),
    (Disposition.SHELVE, 5),
    (Disposition.CLOSE, 29),
    (Disposition.TRANSFER, 4),
)
OUTCOMES = (
    ReportOutcome.CLOSED,
    ReportOutcome.CHECKED,
    ReportOutcome.UNFOUNDED,
    ReportOutcome.PARTLY_TRUE,
    ReportOutcome.TRUE,
    ReportOutcome.DONE,
)
FINDINGS = (
    (VerificationResult.UNFOUNDED, 45),
    (VerificationResult.PARTLY_TRUE, 25),
    (VerificationResult.TRUE, 15),
    (VerificationResult.UNVERIFIABLE, 14),
    (VerificationResult.FALSE_ACCUSATION, 1),
)
# Decisions by form (DOMAIN.md §6), as sets of measures; a non-member gets the
# government sanction alone.
DECISIONS = (
    (8, (M.FIRST_ADMONITION,), ()),
    (3, (M.FIRST_CRITICISM,), ()),
    (28, (M.PARTY_WARNING,), (M.GOV_WARNING,)),
    (14, (M.PARTY_SERIOUS_WARNING,), (M.GOV_DEMERIT,)),
    (6, (M.PARTY_WARNING, M.GOV_DEMERIT), (M.GOV_DEMERIT,)),
    (4, (M.PARTY_SERIOUS_WARNING, M.GOV_MAJOR_DEMERIT), (M.GOV_MAJOR_DEMERIT,)),
    (3, (M.PARTY_WARNING, M.ORG_POST_ADJUSTMENT), (M.ORG_POST_ADJUSTMENT,)),
    (7, (M.PARTY_REMOVAL_FROM_POST, M.GOV_REMOVAL_FROM_POST), (M.GOV_REMOVAL_FROM_POST,)),
    (6, (M.PARTY_PROBATION_1Y, M.GOV_DEMOTION), (M.GOV_DEMOTION,)),
    (4, (M.PARTY_PROBATION_2Y, M.GOV_REMOVAL_FROM_POST), (M.GOV_REMOVAL_FROM_POST,)),
    (6, (M.PARTY_EXPULSION, M.GOV_EXPULSION), (M.GOV_EXPULSION,)),
    (
        6,
        (M.PARTY_EXPULSION, M.GOV_EXPULSION, M.REFERRAL_FOR_PROSECUTION),
        (M.GOV_EXPULSION, M.REFERRAL_FOR_PROSECUTION),
    ),
)
SUMMARIES = (
    "反映其违规收受管理服务对象礼品礼金",
    "反映其利用职务便利为亲属承揽工程项目谋利",
    "反映其在低保审核中优亲厚友",
    "反映其违规发放津补贴",
    "反映其公款吃喝、违规接受宴请",
    "反映其在征地拆迁补偿中虚报冒领",
    "反映其工作作风粗暴、推诿扯皮",
    "反映其违规操办婚丧喜庆事宜",
    "反映其挪用集体资金",
    "反映其违规占用公务用车",
)
SALT = 0.25  # weekends get a quarter of a working day's share


def _days() -> tuple[list[date], list[float]]:
    days, weights = [], []
    d = START
    while d <= TODAY:
        w = (1.0 if d.weekday() < 5 else SALT) * (1 + 0.08 * (d.year - START.year))
        days.append(d)
        weights.append(w)
        d += timedelta(days=1)
    return days, list(accumulate(weights))


DAYS, CUM = _days()


class Picker:
    """Weighted choice among items (fast: cumulative weights, one bisect)."""

    def __init__(self, items: list[Any], weights: list[float]):
        pairs = [(i, w) for i, w in zip(items, weights, strict=True) if w > 0]
        self.items = [i for i, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))

    def __call__(self, rng: random.Random) -> Any:
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]

    def __bool__(self) -> bool:
        return bool(self.items)


def _pairs(table) -> Picker:
    return Picker([k for k, _ in table], [w for _, w in table])


@dataclass
class Counts:
    reports: int = 0
    clues: int = 0
    cases: int = 0
    people: int = 0
    decisions: int = 0
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, other: Counts) -> None:
        self.reports += other.reports
        self.clues += other.clues
        self.cases += other.cases
        self.people += other.people
        self.decisions += other.decisions
        for k, v in other.rows.items():
            self.rows[k] = self.rows.get(k, 0) + v


class Categories:
    """The problem categories valid on a date."""

    def __init__(self) -> None:
        self.rows = list(ProblemCategory.objects.values_list("id", "valid_from", "valid_to"))

    def pick(self, rng: random.Random, on: date, n: int = 1) -> list[int]:
        valid = [i for i, a, b in self.rows if a <= on and (b is None or b >= on)]
        return rng.sample(valid, k=min(n, len(valid))) if valid else []


def _body_weights(rng: random.Random, units: list[int], zero_share: float) -> list[float]:
    return [0.0 if rng.random() < zero_share else rng.gammavariate(2.0, 1.0) for _ in units]


def generate(
    j: Jurisdiction,
    *,
    n_reports: int,
    n_clues: int,
    n_cases: int,
    rng: random.Random,
    ids: Ids,
    categories: Categories,
) -> Counts:
    """Write ``j``'s history."""
    tz = ZoneInfo(settings.TIME_ZONE)
    out = Counts()

    def day(rng=rng) -> date:
        return DAYS[bisect(CUM, rng.random() * CUM[-1])]

    def at(d: date, hour: int | None = None) -> datetime:
        h = hour if hour is not None else rng.randrange(8, 18)
        return datetime.combine(d, time(h, rng.randrange(60)), tzinfo=tz)

    def later(d: date, lo: int, hi: int) -> date:
        return d + timedelta(days=rng.randint(lo, hi))

    # Who does the work: weights per body.
    town_w = _body_weights(rng, j.townships, 0.3)
    team_w = _body_weights(rng, j.teams, 0.1)
    report_unit = Picker(
        [j.petition, j.case_management, *j.townships, *j.teams],
        [80, 3, *(12 * w / max(sum(town_w), 1e-9) for w in town_w), *(5 / 7 for _ in j.teams)],
    )
    sup_w = [rng.gammavariate(3.0, 1.0) for _ in j.supervision]
    clue_unit = Picker(
        [*j.supervision, *j.teams, *j.townships, j.case_management],
        [
            *(50 * w / sum(sup_w) for w in sup_w),
            *(25 / len(j.teams) for _ in j.teams),
            *(20 * (w + 0.3) / (sum(town_w) + 0.3 * len(town_w)) for w in town_w),
            5,
        ]
        if j.townships
        else [*(60 * w / sum(sup_w) for w in sup_w), *(35 / len(j.teams) for _ in j.teams), 5],
    )
    # Bodies that open cases of their own (zero-filing units open none).
    case_weight: dict[int, float] = dict(zip(j.supervision, sup_w, strict=True))
    case_weight.update(
        {u: w * 0.6 for u, w in zip(j.teams, team_w, strict=True)}
        | {u: w * 0.25 for u, w in zip(j.townships, town_w, strict=True)}
    )
    case_unit = Picker(list(case_weight), list(case_weight.values()))
    cadre = j.cadres
    cadre_by_rank: dict[str, list] = {}
    for c in cadre:
        cadre_by_rank.setdefault(c[2], []).append(c)
    channel = _pairs(CHANNELS)
    source = _pairs(CLUE_SOURCES)
    disposition = _pairs(DISPOSITIONS)
    finding = _pairs(FINDINGS)
    decision_kind = Picker(list(DECISIONS), [d[0] for d in DECISIONS])
    ffm_kinds = list(FirstFormMeasureKind.values)

    # --- reports -----------------------------------------------------------------------
    first = ids.take(Report, n_reports)
    reports, subjects, report_cats = [], [], []
    accepted: list[tuple[int, date, tuple]] = []  # (id, received, subject cadre)
    received_days = sorted(day() for _ in range(n_reports))
    for i in range(n_reports):
        rid = first + i
        d = received_days[i]
        ch = channel(rng)
        named = rng.random() < 0.35 and ch in (
            Channel.ONLINE,
            Channel.LETTER,
            Channel.VISIT,
            Channel.CALL,
        )
        received = at(d)
        c = rng.choice(cadre)
        dup = None
        if i > 50 and rng.random() < 0.12:
            dup = first + rng.randrange(max(0, i - 400), i)
        status, jur, decided, fwd = ReportStatus.REGISTERED, "", None, ""
        closed = outcome = None
        ack_due = ack_sent = result_due = result_sent = None
        if (TODAY - d).days > 6:
            r = rng.random()
            decided = at(later(d, 0, 6))
            if r < 0.72:
                jur, status = JurisdictionDecision.ACCEPT, ReportStatus.ACCEPTED
            elif r < 0.92:
                jur = (
                    JurisdictionDecision.FORWARD_OTHER
                    if j.level == "county"
                    else JurisdictionDecision.FORWARD_LOWER
                )
                status, fwd = ReportStatus.FORWARDED, "有关单位"
            elif r < 0.98:
                jur, status, fwd = (
                    JurisdictionDecision.FORWARD_OTHER,
                    ReportStatus.FORWARDED,
                    "有关部门",
                )
            else:
                jur, status = JurisdictionDecision.FORWARD_HIGHER, ReportStatus.FORWARDED
                fwd = "上一级纪委监委"
            if status == ReportStatus.ACCEPTED:
                end = later(d, 20, 160)
                if end <= TODAY and rng.random() < 0.9:
                    status, closed, outcome = ReportStatus.CLOSED, end, rng.choice(OUTCOMES)
                if named and dup is None:
                    ack_due = d + timedelta(days=21)
                    r = rng.random()
                    if r < 0.9:
                        ack_sent = later(d, 2, 18)
                    elif r < 0.96:
                        ack_sent = later(d, 22, 40)
                    ack_sent = ack_sent if ack_sent and ack_sent <= TODAY else None
                    if closed:
                        result_due = closed + timedelta(days=21)
                        r = rng.random()
                        if r < 0.9:
                            result_sent = later(closed, 1, 16)
                        elif r < 0.95:
                            result_sent = later(closed, 22, 45)
                        result_sent = result_sent if result_sent and result_sent <= TODAY else None
                if dup is None:
                    accepted.append((rid, d, c))
        reports.append(
            (
                rid,
                f"SYR{rid:09d}",
                ch,
                received,
                named,
                rng.choice(SUMMARIES) + "。",
                c[1],
                "",
                status,
                report_unit(rng),
                jur,
                d + timedelta(days=7),
                decided,
                fwd,
                dup,
                ack_due,
                ack_sent,
                result_due,
                result_sent,
                closed,
                outcome or "",
                ch == Channel.ONLINE and rng.random() < 0.6,
                received,
                j.handler,
            )
        )
        subjects.append((rid, c[1], c[0] if rng.random() < 0.7 else None, c[3], True))
        for cat in categories.pick(rng, d, 1 if rng.random() < 0.8 else 2):
            report_cats.append((rid, cat))
    out.reports = write(
        Report,
        [
            "id",
            "number",
            "channel",
            "received_at",
            "is_named",
            "content",
            "subject_text",
            "unit_text",
            "status",
            "handling_unit_id",
            "jurisdiction",
            "jurisdiction_due",
            "jurisdiction_decided_at",
            "forward_to",
            "duplicate_of_id",
            "ack_due",
            "ack_sent_on",
            "result_due",
            "result_sent_on",
            "closed_on",
            "outcome",
            "from_portal",
            "registered_at",
            "registered_by_id",
        ],
        reports,
    )
    del reports
    out.rows["report subjects"] = write(
        ReportSubject, ["report_id", "name", "cadre_id", "unit_id", "confirmed"], subjects
    )
    out.rows["report categories"] = write(
        Report.categories.through, ["report_id", "problemcategory_id"], report_cats
    )
    del subjects, report_cats

    # --- clues -------------------------------------------------------------------------
    first = ids.take(Clue, n_clues)
    clues, clue_reports, clue_cats, approvals, deadlines, measures = [], [], [], [], [], []
    # cases to open: (clue id, handling unit, day, subject, filing date or None)
    from_clues: list[tuple] = []
    xc_clues: list[tuple] = []  # clues from the cross-check: (clue id, day, subject)
    for i in range(n_clues):
        cid = first + i
        if accepted and rng.random() < 0.6:
            rid, rd, c = accepted[rng.randrange(len(accepted))]
            src = ClueSource.REPORT
            d = later(rd, 3, 30)
            if d > TODAY:
                d = rd
            clue_reports.append((cid, rid))
        else:
            src, d, c = source(rng), day(), rng.choice(cadre)
        unit = clue_unit(rng)
        status, disp, mode, rnd, fnd, close_kind = ClueStatus.ACCEPTED, "", "", 0, "", ""
        closed = None
        transferred = ""
        disposed_on = shelved_on = verified_on = clue_filed = None
        method = ""
        routed = later(d, 0, 4)
        if routed > TODAY:
            status, unit_value = ClueStatus.REGISTERED, None
        else:
            unit_value = unit
            approvals.append(
                (cid, "routing", "拟分办承办", j.handler, at(d), j.leader, at(routed, 17), True)
            )
        proposed = later(d, 3, 26) if rng.random() < 0.93 else later(d, 31, 50)
        deadlines.append(
            (
                cid,
                "disposition",
                d,
                d + timedelta(days=30),
                "《监督执纪工作规则》第二十一条",
                proposed if proposed <= TODAY else None,
            )
        )
        approved = later(proposed, 0, 3)
        if unit_value is not None and approved <= TODAY:
            disp = disposition(rng)
            disposed_on, method = approved, disp
            approvals.append(
                (
                    cid,
                    "disposition",
                    "拟处置",
                    j.handler,
                    at(proposed),
                    j.leader,
                    at(approved, 17),
                    True,
                )
            )
            if disp == Disposition.CLOSE:
                status, close_kind, closed = ClueStatus.CLOSED, CloseKind.DIRECT, approved
            elif disp == Disposition.TRANSFER:
                status, transferred = ClueStatus.TRANSFERRED, "所在单位党组织"
            elif disp == Disposition.SHELVE:
                status, shelved_on = ClueStatus.SHELVED, approved
                review = later(approved, 60, 240)
                deadlines.append(
                    (
                        cid,
                        "shelve_review",
                        approved,
                        approved + timedelta(days=180),
                        "暂存线索复查期限",
                        review if review <= TODAY else None,
                    )
                )
            elif disp == Disposition.INQUIRY:
                mode = rng.choice(InquiryMode.values)
                rnd = 1
                end = later(approved, 25, 75)
                if end <= TODAY:
                    status, close_kind, closed = ClueStatus.CLOSED, CloseKind.AFTER_CHECK, end
                    fnd = finding(rng)
                    if fnd in (VerificationResult.PARTLY_TRUE, VerificationResult.TRUE) or (
                        rng.random() < 0.15
                    ):
                        measures.append((cid, c[0], c[1], rng.choice(ffm_kinds), end))
                else:
                    status = ClueStatus.INQUIRY
            else:  # verification
                verified_on = approved
                end = later(approved, 30, 110)
                deadlines.append(
                    (
                        cid,
                        "verification",
                        approved,
                        approved + timedelta(days=61),
                        "初步核实期限",
                        end if end <= TODAY else None,
                    )
                )
                if end > TODAY:
                    status = ClueStatus.VERIFICATION
                else:
                    r = rng.random()
                    if r < 0.45:
                        status = ClueStatus.CASE_FILED
                        case_filed = later(end, 0, 4)
                        clue_filed = case_filed if case_filed <= TODAY else None
                        from_clues.append((cid, unit_value, end, c, clue_filed))
                    elif r < 0.85:
                        status, close_kind, closed = ClueStatus.CLOSED, CloseKind.AFTER_CHECK, end
                        fnd = finding(rng)
                        if rng.random() < 0.2:
                            measures.append((cid, c[0], c[1], rng.choice(ffm_kinds), end))
                    elif r < 0.93:
                        status, transferred = ClueStatus.TRANSFERRED, "所在单位党组织"
                    else:
                        status, shelved_on = ClueStatus.SHELVED, end
        elif unit_value is not None and proposed <= TODAY:
            status = ClueStatus.DISPOSITION_PROPOSED
            approvals.append(
                (cid, "disposition", "拟处置", j.handler, at(proposed), None, None, None)
            )
        elif unit_value is not None:
            status = ClueStatus.ACCEPTED
        clues.append(
            (
                cid,
                f"SYX{cid:09d}",
                src,
                d,
                rng.choice(SUMMARIES) + "。",
                c[0],
                c[1],
                c[3],
                c[4],
                c[2],
                status,
                unit_value,
                unit,
                disp,
                disp,
                mode,
                rnd,
                fnd,
                close_kind,
                closed,
                transferred,
                at(d),
                j.handler,
                disposed_on,
                method,
                shelved_on,
                verified_on,
                clue_filed,
            )
        )
        if src == ClueSource.CROSSCHECK:
            xc_clues.append((cid, d, c))
        for cat in categories.pick(rng, d):
            clue_cats.append((cid, cat))
    out.clues = write(
        Clue,
        [
            "id",
            "number",
            "source",
            "received_on",
            "summary",
            "subject_cadre_id",
            "subject_name",
            "subject_unit_id",
            "subject_title",
            "subject_rank",
            "status",
            "handling_unit_id",
            "proposed_unit_id",
            "disposition",
            "proposed_disposition",
            "inquiry_mode",
            "inquiry_round",
            "finding",
            "close_kind",
            "closed_on",
            "transferred_to",
            "registered_at",
            "registered_by_id",
            "disposed_on",
            "disposed_method",
            "shelved_on",
            "verified_on",
            "filed_on",
        ],
        clues,
    )
    del clues
    out.rows["clue reports"] = write(Clue.reports.through, ["clue_id", "report_id"], clue_reports)
    out.rows["clue categories"] = write(
        Clue.categories.through, ["clue_id", "problemcategory_id"], clue_cats
    )
    out.rows["clue approvals"] = write(
        ClueApproval,
        [
            "clue_id",
            "step",
            "proposal",
            "proposed_by_id",
            "proposed_at",
            "approver_id",
            "decided_at",
            "approved",
        ],
        approvals,
    )
    out.rows["clue deadlines"] = write(
        ClueDeadline, ["clue_id", "kind", "started_on", "due_on", "basis", "met_on"], deadlines
    )
    out.rows["first-form measures"] = write(
        FirstFormMeasure, ["clue_id", "cadre_id", "person_name", "kind", "decided_on"], measures
    )
    del clue_reports, clue_cats, approvals, deadlines, measures
    out.rows.update(crosscheck.generate(j, xc_clues, n_clues=n_clues, rng=rng, ids=ids))

    # --- cases -------------------------------------------------------------------------
    plans: list[tuple[int | None, int, date, tuple, date | None]] = []
    for cid, unit, d, c, clue_filed in from_clues[:n_cases]:
        lead = unit if case_weight.get(unit, 0) > 0 else rng.choice(j.supervision)
        plans.append((cid, lead, d, c, clue_filed))
    while len(plans) < n_cases:
        d = day()
        f: date | None = later(d, 0, 4)
        plans.append((None, case_unit(rng), d, rng.choice(cadre), f if f <= TODAY else None))
    first = ids.take(Case, len(plans))
    cases, co_units, case_cats, filing, people, decisions, dmeasures, detentions = (
        [], [], [], [], [], [], [], []
    )  # fmt: skip
    recoveries: list[tuple] = []
    case_deadlines: list[tuple] = []
    for k, (clue_id, lead, d, c, filed) in enumerate(plans):
        case_id = first + k
        proposed_on = d
        kind = CaseKind.PERSON if rng.random() < 0.95 else CaseKind.INCIDENT
        # 指定管辖: the higher commission designated this body (1 case in 20).
        designated = rng.random() < 0.05
        closings: list[date | None] = []
        case_row = (
            case_id,
            f"SYA{case_id:09d}",
            kind,
            f"{c[1]}违纪违法案",
            rng.choice(SUMMARIES) + "。",
            clue_id,
            rng.random() < 0.6,
            lead,
            j.review,
            j.leader,
            proposed_on,
            filed,
            j.handler,
            at(proposed_on),
            designated,
        )
        if rng.random() < 0.1 and not designated:
            co = rng.choice(j.supervision + j.teams)
            if co != lead:
                co_units.append((case_id, co))
        for cat in categories.pick(rng, d):
            case_cats.append((case_id, cat))
        filing.append(
            (
                case_id,
                "filing",
                "拟立案审查调查",
                j.handler,
                at(proposed_on),
                j.leader if filed else None,
                at(filed, 17) if filed else None,
                True if filed else None,
            )
        )
        extra = 0 if rng.random() < 0.88 else (1 if rng.random() < 0.8 else 2)
        for p in range(1 + extra):
            pid = ids.take(CasePerson)
            who = c if p == 0 else rng.choice(cadre)
            is_member = rng.random() < 0.88
            village = who[2] == Rank.OTHER and rng.random() < 0.7
            stage, since = Stage.PROPOSED, proposed_on
            recovered = Decimal("0")
            amount = None
            referred = None
            if filed:
                stage, since = Stage.INVESTIGATION, filed
                decided = later(filed, 60, 280)
                _w, member_set, other_set = decision_kind(rng)
                detained = M.REFERRAL_FOR_PROSECUTION in member_set or (
                    M.PARTY_EXPULSION in member_set and rng.random() < 0.3
                )
                if detained:
                    start = later(filed, 5, 30)
                    if start <= TODAY:
                        release = later(start, 45, 170)
                        detentions.append(
                            (
                                pid,
                                "detention",
                                start,
                                start + timedelta(days=91),
                                "留置场所",
                                release if release <= TODAY and release <= decided else None,
                            )
                        )
                if rng.random() < 0.25:
                    amount = Decimal(rng.randrange(10_000, 3_000_000))
                    recovered = (amount * Decimal(rng.choice((0, 50, 80, 100))) / 100).quantize(
                        Decimal("1")
                    )
                # The investigation clock (90 days, extended by 90 for most that need it)
                # ends when the review starts; the review's (30 days) with the decision.
                review_on = max(later(filed, 20, 30), decided - timedelta(days=rng.randint(20, 50)))
                due = filed + timedelta(days=90)
                if review_on > due and rng.random() < 0.8:
                    due += timedelta(days=90)
                case_deadlines.append(
                    (
                        case_id,
                        pid,
                        "investigation",
                        filed,
                        due,
                        "《监督执纪工作规则》第五十八条",
                        review_on if review_on <= TODAY else None,
                    )
                )
                if review_on <= TODAY:
                    case_deadlines.append(
                        (
                            case_id,
                            pid,
                            "review",
                            review_on,
                            review_on + timedelta(days=30 if rng.random() < 0.9 else 60),
                            "《监督执纪工作规则》第六十一条",
                            decided if decided <= TODAY else None,
                        )
                    )
                if decided <= TODAY:
                    did = ids.take(Decision)
                    decisions.append((did, pid, decided, j.handler, at(decided)))
                    chosen = member_set if is_member else other_set or (M.GOV_WARNING,)
                    if village:
                        chosen = tuple(
                            m
                            for m in chosen
                            if m in (M.GOV_WARNING, M.GOV_DEMERIT, M.GOV_MAJOR_DEMERIT)
                        ) or (M.GOV_WARNING,)
                    for m in chosen:
                        dmeasures.append((did, m))
                    out.decisions += 1
                    if recovered:
                        recoveries.append((case_id, pid, recovered, decided, at(decided)))
                    if M.REFERRAL_FOR_PROSECUTION in chosen:
                        referred = decided
                    stage, since = (
                        (Stage.CLOSED, later(decided, 10, 45))
                        if M.REFERRAL_FOR_PROSECUTION not in chosen
                        else (Stage.PROSECUTION, decided)
                    )
                    if since > TODAY:
                        stage, since = Stage.EXECUTION, decided
                elif later(filed, 90, 200) <= TODAY:
                    stage, since = Stage.REVIEW, later(filed, 90, 150)
                    since = min(since, TODAY)
            people.append(
                (
                    pid,
                    case_id,
                    who[0],
                    who[1],
                    who[3],
                    who[4],
                    who[2],
                    is_member,
                    village,
                    amount,
                    recovered,
                    stage,
                    since,
                    referred,
                )
            )
            closings.append(since if stage == Stage.CLOSED else None)
        # 结案: the day the last track was closed (every person's).
        closed_on = max(closings) if closings and None not in closings else None  # type: ignore[type-var]
        cases.append((*case_row, closed_on))
    out.cases = write(
        Case,
        [
            "id",
            "number",
            "kind",
            "title",
            "summary",
            "clue_id",
            "supervision_law",
            "lead_unit_id",
            "review_unit_id",
            "leader_id",
            "proposed_on",
            "filed_on",
            "created_by_id",
            "created_at",
            "designated",
            "closed_on",
        ],
        cases,
    )
    out.rows["case co-units"] = write(Case.co_units.through, ["case_id", "unit_id"], co_units)
    out.rows["case categories"] = write(
        Case.categories.through, ["case_id", "problemcategory_id"], case_cats
    )
    out.rows["case approvals"] = write(
        CaseApproval,
        [
            "case_id",
            "step",
            "proposal",
            "proposed_by_id",
            "proposed_at",
            "approver_id",
            "decided_at",
            "approved",
        ],
        filing,
    )
    out.people = write(
        CasePerson,
        [
            "id",
            "case_id",
            "cadre_id",
            "name",
            "unit_id",
            "title",
            "rank",
            "is_party_member",
            "is_village_staff",
            "amount_involved",
            "amount_recovered",
            "stage",
            "stage_since",
            "referred_on",
        ],
        people,
    )
    write(Decision, ["id", "person_id", "decided_on", "created_by_id", "created_at"], decisions)
    out.rows["decision measures"] = write(DecisionMeasure, ["decision_id", "measure"], dmeasures)
    out.rows["detentions"] = write(
        Detention, ["person_id", "kind", "started_on", "due_on", "place", "released_on"], detentions
    )
    out.rows["recoveries"] = write(
        Recovery, ["case_id", "person_id", "amount", "recovered_on", "created_at"], recoveries
    )
    out.rows["case deadlines"] = write(
        CaseDeadline,
        ["case_id", "person_id", "kind", "started_on", "due_on", "basis", "met_on"],
        case_deadlines,
    )
    return out
