"""Journey (dashboard), at phone width (390 px): the leader opens the dashboard, the
charts draw in one column, the zero-filing township commission's bar is red and a click
on it lands on its (empty) ledger of 自办 cases. No request leaves the host, no script
error. Figures the domain apps have not registered yet are stood in for (test kit)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone

from jiandu.conftest import PASSWORD
from jiandu.core.testing import build_county
from jiandu.e2e.conftest import login, shot
from jiandu.stats.tests import dash_kit as kit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_dashboard_on_a_phone(page, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 20))
    kit.install(monkeypatch, force=False)
    county = build_county(PASSWORD)
    kit.case(county, date(2026, 3, 10))
    kit.case(county, date(2025, 5, 10))
    kit.shelve(county, kit.clue(county, date(2026, 2, 1), "team1"), "team1")
    kit.clue(county, date(2026, 4, 1), "team1")

    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "t_leader", PASSWORD)
    page.goto(page.base + "/stats/dashboard/")
    box = page.get_by_test_id("chart-filed-by-unit")
    box.locator("canvas").wait_for()
    # one column: every chart as wide as the page's content
    widths = page.eval_on_selector_all(
        "[data-chart]", "els => els.map(e => Math.round(e.getBoundingClientRect().width))"
    )
    assert widths and max(widths) - min(widths) <= 2 and max(widths) <= 390
    shot(page, "dashboard-phone")
    assert not errors, errors
    assert page.recorder.off_host == []

    # click the 东镇纪委 bar (a stub: it filed nothing) where the chart draws it
    xy = page.evaluate(
        """() => {
          const box = document.querySelector('[data-testid="chart-filed-by-unit"]');
          const chart = echarts.getInstanceByDom(box);
          const names = chart.getOption().yAxis[0].data;
          const i = names.indexOf("东镇纪委");
          const p = chart.convertToPixel({seriesIndex: 0}, [0, i]);
          const r = box.getBoundingClientRect();
          return [r.left + p[0] + 3, r.top + window.scrollY + p[1]];
        }"""
    )
    page.evaluate(f"window.scrollTo(0, {xy[1]} - 300)")
    scroll = page.evaluate("window.scrollY")
    page.mouse.click(xy[0], xy[1] - scroll)
    page.wait_for_url(re.compile(r"/cases/\?.*fig=cases\.filed"))
    assert page.get_by_test_id("figure-drill-count").inner_text() == "0"
    assert f"fig_unit={county.units['town_a_commission'].pk}" in page.url
    shot(page, "dashboard-phone-drill")
    assert page.recorder.off_host == []
