"""Entering a year's holiday arrangement on the calendar page, and what it moves.

The State Council's notice (国务院办公厅关于××年部分节假日安排的通知) is pasted or
typed as text; :func:`parse_arrangement` reads it line by line ("一、元旦：1月1日至3日放假
调休，共3天。1月4日（周日）上班。", "2027-01-01 至 2027-01-03 放假", "2月14日（星期日）
上班") and says in Chinese what it could not read, per line. :func:`plan_recomputation`
recomputes every open provisional due date the modules registered
(``core.deadlines.register_due``) on the calendar as it would be with the year entered,
without saving anything: the preview. :func:`calendar_year_enter` saves the year, the
recomputed due dates, one audit event listing the changes, and the changes themselves
(``DueDateChange``), which the workbench of each item's handlers shows
(:func:`changes_for`, the workbench fact ``due_date_changes``).

Only a year not yet entered can be entered here: its due dates were computed
provisionally (DOMAIN.md §1), so the provisional ones are exactly those to recompute.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from jiandu.core import calendar
from jiandu.core.deadlines import StoredDue, registered_dues, unregistered_provisional
from jiandu.core.errors import DomainError
from jiandu.core.formatting import cn_date
from jiandu.core.permissions import require_capability
from jiandu.core.recording import record_event

WEEKDAYS = "一二三四五六日"
HOLIDAY_NAMES = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
#: How long the workbench shows the due dates an entry moved.
WORKBENCH_DAYS = 30

_WORK_WORDS = ("上班", "补班")
_REST_WORDS = ("放假", "休息", "休假", "调休")
_PAREN = re.compile(r"[（(]([^）)]*)[）)]")
_ISO = r"(?P<iy>\d{4})\s*[-/.]\s*(?P<im>\d{1,2})\s*[-/.]\s*(?P<id>\d{1,2})"
_CN = r"(?:(?P<cy>\d{4})\s*年\s*)?(?:(?P<cm>\d{1,2})\s*月\s*)?(?P<cd>\d{1,2})\s*日"
_DATE = re.compile(f"{_ISO}|{_CN}")
_RANGE_WORD = re.compile(r"^\s*(?:至|到|~|～|—|–|-)\s*$")
_WEEKDAY_HINT = re.compile(r"(?:星期|周|礼拜)([一二三四五六日天])")


@dataclass
class Arrangement:
    """What a notice says: rest days and make-up working days (date → holiday name)."""

    year: int
    holidays: dict[date, str] = field(default_factory=dict)
    workdays: dict[date, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ignored: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.holidays)

    def groups(self) -> list[calendar.HolidayGroup]:
        """The days grouped by holiday as the calendar page shows them."""
        days = [(d, "holiday", n) for d, n in self.holidays.items()]
        days += [(d, "workday", n) for d, n in self.workdays.items()]
        return calendar._group_days(self.year, days)


def _holiday_name(line: str) -> str:
    head = re.split(r"[：:]", line, maxsplit=1)[0] if re.search(r"[：:]", line) else ""
    head = re.sub(r"^\s*[一二三四五六七八九十\d]+\s*[、.．]\s*", "", head).strip()
    if head and not _DATE.search(head) and len(head) <= 12:
        return head
    found = [name for name in HOLIDAY_NAMES if name.rstrip("节") in line]
    return "、".join(found)


def _dates_in(text: str, year: int, line_no: int, errors: list[str]) -> list[date]:
    """The days a sentence names: single dates and ranges (至/到/~), a range's end may
    leave out the month ("1月1日至3日"). Weekday hints in brackets are checked."""
    days: list[date] = []
    matches = list(_DATE.finditer(text))
    previous: date | None = None
    pending_range = False
    last_end = 0
    for match in matches:
        between = _PAREN.sub("", text[last_end : match.start()])
        pending_range = previous is not None and bool(_RANGE_WORD.match(between))
        if match.group("iy"):
            y, m, d = int(match.group("iy")), int(match.group("im")), int(match.group("id"))
        else:
            y = int(match.group("cy")) if match.group("cy") else year
            if match.group("cm"):
                m = int(match.group("cm"))
            elif previous is not None:
                m = previous.month
            else:
                errors.append(f"第{line_no}行：“{match.group(0)}”没有写明月份")
                return []
            d = int(match.group("cd"))
        try:
            day = date(y, m, d)
        except ValueError:
            errors.append(f"第{line_no}行：没有{y}年{m}月{d}日这一天")
            return []
        if day.year != year:
            errors.append(f"第{line_no}行：{cn_date(day)}不在{year}年内")
            return []
        hint = _WEEKDAY_HINT.search(text[match.end() : match.end() + 20].split("）")[0])
        after = text[match.end() : match.end() + 1]
        if hint and after and after in "（(":
            said = hint.group(1).replace("天", "日")
            if WEEKDAYS[day.weekday()] != said:
                errors.append(
                    f"第{line_no}行：{cn_date(day)}是星期{WEEKDAYS[day.weekday()]}，"
                    f"不是原文所写的星期{said}，请核对"
                )
                return []
        if pending_range and previous is not None:
            if day < previous:
                errors.append(f"第{line_no}行：{cn_date(previous)}至{cn_date(day)}起止颠倒")
                return []
            span = (day - previous).days
            days += [previous + timedelta(days=i) for i in range(1, span + 1)]
        else:
            days.append(day)
        previous = day
        last_end = match.end()
    return days


def parse_arrangement(text: str, year: int) -> Arrangement:
    """Read a pasted or typed arrangement of ``year``.

    Each line is cut into sentences (。；;); a sentence with 上班/补班 names make-up
    working days, one with 放假/休息/调休 names rest days. Lines with neither, or with no
    date and no "节日：" head, are ignored (the notice's title, preamble and closing); a
    sentence with such a word but no readable date is an error, as are dates outside
    ``year``, a wrong weekday in brackets, a day both off and on, and a make-up working
    day that is a weekday anyway. Warnings: a statutory holiday
    (:func:`calendar.statutory_holidays`) that is not among the rest days.
    """
    result = Arrangement(year=year)
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().replace("\u3000", " ")
        if not line:
            continue
        parts = re.split(r"[：:]", line, maxsplit=1)
        headed = len(parts) == 2 and 0 < len(parts[0].strip()) <= 12
        if not any(w in line for w in _WORK_WORDS + _REST_WORDS) or (
            not _DATE.search(line) and not headed
        ):
            # The notice's title, preamble and closing: nothing to read.
            result.ignored.append(line_no)
            continue
        name = _holiday_name(line)
        body = parts[1] if len(parts) == 2 and not _DATE.search(parts[0]) else line
        for sentence in re.split(r"[。；;]", body):
            is_work = any(w in sentence for w in _WORK_WORDS)
            is_rest = not is_work and any(w in sentence for w in _REST_WORDS)
            if not (is_work or is_rest):
                continue
            # Weekday hints stay for the check; other bracketed notes (农历…) go.
            cleaned = _PAREN.sub(
                lambda m: f"（{h.group(0)}）" if (h := _WEEKDAY_HINT.search(m.group(1))) else "",
                sentence,
            )
            errors: list[str] = []
            days = _dates_in(cleaned, year, line_no, errors)
            if errors:
                result.errors += errors
                continue
            if not days:
                if is_work or "与周末连休" not in sentence:
                    what = "调休上班日" if is_work else "放假日期"
                    result.errors.append(f"第{line_no}行：没有读出{what}（“{sentence.strip()}”）")
                continue
            target = result.workdays if is_work else result.holidays
            for day in days:
                target[day] = name
    for day in sorted(set(result.holidays) & set(result.workdays)):
        result.errors.append(f"{cn_date(day)}既列为放假又列为上班，请核对")
    for day in sorted(result.workdays):
        if day.weekday() < 5 and day not in result.holidays:
            result.errors.append(
                f"{cn_date(day)}是星期{WEEKDAYS[day.weekday()]}，本来就是工作日，不是调休上班日"
            )
    for day, name in sorted(calendar.statutory_holidays(year).items()):
        if day not in result.holidays:
            result.warnings.append(f"{cn_date(day)}（{name}）是法定节日，但没有列为放假日")
    if not result.holidays and not result.errors:
        result.errors.append("没有读出任何放假日期")
    return result


def structured_text(rows: Iterable[tuple[str, date | None, date | None, Iterable[date]]]) -> str:
    """The structured form's rows (name, first rest day, last rest day, make-up working
    days) as lines of the text format, so that both go through one parser."""
    lines = []
    for name, first, last, workdays in rows:
        parts = []
        if first:
            parts.append(f"{first.isoformat()}至{(last or first).isoformat()}放假")
        work = [d.isoformat() for d in workdays]
        if work:
            parts.append("、".join(work) + "上班")
        if parts:
            lines.append(f"{name}：" + "。".join(parts) + "。")
    return "\n".join(lines)


# --------------------------------------------------------------- recomputation


@dataclass
class PlannedChange:
    """One open provisional due date recomputed on the new calendar."""

    stored: StoredDue
    row: Any
    owner: Any
    old_due: date
    new_due: date
    new_provisional: bool

    @property
    def moved(self) -> bool:
        return self.old_due != self.new_due

    @property
    def item(self) -> str:
        return str(self.owner)[:200]

    @property
    def url(self) -> str:
        get_url = getattr(self.owner, "get_absolute_url", None)
        return get_url() if get_url else ""


@dataclass
class Plan:
    changes: list[PlannedChange]
    unchecked: list[Any]  # running provisional deadlines no module registered

    @property
    def moved(self) -> list[PlannedChange]:
        return [c for c in self.changes if c.moved]

    @property
    def confirmed(self) -> list[PlannedChange]:
        """Same date, no longer provisional."""
        return [c for c in self.changes if not c.moved]


def new_calendar(arrangement: Arrangement) -> calendar.LegalCalendar:
    return calendar.default_calendar().with_year(
        arrangement.year, arrangement.holidays, arrangement.workdays
    )


def plan_recomputation(cal: calendar.LegalCalendar) -> Plan:
    """Every open provisional due date as its rule gives it on ``cal`` (nothing saved)."""
    changes = []
    with calendar.using_calendar(cal):
        for stored in registered_dues():
            for row in stored.open_provisional():
                due = stored.recompute(row)
                if due is None:
                    continue
                changes.append(
                    PlannedChange(
                        stored=stored,
                        row=row,
                        owner=stored.owner_of(row),
                        old_due=getattr(row, stored.due_field),
                        new_due=calendar.DueDate.of(due).as_date(),
                        new_provisional=bool(getattr(due, "provisional", False)),
                    )
                )
    changes.sort(key=lambda c: (c.new_due, c.stored.label, c.item))
    return Plan(changes=changes, unchecked=unregistered_provisional())


def calendar_year_preview(*, actor: Any, year: int, text: str) -> tuple[Arrangement, Plan | None]:
    """The parsed arrangement and, when it reads cleanly, the due dates it would move."""
    require_capability(actor, "calendar.manage")
    _check_year(year)
    arrangement = parse_arrangement(text, year)
    if not arrangement.ok:
        return arrangement, None
    return arrangement, plan_recomputation(new_calendar(arrangement))


def _check_year(year: int) -> None:
    if not calendar.MIN_PAGE_YEAR <= year <= calendar.MAX_PAGE_YEAR:
        raise DomainError("年份不正确", fields={"year": ["年份不正确"]})
    from jiandu.core.models import CalendarYear

    if CalendarYear.objects.filter(year=year).exists():
        raise DomainError(
            f"{year}年的节假日安排已经录入，不能在此重复录入；如需更正，请联系系统管理员",
            fields={"year": ["该年已录入"]},
        )


def calendar_year_enter(*, actor: Any, year: int, text: str, source: str) -> Any:
    """Save ``year``'s arrangement, recompute every open provisional due date, record
    one audit event with the changes and keep them for the handlers' workbench.

    Returns the ``HolidayEntry``. Refuses an arrangement with errors (the messages per
    line, as the preview shows them) or a year already entered.
    """
    from jiandu.core.models import CalendarDay, CalendarYear, DayKind, DueDateChange, HolidayEntry

    require_capability(actor, "calendar.manage")
    source = (source or "").strip() or "国务院办公厅通知"
    with transaction.atomic():
        _check_year(year)
        arrangement = parse_arrangement(text, year)
        if not arrangement.ok:
            raise DomainError(
                "；".join(arrangement.errors) or "没有读出任何放假日期",
                fields={"text": arrangement.errors},
            )
        plan = plan_recomputation(new_calendar(arrangement))
        entry = HolidayEntry.objects.create(
            year=year,
            source=source[:60],
            text=text,
            holiday_count=len(arrangement.holidays),
            workday_count=len(arrangement.workdays),
            entered_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        CalendarDay.objects.filter(date__year=year).delete()
        CalendarDay.objects.bulk_create(
            [
                CalendarDay(date=d, kind=DayKind.HOLIDAY, name=n[:30])
                for d, n in sorted(arrangement.holidays.items())
            ]
            + [
                CalendarDay(date=d, kind=DayKind.WORKDAY, name=n[:30])
                for d, n in sorted(arrangement.workdays.items())
            ]
        )
        CalendarYear.objects.create(year=year, source=source[:60], note="在节假日页面录入")
        calendar.invalidate_cache()
        for change in plan.changes:
            stored = change.stored
            values = {
                stored.due_field: change.new_due,
                stored.provisional_field: change.new_provisional,
            }
            stored.model._default_manager.filter(pk=change.row.pk).update(**values)
        DueDateChange.objects.bulk_create(
            [
                DueDateChange(
                    entry=entry,
                    source=c.stored.key,
                    label=c.stored.label[:60],
                    row_id=c.row.pk,
                    owner_id=c.owner.pk,
                    item=c.item,
                    url=c.url[:200],
                    old_due=c.old_due,
                    new_due=c.new_due,
                    new_provisional=c.new_provisional,
                )
                for c in plan.changes
            ]
        )
        record_event(
            actor=actor,
            action="core.calendar.enter_year",
            obj=entry,
            payload={
                "year": year,
                "source": source[:60],
                "holidays": [d.isoformat() for d in sorted(arrangement.holidays)],
                "workdays": [d.isoformat() for d in sorted(arrangement.workdays)],
                "recomputed": len(plan.changes),
                "moved": [
                    {
                        "due": c.stored.key,
                        "item": c.item,
                        "id": c.row.pk,
                        "from": c.old_due.isoformat(),
                        "to": c.new_due.isoformat(),
                        "provisional": c.new_provisional,
                    }
                    for c in plan.moved
                ],
                "unchecked": len(plan.unchecked),
            },
        )
    return entry


# ------------------------------------------------------------------ selectors


def changes_for(*, user: Any, since: date | None = None) -> list[Any]:
    """The due dates moved by recent entries (within :data:`WORKBENCH_DAYS`) whose item
    the user handles: its owner is in ``owner_model.objects.visible_to(user)``."""
    from jiandu.core.models import DueDateChange

    since = since or timezone.localdate() - timedelta(days=WORKBENCH_DAYS)
    changes = list(
        DueDateChange.objects.filter(entry__entered_at__date__gte=since)
        .select_related("entry")
        .order_by("new_due", "id")
    )
    if not changes:
        return []
    stored = {s.key: s for s in registered_dues()}
    visible: dict[str, set[int]] = {}
    for key in {c.source for c in changes}:
        if key not in stored:
            continue
        owner_ids = {c.owner_id for c in changes if c.source == key}
        manager = stored[key].owner_model._default_manager
        qs = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.none()
        visible[key] = set(qs.filter(pk__in=owner_ids).values_list("pk", flat=True))
    return [c for c in changes if c.owner_id in visible.get(c.source, set()) and c.moved]


def entry_list() -> Any:
    from jiandu.core.models import HolidayEntry

    return HolidayEntry.objects.select_related("entered_by").order_by("-entered_at", "-id")


def entry_detail(*, user: Any, pk: Any) -> dict[str, Any]:
    """An entry and all the due dates it recomputed (for those who manage the calendar)."""
    from jiandu.core.errors import NotFound
    from jiandu.core.models import HolidayEntry

    require_capability(user, "calendar.manage")
    entry = HolidayEntry.objects.select_related("entered_by").filter(pk=pk).first()
    if entry is None:
        raise NotFound()
    changes = list(entry.changes.order_by("new_due", "id"))
    return {
        "entry": entry,
        "moved": [c for c in changes if c.moved],
        "confirmed": [c for c in changes if not c.moved],
    }
