"""On the demo county: for every standard table, the number in a cell equals the number
of rows its drill-down link shows in the ledger (issue 14, "drill-down that adds up").

``make test`` checks every cell of the total row and of a deterministic sample of the
unit rows, as 委领导 and as a resident team; ``make sweep`` (``JIANDU_STATS_DRILL_FULL=1``)
checks every cell of every row, for the year and for a month."""

from __future__ import annotations

import io
import os
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from jiandu.accounts.models import User
from jiandu.core import figures
from jiandu.stats import periods as P
from jiandu.stats import standard
from jiandu.stats.selectors import table_compute

FULL = os.environ.get("JIANDU_STATS_DRILL_FULL") == "1"
DEMO_CADRES = "300"
TODAY = date(2026, 11, 20)
COUNT = re.compile(r'data-testid="figure-drill-count">(\d+)<')
ACCOUNTS = ("leader", "paizhu1")


@pytest.fixture
def demo(db, settings, tmp_path, monkeypatch):
    from jiandu.intake import matching, similarity

    settings.MEDIA_ROOT = tmp_path / "files"
    settings.CROSSCHECK_DIR = tmp_path / "crosscheck"
    similarity.reset_index()
    matching.reset_register()
    call_command("demo", "--cadres", DEMO_CADRES, stdout=io.StringIO())
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    yield
    similarity.reset_index()
    matching.reset_register()


def _sample(rows: list, full: bool) -> list:
    if full:
        return rows
    # the total, the first and last unit rows and every third in between
    return [r for i, r in enumerate(rows) if r.unit.total or i % 3 == 0 or i == len(rows) - 2]


def test_every_cell_equals_the_rows_its_link_shows(demo, client):
    periods = [P.parse("2026-01..10")] + ([P.parse("2025"), P.parse("2026-03")] if FULL else [])
    checked = 0
    failures = []
    nonzero = 0
    for username in ACCOUNTS:
        user = User.objects.get(username=username)
        client.force_login(user)
        for table in standard.tables_for(user):
            for period in periods:
                grid = table_compute(user=user, table=table, period=period, compare=False)
                for row in _sample(grid.rows, FULL):
                    for col, c in zip(grid.columns, row.cells, strict=True):
                        if c.cell is None or figures.get(c.cell.figure).value:
                            # ratios are checked through their operands; sums of money
                            # (挽回经济损失) by the cases tests
                            continue
                        page = client.get(c.url).content.decode()
                        m = COUNT.search(page)
                        shown = int(m.group(1)) if m else None
                        checked += 1
                        nonzero += bool(c.value)
                        if shown != c.value:
                            failures.append(
                                f"{username} {table.key} {period.code} {row.unit.name} "
                                f"{col.label}: table {c.value}, ledger {shown}"
                            )
    print(f"{checked} cells checked ({nonzero} non-zero)")
    assert checked and nonzero, "the demo county gave nothing to check"
    assert not failures, "\n".join(failures[:50])
