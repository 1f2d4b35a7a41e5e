"""Report pages: the page contract, registration, jurisdiction, duplicates, subjects,
reporter identity (petition office only, logged) and turning a report into a clue."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from jiandu.audit.models import Event, ReadLog
from jiandu.core.errors import DomainError
from jiandu.core.testing import Page, PageContract, make_citizen_id
from jiandu.intake import services
from jiandu.intake.models import DuplicateSuggestion, Report, ReportStatus

pytestmark = pytest.mark.django_db

TEXT = "反映测试县教育局局长张伟在学校食堂承包中收受商人礼金两万元，并安排其亲属承揽工程。"


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
        unit_text="测试县教育局",
        category_codes=["integrity", "hd_gifts"],
    )


def post(client, report, action, data=None):
    return client.post(reverse("intake:report_action", args=(report.pk, action)), data or {})


def test_petition_office_registers_a_report_through_the_form(client_for, county):
    client = client_for(county.users["petition"])
    response = client.post(
        reverse("intake:report_create"),
        {
            "channel": "visit",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "content": TEXT,
            "subject_name": "张伟",
            "subject_unit": "测试县教育局局长",
            "categories": ["integrity"],
        },
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "intake:report_detail", args=(report.pk,)
    )
    assert report.number.startswith("XF") and report.status == ReportStatus.REGISTERED
    assert report.jurisdiction_due is not None
    assert Event.objects.filter(action="intake.report.register", object_id=str(report.pk)).exists()


def test_a_named_report_without_a_name_is_refused_in_chinese(client_for, county):
    client = client_for(county.users["petition"])
    response = client.post(
        reverse("intake:report_create"),
        {
            "channel": "letter",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "content": TEXT,
            "is_named": "on",
        },
    )
    assert response.status_code == 200
    assert "实名举报须填写举报人姓名" in response.content.decode()
    assert not Report.objects.exists()


def test_staff_form_shows_every_error_at_once_at_its_field(client_for, county):
    """Phone "12345", 实名 without a name, a wrong ID checksum and a future time: all
    four at their fields in one round, none as a banner; required fields are marked."""
    client = client_for(county.users["petition"])
    bad_id = make_citizen_id(5)[:17] + ("0" if make_citizen_id(5)[17] != "0" else "1")
    future = timezone.localtime() + timedelta(days=2)
    response = client.post(
        reverse("intake:report_create"),
        {
            "channel": "letter",
            "received_at": future.strftime("%Y-%m-%dT%H:%M"),
            "content": TEXT,
            "is_named": "on",
            "reporter_phone": "12345",
            "reporter_id_number": bad_id,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Report.objects.exists()
    for field in ("reporter_name", "reporter_phone", "reporter_id_number", "received_at"):
        assert f'data-testid="error-{field}"' in html, field
    assert "校验位" in html and "手机号为11位数字" in html
    assert 'data-testid="form-error"' not in html  # nothing as a banner
    assert 'class="form-label required" for="id_channel"' in html


def test_staff_form_named_report_needs_a_way_to_reach_the_reporter(client_for, county):
    client = client_for(county.users["petition"])
    data = {
        "channel": "visit",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "content": TEXT,
        "is_named": "on",
        "reporter_name": "钱某",
    }
    html = client.post(reverse("intake:report_create"), data).content.decode()
    assert "实名举报须填写联系电话或联系地址" in html
    response = client.post(reverse("intake:report_create"), data | {"reporter_address": "东镇"})
    assert response.status_code == 302 and Report.objects.count() == 1


def test_the_service_puts_an_id_checksum_error_at_its_field(county):
    bad_id = make_citizen_id(5)[:17] + ("0" if make_citizen_id(5)[17] != "0" else "1")
    with pytest.raises(DomainError) as exc:
        services.report_register(
            actor=county.users["petition"],
            channel="letter",
            received_at=timezone.now(),
            content=TEXT,
            is_named=True,
            reporter={"name": "", "id_number": bad_id, "phone": "12345"},
        )
    assert set(exc.value.fields) == {"reporter_name", "reporter_id_number", "reporter_phone"}


def _report(c):
    return (c.pk,)


class TestPages(PageContract):
    pages = [
        Page("intake:report_list", allowed="petition", forbidden="inspection"),
        Page("intake:report_create", allowed="petition", forbidden="resident_team"),
        Page("intake:identity_request_list", allowed="petition", forbidden="inspection"),
        Page(
            "intake:report_detail",
            args=_report,
            allowed="resident_team",  # the bureau's resident team
            forbidden="inspection",  # no reports.view
            hidden=_report,  # the east town's commission sees nothing of the bureau
            viewer="township_commission",
        ),
        Page(
            "intake:report_print",
            args=_report,
            allowed="resident_team",
            forbidden="inspection",
            hidden=_report,
            viewer="township_commission",
        ),
        Page(
            "intake:report_action",
            args=lambda c: (c.pk, "acknowledge"),
            get=False,
            allowed="petition",
            forbidden="resident_team",
            data=lambda c: {"on": timezone.localdate().isoformat()},
            audit="intake.report.acknowledge",
        ),
        Page(
            "intake:report_attachment",
            args=lambda c: (c.pk, c.attachments.get().pk),
            allowed="petition",
            forbidden="inspection",
            hidden=lambda c: (c.pk, c.attachments.get().pk),
            viewer="township_commission",
            content_type="image/png",
        ),
    ]


@pytest.fixture
def ctx(report, county, settings, tmp_path):
    """The report, with a photo attached by the petition office."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jiandu.intake.portal_services import report_attachments_add

    storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)},
    }
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    photo = SimpleUploadedFile("照片.png", PNG, content_type="image/png")
    report_attachments_add(actor=county.users["petition"], report=report, files=[photo])
    return report


@pytest.fixture
def users(county):
    return county.users


def test_reporter_identity_is_encrypted_at_rest_and_read_only_by_the_petition_office(
    client_for, county, report
):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM intake_report")
        dump = repr(cursor.fetchall())
    assert "钱举报" not in dump and "13900000000" not in dump
    leader = client_for(county.users["leader"])
    assert (
        "reveal-identity"
        not in leader.get(reverse("intake:report_detail", args=(report.pk,))).content.decode()
    )
    assert post(leader, report, "identity").status_code == 403
    petition = client_for(county.users["petition"])
    response = post(petition, report, "identity")
    html = response.content.decode()
    assert response.status_code == 200 and "钱举报" in html and "13900000000" in html
    assert "no-store" in response["Cache-Control"]
    log = ReadLog.objects.get()
    assert (log.user, log.object_id, log.what) == (
        county.users["petition"],
        str(report.pk),
        "举报人身份信息",
    )
    # Shown once: the next visit hides it again.
    assert (
        "钱举报"
        not in petition.get(reverse("intake:report_detail", args=(report.pk,))).content.decode()
    )


def test_jurisdiction_decision_and_forwarding(client_for, county, report):
    petition = client_for(county.users["petition"])
    post(petition, report, "jurisdiction", {"decision": "forward_other"})
    report.refresh_from_db()
    assert report.status == ReportStatus.REGISTERED  # refused: no receiving body named
    post(petition, report, "jurisdiction", {"decision": "accept"})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.jurisdiction == "accept"
    response = post(petition, report, "jurisdiction", {"decision": "accept"})
    assert response.status_code == 302  # an illegal repeat is refused with a message
    messages = [m.message for m in response.wsgi_request._messages]
    assert any("不能再作管辖决定" in m for m in messages)


def test_duplicate_suggestion_is_confirmed_by_the_clerk(client_for, county, report):
    later = services.report_register(
        actor=county.users["petition"],
        channel="call",
        received_at=timezone.now(),
        content="再次反映：测试县教育局局长张伟在学校食堂承包中收受商人礼金两万元。",
        subjects=[{"name": "张伟", "unit_text": "测试县教育局"}],
    )
    # Registration itself found the earlier report (same subject, near-identical text).
    suggestion = DuplicateSuggestion.objects.get(report=later, candidate=report)
    assert suggestion.same_subject or suggestion.similarity >= 0.5
    petition = client_for(county.users["petition"])
    html = petition.get(reverse("intake:report_detail", args=(later.pk,))).content.decode()
    assert report.number in html and 'data-testid="duplicate-suggestion"' in html
    post(petition, later, "duplicate", {"suggestion": suggestion.pk, "decision": "confirm"})
    later.refresh_from_db()
    assert later.duplicate_of == report


def test_subject_confirmation_links_the_cadre(client_for, county, report):
    subject = report.subjects.get()
    petition = client_for(county.users["petition"])
    post(
        petition, report, "subject", {"subject": subject.pk, "cadre": county.cadres["edu_head"].pk}
    )
    subject.refresh_from_db()
    assert subject.confirmed and subject.cadre == county.cadres["edu_head"]
    assert subject.unit == county.units["dept_edu"]


def test_report_becomes_a_clue_for_the_case_management_office(client_for, county, report):
    subject = report.subjects.get()
    services.subject_confirm(
        actor=county.users["petition"], subject=subject, cadre=county.cadres["edu_head"]
    )
    petition = client_for(county.users["petition"])
    post(petition, report, "create-clue")
    clue = report.clues.get()
    assert clue.subject_cadre == county.cadres["edu_head"] and clue.source == "report"
    assert set(clue.categories.values_list("code", flat=True)) == {"integrity", "hd_gifts"}
    html = petition.get(reverse("intake:report_detail", args=(report.pk,))).content.decode()
    assert clue.number in html


def test_workbench_shows_the_petition_deadlines(client_for, county, report):
    html = client_for(county.users["petition"]).get(reverse("core:workbench")).content.decode()
    assert f"{report.number}：作出管辖决定" in html
    assert f"{report.number}：告知实名举报人受理情况" in html


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00"
    b"IEND\xaeB`\x82"
)


def _form(**extra):
    return {
        "channel": "letter",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "content": TEXT,
        "subject_name": "张伟",
        **extra,
    }


def test_staff_attachments_are_checked_by_content_and_served_only_to_who_may_see(
    client_for, county, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)},
    }
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    petition = client_for(county.users["petition"])
    fake = SimpleUploadedFile("证据.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = petition.post(reverse("intake:report_create"), {**_form(), "attachments": [fake]})
    assert response.status_code == 200 and not Report.objects.exists()  # nothing half-saved
    assert "证据.pdf" in response.content.decode()
    good = SimpleUploadedFile("照片.png", PNG, content_type="image/png")
    petition.post(reverse("intake:report_create"), {**_form(), "attachments": [good]})
    report = Report.objects.get()
    attachment = report.attachments.get()
    assert attachment.content_type == "image/png" and attachment.size == len(PNG)
    url = reverse("intake:report_attachment", args=(report.pk, attachment.pk))
    assert b"".join(petition.get(url).streaming_content) == PNG
    assert ReadLog.objects.filter(what=f"附件{attachment.pk}").exists()
    assert client_for(county.users["township_commission"]).get(url).status_code == 404


def test_revealed_identity_is_never_persisted(client_for, county, report):
    """The identity is shown in the response only; no session row and no cache
    row holds it, decoded or not."""
    from django.contrib.sessions.models import Session

    petition = client_for(county.users["petition"])
    assert "钱举报" in post(petition, report, "identity").content.decode()
    petition.get(reverse("intake:report_detail", args=(report.pk,)))
    sessions = [(s.session_data, repr(s.get_decoded())) for s in Session.objects.all()]
    assert sessions
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM jiandu_cache")
        cache_rows = repr(cursor.fetchall())
    for secret in ("钱举报", "13900000000", "东镇红星村"):
        assert not any(secret in raw or secret in decoded for raw, decoded in sessions)
        assert secret not in cache_rows
