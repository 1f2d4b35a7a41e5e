"""Formatting of statistics: numbers, percentages and changes (同比 / 环比)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from jiandu.core.formatting import money

register = template.Library()


@register.filter
def figure(value: Any) -> str:
    """A count as 1,234; a sum of money as ¥1,234.00; nothing as —."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"


@register.filter
def pct(value: Any) -> str:
    return "—" if value is None else f"{value:.1f}%"


@register.filter
def change(value: Any, points: bool = False) -> str:
    """+12.5% / −3.0% (or points for a ratio); — when there is nothing to compare."""
    if value is None:
        return "—"
    unit = "个百分点" if points else "%"
    if value > 0:
        return f"+{value:.1f}{unit}"
    if value < 0:
        return f"−{abs(value):.1f}{unit}"
    return "持平"


@register.filter
def frozen_value(mapping: Any, key: str) -> Any:
    """A value of a frozen table's numbers (row key, then column key)."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def formula_in_words(text: str) -> str:
    """An assessment formula with figures by their Chinese names (``stats.formula``)."""
    from jiandu.stats.formula import in_words

    return in_words(str(text or ""))
