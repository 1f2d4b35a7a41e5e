"""Drill-down that adds up (issue 14): for every count cell of the 信访举报 and 问题线索
处置 tables, as the leader (every unit) and as a resident team (its own row), the ledger
the cell links to shows exactly as many rows as the cell says. And the tables are
computed in a bounded number of queries, not one per unit."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from jiandu.org import services as org
from jiandu.stats import periods as P
from jiandu.stats import standard
from jiandu.stats.selectors import table_compute
from jiandu.stats.tests.data_reports_clues import Clock, build_clues, build_reports

pytestmark = pytest.mark.django_db

DRILL = re.compile(r'data-testid="figure-drill-count">(\d+)<')


@pytest.fixture
def history(county, monkeypatch):
    clock = Clock(monkeypatch)
    build_reports(county, clock)
    build_clues(county, clock)
    clock(date(2026, 11, 20))
    return county


def _ledger(key: str):
    from jiandu.clues.views import CLUE_LEDGER
    from jiandu.intake.views import REPORT_LEDGER

    return {"reports": REPORT_LEDGER, "clues": CLUE_LEDGER}[key]


@pytest.mark.parametrize("key", ["reports", "clues"])
def test_every_cell_equals_its_drilled_ledger(history, client, key):
    """Every count cell: the rows its link's ledger lists (``Ledger.rows``, what the page
    paginates and counts) equal the cell, and the page fetched shows that count in its
    banner (``figure-drill-count``)."""
    factory = RequestFactory()
    ledger = _ledger(key)
    for role in ("leader", "resident_team"):
        user = history.users[role]
        grid = table_compute(user=user, table=standard.get(key), period=P.parse("2026-01..10"))
        client.force_login(user)
        checked = fetched = nonzero = 0
        for row in grid.rows:
            for col, c in zip(grid.columns, row.cells, strict=True):
                if c.cell is None:
                    continue
                request = factory.get(c.url)
                request.user = user
                assert ledger.rows(request).count() == c.value, (role, row.unit.name, col.key)
                checked += 1
                nonzero += bool(c.value)
                response = client.get(c.url)
                assert response.status_code == 200, (row.unit.name, col.key)
                shown = DRILL.search(response.content.decode())
                assert shown is not None, (row.unit.name, col.key)
                assert int(shown.group(1)) == c.value, (role, row.unit.name, col.key, c.url)
                fetched += 1
        assert checked >= len(grid.rows) * 10
        assert nonzero >= (20 if role == "leader" else 5)  # the data set is not all zeros
        assert fetched == checked
        page = client.get(f"/stats/tables/{key}/?period=2026-01..10")
        assert page.status_code == 200
        assert f"fig={key}." in page.content.decode()


@pytest.mark.parametrize("key", ["reports", "clues"])
def test_a_table_takes_the_same_queries_for_more_units(history, key):
    """One grouped query per figure, breakdown and period: adding units (rows) adds no
    query, and the whole table with 同比/环比 stays under a fixed bound."""
    leader = history.users["leader"]
    table = standard.get(key)
    period = P.parse("2026-03")
    with CaptureQueriesContext(connection) as before:
        table_compute(user=leader, table=table, period=period)
    for i in range(6):
        org.unit_create(
            actor=None,
            name=f"新增派驻组{i}",
            code=f"X{i:03d}",
            kind="resident_team",
            parent=history.units["commission"],
        )
    with CaptureQueriesContext(connection) as after:
        grid = table_compute(user=leader, table=table, period=period)
    assert len(grid.rows) >= 17
    assert len(after.captured_queries) == len(before.captured_queries)
    assert len(after.captured_queries) <= 80
