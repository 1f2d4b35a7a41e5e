"""Fixtures of the clearance tests: the test county, records planted by date (rows dated
directly: the services refuse dates other than today for some steps), and a request."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest

from jiandu.clues.models import Clue, ClueStatus, FirstFormMeasure


def make_clue(cadre: Any, *, on: date, status: str = ClueStatus.CLOSED, n: int = 1) -> Clue:
    return Clue.objects.create(
        number=f"XS{on.year}-9{n:04d}",
        source="own",
        received_on=on,
        summary="反映其违规收受礼金",
        subject_cadre=cadre,
        subject_name=cadre.name,
        status=status,
    )


def admonition(cadre: Any, *, on: date, n: int = 1) -> FirstFormMeasure:
    """诫勉 decided on ``on``: 6 months of influence period (DOMAIN.md §5)."""
    clue = make_clue(cadre, on=on, n=n)
    return FirstFormMeasure.objects.create(
        clue=clue, cadre=cadre, person_name=cadre.name, kind="first_admonition", decided_on=on
    )


def people_rows(county: Any, *keys: str) -> list[dict[str, str]]:
    return [
        {
            "name": county.cadres[k].name,
            "citizen_id": county.cadres[k].citizen_id,
            "unit_text": f"单位{k}",
        }
        for k in keys
    ]


def xlsx(rows: list[list[Any]]) -> io.BytesIO:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "单位职务"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "名单.xlsx"
    return out


@pytest.fixture
def submitted(county):
    from jiandu.integrity.clearance_services import clearance_request_submit

    return clearance_request_submit(
        actor=county.users["org_department"],
        purpose="promotion",
        people=people_rows(county, "edu_head", "fin_head", "town_b_head"),
        received_on=date(2025, 12, 1),
    )
