"""Journey (issue 15 item 4): a resident team types a name into the header's search box
and finds only its own units' records; the other unit's clue about a namesake is neither
listed nor counted. No page makes a request to another host."""

from datetime import date

import pytest
from playwright.sync_api import expect

from jiandu.conftest import PASSWORD
from jiandu.core.testing import build_county
from jiandu.e2e.conftest import login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _clue(county, number, cadre_key, unit_key, handling_key, summary):
    from jiandu.clues.models import Clue

    return Clue.objects.create(
        number=number,
        source="report",
        received_on=date(2026, 3, 2),
        summary=summary,
        subject_cadre=county.cadres[cadre_key],
        subject_name=county.cadres[cadre_key].name,
        subject_unit=county.units[unit_key],
        handling_unit=county.units[handling_key],
    )


def test_resident_team_finds_only_its_own_units_records(page):
    county = build_county(PASSWORD)
    own = _clue(county, "XS2026-00101", "edu_head", "dept_edu", "team1", "反映其收受礼金。")
    _clue(county, "XS2026-00102", "town_a_head", "town_a", "town_a_commission", "优亲厚友。")

    login(page, "t_resident_team", PASSWORD)
    box = page.get_by_test_id("header-search-input")
    box.fill("张伟")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    expect(page.get_by_test_id("search-group-clue")).to_be_visible()
    expect(page.get_by_test_id("search-count-clue")).to_have_text("1")
    clues = page.get_by_test_id("search-group-clue").get_by_test_id("search-result")
    expect(clues).to_have_count(1)
    expect(clues.first).to_contain_text("XS2026-00101")
    # the namesake in the team's department is found; the town's is not
    expect(page.get_by_test_id("search-count-cadre")).to_have_text("1")
    body = page.locator("body").inner_text()
    assert "XS2026-00102" not in body and "优亲厚友" not in body
    assert "共找到 2 条" in page.get_by_test_id("search-summary").inner_text()
    shot(page, "search-resident-team")

    clues.first.click()
    page.wait_for_url(f"**/clues/{own.pk}/")
    assert page.recorder.off_host == []
