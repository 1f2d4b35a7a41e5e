"""Excel import of units, cadres and posts (to be completed)."""

from __future__ import annotations

KINDS = {"units": "单位", "cadres": "干部", "posts": "任职"}


def import_xlsx(*, actor, kind, file):  # pragma: no cover - placeholder
    raise NotImplementedError


def template_xlsx(kind):  # pragma: no cover - placeholder
    raise NotImplementedError
