"""Legal calendar (to be completed)."""


def calendar_year_overview(year=None):  # pragma: no cover - placeholder
    return {}
