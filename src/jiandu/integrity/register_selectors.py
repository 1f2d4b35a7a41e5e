"""The register part of the integrity file beyond the organisation register
(个人有关事项报告, 廉政谈话, 述责述廉, 礼品礼金上交, 婚丧喜庆, commendations).

STUB: another part of issue 13 writes this module and its template
``integrity/partials/_register.html``; this placeholder keeps the file page working
until they are merged (it returns nothing and the template renders nothing)."""

from __future__ import annotations

from typing import Any


def register_part(*, user: Any, cadre: Any) -> dict[str, Any]:
    """What the file shows of the cadre's register entries, scoped by ``user``."""
    return {}
