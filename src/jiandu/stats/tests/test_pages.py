"""The statistics pages under the generic page contract (CONVENTIONS 11)."""

from __future__ import annotations

import pytest

from jiandu.core.testing import Page, PageContract


@pytest.fixture
def ctx(county):
    return {"county": county}


@pytest.fixture
def users(county):
    return county.users


class TestStatsPages(PageContract):
    pages = [
        Page("stats:index", allowed="leader", forbidden="petition", max_queries=20),
        Page("stats:definitions", allowed="resident_team", forbidden="petition", max_queries=20),
        Page(
            "stats:table",
            args=lambda ctx: ("clues",),
            allowed="leader",
            forbidden="admin",
            max_queries=40,
        ),
        Page(
            "stats:table",
            id="stats:table (resident team)",
            args=lambda ctx: ("clues",),
            allowed="resident_team",
            max_queries=40,
        ),
    ]
