"""Attacks on the statistics as the restricted roles would try them (issue 14 review):
out-of-range periods and drill-down parameters give a clear Chinese error, never a 500;
a drill-down's size is bounded; exports never carry a formula out of record text."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from jiandu.core import figures
from jiandu.core.errors import DomainError
from jiandu.stats import periods as P

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 20))


def _client(county, role):
    c = Client(raise_request_exception=False)
    c.force_login(county.users[role])
    return c


@pytest.mark.parametrize(
    "query", ["period=0001", "period=0001-01", "from=0001-01-01&to=0001-12-31", "period=9999-12"]
)
def test_table_period_out_of_range_is_a_clear_error(county, frozen, query):
    r = _client(county, "resident_team").get(f"/stats/tables/clues/?{query}")
    assert r.status_code == 200
    assert "统计期间无效" in r.content.decode()


def test_api_period_out_of_range_is_a_400(county, frozen):
    r = _client(county, "leader").get("/api/stats/tables/clues/?period=0001")
    assert r.status_code == 400
    assert "统计期间" in r.content.decode()


def test_period_parse_refuses_years_outside_the_records():
    for bad in ("0001", "0001-01", "0001-Q1", "9999-12", "1800-01-01..1800-12-31"):
        with pytest.raises(DomainError, match="统计期间"):
            P.parse(bad)
    with pytest.raises(DomainError, match="统计期间"):
        P.date_range(date(1, 1, 1), date(1, 12, 31))


DRILLS = [
    # a date-time dated figure over the whole calendar (overflow at 9999-12-31 + 1 day)
    "/reports/?fig=reports.received&fig_from=2026-01-01&fig_to=9999-12-31",
    # a unit id beyond the database's integers
    "/cases/?fig=cases.filed&fig_from=2026-01-01&fig_to=2026-12-31&fig_unit=99999999999999999999",
    "/stats/parts/?part=fig%3Dcases.filed%26fig_from%3D2026-01-01%26fig_to%3D2026-12-31"
    "%26fig_unit%3D99999999999999999999",
    "/stats/parts/?part=fig%3Dreports.received%26fig_from%3D0001-01-01%26fig_to%3D9999-12-31",
]


@pytest.mark.parametrize("url", DRILLS)
def test_bad_drill_down_is_a_clear_error(county, frozen, url):
    r = _client(county, "resident_team").get(url)
    assert r.status_code == 200
    body = r.content.decode()
    assert "统计期间无效" in body or "统计单位无效" in body


def _cell(**params):
    base = {"fig": "cases.filed", "fig_from": "2026-01-01", "fig_to": "2026-12-31"}
    return figures.Cell.from_params({**base, **params})


def test_drill_down_is_bounded():
    # Thousands of breakdown values (each a condition, some a join) or a century are
    # refused: a drill-down names each breakdown once, over at most ten years.
    from django.http import QueryDict

    q = QueryDict(mutable=True)
    q.update({"fig": "cases.filed", "fig_from": "2026-01-01", "fig_to": "2026-12-31"})
    q.setlist("fig_by", ["category:a", "category:b"])
    with pytest.raises(DomainError, match="统计分组"):
        figures.Cell.from_params(q)
    with pytest.raises(DomainError, match="统计期间"):
        _cell(fig_from="1950-01-01", fig_to="2026-12-31")
    with pytest.raises(DomainError, match="统计期间"):
        _cell(fig_from="2026-12-31", fig_to="2026-01-01")
    with pytest.raises(DomainError, match="统计单位"):
        _cell(fig_unit="-1")
    assert _cell(fig_unit="5").unit == 5


def test_excel_exports_never_carry_a_formula(county, frozen):
    from jiandu.org import services as org

    evil = "=cmd|' /C calc'!A0"
    org.unit_create(
        actor=None, name=evil, code="T900", kind="resident_team", parent=county.units["commission"]
    )
    c = _client(county, "leader")
    for url in (
        "/stats/tables/clues/?period=2026&export=xlsx",
        "/stats/assessment/?period=2026&export=xlsx",
    ):
        r = c.get(url)
        assert r.status_code == 200, url
        book = load_workbook(io.BytesIO(r.content))
        texts = []
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (url, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        texts.append(cell.value)
        assert any("cmd|" in t for t in texts), url


def _banner(body: str) -> str:
    start = body.index('data-testid="figure-drill"')
    return body[start : body.index("</div>", body.index("统计口径", start))]


def test_drill_banner_names_only_units_the_viewer_sees(county, frozen):
    """A resident team pointing ``fig_unit`` at another unit (or at an id that does not
    exist) learns neither its name nor whether it exists: the banner says the same."""
    c = _client(county, "resident_team")
    base = "/cases/?fig=cases.filed&fig_from=2026-01-01&fig_to=2026-12-31&fig_unit="
    own = _banner(c.get(base + str(county.units["team1"].pk)).content.decode())
    assert "派驻第一纪检监察组" in own
    other = _banner(c.get(base + str(county.units["team2"].pk)).content.decode())
    assert "派驻第二纪检监察组" not in other
    gone = _banner(c.get(base + "987654").content.decode())
    assert other.replace(str(county.units["team2"].pk), "") == gone.replace("987654", "")
    parts = c.get(
        "/stats/parts/?part="
        + "fig%3Dcases.filed%26fig_from%3D2026-01-01%26fig_to%3D2026-12-31%26fig_unit%3D"
        + str(county.units["team2"].pk)
    ).content.decode()
    assert "派驻第二纪检监察组" not in parts


STATS_PAGES = [
    "/stats/",
    "/stats/tables/clues/?period=2026",
    "/stats/tables/reports/?period=2026&export=xlsx",
    "/stats/parts/?part=fig%3Dreports.received%26fig_from%3D2026-01-01%26fig_to%3D2026-12-31",
    "/stats/dashboard/",
    "/stats/definitions/",
    "/stats/assessment/?period=2026",
    "/stats/publications/",
    "/api/stats/tables/",
    "/api/stats/tables/reports/?period=2026",
]


@pytest.mark.parametrize("role", ["petition", "review", "inspection", "admin", "org_department"])
def test_roles_without_statistics_are_refused(county, frozen, role):
    c = _client(county, role)
    for url in STATS_PAGES:
        assert c.get(url).status_code == 403, (role, url)


@pytest.mark.parametrize(
    "url",
    [
        "/stats/tables/clues/publish/",
        "/stats/assessment/publish/",
        "/stats/bulletins/new/",
        "/stats/assessment/scheme/1/copy/",
        "/stats/assessment/scheme/1/indicators/new/",
    ],
)
def test_readers_cannot_publish(county, frozen, url):
    from jiandu.audit.models import Event

    before = Event.objects.count()
    r = _client(county, "resident_team").post(url, {"period": "2026", "year": "2031"})
    assert r.status_code == 403
    assert Event.objects.count() == before
