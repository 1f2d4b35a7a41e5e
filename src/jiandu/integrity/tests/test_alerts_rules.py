"""The early alerts' plain rules, with hand-worked dates."""

from datetime import date

from jiandu.core.errors import IllegalTransition
from jiandu.integrity import alert_rules as rules
from jiandu.integrity.alert_rules import Dated


def test_five_years_are_reached_on_the_same_day_five_years_later():
    # started 2021-03-01: 2026-02-28 is 5 years less a day, 2026-03-01 is 5 years.
    start = date(2021, 3, 1)
    assert not rules.tenure_reached(start=start, on=date(2026, 2, 28), years=5)
    assert rules.tenure_reached(start=start, on=date(2026, 3, 1), years=5)


def test_a_leap_day_start_reaches_its_years_on_28_february():
    # 2020-02-29 + 5 years: 2025 has no 29 February, so 2025-02-28.
    assert rules.add_years(date(2020, 2, 29), 5) == date(2025, 2, 28)
    assert rules.tenure_reached(start=date(2020, 2, 29), on=date(2025, 2, 28), years=5)


def test_tenure_text():
    assert rules.tenure_text(date(2020, 3, 1), date(2025, 5, 31)) == "5年2个月"
    assert rules.tenure_text(date(2020, 3, 15), date(2025, 3, 14)) == "4年11个月"
    assert rules.tenure_text(date(2020, 3, 1), date(2030, 3, 1)) == "10年"


def test_key_and_leading_posts():
    assert rules.is_key_post(title="局长", is_head=True)  # the head is always key
    assert rules.is_key_post(title="财务股股长", is_head=False)
    assert rules.is_key_post(title="招标采购中心主任", is_head=False)
    assert not rules.is_key_post(title="教师", is_head=False)
    assert rules.is_leading_post(is_head=False, is_leadership=True)
    assert not rules.is_leading_post(is_head=False, is_leadership=False)


def test_three_reports_within_twelve_months_are_an_episode():
    # 2025-01-10 + 12 months = 2026-01-10: a report on 2026-01-09 is inside.
    reports = [Dated(1, date(2025, 1, 10)), Dated(2, date(2025, 6, 1)), Dated(3, date(2026, 1, 9))]
    assert rules.report_episodes(reports, count=3, months=12) == [reports]


def test_three_reports_over_thirteen_months_are_none():
    # from 2025-01-10 the window ends before 2026-01-10 (two reports); from 2025-06-01 it
    # holds 2025-06-01 and 2026-02-10 only.
    reports = [Dated(1, date(2025, 1, 10)), Dated(2, date(2025, 6, 1)), Dated(3, date(2026, 2, 10))]
    assert rules.report_episodes(reports, count=3, months=12) == []
    # exactly 12 months later is outside the window too
    edge = [Dated(1, date(2025, 1, 10)), Dated(2, date(2025, 6, 1)), Dated(3, date(2026, 1, 10))]
    assert rules.report_episodes(edge, count=3, months=12) == []


def test_episodes_do_not_overlap_and_start_from_the_earliest():
    # four reports in six months are one episode (keyed on the first), not two
    days = [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1), date(2025, 6, 1)]
    reports = [Dated(i, d) for i, d in enumerate(days, start=1)]
    episodes = rules.report_episodes(reports, count=3, months=12)
    assert [[r.id for r in e] for e in episodes] == [[1, 2, 3, 4]]
    # a later report outside the first window starts a new count
    more = [*reports, Dated(5, date(2026, 3, 1)), Dated(6, date(2026, 4, 1))]
    assert len(rules.report_episodes(more, count=3, months=12)) == 1


def test_an_episode_is_recent_while_its_last_report_is_under_the_window_old():
    episode = [Dated(1, date(2024, 1, 1)), Dated(2, date(2024, 5, 1))]
    assert rules.is_recent(episode, on=date(2025, 4, 30), months=12)
    assert not rules.is_recent(episode, on=date(2025, 5, 1), months=12)


def test_handling_machine_allows_one_handling_from_open():
    assert rules.MACHINE.check("open", "talk") == "talked"
    assert rules.MACHINE.check("open", "focus") == "focus"
    assert rules.MACHINE.check("open", "dismiss") == "dismissed"
    for state in ("talked", "focus", "dismissed"):
        for step in ("talk", "focus", "dismiss"):
            try:
                rules.MACHINE.check(state, step)
            except IllegalTransition as exc:
                assert "待处理" in exc.message
            else:
                raise AssertionError((state, step))


def test_precision_is_acted_over_handled():
    p = rules.precision({"open": 4, "talked": 2, "focus": 1, "dismissed": 1})
    assert (p.acted, p.handled, p.share, p.dismissed_share) == (3, 4, 0.75, 0.25)
    assert rules.precision({"open": 2}).share is None
