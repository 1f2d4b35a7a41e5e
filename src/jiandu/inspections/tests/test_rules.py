"""The item state machine, close-out, the report deadline, escalation and the rates as
pure rules (DOMAIN.md §8)."""

from datetime import date

import pytest

from jiandu.core.errors import DomainError, IllegalTransition
from jiandu.inspections import rules
from jiandu.inspections.models import ItemStatus as S

pytestmark = pytest.mark.django_db  # the legal calendar reads its holiday table

INTERVALS = {"notice": 1, "reminder": 15, "warning": 15, "accountability": 30}
ALL_STATES = list(S.values)


@pytest.mark.parametrize("action", sorted(rules.TRANSITIONS))
def test_every_illegal_move_is_refused_with_a_chinese_reason(action):
    allowed, target = rules.TRANSITIONS[action]
    for state in ALL_STATES:
        if state in allowed:
            assert rules.MACHINE.check(state, action) == target
        else:
            with pytest.raises(IllegalTransition) as exc:
                rules.MACHINE.check(state, action)
            assert "不能" in exc.value.message and S(state).label in exc.value.message


def test_the_lifecycle_table():
    assert rules.MACHINE.check(S.NOT_STARTED, "report_progress") == S.IN_PROGRESS
    assert rules.MACHINE.check(S.IN_PROGRESS, "report_done") == S.DONE
    assert rules.MACHINE.check(S.DONE, "close") == S.CLOSED
    assert rules.MACHINE.check(S.DONE, "accept_long_term") == S.LONG_TERM
    assert rules.MACHINE.check(S.DONE, "reject") == S.IN_PROGRESS
    assert rules.MACHINE.check(S.CLOSED, "reopen") == S.IN_PROGRESS
    # Nothing closes without the check: not from "in progress", not from "not started".
    for state in (S.NOT_STARTED, S.IN_PROGRESS):
        with pytest.raises(IllegalTransition):
            rules.MACHINE.check(state, "close")
    with pytest.raises(IllegalTransition):
        rules.MACHINE.check(S.DONE, "no_such_step")


def test_close_out_needs_evidence_and_a_checker_other_than_the_owner():
    ok = {"checker_id": 2, "checker_unit_id": 20, "reporter_id": 1, "responsible_unit_id": 10}
    rules.check_close_out(evidence_count=1, **ok)
    with pytest.raises(DomainError, match="佐证材料"):
        rules.check_close_out(evidence_count=0, **ok)
    with pytest.raises(DomainError, match="不能验收自己"):
        rules.check_close_out(evidence_count=1, **{**ok, "checker_id": 1})
    with pytest.raises(DomainError, match="责任单位不能验收"):
        rules.check_close_out(evidence_count=1, **{**ok, "checker_unit_id": 10})
    # The system (no person) still needs evidence.
    with pytest.raises(DomainError):
        rules.check_close_out(evidence_count=0, **{**ok, "checker_id": None})


def test_the_rectification_report_is_due_two_months_after_feedback():
    # [巡视条例] 27; [条例] 285: 2026-09-01 + 2 months = 2026-11-01, a Sunday → Monday.
    assert rules.report_due(date(2026, 9, 1)) == date(2026, 11, 2)
    # Month end: 2025-12-31 + 2 months → 2026-02-28 (a make-up working day, Saturday).
    assert rules.report_due(date(2025, 12, 31)) == date(2026, 2, 28)
    # National Day: 2026-08-01 + 2 months → 2026-10-01 → first working day 2026-10-08.
    assert rules.report_due(date(2026, 8, 1)) == date(2026, 10, 8)


def test_overdue_is_open_past_the_deadline_only():
    today = date(2026, 6, 10)
    deadline = date(2026, 6, 9)
    assert rules.is_overdue(S.NOT_STARTED, deadline, today)
    assert rules.is_overdue(S.IN_PROGRESS, deadline, today)
    assert not rules.is_overdue(S.IN_PROGRESS, today, today)  # due today is not late
    for state in (S.DONE, S.CLOSED, S.LONG_TERM):  # waiting for the check, or closed
        assert not rules.is_overdue(state, deadline, today)


def test_escalation_climbs_the_ladder_step_by_step_after_each_interval():
    deadline = date(2026, 3, 2)  # Monday
    step = rules.next_escalation(
        status=S.IN_PROGRESS, deadline=deadline, issued=[], intervals=INTERVALS
    )
    assert step.level == "notice" and step.due_on == date(2026, 3, 3)
    issued = [("notice", date(2026, 3, 4))]
    step = rules.next_escalation(
        status=S.IN_PROGRESS, deadline=deadline, issued=issued, intervals=INTERVALS
    )
    # 15 days after the notice: 2026-03-19 (Thursday).
    assert step.level == "reminder" and step.due_on == date(2026, 3, 19)
    issued += [("reminder", date(2026, 3, 19)), ("warning", date(2026, 4, 3))]
    step = rules.next_escalation(
        status=S.IN_PROGRESS, deadline=deadline, issued=issued, intervals=INTERVALS
    )
    # 30 days after the warning: 2026-05-03 falls in the May Day holiday → 2026-05-06.
    assert step.level == "accountability" and step.due_on == date(2026, 5, 6)
    issued.append(("accountability", date(2026, 5, 6)))
    assert (
        rules.next_escalation(
            status=S.IN_PROGRESS, deadline=deadline, issued=issued, intervals=INTERVALS
        )
        is None
    )
    # Done, waiting for the check: nothing to escalate.
    assert (
        rules.next_escalation(status=S.DONE, deadline=deadline, issued=[], intervals=INTERVALS)
        is None
    )


def test_escalation_refuses_skipping_a_step_going_early_or_an_item_not_overdue():
    deadline = date(2026, 3, 2)
    base = {"status": S.IN_PROGRESS, "deadline": deadline, "intervals": INTERVALS}
    rules.check_escalation(level="notice", issued=[], on=date(2026, 3, 3), **base)
    with pytest.raises(DomainError, match="逐级"):
        rules.check_escalation(level="warning", issued=[], on=date(2026, 4, 30), **base)
    with pytest.raises(DomainError, match="尚未超过完成时限"):
        rules.check_escalation(level="notice", issued=[], on=date(2026, 3, 2), **base)
    with pytest.raises(DomainError, match="以后发出"):
        rules.check_escalation(
            level="reminder", issued=[("notice", date(2026, 3, 3))], on=date(2026, 3, 10), **base
        )
    with pytest.raises(DomainError, match="已销号"):
        rules.check_escalation(
            level="notice", issued=[], on=date(2026, 4, 1), **{**base, "status": S.CLOSED}
        )


def test_rates_closed_over_all_and_on_time():
    today = date(2026, 6, 30)
    items = [
        rules.ItemFacts(S.CLOSED, date(2026, 5, 31), date(2026, 5, 20)),  # on time
        rules.ItemFacts(S.LONG_TERM, date(2026, 5, 31), date(2026, 6, 5)),  # closed, late
        rules.ItemFacts(S.DONE, date(2026, 6, 15), date(2026, 6, 10)),  # waiting for check
        rules.ItemFacts(S.IN_PROGRESS, date(2026, 6, 1), None),  # overdue
        rules.ItemFacts(S.NOT_STARTED, date(2026, 7, 31), None),
    ]
    r = rules.rates(items, today)
    assert (r.total, r.closed, r.closed_on_time, r.overdue, r.done_pending) == (5, 2, 1, 1, 1)
    assert r.rate == pytest.approx(0.4) and r.on_time_rate == pytest.approx(0.2)
    assert rules.percent(r.rate) == "40.0%"
    assert rules.rates([], today).rate is None and rules.percent(None) == "—"


def test_repeat_categories_are_those_found_in_two_or_more_rounds():
    found = [(1, "integrity"), (1, "political"), (3, "integrity"), (3, "integrity"), (2, "conduct")]
    assert rules.repeat_categories(found) == {"integrity": [1, 3]}


def test_the_policy_defaults_are_in_the_database_as_documented():
    from jiandu.core.models import PolicyValue
    from jiandu.inspections.selectors import escalation_intervals

    for key, value, _, _ in rules.POLICY_DEFAULTS:
        row = PolicyValue.objects.get(key=key)
        assert (row.value, row.unit) == (value, "日")
    assert escalation_intervals(date(2026, 1, 1)) == INTERVALS
