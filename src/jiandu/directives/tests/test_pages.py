"""Deployed-task pages through the client: the page contract (anonymous → login, wrong
role → 403, another unit's object → 404, allowed → 200), upload, review, publish,
report, close, and query counts on the lists."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jiandu.audit.models import Event
from jiandu.core.testing import Page, PageContract
from jiandu.directives import services
from jiandu.directives.models import DirectiveDocument, Task, TaskStatus
from jiandu.directives.tests.conftest import evidence
from jiandu.directives.tests.test_parser_seeds import WORK_PLAN

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _task(c):
    return (c.task.pk,)


class TestPages(PageContract):
    pages = [
        Page("directives:task_list", allowed="township_commission", forbidden="admin"),
        Page("directives:document_list", allowed="review", forbidden="admin", max_queries=12),
        Page("directives:rates", allowed="leader", forbidden="admin", max_queries=12),
        Page(
            "directives:document_upload",
            allowed="case_management",
            forbidden="supervision_office",
        ),
        Page(
            "directives:document_detail",
            args=lambda c: (c.document.pk,),
            allowed="township_commission",
            forbidden="admin",
            hidden=lambda c: (c.document.pk,),
            viewer="resident_team",
            max_queries=14,
        ),
        Page(
            "directives:document_publish",
            args=lambda c: (c.document.pk,),
            get=False,
            allowed="leader",
            forbidden="supervision_office",
        ),
        Page(
            "directives:task_detail",
            args=_task,
            allowed="township_commission",
            forbidden="admin",
            hidden=_task,
            viewer="resident_team",
        ),
        Page(
            "directives:task_edit",
            args=_task,
            get=False,
            allowed="leader",
            forbidden="supervision_office",
            data=lambda c: {
                "include": "1",
                "assign": "1",
                "is_task": "on",
                "title": "开展专项检查（调整）",
                "owners": [c.units["town_a_commission"].pk, c.units["town_b_commission"].pk],
                "due_date": "2026-09-30",
                "version": services.task_version(c.task),
            },
            audit="directives.task.edit",
        ),
        Page(
            "directives:task_action",
            args=lambda c: (c.own_task.pk, "report"),
            get=False,
            allowed="inspection",
            forbidden="admin",
            hidden=lambda c: (c.own_task.pk, "report"),
            viewer="resident_team",
            data=lambda c: {"text": "已纳入巡察监督重点", "percentage": "50"},
            audit="directives.task.report",
        ),
        Page(
            "directives:attachment_download",
            args=lambda c: (c.attachment.pk,),
            allowed="inspection",
            forbidden="admin",
            hidden=lambda c: (c.attachment.pk,),
            viewer="resident_team",
            content_type="text/plain",
        ),
    ]


@pytest.fixture
def ctx(county, published, task_of):
    """The published work plan, its task 二/（一） (both towns' commissions) and 三/（二）
    (the inspection office, with a progress report and its attachment)."""
    own_task = task_of(published, "三/（二）")
    services.progress_report(
        actor=county.users["inspection"],
        task=own_task,
        text="已部署",
        percentage=10,
        files=[evidence()],
    )
    return SimpleNamespace(
        document=published,
        task=task_of(published, "二/（一）"),
        own_task=own_task,
        attachment=own_task.attachments.get(),
        units=county.units,
    )


@pytest.fixture
def users(county):
    return county.users


def test_upload_review_publish_through_the_pages(client_for, county):
    leader = client_for(county.users["leader"])
    upload = SimpleUploadedFile("方案.txt", WORK_PLAN.encode("gb18030"), "text/plain")
    response = leader.post(
        reverse("directives:document_upload"),
        {"file": upload, "kind": "plan", "document_date": "2026-03-02", "title": ""},
    )
    document = DirectiveDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("directives:document_detail", args=(document.pk,))
    page = leader.get(response["Location"]).content.decode()
    assert "共识别14个部分，其中部署任务13项，已指定责任单位5项" in page
    assert "各镇纪委要在9月底前完成对辖区内村级财务的专项检查" in page  # the source text
    task = Task.objects.get(document=document, path="二/（二）/1.")
    response = leader.post(
        reverse("directives:task_edit", args=(task.pk,)),
        {
            "include": "1",
            "assign": "1",
            "is_task": "on",
            "title": "建立问题台账并销号管理",
            "owners": [county.units["office1"].pk, county.units["team1"].pk],
            "due_date": "2026-06-30",
            "version": services.task_version(task),
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "建立问题台账并销号管理" and str(task.due_date) == "2026-06-30"
    assert {o.unit_id for o in task.ownerships.all()} == {
        county.units["office1"].pk,
        county.units["team1"].pk,
    }
    response = leader.post(reverse("directives:document_publish", args=(document.pk,)))
    assert "已发布交办6项任务。" in messages_of(response)
    task.refresh_from_db()
    assert task.status == TaskStatus.ASSIGNED


def test_bad_upload_shows_the_reason(client_for, county):
    leader = client_for(county.users["leader"])
    upload = SimpleUploadedFile("讲话.pdf", b"%PDF", "application/pdf")
    response = leader.post(
        reverse("directives:document_upload"),
        {"file": upload, "kind": "speech", "document_date": "2026-03-02"},
    )
    assert response.status_code == 200
    assert "只支持上传.txt或.docx格式的文件。" in response.content.decode()
    assert not DirectiveDocument.objects.exists()


def test_report_and_close_through_the_pages(client_for, published, county, task_of):
    task = task_of(published, "三/（二）")
    owner = client_for(county.users["inspection"])
    page = owner.get(reverse("directives:task_detail", args=(task.pk,))).content.decode()
    assert 'data-testid="report-form"' in page and 'data-testid="close-form"' not in page
    response = owner.post(
        reverse("directives:task_action", args=(task.pk, "report")),
        {"text": "已纳入巡察监督重点", "percentage": "100", "files": [evidence()]},
    )
    assert "已报告进展。" in messages_of(response)
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED and task.attachments.count() == 1
    attachment = task.attachments.get()
    download = owner.get(reverse("directives:attachment_download", args=(attachment.pk,)))
    assert download.status_code == 200 and b"".join(download.streaming_content)
    hidden = client_for(county.users["resident_team"])
    url = reverse("directives:attachment_download", args=(attachment.pk,))
    assert hidden.get(url).status_code == 404
    leader = client_for(county.users["leader"])
    response = leader.post(
        reverse("directives:task_action", args=(task.pk, "close_out")), {"note": ""}
    )
    assert "请填写销号说明。" in messages_of(response)
    response = leader.post(
        reverse("directives:task_action", args=(task.pk, "close_out")), {"note": "核查属实"}
    )
    assert "已销号。" in messages_of(response)
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED
    assert Event.objects.filter(action="directives.task.close", object_id=str(task.pk)).exists()
    # an owner posting a close is refused by role
    other = task_of(published, "二/（一）/1.")
    response = client_for(county.users["case_management"]).post(
        reverse("directives:task_action", args=(other.pk, "close_out")), {"note": "x"}
    )
    assert "销号须有佐证材料" in " ".join(messages_of(response))


def test_overdue_and_rates_pages(client_for, published, county, task_of):
    from datetime import timedelta

    from django.utils import timezone

    leader = county.users["leader"]
    task = task_of(published, "二/（一）")
    services.task_edit(actor=leader, task=task, due_date=timezone.localdate() - timedelta(days=3))
    town = client_for(county.users["township_commission"])
    page = town.get(reverse("directives:task_list") + "?mine=true&overdue=true").content.decode()
    assert "开展专项检查" in page and "已超期" in page
    workbench = town.get(reverse("core:workbench")).content.decode()
    assert "督办任务已超期：二、（一） 开展专项检查" in workbench
    rates = client_for(leader).get(reverse("directives:rates")).content.decode()
    assert "东镇纪委" in rates and "关于开展2026年基层监督专项行动的工作方案" in rates


def test_list_pages_query_counts(client_for, county, django_assert_max_num_queries):
    leader = county.users["leader"]
    for _ in range(3):
        document = services.document_upload(
            actor=leader, document_date=__import__("datetime").date(2026, 3, 2), text=WORK_PLAN
        )
        services.document_publish(actor=leader, document=document)
    client = client_for(leader)
    for name in ("directives:task_list", "directives:document_list", "directives:rates"):
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200
    detail = reverse("directives:document_detail", args=(document.pk,))
    with django_assert_max_num_queries(14):
        assert client.get(detail).status_code == 200


def test_docx_upload_through_the_page(client_for, county):
    from docx import Document

    buffer = io.BytesIO()
    doc = Document()
    for line in ("工作部署", "一、强化监督。6个纪检监察室要年底前完成专项检查。", "二、严肃问责。"):
        doc.add_paragraph(line)
    doc.save(buffer)
    upload = SimpleUploadedFile("部署.docx", buffer.getvalue())
    response = client_for(county.users["case_management"]).post(
        reverse("directives:document_upload"),
        {"file": upload, "kind": "notice", "document_date": "2026-03-02"},
    )
    assert response.status_code == 302
    task = Task.objects.get(path="一")
    assert str(task.due_date) == "2026-12-31" and task.ownerships.count() == 2


def test_published_document_shows_citations_and_part_status(client_for, county, published, task_of):
    """Tasks carry the numbering of the text (二、（一）1.), not the parser's path; the
    总体要求 part of a published plan is 不列为任务, not 待发布."""
    leader = client_for(county.users["leader"])
    page = leader.get(reverse("directives:document_detail", args=(published.pk,)))
    html = page.content.decode()
    numbers = re.findall(r'data-testid="task-path">([^<]+)<', html)
    assert numbers[:4] == ["一、", "二、", "二、（一）", "二、（一）1."]
    assert "二、（一）2.首先" in numbers
    assert not any("/" in n or "¶" in n or "·" in n for n in numbers)
    statuses = re.findall(r'data-testid="task-status">([^<]+)<', html)
    general = task_of(published, "一")
    assert not general.is_task
    assert statuses[0] == "不列为任务"
    assert "待发布" not in statuses
    detail = leader.get(reverse("directives:task_detail", args=(general.pk,)))
    assert 'data-testid="task-number">一、<' in detail.content.decode()
    assert 'data-testid="task-status">不列为任务<' in detail.content.decode()


def test_citation_migration_from_stored_paths():
    from importlib import import_module

    migration = import_module("jiandu.directives.migrations.0003_issue15_task_citation")
    cite = migration.citation_from_path
    assert cite("三/（四）/二要") == "三、（四）二要"
    assert cite("二/（一）/1.") == "二、（一）1."
    assert cite("一要/¶2") == "一要，第2段"
    assert cite("¶2/·1") == "第2段，第1项"
    assert cite("二/一是#2") == "二、一是（第2处）"
    assert cite("第一/一是") == "第一，一是"
