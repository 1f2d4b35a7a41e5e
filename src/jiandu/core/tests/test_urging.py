"""催办 (``core.urging``): the service and its refusals, the step on the item pages, the
urge in the item's history, the urged unit's workbench and notifications, the figure."""

from __future__ import annotations

from datetime import date, datetime, time
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from jiandu.audit.models import Event
from jiandu.core import figures, urging
from jiandu.core.errors import DomainError, PermissionDenied
from jiandu.core.models import Notification, Urge
from jiandu.core.testing import Page, PageContract
from jiandu.core.workbench import items_for

TODAY = date(2026, 3, 2)  # a Monday
LONG_AGO = date(2024, 12, 2)  # the investigation limit (1 year) ran out in 2025


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    now = timezone.make_aware(datetime.combine(TODAY, time(10, 0)))
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: TODAY)
    monkeypatch.setattr(timezone, "now", lambda: now)


def open_case(county, *, on, unit="team1", actor="resident_team"):
    from jiandu.cases import services
    from jiandu.cases.services import PersonInput

    u = county.users
    case = services.case_open(
        actor=u[actor],
        kind="person",
        title="张伟涉嫌违纪违法案",
        summary="收受管理服务对象礼金，违规插手工程项目。",
        proposed_on=on,
        lead_unit=county.units[unit],
        people=[PersonInput(cadre=county.cadres["edu_head" if unit == "team1" else "fin_head"])],
        category_codes=["integrity", "hd_gifts"],
    )
    services.case_decide_filing(actor=u["leader"], case=case, approve=True, on=on)
    case.refresh_from_db()
    return case


def routed_clue(county, *, received_on):
    from jiandu.accounts.models import User
    from jiandu.clues import services

    u = county.users
    leader2 = User.objects.filter(username="t_leader2").first() or User.objects.create_user(
        username="t_leader2", password="pw-12345678", role="leader", unit=county.units["commission"]
    )
    clue = services.clue_create(
        actor=u["case_management"],
        source="report",
        summary="反映其违规收受礼金、在工程项目中为他人谋利。",
        received_on=received_on,
        subject_cadre=county.cadres["edu_head"],
        category_codes=["integrity", "hd_gifts"],
    )
    services.clue_propose_routing(actor=u["case_management"], clue=clue, unit=county.units["team1"])
    services.clue_decide_routing(actor=leader2, clue=clue, approve=True)
    services.clue_accept(actor=u["resident_team"], clue=clue)
    clue.refresh_from_db()
    return clue


@pytest.fixture
def users(county):
    from jiandu.accounts.models import User

    county.users["team2"] = User.objects.create_user(
        username="t_team2", password="pw-12345678", role="resident_team", unit=county.units["team2"]
    )
    return county.users


@pytest.fixture
def ctx(county, users):
    case = open_case(county, on=LONG_AGO)
    fresh = open_case(county, on=TODAY)
    urge = urging.urge_record(actor=users["leader"], target=case, message="请于本周内报送进展")[0]
    return SimpleNamespace(county=county, case=case, fresh=fresh, urge=urge)


# --- the service ----------------------------------------------------------------------------


def test_a_leader_urges_an_overdue_case(ctx, users):
    urge = ctx.urge
    assert (urge.unit, urge.actor, urge.message) == (
        ctx.county.units["team1"],
        users["leader"],
        "请于本周内报送进展",
    )
    assert urge.due_on is not None and urge.due_on < TODAY
    event = Event.objects.filter(action="cases.case.urge").get()
    assert (event.object_type, event.object_id) == ("cases.case", str(ctx.case.pk))
    assert event.reason == "请于本周内报送进展"
    assert event.payload["unit"] == "派驻第一纪检监察组"
    notes = Notification.objects.filter(kind="urge")
    assert {n.user for n in notes} == {users["resident_team"]}  # not team 2, not the leader
    note = notes.get()
    assert note.url == ctx.case.get_absolute_url() and note.delivered_at is not None
    assert "请于本周内报送进展" in note.text


def test_an_item_not_overdue_is_refused_with_the_reason(ctx, users):
    with pytest.raises(DomainError, match="尚未超期，不能催办"):
        urging.urge_record(actor=users["leader"], target=ctx.fresh, message="请抓紧")
    assert not Urge.objects.filter(target_id=ctx.fresh.pk).exists()


def test_only_roles_that_supervise_may_urge(ctx, users):
    for role in ("resident_team", "review", "petition"):
        with pytest.raises(PermissionDenied):
            urging.urge_record(actor=users[role], target=ctx.case, message="请抓紧")
    # 案管室 watches the deadlines: it may urge cases too.
    urging.urge_record(actor=users["case_management"], target=ctx.case, message="请抓紧")


def test_an_urge_needs_a_message(ctx, users):
    with pytest.raises(DomainError, match="请填写催办意见"):
        urging.urge_record(actor=users["leader"], target=ctx.case, message="  ")


def test_every_urgeable_kind_is_declared_with_its_step():
    from jiandu.cases.steps import CASE
    from jiandu.clues.steps import WORKFLOW as CLUE
    from jiandu.directives.steps import WORKFLOW as TASK
    from jiandu.inspections.steps import ITEM

    keys = {spec.key for spec in urging.registered()}
    assert keys == {"clues.clue", "cases.case", "inspections.rectificationitem", "directives.task"}
    for workflow, capability in [
        (CLUE, "clues.urge"),
        (CASE, "cases.urge"),
        (ITEM, "inspections.urge"),
        (TASK, "directives.urge"),
    ]:
        step = workflow.get("urge")
        assert step is not None and step.capability == capability


def test_rectification_items_and_tasks_are_overdue_while_the_unit_owes_them():
    from jiandu.directives.models import Task
    from jiandu.inspections.models import RectificationItem

    item = urging._REGISTRY["inspections.rectificationitem"]
    task = urging._REGISTRY["directives.task"]
    late = date(2026, 2, 1)
    assert item.overdue_on(RectificationItem(status="in_progress", deadline=late), TODAY) == late
    # reported done: it waits for the check, which is not the unit's delay
    assert item.overdue_on(RectificationItem(status="completed", deadline=late), TODAY) is None
    assert item.overdue_on(RectificationItem(status="not_started", deadline=TODAY), TODAY) is None
    assert task.overdue_on(Task(status="assigned", due_date=late), TODAY) == late
    assert task.overdue_on(Task(status="completed", due_date=late), TODAY) is None
    assert task.overdue_on(Task(status="assigned", due_date=None), TODAY) is None


# --- the pages ------------------------------------------------------------------------------


def test_the_leader_sees_the_urge_form_only_on_an_overdue_case(ctx, users, client):
    client.force_login(users["leader"])
    html = client.get(reverse("cases:case_detail", args=(ctx.case.pk,))).content.decode()
    assert 'data-testid="form-urge"' in html
    html = client.get(reverse("cases:case_detail", args=(ctx.fresh.pk,))).content.decode()
    assert 'data-testid="form-urge"' not in html


def test_the_step_on_the_page_urges_and_refuses_with_the_reason(ctx, users, client):
    client.force_login(users["leader"])
    url = reverse("cases:case_action", args=(ctx.case.pk, "urge"))
    response = client.post(url, {"message": "再次催办：限三日内报送"}, follow=True)
    assert "已催办" in response.content.decode()
    assert Urge.objects.filter(target_id=ctx.case.pk).count() == 2
    url = reverse("cases:case_action", args=(ctx.fresh.pk, "urge"))
    response = client.post(url, {"message": "请抓紧"}, follow=True)
    assert "尚未超期，不能催办" in response.content.decode()
    assert not Urge.objects.filter(target_id=ctx.fresh.pk).exists()
    client.force_login(users["resident_team"])
    url = reverse("cases:case_action", args=(ctx.case.pk, "urge"))
    assert client.post(url, {"message": "x"}).status_code == 403


def test_the_urge_is_in_the_case_history_for_the_handling_unit(ctx, users, client):
    client.force_login(users["resident_team"])
    html = client.get(reverse("cases:case_detail", args=(ctx.case.pk,))).content.decode()
    assert 'data-testid="urge-panel"' in html and "请于本周内报送进展" in html
    assert 'data-testid="form-urge"' not in html  # the unit does not urge itself
    rows = [r for r in html.split('data-testid="timeline-row"')[1:] if "催办" in r]
    assert rows and "请于本周内报送进展" in rows[0]


def test_a_clue_is_urged_from_its_page(county, users, client):
    clue = routed_clue(county, received_on=date(2025, 12, 1))
    client.force_login(users["leader"])
    html = client.get(reverse("clues:clue_detail", args=(clue.pk,))).content.decode()
    assert 'data-testid="form-urge"' in html
    url = reverse("clues:clue_action", args=(clue.pk, "urge"))
    client.post(url, {"message": "线索处置已超期，请尽快提出处置意见"})
    assert Urge.objects.get(target_type="clues.clue").unit == county.units["team1"]
    client.force_login(users["resident_team"])
    html = client.get(reverse("clues:clue_detail", args=(clue.pk,))).content.decode()
    assert "线索处置已超期，请尽快提出处置意见" in html


def test_the_urged_unit_has_it_on_its_workbench_until_read(ctx, users, client):
    team = users["resident_team"]
    urged = [i for i in items_for(team) if i.kind == urging.WORKBENCH_KIND]
    assert [i.url for i in urged] == [ctx.case.get_absolute_url()]
    assert not [i for i in items_for(users["team2"]) if i.kind == urging.WORKBENCH_KIND]
    client.force_login(team)
    client.post(reverse("core:urge_acknowledge", args=(ctx.urge.pk,)))
    ctx.urge.refresh_from_db()
    assert ctx.urge.acknowledged_by == team
    assert not [i for i in items_for(team) if i.kind == urging.WORKBENCH_KIND]
    assert Event.objects.filter(action="cases.case.urge_read").count() == 1


def test_a_handled_item_leaves_the_workbench(ctx, users):
    ctx.case.deadlines.filter(met_on__isnull=True).update(met_on=TODAY)
    team = users["resident_team"]
    assert not [i for i in items_for(team) if i.kind == urging.WORKBENCH_KIND]


def test_another_unit_neither_sees_nor_marks_the_urge(ctx, users, client):
    assert not Urge.objects.visible_to(users["team2"]).exists()
    assert Urge.objects.visible_to(users["leader"]).count() == 1
    client.force_login(users["team2"])
    assert client.post(reverse("core:urge_acknowledge", args=(ctx.urge.pk,))).status_code == 404
    # the leader sees it but is not of the urged unit: refused with the reason
    with pytest.raises(DomainError, match="只有被催办单位"):
        urging.urge_acknowledge(actor=users["leader"], urge=ctx.urge)


def test_the_figure_counts_urges_per_unit(ctx, users, client):
    urging.urge_record(actor=users["leader"], target=ctx.case, message="第二次催办")
    figure = figures.get("core.urges")
    team1 = ctx.county.units["team1"].pk
    grouped = figure.grouped(user=users["leader"], start=date(2026, 1, 1), end=date(2026, 12, 31))
    assert grouped[(team1, "")] == 2
    by_kind = figure.grouped(
        user=users["leader"], start=date(2026, 1, 1), end=date(2026, 12, 31), split="kind"
    )
    assert by_kind[(team1, "cases.case")] == 2
    cell = figures.Cell("core.urges", date(2026, 1, 1), date(2026, 12, 31), unit=team1)
    assert figure.total(user=users["leader"], cell=cell) == 2
    assert figure.total(user=users["team2"], cell=cell) == 0  # out of its scope
    client.force_login(users["leader"])
    html = client.get(cell.url()).content.decode()
    assert html.count("第二次催办") == 1 and "请于本周内报送进展" in html


class TestPages(PageContract):
    pages = [
        Page(
            "core:urge_list",
            allowed="leader",
            forbidden="petition",
            export={"export": "xlsx"},
            htmx="请于本周内报送进展",
            max_queries=15,
        ),
        Page(
            "core:urge_acknowledge",
            args=lambda ctx: (ctx.urge.pk,),
            get=False,
            allowed="resident_team",
            data=lambda ctx: {},
            audit="cases.case.urge_read",
        ),
    ]
