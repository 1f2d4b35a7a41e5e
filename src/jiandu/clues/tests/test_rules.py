"""Every clue time limit on hand-worked dates across holidays and make-up days
(DOMAIN.md §1, §3). 2026: Spring Festival off 2-15..2-23, make-up Sat 2-14 and 2-28;
Qingming 4-4..4-6; Labour Day 5-1..5-5; National Day 10-1..10-7, make-up Sat 10-10."""

from datetime import date

import pytest

from jiandu.clues import rules


@pytest.mark.parametrize(
    ("rule", "args", "expected"),
    [
        # 1 month after 1-31 → 2-28 (no 2-31), a make-up working Saturday: stays.
        (rules.disposition_due, (date(2026, 1, 31),), date(2026, 2, 28)),
        # 1 month after 9-1 → 10-1, National Day → first working day 10-8.
        (rules.disposition_due, (date(2026, 9, 1),), date(2026, 10, 8)),
        # 15 working days from Tue 2-10: 11,12,13, Sat 14 (4); 24..27 (8); Sat 28 (9);
        # 3-2..3-6 (14); Mon 3-9 (15).
        (rules.inquiry_reply_due, (date(2026, 2, 10),), date(2026, 3, 9)),
        # From Mon 9-28: 29, 30; 10-8, 10-9, Sat 10-10 (5); 12..16 (10); 19..23 (15).
        (rules.talk_explanation_due, (date(2026, 9, 28),), date(2026, 10, 23)),
        # 1 month after 4-4 → Mon 5-4, inside Labour Day → Wed 5-6.
        (rules.inquiry_report_due, (date(2026, 4, 4),), date(2026, 5, 6)),
        # 3 months after 7-1 → 10-1 → 10-8.
        (rules.inspection_feedback_due, (date(2026, 7, 1),), date(2026, 10, 8)),
        # 2 months after 8-7 → 10-7, still National Day → 10-8.
        (rules.verification_due, (date(2026, 8, 7), 2), date(2026, 10, 8)),
        # 6 months after 4-30 → Fri 10-30, a working day.
        (rules.shelve_review_due, (date(2026, 4, 30), 6), date(2026, 10, 30)),
        # 6 months after 8-31 → 2-28 2027: a year nobody has entered (weekends only):
        # Sunday → Monday 3-1, and provisional.
        (rules.shelve_review_due, (date(2026, 8, 31), 6), date(2027, 3, 1)),
    ],
)
def test_time_limits_on_the_legal_calendar(rule, args, expected):
    assert rule(*args) == expected


def test_a_limit_in_an_unentered_year_is_provisional():
    assert rules.shelve_review_due(date(2026, 8, 31), 6).provisional
    assert not rules.shelve_review_due(date(2026, 4, 30), 6).provisional


@pytest.mark.django_db
def test_report_deadlines_across_national_day(county):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from jiandu.intake import services

    report = services.report_register(
        actor=county.users["petition"],
        channel="letter",
        is_named=True,
        received_at=datetime(2026, 9, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
        content="反映某局长违规收受礼金的问题。",
        reporter={"name": "钱某"},
    )
    # 5 working days after Mon 9-28: 29, 30, 10-8, 10-9, Sat 10-10 (make-up).
    assert report.jurisdiction_due == date(2026, 10, 10)
    assert report.ack_due == date(2026, 10, 23)  # 15 working days ([检举控告规则] 26)
