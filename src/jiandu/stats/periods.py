"""Statistical periods (统计期间) and their comparisons (DOMAIN.md §9).

A period is a closed date range with a Chinese label. Kinds: a month (``2026-10``), a
quarter (``2026-Q3``), a year (``2026``), the months of a year up to one (累计,
``2026-01..10`` = 2026年1—10月) and any range (``2026-03-05..2026-06-30``).
同比 is the same period one year earlier; 环比 the preceding period of the same length
(the preceding month, quarter or year; for a cumulative or free range, the same number
of days just before it). Pure functions: no ORM.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from jiandu.core import figures
from jiandu.core.errors import DomainError


@dataclass(frozen=True)
class Period:
    kind: str  # month, quarter, year, ytd, range
    start: date
    end: date

    @property
    def code(self) -> str:
        """The value that names this period in a URL (``?period=``)."""
        s, e = self.start, self.end
        if self.kind == "month":
            return f"{s.year}-{s.month:02d}"
        if self.kind == "quarter":
            return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(s.year)
        if self.kind == "ytd":
            return f"{s.year}-01..{e.month:02d}"
        return f"{s.isoformat()}..{e.isoformat()}"

    @property
    def label(self) -> str:
        s, e = self.start, self.end
        if self.kind == "month":
            return f"{s.year}年{s.month}月"
        if self.kind == "quarter":
            return f"{s.year}年第{'一二三四'[(s.month - 1) // 3]}季度"
        if self.kind == "year":
            return f"{s.year}年"
        if self.kind == "ytd":
            return f"{s.year}年1—{e.month}月" if e.month > 1 else f"{s.year}年1月"
        return f"{s.year}年{s.month}月{s.day}日至{e.year}年{e.month}月{e.day}日"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def month(year: int, m: int) -> Period:
    return Period("month", date(year, m, 1), _month_end(year, m))


def quarter(year: int, q: int) -> Period:
    return Period("quarter", date(year, 3 * q - 2, 1), _month_end(year, 3 * q))


def year(y: int) -> Period:
    return Period("year", date(y, 1, 1), date(y, 12, 31))


def ytd(y: int, through_month: int) -> Period:
    return Period("ytd", date(y, 1, 1), _month_end(y, through_month))


def date_range(start: date, end: date) -> Period:
    if end < start:
        raise DomainError("统计期间的结束日期早于开始日期。")
    if (end - start).days > 366 * 10:
        raise DomainError("统计期间不能超过十年。")
    _check_years(start.year, end.year)
    return Period("range", start, end)


def _check_years(*years: int) -> None:
    """A period's years lie within the drill-down's bounds (``core.figures``), so that its
    同比/环比 and every cell link stay valid dates."""
    if any(not figures.MIN_YEAR < y < figures.MAX_YEAR for y in years):
        raise DomainError(
            f"统计期间无效：应在{figures.MIN_YEAR + 1}年至{figures.MAX_YEAR - 1}年之间。"
        )


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_YTD = re.compile(r"^(\d{4})-01\.\.(\d{1,2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


def parse(value: str) -> Period:
    """The period a ``?period=`` value names; a clear Chinese error otherwise."""
    value = (value or "").strip()
    if m := re.match(r"^(\d{4})", value):
        _check_years(int(m[1]))
    try:
        if m := _YTD.match(value):
            y, mo = int(m[1]), int(m[2])
            if 1 <= mo <= 12:
                return ytd(y, mo)
        elif m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            if 1 <= mo <= 12:
                return month(y, mo)
        elif m := _QUARTER.match(value):
            return quarter(int(m[1]), int(m[2]))
        elif m := _YEAR.match(value):
            return year(int(m[1]))
        elif m := _RANGE.match(value):
            return date_range(date.fromisoformat(m[1]), date.fromisoformat(m[2]))
    except ValueError:
        pass
    raise DomainError(
        f"统计期间“{value}”无效：应为月（2026-10）、季度（2026-Q3）、年（2026）、"
        "累计（2026-01..10）或起止日期（2026-01-01..2026-10-31）。"
    )


def default(today: date) -> Period:
    """The page's default: this year up to the current month (年初至今)."""
    return ytd(today.year, today.month)


def _shift_year(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def year_earlier(p: Period) -> Period:
    """同比: the same period one year earlier (a month's end stays a month's end)."""
    start = _shift_year(p.start, -1)
    end = _shift_year(p.end, -1)
    if p.kind in ("month", "quarter", "year", "ytd"):
        end = _month_end(end.year, end.month)
    return Period(p.kind, start, end)


def preceding(p: Period) -> Period:
    """环比: the preceding period of the same length."""
    s = p.start
    if p.kind == "month":
        y, m = (s.year, s.month - 1) if s.month > 1 else (s.year - 1, 12)
        return month(y, m)
    if p.kind == "quarter":
        q = (s.month - 1) // 3 + 1
        return quarter(s.year, q - 1) if q > 1 else quarter(s.year - 1, 4)
    if p.kind == "year":
        return year(s.year - 1)
    end = s - timedelta(days=1)
    return Period("range", end - timedelta(days=p.days - 1), end)


def change(current: float, before: float) -> float | None:
    """The relative change in percent (None when the earlier figure is 0)."""
    if not before:
        return None
    return round((current - before) / before * 100, 1)


def choices(today: date) -> list[tuple[str, list[tuple[str, str]]]]:
    """The period picker's options, grouped (累计, 月, 季度, 年)."""
    y = today.year
    ytds = [ytd(y, m) for m in range(today.month, 0, -1)] + [
        ytd(y - 1, m) for m in range(12, 0, -1)
    ]
    months = [month(y, m) for m in range(today.month, 0, -1)] + [
        month(y - 1, m) for m in range(12, 0, -1)
    ]
    quarters = [quarter(y, q) for q in range((today.month - 1) // 3 + 1, 0, -1)] + [
        quarter(y - 1, q) for q in range(4, 0, -1)
    ]
    years = [year(y - i) for i in range(0, 4)]
    return [
        ("累计", [(p.code, p.label) for p in ytds]),
        ("月度", [(p.code, p.label) for p in months]),
        ("季度", [(p.code, p.label) for p in quarters]),
        ("年度", [(p.code, p.label) for p in years]),
    ]
