"""Journey (统计分析) as 委领导, in a real browser: open the dashboard and click the
zero-filing bar of a township commission → its (empty) ledger of 自办 cases; open the
clue disposition table for 2026年1—10月, click a cell → exactly that many clues in the
clue ledger; generate the monthly 通报, edit a sentence, issue it and download the Word
file (the edited sentence is in it); open the assessment ranking and drill into one
unit's score. No request leaves the host, no script error."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.utils import timezone

from jiandu.conftest import PASSWORD
from jiandu.core.testing import build_county
from jiandu.e2e.conftest import login, shot
from jiandu.stats.tests import dash_kit as kit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EDITED = "经委领导审定，本月通报增加此句以示修改。"


def _click_bar(page, testid: str, name: str) -> None:
    """Click the bar ``name`` of a horizontal bar chart where ECharts draws it."""
    xy = page.evaluate(
        """([testid, name]) => {
          const box = document.querySelector(`[data-testid="${testid}"]`);
          const chart = echarts.getInstanceByDom(box);
          const names = chart.getOption().yAxis[0].data;
          const i = names.indexOf(name);
          const p = chart.convertToPixel({seriesIndex: 0}, [0, i]);
          const r = box.getBoundingClientRect();
          return [r.left + p[0] + 3, r.top + window.scrollY + p[1]];
        }""",
        [testid, name],
    )
    page.evaluate(f"window.scrollTo(0, {xy[1]} - 300)")
    scroll = page.evaluate("window.scrollY")
    page.mouse.click(xy[0], xy[1] - scroll)


def test_leader_reads_drills_publishes_and_assesses(page, monkeypatch):
    from docx import Document

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 20))
    county = build_county(PASSWORD)
    kit.case(county, date(2026, 3, 10))
    kit.case(county, date(2025, 5, 10))
    kit.shelve(county, kit.clue(county, date(2026, 2, 1), "team1"), "team1")
    kit.shelve(county, kit.clue(county, date(2026, 9, 3), "team1"), "team1")
    kit.clue(county, date(2026, 4, 1), "team1")

    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: d.accept())
    login(page, "t_leader", PASSWORD)

    # 1. the dashboard: 东镇纪委 filed nothing this year; its bar opens its empty ledger
    page.goto(page.base + "/stats/")
    page.get_by_test_id("open-dashboard").click()
    page.get_by_test_id("chart-filed-by-unit").locator("canvas").wait_for()
    assert "东镇纪委" in page.get_by_test_id("zero-filing").inner_text()
    shot(page, "stats-dashboard")
    _click_bar(page, "chart-filed-by-unit", "东镇纪委")
    page.wait_for_url(re.compile(r"/cases/\?.*fig=cases\.filed"))
    assert page.get_by_test_id("figure-drill-count").inner_text() == "0"
    assert f"fig_unit={county.units['town_a_commission'].pk}" in page.url
    assert page.get_by_test_id("empty-state").is_visible()

    # 2. the clue disposition table for 2026年1—10月: a cell and the clues it counts
    page.goto(page.base + "/stats/")
    page.get_by_test_id("table-clues").click()
    page.select_option("#period", "2026-01..10")
    page.get_by_test_id("table-form").get_by_role("button", name="统计").click()
    page.wait_for_url(re.compile(r"period=2026-01..10"))
    assert "2026年1—10月" in page.get_by_test_id("table-caption").inner_text()
    shot(page, "stats-clue-table")
    cell = page.locator('tr[data-row$="-total"] a[data-drill]:not([data-drill="0"])').first
    expected = int(cell.get_attribute("data-drill"))
    assert expected > 0
    cell.click()
    page.wait_for_url(re.compile(r"/clues/\?.*fig=clues\."))
    assert page.get_by_test_id("figure-drill-count").inner_text() == str(expected)
    assert page.locator("#clue-table tbody tr").count() == expected
    shot(page, "stats-clue-drill")

    # 3. the monthly bulletin: generate, edit a sentence, issue, download the Word file
    page.goto(page.base + "/stats/bulletins/new/")
    page.select_option("#period", "2026-10")
    page.get_by_test_id("bulletin-generate").click()
    page.get_by_test_id("bulletin-edit-form").wait_for()
    text = page.locator("#id_text").input_value()
    assert "2026年10月" in text
    page.locator("#id_text").fill(EDITED + "\n" + text)
    page.get_by_test_id("bulletin-save").click()
    assert EDITED in page.get_by_test_id("bulletin-text").inner_text()
    page.get_by_test_id("bulletin-issue").click()
    page.get_by_test_id("publication-status").filter(has_text="已发布").wait_for()
    assert page.get_by_test_id("bulletin-edit").count() == 0  # frozen: no more editing
    shot(page, "stats-bulletin-issued")
    with page.expect_download() as info:
        page.get_by_test_id("bulletin-download").click()
    with open(info.value.path(), "rb") as f:
        word = Document(io.BytesIO(f.read()))
    assert any(EDITED in p.text for p in word.paragraphs)

    # 4. the assessment ranking and one unit's score with what is behind it
    page.goto(page.base + "/stats/")
    page.get_by_test_id("assessment-link").click()
    page.select_option("#period", "2026-01..10")
    page.get_by_test_id("assessment-form").get_by_role("button").first.click()
    table = page.get_by_test_id("assessment-table").first
    row = table.locator(f'tr[data-unit="{county.units["team1"].pk}"]')
    total = row.get_by_test_id("total").inner_text()
    row.locator("th a").click()
    page.get_by_test_id("unit-scores").wait_for()
    assert page.get_by_test_id("unit-scores").get_by_test_id("total").inner_text() == total
    # every figure behind a score links to the records it counts
    assert page.get_by_test_id("unit-scores").locator("a[href*='fig=']").count() > 0
    shot(page, "stats-assessment-unit")
    assert not errors, errors
    assert page.recorder.off_host == []
