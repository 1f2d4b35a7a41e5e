"""The 第一种形态处理 ledger under the generic page contract (CONVENTIONS 11)."""

from __future__ import annotations

import pytest

from jiandu.core.downloads import XLSX
from jiandu.core.testing import Page, PageContract


@pytest.fixture
def ctx(county):
    return {"county": county}


@pytest.fixture
def users(county):
    return county.users


class TestMeasurePages(PageContract):
    pages = [
        Page("clues:measure_list", allowed="case_management", forbidden="petition"),
        Page("clues:measure_export", allowed="leader", forbidden="petition", content_type=XLSX),
    ]
