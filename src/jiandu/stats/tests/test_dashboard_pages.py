"""The dashboard page under the generic page contract (CONVENTIONS 11), and what it
shows: the charts' data for the script, the zero-filing units as links, the warnings."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.utils import timezone

from jiandu.core.testing import Page, PageContract
from jiandu.stats.tests import dash_kit as kit


@pytest.fixture
def ctx(county):
    return {"county": county}


@pytest.fixture
def users(county):
    return county.users


class TestDashboardPages(PageContract):
    pages = [
        Page("stats:dashboard", allowed="leader", forbidden="petition", max_queries=70),
        Page(
            "stats:dashboard",
            id="stats:dashboard (case management)",
            allowed="case_management",
            forbidden="admin",
            max_queries=70,
        ),
        Page(
            "stats:dashboard",
            id="stats:dashboard (resident team)",
            allowed="resident_team",
            max_queries=70,
        ),
    ]


@pytest.mark.django_db
def test_the_page_carries_the_charts_and_the_zero_filing_links(county, client, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 20))
    kit.install(monkeypatch)
    kit.case(county, date(2026, 3, 10))
    client.force_login(county.users["leader"])
    response = client.get("/stats/dashboard/?year=2026")
    page = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "vendor/echarts-6.1.0/echarts.min.js" in page and "jiandu/dashboard.js" in page
    tag = '<script id="dashboard-data" type="application/json">'
    assert "<script>" not in page.replace(tag, "")  # no inline script (CSP)
    raw = re.search(re.escape(tag) + r"(.*?)</script>", page, re.S)
    data = json.loads(raw.group(1))
    assert data["charts"]["filed_by_unit"]["items"][0]["value"] == 1
    zero = page[page.index('data-testid="zero-filing"') :]
    zero = zero[: zero.index("</ul>")]
    assert "东镇纪委（0件）" in zero and "派驻第一纪检监察组" not in zero
    warnings = page[page.index('data-testid="dashboard-warnings"') :]
    assert "西镇纪委：2026年自办立案0件（零立案）" in warnings
    # a past year; a bad year falls back to this year
    assert "2025年1月1日至12月31日" in client.get("/stats/dashboard/?year=2025").content.decode()
    assert "2026年1月1日至11月20日" in client.get("/stats/dashboard/?year=x").content.decode()


@pytest.mark.django_db
def test_a_resident_team_sees_no_warnings_and_no_unit_choice(county, client, monkeypatch):
    kit.install(monkeypatch)
    client.force_login(county.users["resident_team"])
    page = client.get("/stats/dashboard/").content.decode()
    assert 'data-testid="dashboard-warnings"' not in page
    assert 'name="unit"' not in page
