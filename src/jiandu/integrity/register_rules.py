"""Plain rules of the register part of the integrity file (no ORM).

- the window in which a 任前廉政谈话 counts for a leading post, and when its absence is
  an alert (issue 13, seed 003 "对新任职领导干部早打招呼": a new appointee is talked to
  within one month of taking the post, a policy value; a talk held in the three months
  before the appointment — when the appointment was decided, before it took effect —
  counts too);
- reading the sections of a personal-matters declaration written in one spreadsheet
  cell (one item a line or between "；", its fields in a fixed order between "，" or
  "/").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

# A talk held this many months before the post's start still counts as its 任前谈话.
PRE_TALK_MONTHS_BEFORE = 3


def shift_months(d: date, n: int) -> date:
    """The same day ``n`` calendar months later (earlier for ``n`` < 0); a day the month
    lacks becomes its last day: 2026-01-31 + 1 month = 2026-02-28."""
    month = d.month - 1 + n
    year, month = d.year + month // 12, month % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class PreTalkWindow:
    first: date  # earliest talk date that counts
    last: date  # latest talk date that counts (the post's start + the policy months)


def pre_talk_window(start: date, *, months_after: int) -> PreTalkWindow:
    """The dates a 任前廉政谈话 for a post started on ``start`` may carry: from
    ``start`` − 3 months to ``start`` + ``months_after`` months, both included."""
    return PreTalkWindow(
        first=shift_months(start, -PRE_TALK_MONTHS_BEFORE),
        last=shift_months(start, months_after),
    )


def pre_talk_overdue(start: date, talks: list[date], *, on: date, months_after: int) -> bool:
    """Is the post started on ``start`` without its 任前廉政谈话 on ``on``? Only once
    the window has closed (``on`` after its last day) and no talk falls in it."""
    window = pre_talk_window(start, months_after=months_after)
    if on <= window.last:
        return False
    return not any(window.first <= t <= window.last for t in talks)


# --- a declaration's sections written in one cell -------------------------------------------

ITEM_SEPARATORS = re.compile(r"[\n\r；;]+")
FIELD_SEPARATORS = re.compile(r"\s*[，,/／|]\s*")
NONE_WORDS = frozenset({"无", "没有", "-", "—", "/", "无此情况", "否"})
NUMERIC_KEYS = frozenset({"area", "amount"})


class BadItems(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_items(text: str, keys: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    """The items written in one cell: ``"本人，城关镇幸福路12号，120，自住；…"`` →
    ``[{"owner": "本人", "address": "城关镇幸福路12号", "area": "120", "use": "自住"}]``.
    "无" (or an empty cell) is no item. An item needs its first two fields and at most
    as many fields as the section has; area and amount are numbers. Raises
    :class:`BadItems` with a Chinese message naming the item."""
    text = (text or "").strip()
    if not text or text in NONE_WORDS:
        return []
    items: list[dict[str, str]] = []
    parts = [p.strip() for p in ITEM_SEPARATORS.split(text) if p.strip()]
    order = "、".join(header for _, header in keys)
    for number, part in enumerate(parts, start=1):
        fields = [f.strip() for f in FIELD_SEPARATORS.split(part)]
        if len(fields) > len(keys):
            raise BadItems(
                f"第{number}项“{part}”有{len(fields)}个部分，最多{len(keys)}个（{order}，用逗号分隔）"
            )
        if len(fields) < 2 or not fields[0] or not fields[1]:
            raise BadItems(
                f"第{number}项“{part}”不完整：至少填写{keys[0][1]}和{keys[1][1]}（依次为{order}，用逗号分隔）"
            )
        item = {key: (fields[i] if i < len(fields) else "") for i, (key, _) in enumerate(keys)}
        for i, (key, header) in enumerate(keys):
            value = item[key]
            if key in NUMERIC_KEYS and value:
                try:
                    number_value = Decimal(value)
                except InvalidOperation:
                    raise BadItems(f"第{number}项的{header}“{value}”不是数字") from None
                if not number_value.is_finite() or number_value < 0:
                    raise BadItems(f"第{number}项的{header}“{value}”不是有效的数字")
            if len(value) > 100:
                raise BadItems(f"第{number}项的{keys[i][1]}超过100个字")
        items.append(item)
    return items
