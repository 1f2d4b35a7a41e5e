"""The report's print page: content, scope, and the reporter's identity only for the
petition office, only when asked for (POST) and logged."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jiandu.audit.models import ReadLog
from jiandu.core.testing import assert_print_page
from jiandu.intake import services

pytestmark = pytest.mark.django_db
TEXT = "反映测试县教育局局长张伟在学校食堂承包中收受商人礼金两万元。"


@pytest.fixture
def report(county):
    return services.report_register(
        actor=county.users["petition"],
        channel="letter",
        received_at=timezone.now() - timedelta(days=1),
        content=TEXT,
        is_named=True,
        reporter={"name": "钱举报", "phone": "13900000000", "address": "东镇红星村"},
        subjects=[{"name": "张伟", "unit_text": "测试县教育局"}],
    )


def _url(report):
    return reverse("intake:report_print", args=(report.pk,))


def test_the_print_page_holds_the_report_without_the_reporter(client_for, county, report):
    for key in ("leader", "resident_team", "petition"):
        html = client_for(county.users[key]).get(_url(report)).content.decode()
        assert_print_page(html)
        assert report.number in html and TEXT in html and "张伟" in html
        assert "实名" in html and 'data-testid="print-no-identity"' in html
        assert "钱举报" not in html and "13900000000" not in html
    assert not ReadLog.objects.exists()


def test_the_detail_page_links_to_the_print_page(client_for, county, report):
    html = (
        client_for(county.users["resident_team"])
        .get(reverse("intake:report_detail", args=(report.pk,)))
        .content.decode()
    )
    assert f'href="{_url(report)}"' in html and 'data-testid="print-with-identity"' not in html


def test_the_petition_office_prints_the_identity_on_request_and_it_is_logged(
    client_for, county, report
):
    petition = county.users["petition"]
    client = client_for(petition)
    detail = client.get(reverse("intake:report_detail", args=(report.pk,))).content.decode()
    assert 'data-testid="print-with-identity"' in detail
    response = client.post(_url(report))
    html = response.content.decode()
    assert "钱举报" in html and "13900000000" in html
    assert "no-store" in response["Cache-Control"]
    assert list(ReadLog.objects.values_list("user", "what")) == [
        (petition.pk, "举报人身份信息（打印）")
    ]


def test_no_one_else_may_print_the_identity(client_for, county, report):
    for key in ("leader", "resident_team"):
        response = client_for(county.users[key]).post(_url(report))
        assert response.status_code == 403
        assert "钱举报" not in response.content.decode()
    assert not ReadLog.objects.exists()


def test_another_units_report_is_not_found(client_for, county, report):
    client = client_for(county.users["township_commission"])
    assert client.get(_url(report)).status_code == 404
    assert client.post(_url(report)).status_code == 404
