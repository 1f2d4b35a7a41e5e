"""The legal calendar, [条例] 285 (DOMAIN.md §1).

The expected dates below were worked out by hand from the State Council's notices:

- 2025: 元旦 1月1日; 春节 1月28日至2月4日, 上班 1月26日（日）、2月8日（六）; 清明 4月4日至6日;
  劳动节 5月1日至5日, 上班 4月27日（日）; 端午 5月31日至6月2日; 国庆中秋 10月1日至8日,
  上班 9月28日（日）、10月11日（六）.
- 2026: 元旦 1月1日至3日, 上班 1月4日（日）; 春节 2月15日至23日, 上班 2月14日（六）、
  2月28日（六）; 清明 4月4日至6日; 劳动节 5月1日至5日, 上班 5月9日（六）; 端午 6月19日至
  21日; 中秋 9月25日至27日; 国庆 10月1日至7日, 上班 9月20日（日）、10月10日（六）.
- 2027 is not entered: provisional, counted on weekends and the days the law fixes
  (全国年节及纪念日放假办法 art. 2, 2024 amendment; lunar dates from lunar-python):
  元旦 1月1日（五）; 春节 除夕2月5日（五）至初三2月8日（一）; 清明 4月5日（一）; 劳动节 5月1日、
  2日（六、日）; 端午 6月9日（三）; 中秋 9月15日（三）; 国庆 10月1日至3日（五至日）.
"""

from __future__ import annotations

import contextlib
import pickle
from datetime import date, datetime, timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from jiandu.core import calendar as cal
from jiandu.core.calendar import (
    DueDate,
    add_days,
    add_months,
    add_working_days,
    add_years,
    bundled_calendar,
    calendar_from_data,
    is_known_year,
    is_provisional,
    is_rest_day,
    is_working_day,
    working_days_between,
)
from jiandu.core.models import CalendarDay, CalendarYear, DayKind

D = date


# ------------------------------------------------------------------- working days


@pytest.mark.parametrize(
    ("day", "working", "why"),
    [
        (D(2026, 2, 14), True, "Saturday, make-up working day before Spring Festival"),
        (D(2026, 2, 28), True, "Saturday, make-up working day after Spring Festival"),
        (D(2026, 9, 20), True, "Sunday, make-up working day before National Day"),
        (D(2026, 10, 10), True, "Saturday, make-up working day after National Day"),
        (D(2026, 1, 4), True, "Sunday, make-up working day for New Year"),
        (D(2026, 5, 9), True, "Saturday, make-up working day for Labour Day"),
        (D(2026, 2, 16), False, "Monday in Spring Festival"),
        (D(2026, 2, 21), False, "Saturday inside Spring Festival"),
        (D(2026, 2, 23), False, "Monday, last day of Spring Festival"),
        (D(2026, 2, 24), True, "Tuesday after Spring Festival"),
        (D(2026, 10, 1), False, "National Day"),
        (D(2026, 10, 7), False, "Wednesday, last day of National Day holiday"),
        (D(2026, 9, 25), False, "Friday, Mid-autumn Festival"),
        (D(2026, 3, 2), True, "ordinary Monday"),
        (D(2026, 3, 7), False, "ordinary Saturday"),
        (D(2026, 3, 8), False, "ordinary Sunday"),
        (D(2025, 1, 26), True, "Sunday, make-up working day 2025 Spring Festival"),
        (D(2025, 2, 8), True, "Saturday, make-up working day 2025 Spring Festival"),
        (D(2025, 10, 8), False, "Wednesday, last day of 2025 National Day + Mid-autumn"),
        (D(2025, 10, 11), True, "Saturday, make-up working day 2025"),
        (D(2027, 1, 1), False, "Friday 元旦 in 2027: not entered, the law's holiday rests"),
        (D(2027, 1, 4), True, "Monday in 2027: no substitute day is guessed"),
        (D(2027, 1, 2), False, "Saturday in 2027"),
    ],
)
def test_is_working_day(day: date, working: bool, why: str) -> None:
    assert is_working_day(day) is working, why
    assert is_rest_day(day) is not working


# -------------------------------------------------------------- N working days


@pytest.mark.parametrize(
    ("start", "n", "expected", "provisional"),
    [
        # Thu 2026-02-05: 6,9,10,11,12,13 = 6; Sat 14 make-up = 7; 15–23 off; 24,25,26,27 = 11;
        # Sat 28 make-up = 12; Sun Mar 1 off; Mar 2,3,4 = 15.
        (D(2026, 2, 5), 15, D(2026, 3, 4), False),
        # Fri 2026-02-13 + 1: Sat 14 is a make-up working day.
        (D(2026, 2, 13), 1, D(2026, 2, 14), False),
        # Sat 2026-02-14 + 1: 15–23 off → Tue 24.
        (D(2026, 2, 14), 1, D(2026, 2, 24), False),
        # Mon 2026-09-28: 29, 30; Oct 1–7 off; 8, 9, Sat 10 (make-up) = 5.
        (D(2026, 9, 28), 5, D(2026, 10, 10), False),
        # Wed 2026-09-16: 17, 18; Sat 19 off; Sun 20 make-up; 21, 22 = 5.
        (D(2026, 9, 16), 5, D(2026, 9, 22), False),
        # ... 23, 24 = 7; 25–27 Mid-autumn; 28, 29, 30 = 10; Oct 1–7; 8, 9, 10 = 13; 12, 13 = 15.
        (D(2026, 9, 16), 15, D(2026, 10, 13), False),
        # Thu 2026-04-30: May 1–5 off → Wed 6; 7, 8, Sat 9 make-up = 4.
        (D(2026, 4, 30), 1, D(2026, 5, 6), False),
        (D(2026, 4, 30), 4, D(2026, 5, 9), False),
        # Wed 2025-12-31: Jan 1–3 off; Sun 2026-01-04 is a make-up working day.
        (D(2025, 12, 31), 1, D(2026, 1, 4), False),
        # Fri 2025-01-24: Sat 25 off; Sun 26 make-up; Mon 27; Jan 28–Feb 4 off; 5, 6, 7 = 5.
        (D(2025, 1, 24), 5, D(2025, 2, 7), False),
        (D(2025, 1, 24), 6, D(2025, 2, 8), False),
        # Fri 2025-09-26: Sun 28 make-up, 29, 30 = 3; Oct 1–8 off; Thu Oct 9 = 4.
        (D(2025, 9, 26), 3, D(2025, 9, 30), False),
        (D(2025, 9, 26), 4, D(2025, 10, 9), False),
        # n = 0 is the start day itself.
        (D(2026, 10, 1), 0, D(2026, 10, 1), False),
        # Mon 2026-12-21: 22, 23, 24.
        (D(2026, 12, 21), 3, D(2026, 12, 24), False),
        # Mon 2026-12-28: 29, 30, 31 = 3; Fri 2027-01-01 元旦 rests (the law, provisional);
        # Sat 2, Sun 3; Mon 4 = 4, Tue 5 = 5.
        (D(2026, 12, 28), 5, D(2027, 1, 5), True),
    ],
)
def test_add_working_days(start: date, n: int, expected: date, provisional: bool) -> None:
    result = add_working_days(start, n)
    assert result == expected
    assert result.provisional is provisional


def test_working_days_between_counts_after_the_start_day() -> None:
    assert working_days_between(D(2026, 2, 5), D(2026, 3, 4)) == 15
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 7)) == 0  # all National Day
    assert working_days_between(D(2026, 3, 4), D(2026, 2, 5)) == 0


# ------------------------------------------------------------ months and days


@pytest.mark.parametrize(
    ("start", "n", "expected", "provisional"),
    [
        # DOMAIN.md: 2026-10-01 is National Day → the period ends on Thu 2026-10-08.
        (D(2026, 9, 1), 1, D(2026, 10, 8), False),
        # No Feb 31 → Feb 28, a Saturday but a make-up working day: it stays.
        (D(2026, 1, 31), 1, D(2026, 2, 28), False),
        # Sun 2026-02-15 is in Spring Festival (15–23) → Tue 24.
        (D(2026, 1, 15), 1, D(2026, 2, 24), False),
        # Leap year: 2024-02-29 is a Thursday, a working day.
        (D(2024, 1, 31), 1, D(2024, 2, 29), False),
        # Leap year: 2020-02-29 is a Saturday → Sun Mar 1 → Mon Mar 2.
        (D(2020, 1, 31), 1, D(2020, 3, 2), False),
        # No Sep 31 → Tue 2025-09-30, a working day (the holiday starts Oct 1).
        (D(2025, 8, 31), 1, D(2025, 9, 30), False),
        # Wed 2025-10-08 is the last day of 国庆中秋 → Thu 10-09.
        (D(2025, 9, 8), 1, D(2025, 10, 9), False),
        # Sat 2025-10-11 is a make-up working day.
        (D(2025, 9, 11), 1, D(2025, 10, 11), False),
        # Sun 2026-04-05 and Mon 04-06 are 清明 → Tue 04-07.
        (D(2026, 3, 5), 1, D(2026, 4, 7), False),
        # Sat 2026-12-05 → Mon 12-07.
        (D(2026, 11, 5), 1, D(2026, 12, 7), False),
        # Twelve months: 2026-10-01 → 10-08.
        (D(2025, 10, 1), 12, D(2026, 10, 8), False),
        # Sun 2027-01-31 in a year not entered → Mon 2027-02-01, provisional.
        (D(2026, 12, 31), 1, D(2027, 2, 1), True),
        # Tue 2027-02-23: a working day on weekends alone, still provisional.
        (D(2026, 11, 23), 3, D(2027, 2, 23), True),
    ],
)
def test_add_months(start: date, n: int, expected: date, provisional: bool) -> None:
    result = add_months(start, n)
    assert result == expected
    assert result.provisional is provisional


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Detention (留置) ends on its date, holidays or not ([条例] 285).
        (D(2026, 7, 1), 3, D(2026, 10, 1)),  # National Day
        (D(2026, 4, 1), 6, D(2026, 10, 1)),  # 3 months + one extension of 3
        (D(2026, 11, 15), 3, D(2027, 2, 15)),  # into a year not entered: no calendar needed
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # month end still applies
        (D(2026, 11, 7), 1, D(2026, 12, 7)),
    ],
)
def test_add_months_for_detention_does_not_roll_over(start: date, n: int, expected: date) -> None:
    result = add_months(start, n, roll_over_rest_days=False)
    assert result == expected
    assert result.provisional is False


def test_the_same_detention_period_with_roll_over_would_end_later() -> None:
    assert add_months(D(2026, 7, 1), 3) == D(2026, 10, 8)


@pytest.mark.parametrize(
    ("start", "n", "roll", "expected", "provisional"),
    [
        # Tue 2026-02-10 + 5 = Sun 02-15, Spring Festival → Tue 02-24.
        (D(2026, 2, 10), 5, True, D(2026, 2, 24), False),
        (D(2026, 2, 10), 5, False, D(2026, 2, 15), False),
        # Mon 2026-02-09 + 5 = Sat 02-14, a make-up working day.
        (D(2026, 2, 9), 5, True, D(2026, 2, 14), False),
        # Tue 2026-09-15 + 5 = Sun 09-20, a make-up working day.
        (D(2026, 9, 15), 5, True, D(2026, 9, 20), False),
        # Sun 2026-03-01 + 6 = Sat 03-07 → Mon 03-09.
        (D(2026, 3, 1), 6, True, D(2026, 3, 9), False),
        # Thu 2026-12-24 + 2 = Sat 12-26 → Mon 12-28: only 2026 consulted.
        (D(2026, 12, 24), 2, True, D(2026, 12, 28), False),
        # Sat 2026-12-26 + 7 = Sat 2027-01-02 → Mon 2027-01-04, provisional.
        (D(2026, 12, 26), 7, True, D(2027, 1, 4), True),
        # Fri 2026-12-25 + 7 = Fri 2027-01-01, 元旦 (the law) → Sat, Sun → Mon 01-04.
        (D(2026, 12, 25), 7, True, D(2027, 1, 4), True),
        (D(2026, 12, 26), 7, False, D(2027, 1, 2), False),
        # 0 days from a holiday: the first working day after it.
        (D(2026, 10, 3), 0, True, D(2026, 10, 8), False),
    ],
)
def test_add_days(start: date, n: int, roll: bool, expected: date, provisional: bool) -> None:
    result = add_days(start, n, roll_over_rest_days=roll)
    assert result == expected
    assert result.provisional is provisional


def test_add_years() -> None:
    # 5 years from 2021-10-01 → 2026-10-01, National Day → 10-08.
    assert add_years(D(2021, 10, 1), 5) == D(2026, 10, 8)
    # 2024-02-29 + 2 years: no Feb 29 in 2026 → Sat 2026-02-28, a make-up working day.
    assert add_years(D(2024, 2, 29), 2) == D(2026, 2, 28)
    assert add_years(D(2021, 10, 1), 5, roll_over_rest_days=False) == D(2026, 10, 1)


@pytest.mark.parametrize("func", [add_working_days, add_days, add_months, add_years])
def test_negative_periods_and_datetimes_are_refused(func) -> None:
    with pytest.raises(ValueError, match="negative"):
        func(D(2026, 3, 2), -1)
    with pytest.raises(TypeError, match="localdate"):
        func(datetime(2026, 3, 2, 23, 30), 1)


# --------------------------------------------------------------- provisional


def test_known_years_and_provisional_dates() -> None:
    assert is_known_year(2004) and is_known_year(2026)
    assert not is_known_year(2003) and not is_known_year(2027)
    assert is_provisional(D(2027, 3, 1)) and not is_provisional(D(2026, 3, 1))
    # A stored date in a known year is not provisional; a flagged DueDate is.
    assert is_provisional(DueDate(2026, 12, 31, provisional=True))


def test_an_unknown_year_in_the_middle_makes_a_working_day_count_provisional() -> None:
    known_both_sides = calendar_from_data(set(), set(), {2026, 2028})
    result = known_both_sides.add_working_days(D(2026, 12, 31), 300)
    assert result.year == 2028
    assert result.provisional is True
    assert known_both_sides.add_working_days(D(2028, 3, 1), 5).provisional is False


def test_an_explicit_calendar_is_used_as_given() -> None:
    # A calendar where Wed 2027-01-06 is a holiday and Sat 2027-01-09 a make-up working day.
    rules = calendar_from_data({D(2027, 1, 6)}, {D(2027, 1, 9)}, {2027})
    # Mon 2027-01-04: Tue 5 = 1, Wed 6 off, Thu 7 = 2, Fri 8 = 3, Sat 9 = 4.
    result = rules.add_working_days(D(2027, 1, 4), 4)
    assert result == D(2027, 1, 9) and result.provisional is False
    assert rules.add_days(D(2027, 1, 1), 5) == D(2027, 1, 7)


def test_the_bundled_calendar_covers_2004_to_2026() -> None:
    bundled = bundled_calendar()
    assert min(bundled.known_years) == 2004 and max(bundled.known_years) == 2026
    assert D(2026, 2, 28) in bundled.workdays and D(2026, 10, 1) in bundled.holidays


# ------------------------------------------------------------------- DueDate


def test_due_date_behaves_like_a_date() -> None:
    due = DueDate(2026, 10, 8)
    assert due.provisional is False
    assert due == D(2026, 10, 8) and hash(due) == hash(D(2026, 10, 8))
    assert D(2026, 10, 7) < due < D(2026, 10, 9)
    assert due - D(2026, 10, 1) == timedelta(days=7)
    assert str(due) == "2026-10-08" and f"{due:%Y年}" == "2026年"
    assert {due: "x"}[D(2026, 10, 8)] == "x"


def test_due_date_keeps_its_flag() -> None:
    due = DueDate.of(D(2027, 1, 4), provisional=True)
    assert repr(due) == "DueDate(2027, 1, 4, provisional=True)"
    assert (due + timedelta(days=1)).provisional is True
    assert (timedelta(days=1) + due) == D(2027, 1, 5)
    assert (due - timedelta(days=3)).provisional is True
    assert due.replace(day=9) == D(2027, 1, 9) and due.replace(day=9).provisional
    copy = pickle.loads(pickle.dumps(due))  # noqa: S301 - our own bytes
    assert copy == due and copy.provisional is True
    assert type(due.as_date()) is date


# ------------------------------------------------------------ hypothesis

RULES = bundled_calendar()
dates = st.dates(min_value=D(2004, 1, 1), max_value=D(2028, 12, 31))


@settings(max_examples=200, deadline=None)
@given(start=dates, n=st.integers(min_value=1, max_value=200))
def test_working_day_result_is_a_working_day_after_the_start(start: date, n: int) -> None:
    result = RULES.add_working_days(start, n)
    assert result > start
    assert RULES.is_working_day(result)
    assert RULES.working_days_between(start, result) == n
    assert RULES.working_days_between(start, result - timedelta(days=1)) == n - 1


@settings(max_examples=200, deadline=None)
@given(start=dates, n=st.integers(min_value=0, max_value=120))
def test_add_months_without_roll_over_never_rolls(start: date, n: int) -> None:
    result = RULES.add_months(start, n, roll_over_rest_days=False)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == n
    assert result.day == start.day or (result.day < start.day and (result + timedelta(1)).day == 1)
    assert result.provisional is False


@settings(max_examples=200, deadline=None)
@given(start=dates, n=st.integers(min_value=0, max_value=120))
def test_add_months_rolls_only_over_rest_days(start: date, n: int) -> None:
    end = RULES.add_months(start, n, roll_over_rest_days=False)
    result = RULES.add_months(start, n)
    assert result >= end and RULES.is_working_day(result)
    d = end
    while d < result:
        assert RULES.is_rest_day(d)
        d += timedelta(days=1)
    assert result.provisional is any(
        y not in RULES.known_years for y in range(end.year, result.year + 1)
    )


@settings(max_examples=200, deadline=None)
@given(a=dates, b=dates, n=st.integers(min_value=0, max_value=60), m=st.integers(0, 60))
def test_results_are_monotonic(a: date, b: date, n: int, m: int) -> None:
    early, late = sorted((a, b))
    assert RULES.add_working_days(early, n) <= RULES.add_working_days(late, n)
    assert RULES.add_days(early, n) <= RULES.add_days(late, n)
    assert RULES.add_months(early, n) <= RULES.add_months(late, n)
    few, many = sorted((n, m))
    assert RULES.add_working_days(early, few) <= RULES.add_working_days(early, many)
    assert RULES.add_months(early, few) <= RULES.add_months(early, many)


# ----------------------------------------------------------------- database


@pytest.mark.django_db
def test_the_migration_seeds_2004_to_2026() -> None:
    years = list(CalendarYear.objects.values_list("year", flat=True))
    assert years == list(range(2004, 2027))
    assert set(CalendarYear.objects.values_list("source", flat=True)) == {
        "chinesecalendar 1.11.0（国务院办公厅通知）"
    }
    assert CalendarDay.objects.get(date=D(2026, 2, 14)).kind == DayKind.WORKDAY
    assert CalendarDay.objects.get(date=D(2026, 2, 21)).kind == DayKind.HOLIDAY
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).name == "国庆节"
    assert CalendarDay.objects.get(date=D(2015, 9, 3)).name == "抗战胜利纪念日"
    names = set(CalendarDay.objects.values_list("name", flat=True))
    assert names == {
        "元旦",
        "春节",
        "清明节",
        "劳动节",
        "端午节",
        "中秋节",
        "国庆节",
        "抗战胜利纪念日",
    }


@pytest.mark.django_db
def test_an_administrator_entering_2027_changes_results_and_clears_provisional() -> None:
    start = D(2026, 12, 28)  # Mon; 29, 30, 31 = 3 working days
    before = add_working_days(start, 5)  # Fri Jan 1 元旦 (the law) off → Mon 4 = 4, Tue 5 = 5
    assert (before, before.provisional) == (D(2027, 1, 5), True)

    # A (made-up) arrangement also giving Mon Jan 4 off: Tue 5 = 4, Wed 6 = 5.
    CalendarDay.objects.create(date=D(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    CalendarDay.objects.create(date=D(2027, 1, 4), kind=DayKind.HOLIDAY, name="元旦")
    during = add_working_days(start, 5)
    assert (during, during.provisional) == (D(2027, 1, 6), True)  # year not yet complete

    CalendarYear.objects.create(year=2027, source="国办发明电〔2026〕X号")
    after = add_working_days(start, 5)
    assert (after, after.provisional) == (D(2027, 1, 6), False)
    assert is_known_year(2027) and not is_provisional(D(2027, 6, 1))
    assert is_working_day(D(2027, 1, 1)) is False


@pytest.mark.django_db
def test_a_rolled_back_entry_does_not_linger_in_the_cache() -> None:
    class Rollback(Exception):
        pass

    with contextlib.suppress(Rollback), transaction.atomic():
        CalendarYear.objects.create(year=2027)
        CalendarDay.objects.create(date=D(2027, 1, 4), kind=DayKind.HOLIDAY, name="测试")
        assert is_known_year(2027) and is_rest_day(D(2027, 1, 4))
        raise Rollback
    assert not is_known_year(2027)
    assert is_working_day(D(2027, 1, 4))


@pytest.mark.django_db
def test_no_2027_is_left_over_from_other_tests() -> None:
    assert not is_known_year(2027)
    assert add_working_days(D(2026, 12, 28), 5) == D(2027, 1, 5)


def test_no_2027_is_left_over_without_database_either() -> None:
    assert not is_known_year(2027)


@pytest.mark.django_db
def test_deleting_a_make_up_working_day_takes_effect() -> None:
    assert add_working_days(D(2026, 9, 28), 5) == D(2026, 10, 10)
    CalendarDay.objects.filter(date=D(2026, 10, 10)).get().delete()
    assert is_rest_day(D(2026, 10, 10))
    # 29, 30; Oct 1–7 off; 8, 9; Sat 10 now off; Sun 11; Mon 12 = 5.
    assert add_working_days(D(2026, 9, 28), 5) == D(2026, 10, 12)


@pytest.mark.django_db
def test_a_change_without_signals_is_seen_after_the_cache_expires(monkeypatch) -> None:
    assert is_working_day(D(2026, 10, 10))  # loads the snapshot
    CalendarDay.objects.filter(date=D(2026, 10, 10)).update(kind=DayKind.HOLIDAY)
    monkeypatch.setattr(cal, "CACHE_TTL_SECONDS", 0.0)
    assert is_rest_day(D(2026, 10, 10))


@pytest.mark.django_db
def test_a_due_date_saves_into_a_date_field() -> None:
    day = CalendarDay.objects.create(
        date=DueDate(2027, 10, 8, provisional=True), kind=DayKind.HOLIDAY, name="测试"
    )
    day.refresh_from_db()
    assert day.date == D(2027, 10, 8)
    assert CalendarDay.objects.filter(date=DueDate(2027, 10, 8)).exists()


# -------------------------------------------------------------------- pages


@pytest.mark.django_db
def test_overview_of_a_known_year_groups_the_holidays() -> None:
    overview = cal.calendar_year_overview(2026)
    assert overview["year"] == 2026 and overview["year_known"] is True
    by_name = {g.name: g for g in overview["groups"]}
    spring = by_name["春节"]
    assert spring.periods == [(D(2026, 2, 15), D(2026, 2, 23))]
    assert spring.holiday_count == 9
    assert spring.workdays == [D(2026, 2, 14), D(2026, 2, 28)]
    assert by_name["国庆节"].workdays == [D(2026, 9, 20), D(2026, 10, 10)]
    assert [g.name for g in overview["groups"]][:2] == ["元旦", "春节"]
    assert overview["known_year_ranges"] == [(2004, 2026)]


@pytest.mark.django_db
def test_overview_merges_holidays_that_join_like_the_notice() -> None:
    groups = cal.calendar_year_overview(2025)["groups"]
    joined = groups[-1]
    assert joined.name == "国庆节、中秋节"
    assert joined.periods == [(D(2025, 10, 1), D(2025, 10, 8))] and joined.holiday_count == 8


@pytest.mark.django_db
def test_overview_warns_about_a_year_not_entered() -> None:
    overview = cal.calendar_year_overview(2027)
    assert overview["year_known"] is False and overview["groups"] == []
    assert (
        "2027年节假日安排尚未录入，涉及该年的期限暂按法定节日和双休日推算" in overview["warnings"]
    )
    assert 2027 in overview["year_choices"]


@pytest.mark.django_db
def test_calendar_page_shows_the_year_and_the_warning(client_for, county) -> None:
    client = client_for(county.users["petition"])
    html = client.get(reverse("core:calendar"), {"year": "2026"}).content.decode()
    assert "2026年2月15日至2026年2月23日" in html
    assert "2026年2月28日（星期六）" in html
    assert "/django-admin/core/calendarday/" not in html  # entered on jiandu's own page
    assert reverse("core:calendar_enter") not in html  # the petition office does not enter
    html = client.get(reverse("core:calendar"), {"year": "2027"}).content.decode()
    assert "2027年节假日安排尚未录入，涉及该年的期限暂按法定节日和双休日推算" in html
    # The days the law fixes are shown as provisional rest days (春节: 除夕 Fri 2027-02-05).
    assert 'data-testid="estimated-holidays"' in html and "2027年2月5日（星期五）" in html
    assert "<script>" not in html
    manager = client_for(county.users["case_management"])
    html = manager.get(reverse("core:calendar"), {"year": "2027"}).content.decode()
    assert f"{reverse('core:calendar_enter')}?year=2027" in html


@pytest.mark.django_db
def test_admin_lists_calendar_days_for_a_superuser(client) -> None:
    from jiandu.accounts.models import User

    client.force_login(User.objects.create_superuser("root-cal", password="x-unused-x"))
    url = reverse("admin:core_calendarday_changelist")
    response = client.get(url, {"kind__exact": "workday", "date__year": "2026"})
    assert response.status_code == 200
    assert "2026年2月28日" in response.content.decode() or "2026-02-28" in (
        response.content.decode()
    )
    assert client.get(reverse("admin:core_calendaryear_changelist")).status_code == 200


@pytest.mark.django_db
def test_empty_tables_fall_back_to_the_bundled_calendar() -> None:
    """A flushed or never-seeded database must not turn holidays into working days."""
    from jiandu.core.calendar import add_months, is_working_day
    from jiandu.core.models import CalendarDay, CalendarYear

    CalendarDay.objects.all().delete()
    CalendarYear.objects.all().delete()
    assert is_working_day(date(2026, 10, 10))  # a make-up Saturday
    assert add_months(date(2026, 9, 1), 1) == date(2026, 10, 8)


@pytest.mark.django_db
def test_calendar_page_names_the_source_in_words_not_the_package(client_for, county) -> None:
    from jiandu.core.calendar import BUNDLED_SOURCE_LABEL, source_label

    client = client_for(county.users["petition"])
    html = client.get(reverse("core:calendar"), {"year": "2026"}).content.decode()
    assert BUNDLED_SOURCE_LABEL in html and "chinesecalendar" not in html
    assert source_label("国办发明电〔2026〕7号") == "国办发明电〔2026〕7号"
