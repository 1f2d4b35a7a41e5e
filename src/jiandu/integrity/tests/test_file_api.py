"""The integrity file's read API: scoped like the page, every opening in the read log."""

from datetime import date

import pytest
from django.urls import reverse

from jiandu.audit.models import ReadLog
from jiandu.clues import services as clue_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def clue(county):
    # A fixed past date: the file reads what was received on or before today.
    return clue_services.clue_create(
        actor=county.users["case_management"],
        source="report",
        summary="反映其违规收受礼金。",
        received_on=date(2026, 3, 2),
        subject_cadre=county.cadres["edu_head"],
        category_codes=["integrity"],
    )


def _get(client_for, user, cadre):
    client = client_for(user)
    return client.get(reverse("integrity-file-detail", args=(cadre.pk,)))


def test_the_file_lists_the_open_clue_and_logs_the_reading(county, client_for, clue):
    cadre = county.cadres["edu_head"]
    response = _get(client_for, county.users["case_management"], cadre)
    assert response.status_code == 200
    data = response.json()
    assert [c["number"] for c in data["clues"]] == [clue.number]
    assert data["clues"][0]["open"] is True
    assert data["in_period"] is False and data["influence_end"] is None
    assert ReadLog.objects.filter(
        user=county.users["case_management"], object_id=str(cadre.pk), what="integrity_file"
    ).exists()


def test_another_units_cadre_is_not_found_and_hidden_parts_stay_hidden(county, client_for, clue):
    # 东镇纪委 does not supervise the education bureau: its head's file is not found.
    town_b = county.users["township_commission"]
    assert _get(client_for, town_b, county.cadres["edu_head"]).status_code == 404
    # The petition office reads files but holds no clue scope: the clue is not listed.
    data = _get(client_for, county.users["petition"], county.cadres["edu_head"]).json()
    assert data["clues"] == []


def test_roles_without_the_capability_are_refused(county, client_for):
    for role in ("admin", "org_department"):
        response = _get(client_for, county.users[role], county.cadres["edu_head"])
        assert response.status_code == 403, role
