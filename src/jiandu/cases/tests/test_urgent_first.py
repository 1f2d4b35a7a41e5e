"""Case pages put the urgent first (issue 15, item 11): the header carries the most
urgent running time limit; a closed case's time limits read in full; steps that no longer
apply (延长调查期限 on a closed case or after the investigation stage) are neither offered
nor accepted, on the page, its POST and the API, with a Chinese reason."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from jiandu.audit.models import Event
from jiandu.cases import steps
from jiandu.cases.models import CaseApproval
from jiandu.cases.rules import CaseDeadlineKind, Stage
from jiandu.core.deadlines import deadline_text

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _page(client, case):
    return client.get(reverse("cases:case_detail", args=(case.pk,))).content.decode()


def test_the_header_carries_the_most_urgent_running_deadline(client_for, staff, new_case, advance):
    case = new_case(on=TODAY - timedelta(days=80))
    person = advance(case.people.get(), Stage.REVIEW, on=TODAY - timedelta(days=70))
    review = case.deadlines.get(person=person, kind=CaseDeadlineKind.REVIEW)
    state, text = deadline_text(review, TODAY)
    assert state == "overdue"  # due a month after it was accepted, 70 days ago
    html = _page(client_for(staff.users["leader"]), case)
    header = html.split('data-testid="case-stage"', 1)[1].split("</h", 1)[0]
    assert 'data-testid="case-urgent-deadline"' in header
    # The review's limit, not the case's investigation limit (due in a year, still running).
    assert f"审理期限 {text}" in header and "调查期限" not in header


def test_a_running_deadline_reads_how_much_time_is_left(client_for, staff, new_case):
    case = new_case(on=TODAY)
    investigation = case.deadlines.get(person=None, kind=CaseDeadlineKind.INVESTIGATION)
    _, text = deadline_text(investigation, TODAY)
    html = _page(client_for(staff.users["leader"]), case)
    assert f"调查期限 {text}" in html.split('data-testid="case-stage"', 1)[1].split("</h", 1)[0]


def _closed_with_a_waiting_extension(new_case, advance, propose):
    """A closed case on which the investigation's extension was proposed during the
    investigation and never decided."""
    case = new_case(on=TODAY - timedelta(days=30))
    person = advance(case.people.get(), Stage.INVESTIGATION, on=TODAY - timedelta(days=29))
    propose(case, "investigation_extension", person)
    advance(person, Stage.CLOSED, on=TODAY)
    assert CaseApproval.objects.filter(
        case=case, step="investigation_extension", decided_at__isnull=True
    ).exists()
    return case


def test_a_closed_case_offers_no_extension_and_refuses_it(
    client_for, staff, new_case, advance, propose
):
    case = _closed_with_a_waiting_extension(new_case, advance, propose)
    leader = staff.users["leader"]
    assert "extend_investigation" not in steps.CASE.panel(leader, case)
    client = client_for(leader)
    html = _page(client, case)
    assert 'data-testid="action-extend_investigation"' not in html
    # No running limit: no urgent badge; every state of the table reads in full.
    assert 'data-testid="case-urgent-deadline"' not in html
    assert html.count('data-state="met"') == case.deadlines.count()
    assert "已完成（" in html
    before = Event.objects.count()
    response = client.post(
        reverse("cases:case_action", args=(case.pk, "extend_investigation")),
        {"approval_ref": "市纪〔2026〕8号", "reason": "案情复杂"},
        follow=True,
    )
    assert "本案已办结，不能再延长调查期限" in response.content.decode()
    assert Event.objects.count() == before
    api = client.post(
        f"/api/cases/{case.pk}/extend_investigation/",
        {"approval_ref": "市纪〔2026〕8号", "reason": "案情复杂"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json()["message"] == "本案已办结，不能再延长调查期限"
    assert Event.objects.count() == before
    case.refresh_from_db()
    assert not case.investigation_extended


def test_after_the_investigation_stage_the_extension_is_neither_offered_nor_proposed(
    client_for, staff, new_case, advance, propose
):
    case = new_case(on=TODAY - timedelta(days=30))
    person = advance(case.people.get(), Stage.INVESTIGATION, on=TODAY - timedelta(days=29))
    person.case = case
    assert "investigation_extension" in dict(steps.proposable(person))
    advance(person, Stage.REVIEW, on=TODAY - timedelta(days=20))
    person = case.people.get()  # a fresh track object (the offer is read once per object)
    person.case = case
    offered = dict(steps.proposable(person))
    assert "investigation_extension" not in offered and "detention" not in offered
    assert "review_extension" in offered
    from jiandu.core.errors import DomainError

    with pytest.raises(DomainError, match=r"审查调查阶段已结束.*不能再延长调查期限"):
        propose(case, "investigation_extension", person)
    # The 呈批 form on the page offers only what applies.
    html = _page(client_for(staff.users["review"]), case)
    form = html.split('data-testid="action-propose"', 1)[1].split("</form>", 1)[0]
    assert "延长审理期限" in form and "延长调查期限" not in form
    # And a POST of it is refused with the reason.
    client = client_for(staff.users["resident_team"])
    before = Event.objects.count()
    response = client.post(
        reverse("cases:case_action", args=(case.pk, "propose")),
        {"person": person.pk, "step": "investigation_extension", "proposal": "拟延长"},
        follow=True,
    )
    assert "审查调查阶段已结束（已移送审理或作出处理决定），不能再延长调查期限" in (
        response.content.decode()
    )
    assert Event.objects.count() == before
