"""schemathesis found a 500: a control character in a
document number broke the Word renderer. Text from users is made XML-safe where it is
written into a document."""

from __future__ import annotations

from datetime import date

import pytest

from jiandu.cases import services
from jiandu.cases.services import PersonInput

pytestmark = pytest.mark.django_db


def test_a_control_character_in_a_document_number_is_no_server_error(county, client_for):
    team1 = county.users["resident_team"]
    case = services.case_open(
        actor=team1,
        kind="person",
        title="涉嫌违纪违法案",
        summary="收受礼金\x0b（含控制字符）",
        proposed_on=date.today(),
        lead_unit=county.units["team1"],
        people=[PersonInput(cadre=county.cadres["edu_head"])],
    )
    client = client_for(team1)
    client.raise_request_exception = False
    response = client.post(
        f"/api/cases/{case.pk}/documents/generate/",
        {"kind": "filing_report", "doc_number": "青纪\x01立〔2026〕1号"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content[:300]


@pytest.mark.parametrize(
    "url",
    ["/clues/export.xlsx", "/cases/export.xlsx", "/org/export/cadres.xlsx"],
)
def test_a_control_character_in_stored_text_exports(county, client_for, url):
    from jiandu.clues import services as clues
    from jiandu.org import services as org

    team1 = county.users["resident_team"]
    services.case_open(
        actor=team1,
        kind="person",
        title="涉嫌\x0b违纪违法案",
        summary="收受礼金\x0b",
        proposed_on=date.today(),
        lead_unit=county.units["team1"],
        people=[PersonInput(name="某\x1f人", unit=county.units["dept_edu"])],
    )
    clues.clue_create(
        actor=county.users["case_management"],
        source="report",
        summary="反映\x0b其问题",
        received_on=date.today(),
        subject_name="某\x1f人",
    )
    org.cadre_update(actor=None, cadre=county.cadres["edu_head"], notes="备注\x0b")
    client = client_for(county.users["leader"])
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == 200, url
