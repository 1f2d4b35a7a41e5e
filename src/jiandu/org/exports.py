"""Excel export of units, cadres and posts (to be completed)."""


def export_xlsx(*, user, kind, filters):  # pragma: no cover - placeholder
    raise NotImplementedError
