"""The plain rules of the register part: the 任前廉政谈话 window and the declaration's
sections written in one cell. Hand-worked dates in the comments."""

from datetime import date

import pytest

from jiandu.integrity.models import DECLARATION_SECTIONS
from jiandu.integrity.register_rules import (
    BadItems,
    parse_items,
    pre_talk_overdue,
    pre_talk_window,
    shift_months,
)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 3, 10), 1, date(2026, 4, 10)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # February has no 31st: its last day
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2026, 3, 10), -3, date(2025, 12, 10)),  # back over the year's end
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
)
def test_shift_months(start, n, expected):
    assert shift_months(start, n) == expected


def test_window_runs_from_three_months_before_to_the_policy_months_after():
    # Start 2026-03-10, policy 1 month: from 2025-12-10 to 2026-04-10, both included.
    window = pre_talk_window(date(2026, 3, 10), months_after=1)
    assert (window.first, window.last) == (date(2025, 12, 10), date(2026, 4, 10))


START = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("talks", "on", "overdue"),
    [
        # No talk; on 2026-04-10 (start + 1 month) the window is still open: not yet.
        ([], date(2026, 4, 10), False),
        # No talk; on 2026-04-11 (start + 1 month + 1 day) the window has closed.
        ([], date(2026, 4, 11), True),
        # A talk 29 days after the start (2026-03-10 + 21 days = 03-31, + 8 = 04-08).
        ([date(2026, 4, 8)], date(2026, 4, 11), False),
        # A talk on the window's last day, 2026-04-10, counts; the day after does not.
        ([date(2026, 4, 10)], date(2026, 5, 1), False),
        ([date(2026, 4, 11)], date(2026, 5, 1), True),
        # Before the appointment: 2025-12-10 (start − 3 months) counts, 12-09 does not.
        ([date(2025, 12, 10)], date(2026, 5, 1), False),
        ([date(2025, 12, 9)], date(2026, 5, 1), True),
    ],
)
def test_pre_talk_overdue(talks, on, overdue):
    assert pre_talk_overdue(START, talks, on=on, months_after=1) is overdue


def test_a_start_at_a_months_end_closes_on_the_next_months_last_day():
    # 2026-01-31 + 1 month = 2026-02-28: overdue from 2026-03-01.
    assert not pre_talk_overdue(date(2026, 1, 31), [], on=date(2026, 2, 28), months_after=1)
    assert pre_talk_overdue(date(2026, 1, 31), [], on=date(2026, 3, 1), months_after=1)


ESTATE = DECLARATION_SECTIONS["real_estate"][1]


def test_items_one_a_line_or_between_semicolons_fields_between_commas():
    text = "本人，城关镇幸福路12号，120.5，自住\n配偶/青山花园3幢；本人, 东镇商铺, 45"
    assert parse_items(text, ESTATE) == [
        {"owner": "本人", "address": "城关镇幸福路12号", "area": "120.5", "use": "自住"},
        {"owner": "配偶", "address": "青山花园3幢", "area": "", "use": ""},
        {"owner": "本人", "address": "东镇商铺", "area": "45", "use": ""},
    ]


@pytest.mark.parametrize("text", ["", "  ", "无", "—"])
def test_nothing_to_report_is_no_item(text):
    assert parse_items(text, ESTATE) == []


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("本人", "第1项“本人”不完整"),
        ("本人，幸福路1号；配偶", "第2项“配偶”不完整"),
        ("本人，幸福路1号，100，自住，多余", "最多4个"),
        ("本人，幸福路1号，一百平", "建筑面积（平方米）“一百平”不是数字"),
    ],
)
def test_bad_items_are_refused_with_the_item_named(text, says):
    with pytest.raises(BadItems) as exc:
        parse_items(text, ESTATE)
    assert says in exc.value.message
