"""The loop back to the reporter (issue 12, item 1): a report that became a clue closes
when the clue ends, with the outcome; the named reporter's result notice is due 15
working days later ([检举控告规则] 27); merged reports and their confirmed duplicates
close too; the portal tells the reporter 已办结 with a public-safe sentence."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from jiandu.audit.models import Event
from jiandu.clues import reporting, services
from jiandu.clues.models import ClueStatus
from jiandu.intake import handoff, portal, selectors
from jiandu.intake import services as intake
from jiandu.intake.models import Report, ReportOutcome, ReportStatus

pytestmark = pytest.mark.django_db

# "Today" is Monday 2026-08-03, 10:00 in Beijing.
NOW = datetime(2026, 8, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = date(2026, 8, 3)
# 15 working days after Monday 2026-08-03 (no holiday in August 2026): Tue 08-04 to Fri
# 08-07 are 4, the weeks of 08-10 and 08-17 add 5 each (14), Monday 08-24 is the 15th.
RESULT_DUE = date(2026, 8, 24)
PLAN = {"verification_plan": "调取账目，询问有关人员", "verification_team": "王某（组长）、李某"}


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    return TODAY


@pytest.fixture
def report_of(frozen, people):
    def make(content="反映测试县教育局局长张伟收受礼金两万元，请予核查。", named=True, **kw):
        return intake.report_register(
            actor=people.users["petition"],
            channel="letter",
            received_at=NOW - timedelta(days=kw.pop("days_ago", 3)),
            content=content,
            is_named=named,
            reporter={"name": "钱举报", "phone": "13900000000"} if named else None,
            subjects=[{"name": "张伟", "unit_text": "测试县教育局"}],
            **kw,
        )

    return make


def clue_of(people, reports):
    """The reports become one clue, routed to resident team 1 and accepted there."""
    u = people.users
    clue = handoff.clue_create_from_reports(actor=u["petition"], reports=reports)
    services.clue_propose_routing(actor=u["case_management"], clue=clue, unit=people.units["team1"])
    services.clue_decide_routing(actor=u["leader"], clue=clue, approve=True)
    services.clue_accept(actor=u["resident_team"], clue=clue)
    clue.refresh_from_db()
    return clue


def close_directly(people, clue):
    u = people.users
    services.clue_propose_disposition(
        actor=u["resident_team"], clue=clue, disposition="close", close_kind="direct", reason="x"
    )
    return services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)


def test_a_direct_close_closes_the_report_and_starts_the_result_notice(people, report_of):
    report = report_of()
    clue = clue_of(people, [report])
    report.refresh_from_db()
    assert report.status == ReportStatus.REGISTERED  # open while the clue runs
    close_directly(people, clue)
    report.refresh_from_db()
    assert (report.status, report.closed_on, report.outcome) == (
        ReportStatus.CLOSED,
        TODAY,
        ReportOutcome.CLOSED,
    )
    assert report.result_due == RESULT_DUE
    event = Event.objects.get(action="intake.report.conclude", object_id=str(report.pk))
    assert event.payload["source"] == f"线索{clue.number}"
    # The petition office's workbench now lists the result notice, due 2026-08-24.
    rows = selectors.petition_deadlines(user=people.users["petition"])
    assert [(r["report"].pk, r["kind"], r["due"]) for r in rows if r["report"].pk == report.pk] == [
        (report.pk, "告知实名举报人办理结果", RESULT_DUE)
    ]


def test_an_anonymous_report_closes_without_a_result_notice(people, report_of):
    report = report_of(named=False)
    close_directly(people, clue_of(people, [report]))
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED and report.result_due is None


def test_merged_reports_and_a_confirmed_duplicate_all_close(people, report_of):
    first = report_of(days_ago=5)
    second = report_of(content="测试县教育局张伟在食堂承包中收受好处，安排亲属承揽工程。")
    intake.report_decide_jurisdiction(
        actor=people.users["petition"], report=second, decision="accept"
    )
    repeat = report_of(content="再次反映：测试县教育局局长张伟收受礼金两万元。", days_ago=1)
    Report.objects.filter(pk=repeat.pk).update(duplicate_of=first)  # confirmed 重复件
    unrelated = report_of(content="反映某镇干部违规发放补贴，请核查。")
    close_directly(people, clue_of(people, [first, second]))
    closed = set(Report.objects.filter(status=ReportStatus.CLOSED).values_list("pk", flat=True))
    assert closed == {first.pk, second.pk, repeat.pk}
    assert Report.objects.get(pk=unrelated.pk).status == ReportStatus.REGISTERED
    assert Event.objects.filter(action="intake.report.conclude").count() == 3


def test_a_duplicate_attached_further_down_a_chain_closes_with_the_clue(people, report_of):
    """A duplicate of a duplicate goes with the clue (``ClueDuplicateReport``), so it is
    answered when the clue ends, like the reports the clue came from."""
    from jiandu.clues.models import ClueDuplicateReport

    first = report_of(days_ago=5)
    repeat = report_of(content="再次反映：测试县教育局局长张伟收受礼金两万元。", days_ago=2)
    again = report_of(content="第三次反映张伟收受礼金两万元一事。", days_ago=1)
    Report.objects.filter(pk=repeat.pk).update(duplicate_of=first)
    Report.objects.filter(pk=again.pk).update(duplicate_of=repeat)  # not of ``first``
    clue = clue_of(people, [first])  # attaches the confirmed duplicates, the chain too
    assert ClueDuplicateReport.objects.filter(clue=clue, report=again).exists()
    close_directly(people, clue)
    closed = set(Report.objects.filter(status=ReportStatus.CLOSED).values_list("pk", flat=True))
    assert closed == {first.pk, repeat.pk, again.pk}


def test_verification_outcomes_give_the_outcome_category(people, report_of):
    u = people.users
    report = report_of()
    clue = clue_of(people, [report])
    services.clue_propose_disposition(
        actor=u["resident_team"], clue=clue, disposition="verification", reason="具体", **PLAN
    )
    services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.REGISTERED  # verification under way: still open
    services.clue_verification_conclude(
        actor=u["resident_team"],
        clue=clue,
        outcome="first_form",
        measure_kind="first_criticism",
        finding="partly_true",
        reason="部分属实，批评教育",
    )
    report.refresh_from_db()
    assert (report.status, report.outcome) == (ReportStatus.CLOSED, ReportOutcome.PARTLY_TRUE)


def test_a_transferred_clue_closes_its_report(people, report_of):
    u = people.users
    report = report_of()
    clue = clue_of(people, [report])
    services.clue_propose_disposition(
        actor=u["resident_team"],
        clue=clue,
        disposition="transfer",
        transferred_to="县教育局党组",
        reason="属于党组织处理范围",
    )
    services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
    assert clue.status == ClueStatus.TRANSFERRED
    report.refresh_from_db()
    assert (report.status, report.outcome) == (ReportStatus.CLOSED, ReportOutcome.TRANSFERRED)


@pytest.mark.parametrize(
    ("status", "close_kind", "finding", "outcome"),
    [
        ("closed", "direct", "", "closed"),
        ("closed", "after_check", "", "checked"),
        ("closed", "after_check", "unfounded", "unfounded"),
        ("closed", "after_check", "unverifiable", "unfounded"),
        ("closed", "after_check", "false_accusation", "unfounded"),
        ("closed", "after_check", "true", "true"),
        ("transferred", "", "partly_true", "transferred"),
    ],
)
def test_outcome_category_of_a_clue(status, close_kind, finding, outcome):
    assert (
        reporting.report_outcome(status=status, close_kind=close_kind, finding=finding) == outcome
    )


def test_the_portal_shows_closed_with_a_public_sentence_only(client, people, frozen):
    report, code = intake.report_submit_portal(
        content="测试县教育局局长张伟收受第一中学食堂承包商礼金两万元，请组织调查。",
        is_named=False,
        subject_text="张伟",
        unit_text="测试县教育局",
    )
    intake.report_register_submitted(actor=people.users["petition"], report=report)
    clue = clue_of(people, [report])
    close_directly(people, clue)
    response = client.post(reverse("portal:query"), {"code": code}, follow=True)
    html = response.content.decode()
    assert "已办结" in html
    assert "您反映的问题已经研究处理完毕，依规予以了结。" in html
    for internal in (clue.number, report.number, "派驻", "张伟", "教育局", "测试"):
        assert internal not in html
    assert portal.reporter_status(Report.objects.get(pk=report.pk)) == ("已办结", "secondary")
