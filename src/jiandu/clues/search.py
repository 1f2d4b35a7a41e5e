"""Clues in the search box (``jiandu.core.search``): by number, subject, title, summary
and transfer reference; by a subject's citizen ID."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from jiandu.clues.models import Clue
from jiandu.core.formatting import cn_date
from jiandu.core.search import SearchKind, SearchLine, register


def _line(clue: Clue) -> SearchLine:
    unit = clue.handling_unit.name if clue.handling_unit_id else ""
    return SearchLine(
        title=f"{clue.number} {clue.subject_name}",
        url=clue.get_absolute_url(),
        detail=" · ".join(
            x
            for x in (
                clue.subject_title,
                f"承办：{unit}" if unit else "",
                cn_date(clue.received_on),
            )
            if x
        ),
        badge=clue.get_status_display(),
        text=clue.summary,
    )


def _selector(user: Any):
    from jiandu.clues.selectors import clue_list

    return clue_list(user=user)


CLUES = register(
    SearchKind(
        key="clue",
        label="问题线索",
        model=Clue,
        capability="clues.view",
        selector=_selector,
        document=lambda c: [c.number, c.subject_name, c.subject_title, c.transfer_ref, c.summary],
        line=_line,
        fields=frozenset({"number", "subject_name", "subject_title", "transfer_ref", "summary"}),
        ledger="clues:clue_list",
        citizen_id=lambda number: Q(subject_cadre__citizen_id=number),
        sort=20,
    )
)
