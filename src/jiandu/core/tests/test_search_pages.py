"""The search page's contract (CONVENTIONS 11): anonymous → login, every signed-in role
gets the page (what it finds is limited by its scope: ``test_search``), bounded queries."""

from __future__ import annotations

import pytest

from jiandu.core.testing import Page, PageContract

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(county):
    return county


@pytest.fixture
def users(county):
    return county.users


class TestSearchPages(PageContract):
    pages = [
        Page("core:search", allowed="resident_team", max_queries=12),
        Page("core:search", allowed="admin", id="core:search-admin"),
    ]
