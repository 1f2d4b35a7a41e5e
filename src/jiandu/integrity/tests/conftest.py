"""Fixtures of the integrity tests.

- Decided cases, clue-stage measures, inquiries, reports, findings and hits about the
  test county's cadres, made through the modules' own services (a cross-check hit is
  stored as the engine stores it): ``decided``, ``clue_on``, ``inquiry``,
  ``report_about``, ``hit_about``.
- Reports, cross-check hits and companies written straight to the tables (the alert
  detectors read them): ``make_report``, ``make_hit``.
- For the clearance tests, records planted by date (the services refuse dates other than
  today for some steps) and a submitted request: ``make_clue``, ``admonition``,
  ``people_rows``, ``xlsx``, ``submitted``.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time
from itertools import count
from typing import Any

import pytest
from django.utils import timezone

from jiandu.accounts.models import User
from jiandu.clues.models import Clue, ClueStatus, FirstFormMeasure

_numbers = count(1)


@pytest.fixture
def make_report():
    from jiandu.core.models import ProblemCategory
    from jiandu.intake.models import Report, ReportStatus, ReportSubject

    def make(cadre, day: date, *, categories=(), duplicate_of=None, status=ReportStatus.ACCEPTED):
        n = next(_numbers)
        report = Report.objects.create(
            number=f"XF2025-{n:05d}",
            channel="letter",
            received_at=timezone.make_aware(datetime(day.year, day.month, day.day, 10)),
            content="反映其违规收受礼金。",
            status=status,
            duplicate_of=duplicate_of,
        )
        ReportSubject.objects.create(report=report, name=cadre.name, cadre=cadre, confirmed=True)
        if categories:
            report.categories.set(ProblemCategory.objects.filter(code__in=categories))
        return report

    return make


@pytest.fixture
def make_hit():
    from jiandu.crosscheck.models import Hit, HitStatus, Run

    def make(rule_code, cadre, unit, evidence, *, status=HitStatus.CONFIRMED, summary="疑点"):
        run = Run.objects.create(rule_codes=[rule_code])
        return Hit.objects.create(
            rule_code=rule_code,
            rule_version="t1",
            identity=f"id{next(_numbers)}",
            severity="high",
            summary=summary,
            subject_name=cadre.name,
            subject_citizen_id=cadre.citizen_id,
            subject_cadre=cadre,
            subject_unit=unit,
            evidence=evidence,
            first_run=run,
            last_run=run,
            status=status,
        )

    return make


def make_clue(cadre: Any, *, on: date, status: str = ClueStatus.CLOSED, n: int = 1) -> Clue:
    return Clue.objects.create(
        number=f"XS{on.year}-9{n:04d}",
        source="own",
        received_on=on,
        summary="反映其违规收受礼金",
        subject_cadre=cadre,
        subject_name=cadre.name,
        status=status,
    )


def admonition(cadre: Any, *, on: date, n: int = 1) -> FirstFormMeasure:
    """诫勉 decided on ``on``: 6 months of influence period (DOMAIN.md §5)."""
    clue = make_clue(cadre, on=on, n=n)
    return FirstFormMeasure.objects.create(
        clue=clue, cadre=cadre, person_name=cadre.name, kind="first_admonition", decided_on=on
    )


def people_rows(county: Any, *keys: str) -> list[dict[str, str]]:
    return [
        {
            "name": county.cadres[k].name,
            "citizen_id": county.cadres[k].citizen_id,
            "unit_text": f"单位{k}",
        }
        for k in keys
    ]


def xlsx(rows: list[list[Any]]) -> io.BytesIO:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "单位职务"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "名单.xlsx"
    return out


@pytest.fixture
def submitted(county):
    from jiandu.integrity.clearance_services import clearance_request_submit

    return clearance_request_submit(
        actor=county.users["org_department"],
        purpose="promotion",
        people=people_rows(county, "edu_head", "fin_head", "town_b_head"),
        received_on=date(2025, 12, 1),
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Case documents are written under a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def staff(county):
    """The county plus a second leader (a proposer never approves their own proposal)."""
    county.users["leader2"] = User.objects.create_user(
        username="t_leader2", password="pw-12345678", role="leader", unit=county.units["commission"]
    )
    return county


@pytest.fixture
def today_is(monkeypatch):
    """Freeze "today" (``timezone.localdate()`` without an argument) at a given date,
    and "now" (``timezone.now()``, which stamps audit events) at 10:00 that day."""
    real = timezone.localdate

    def freeze(day: date) -> None:
        moment = timezone.make_aware(datetime.combine(day, time(10)))

        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return freeze


HANDLERS = {
    # cadre key → (handler user key, lead unit key): the body that supervises the unit.
    "edu_head": ("resident_team", "team1"),
    "teacher": ("resident_team", "team1"),
    "town_a_head": ("township_commission", "town_a_commission"),
    "village_head": ("township_commission", "town_a_commission"),
}


@pytest.fixture
def decided(staff, today_is):
    """``decided(cadre_key, on, measures, gov_count=1, gov_months=None)``: a case on the
    cadre opened, filed, investigated, reviewed and decided on ``on`` through the case
    services (documents signed as each stage needs). Returns the ``Decision``."""
    from jiandu.cases import services
    from jiandu.cases.tests.conftest import sign

    u = staff.users

    def make(cadre_key, on, measures, *, gov_count=1, gov_months=None, title="违纪违法案"):
        handler_key, lead = HANDLERS[cadre_key]
        today_is(on)
        handler, reviewer = u[handler_key], u["review"]
        case = services.case_open(
            actor=handler,
            kind="person",
            title=f"{staff.cadres[cadre_key].name}{title}",
            summary="收受管理服务对象礼金，违规插手工程项目。",
            proposed_on=on,
            lead_unit=staff.units[lead],
            people=[services.PersonInput(cadre=staff.cadres[cadre_key])],
            category_codes=["integrity"],
        )
        services.case_decide_filing(actor=u["leader"], case=case, approve=True, on=on)
        person = case.people.get()
        sign(case, "filing_decision", handler, person)
        services.case_start_investigation(actor=handler, person=person, on=on)
        sign(case, "investigation_report", handler, person)
        services.case_refer_review(actor=handler, person=person, on=on)
        services.case_accept_review(actor=reviewer, person=person, on=on)
        sign(case, "review_report", reviewer, person)
        return services.case_decide(
            actor=reviewer,
            person=person,
            on=on,
            measures=measures,
            gov_count=gov_count,
            gov_months=gov_months,
        )

    return make


@pytest.fixture
def clue_on(staff, today_is):
    """``clue_on(cadre_key, on)``: a clue about the cadre received on ``on``, routed to
    and accepted by the body that supervises the cadre's unit (today frozen at ``on``)."""
    from jiandu.clues import services

    u = staff.users

    def make(cadre_key, on, *, handler_unit="team1", handler="resident_team"):
        today_is(on)
        clue = services.clue_create(
            actor=u["case_management"],
            source="report",
            summary="反映其违规收受礼金、在工程项目中为他人谋利。",
            received_on=on,
            subject_cadre=staff.cadres[cadre_key],
            category_codes=["integrity", "hd_gifts"],
        )
        services.clue_propose_routing(
            actor=u["case_management"], clue=clue, unit=staff.units[handler_unit]
        )
        services.clue_decide_routing(actor=u["leader"], clue=clue, approve=True)
        services.clue_accept(actor=u[handler], clue=clue)
        clue.refresh_from_db()
        return clue

    return make


@pytest.fixture
def inquiry(staff, today_is):
    """``inquiry(clue, on, replied_on, concluded_on, outcome, measure_kind="")``: a letter
    (函询) about the clue: sent on ``on``, answered on ``replied_on``, concluded on
    ``concluded_on`` with ``outcome`` (and the first-form measure)."""
    from jiandu.clues import services

    u = staff.users

    def make(clue, on, replied_on, concluded_on, outcome="close", measure_kind="", **kw):
        handler = u[kw.pop("handler", "resident_team")]
        today_is(on)
        services.clue_propose_disposition(
            actor=handler,
            clue=clue,
            disposition="inquiry",
            reason="需要函询",
            inquiry_mode="letter",
        )
        services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
        services.clue_inquiry_start(actor=handler, clue=clue, on=on)
        today_is(replied_on)
        services.clue_inquiry_reply(actor=handler, clue=clue, on=replied_on)
        today_is(concluded_on)
        services.clue_inquiry_conclude(
            actor=handler,
            clue=clue,
            outcome=outcome,
            reason=kw.pop("reason", "本人如实说明了情况，所反映问题基本不属实。"),
            finding=kw.pop("finding", "partly_true"),
            measure_kind=measure_kind,
        )
        clue.refresh_from_db()
        return clue

    return make


@pytest.fixture
def report_about(staff, today_is):
    """``report_about(cadre_key, on, categories)``: a report registered by the petition
    office naming the cadre (confirmed), received on ``on``."""
    from jiandu.intake import services

    def make(cadre_key, on, categories=("integrity",), *, reporter="举报人甲"):
        cadre = staff.cadres[cadre_key]
        today_is(on)
        return services.report_register(
            actor=staff.users["petition"],
            channel="letter",
            received_at=timezone.make_aware(datetime.combine(on, time(10))),
            content="反映其收受礼金、违规吃喝。",
            is_named=True,
            reporter={"name": reporter, "phone": "13800000000"},
            subjects=[{"name": cadre.name, "cadre_id": cadre.pk}],
            category_codes=list(categories),
        )

    return make


@pytest.fixture
def hit_about(staff):
    """``hit_about(cadre_key, status="confirmed", unit_key=None)``: a cross-check hit as
    the engine stores it, matched to the cadre and their unit."""
    from jiandu.crosscheck.models import Hit, Run

    run = None

    def make(cadre_key, status="confirmed", *, unit_key="dept_edu", summary="本人领取低保"):
        nonlocal run
        run = run or Run.objects.create(status="succeeded")
        cadre = staff.cadres[cadre_key]
        return Hit.objects.create(
            rule_code="R01",
            rule_version="1",
            identity=f"{cadre.pk}-{Hit.objects.count()}",
            severity="high",
            summary=summary,
            subject_name=cadre.name,
            subject_citizen_id=cadre.citizen_id,
            subject_cadre=cadre,
            subject_unit=staff.units[unit_key],
            first_run=run,
            last_run=run,
            status=status,
            decided_at=timezone.now() if status != "new" else None,
        )

    return make
