"""Every cell of the case and sanction tables links to a page whose drill count equals
the cell, for the leader and for a resident team (scoped)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from jiandu.stats import periods as P
from jiandu.stats import standard
from jiandu.stats.selectors import table_compute
from jiandu.stats.tests.test_handworked_cases import history  # noqa: F401

pytestmark = pytest.mark.django_db


def drilled(page: str) -> Decimal:
    m = re.search(r'data-testid="figure-drill-count"(?: data-value="([-\d.]+)")?>([^<]+)<', page)
    assert m, page[-2000:]
    return Decimal(m.group(1) or m.group(2).replace(",", ""))


@pytest.mark.parametrize("table", ["cases", "sanctions"])
@pytest.mark.parametrize("role", ["leader", "resident_team"])
def test_every_cell_equals_its_drill_down(county, history, client, table, role):  # noqa: F811
    user = county.users[role]
    grid = table_compute(user=user, table=standard.get(table), period=P.parse("2026"))
    client.force_login(user)
    checked = nonzero = 0
    for r in grid.rows:
        for col, c in zip(grid.columns, r.cells, strict=True):
            if c.numerator is not None:
                continue
            assert c.url, (col.key, r.unit.name)
            page = client.get(c.url).content.decode()
            assert drilled(page) == Decimal(c.value), (role, table, r.unit.name, col.key)
            checked += 1
            nonzero += bool(c.value)
    assert checked and nonzero  # the history gives the team's view numbers too
