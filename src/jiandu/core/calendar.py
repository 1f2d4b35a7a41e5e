"""The legal calendar: working days, rest days and the counting of periods.

Every time limit in jiandu is counted here, following [条例] 285 (DOMAIN.md §1):

- the day a period starts is not counted;
- a period in months or years ends on the corresponding day of the final month, or on
  that month's last day when it has no such day;
- when the last day is a legal rest day (a weekend that is not a make-up working day,
  or a statutory holiday), the period ends on the first working day after it;
- except a detention (留置) period, which ends on its date, holidays or not;
- "N working days" counts working days after the start day.

The holidays and make-up working days (调休上班) of a year come from the database
(``CalendarYear`` / ``CalendarDay``), seeded 2004–2026 from the bundled chinesecalendar
package and extended by an administrator when the State Council publishes a new year.
A result that depended on a year nobody has entered is returned as a :class:`DueDate`
with ``provisional=True`` (暂按法定节日和双休日推算). Such a year is not counted on weekends
alone: the days the law itself fixes as holidays (全国年节及纪念日放假办法 art. 2, as
amended on 2024-11-10: 元旦, 春节 with 除夕, 清明, 劳动节, 端午, 中秋, 国庆; see
:func:`statutory_holidays`) are provisional rest days; the make-up working days and the
days moved next to them stay unknown until the State Council's arrangement is entered
(``jiandu.core.holiday_entry``).

The rules themselves live on :class:`LegalCalendar`, a plain immutable value with no
ORM, so rule tests can build one explicitly with :func:`calendar_from_data`. The
module-level functions delegate to :func:`default_calendar`, a process-wide snapshot of
the tables that is dropped when a calendar row is saved or deleted (signals wired in
``CoreConfig.ready``) and reloaded at most every ``CACHE_TTL_SECONDS`` anyway, so that
an edit made in another process is picked up too.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple, Self

from django.db import DEFAULT_DB_ALIAS, DatabaseError, transaction
from django.utils import timezone

ONE_DAY = timedelta(days=1)

#: Years the bundled chinesecalendar 1.11.0 covers; also what migration 0002 seeds.
BUNDLED_FIRST_YEAR = 2004
BUNDLED_LAST_YEAR = 2026
BUNDLED_SOURCE = "chinesecalendar 1.11.0（国务院办公厅通知）"
#: What the calendar page says of a year that came with the system (never the package).
BUNDLED_SOURCE_LABEL = "国务院办公厅发布的节假日安排（系统内置）"


def source_label(source: str) -> str:
    """A year's source as an office worker reads it: a year seeded from the bundled
    package is "国务院办公厅发布的节假日安排（系统内置）"; an entered year keeps what
    the person entering it wrote (e.g. the notice's number)."""
    source = (source or "").strip()
    if not source or source.lower().startswith("chinesecalendar"):
        return BUNDLED_SOURCE_LABEL
    return source


#: chinesecalendar's English holiday names → the names used in the notices.
HOLIDAY_NAMES: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}

#: How long a loaded snapshot is trusted without looking at the tables again.
CACHE_TTL_SECONDS = 60.0

#: Years the calendar page accepts (anything else shows the current year).
MIN_PAGE_YEAR = 1949
MAX_PAGE_YEAR = 2100

PROVISIONAL_NOTE = "暂按法定节日和双休日推算"


# --------------------------------------------------------------------------- DueDate


class DueDate(date):
    """A ``datetime.date`` that also says whether it is provisional.

    ``provisional`` is True when the date depended on the holidays of a year nobody has
    entered, so it was computed on weekends and the holidays the law fixes (estimated,
    make-up working days unknown) and the UI must say 暂按法定节日和双休日推算
    (DOMAIN.md §1). Otherwise it is an ordinary date: it compares, hashes, formats and
    saves into a ``DateField`` exactly like ``date``. Adding or subtracting a timedelta
    keeps the flag (a date derived from a provisional date is provisional too).
    """

    __slots__ = ("provisional",)
    provisional: bool

    def __new__(
        cls,
        year: int | bytes | str,
        month: int | None = None,
        day: int | None = None,
        provisional: bool = False,
    ) -> Self:
        if month is None:  # date's own pickle state, date(b"...")
            self = super().__new__(cls, year)  # type: ignore[arg-type, call-arg]
        else:
            self = super().__new__(cls, year, month, day)  # type: ignore[arg-type]
        self.provisional = bool(provisional)
        return self

    @classmethod
    def of(cls, d: date, provisional: bool = False) -> DueDate:
        """The date ``d`` (a ``datetime`` is refused) marked provisional or not."""
        d = _as_date(d)
        return cls(d.year, d.month, d.day, provisional=provisional)

    def as_date(self) -> date:
        """This day as a plain ``datetime.date``."""
        return date(self.year, self.month, self.day)

    def __repr__(self) -> str:
        flag = ", provisional=True" if self.provisional else ""
        return f"DueDate({self.year}, {self.month}, {self.day}{flag})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.__class__, (self.year, self.month, self.day, self.provisional))

    def __add__(self, other: Any) -> Any:
        result = date.__add__(self, other)
        if isinstance(result, date):
            return DueDate.of(result, self.provisional)
        return result

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        result = date.__sub__(self, other)
        if isinstance(result, date):
            return DueDate.of(result, self.provisional)
        return result  # a timedelta, or NotImplemented

    def replace(  # type: ignore[override]
        self, year: int | None = None, month: int | None = None, day: int | None = None
    ) -> DueDate:
        return DueDate(
            self.year if year is None else year,
            self.month if month is None else month,
            self.day if day is None else day,
            provisional=self.provisional,
        )


def _as_date(d: date) -> date:
    """A plain date; a datetime is refused because its day depends on the time zone."""
    if isinstance(d, datetime):
        raise TypeError(
            "the legal calendar counts days: pass a date, e.g. timezone.localdate(a_datetime)"
        )
    if not isinstance(d, date):
        raise TypeError(f"expected a date, got {type(d).__name__}")
    return d


def _check_count(n: int) -> None:
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"expected an int, got {type(n).__name__}")
    if n < 0:
        raise ValueError("a period cannot be negative")


def _plus_months(start: date, n: int) -> date:
    """The corresponding day ``n`` months later, or that month's last day ([条例] 285)."""
    months = start.month - 1 + n
    year, month = start.year + months // 12, months % 12 + 1
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


# ----------------------------------------------------- the holidays the law itself fixes

#: The first year the 2024 amendment of 全国年节及纪念日放假办法 applies (in force
#: 2025-01-01). Earlier years are all entered (2004–2026 are seeded), so no estimate of
#: the older rule (春节 3 days without 除夕, 劳动节 1 day) is kept.
STATUTORY_RULE_FIRST_YEAR = 2025

ESTIMATE_NOTE = "未录入年份按法定节日和双休日暂算，调休上班日未计入"


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> dict[date, str]:
    """The rest days 全国年节及纪念日放假办法 art. 2 fixes for ``year``, by date → name.

    As amended by the State Council on 2024-11-10 (第四次修订, in force 2025-01-01):
    元旦 1 day (1 January); 春节 4 days (农历除夕 and 正月初一至初三); 清明节 1 day
    (the solar term 清明); 劳动节 2 days (1–2 May); 端午节 1 day (农历五月初五); 中秋节
    1 day (农历八月十五); 国庆节 3 days (1–3 October). Lunar dates and the solar term
    come from the lunar-python package (6tail). These are the days any arrangement
    keeps; what the State Council adds around them (days moved from weekends, make-up
    working days) is not guessed. Empty for years before
    :data:`STATUTORY_RULE_FIRST_YEAR`.
    """
    if year < STATUTORY_RULE_FIRST_YEAR:
        return {}
    from lunar_python import Lunar, Solar

    def solar(lunar_month: int, lunar_day: int) -> date:
        s = Lunar.fromYmd(year, lunar_month, lunar_day).getSolar()
        return date(s.getYear(), s.getMonth(), s.getDay())

    days: dict[date, str] = {date(year, 1, 1): "元旦"}
    new_year = solar(1, 1)
    for offset in range(-1, 3):  # 除夕 (the day before 正月初一, 29 or 30 腊月) to 初三
        days[new_year + timedelta(days=offset)] = "春节"
    qingming = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"]
    days[date(qingming.getYear(), qingming.getMonth(), qingming.getDay())] = "清明节"
    days[date(year, 5, 1)] = days[date(year, 5, 2)] = "劳动节"
    days[solar(5, 5)] = "端午节"
    days[solar(8, 15)] = "中秋节"
    for day in (1, 2, 3):
        days[date(year, 10, day)] = "国庆节"
    return days


class WorkingDay(NamedTuple):
    """Whether a day works, and whether that is only an estimate (year not entered)."""

    working: bool
    provisional: bool


# --------------------------------------------------------------------- LegalCalendar


@dataclass(frozen=True)
class LegalCalendar:
    """Statutory holidays, make-up working days and the years whose arrangement is known.

    ``holidays`` are rest days (chinesecalendar also lists the weekend days inside a
    holiday period; they are rest days either way). ``workdays`` are make-up working
    days (调休上班). Days of a year outside ``known_years`` are still looked up (an
    administrator may be entering the year), but any result that depends on such a
    year is provisional; there the days the law fixes (:func:`statutory_holidays`)
    rest as well, unless ``estimate_unknown_years`` is False (weekends alone).
    """

    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)
    known_years: frozenset[int] = field(default_factory=frozenset)
    estimate_unknown_years: bool = True

    # -- days

    def is_known_year(self, year: int) -> bool:
        """Whether the holiday arrangement of ``year`` has been entered."""
        return year in self.known_years

    def is_provisional(self, d: date) -> bool:
        """Whether ``d`` lies in a year nobody has entered (or is a provisional DueDate).

        Use it for a stored due date, whose flag was not saved: a date in an unknown
        year was computed on weekends alone (DOMAIN.md §1).
        """
        if isinstance(d, DueDate) and d.provisional:
            return True
        return not self.is_known_year(_as_date(d).year)

    def is_working_day(self, d: date) -> bool:
        """A make-up working day works; a statutory holiday rests; else Monday–Friday.

        [条例] 285 (DOMAIN.md §1): a legal rest day is a weekend that is not a make-up
        working day, or a statutory holiday.
        """
        d = _as_date(d)
        if d in self.workdays:
            return True
        if d in self.holidays:
            return False
        if (
            self.estimate_unknown_years
            and d.year not in self.known_years
            and d in statutory_holidays(d.year)
        ):
            return False
        return d.weekday() < 5

    def working_day(self, d: date) -> WorkingDay:
        """:meth:`is_working_day` with its certainty: provisional when ``d``'s year has
        not been entered (a statutory holiday then is a provisional rest day, a weekend
        may yet become a make-up working day)."""
        return WorkingDay(self.is_working_day(d), not self.is_known_year(_as_date(d).year))

    def estimated_holidays(self, year: int) -> dict[date, str]:
        """The provisional rest days of a year not entered (empty for an entered one)."""
        if self.is_known_year(year) or not self.estimate_unknown_years:
            return {}
        return {d: n for d, n in statutory_holidays(year).items() if d not in self.workdays}

    def with_year(
        self, year: int, holidays: Iterable[date], workdays: Iterable[date]
    ) -> LegalCalendar:
        """This calendar with ``year`` entered as given (its earlier days replaced): what
        the calendar would be once an arrangement is saved, for a preview."""
        return LegalCalendar(
            holidays=frozenset(d for d in self.holidays if d.year != year)
            | frozenset(_as_date(d) for d in holidays),
            workdays=frozenset(d for d in self.workdays if d.year != year)
            | frozenset(_as_date(d) for d in workdays),
            known_years=self.known_years | {year},
            estimate_unknown_years=self.estimate_unknown_years,
        )

    def is_rest_day(self, d: date) -> bool:
        """The opposite of :meth:`is_working_day` (法定休假日)."""
        return not self.is_working_day(d)

    def _depends_on_unknown(self, first: date, last: date) -> bool:
        return any(not self.is_known_year(year) for year in range(first.year, last.year + 1))

    # -- periods

    def add_working_days(self, start: date, n: int) -> DueDate:
        """The day on which ``n`` working days after ``start`` are complete.

        The start day is not counted ([条例] 285); make-up working days count,
        holidays and ordinary weekends do not ("N working days", DOMAIN.md §1). ``n=0``
        gives ``start``. Provisional when any year from the start to the result has
        not been entered.
        """
        start = _as_date(start)
        _check_count(n)
        d, counted = start, 0
        while counted < n:
            d += ONE_DAY
            if self.is_working_day(d):
                counted += 1
        return DueDate.of(d, self._depends_on_unknown(start, d))

    def roll_over(self, end: date) -> DueDate:
        """``end``, or the first working day after it when it is a rest day ([条例] 285).

        Provisional when the year of ``end`` or of any day passed over is not entered.
        """
        end = _as_date(end)
        d = end
        while not self.is_working_day(d):
            d += ONE_DAY
        return DueDate.of(d, self._depends_on_unknown(end, d))

    def add_days(self, start: date, n: int, *, roll_over_rest_days: bool = True) -> DueDate:
        """``start`` + ``n`` calendar days, the start day not counted ([条例] 285).

        A last day that is a rest day moves to the next working day, unless
        ``roll_over_rest_days`` is False (detention, 留置: [条例] 285 second paragraph),
        in which case the result does not depend on the calendar and is never
        provisional.
        """
        start = _as_date(start)
        _check_count(n)
        end = start + timedelta(days=n)
        if not roll_over_rest_days:
            return DueDate.of(end, False)
        return self.roll_over(end)

    def add_months(self, start: date, n: int, *, roll_over_rest_days: bool = True) -> DueDate:
        """The corresponding day ``n`` months after ``start`` ([条例] 285).

        When the final month has no such day, its last day (2026-01-31 + 1 month →
        2026-02-28). A last day that is a rest day moves to the next working day
        (2026-09-01 + 1 month → 2026-10-01, National Day → 2026-10-08), unless
        ``roll_over_rest_days`` is False: a detention period (留置) ends on its date,
        holidays or not ([条例] 285; [监察法] 43), and is never provisional.
        """
        start = _as_date(start)
        _check_count(n)
        end = _plus_months(start, n)
        if not roll_over_rest_days:
            return DueDate.of(end, False)
        return self.roll_over(end)

    def add_years(self, start: date, n: int, *, roll_over_rest_days: bool = True) -> DueDate:
        """``n`` years after ``start``: the same as ``12 * n`` months ([条例] 285)."""
        _check_count(n)
        return self.add_months(start, 12 * n, roll_over_rest_days=roll_over_rest_days)

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie after ``start`` up to and including ``end``.

        The inverse of :meth:`add_working_days` (``working_days_between(s,
        add_working_days(s, n)) == n``); 0 when ``end`` is not after ``start``. Useful
        for "N working days left" shown when a page is read.
        """
        start, end = _as_date(start), _as_date(end)
        count, d = 0, start
        while d < end:
            d += ONE_DAY
            if self.is_working_day(d):
                count += 1
        return count


def calendar_from_data(
    holidays: Iterable[date], workdays: Iterable[date], known_years: Iterable[int]
) -> LegalCalendar:
    """A calendar built from explicit data (for rule tests and previews)."""
    return LegalCalendar(
        holidays=frozenset(_as_date(d) for d in holidays),
        workdays=frozenset(_as_date(d) for d in workdays),
        known_years=frozenset(known_years),
    )


@lru_cache(maxsize=1)
def bundled_calendar() -> LegalCalendar:
    """The calendar of the bundled chinesecalendar package, 2004–2026 only.

    Used when the database cannot be read (no tables yet, or a test without database
    access); it holds the same data migration 0002 seeds.
    """
    from chinese_calendar.constants import holidays, workdays

    years = range(BUNDLED_FIRST_YEAR, BUNDLED_LAST_YEAR + 1)
    return calendar_from_data(
        holidays=(d for d in holidays if d.year in years),
        workdays=(d for d in workdays if d.year in years),
        known_years=years,
    )


# ------------------------------------------------------------ the process-wide snapshot


class _Snapshot:
    """The calendar as committed in the database, shared by all threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calendar: LegalCalendar | None = None
        self.loaded_at = 0.0


_shared = _Snapshot()

# Per thread (Django connections are per thread): after this thread changed calendar
# rows inside a transaction, ``marker`` is that transaction's outermost atomic block.
# Until it ends the thread reads its own uncommitted view (``calendar``, loaded while
# the atomic blocks ``loaded_in`` were open) and never publishes it to ``_shared``, so a
# rollback, also of a savepoint, cannot leave rows that never existed in the cache.
_local = threading.local()


def _load_from_database() -> LegalCalendar | None:
    """The calendar as stored, or None when the tables cannot be read or hold no year at
    all (never seeded, or emptied by a flush): an empty table must not silently turn
    every holiday into a working day, so the bundled data applies then."""
    from jiandu.core.models import CalendarDay, CalendarYear, DayKind

    try:
        # A savepoint, so that a missing table cannot break an enclosing transaction.
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            years = list(CalendarYear.objects.values_list("year", flat=True))
            days = list(CalendarDay.objects.values_list("date", "kind"))
    except (DatabaseError, RuntimeError):
        # RuntimeError: pytest-django refuses database access in a test without `db`.
        return None
    if not years:
        return None
    return calendar_from_data(
        holidays=(d for d, kind in days if kind == DayKind.HOLIDAY),
        workdays=(d for d, kind in days if kind == DayKind.WORKDAY),
        known_years=years,
    )


def _is_prefix(blocks: tuple[object, ...], stack: list[object]) -> bool:
    return len(blocks) <= len(stack) and all(a is b for a, b in zip(blocks, stack, strict=False))


def _uncommitted_calendar() -> LegalCalendar | None:
    """This thread's own view while its calendar changes are uncommitted, else None."""
    marker = getattr(_local, "marker", None)
    if marker is None:
        return None
    stack = transaction.get_connection(DEFAULT_DB_ALIAS).atomic_blocks
    if not stack or stack[0] is not marker:  # the transaction is over
        _local.marker = _local.calendar = _local.loaded_in = None
        return None
    cached = getattr(_local, "calendar", None)
    if cached is not None and _is_prefix(_local.loaded_in, stack):
        return cached
    loaded = _load_from_database() or bundled_calendar()
    _local.calendar, _local.loaded_in = loaded, tuple(stack)
    return loaded


@contextmanager
def using_calendar(cal: LegalCalendar) -> Iterator[LegalCalendar]:
    """``with using_calendar(cal):`` — the module-level functions of this thread count on
    ``cal`` meanwhile: a preview of what a year's arrangement would change, before it
    is saved (``core.holiday_entry``)."""
    previous = getattr(_local, "override", None)
    _local.override = cal
    try:
        yield cal
    finally:
        _local.override = previous


def default_calendar() -> LegalCalendar:
    """The calendar the module-level functions use: the database tables, cached.

    Falls back to :func:`bundled_calendar` when the database cannot be read; inside
    :class:`using_calendar`, the calendar given there.
    """
    override = getattr(_local, "override", None)
    if override is not None:
        return override
    own = _uncommitted_calendar()
    if own is not None:
        return own
    with _shared.lock:
        cached = _shared.calendar
        if cached is not None and time.monotonic() - _shared.loaded_at < CACHE_TTL_SECONDS:
            return cached
    loaded = _load_from_database()
    if loaded is None:
        return bundled_calendar()
    with _shared.lock:
        _shared.calendar = loaded
        _shared.loaded_at = time.monotonic()
    return loaded


def invalidate_cache(*, using: str | None = None, **kwargs: Any) -> None:
    """Drop the cached calendar; connected to save/delete of the calendar models.

    A change made inside a transaction is seen only by that transaction until it
    commits: the shared snapshot is dropped now and again on commit, and meanwhile this
    thread reads its own view (see ``_local``).
    """
    alias = using or DEFAULT_DB_ALIAS
    with _shared.lock:
        _shared.calendar = None
    connection = transaction.get_connection(alias)
    if connection.in_atomic_block and alias == DEFAULT_DB_ALIAS:
        _local.marker = connection.atomic_blocks[0]
        _local.calendar = _local.loaded_in = None
        transaction.on_commit(_forget_shared, using=alias)


def _forget_shared() -> None:
    with _shared.lock:
        _shared.calendar = None


def reset_cache() -> None:
    """Forget every cached view (shared and this thread's), e.g. between tests."""
    _forget_shared()
    _local.marker = _local.calendar = _local.loaded_in = None


# ------------------------------------------------------------ module-level functions


def is_known_year(year: int) -> bool:
    """Whether the holiday arrangement of ``year`` has been entered (DOMAIN.md §1)."""
    return default_calendar().is_known_year(year)


def is_provisional(d: date) -> bool:
    """Whether ``d`` is provisional: see :meth:`LegalCalendar.is_provisional`."""
    return default_calendar().is_provisional(d)


def is_working_day(d: date) -> bool:
    """See :meth:`LegalCalendar.is_working_day` ([条例] 285)."""
    return default_calendar().is_working_day(d)


def working_day(d: date) -> WorkingDay:
    """See :meth:`LegalCalendar.working_day`: (working, provisional)."""
    return default_calendar().working_day(d)


def is_rest_day(d: date) -> bool:
    """See :meth:`LegalCalendar.is_rest_day` ([条例] 285)."""
    return default_calendar().is_rest_day(d)


def add_working_days(start: date, n: int) -> DueDate:
    """See :meth:`LegalCalendar.add_working_days` ([条例] 285)."""
    return default_calendar().add_working_days(start, n)


def add_days(start: date, n: int, *, roll_over_rest_days: bool = True) -> DueDate:
    """See :meth:`LegalCalendar.add_days` ([条例] 285)."""
    return default_calendar().add_days(start, n, roll_over_rest_days=roll_over_rest_days)


def add_months(start: date, n: int, *, roll_over_rest_days: bool = True) -> DueDate:
    """See :meth:`LegalCalendar.add_months` ([条例] 285)."""
    return default_calendar().add_months(start, n, roll_over_rest_days=roll_over_rest_days)


def add_years(start: date, n: int, *, roll_over_rest_days: bool = True) -> DueDate:
    """See :meth:`LegalCalendar.add_years` ([条例] 285)."""
    return default_calendar().add_years(start, n, roll_over_rest_days=roll_over_rest_days)


def working_days_between(start: date, end: date) -> int:
    """See :meth:`LegalCalendar.working_days_between`."""
    return default_calendar().working_days_between(start, end)


# ------------------------------------------------------------------ the calendar page


@dataclass
class HolidayGroup:
    """One holiday of a year: its rest days and the make-up working days around it.

    ``periods`` are the runs of rest days (first, last) as the notice states them.
    """

    name: str
    holidays: list[date] = field(default_factory=list)
    workdays: list[date] = field(default_factory=list)
    periods: list[tuple[date, date]] = field(default_factory=list)

    @property
    def first(self) -> date:
        return min(self.holidays or self.workdays)

    @property
    def last_day(self) -> date:
        return max(self.holidays + self.workdays)

    @property
    def holiday_count(self) -> int:
        """Days off, as the notice counts them (共N天)."""
        return sum((last - first).days + 1 for first, last in self.periods)


def _is_plain_weekend(d: date, workdays: set[date]) -> bool:
    return d.weekday() >= 5 and d not in workdays


def _periods(holidays: Iterable[date], workdays: set[date], year: int) -> list[tuple[date, date]]:
    """Runs of rest days, taking in the ordinary weekend days next to and inside them.

    chinesecalendar sometimes leaves out such a weekend day (2015: 劳动节 only 5月1日),
    while the notice counts it (5月1日至3日，共3天). Runs stay within ``year``.
    """
    runs: list[tuple[date, date]] = []
    for d in sorted(holidays):
        if runs and all(
            _is_plain_weekend(runs[-1][1] + ONE_DAY * i, workdays)
            for i in range(1, (d - runs[-1][1]).days)
        ):
            runs[-1] = (runs[-1][0], d)
        else:
            runs.append((d, d))
    widened = []
    for first, last in runs:
        while (first - ONE_DAY).year == year and _is_plain_weekend(first - ONE_DAY, workdays):
            first -= ONE_DAY
        while (last + ONE_DAY).year == year and _is_plain_weekend(last + ONE_DAY, workdays):
            last += ONE_DAY
        widened.append((first, last))
    return widened


def _group_days(year: int, days: Iterable[tuple[date, str, str]]) -> list[HolidayGroup]:
    """The days (date, kind, name) of ``year`` grouped by holiday, in date order.

    The same name a month apart is two groups (2011's 元旦 in January, and the make-up
    day for 2012's 元旦 on 2011-12-31); holidays whose rest days join up are one group
    named as the notice does (2025: 国庆节、中秋节, 10月1日至8日).
    """
    from jiandu.core.models import DayKind

    days = sorted(days)
    workdays = {d for d, kind, _ in days if kind == DayKind.WORKDAY}
    groups: list[HolidayGroup] = []
    open_groups: dict[str, HolidayGroup] = {}
    for d, kind, name in days:
        label = name or "（未注明节日）"
        group = open_groups.get(label)
        if group is None or (d - group.last_day).days > 30:
            group = HolidayGroup(name=label)
            open_groups[label] = group
            groups.append(group)
        (group.holidays if kind == DayKind.HOLIDAY else group.workdays).append(d)
    for group in groups:
        group.periods = _periods(group.holidays, workdays, year)
    groups.sort(key=lambda g: g.periods[0][0] if g.periods else g.first)
    merged: list[HolidayGroup] = []
    for group in groups:
        previous = merged[-1] if merged else None
        if (
            previous
            and previous.periods
            and group.periods
            and (group.periods[0][0] - previous.periods[-1][1] <= ONE_DAY)
        ):
            previous.name = f"{previous.name}、{group.name}"
            previous.holidays = sorted(previous.holidays + group.holidays)
            previous.workdays = sorted(previous.workdays + group.workdays)
            previous.periods = _periods(previous.holidays, workdays, year)
        else:
            merged.append(group)
    return merged


def _year_ranges(years: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted years as runs of consecutive years: [2004..2026] → [(2004, 2026)]."""
    runs: list[tuple[int, int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    return runs


def missing_year_message(year: int) -> str:
    return f"{year}年节假日安排尚未录入，涉及该年的期限{PROVISIONAL_NOTE}"


def calendar_year_overview(year: int | None = None) -> dict[str, Any]:
    """The calendar page's context: one year's holidays and make-up working days.

    ``year`` defaults to the current local year. Also lists the entered years and warns
    about the current and next year when they are not entered (DOMAIN.md §1).
    """
    from django.urls import reverse

    from jiandu.core.models import CalendarDay, CalendarYear

    today = timezone.localdate()
    if year is None or not MIN_PAGE_YEAR <= year <= MAX_PAGE_YEAR:
        year = today.year
    records = {record.year: record for record in CalendarYear.objects.all()}
    known_years = sorted(records)
    days = list(CalendarDay.objects.filter(date__year=year).values_list("date", "kind", "name"))
    groups = _group_days(year, days)
    missing_years = [y for y in sorted({today.year, today.year + 1, year}) if y not in records]
    year_choices = sorted(
        {y for y in known_years if MIN_PAGE_YEAR <= y <= MAX_PAGE_YEAR}
        | {today.year, today.year + 1, year},
        reverse=True,
    )
    return {
        "year": year,
        "year_known": year in records,
        "year_record": records.get(year),
        "year_source": source_label(records[year].source) if year in records else "",
        "groups": groups,
        "holiday_count": sum(g.holiday_count for g in groups),
        "workday_count": sum(len(g.workdays) for g in groups),
        "known_years": known_years,
        "known_year_ranges": _year_ranges(known_years),
        "year_choices": year_choices,
        "previous_year": year - 1 if year > MIN_PAGE_YEAR else None,
        "next_year": year + 1 if year < MAX_PAGE_YEAR else None,
        "missing_years": missing_years,
        "warnings": [missing_year_message(y) for y in missing_years],
        "provisional_note": PROVISIONAL_NOTE,
        "today": today,
        "today_is_working_day": is_working_day(today),
        "admin_url": reverse("admin:core_calendarday_changelist"),
        "admin_year_url": reverse("admin:core_calendaryear_changelist"),
        "enter_url": f"{reverse('core:calendar_enter')}?year={year}",
        "estimated_holidays": sorted(default_calendar().estimated_holidays(year).items()),
        "estimate_note": ESTIMATE_NOTE,
    }
