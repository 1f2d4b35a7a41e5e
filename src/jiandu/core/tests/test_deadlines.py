"""One ``deadline_state`` for every time limit, and the rule that the proposer of a step
never approves it."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from jiandu.cases.models import CaseApproval, CaseDeadline
from jiandu.clues.models import ClueApproval, ClueDeadline, ClueDeadlineKind
from jiandu.core.approvals import SELF_APPROVAL, check_not_proposer
from jiandu.core.deadlines import DeadlineState, deadline_state, deadline_text, due_soon_limit
from jiandu.core.errors import DomainError

MONDAY = date(2026, 3, 2)  # no holiday within two weeks


def clue_deadline(due_on: date, **fields) -> ClueDeadline:
    fields.setdefault("kind", ClueDeadlineKind.DISPOSITION)
    return ClueDeadline(started_on=date(2026, 2, 1), due_on=due_on, **fields)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("due_on", "state", "text"),
    [
        (date(2026, 2, 27), "overdue", "已超期3天"),  # the Friday before
        (date(2026, 3, 1), "overdue", "已超期1天"),
        (MONDAY, "due_soon", "今日到期"),
        (date(2026, 3, 6), "due_soon", "还剩4天"),
        # five working days after Monday 2 March: Monday 9 March, the last "due soon" day
        (date(2026, 3, 9), "due_soon", "还剩7天"),
        (date(2026, 3, 10), "running", "还剩8天"),
    ],
)
def test_state_by_hand_worked_dates(due_on, state, text):
    deadline = clue_deadline(due_on)
    assert deadline_state(deadline, MONDAY) == state
    assert deadline_text(deadline, MONDAY) == (state, text)


@pytest.mark.django_db
def test_the_due_soon_boundary_counts_working_days_across_a_holiday():
    # 2026 National Day: 1–7 October off; Saturday 10 October is a make-up working day.
    # From Wednesday 30 September: 8, 9, 10, 12, 13 October.
    assert due_soon_limit(date(2026, 9, 30)) == date(2026, 10, 13)
    assert deadline_state(clue_deadline(date(2026, 10, 13)), date(2026, 9, 30)) == "due_soon"
    assert deadline_state(clue_deadline(date(2026, 10, 14)), date(2026, 9, 30)) == "running"


@pytest.mark.django_db
def test_a_met_deadline_is_met_even_when_met_late():
    late = clue_deadline(date(2026, 2, 20), met_on=date(2026, 2, 25))
    assert deadline_state(late, MONDAY) == DeadlineState.MET
    assert deadline_text(late, MONDAY) == ("met", "已完成（2026年2月25日）")


@pytest.mark.django_db
def test_a_paused_deadline_is_neither_overdue_nor_due():
    paused = CaseDeadline(
        kind="review", started_on=date(2026, 1, 5), due_on=date(2026, 2, 1), paused_on=MONDAY
    )
    assert deadline_state(paused, date(2026, 4, 1)) == "paused"
    assert deadline_text(paused, date(2026, 4, 1)) == (
        "paused",
        "补充调查中，自2026年3月2日起暂停计算",
    )


@pytest.mark.django_db
def test_working_day_limits_read_in_working_days():
    reply = clue_deadline(date(2026, 3, 13), kind=ClueDeadlineKind.INQUIRY_REPLY)
    assert deadline_text(reply, MONDAY) == ("running", "还剩9个工作日")


def test_the_states_in_chinese():
    assert DeadlineState("due_soon").label == "即将到期"
    assert DeadlineState.OVERDUE.label == "已超期"


# --- start, meet, running ------------------------------------------------------------------


def test_start_meet_and_running(county):
    from jiandu.clues import services as clues

    clue = clues.clue_create(
        actor=county.users["case_management"],
        source="report",
        summary="反映其违规收受礼金。",
        subject_name="张某",
        received_on=timezone.localdate(),
    )
    start = date(2026, 3, 2)
    started = clue.deadlines.start(
        ClueDeadlineKind.VERIFICATION, start, date(2026, 6, 2), "依据" * 60
    )
    assert started.clue == clue and not started.provisional
    assert started.basis == "依据" * 40  # cut to the field's length
    table = clue.deadlines.start(
        ClueDeadlineKind.SHELVE_REVIEW, start, date(2026, 9, 2), {"shelve_review": "复查"}
    )
    assert table.basis == "复查"  # or looked up by kind in the module's table
    assert clue.deadlines.latest_running(ClueDeadlineKind.VERIFICATION) == started
    met = clue.deadlines.meet(ClueDeadlineKind.VERIFICATION, ClueDeadlineKind.DISPOSITION, on=start)
    assert met == 2  # with the disposition limit the clue started with
    assert clue.deadlines.latest_running(ClueDeadlineKind.VERIFICATION) is None
    assert list(clue.deadlines.running()) == [table]
    started.refresh_from_db()
    assert started.met_on == start


# --- approvals -----------------------------------------------------------------------------


def test_the_proposer_never_approves(county):
    from jiandu.clues import services as clues

    keeper, leader = county.users["case_management"], county.users["leader"]
    clue = clues.clue_create(
        actor=keeper,
        source="report",
        summary="反映其违规收受礼金。",
        subject_name="张某",
        received_on=MONDAY,
    )
    approval = ClueApproval.objects.create(
        clue=clue, step="routing", proposal="拟由第一室承办。", proposed_by=leader
    )
    assert ClueApproval.pending(step="routing", clue=clue) == approval
    with pytest.raises(DomainError, match=SELF_APPROVAL):
        approval.decide(actor=leader, approve=True)
    approval.refresh_from_db()
    assert approval.is_pending and approval.approver is None
    approval.decide(actor=keeper, approve=False, comment="请补充材料")
    approval.refresh_from_db()
    assert (approval.approver, approval.approved, approval.comment) == (
        keeper,
        False,
        "请补充材料",
    )
    assert approval.decided_at is not None
    assert ClueApproval.pending(step="routing", clue=clue) is None
    with pytest.raises(DomainError, match="已经审批"):
        approval.decide(actor=county.users["admin"], approve=True)


def test_a_module_says_the_rule_in_its_own_words(county):
    leader = county.users["leader"]
    approval = CaseApproval(step="filing", proposal="拟立案", proposed_by=leader)
    with pytest.raises(DomainError, match="拟办人不能审批自己的呈批"):
        check_not_proposer(approval, leader)
    check_not_proposer(approval, county.users["case_management"])
    check_not_proposer(approval, None)  # a system actor is no person


def test_no_module_can_store_an_approval_made_and_approved_by_one_person(county):
    """The rule is kept by the row: whatever writes an approval (a service recording an
    approval given on paper, an import, the demo), proposer and approver are two people,
    for every module's approval model."""
    from django.apps import apps

    from jiandu.core.approvals import Approval

    models = [m for m in apps.get_models() if issubclass(m, Approval)]
    assert {m.__name__ for m in models} >= {"CaseApproval", "ClueApproval"}
    leader = county.users["leader"]
    now = timezone.now()
    for model in models:
        row = model(step="x", proposal="拟办", proposed_by=leader, proposed_at=now)
        row.approver, row.decided_at, row.approved = leader, now, True
        with pytest.raises(DomainError, match=model.self_approval_message):
            row.save()
        assert not model.objects.filter(step="x").exists()


def test_decide_pending_needs_a_proposal_by_someone_else(county):
    from jiandu.clues import services as clues

    keeper, leader = county.users["case_management"], county.users["leader"]
    clue = clues.clue_create(
        actor=keeper,
        source="report",
        summary="反映其违规收受礼金。",
        subject_name="张某",
        received_on=MONDAY,
    )
    with pytest.raises(DomainError, match="没有待审批的转办意见"):
        ClueApproval.decide_pending(
            step="routing", clue=clue, actor=leader, approve=True, missing="没有待审批的转办意见"
        )
    ClueApproval.objects.create(clue=clue, step="routing", proposal="拟转办", proposed_by=leader)
    with pytest.raises(DomainError, match=SELF_APPROVAL):
        ClueApproval.decide_pending(step="routing", clue=clue, actor=leader, approve=True)
    approval = ClueApproval.decide_pending(step="routing", clue=clue, actor=keeper, approve=True)
    assert (approval.proposed_by, approval.approver, approval.approved) == (leader, keeper, True)
