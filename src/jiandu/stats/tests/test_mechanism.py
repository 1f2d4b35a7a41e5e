"""The statistics mechanism: a table cell, its drill-down link and the ledger agree."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone

from jiandu.clues import services as clue_services
from jiandu.core import figures
from jiandu.stats import periods as P
from jiandu.stats import standard
from jiandu.stats.selectors import table_compute

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 20))


def _clue(county, received_on, source="report", cadre="edu_head"):
    return clue_services.clue_create(
        actor=county.users["case_management"],
        source=source,
        summary="反映其违规收受礼金。",
        received_on=received_on,
        subject_cadre=county.cadres[cadre],
        category_codes=["integrity"],
    )


def test_periods_and_comparisons():
    p = P.parse("2026-01..10")
    assert (p.start, p.end, p.label) == (date(2026, 1, 1), date(2026, 10, 31), "2026年1—10月")
    assert P.year_earlier(p).end == date(2025, 10, 31)
    assert P.preceding(P.parse("2026-01")).code == "2025-12"
    assert P.preceding(P.parse("2026-Q1")).code == "2025-Q4"
    assert P.year_earlier(P.parse("2024-02")).end == date(2023, 2, 28)
    with pytest.raises(Exception, match="统计期间"):
        P.parse("2026-13")


def test_cell_counts_equal_the_drilled_ledger(county, frozen, client):
    for d in (date(2026, 2, 1), date(2026, 3, 5), date(2025, 3, 5)):
        _clue(county, d)
    _clue(county, date(2026, 4, 1), source="audit")
    leader = county.users["leader"]
    grid = table_compute(user=leader, table=standard.get("clues"), period=P.parse("2026-01..10"))
    total = grid.rows[-1]
    assert total.unit.total
    received = total.cells[0]
    assert received.value == 3
    assert received.year_earlier == 1
    client.force_login(leader)
    for row in grid.rows:
        for c in row.cells:
            if c.cell is None:
                continue
            page = client.get(c.url).content.decode()
            shown = re.search(r'data-testid="figure-drill-count">(\d+)<', page)
            assert shown and int(shown.group(1)) == c.value, (
                row.unit.name,
                c.cell,
                page[page.find("figure-drill") - 200 : page.find("figure-drill") + 600]
                if "figure-drill" in page
                else page[-3000:],
            )
    # the page itself renders and links the cells
    page = client.get("/stats/tables/clues/?period=2026-01..10").content.decode()
    assert "问题线索处置情况表" in page and "fig=clues.received" in page


def test_a_resident_team_counts_only_what_it_sees(county, frozen):
    _clue(county, date(2026, 2, 1))
    grid = table_compute(
        user=county.users["resident_team"], table=standard.get("clues"), period=P.parse("2026")
    )
    assert [r.unit.name for r in grid.rows] == ["派驻第一纪检监察组"]
    assert grid.rows[0].cells[0].value == 0


def test_a_bad_drill_down_shows_nothing(county, client):
    client.force_login(county.users["leader"])
    page = client.get("/clues/?fig=clues.received&fig_from=x&fig_to=2026-01-01").content.decode()
    assert "统计期间无效" in page
    assert figures.Cell.from_params({}) is None
