"""信访举报情况表: every number of March 2026 counted by hand from the fixed history in
``data_reports_clues.build_reports`` (DOMAIN.md §9).

The history (petition office handles all but R8, handled by 派驻第一纪检监察组):

    R6  2025-03-10 来信 匿名, no subject                      (a year earlier)
    R5  2026-02-10 来电 匿名, no subject                      (the month before)
    R7  2026-02-24 来信 实名, subject 王强 (乡科级), 享乐主义; never accepted in March,
        acknowledged only on 04-10; ack due = 15 working days after 02-24 = 03-16
        (02-28 is a make-up working day)
    R1  2026-03-02 来信 实名, subject 张伟 (乡科级), 六项纪律 + 享乐主义; accepted 03-04,
        closed 03-05; ack due 03-23, sent 03-20 (on time); result due 15 working days
        after 03-05 = 03-26, sent 03-27 (late)
    R2  2026-03-03 来访 匿名, subject as written only (未确认), 形式主义; forwarded 03-06
    R3  2026-03-04 网络 匿名, no subject, no category (a suggestion); accepted 04-01
    R4  2026-03-05 来信 实名, no subject, same text as R1: confirmed duplicate of R1
    R8  2026-03-10 来信 匿名, subject 李娜 (一般干部), 六项纪律, handled by team1;
        accepted 03-11
"""

from __future__ import annotations

from datetime import date

import pytest

from jiandu.stats import periods as P
from jiandu.stats import standard
from jiandu.stats.selectors import table_compute
from jiandu.stats.tests.data_reports_clues import Clock, build_reports, reports_later

pytestmark = pytest.mark.django_db


def _row(grid, unit_id=None):
    rows = [
        r
        for r in grid.rows
        if (r.unit.total if unit_id is None else r.unit.id == unit_id and not r.unit.only)
    ]
    assert len(rows) == 1
    return {col.key: cell for col, cell in zip(grid.columns, rows[0].cells, strict=True)}


def test_reports_table_by_hand(county, monkeypatch):
    clock = Clock(monkeypatch)
    r = build_reports(county, clock)
    assert r["R7"].ack_due == date(2026, 3, 16)
    assert r["R1"].ack_due == date(2026, 3, 23)
    assert r["R1"].result_due == date(2026, 3, 26)
    clock(date(2026, 11, 20))
    leader = county.users["leader"]
    table = standard.get("reports")
    grid = table_compute(user=leader, table=table, period=P.parse("2026-03"))
    t = _row(grid)
    v = {k: c.value for k, c in t.items()}
    # Received in March: R1 R2 R3 R4 R8 = 5 件次; less the duplicate R4 = 4 件.
    assert v["received"] == 5
    assert v["matters"] == 4
    # Channels: 来信 R1 R4 R8 = 3, 来访 R2 = 1, 网络 R3 = 1, the others 0.
    assert v["by_channel:letter"] == 3
    assert v["by_channel:visit"] == 1
    assert v["by_channel:online"] == 1
    assert v["by_channel:call"] == 0
    # Category groups (a report in two groups counts in each): 六项纪律 R1 R8 = 2,
    # 享乐主义 R1 = 1, 形式主义 R2 = 1, 问题领域 none; R3 R4 have none.
    assert v["by_category:discipline"] == 2
    assert v["by_category:hedonism"] == 1
    assert v["by_category:formalism"] == 1
    assert v["by_category:field"] == 0
    # Rank (highest confirmed subject): 乡科级 R1, 一般干部 R8; 未确认 R2 R3 R4 = 3.
    assert v["by_rank:county"] == 0
    assert v["by_rank:township"] == 1
    assert v["by_rank:general"] == 1
    assert v["by_rank:other"] == 0
    assert v["by_rank:unknown"] == 3
    # Named R1 R4 = 2; anonymous R2 R3 R8 = 3.
    assert v["by_named:named"] == 2
    assert v["by_named:anonymous"] == 3
    # Decided in March: accepted R1 (03-04), R8 (03-11) = 2; forwarded R2 (03-06) = 1.
    assert v["accepted"] == 2
    assert v["forwarded"] == 1
    # Duplicates received in March: R4.
    assert v["duplicates"] == 1
    # 检举控告类 (a subject named): R1 R2 R8 = 3 of 5 = 60.0%.
    assert v["accusations"] == 3
    assert v["accusation_share"] == 60.0
    # Acceptance notices due in March: R7 (03-16, not sent by then: late), R1 (03-23,
    # sent 03-20); R4's is a duplicate's (none owed). 1 of 2 = 50.0%.
    assert v["ack_due"] == 2
    assert v["ack_on_time"] == 1
    assert v["ack_rate"] == 50.0
    # Result notices due in March: R1 (03-26, sent 03-27: late). 0 of 1 = 0.0%.
    assert v["result_due"] == 1
    assert v["result_on_time"] == 0
    assert v["result_rate"] == 0.0
    # 同比 / 环比 of "received": March 2025 has R6 = 1 → +400.0%; February 2026 has
    # R5 R7 = 2 → (5 − 2) ÷ 2 = +150.0%.
    received = t["received"]
    assert (received.year_earlier, received.preceding) == (1, 2)
    assert (received.yoy, received.mom) == (400.0, 150.0)
    # ... and of a rate: February had no acceptance notice due → no 环比.
    assert t["ack_rate"].preceding is None and t["ack_rate"].mom is None

    # The rows: team1 handles R8 only; the petition office the rest.
    team = {k: c.value for k, c in _row(grid, county.units["team1"].pk).items()}
    assert (team["received"], team["accepted"], team["accusations"]) == (1, 1, 1)
    rows_sum = sum(row.cells[0].value for row in grid.rows[:-1])
    assert rows_sum == 5

    # A resident team sees its own row: R8 only.
    mine = table_compute(user=county.users["resident_team"], table=table, period=P.parse("2026-03"))
    assert [row.unit.name for row in mine.rows] == ["派驻第一纪检监察组"]
    assert _row(mine)["received"].value == 1

    # Recounted after April's steps (R7 acknowledged late, R3 accepted and closed, a new
    # report): March gives the same numbers.
    before = grid.numbers()
    reports_later(county, clock, r)
    clock(date(2026, 11, 20))
    again = table_compute(user=leader, table=table, period=P.parse("2026-03"))
    assert again.numbers() == before
    # April itself: received 1, accepted R3 (04-01) and R7 (04-02) = 2.
    april = _row(table_compute(user=leader, table=table, period=P.parse("2026-04")))
    assert (april["received"].value, april["accepted"].value) == (1, 2)
