"""Influence periods, their combination, the four forms and measure validation
(DOMAIN.md §5–6). Every expected date below is worked out by hand: the decision day is
day 1, the period ends the day before the corresponding day, or on the final month's
last day when that month has no corresponding day; rest days never move it."""

from __future__ import annotations

from datetime import date

import pytest

from jiandu.cases.rules import sanctions
from jiandu.cases.rules.sanctions import (
    FORM_LABELS,
    DecisionPeriod,
    Measure,
    MeasureCategory,
    allowed_for_village_staff,
    combined_period_end,
    decisions_period_end,
    four_form,
    gov_combined_errors,
    gov_combined_range,
    influence_period_end,
    is_permanent,
    measure_form,
    measure_kind,
    measure_severity,
    party_periods,
    probation_end,
    validate_measures,
)

D = date

ISSUE_CODES = [
    "first_talk_reminder",
    "first_criticism",
    "first_written_self_criticism",
    "first_admonition",
    "party_warning",
    "party_serious_warning",
    "party_removal_from_post",
    "party_probation_1y",
    "party_probation_2y",
    "party_expulsion",
    "gov_warning",
    "gov_demerit",
    "gov_major_demerit",
    "gov_demotion",
    "gov_removal_from_post",
    "gov_expulsion",
    "org_suspension",
    "org_post_adjustment",
    "org_ordered_resignation",
    "org_removal",
    "org_demotion",
    "referral_for_prosecution",
]

# code -> last day for decisions on 2026-01-15 / 2026-08-31 / 2028-02-29 (leap day).
# 2026-08-31 + 6 months has no 2027-02-31 → 2027-02-28; + 18 months → 2028-02-29 (leap).
# 2028-02-29 + 12 months has no 2029-02-29 → 2029-02-28.
HAND_WORKED: dict[str, tuple[date | None, date | None, date | None]] = {
    "first_talk_reminder": (None, None, None),
    "first_criticism": (None, None, None),
    "first_written_self_criticism": (None, None, None),
    "first_admonition": (D(2026, 7, 14), D(2027, 2, 28), D(2028, 8, 28)),
    "party_warning": (D(2027, 1, 14), D(2027, 8, 30), D(2029, 2, 28)),
    "party_serious_warning": (D(2027, 7, 14), D(2028, 2, 29), D(2029, 8, 28)),
    "party_removal_from_post": (D(2028, 1, 14), D(2028, 8, 30), D(2030, 2, 28)),
    # probation 12 months (to 2027-01-14), rights restored 2027-01-15, + 24 months.
    # Leap day: probation to 2029-02-28, restored 2029-03-01, + 24 months → 2031-02-28.
    "party_probation_1y": (D(2029, 1, 14), D(2029, 8, 30), D(2031, 2, 28)),
    # Leap day: probation to 2030-02-28, restored 2030-03-01, + 24 → 2032-02-29 (leap).
    "party_probation_2y": (D(2030, 1, 14), D(2030, 8, 30), D(2032, 2, 29)),
    "party_expulsion": (D(2031, 1, 14), D(2031, 8, 30), D(2033, 2, 28)),
    "gov_warning": (D(2026, 7, 14), D(2027, 2, 28), D(2028, 8, 28)),
    "gov_demerit": (D(2027, 1, 14), D(2027, 8, 30), D(2029, 2, 28)),
    "gov_major_demerit": (D(2027, 7, 14), D(2028, 2, 29), D(2029, 8, 28)),
    "gov_demotion": (D(2028, 1, 14), D(2028, 8, 30), D(2030, 2, 28)),
    "gov_removal_from_post": (D(2028, 1, 14), D(2028, 8, 30), D(2030, 2, 28)),
    "gov_expulsion": (None, None, None),
    "org_suspension": (None, None, None),
    "org_post_adjustment": (D(2027, 1, 14), D(2027, 8, 30), D(2029, 2, 28)),
    "org_ordered_resignation": (D(2028, 1, 14), D(2028, 8, 30), D(2030, 2, 28)),
    "org_removal": (D(2028, 1, 14), D(2028, 8, 30), D(2030, 2, 28)),
    "org_demotion": (D(2028, 1, 14), D(2028, 8, 30), D(2030, 2, 28)),
    "referral_for_prosecution": (None, None, None),
}


def test_codes_are_exactly_the_issue_codes_with_chinese_labels():
    assert Measure.values == ISSUE_CODES
    assert set(HAND_WORKED) == set(ISSUE_CODES)
    assert Measure.FIRST_ADMONITION.label == "诫勉"
    assert Measure.PARTY_SERIOUS_WARNING.label == "严重警告"
    assert Measure.GOV_DEMERIT.label == "记过"
    assert Measure.REFERRAL_FOR_PROSECUTION.label == "移送检察机关"
    assert "Measure" in sanctions.__all__ and "influence_period_end" in sanctions.__all__


@pytest.mark.parametrize("code", ISSUE_CODES)
def test_influence_period_end_hand_worked(code):
    mid, month_end, leap_day = HAND_WORKED[code]
    assert influence_period_end(code, D(2026, 1, 15)) == mid
    assert influence_period_end(code, D(2026, 8, 31)) == month_end
    assert influence_period_end(code, D(2028, 2, 29)) == leap_day


def test_influence_period_end_returns_plain_dates():
    end = influence_period_end("party_warning", D(2026, 1, 15))
    assert type(end) is date


@pytest.mark.parametrize(
    ("code", "decided_on", "expected"),
    [
        # the brief's example: 12 months from 2026-01-15 ends 2027-01-14
        ("gov_demerit", D(2026, 1, 15), D(2027, 1, 14)),
        # a start on the 1st ends on a month's last day
        ("gov_warning", D(2026, 3, 1), D(2026, 8, 31)),
        # Jan 31 + 6 months: July 31 exists → July 30
        ("first_admonition", D(2026, 1, 31), D(2026, 7, 30)),
        # Mar 31 + 6 months: no Sept 31 → Sept 30 (the month's last day)
        ("gov_warning", D(2026, 3, 31), D(2026, 9, 30)),
        ("gov_warning", D(2026, 3, 30), D(2026, 9, 29)),
        # Aug 29/30/31 + 6 months in a non-leap February: 28 is the last day for all
        # three, while Aug 28 ends on Feb 27
        ("gov_warning", D(2026, 8, 28), D(2027, 2, 27)),
        ("gov_warning", D(2026, 8, 29), D(2027, 2, 28)),
        ("gov_warning", D(2026, 8, 30), D(2027, 2, 28)),
        # leap February: Aug 29 + 18 months → 2028-02-29 exists → 2028-02-28
        ("party_serious_warning", D(2026, 8, 29), D(2028, 2, 28)),
        ("party_serious_warning", D(2026, 8, 30), D(2028, 2, 29)),
        # Dec 31 + 12 months crosses the year: 2027-12-31 exists → 2027-12-30
        ("party_warning", D(2026, 12, 31), D(2027, 12, 30)),
    ],
)
def test_month_end_examples(code, decided_on, expected):
    assert influence_period_end(code, decided_on) == expected


def test_influence_periods_do_not_roll_over_rest_days():
    # 2026-10-01 is National Day, 2026-01-01 New Year's Day, 2026-08-01 a Saturday:
    # an influence period still ends on them.
    assert influence_period_end("gov_warning", D(2026, 4, 2)) == D(2026, 10, 1)
    assert influence_period_end("party_warning", D(2025, 1, 2)) == D(2026, 1, 1)
    assert influence_period_end("gov_demerit", D(2025, 8, 2)) == D(2026, 8, 1)


def test_probation_end_and_restoration():
    assert probation_end("party_probation_1y", D(2026, 1, 15)) == D(2027, 1, 14)
    assert probation_end("party_probation_2y", D(2026, 1, 15)) == D(2028, 1, 14)
    with pytest.raises(ValueError):
        probation_end("party_warning", D(2026, 1, 15))


def test_permanent_and_unknown():
    assert is_permanent("gov_expulsion")
    assert not is_permanent("party_expulsion")  # 5 years, then re-admission is possible
    assert not is_permanent("first_criticism")
    with pytest.raises(ValueError):
        influence_period_end("gov_firing", D(2026, 1, 15))


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("first_talk_reminder", MeasureCategory.FIRST_FORM),
        ("first_admonition", MeasureCategory.FIRST_FORM),
        ("party_probation_2y", MeasureCategory.PARTY),
        ("gov_expulsion", MeasureCategory.GOVERNMENT),
        ("org_suspension", MeasureCategory.ORGANISATIONAL),
        ("referral_for_prosecution", MeasureCategory.CRIMINAL),
    ],
)
def test_measure_kind(code, kind):
    assert measure_kind(code) == kind


def test_every_code_has_a_kind_form_and_severity():
    for code in ISSUE_CODES:
        assert measure_kind(code) in MeasureCategory.values
        assert measure_form(code) in FORM_LABELS
        assert measure_severity(code) // 100 == measure_form(code)


# ------------------------------------------------------------------ combination rules


def test_same_government_sanction_twice_needs_the_period_the_decision_states():
    """[政务处分法] 15: no default — the decision states the combined period."""
    two = [("gov_demerit", D(2026, 1, 15)), ("gov_demerit", D(2026, 1, 15))]
    with pytest.raises(ValueError, match="应当写明决定确定的政务处分期"):
        combined_period_end(two)
    # 24 months (the sum) from 2026-01-15: corresponding day 2028-01-15, last day 01-14
    assert combined_period_end(two, gov_same_kind_months=24) == D(2028, 1, 14)


def test_same_government_sanction_period_chosen_by_the_decision():
    two = [("gov_demerit", D(2026, 1, 15)), ("gov_demerit", D(2026, 1, 15))]
    assert combined_period_end(two, gov_same_kind_months=18) == D(2027, 7, 14)
    assert combined_period_end(two, gov_same_kind_months=12) == D(2027, 1, 14)
    with pytest.raises(ValueError, match="12个月至24个月"):
        combined_period_end(two, gov_same_kind_months=25)
    with pytest.raises(ValueError):
        combined_period_end(two, gov_same_kind_months=11)


def test_same_government_sanction_capped_at_48_months():
    three = [("gov_removal_from_post", D(2026, 1, 15))] * 3  # 24…72 months → 24…48
    assert combined_period_end(three, gov_same_kind_months=48) == D(2030, 1, 14)
    with pytest.raises(ValueError, match="24个月至48个月"):
        combined_period_end(three, gov_same_kind_months=49)


def test_gov_combined_errors_in_chinese():
    assert gov_combined_errors(["gov_demerit"], 1, None) == []
    assert gov_combined_errors(["gov_demerit"], 3, 30) == []  # 12 … 36
    assert gov_combined_range("gov_major_demerit", 3) == (18, 48)  # 54 capped at 48
    assert gov_combined_range("gov_warning", 2) == (6, 12)
    (msg,) = gov_combined_errors(["party_warning", "gov_demerit"], 2, 25)
    assert "12个月至24个月" in msg and "《政务处分法》第十五条" in msg and "25个月" in msg
    (msg,) = gov_combined_errors(["gov_expulsion"], 2, None)
    assert "撤职以下" in msg
    (msg,) = gov_combined_errors(["gov_demerit"], 1, 18)  # one 记过 is 12 months by law
    assert "法定的12个月" in msg
    (msg,) = gov_combined_errors(["party_warning"], 2, None)
    assert "未给予政务处分" in msg


def test_different_government_sanctions_only_the_heaviest_counts():
    mixed = [("gov_demerit", D(2026, 1, 15)), ("gov_major_demerit", D(2026, 1, 15))]
    assert combined_period_end(mixed) == D(2027, 7, 14)  # 记大过 18 months alone
    # the heaviest given twice, combined period stated as 36 months (18 … 36);
    # the lighter 记过 is not added: 2026-01-15 + 36 months → 2029-01-14
    mixed.append(("gov_major_demerit", D(2026, 1, 15)))
    assert combined_period_end(mixed, gov_same_kind_months=36) == D(2029, 1, 14)


def test_sanction_and_organisational_measure_the_longer_governs():
    day = D(2026, 1, 15)
    assert combined_period_end([("gov_demerit", day), ("org_demotion", day)]) == D(2028, 1, 14)
    removal = [("party_removal_from_post", day), ("org_post_adjustment", day)]
    assert combined_period_end(removal) == D(2028, 1, 14)
    # party and government sanction side by side: 严重警告 18 > 记过 12
    side_by_side = [("party_serious_warning", day), ("gov_demerit", day)]
    assert combined_period_end(side_by_side) == D(2027, 7, 14)


def test_new_party_sanction_inside_a_running_party_period_adds_the_remainder():
    """[处分条例] 21 (binding): 原处分尚未执行的影响期与新处分影响期之和."""
    # 党内警告 2026-01-15 → last day 2027-01-14 (12 months, the day before 2027-01-15)
    running = [(D(2026, 1, 15), D(2027, 1, 14))]
    # 严重警告 2026-06-01: 18 months → 2027-11-30 on its own; unexpired remainder
    # 2026-06-01 … 2027-01-14 = 30 (June) + 184 (Jul–Dec) + 14 = 228 days, both ends
    # included; 2027-11-30 + 228 days = 2028-07-15 (Dec 31, Jan 31, Feb 29 — 2028 is a
    # leap year —, Mar 31, Apr 30, May 31, Jun 30, Jul 15).
    assert combined_period_end([("party_serious_warning", D(2026, 6, 1))], running=running) == D(
        2028, 7, 15
    )
    # decided on the running period's last day 2027-01-14: 警告 → 2028-01-13 + 1 day
    assert combined_period_end([("party_warning", D(2027, 1, 14))], running=running) == (
        D(2028, 1, 14)
    )
    # decided the day after it ended: nothing remains; 2027-01-15 + 12 months → 2028-01-14
    assert combined_period_end([("party_warning", D(2027, 1, 15))], running=running) == (
        D(2028, 1, 14)
    )


def test_other_measures_inside_a_running_party_period_run_side_by_side():
    """The remainder rule is about a party sanction in a party period only: a government
    sanction or an organisational measure does not add the party remainder."""
    running = [(D(2026, 1, 15), D(2027, 1, 14))]
    # 政务警告 2026-06-01 → 2026-11-30 on its own; the party period goes on to 2027-01-14
    assert combined_period_end([("gov_warning", D(2026, 6, 1))], running=running) == (
        D(2027, 1, 14)
    )
    # 记大过 2026-06-01 → 2027-11-30 (18 months), no 228 days added
    assert combined_period_end([("gov_major_demerit", D(2026, 6, 1))], running=running) == (
        D(2027, 11, 30)
    )


def test_two_decisions_in_one_call_are_applied_in_date_order():
    # 警告 2026-01-15 → 2027-01-14; 警告 again 2026-12-15 → 2027-12-14 on its own,
    # + 2026-12-15 … 2027-01-14 (17 + 14 = 31 days) → 2028-01-14
    measures = [("party_warning", D(2026, 12, 15)), ("party_warning", D(2026, 1, 15))]
    assert combined_period_end(measures) == D(2028, 1, 14)
    # a 政务警告 on 2026-12-15 instead runs side by side: 2027-06-14 > 2027-01-14
    measures = [("gov_warning", D(2026, 12, 15)), ("party_warning", D(2026, 1, 15))]
    assert combined_period_end(measures) == D(2027, 6, 14)


def test_party_periods_chain_for_later_decisions():
    first = DecisionPeriod(D(2026, 1, 15), ("party_warning",))
    second = DecisionPeriod(D(2026, 6, 1), ("party_serious_warning", "gov_demerit"))
    assert party_periods([first, second]) == [
        (D(2026, 1, 15), D(2027, 1, 14)),
        (D(2026, 6, 1), D(2028, 7, 15)),  # as worked out above
    ]
    assert decisions_period_end([second, first]) == D(2028, 7, 15)
    # a decision counted from an earlier day (changed on appeal, period_from)
    changed = DecisionPeriod(D(2026, 3, 10), ("party_warning", "gov_warning"))
    assert decisions_period_end([changed]) == D(2027, 3, 9)


def test_running_period_that_ended_or_a_decision_without_period():
    ended = [(D(2025, 1, 1), D(2025, 12, 31))]
    assert combined_period_end([("party_warning", D(2026, 1, 15))], running=ended) == D(2027, 1, 14)
    running = [(D(2026, 1, 15), D(2027, 1, 14))]
    assert combined_period_end([("first_criticism", D(2026, 3, 1))], running=running) == (
        D(2027, 1, 14)
    )
    assert combined_period_end([("first_criticism", D(2026, 3, 1))]) is None
    assert combined_period_end([]) is None


def test_permanent_measure_makes_the_combination_permanent():
    running = [(D(2026, 1, 15), D(2027, 1, 14))]
    day = D(2026, 5, 1)
    assert combined_period_end([("gov_expulsion", day), ("party_expulsion", day)]) is None
    assert combined_period_end([("gov_expulsion", day)], running=running) is None


# ------------------------------------------------------------------------ four forms


@pytest.mark.parametrize(
    ("measures", "form"),
    [
        ([], None),
        (["first_talk_reminder"], 1),
        (["first_criticism", "first_written_self_criticism"], 1),
        (["first_admonition"], 1),
        (["party_warning"], 2),
        (["party_serious_warning", "gov_demerit"], 2),
        (["gov_warning"], 2),
        (["gov_major_demerit"], 2),
        (["org_suspension"], 2),
        (["org_post_adjustment", "first_admonition"], 2),
        (["org_ordered_resignation"], 2),
        (["org_removal"], 2),
        (["party_removal_from_post"], 3),
        (["party_probation_1y"], 3),
        (["party_probation_2y", "gov_removal_from_post"], 3),
        (["org_demotion"], 3),
        (["gov_demotion"], 3),
        (["party_expulsion", "gov_expulsion"], 3),
        (["party_expulsion", "gov_expulsion", "referral_for_prosecution"], 4),
        (("first_criticism", "party_warning", "org_demotion"), 3),  # heaviest counts
    ],
)
def test_four_form(measures, form):
    assert four_form(measures) == form


def test_four_form_accepts_iterators_and_labels():
    assert four_form(iter(["party_warning", "referral_for_prosecution"])) == 4
    assert FORM_LABELS[four_form(["party_warning"])] == "第二种形态"


def test_severity_orders_measures_within_each_system():
    ladders = [
        ["first_talk_reminder", "first_criticism", "first_written_self_criticism"],
        ["party_warning", "party_serious_warning", "party_removal_from_post"],
        ["party_removal_from_post", "party_probation_1y", "party_probation_2y"],
        ["party_probation_2y", "party_expulsion"],
        ["gov_warning", "gov_demerit", "gov_major_demerit", "gov_demotion"],
        ["gov_demotion", "gov_removal_from_post", "gov_expulsion"],
        ["org_post_adjustment", "org_ordered_resignation", "org_removal", "org_demotion"],
        ["party_expulsion", "referral_for_prosecution"],
    ]
    for ladder in ladders:
        weights = [measure_severity(code) for code in ladder]
        assert weights == sorted(set(weights)), ladder
    # same form and period weigh the same across systems
    assert measure_severity("party_warning") == measure_severity("gov_demerit")


# ------------------------------------------------------------------------ validation


def test_village_staff_only_warning_demerit_major_demerit():
    allowed = {c for c in ISSUE_CODES if c.startswith("gov_") and allowed_for_village_staff(c)}
    assert allowed == {"gov_warning", "gov_demerit", "gov_major_demerit"}
    assert allowed_for_village_staff("party_warning")
    assert allowed_for_village_staff("first_admonition")
    errors = validate_measures(["gov_demotion"], is_party_member=True, is_village_staff=True)
    assert errors == [
        "村（社区）工作人员只能给予警告、记过、记大过政务处分，不能给予降级（《政务处分法》第二十二条）"
    ]
    assert (
        validate_measures(["gov_major_demerit"], is_party_member=False, is_village_staff=True) == []
    )


def test_valid_combination_has_no_errors():
    ok = ["party_serious_warning", "gov_demerit", "org_removal"]
    assert validate_measures(ok, is_party_member=True, is_village_staff=False) == []
    assert validate_measures([], is_party_member=False, is_village_staff=False) == []


def test_non_party_member_cannot_get_party_sanctions():
    errors = validate_measures(
        ["party_warning", "gov_demerit"], is_party_member=False, is_village_staff=False
    )
    assert errors == ["非中共党员不能给予党纪处分（警告）"]


def test_expulsion_excludes_other_party_sanctions():
    errors = validate_measures(
        ["party_expulsion", "party_probation_2y"], is_party_member=True, is_village_staff=False
    )
    assert errors == ["开除党籍不能与其他党纪处分（留党察看二年）同时给予"]


def test_one_party_and_one_government_sanction_per_decision():
    errors = validate_measures(
        ["party_warning", "party_serious_warning", "gov_warning", "gov_demerit"],
        is_party_member=True,
        is_village_staff=False,
    )
    assert errors[0] == "一次决定只能给予一种党纪处分，现为：警告、严重警告"
    assert errors[1].startswith("一次决定只能给予一种政务处分，现为：政务警告、记过")
    assert len(errors) == 2


def test_unknown_and_repeated_codes():
    errors = validate_measures(
        ["gov_firing", "first_criticism", "first_criticism"],
        is_party_member=True,
        is_village_staff=False,
    )
    assert errors == ["未知的处理措施：gov_firing", "处理措施重复：批评教育"]
