"""Reads for the shell pages: the workbench and the calendar overview."""

from __future__ import annotations

from typing import Any

from jiandu.core.calendar import calendar_year_overview
from jiandu.core.workbench import facts_for, items_for


def workbench_for(*, user: Any) -> dict[str, Any]:
    """The items to act on and the facts the apps registered (``core.workbench``)."""
    return {**facts_for(user), "items": items_for(user)}


def calendar_overview(*, year: int | None = None) -> dict[str, Any]:
    return calendar_year_overview(year)
