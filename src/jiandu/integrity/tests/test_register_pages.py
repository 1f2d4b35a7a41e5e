"""The register pages: the add page of each kind of record (one generic view) and the
declaration import, under the page contract, and through the client."""

import io
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from jiandu.audit.models import Event
from jiandu.core.downloads import XLSX
from jiandu.core.testing import Page, PageContract
from jiandu.integrity.models import FamilyEventReport, IntegrityTalk, PersonalDeclaration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return date(2026, 6, 15) if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


@pytest.fixture
def ctx(county):
    return SimpleNamespace(own=county.cadres["town_a_head"], other=county.cadres["town_b_head"])


@pytest.fixture
def users(county):
    return county.users


FORM_DATA = {
    "declarations": {
        "year": "2025",
        "reported_on": "2026-01-20",
        "marital_status": "married",
        "real_estate": "本人，东镇幸福路12号，120，自住",
    },
    "talks": {
        "kind": "pre_appointment",
        "talked_on": "2026-03-02",
        "talked_by_name": "周书记",
        "talked_by_unit": "东镇纪委书记",
        "summary": "任前廉政谈话，提出廉洁从政要求",
    },
    "duty-reports": {
        "year": "2025",
        "reported_on": "2026-01-28",
        "form": "meeting",
        "rating": "good",
    },
    "gifts": {
        "handed_in_on": "2026-02-03",
        "description": "购物卡一张",
        "value": "1000",
        "handling": "turned_over",
    },
    "family-events": {
        "kind": "wedding",
        "event_on": "2026-05-01",
        "reported_on": "2026-04-10",
        "reported_before": "on",
        "scale": "宴请8桌",
        "guests": "80",
    },
    "commendations": {
        "awarded_on": "2025-12-30",
        "title": "优秀共产党员",
        "awarded_by": "中共测试县委",
    },
}
ACTIONS = {
    "declarations": "integrity.declaration.create",
    "talks": "integrity.talk.create",
    "duty-reports": "integrity.duty_report.create",
    "gifts": "integrity.gift.create",
    "family-events": "integrity.family_event.create",
    "commendations": "integrity.commendation.create",
}


def _add_page(kind: str) -> Page:
    return Page(
        "integrity:register_add",
        args=lambda c: (c.own.pk, kind),
        allowed="township_commission",
        forbidden="leader",  # reads files, records nothing
        hidden=lambda c: (c.other.pk, kind),  # 西镇's cadre: not 东镇纪委's
        max_queries=12,
        data=lambda c: FORM_DATA[kind],
        audit=ACTIONS[kind],
        id=f"register_add[{kind}]",
    )


class TestPages(PageContract):
    pages = [
        *(_add_page(kind) for kind in FORM_DATA),
        Page(
            "integrity:declaration_import",
            allowed="case_management",
            forbidden="township_commission",
            max_queries=10,
        ),
        Page(
            "integrity:declaration_template",
            allowed="case_management",
            forbidden="township_commission",
            content_type=XLSX,
        ),
    ]


def test_a_record_added_through_its_page_goes_to_the_cadre_with_a_message(client_for, county):
    cadre = county.cadres["town_a_head"]
    client = client_for(county.users["township_commission"])
    url = reverse("integrity:register_add", args=(cadre.pk, "talks"))
    page = client.get(url)
    assert "登记廉政谈话" in page.content.decode() and "任前廉政谈话" in page.content.decode()
    response = client.post(url, FORM_DATA["talks"], follow=True)
    assert response.redirect_chain[-1][1] == 302
    assert "已登记廉政谈话" in response.content.decode()
    talk = IntegrityTalk.objects.get()
    assert (talk.cadre, talk.kind, talk.talked_on) == (cadre, "pre_appointment", date(2026, 3, 2))
    assert talk.recorded_by == county.users["township_commission"]


def test_a_refused_record_is_shown_on_the_form_and_nothing_is_written(client_for, county):
    cadre = county.cadres["town_a_head"]
    client = client_for(county.users["township_commission"])
    before = Event.objects.count()
    late = {**FORM_DATA["family-events"], "reported_on": "2026-05-03"}  # after the event
    response = client.post(
        reverse("integrity:register_add", args=(cadre.pk, "family-events")), late
    )
    assert response.status_code == 200
    assert "不能算作事前报告" in response.content.decode()
    bad_items = {**FORM_DATA["declarations"], "real_estate": "本人"}
    response = client.post(
        reverse("integrity:register_add", args=(cadre.pk, "declarations")), bad_items
    )
    assert "第1项“本人”不完整" in response.content.decode()
    assert not FamilyEventReport.objects.exists() and not PersonalDeclaration.objects.exists()
    assert Event.objects.count() == before


def test_a_second_declaration_of_a_year_is_refused_on_the_page(client_for, county):
    cadre = county.cadres["town_a_head"]
    client = client_for(county.users["township_commission"])
    url = reverse("integrity:register_add", args=(cadre.pk, "declarations"))
    assert client.post(url, FORM_DATA["declarations"]).status_code == 302
    response = client.post(url, {**FORM_DATA["declarations"], "marital_status": "divorced"})
    assert response.status_code == 200
    assert "2025年度个人有关事项报告已登记" in response.content.decode()
    assert PersonalDeclaration.objects.get().marital_status == "married"


def test_an_unknown_kind_is_not_found(client_for, county):
    client = client_for(county.users["township_commission"])
    url = reverse("integrity:register_add", args=(county.cadres["town_a_head"].pk, "salaries"))
    assert client.get(url).status_code == 404


def _upload(rows):
    book = Workbook()
    sheet = book.active
    for row in [["身份证号", "姓名", "报告年度", "报告日期", "婚姻状况", "房产情况"], *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("申报.xlsx", buffer.getvalue(), content_type=XLSX)


def test_the_import_page_imports_or_lists_the_errors_by_row(client_for, county):
    client = client_for(county.users["case_management"])
    url = reverse("integrity:declaration_import")
    cadre = county.cadres["fin_head"]
    wrong = cadre.citizen_id[:-1] + ("0" if cadre.citizen_id[-1] != "0" else "1")
    response = client.post(
        url, {"file": _upload([[wrong, cadre.name, 2025, "2026-01-20", "已婚", "无"]])}
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="import-errors"' in html
    assert "A（身份证号）" in html and not PersonalDeclaration.objects.exists()
    good = [[cadre.citizen_id, cadre.name, 2025, "2026-01-20", "已婚", "本人，城关镇1号"]]
    response = client.post(url, {"file": _upload(good)}, follow=True)
    assert "导入成功：新增1份个人有关事项报告" in response.content.decode()
    assert PersonalDeclaration.objects.get().cadre == cadre
