"""A report about the commission's own principal leader goes straight to the higher
commission ([检举控告规则] 15: 径送上一级; 不得复制、摘抄检举控告内容，不得将有关信息录入
检举举报平台). Only the minimal record is kept: number, channel, received, and when and
to whom it was sent. Neither the stored row nor the audit events hold the content, the
reporter or the subject (issue 12, item 5)."""

from __future__ import annotations

import json
import os
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jiandu.audit.models import Event
from jiandu.core.errors import DomainError
from jiandu.intake import handoff, portal_services, services, steps
from jiandu.intake.models import (
    DuplicateSuggestion,
    PortalMessage,
    Report,
    ReportAttachment,
    ReportSignature,
    ReportStatus,
    ReportSubject,
)

pytestmark = pytest.mark.django_db

SECRET = "县纪委书记赵某某收受某公司董事长钱某五十万元"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }


def stored_text(report: Report) -> str:
    """Everything stored about the report: its row, its related rows, its events."""
    row = Report.objects.filter(pk=report.pk).values().get()
    related = [
        list(ReportSubject.objects.filter(report=report).values()),
        list(ReportAttachment.objects.filter(report=report).values()),
        list(PortalMessage.objects.filter(report=report).values()),
        list(ReportSignature.objects.filter(report=report).values("shingle_count")),
    ]
    events = list(
        Event.objects.filter(object_id=str(report.pk)).values(
            "object_repr", "from_state", "to_state", "reason", "payload"
        )
    )
    return json.dumps([row, related, events], default=str, ensure_ascii=False)


def assert_minimal(report: Report) -> None:
    report.refresh_from_db()
    text = stored_text(report)
    for secret in (SECRET, "赵某某", "钱举报", "13900000000", "县纪委书记"):
        assert secret not in text
    assert (report.content, report.reporter_identity, report.subject_text) == ("", "", "")
    assert not report.is_named and report.ack_due is None
    assert not report.subjects.exists() and not report.categories.exists()
    assert not ReportSignature.objects.filter(report=report).exists()


def test_registered_by_staff_only_the_minimal_record_is_kept(county):
    clerk = county.users["petition"]
    received = timezone.now() - timedelta(hours=2)
    report = services.report_register(
        actor=clerk,
        channel="letter",
        received_at=received,
        content=f"反映{SECRET}，请上级查处。",
        is_named=True,
        reporter={"name": "钱举报", "phone": "13900000000"},
        subjects=[{"name": "赵某某", "unit_text": "县纪委书记"}],
        subject_text="赵某某",
        unit_text="县纪委书记",
        category_codes=["integrity"],
        about_principal_leader=True,
    )
    assert_minimal(report)
    assert (report.channel, report.received_at, report.number[:2]) == ("letter", received, "XF")
    # It cannot stay here: not accepted, not a clue, no attachment; only sent upward.
    with pytest.raises(DomainError, match="第十五条"):
        services.report_decide_jurisdiction(actor=clerk, report=report, decision="accept")
    with pytest.raises(DomainError, match="第十五条"):
        services.report_decide_jurisdiction(
            actor=clerk, report=report, decision="forward_lower", forward_to="某镇纪委"
        )
    with pytest.raises(DomainError, match="第十五条"):
        handoff.clue_create_from_reports(actor=clerk, reports=[report])
    with pytest.raises(DomainError, match="第十五条"):
        portal_services.report_attachments_add(
            actor=clerk, report=report, files=[SimpleUploadedFile("a.txt", "材料".encode())]
        )
    assert "create_clue" not in steps.WORKFLOW.panel(clerk, report)
    services.report_decide_jurisdiction(
        actor=clerk, report=report, decision="forward_higher", forward_to="市纪委监委信访室"
    )
    report.refresh_from_db()
    assert (report.status, report.forward_to) == (ReportStatus.FORWARDED, "市纪委监委信访室")
    assert report.jurisdiction_decided_at is not None
    assert_minimal(report)


def test_a_portal_submission_flagged_at_registration_is_cut_to_the_minimal_record(
    county, tmp_path, django_capture_on_commit_callbacks
):
    clerk = county.users["petition"]
    earlier = services.report_register(
        actor=clerk,
        channel="letter",
        received_at=timezone.now() - timedelta(days=3),
        content=f"反映{SECRET}，请查处。",
    )
    report, _code = portal_services.portal_submit(
        content=f"实名反映{SECRET}，请上级纪委查处。",
        is_named=True,
        reporter={"name": "钱举报", "phone": "13900000000"},
        subject_text="赵某某",
        unit_text="县纪委书记",
        files=[SimpleUploadedFile("证据.txt", f"{SECRET}的转账记录".encode())],
    )
    services.message_from_reporter(report=report, body=f"补充：{SECRET}")
    path = ReportAttachment.objects.get(report=report).file.path
    assert path.startswith(str(tmp_path)) and os.path.exists(path)
    DuplicateSuggestion.objects.create(report=report, candidate=earlier, similarity=0.9)
    with pytest.raises(AssertionError):
        assert_minimal(report)  # the portal stored it all before anyone read it
    # The clerk sees what it is about and registers it as such (page step "register").
    with django_capture_on_commit_callbacks(execute=True):
        steps.WORKFLOW.get("register").run(
            clerk, report, {"categories": [], "about_principal_leader": True}
        )
    assert_minimal(report)
    report.refresh_from_db()
    assert report.status == ReportStatus.REGISTERED and report.about_principal_leader
    assert not ReportAttachment.objects.filter(report=report).exists()
    assert not report.messages.exists()
    assert not DuplicateSuggestion.objects.filter(report=report).exists()
    assert not os.path.exists(path)  # the file is gone once the registration commits
