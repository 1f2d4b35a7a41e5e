"""问题线索处置情况表: every number of March 2026 counted by hand from the fixed history
in ``data_reports_clues.build_clues`` (DOMAIN.md §9). Disposition due = 1 month after
receipt ([规则] 21).

    C6  received 2025-03-05 (a year earlier), never disposed (due 2025-04-07)
    C1  received 2026-02-02 信访举报 → team1; disposition due 03-02; 暂存待查 approved
        03-03 (late); re-disposed 初步核实 on 04-15 (after March)
    C5  received 2026-02-10 信访举报, not routed in March (counts for the case management
        office, its registering unit); disposition due 03-10, not met until 04-02
    C2  received 2026-02-20 审计移送 → team1; due 03-20; 谈话函询 approved 03-10 (on
        time); in May the inquiry turns into 初步核实 (after March)
    C7  received 2026-03-01 大数据比对 → team1; 初步核实 approved 03-20; verification
        concluded 03-25 with 拟立案; case filed 03-28
    C3  received 2026-03-02 巡察移交 → office1; 予以了结 (直接了结) approved 03-16
    C4  received 2026-03-05 本机关发现 → team1; disposed only in April
"""

from __future__ import annotations

from datetime import date

import pytest

from jiandu.clues.models import Clue
from jiandu.stats import periods as P
from jiandu.stats import standard
from jiandu.stats.selectors import table_compute
from jiandu.stats.tests.data_reports_clues import Clock, build_clues, clues_later
from jiandu.stats.tests.test_handworked_reports import _row

pytestmark = pytest.mark.django_db


def test_clues_table_by_hand(county, monkeypatch):
    clock = Clock(monkeypatch)
    c = build_clues(county, clock)
    clock(date(2026, 11, 20))
    leader = county.users["leader"]
    table = standard.get("clues")
    grid = table_compute(user=leader, table=table, period=P.parse("2026-03"))
    t = _row(grid)
    v = {k: cell.value for k, cell in t.items()}
    # Received in March: C7 (03-01), C3 (03-02), C4 (03-05) = 3.
    assert v["received"] == 3
    assert v["by_source:crosscheck"] == 1
    assert v["by_source:inspection"] == 1
    assert v["by_source:own"] == 1
    assert v["by_source:report"] == 0
    # Disposed in March (first disposition approved): C1 暂存 03-03, C2 谈话函询 03-10,
    # C3 了结 03-16, C7 初核 03-20 = 4, one of each: 25.0% each, adding to 100%.
    assert v["disposed"] == 4
    for m in ("talk", "verify", "shelve", "close"):
        assert v[f"by_method:{m}"] == 1
        assert v[f"share_{m}"] == 25.0
    # Outcomes in March: 了结 C3; 暂存 C1; 初核 C7 (C1's in April, C2's in May); 立案 C7.
    assert (v["closed"], v["shelved"], v["verified"], v["filed"]) == (1, 1, 1, 1)
    # Disposition due in March: C1 (03-02, met 03-03: late), C5 (03-10, open: late),
    # C2 (03-20, met 03-10: on time) → 1 of 3 = 33.3%.
    assert (v["due"], v["on_time"], v["on_time_rate"]) == (3, 1, 33.3)
    # Overdue at 03-31: C5 (its disposition, due 03-10, not met by then) and C6 (never
    # disposed: due 2025-04-07) = 2.
    assert v["overdue"] == 2
    # 同比 / 环比 of "received": March 2025: C6 = 1 → +200.0%; February 2026: C1 C5 C2 =
    # 3 → 0.0%.
    received = t["received"]
    assert (received.year_earlier, received.preceding) == (1, 3)
    assert (received.yoy, received.mom) == (200.0, 0.0)

    # Rows: team1 C1 C2 C4 C7; office1 C3; the case management office C5 C6.
    team = {k: cell.value for k, cell in _row(grid, county.units["team1"].pk).items()}
    assert (team["received"], team["disposed"], team["due"], team["on_time"]) == (2, 3, 2, 1)
    office = {k: cell.value for k, cell in _row(grid, county.units["office1"].pk).items()}
    assert (office["received"], office["disposed"], office["closed"]) == (1, 1, 1)
    cm = {k: cell.value for k, cell in _row(grid, county.units["case_mgmt"].pk).items()}
    assert (cm["received"], cm["due"], cm["on_time"], cm["overdue"]) == (0, 1, 0, 2)

    # A resident team: its own row, the same numbers as the team's row above.
    mine = table_compute(user=county.users["resident_team"], table=table, period=P.parse("2026-03"))
    assert {k: cell.value for k, cell in _row(mine).items()} == team

    # Recounted after April and May (C1 re-disposed to 初核, C5 routed and closed late,
    # C4 shelved, C2's inquiry turned into 初核, a new clue): March is the same.
    before = grid.numbers()
    clues_later(county, clock, c)
    assert Clue.objects.get(pk=c["C1"].pk).disposition == "verification"
    clock(date(2026, 11, 20))
    again = table_compute(user=leader, table=table, period=P.parse("2026-03"))
    after = again.numbers()
    # The total is the same; so is every row but two: a clue counts for the unit that
    # handles it, and C5, not routed in March, was routed to team1 in April — its March
    # figures (due, not on time, overdue at 03-31) moved with it from the case
    # management office to team1 (the definitions say so).
    cm_key, team_key = str(county.units["case_mgmt"].pk), str(county.units["team1"].pk)
    assert {k: x for k, x in after.items() if k not in (cm_key, team_key)} == {
        k: x for k, x in before.items() if k not in (cm_key, team_key)
    }
    assert (after[cm_key]["due"], after[cm_key]["overdue"]) == (0, 1)  # C6 only
    assert (after[team_key]["due"], after[team_key]["on_time"]) == (3, 1)  # C1 C2 C5
    assert after[team_key]["overdue"] == 1  # C5
    assert after[team_key]["disposed"] == before[team_key]["disposed"] == 3
    # April: disposed C5 (close, 04-02), C4 (shelve, 04-03) — C1's re-disposition is not
    # a first disposition; 初核 C1 (04-15); due in April: C7 (04-01, met 03-20), C3
    # (04-02, met 03-16), C4 (04-07 after Qingming, met 04-03) → 3 of 3.
    april = {
        k: cell.value
        for k, cell in _row(
            table_compute(user=leader, table=table, period=P.parse("2026-04"))
        ).items()
    }
    assert (april["disposed"], april["verified"], april["due"], april["on_time"]) == (2, 1, 3, 3)


def test_first_form_measures_at_the_clue_stage(county, monkeypatch, client):
    """clues.first_form_measures (for the sanctions table's four forms): a letter inquiry
    concluded with 诫勉 on 2026-04-21 is 1 人次 in April, none in March; the drill-down
    (the ledger of first-form measures) lists it."""
    from jiandu.clues import services as cs
    from jiandu.core import figures
    from jiandu.stats.tests.data_reports_clues import _clue, _dispose, _route

    clock = Clock(monkeypatch)
    team = "resident_team"
    clue = _clue(county, clock, date(2026, 3, 2), "report")
    clue = _route(county, clock, clue, date(2026, 3, 3), "team1", team)
    clue = _dispose(county, clock, clue, date(2026, 3, 9), team, "inquiry")
    clock(date(2026, 3, 10))
    clue = cs.clue_inquiry_start(actor=county.users[team], clue=clue, on=date(2026, 3, 10))
    clock(date(2026, 3, 20))
    clue = cs.clue_inquiry_reply(actor=county.users[team], clue=clue, on=date(2026, 3, 20))
    clock(date(2026, 4, 21))
    cs.clue_inquiry_conclude(
        actor=county.users[team],
        clue=clue,
        outcome="first_form",
        measure_kind="first_admonition",
        reason="予以诫勉",
    )
    clock(date(2026, 11, 20))
    figure = figures.get("clues.first_form_measures")
    leader = county.users["leader"]
    april = figures.Cell(figure.key, date(2026, 4, 1), date(2026, 4, 30))
    march = figures.Cell(figure.key, date(2026, 3, 1), date(2026, 3, 31))
    assert figure.total(user=leader, cell=april) == 1
    assert figure.total(user=leader, cell=march) == 0
    assert figure.total(user=leader, cell=april.with_by("kind", "first_admonition")) == 1
    assert figure.total(user=leader, cell=april.with_by("kind", "first_criticism")) == 0
    grouped = figure.grouped(user=leader, start=april.start, end=april.end, split="kind")
    assert grouped == {(county.units["team1"].pk, "first_admonition"): 1}
    client.force_login(leader)
    page = client.get(april.url()).content.decode()
    assert 'data-testid="figure-drill-count">1<' in page and clue.number in page
