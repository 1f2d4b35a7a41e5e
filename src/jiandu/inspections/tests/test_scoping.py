"""Who sees which ledger: the inspection office, leaders and the case management office
everything; a resident team or township commission the organisations it supervises;
an inspected organisation's own account only its own items. Anything else is "not
found", the same answer as for a missing record — on the selectors, pages and API."""

import pytest
from django.urls import reverse

from jiandu.core.errors import NotFound
from jiandu.inspections import selectors
from jiandu.inspections.models import InspectedOrganisation, RectificationItem

pytestmark = pytest.mark.django_db

ITEMS = {
    "leader": {"edu", "fin"},
    "case_management": {"edu", "fin"},
    "inspection": {"edu", "fin"},
    "supervision_office": {"edu"},  # guides team 1, which supervises the education bureau
    "resident_team": {"edu"},
    "township_commission": set(),
    "petition": set(),
    "review": set(),
    "admin": set(),
    "edu_unit": {"edu"},
    "fin_unit": {"fin"},
}


@pytest.mark.parametrize("role", sorted(ITEMS))
def test_item_and_target_scope_both_ways(insp, ledger, role):
    user = insp.users[role]
    items = ledger["items"]
    seen = set(RectificationItem.objects.visible_to(user).values_list("pk", flat=True))
    assert seen == {items[k].pk for k in ITEMS[role]}
    targets = set(InspectedOrganisation.objects.visible_to(user).values_list("pk", flat=True))
    assert targets == {ledger["targets"][k].pk for k in ITEMS[role]}
    for key, item in items.items():
        if key not in ITEMS[role]:
            with pytest.raises(NotFound):
                selectors.item_get_for(user=user, pk=item.pk)
            with pytest.raises(NotFound):
                selectors.target_get_for(user=user, pk=ledger["targets"][key].pk)
        else:
            assert selectors.item_get_for(user=user, pk=item.pk) == item


def test_a_responsible_unit_outside_the_ledger_sees_its_own_item_only(insp, ledger):
    """The finance bureau is responsible for one line of the education bureau's ledger:
    it sees that line, not the rest of the education bureau's ledger."""
    from jiandu.inspections import services

    shared = services.item_create(
        actor=insp.users["inspection"],
        finding=ledger["findings"]["edu"],
        measures="财政局核拨专项资金",
        responsible_unit=insp.units["dept_fin"],
        responsible_person="王强",
        deadline=ledger["items"]["edu"].deadline,
    )
    seen = set(
        RectificationItem.objects.visible_to(insp.users["fin_unit"]).values_list("pk", flat=True)
    )
    assert seen == {ledger["items"]["fin"].pk, shared.pk}


def test_pages_and_api_answer_404_for_another_units_item(client_for, insp, ledger):
    edu_item = ledger["items"]["edu"]
    client = client_for(insp.users["fin_unit"])
    for url in (
        reverse("inspections:item_detail", args=(edu_item.pk,)),
        reverse("inspections:target_detail", args=(ledger["targets"]["edu"].pk,)),
        reverse("inspection-item-detail", args=(edu_item.pk,)),
        reverse("inspections:unit_profile", args=(insp.units["dept_edu"].pk,)),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("inspection-item-progress", args=(edu_item.pk,)), {"text": "越权"}
    )
    assert response.status_code == 404
    assert (
        client.get(
            reverse("inspections:item_detail", args=(ledger["items"]["fin"].pk,))
        ).status_code
        == 200
    )
    listing = client.get(reverse("inspection-item-list")).json()
    assert [row["id"] for row in listing["results"]] == [ledger["items"]["fin"].pk]


def test_the_inspected_units_menu_holds_the_ledger_only(client_for, insp, ledger):
    html = (
        client_for(insp.users["edu_unit"]).get(reverse("inspections:round_list")).content.decode()
    )
    nav = html[html.index('data-testid="main-nav"') :]
    nav = nav[: nav.index("</ul>")]
    assert "巡察整改" in nav and "问题线索" not in nav and "信访举报" not in nav
    assert "廉政档案" not in nav and "系统管理" not in nav
    assert 'data-testid="round-form"' not in html


def test_transferred_clues_are_hidden_from_the_inspected_organisation(client_for, insp, ledger):
    from jiandu.inspections import services

    target = ledger["targets"]["edu"]
    services.clue_transfer(
        actor=insp.users["inspection"],
        target=target,
        summary="巡察发现局长违规接受宴请",
        received_on=ledger["round"].started_on,
        subject_cadre=insp.cadres["edu_head"],
    )
    url = reverse("inspections:target_detail", args=(target.pk,))
    assert (
        "巡察发现局长违规接受宴请" in client_for(insp.users["inspection"]).get(url).content.decode()
    )
    assert (
        "巡察发现局长违规接受宴请"
        in client_for(insp.users["resident_team"]).get(url).content.decode()
    )
    html = client_for(insp.users["edu_unit"]).get(url).content.decode()
    assert "巡察发现局长违规接受宴请" not in html and "巡察移交问题线索" not in html


def test_the_workbench_page_works_for_an_inspected_unit(client_for, insp, ledger):
    from datetime import timedelta

    from jiandu.inspections import services

    item = ledger["items"]["edu"]
    services.item_change_deadline(
        actor=insp.users["inspection"],
        item=item,
        deadline=ledger["targets"]["edu"].feedback_on + timedelta(days=1),
        reason="原定时限",
    )
    html = client_for(insp.users["edu_unit"]).get(reverse("core:workbench")).content.decode()
    assert "整改逾期：测试县教育局第1项" in html
    assert "测试县财政局" not in html
