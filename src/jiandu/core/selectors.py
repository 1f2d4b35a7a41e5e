"""Reads for the shell pages: the workbench and the calendar overview."""

from __future__ import annotations

from typing import Any


def workbench_for(*, user: Any) -> dict[str, Any]:
    from jiandu.audit.selectors import recent_events_by
    from jiandu.core.workbench import items_for
    from jiandu.org.selectors import cadre_list, unit_list

    return {
        "recent_events": recent_events_by(user=user, limit=10),
        "cadre_count": cadre_list(user=user).count(),
        "unit_count": unit_list(user=user).count(),
        "items": items_for(user),
    }


def calendar_overview(*, year: int | None = None) -> dict[str, Any]:
    from jiandu.core.calendar import calendar_year_overview

    return calendar_year_overview(year)
