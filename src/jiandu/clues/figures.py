"""The clue figures the statistics count (``jiandu.core.figures``; DOMAIN.md §9)."""

from __future__ import annotations

from jiandu.clues.models import Clue, ClueSource
from jiandu.core.figures import By, Figure, register

register(
    Figure(
        key="clues.received",
        label="受理问题线索",
        measure="件",
        model=Clue,
        ledger="clues:clue_list",
        dated="received_on",
        unit_field="handling_unit",
        unit_fallback="registered_by__unit",
        definition="按线索收到日期计入统计期间；计入承办单位，尚未分办的计入登记人所在单位。",
        by={"source": By("source", "线索来源", choices=ClueSource.choices)},
    )
)
