"""The report page: every report, clue and cadre the page
names passes through the viewer's scope (``jiandu.core.scoping``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from jiandu.clues import services as clue_services
from jiandu.intake import services, similarity

TEXT = (
    "来电人不愿留下姓名，反映：县财政局局长长期在工程项目招投标中为特定关系人"
    "打招呼、定标，收受对方所送购物卡和礼金，群众对此反映强烈，请求组织调查处理。"
)


@pytest.fixture(autouse=True)
def fresh_index():
    """The near-duplicate index is per process and the test database is rolled back
    after each test (ids are reused): start and end with an empty one."""
    similarity.reset_index()
    yield
    similarity.reset_index()


def _register(county, text, subject, cadre_key, days_ago):
    petition = county.users["petition"]
    report = services.report_register(
        actor=petition,
        channel="call",
        received_at=timezone.now() - timedelta(days=days_ago),
        content=text,
        subjects=[{"name": subject}],
    )
    if cadre_key:
        services.subject_confirm(
            actor=petition,
            subject=report.subjects.get(),
            cadre=county.cadres[cadre_key],
        )
    return report


def test_the_duplicate_panel_lists_only_reports_the_viewer_may_open(county, client_for):
    """As once reproduced: a report only 派驻第二组 may see, a copy of its text
    about a subject in 派驻第一组's scope; 派驻第一组 opens the copy."""
    earlier = _register(county, TEXT, "王强", "fin_head", 10)
    copy = _register(county, TEXT, "张伟", "edu_head", 1)
    assert copy.duplicate_suggestions.filter(candidate=earlier).exists()

    page = client_for(county.users["resident_team"]).get(f"/reports/{copy.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert earlier.number not in html
    assert 'data-testid="duplicate-suggestion"' not in html
    assert "未发现疑似重复件" in html
    # Who may open both still sees the suggestion.
    page = client_for(county.users["petition"]).get(f"/reports/{copy.pk}/")
    assert earlier.number in page.content.decode()


def test_a_report_page_names_no_clue_and_no_cadre_the_viewer_may_not_open(county, client_for):
    """Clue numbers on 信访室's report page; a confirmed subject's name and
    unit (linked) for a team that may not open the cadre."""
    report = _register(
        county, "反映县教育局局长与县财政局一名副局长相互打招呼。", "张伟", "edu_head", 3
    )
    second = report.subjects.create(name="财政局副局长")
    services.subject_confirm(
        actor=county.users["petition"], subject=second, cadre=county.cadres["fin_head"]
    )
    clue = clue_services.clue_create_from_reports(actor=county.users["petition"], reports=[report])

    html = client_for(county.users["petition"]).get(f"/reports/{report.pk}/").content.decode()
    assert clue.number not in html and f"/clues/{clue.pk}/" not in html
    assert "（无权查看）" in html  # the report did become a clue: said, not named
    api = client_for(county.users["petition"]).get(f"/api/reports/{report.pk}/").json()
    assert api["clue_numbers"] == []

    html = client_for(county.users["resident_team"]).get(f"/reports/{report.pk}/").content.decode()
    fin_head = county.cadres["fin_head"]
    assert fin_head.name not in html and f"/org/cadres/{fin_head.pk}/" not in html
    assert "测试县财政局" not in html
    edu_head = county.cadres["edu_head"]
    assert f"/org/cadres/{edu_head.pk}/" in html  # the team's own subject stays linked
    api = client_for(county.users["resident_team"]).get(f"/api/reports/{report.pk}/").json()
    cadres = {s["name"]: s["cadre"] for s in api["subjects"]}
    assert cadres == {"张伟": edu_head.pk, "财政局副局长": None}
    assert clue.number in api["clue_numbers"]  # the team may open the clue
