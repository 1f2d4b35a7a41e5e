"""The leader dashboard's data (``stats.dashboard.dashboard_data``): every element's value
equals counting the records its drill-down names through the figure, the per-unit and
monthly groupings add up, the zero-filing units are marked, scope holds, and the number
of queries is bounded."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jiandu.core import figures
from jiandu.stats.dashboard import dashboard_data
from jiandu.stats.tests import dash_kit as kit

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def standins(monkeypatch):
    kit.install(monkeypatch)


@pytest.fixture
def records(county):
    for d, unit in [
        (date(2026, 2, 3), "team1"),
        (date(2026, 2, 20), "team1"),
        (date(2026, 5, 1), "town_a_commission"),
        (date(2025, 2, 3), "team1"),
        (date(2025, 12, 30), None),
    ]:
        kit.clue(county, d, unit)
    kit.shelve(county, kit.clue(county, date(2026, 3, 1), "team1"), "team1")
    kit.clue(county, date(2026, 4, 1), "team1", source="audit")
    kit.case(county, date(2026, 3, 10))
    kit.case(county, date(2026, 3, 11), kind="incident")
    kit.case(county, date(2025, 7, 1))
    return county


def _points(data):
    """Every drill-down element of the dashboard: (value, url)."""
    ch = data["charts"]
    for f in ch["monthly"]["figures"]:
        for s in f["series"]:
            yield from ((p["value"], p["url"]) for p in s["data"] if p is not None)
    for i in ch.get("filed_by_unit", {}).get("items", []):
        yield i["value"], i["url"]
    for s in ch.get("four_forms", {}).get("series", []):
        yield from ((p["value"], p["url"]) for p in s["data"])
    for i in ch.get("dispositions", {}).get("items", []):
        yield i["value"], i["url"]
    for s in ch.get("overdue", {}).get("series", []):
        yield from ((p["value"], p["url"]) for p in s["data"])
    for s in ch.get("completion", {}).get("series", []):
        yield from ((p["value"], p["url"]) for p in s["due"] + s["done"])


def _recount(url, user):
    cell = figures.Cell.from_params(QueryDict(urlsplit(url).query))
    assert cell is not None
    return figures.get(cell.figure).total(user=user, cell=cell), cell


def test_every_element_equals_counting_its_records(records, frozen, standins):
    leader = records.users["leader"]
    data = dashboard_data(user=leader, year=2026)
    assert data["missing"] == []
    assert set(data["charts"]) == {
        "monthly",
        "filed_by_unit",
        "four_forms",
        "dispositions",
        "overdue",
        "completion",
    }
    points = list(_points(data))
    assert len(points) > 100
    for value, url in points:
        assert _recount(url, leader)[0] == value, url
    # hand-worked: reports (stand-in: clues) in February 2026 = 2, in February 2025 = 1
    reports = data["charts"]["monthly"]["figures"][0]
    this, last = reports["series"]
    assert (this["year"], last["year"]) == (2026, 2025)
    assert this["data"][1]["value"] == 2 and last["data"][1]["value"] == 1
    assert this["data"][11] is None and last["data"][11]["value"] == 1  # December not yet / 2025
    assert sum(p["value"] for p in this["data"] if p) == 5
    # 自办 cases per unit, ranked; the township commissions without one are marked
    items = data["charts"]["filed_by_unit"]["items"]
    assert items[0]["unit"] == "派驻第一纪检监察组" and items[0]["value"] == 2
    marked = {i["unit"] for i in items if i["zero"]}
    assert marked == {"派驻第二纪检监察组", "东镇纪委", "西镇纪委"}
    assert not any(i["watched"] for i in items if i["kind"] == "supervision_office")
    # four forms (stand-in: cases by kind) by quarter over two years
    forms = data["charts"]["four_forms"]
    assert forms["periods"][0] == "2025年第一季度" and forms["periods"][-1] == "2026年第四季度"
    q1_2026 = forms["periods"].index("2026年第一季度")
    assert [s["data"][q1_2026]["value"] for s in forms["series"]] == [1, 1, 0]
    disposed = {i["name"]: i["value"] for i in data["charts"]["dispositions"]["items"]}
    assert disposed == {"谈话函询": 0, "初步核实": 0, "暂存待查": 1, "予以了结": 0}


def test_the_grouped_figures_add_up_to_the_total(records, frozen, standins):
    leader = records.users["leader"]
    data = dashboard_data(user=leader, year=2026)
    commission = records.units["commission"]
    for s in data["charts"]["overdue"]["series"]:
        whole = figures.Cell(s["key"], date(2026, 1, 1), TODAY, commission.pk)
        assert sum(p["value"] for p in s["data"]) == figures.get(s["key"]).total(
            user=leader, cell=whole
        )


def test_a_past_year_runs_to_its_end_and_the_root_can_be_chosen(records, frozen, standins):
    leader = records.users["leader"]
    data = dashboard_data(user=leader, year=2025, root_id=records.units["commission"].pk)
    assert (data["year"], data["as_of"], data["last_year"]) == (2025, "2025-12-31", 2024)
    reports = data["charts"]["monthly"]["figures"][0]["series"][0]["data"]
    assert reports[11]["value"] == 1 and all(p is not None for p in reports)


def test_a_resident_team_sees_its_own_unit_only(records, frozen, standins):
    team = records.users["resident_team"]
    data = dashboard_data(user=team, year=2026, root_id=records.units["commission"].pk)
    assert data["root"]["name"] == "派驻第一纪检监察组"
    assert [i["unit"] for i in data["charts"]["filed_by_unit"]["items"]] == ["派驻第一纪检监察组"]
    for value, url in _points(data):
        n, cell = _recount(url, team)
        assert n == value and cell.unit == records.units["team1"].pk


def test_the_number_of_queries_is_bounded(records, frozen, standins):
    leader = records.users["leader"]
    dashboard_data(user=leader, year=2026)  # warm the scope and the unit tree
    with CaptureQueriesContext(connection) as q:
        dashboard_data(user=leader, year=2026)
    # one grouped query per figure and year (per value of a split by conditions), plus
    # the root, the unit tree and the thresholds — never one per unit or per month
    assert len(q) <= 35, [x["sql"][:120] for x in q]


def test_with_the_figures_registered_today(records, frozen):
    """Whatever figures the domain apps register: the charts of the missing ones are left
    out (and named), every element of the others recounts the same."""
    leader = records.users["leader"]
    data = dashboard_data(user=leader, year=2026)
    for key in data["missing"]:
        assert key not in figures.REGISTRY
    for value, url in _points(data):
        assert _recount(url, leader)[0] == value


def test_a_bar_opens_the_ledger_of_exactly_its_records(records, frozen, standins, client):
    leader = records.users["leader"]
    data = dashboard_data(user=leader, year=2026)
    client.force_login(leader)
    by_unit = {i["unit"]: i for i in data["charts"]["filed_by_unit"]["items"]}
    for name in ("派驻第一纪检监察组", "东镇纪委"):
        page = client.get(by_unit[name]["url"]).content.decode()
        shown = re.search(r'data-testid="figure-drill-count">(\d+)<', page)
        assert shown and int(shown.group(1)) == by_unit[name]["value"], name
    assert parse_qs(urlsplit(by_unit["东镇纪委"]["url"]).query)["fig_by"] == ["kind:self"]
