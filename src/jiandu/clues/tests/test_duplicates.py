"""A confirmed duplicate (重复件) goes with the clue of the report it repeats: it is
never a second clue, the clue page lists it, and the handling unit is told on its
workbench (issue 12, item 3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from jiandu.audit.models import Event
from jiandu.clues import services
from jiandu.clues.models import Clue, ClueDuplicateReport
from jiandu.core.errors import DomainError
from jiandu.core.workbench import items_for
from jiandu.intake import services as intake
from jiandu.intake import similarity
from jiandu.intake.models import DuplicateSuggestion

LETTER = (
    "我实名举报县教育局局长张伟。2025年秋季学期，县一中新建食堂工程由他的妻弟承包，"
    "他多次打招呼要求学校尽快拨付工程款，并收受承包方所送购物卡两万元。"
)
# The same matter told again by another reporter, by phone, with one fact added.
CALL = (
    "来电反映：县教育局张伟局长的妻弟承包了县一中新建食堂工程，张伟打招呼让学校尽快拨付"
    "工程款，还收了承包方两万元购物卡。来电人补充，食堂工程没有公开招标。"
)


@pytest.fixture(autouse=True)
def fresh_index():
    similarity.reset_index()
    yield
    similarity.reset_index()


def _report(county, text, days_ago):
    report = intake.report_register(
        actor=county.users["petition"],
        channel="letter",
        received_at=timezone.now() - timedelta(days=days_ago, minutes=1),
        content=text,
        subjects=[{"name": "张伟", "cadre_id": county.cadres["edu_head"].pk}],
    )
    return report


def _confirm(county, report, candidate):
    suggestion = DuplicateSuggestion.objects.get(report=report, candidate=candidate)
    return intake.duplicate_decide(
        actor=county.users["petition"], suggestion=suggestion, confirm=True
    )


def _routed_clue(people, report):
    u = people.users
    clue = services.clue_create_from_reports(actor=u["petition"], reports=[report])
    services.clue_propose_routing(actor=u["case_management"], clue=clue, unit=people.units["team1"])
    services.clue_decide_routing(actor=u["leader"], clue=clue, approve=True)
    services.clue_accept(actor=u["resident_team"], clue=clue)
    clue.refresh_from_db()
    return clue


def test_a_duplicate_of_a_report_that_became_a_clue_is_attached_to_that_clue(people):
    first = _report(people, LETTER, 20)
    clue = _routed_clue(people, first)
    second = _report(people, CALL, 1)
    _confirm(people, second, first)

    link = ClueDuplicateReport.objects.get(report=second)
    assert (link.clue, link.original, link.noted_at) == (clue, first, None)
    event = Event.objects.get(action="clues.clue.duplicate_attach", object_id=str(clue.pk))
    assert event.payload == {"report": second.number, "original": first.number}
    # Never a second clue: the step is not offered, and the service refuses saying why.
    with pytest.raises(DomainError) as refused:
        services.clue_create_from_reports(actor=people.users["case_management"], reports=[second])
    assert refused.value.message == (  # 案管室 may open the clue: it is named
        f"信访件{second.number}已确认为{first.number}的重复件，不能另立问题线索；"
        f"已并入问题线索{clue.number}"
    )
    assert Clue.objects.count() == 1


def test_the_handling_unit_is_told_on_its_workbench_until_it_marks_it_read(people, client_for):
    first = _report(people, LETTER, 20)
    clue = _routed_clue(people, first)
    second = _report(people, CALL, 1)
    _confirm(people, second, first)
    team = people.users["resident_team"]

    labels = [i.label for i in items_for(team)]
    assert f"{clue.number} {clue.subject_name}：新增重复件1件" in labels
    # Another unit's staff are not told.
    assert not any("新增重复件" in i.label for i in items_for(people.users["petition"]))

    page = client_for(team).get(f"/clues/{clue.pk}/").content.decode()
    # The team may not open reports: the entry is listed, the numbers read （无权查看）.
    assert 'data-testid="duplicate-report"' in page and second.number not in page
    html = client_for(people.users["case_management"]).get(f"/clues/{clue.pk}/").content.decode()
    assert second.number in html and first.number in html
    # the history names the step in Chinese, not the audit code
    assert "并入重复件" in html and "clues.clue.duplicate_attach" not in html
    assert "新增，承办单位未阅" in page and 'data-testid="note-duplicates"' in page

    response = client_for(team).post(f"/clues/{clue.pk}/note_duplicates/")
    assert response.status_code == 302
    link = ClueDuplicateReport.objects.get(report=second)
    assert link.noted_by == team and link.noted_at is not None
    assert not any("新增重复件" in i.label for i in items_for(team))
    page = client_for(team).get(f"/clues/{clue.pk}/").content.decode()
    assert "承办单位已阅" in page and 'data-testid="note-duplicates"' not in page


def test_the_report_page_offers_no_clue_step_and_a_direct_post_is_refused(people, client_for):
    first = _report(people, LETTER, 20)
    clue = _routed_clue(people, first)
    second = _report(people, CALL, 1)
    _confirm(people, second, first)
    petition = client_for(people.users["petition"])

    page = petition.get(f"/reports/{second.pk}/").content.decode()
    assert 'data-testid="create-clue"' not in page
    # 信访室 may no longer open the clue (routed to 派驻第一组): said, not named.
    assert 'data-testid="duplicate-clue"' in page and clue.number not in page
    response = petition.post(f"/reports/{second.pk}/create_clue/", follow=True)
    html = response.content.decode()
    said = f"已确认为{first.number}的重复件，不能另立问题线索；已并入{first.number}所转的问题线索"
    assert said in html
    assert clue.number not in html
    api = petition.post(
        f"/api/reports/{second.pk}/create_clue/", {}, content_type="application/json"
    )
    assert api.status_code == 400 and "不能另立问题线索" in api.content.decode()
    assert Clue.objects.count() == 1


def test_duplicates_confirmed_before_the_clue_go_with_it_when_it_is_made(people):
    """C repeats B, B repeats A; A then becomes a clue: B and C are attached to it."""
    first = _report(people, LETTER, 30)
    second = _report(people, CALL, 20)
    third = _report(people, LETTER.replace("我实名举报", "再次反映"), 10)
    _confirm(people, second, first)
    DuplicateSuggestion.objects.get_or_create(
        report=third, candidate=second, defaults={"similarity": 0.6}
    )
    _confirm(people, third, second)
    assert not ClueDuplicateReport.objects.exists()
    with pytest.raises(DomainError, match=f"{first.number}转为问题线索时将一并并入"):
        services.clue_create_from_reports(actor=people.users["petition"], reports=[second])

    clue = services.clue_create_from_reports(actor=people.users["petition"], reports=[first])
    links = ClueDuplicateReport.objects.filter(clue=clue).order_by("report__received_at")
    assert [(x.report, x.original) for x in links] == [(second, first), (third, second)]


def test_a_report_that_became_a_clue_is_not_confirmed_as_a_duplicate(people):
    first = _report(people, LETTER, 20)
    second = _report(people, CALL, 1)
    clue = services.clue_create_from_reports(actor=people.users["petition"], reports=[second])
    with pytest.raises(DomainError, match=f"本件已转为问题线索{clue.number}，不能再确认为重复件"):
        _confirm(people, second, first)
    assert DuplicateSuggestion.objects.get(report=second, candidate=first).status == "suggested"


def test_a_duplicate_of_a_clue_that_became_a_case_is_linked_from_the_case_page(people, client_for):
    from datetime import date

    from jiandu.cases.services import case_open_from_clue
    from jiandu.clues.models import ClueStatus

    first = _report(people, LETTER, 20)
    clue = _routed_clue(people, first)
    # The verification's steps are the lifecycle tests' matter: the clue is put at 拟立案.
    Clue.objects.filter(pk=clue.pk).update(status=ClueStatus.PENDING_CASE)
    clue.refresh_from_db()
    team = people.users["resident_team"]
    case = case_open_from_clue(actor=team, clue=clue, proposed_on=date.today())
    second = _report(people, CALL, 1)
    _confirm(people, second, first)

    assert ClueDuplicateReport.objects.get(report=second).clue == clue
    page = client_for(team).get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="source-clue"' in page and f"/clues/{clue.pk}/" in page
    assert "含重复件1件，见线索页" in page
