"""How jiandu writes dates and money for people: 2026年11月23日, ¥1,234.00.

Pages use these through the template filters of the same names (``core.templatetags.jiandu``);
exports and official documents call them directly.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def cn_date(value: Any, blank: str = "") -> str:
    """2026年11月23日 for a date, a datetime (its local date) or ISO text ("2026-11-23",
    as event payloads store dates); other text as it is; ``blank`` if empty."""
    if value in (None, ""):
        return blank
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def cn_month(value: Any, blank: str = "") -> str:
    """2026年11月 (births, joining the party, starting work)."""
    if isinstance(value, date):
        return f"{value.year}年{value.month}月"
    return cn_date(value, blank)


def cn_weekday(value: Any) -> str:
    """星期一 … 星期日 for a date (a notice writes a make-up working day with it)."""
    if not isinstance(value, date):
        return ""
    return "星期" + "一二三四五六日"[value.weekday()]


def cn_datetime(value: Any) -> str:
    """2026年11月23日 14:05 in local time."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"


def money(value: Any) -> str:
    """¥1,234.00; text that is not a number is returned as it is."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    return f"¥{amount:,.2f}"


def money_words(value: Any) -> str:
    """人民币1,234.00元, as official documents write an amount."""
    return f"人民币{Decimal(str(value)):,.2f}元"
