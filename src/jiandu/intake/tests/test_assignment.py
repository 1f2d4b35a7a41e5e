"""Reports assigned down by a higher commission (上级交办, [检举控告规则] 20–23; issue 12,
item 4): the assigning body, the 3-month limit extended once by 3 with the principal
leader's approval, the 督办 from above and the result reported upward, on the report
page, the workbench and the ledger."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from jiandu.audit.models import Event
from jiandu.core.deadlines import DeadlineState, deadline_state
from jiandu.core.errors import DomainError, PermissionDenied
from jiandu.core.workbench import items_for
from jiandu.intake import assignment_services as assign
from jiandu.intake import rules, selectors, services, steps
from jiandu.intake.models import ReportDeadlineKind

pytestmark = pytest.mark.django_db

# "Today" is Wednesday 2026-06-03.
NOW = datetime(2026, 6, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = date(2026, 6, 3)
# The assignment arrived on Saturday 2026-03-07. 3 months later is Sunday 2026-06-07;
# the last day rolls to Monday 06-08 ([条例] 285). Extended by 3 months, counted again
# from 03-07: Monday 2026-09-07 — not 3 months from the rolled 06-08 (which would give
# Tuesday 09-08).
RECEIVED = date(2026, 3, 7)
DUE = date(2026, 6, 8)
EXTENDED_DUE = date(2026, 9, 7)


@pytest.fixture
def assigned(monkeypatch, county):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    return services.report_register(
        actor=county.users["petition"],
        channel="higher_assignment",
        received_at=datetime(2026, 3, 7, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
        content="市纪委监委交办：反映测试县教育局局长张伟收受礼金问题，请核查并报告结果。",
        subjects=[{"name": "张伟", "unit_text": "测试县教育局"}],
    )


def test_the_rule_counts_the_extension_from_the_receipt():
    assert rules.assignment_due(RECEIVED) == DUE
    assert rules.assignment_due(RECEIVED, extended=True) == EXTENDED_DUE


def test_assignment_limit_supervision_and_result_upward(county, assigned):
    clerk, leader = county.users["petition"], county.users["leader"]
    assert "assignment_record" in steps.WORKFLOW.panel(clerk, assigned)
    assignment = assign.assignment_record(
        actor=clerk,
        report=assigned,
        assigning_body="市纪委监委信访室",
        received_on=RECEIVED,
        reference="市纪信交〔2026〕12号",
    )
    deadline = assigned.deadlines.get(kind=ReportDeadlineKind.ASSIGNMENT)
    assert (deadline.started_on, deadline.due_on) == (RECEIVED, DUE)
    # Due within 5 working days of today: on the workbench as due soon.
    assert deadline_state(deadline, TODAY) == DeadlineState.DUE_SOON
    labels = {(i.label, i.due) for i in items_for(clerk)}
    assert (f"{assigned.number}：交办件办结并报送核查处理情况", DUE) in labels

    # 督办 from above on Tuesday 06-02, asking for a report by Friday 06-05.
    assign.assignment_supervise(
        actor=clerk,
        report=assigned,
        on=date(2026, 6, 2),
        body="市纪委监委",
        method="letter",
        content="请加快核查进度，6月5日前报告进展。",
        reply_by=date(2026, 6, 5),
    )
    due = {d.kind: d.due_on for d in selectors.assignment_deadlines(user=clerk)}
    assert due == {"assignment": DUE, "supervision": date(2026, 6, 5)}

    # The extension: proposed by the clerk, decided by the principal leader only.
    assign.assignment_propose_extension(actor=clerk, report=assigned, reason="涉及多个项目")
    with pytest.raises(DomainError, match="等待审批"):
        assign.assignment_propose_extension(actor=clerk, report=assigned, reason="再次")
    with pytest.raises(PermissionDenied):
        assign.assignment_decide_extension(actor=clerk, report=assigned, approve=True)
    assert "assignment_decide_extension" in steps.WORKFLOW.panel(leader, assigned)
    assign.assignment_decide_extension(actor=leader, report=assigned, approve=True, comment="同意")
    deadline.refresh_from_db()
    assert deadline.due_on == EXTENDED_DUE and "延长3个月" in deadline.basis
    assignment.refresh_from_db()
    assert assignment.extended
    with pytest.raises(DomainError, match="上级纪检监察机关批准"):
        assign.assignment_propose_extension(actor=clerk, report=assigned, reason="再延")

    # The result reported upward on 06-03: both limits met, off the workbench.
    assign.assignment_report_result(
        actor=clerk, report=assigned, on=TODAY, summary="经初步核实，反映问题部分属实。"
    )
    assert selectors.assignment_deadlines(user=clerk) == []
    assert not any("交办件" in i.label for i in items_for(clerk))
    assert set(assigned.deadlines.values_list("met_on", flat=True)) == {TODAY}
    actions = list(
        Event.objects.filter(object_id=str(assigned.pk), action__startswith="intake.assignment")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "intake.assignment.record",
        "intake.assignment.supervise",
        "intake.assignment.propose_extension",
        "intake.assignment.decide_extension",
        "intake.assignment.report_result",
    ]
    with pytest.raises(DomainError, match="已报送"):
        assign.assignment_supervise(
            actor=clerk, report=assigned, on=TODAY, body="市纪委监委", content="再督办"
        )


def test_only_an_assigned_report_records_an_assignment(county, assigned):
    clerk = county.users["petition"]
    letter = services.report_register(
        actor=clerk,
        channel="letter",
        received_at=NOW - timedelta(days=1),
        content="反映某镇干部违规发放补贴，请核查。",
    )
    with pytest.raises(DomainError, match="上级交办"):
        assign.assignment_record(
            actor=clerk, report=letter, assigning_body="市纪委监委", received_on=TODAY
        )
    assert "assignment_record" not in steps.WORKFLOW.panel(clerk, letter)


def test_page_and_ledger_show_the_assignment(client_for, county, assigned):
    clerk = county.users["petition"]
    client = client_for(clerk)
    url = reverse("intake:report_action", args=(assigned.pk, "assignment_record"))
    response = client.post(
        url, {"assigning_body": "市纪委监委信访室", "received_on": RECEIVED.isoformat()}
    )
    assert response.status_code == 302
    html = client.get(reverse("intake:report_detail", args=(assigned.pk,))).content.decode()
    assert 'data-testid="assigning-body"' in html and "市纪委监委信访室" in html
    assert "2026年6月8日" in html and 'data-testid="form-assignment_supervise"' in html
    ledger = client.get(reverse("intake:report_list") + "?assignment=due_soon").content.decode()
    assert assigned.number in ledger and "市纪委监委信访室；2026年6月8日前报送" in ledger
    overdue = client.get(reverse("intake:report_list") + "?assignment=overdue").content.decode()
    assert assigned.number not in overdue
