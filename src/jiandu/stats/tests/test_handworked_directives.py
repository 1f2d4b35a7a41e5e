"""督办事项落实情况表, hand-worked on the fixed data of ``c_data.directives``."""

from __future__ import annotations

import pytest

from jiandu.stats import periods as P
from jiandu.stats import standard
from jiandu.stats.selectors import table_compute
from jiandu.stats.tests import c_data
from jiandu.stats.tests.test_drill_c import check_cells

pytestmark = pytest.mark.django_db


def _numbers(county, code):
    grid = table_compute(
        user=county.users["leader"], table=standard.get("directives"), period=P.parse(code)
    )
    names = {r.unit.key: r.unit.name for r in grid.rows}
    return {names[k]: v for k, v in grid.numbers().items()}


def test_year_and_november(county, monkeypatch, client):
    c_data.directives(county, monkeypatch)
    year = _numbers(county, "2026")
    # Due in 2026: T1, T2, T3. Closed by 12-31: T1, T2; on time: T2 only (T1 closed 12-05
    # after its 11-30 deadline). Overdue at 12-31: T3 (due 11-15, open).
    assert year["合计"] == {
        "due": 3,
        "done": 2,
        "on_time": 1,
        "done_rate": 66.7,
        "on_time_rate": 33.3,
        "overdue": 1,
    }
    # 派驻第一组: T1 (教育局) and T3 (教育局 and 第一中学: once); 派驻第二组: T1 (财政局).
    assert year["派驻第一纪检监察组"] == {
        "due": 2,
        "done": 1,
        "on_time": 0,
        "done_rate": 50.0,
        "on_time_rate": 0.0,
        "overdue": 1,
    }
    assert year["派驻第二纪检监察组"]["due"] == 1 and year["派驻第二纪检监察组"]["done"] == 1
    assert year["第一纪检监察室"]["on_time"] == 1
    # T1 counts in both teams' rows and once in 合计: rows add up to more than the total.
    assert sum(v["due"] for k, v in year.items() if k != "合计") == 4
    # November: T1 and T3 due; none closed by 11-30; T3 overdue (T1's due date is the
    # period's end: not yet past it). A past period: the December close-out changes nothing.
    nov = _numbers(county, "2026-11")
    assert nov["合计"] == {
        "due": 2,
        "done": 0,
        "on_time": 0,
        "done_rate": 0.0,
        "on_time_rate": 0.0,
        "overdue": 1,
    }


@pytest.mark.parametrize("role", ["leader", "resident_team"])
def test_directive_cells_drill(county, monkeypatch, client, role):
    c_data.directives(county, monkeypatch)
    for code in ("2026", "2026-11"):
        _grid, checked = check_cells(client, county.users[role], "directives", code)
        assert checked
