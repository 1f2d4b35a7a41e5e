"""立案审查调查情况表 on a small fixed history (``casedata.build``), every number worked
out by hand from the history's docstring."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiandu.stats import periods as P
from jiandu.stats import standard
from jiandu.stats.selectors import table_compute
from jiandu.stats.tests.casedata import Clock, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(county, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    clock = Clock(monkeypatch)
    return build(county, clock)


def row(grid, name):
    found = [r for r in grid.rows if r.unit.name == name]
    assert found, [r.unit.name for r in grid.rows]
    return {col.key: c for col, c in zip(grid.columns, found[0].cells, strict=True)}


def test_case_figures_worked_by_hand(county, history):
    leader = county.users["leader"]
    with CaptureQueriesContext(connection) as q:
        grid = table_compute(user=leader, table=standard.get("cases"), period=P.parse("2026"))
    # bounded: a few grouped queries per figure and period, whatever the number of rows
    assert len(q) <= 60, len(q)
    total = row(grid, "合计")
    v = {k: c.value for k, c in total.items()}
    assert v["filed"] == 3  # A (02-10), B (06-01), C (03-01); D was filed in 2025
    assert v["by_handling:self"] == 2  # A, B: team1 alone
    assert v["by_handling:designated"] == 0  # D is designated but filed in 2025
    assert v["by_handling:joint"] == 1  # C: team2 co-handles
    assert v["by_rank:township"] == 2  # 张伟 in A and in B
    assert v["by_rank:county"] == 1  # 赵刚 in C
    assert v["by_rank:general"] == 0  # 李娜 (D) is last year's
    assert v["by_category:integrity"] == 3  # A, B, C
    assert v["by_category:work"] == 1  # C
    assert v["detentions"] == 1  # C: 留置 from 2026-03-05
    assert v["referrals"] == 1  # C: referred 2026-07-01
    assert v["closed"] == 1  # A: closed 2026-06-20; B, C, D still open
    assert v["recovered"] == Decimal("60000")  # A ¥10,000 (05-10) + C ¥50,000 (08-01)
    # 同比: 2025 had D only (designated)
    assert total["filed"].year_earlier == 1
    assert total["by_handling:designated"].year_earlier == 1
    # the lead unit's row carries them all; team2 (co-handling C) none
    assert row(grid, "派驻第一纪检监察组")["filed"].value == 3
    assert row(grid, "派驻第二纪检监察组")["filed"].value == 0


def test_a_past_period_recounts_the_same_after_records_move_on(county, history):
    """Counted from dated events: B's decision later in the year does not change the
    first half's figures; closing C later would not change 2026-H1's closed count."""
    leader = county.users["leader"]
    h1 = P.date_range(date(2026, 1, 1), date(2026, 6, 30))
    grid = table_compute(user=leader, table=standard.get("cases"), period=h1)
    v = {k: c.value for k, c in row(grid, "合计").items()}
    assert v["filed"] == 3 and v["closed"] == 1  # A closed 06-20
    assert v["referrals"] == 0  # C was referred on 07-01
    assert v["recovered"] == Decimal("10000")  # C's ¥50,000 was recorded on 08-01
