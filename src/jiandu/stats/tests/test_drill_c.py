"""Every cell of the rectification, directives and cross-check tables links to a ledger
that shows exactly that many rows — as the leader and as a resident team."""

from __future__ import annotations

import re

import pytest

from jiandu.stats import periods as P
from jiandu.stats import standard
from jiandu.stats.selectors import table_compute
from jiandu.stats.tests import c_data

pytestmark = pytest.mark.django_db


def check_cells(client, user, table, code):
    grid = table_compute(user=user, table=standard.get(table), period=P.parse(code))
    client.force_login(user)
    checked = 0
    for row in grid.rows:
        for c in row.cells:
            if c.cell is None:
                continue
            page = client.get(c.url).content.decode()
            shown = re.search(r'data-testid="figure-drill-count">(\d+)<', page)
            assert shown and int(shown.group(1)) == c.value, (table, row.unit.name, c.cell)
            checked += 1
    return grid, checked


@pytest.mark.parametrize("role", ["leader", "resident_team"])
def test_rectification_cells_drill(county, monkeypatch, client, role):
    c_data.rectification(county, monkeypatch)
    for code in ("2026-Q1", "2026-01..06"):
        grid, checked = check_cells(client, county.users[role], "rectification", code)
        assert checked
    if role == "leader":
        assert grid.rows[-1].cells[0].value == 4
    else:
        assert [r.unit.name for r in grid.rows] == ["派驻第一纪检监察组"]
        assert grid.rows[0].cells[0].value == 2  # A and B (教育局)
