"""A small county's records for the profile tests, written straight into the tables
(the profiles only read them), with dates chosen so that every figure can be counted
by hand. "Today" is 2026-06-15 (``TODAY``); the three years are 2024, 2025, 2026.

Units of kind 县直部门: 教育局 (with 第一中学 below it), 财政局, 组织部.

Staff (posts held on 31 Dec, 2026: today) — 教育局 + 第一中学:
  张伟 (局长, 2020–; also 兼任 at the school: still one person), 李娜 (teacher, 2020–),
  赵敏 (school, 2021-01-01 – 2025-06-30: only in 2024)  → 2024: 3, 2025: 2, 2026: 2.
  财政局: 王强 → 1, 1, 1.  组织部: nobody → 0, 0, 0.

Reports (received): R1 2025-03-01 naming 张伟 (教育局) and 李娜 (中学) — one report;
  R2 2025-08-01 王强 (财政局); R3 2026-02-01 李娜 (中学); R4 2023-12-31 张伟 (too early);
  R5 2026-01-10 刘洋 (东镇红星村).
  → 教育局 2024: 0, 2025: 1, 2026: 1; 财政局 2025: 1. Per 100 staff 教育局 2025: 1×100/2 = 50.

Clues (received_on, subject unit): C1 2024-05-01 张伟 教育局 (team1); C2 2025-02-01 李娜
  中学 (team1); C3 2025-09-01 王强 财政局 (team2); C4 2026-03-01 刘洋 红星村 (东镇纪委).
  → 教育局 2024: 1, 2025: 1, 2026: 0.

Cases (filed): K1 2025-04-01 (team1) 李娜 (中学) and 张伟 (教育局) — one case;
  K2 2026-01-15 (team2) 王强 (财政局).
Decisions: 李娜 2025-09-01 [记过] superseded (not counted); 李娜 2025-10-01 [警告 (party),
  记过] → form 2; 张伟 2025-11-01 [诫勉] → form 1; 王强 2026-04-01 [开除党籍, 移送检察机关]
  → form 4. First-form measures at the clue stage: C1 张伟 2024-07-01 诫勉 → 1 人次;
  C2 李娜 2025-06-01 谈话提醒 + 批评教育 the same day → one decision, 1 人次.
  → 教育局 four forms 2024: 1 (1/0/0/0), 2025: 3 (2/1/0/0), 2026: 0; 财政局 2026: 1 (0/0/0/1).

Rectification (round year): round 2025 at 教育局: I1 closed; I2 in progress, deadline
  2026-01-01 (overdue today); I3 not started, deadline 2026-12-31, responsible 中学.
  Round 2024 at 财政局: one item closed. → 教育局 2025: 1/3 = 33.3%, overdue 1;
  财政局 2024: 100%.

Directive tasks (due, owners): T1 2026-03-01 中学 assigned (overdue); T2 2025-12-01 教育局
  and 中学, in progress (overdue, counted once); T3 2026-12-01 教育局 (not yet due);
  T4 2025-05-01 教育局 closed. → 教育局 overdue 2025: 1, 2026: 1.

Cross-check hits confirmed (decided): H1 中学 2026-02-01; H2 教育局 new (not confirmed);
  H3 财政局 2025-06-01 confirmed. → 教育局 2026: 1; 财政局 2025: 1.
"""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

TODAY = date(2026, 6, 15)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


def build(county: Any) -> SimpleNamespace:
    from jiandu.cases.models import Case, CasePerson, Decision, DecisionMeasure
    from jiandu.clues.models import Clue, FirstFormMeasure
    from jiandu.crosscheck.models import Hit, Run
    from jiandu.directives.models import DirectiveDocument, Task, TaskOwner
    from jiandu.inspections.models import (
        Finding,
        InspectedOrganisation,
        InspectionRound,
        RectificationItem,
    )
    from jiandu.intake.models import Report, ReportSubject
    from jiandu.org.models import Cadre, Post

    u, c = county.units, county.cadres
    ns = SimpleNamespace(units=u, cadres=c)

    zhao = Cadre.objects.create(
        name="赵敏", citizen_id="110101199001010011", gender="F", birth_date=date(1990, 1, 1),
        rank="general",
    )  # fmt: skip
    Post.objects.create(
        cadre=zhao, unit=u["school"], title="教师", start_date=date(2021, 1, 1),
        end_date=date(2025, 6, 30),
    )  # fmt: skip
    Post.objects.create(
        cadre=c["edu_head"], unit=u["school"], title="兼任校党委书记", start_date=date(2020, 3, 1)
    )
    ns.zhao = zhao

    def report(n: int, day: date, subjects: list[tuple[str, str]], handling: str = "petition"):
        r = Report.objects.create(
            number=f"XF-T-{n}", channel="letter", received_at=_at(day), content="反映问题",
            status="accepted", handling_unit=u[handling],
        )  # fmt: skip
        for cadre_key, unit_key in subjects:
            ReportSubject.objects.create(
                report=r, name=c[cadre_key].name, cadre=c[cadre_key], unit=u[unit_key],
                confirmed=True,
            )  # fmt: skip
        return r

    ns.reports = [
        report(1, date(2025, 3, 1), [("edu_head", "dept_edu"), ("teacher", "school")]),
        report(2, date(2025, 8, 1), [("fin_head", "dept_fin")]),
        report(3, date(2026, 2, 1), [("teacher", "school")]),
        report(4, date(2023, 12, 31), [("edu_head", "dept_edu")]),
        report(5, date(2026, 1, 10), [("village_head", "village_a")], "town_a_commission"),
    ]

    def clue(n: int, day: date, cadre_key: str, unit_key: str, handling: str) -> Clue:
        return Clue.objects.create(
            number=f"XS-T-{n}", source="report", received_on=day, summary="反映问题",
            subject_cadre=c[cadre_key], subject_name=c[cadre_key].name,
            subject_unit=u[unit_key], handling_unit=u[handling], status="accepted",
        )  # fmt: skip

    ns.clues = [
        clue(1, date(2024, 5, 1), "edu_head", "dept_edu", "team1"),
        clue(2, date(2025, 2, 1), "teacher", "school", "team1"),
        clue(3, date(2025, 9, 1), "fin_head", "dept_fin", "team2"),
        clue(4, date(2026, 3, 1), "village_head", "village_a", "town_a_commission"),
    ]
    for cl, cadre_key, kinds, day in [
        (ns.clues[0], "edu_head", ["first_admonition"], date(2024, 7, 1)),
        (ns.clues[1], "teacher", ["first_talk_reminder", "first_criticism"], date(2025, 6, 1)),
    ]:
        for kind in kinds:
            FirstFormMeasure.objects.create(
                clue=cl, cadre=c[cadre_key], person_name=c[cadre_key].name, kind=kind,
                decided_on=day,
            )  # fmt: skip

    def case(n: int, filed: date, lead: str, people: list[tuple[str, str]]):
        k = Case.objects.create(
            number=f"AJ-T-{n}", kind="person", title="违纪违法", summary="问题",
            lead_unit=u[lead], proposed_on=filed, filed_on=filed,
        )  # fmt: skip
        tracks = {}
        for cadre_key, unit_key in people:
            tracks[cadre_key] = CasePerson.objects.create(
                case=k, cadre=c[cadre_key], name=c[cadre_key].name, unit=u[unit_key],
                stage="decided", stage_since=filed,
            )  # fmt: skip
        return k, tracks

    k1, t1 = case(1, date(2025, 4, 1), "team1", [("teacher", "school"), ("edu_head", "dept_edu")])
    k2, t2 = case(2, date(2026, 1, 15), "team2", [("fin_head", "dept_fin")])
    ns.cases = [k1, k2]

    def decide(track, day: date, codes: list[str], superseded: bool = False) -> None:
        d = Decision.objects.create(person=track, decided_on=day, superseded=superseded)
        for code in codes:
            DecisionMeasure.objects.create(decision=d, measure=code)

    decide(t1["teacher"], date(2025, 9, 1), ["gov_demerit"], superseded=True)
    decide(t1["teacher"], date(2025, 10, 1), ["party_warning", "gov_demerit"])
    decide(t1["edu_head"], date(2025, 11, 1), ["first_admonition"])
    decide(t2["fin_head"], date(2026, 4, 1), ["party_expulsion", "referral_for_prosecution"])

    def target(year: int, ordinal: int, unit_key: str) -> Finding:
        rnd = InspectionRound.objects.create(
            name=f"{year}年第{ordinal}轮巡察", year=year, ordinal=ordinal, kind="regular",
            started_on=date(year, 3, 1),
        )  # fmt: skip
        org = InspectedOrganisation.objects.create(
            round=rnd, unit=u[unit_key], entered_on=date(year, 3, 10)
        )
        return Finding.objects.create(target=org, category="integrity", description="问题")

    f_edu = target(2025, 1, "dept_edu")
    f_fin = target(2024, 1, "dept_fin")
    for seq, (finding, status, deadline, resp) in enumerate(
        [
            (f_edu, "closed", date(2025, 10, 1), "dept_edu"),
            (f_edu, "in_progress", date(2026, 1, 1), "dept_edu"),
            (f_edu, "not_started", date(2026, 12, 31), "school"),
            (f_fin, "closed", date(2024, 10, 1), "dept_fin"),
        ],
        start=1,
    ):
        RectificationItem.objects.create(
            finding=finding, seq=seq, measures="整改", responsible_unit=u[resp],
            responsible_person="某某", deadline=deadline, status=status,
        )  # fmt: skip

    doc = DirectiveDocument.objects.create(
        title="全面从严治党工作部署", kind="speech", document_date=date(2025, 1, 10),
        issuer_unit=u["commission"], text="全文", status="published",
    )  # fmt: skip
    for pos, (due, status, owners) in enumerate(
        [
            (date(2026, 3, 1), "assigned", ["school"]),
            (date(2025, 12, 1), "in_progress", ["dept_edu", "school"]),
            (date(2026, 12, 1), "assigned", ["dept_edu"]),
            (date(2025, 5, 1), "closed", ["dept_edu"]),
        ],
        start=1,
    ):
        task = Task.objects.create(
            document=doc, position=pos, path=str(pos), title=f"任务{pos}", source_text="原文",
            source_start=0, source_end=2, due_date=due, status=status,
        )  # fmt: skip
        for key in owners:
            TaskOwner.objects.create(task=task, unit=u[key])

    run = Run.objects.create()
    for n, (unit_key, status, day) in enumerate(
        [
            ("school", "confirmed", date(2026, 2, 1)),
            ("dept_edu", "new", None),
            ("dept_fin", "confirmed", date(2025, 6, 1)),
        ],
        start=1,
    ):
        Hit.objects.create(
            rule_code="R01", rule_version="1", identity=f"h{n}", severity="high",
            summary="疑点", subject_name="某", subject_unit=u[unit_key], first_run=run,
            last_run=run, status=status, decided_at=_at(day) if day else None,
        )  # fmt: skip
    return ns
