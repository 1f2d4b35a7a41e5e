"""The stage machine, the stage documents and the case time limits (DOMAIN.md §4), on
hand-worked dates of the 2026 calendar: National Day 10-01…10-07, Spring Festival with
10 Feb… 02-23 rest and Saturdays 02-14 and 02-28 worked, Labour Day 05-01…05-05."""

from datetime import date

import pytest

from jiandu.cases.rules import stages as r
from jiandu.cases.rules.stages import Stage
from jiandu.core.calendar import DueDate
from jiandu.core.errors import IllegalTransition

pytestmark = pytest.mark.django_db  # the legal calendar reads its tables


# --- the state machine -----------------------------------------------------------------

ALL_PAIRS = [(stage, action) for stage in Stage.values for action in r.TRANSITIONS]


@pytest.mark.parametrize(("stage", "action"), ALL_PAIRS)
def test_every_transition_and_every_illegal_one(stage, action):
    allowed, target = r.TRANSITIONS[action]
    if stage in allowed:
        assert r.MACHINE.check(stage, action) == target
    else:
        with pytest.raises(IllegalTransition) as exc:
            r.MACHINE.check(stage, action)
        assert Stage(stage).label in exc.value.message
        assert r.ACTION_LABELS[action] in exc.value.message


def test_unknown_action_is_refused():
    with pytest.raises(IllegalTransition, match="未知操作"):
        r.MACHINE.check(Stage.FILED, "jump")


def test_the_main_path_and_its_branches():
    path = [
        ("approve_filing", Stage.FILED),
        ("start_investigation", Stage.INVESTIGATION),
        ("refer_review", Stage.REFERRED),
        ("accept_review", Stage.REVIEW),
        ("return_supplementary", Stage.SUPPLEMENTARY),
        ("resubmit", Stage.REVIEW),
        ("refer_prosecution", Stage.PROSECUTION),
        ("prosecution_return", Stage.PROSECUTION_SUPPLEMENTARY),
        ("prosecution_resubmit", Stage.PROSECUTION),
        ("decide", Stage.DECIDED),
        ("serve", Stage.EXECUTION),
        ("close", Stage.CLOSED),
        ("appeal", Stage.APPEAL),
        ("appeal_decide", Stage.CLOSED),
    ]
    stage = Stage.PROPOSED
    for action, expected in path:
        stage = r.MACHINE.check(stage, action)
        assert stage == expected
    # Closed and revoked tracks cannot be revoked or reopened.
    for final in (Stage.CLOSED, Stage.REVOKED, Stage.WITHDRAWN):
        with pytest.raises(IllegalTransition):
            r.MACHINE.check(final, "revoke")
    assert r.MACHINE.check(Stage.REVIEW, "return_reinvestigate") == Stage.INVESTIGATION


def test_the_case_stage_is_the_least_advanced_open_track():
    assert r.case_stage([Stage.CLOSED, Stage.REVIEW, Stage.INVESTIGATION]) == Stage.INVESTIGATION
    assert r.case_stage([Stage.CLOSED, Stage.REVOKED]) == Stage.CLOSED
    assert r.case_stage([Stage.REVOKED]) == Stage.REVOKED


# --- stage documents -------------------------------------------------------------------


def test_required_documents_per_stage_and_action():
    assert r.required_documents(Stage.FILED, "start_investigation") == ["filing_decision"]
    assert r.required_documents(Stage.INVESTIGATION, "refer_review") == ["investigation_report"]
    assert r.required_documents(Stage.REVIEW, "decide") == ["review_report"]
    assert r.required_documents(Stage.REVIEW, "refer_prosecution") == [
        "review_report",
        "prosecution_opinion",
    ]
    assert r.required_documents(Stage.EXECUTION, "close") == ["execution_report"]
    assert r.required_documents(Stage.INVESTIGATION, "revoke") == ["revocation_decision"]
    # Serving needs the decision documents of the kinds of measure decided.
    assert r.required_documents(Stage.DECIDED, "serve", measure_kinds=["party"]) == [
        "party_sanction_decision"
    ]
    assert r.required_documents(Stage.DECIDED, "serve", measure_kinds=["party", "government"]) == [
        "party_sanction_decision",
        "gov_sanction_decision",
    ]
    assert r.required_documents(Stage.DECIDED, "serve", measure_kinds=["first_form"]) == []
    # Sending a case back does not need the stage's documents.
    assert r.required_documents(Stage.REVIEW, "return_supplementary") == []
    assert r.missing_documents(Stage.REVIEW, "refer_prosecution", {"review_report"}) == [
        "prosecution_opinion"
    ]


# --- time limits -----------------------------------------------------------------------


def test_investigation_year_rolls_over_national_day():
    # [条例] 185: 2025-10-01 + 1 year = 2026-10-01, National Day → 2026-10-08.
    assert r.investigation_due(date(2025, 10, 1)) == date(2026, 10, 8)
    assert r.investigation_due(date(2025, 3, 10)) == date(2026, 3, 10)  # a Tuesday
    # +6 months with the higher approval: 2025-04-01 + 18 months = 2026-10-01 → 10-08.
    assert r.investigation_due(date(2025, 4, 1), extended=True) == date(2026, 10, 8)


def test_detention_ends_on_its_date_even_on_a_holiday():
    # [监察法] 43; [条例] 285: 2026-07-01 + 3 months = 2026-10-01, National Day: not moved.
    due = r.detention_due(date(2026, 7, 1))
    assert due == date(2026, 10, 1)
    assert not due.provisional
    # Month end: 2026-11-30 + 3 months = 2027-02-28, no rolling over, not provisional
    # although 2027 is not in the calendar (the result does not depend on holidays).
    due = r.detention_due(date(2026, 11, 30))
    assert due == date(2027, 2, 28) and not due.provisional
    # One extension of 3 months from the first period's last day: 2026-10-01 → 2027-01-01
    # (New Year's Day), again on its date.
    assert r.detention_extended_due(date(2026, 10, 1)) == date(2027, 1, 1)
    # A Saturday end stays a Saturday.
    assert r.detention_due(date(2026, 2, 21)) == date(2026, 5, 21)
    assert r.detention_due(date(2026, 2, 2)) == date(2026, 5, 2)  # Labour Day holiday


def test_review_month_with_holidays_pauses_and_extensions():
    # [条例] 194: 2026-09-01 + 1 month = 10-01 → 10-08.
    assert r.review_due(date(2026, 9, 1)) == date(2026, 10, 8)
    # A make-up working Saturday ends the period on that Saturday: 01-28 → 02-28.
    assert r.review_due(date(2026, 1, 28)) == date(2026, 2, 28)
    # Month end: 01-31 → 02-28 (a worked Saturday).
    assert r.review_due(date(2026, 1, 31)) == date(2026, 2, 28)
    # [条例] 197: 12 days of supplementary investigation are not counted:
    # 08-20 + 1 month = 09-20, + 12 days = 10-02 (holiday) → 10-08.
    assert r.review_due(date(2026, 8, 20), paused_days=12) == date(2026, 10, 8)
    # One approved extension adds a month: 03-31 + 2 months = 05-31 (Sunday) → 06-01.
    assert r.review_due(date(2026, 3, 31), extensions=1) == date(2026, 6, 1)


def test_service_execution_prosecution_and_appeal_limits():
    # Service within a month: 2026-04-01 → 05-01 (Labour Day) → 05-06.
    assert r.service_due(date(2026, 4, 1)) == date(2026, 5, 6)
    # Execution one month, at most six.
    assert r.execution_due(date(2026, 9, 1)) == date(2026, 10, 8)
    assert r.execution_due(date(2026, 4, 1), months=6) == date(2026, 10, 8)
    with pytest.raises(IllegalTransition, match=r"6"):
        r.execution_due(date(2026, 4, 1), months=7)
    # Supplementary investigation for the procuratorate: 1 month, into an unknown year.
    due = r.prosecution_supplement_due(date(2026, 12, 31))
    assert isinstance(due, DueDate)
    assert due == date(2027, 2, 1)  # 2027-01-31 is a Sunday (weekends only: provisional)
    assert due.provisional
    # Appeals: party 3 months, 复审 1, 复核 2.
    assert r.appeal_due(date(2026, 7, 1), r.AppealKind.PARTY) == date(2026, 10, 8)
    assert r.appeal_due(date(2026, 3, 5), r.AppealKind.REEXAMINATION) == date(2026, 4, 7)
    assert r.appeal_due(date(2026, 3, 5), r.AppealKind.RECHECK) == date(2026, 5, 6)


def test_execution_counts_from_the_decision_not_from_the_service():
    """[条例] 203; [处分条例] 44; [政务处分法] 54: decided 2026-04-10 (Friday), served
    05-08: the month runs from the decision — 05-10 is a Sunday, so the last day is
    Monday 05-11 (05-09 is a make-up working day for Labour Day, but the corresponding
    day itself is 05-10). Counted from the service it would be 06-08."""
    assert r.execution_due(date(2026, 4, 10)) == date(2026, 5, 11)
    # The six-month maximum also from the decision: 2026-10-10 is a Saturday worked
    # instead of a National Day holiday (State Council 2026), so it stays 10-10 — not
    # 11-09 (05-08 + 6 months = 11-08, a Sunday).
    assert r.execution_due(date(2026, 4, 10), months=6) == date(2026, 10, 10)


def test_appeal_application_limits():
    """[条例] 210: apply for a 复审 within 1 month of receiving the decision, for a 复核
    within 1 month of receiving the 复审 decision; no limit written for a party appeal."""
    # received 2026-03-12 → 04-12 is a Sunday → Monday 04-13
    assert r.appeal_apply_due(date(2026, 3, 12), r.AppealKind.REEXAMINATION) == date(2026, 4, 13)
    # received the 复审 decision 2026-05-11 → 06-11 (Thursday)
    assert r.appeal_apply_due(date(2026, 5, 11), r.AppealKind.RECHECK) == date(2026, 6, 11)
    assert r.appeal_apply_due(date(2026, 5, 11), r.AppealKind.PARTY) is None
    # decided within 2 months of the 复核's acceptance: 2026-06-15 → 08-15 (Saturday)
    # → Monday 08-17
    assert r.appeal_due(date(2026, 6, 15), r.AppealKind.RECHECK) == date(2026, 8, 17)
    assert "第二百一十条" in r.DEADLINE_BASIS[r.CaseDeadlineKind.APPEAL]


def test_recommendation_reply_in_thirty_days():
    # 2026-09-01 + 30 days = 10-01 (National Day) → 10-08.
    assert r.recommendation_reply_due(date(2026, 9, 1)) == date(2026, 10, 8)
    assert r.recommendation_reply_due(date(2026, 3, 2)) == date(2026, 4, 1)
