"""巡察整改情况表, hand-worked on the fixed data of ``c_data.rectification``."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiandu.inspections import services as s
from jiandu.stats import periods as P
from jiandu.stats import standard
from jiandu.stats.selectors import table_compute
from jiandu.stats.tests.c_data import freeze, rectification

pytestmark = pytest.mark.django_db


def _numbers(county, code):
    grid = table_compute(
        user=county.users["leader"], table=standard.get("rectification"), period=P.parse(code)
    )
    names = {r.unit.key: r.unit.name for r in grid.rows}
    return {names[k]: v for k, v in grid.numbers().items()}


def test_q1(county, monkeypatch):
    rectification(county, monkeypatch)
    n = _numbers(county, "2026-Q1")
    # Due in Q1: A, B (教育局 -> 派驻第一组), C (东镇 -> 东镇纪委). Only A closed by 03-31,
    # on time (done 03-20 <= 03-31). B is done later: late. C is open past 02-28: late and
    # overdue at 03-31. B's deadline is the period's end: not yet past it.
    assert n["派驻第一纪检监察组"] == {
        "due": 2,
        "done": 1,
        "on_time": 1,
        "done_rate": 50.0,
        "on_time_rate": 50.0,
        "overdue": 0,
    }
    assert n["东镇纪委"] == {
        "due": 1,
        "done": 0,
        "on_time": 0,
        "done_rate": 0.0,
        "on_time_rate": 0.0,
        "overdue": 1,
    }
    assert n["巡察办"]["due"] == 0
    # 合计: 1 on time of 3 due = 33.3%; one overdue (C).
    assert n["合计"] == {
        "due": 3,
        "done": 1,
        "on_time": 1,
        "done_rate": 33.3,
        "on_time_rate": 33.3,
        "overdue": 1,
    }


def test_first_half_and_a_past_period_recounted_after_later_changes(county, monkeypatch):
    items = rectification(county, monkeypatch)
    h1 = _numbers(county, "2026-01..06")
    # Due Jan-Jun: A, B, C, D. Done by 06-30: A, B, D (3/4 = 75%); on time: A, D (50%).
    # D (组织部, supervised by no commission body) counts for 巡察办, who registered the
    # round. Overdue at 06-30: C only (E is due 09-30).
    assert h1["合计"] == {
        "due": 4,
        "done": 3,
        "on_time": 2,
        "done_rate": 75.0,
        "on_time_rate": 50.0,
        "overdue": 1,
    }
    assert h1["巡察办"] == {
        "due": 1,
        "done": 1,
        "on_time": 1,
        "done_rate": 100.0,
        "on_time_rate": 100.0,
        "overdue": 0,
    }
    assert h1["派驻第一纪检监察组"]["done"] == 2 and h1["派驻第一纪检监察组"]["on_time"] == 1
    # the rows add up to 合计
    for col in ("due", "done", "on_time", "overdue"):
        assert sum(v[col] for k, v in h1.items() if k != "合计") == h1["合计"][col]
    q1 = _numbers(county, "2026-Q1")
    # Later: C is finally closed in July, E's deadline moves.
    freeze(monkeypatch, date(2026, 7, 20))
    actor = county.users["inspection"]
    s.evidence_add(actor=None, item=items["C"], name="佐证.pdf", content=b"%PDF-1.4\n%%EOF\n")
    c = s.item_report_done(actor=None, item=items["C"], text="完成", on=date(2026, 7, 10))
    s.item_close_out(actor=actor, item=c, decision="close", note="合格", on=date(2026, 7, 15))
    s.item_change_deadline(actor=actor, item=items["E"], deadline=date(2026, 10, 31), reason="延期")
    # The past periods recount the same (C was still open at 03-31 and at 06-30).
    assert _numbers(county, "2026-Q1") == q1
    assert _numbers(county, "2026-01..06") == h1
    # July: C is done now, and no longer overdue at 07-31.
    assert _numbers(county, "2026-07")["合计"]["overdue"] == 0


def test_bounded_queries(county, monkeypatch):
    rectification(county, monkeypatch)
    with CaptureQueriesContext(connection) as ctx:
        table_compute(
            user=county.users["leader"],
            table=standard.get("rectification"),
            period=P.parse("2026-01..06"),
        )
    # 4 figures x 3 periods (one grouped query each) + rows, the unit tree and scope.
    assert len(ctx.captured_queries) <= 25, [q["sql"][:120] for q in ctx.captured_queries]
