"""The loop back to the reporter for a case (issue 12, item 1): the reports behind the
clue a case was filed from close when the case ends — every track's decision served, or
the case revoked — with the outcome, and the named reporter's result notice is due 15
working days later ([检举控告规则] 27)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from jiandu.audit.models import Event
from jiandu.cases import services
from jiandu.cases.services import PersonInput
from jiandu.cases.services.reporting import case_outcome
from jiandu.clues import services as clues
from jiandu.intake import handoff
from jiandu.intake import services as intake
from jiandu.intake.models import ReportOutcome, ReportStatus

pytestmark = pytest.mark.django_db

# "Today" is Friday 2026-09-25, 10:00 in Beijing.
NOW = datetime(2026, 9, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = date(2026, 9, 25)
# 15 working days after Friday 2026-09-25 across National Day (10-01 to 10-07 off;
# Saturday 10-10 is a make-up working day in the 2026 arrangement, the weekend 09-26/27
# is not): 09-28 1, 09-29 2, 09-30 3; 10-08 4, 10-09 5, 10-10 (Sat, worked) 6;
# 10-12 .. 10-16 11; 10-19 12, 10-20 13, 10-21 14, 10-22 15.
RESULT_DUE = date(2026, 10, 22)
PLAN = {"verification_plan": "调取账目，询问有关人员", "verification_team": "王某（组长）、李某"}


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    return TODAY


@pytest.fixture
def case_from_report(frozen, staff):
    """A named report → clue → verification → 拟立案 → case filed on 张伟 (edu_head)."""
    u = staff.users
    report = intake.report_register(
        actor=u["petition"],
        channel="letter",
        received_at=NOW - timedelta(days=30),
        content="反映测试县教育局局长张伟收受礼金两万元，请予核查。",
        is_named=True,
        reporter={"name": "钱举报", "phone": "13900000000"},
        subjects=[{"name": "张伟", "cadre_id": staff.cadres["edu_head"].pk}],
    )
    clue = handoff.clue_create_from_reports(actor=u["petition"], reports=[report])
    clues.clue_propose_routing(actor=u["case_management"], clue=clue, unit=staff.units["team1"])
    clues.clue_decide_routing(actor=u["leader"], clue=clue, approve=True)
    clues.clue_accept(actor=u["resident_team"], clue=clue)
    clues.clue_propose_disposition(
        actor=u["resident_team"], clue=clue, disposition="verification", reason="具体", **PLAN
    )
    clues.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
    clues.clue_verification_conclude(
        actor=u["resident_team"], clue=clue, outcome="case", finding="true", reason="属实"
    )
    case = services.case_open_from_clue(actor=u["resident_team"], clue=clue, proposed_on=TODAY)
    services.case_decide_filing(actor=u["leader"], case=case, approve=True, on=TODAY)
    case.refresh_from_db()
    return case, report


def test_the_report_closes_when_the_decision_is_served(staff, advance, case_from_report):
    case, report = case_from_report
    person = case.people.get()
    advance(person, "decided", on=TODAY)
    report.refresh_from_db()
    assert report.status == ReportStatus.REGISTERED  # decided, not yet served: still open
    advance(person, "execution", on=TODAY)
    report.refresh_from_db()
    assert (report.status, report.closed_on, report.outcome, report.result_due) == (
        ReportStatus.CLOSED,
        TODAY,
        ReportOutcome.CASE_DECIDED,
        RESULT_DUE,
    )
    event = Event.objects.get(action="intake.report.conclude", object_id=str(report.pk))
    assert event.payload["source"] == f"案件{case.number}"
    advance(person, "closed", on=TODAY)  # closing the case later changes nothing
    assert Event.objects.filter(action="intake.report.conclude").count() == 1


def test_every_track_must_be_served_first(staff, advance, signer, case_from_report):
    case, report = case_from_report
    first = case.people.get()
    second = services.case_add_person(
        actor=staff.users["resident_team"],
        case=case,
        person=PersonInput(cadre=None, name="李四"),
        on=TODAY,
    )
    advance(first, "execution", on=TODAY)
    report.refresh_from_db()
    assert report.status == ReportStatus.REGISTERED  # the second track is still open
    signer(case, "revocation_decision", staff.users["resident_team"], second)
    services.case_revoke(actor=staff.users["leader"], person=second, on=TODAY, reason="证据不足")
    report.refresh_from_db()
    assert (report.status, report.outcome) == (ReportStatus.CLOSED, ReportOutcome.CASE_DECIDED)


def test_a_revoked_case_closes_with_its_own_outcome(staff, signer, case_from_report):
    case, report = case_from_report
    person = case.people.get()
    signer(case, "revocation_decision", staff.users["resident_team"], person)
    services.case_revoke(actor=staff.users["leader"], person=person, on=TODAY, reason="不构成违纪")
    report.refresh_from_db()
    assert (report.status, report.outcome) == (ReportStatus.CLOSED, ReportOutcome.CASE_REVOKED)


@pytest.mark.parametrize(
    ("stages", "outcome"),
    [
        (["execution"], "case_decided"),
        (["closed", "revoked"], "case_decided"),
        (["revoked", "withdrawn"], "case_revoked"),
        (["execution", "decided"], None),
        (["withdrawn"], None),
        (["appeal"], "case_decided"),
    ],
)
def test_when_a_case_has_ended_for_the_reporter(stages, outcome):
    assert case_outcome(stages) == outcome
