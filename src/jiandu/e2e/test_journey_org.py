"""Journey: a resident team and a commission leader log in, see different cadre lists,
open a cadre; no page makes a request to another host."""

import pytest
from playwright.sync_api import expect

from jiandu.conftest import PASSWORD
from jiandu.core.testing import build_county
from jiandu.e2e.conftest import login as login_as
from jiandu.e2e.conftest import shot, sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, username):
    page.goto(page.base + "/login/")
    assert page.get_by_test_id("login-title").inner_text() == "监督执纪一体化平台"
    login_as(page, username, PASSWORD)


def logout(page):
    sign_out(page)


def cadre_names(page):
    page.goto(page.base + "/org/cadres/")
    return sorted(page.get_by_test_id("cadre-link").all_inner_texts())


def test_resident_team_and_leader_see_different_cadres(page):
    county = build_county(PASSWORD)

    login(page, "t_resident_team")
    assert page.get_by_test_id("current-user").inner_text() == "测试resident_team"
    nav = page.get_by_test_id("main-nav").inner_text()
    for label in [
        "工作台",
        "信访举报",
        "问题线索",
        "审查调查",
        "巡察整改",
        "督办事项",
        "廉政档案",
        "数据比对",
        "统计分析",
    ]:
        assert label in nav
    shot(page, "workbench-resident-team")
    assert cadre_names(page) == ["张伟", "李娜"]
    shot(page, "cadres-resident-team")
    # A cadre outside the team's departments is "not found", not "forbidden".
    response = page.goto(page.base + f"/org/cadres/{county.cadres['town_b_head'].pk}/")
    assert response.status == 404
    logout(page)

    login(page, "t_leader")
    assert cadre_names(page) == ["刘洋", "张伟", "张伟", "李娜", "王强", "陈静"]
    shot(page, "cadres-leader")
    page.get_by_test_id("cadre-search").fill("陈静")
    expect(page.get_by_test_id("cadre-link")).to_have_count(1)
    page.get_by_test_id("cadre-link").first.click()
    # The cadre page is the cadre's integrity file (org:cadre_detail leads there).
    page.wait_for_url("**/integrity/cadres/*/")
    assert page.get_by_test_id("cadre-name").inner_text() == "陈静"
    assert "西镇" in page.get_by_test_id("post-table").inner_text()
    assert "2020年3月1日" in page.get_by_test_id("post-table").inner_text()
    shot(page, "cadre-detail-leader")

    page.goto(page.base + "/workbench/m/clues/")
    assert "建设中" in page.get_by_test_id("under-construction").inner_text()

    assert page.recorder.requests, "the recorder saw no request at all"
    assert page.recorder.off_host == []
