"""Pages and API of the rectification ledger: the page contract, the workflow through
the pages, query counts that do not grow with rows, the workbench, downloads and the
OpenAPI schema."""

import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from jiandu.audit.models import Event
from jiandu.core.downloads import DOCX, XLSX
from jiandu.core.testing import Page, PageContract
from jiandu.core.workbench import items_for
from jiandu.inspections import services
from jiandu.inspections.models import ItemStatus

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def _item(c):
    return (c.ledger["items"]["edu"].pk,)


def _target(c):
    return (c.ledger["targets"]["edu"].pk,)


class TestPages(PageContract):
    pages = [
        Page("inspections:round_list", allowed="edu_unit", forbidden="petition"),
        Page(
            "inspections:round_detail",
            args=lambda c: (c.ledger["round"].pk,),
            allowed="resident_team",
            forbidden="petition",
        ),
        Page(
            "inspections:target_detail",
            args=_target,
            allowed="edu_unit",
            forbidden="petition",
            hidden=_target,
            viewer="fin_unit",
        ),
        Page(
            "inspections:target_export",
            args=_target,
            allowed="supervision_office",
            forbidden="petition",
            content_type=XLSX,
        ),
        Page("inspections:target_import", args=_target, allowed="inspection", forbidden="leader"),
        Page(
            "inspections:target_action",
            args=lambda c: (c.ledger["targets"]["fin"].pk, "add_finding"),
            get=False,
            allowed="inspection",
            forbidden="leader",
            data=lambda c: {"category": "conduct", "description": "文山会海问题突出"},
            audit="inspections.finding.create",
        ),
        Page(
            "inspections:ledger_template",
            allowed="inspection",
            forbidden="petition",
            content_type=XLSX,
        ),
        Page("inspections:item_list", allowed="case_management", forbidden="petition"),
        Page(
            "inspections:item_list",
            id="inspections:item_list[rows]",
            allowed="leader",
            htmx='data-testid="ledger-row"',
            max_queries=20,
        ),
        Page(
            "inspections:item_export",
            allowed="edu_unit",
            forbidden="petition",
            content_type=XLSX,
        ),
        Page(
            "inspections:item_detail",
            args=_item,
            allowed="edu_unit",
            forbidden="petition",
            hidden=_item,
            viewer="fin_unit",
        ),
        Page(
            "inspections:item_action",
            args=lambda c: (*_item(c), "progress"),
            get=False,
            allowed="edu_unit",
            forbidden="petition",
            hidden=lambda c: (*_item(c), "progress"),
            viewer="fin_unit",
            data=lambda c: {"text": "已召开专题会议", "on": timezone.localdate().isoformat()},
            audit="inspections.item.report_progress",
        ),
        Page(
            "inspections:evidence_download",
            args=lambda c: (c.evidence.pk,),
            allowed="edu_unit",
            forbidden="petition",
            hidden=lambda c: (c.evidence.pk,),
            viewer="fin_unit",
            content_type="application/pdf",
        ),
        Page(
            "inspections:escalation_download",
            args=lambda c: (c.escalation.pk,),
            allowed="inspection",
            forbidden="petition",
            hidden=lambda c: (c.escalation.pk,),
            viewer="edu_unit",
            content_type=DOCX,
        ),
        Page("inspections:rates", allowed="inspection", forbidden="review"),
        Page(
            "inspections:unit_profile",
            args=lambda c: (c.insp.units["dept_edu"].pk,),
            allowed="leader",
            forbidden="admin",
        ),
    ]


@pytest.fixture
def ctx(insp, ledger, pdf):
    """The ledger, evidence on the education bureau's item and a 督办通知 on the
    finance bureau's (overdue) item."""
    actor = insp.users["inspection"]
    evidence = services.evidence_add(
        actor=insp.users["edu_unit"], item=ledger["items"]["edu"], name="制度.pdf", content=pdf
    )
    overdue = ledger["items"]["fin"]
    services.item_change_deadline(
        actor=actor, item=overdue, deadline=days_ago(40), reason="按原定时限"
    )
    escalation = services.escalation_issue(
        actor=actor, item=overdue, level="notice", on=days_ago(35)
    )
    return SimpleNamespace(insp=insp, ledger=ledger, evidence=evidence, escalation=escalation)


@pytest.fixture
def users(insp):
    return insp.users


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_ledger_workflow_through_the_pages(insp, ledger, pdf):
    item = ledger["items"]["edu"]
    url = reverse("inspections:item_detail", args=(item.pk,))
    owner = _client(insp.users["edu_unit"])
    html = owner.get(url).content.decode()
    assert 'data-testid="form-progress"' in html and 'data-testid="form-check"' not in html
    act = lambda c, action, data: c.post(  # noqa: E731
        reverse("inspections:item_action", args=(item.pk, action)), data, follow=True
    )
    response = act(owner, "done", {"text": "已完成"})
    assert "报告整改完成前请上传佐证材料" in response.content.decode()
    act(owner, "evidence", {"file": SimpleUploadedFile("制度.pdf", pdf), "note": "印发文件"})
    response = act(owner, "done", {"text": "已印发新制度"})
    assert "已报告整改完成" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    checker = _client(insp.users["inspection"])
    html = checker.get(url).content.decode()
    assert 'data-testid="form-check"' in html
    response = act(checker, "close_out", {"decision": "close", "note": "核实到位"})
    assert "已验收" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.CLOSED
    # The owner's unit has no check form and the page answers 403 for the step.
    assert act(owner, "reopen", {"reason": "x"}).status_code == 403
    # The evidence is served to those who see the item, and to nobody else.
    evidence = item.evidence.get()
    download = reverse("inspections:evidence_download", args=(evidence.pk,))
    assert b"".join(owner.get(download).streaming_content) == pdf
    assert _client(insp.users["fin_unit"]).get(download).status_code == 404


def test_target_page_adds_findings_items_and_transfers_clues(client_for, insp, ledger):
    client = client_for(insp.users["inspection"])
    target = ledger["targets"]["fin"]
    post = lambda action, data: client.post(  # noqa: E731
        reverse("inspections:target_action", args=(target.pk, action)), data, follow=True
    )
    post("add_finding", {"category": "conduct", "description": "文山会海问题突出"})
    finding = target.findings.get(category="conduct")
    deadline = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = post(
        "add_item",
        {
            "finding": finding.pk,
            "measures": "精简会议文件",
            "responsible_unit": insp.units["dept_fin"].pk,
            "responsible_person": "王强",
            "deadline": deadline,
        },
    )
    assert "已新增整改事项" in response.content.decode()
    response = post(
        "transfer",
        {"subject_name": "王强", "summary": "巡察发现违规发放津补贴", "received_on": days_ago(1)},
    )
    html = response.content.decode()
    assert "已移交问题线索" in html and "巡察发现违规发放津补贴" in html
    assert target.transferred_clues.get().clue.source == "inspection"
    assert (
        client_for(insp.users["edu_unit"])
        .post(reverse("inspections:target_action", args=(target.pk, "add_finding")), {})
        .status_code
        == 404
    )  # another unit's ledger does not exist for it


def _many_items(insp, ledger, n):
    for i in range(n):
        services.item_create(
            actor=insp.users["inspection"],
            finding=ledger["findings"]["edu"],
            measures=f"措施{i}",
            responsible_unit=insp.units["school"],
            responsible_person="李娜",
            deadline=days_ago(1) if i % 2 else timezone.localdate() + timedelta(days=9),
        )


@pytest.mark.parametrize("role", ["leader", "resident_team", "edu_unit"])
def test_query_counts_do_not_grow_with_rows(client_for, insp, ledger, role):
    client = client_for(insp.users[role])
    pages = [
        reverse("inspections:item_list"),
        reverse("inspections:target_detail", args=(ledger["targets"]["edu"].pk,)),
        reverse("inspection-item-list"),
        reverse("inspections:rates") + "?by=responsible_unit",
        reverse("inspections:round_detail", args=(ledger["round"].pk,)),
    ]
    _many_items(insp, ledger, 3)
    few = {}
    for url in pages:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        few[url] = len(ctx.captured_queries)
    _many_items(insp, ledger, 60)
    for url in pages:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        assert len(ctx.captured_queries) <= few[url], url
        assert len(ctx.captured_queries) <= 20, url
    html = client.get(pages[0]).content.decode()
    assert html.count('data-testid="ledger-row"') == 50  # one page of 50
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("inspections:item_export"))
    assert len(ctx.captured_queries) <= 10


def test_the_workbench_shows_overdue_items_checks_and_reports_due(insp, ledger, pdf):
    u = insp.users
    item = ledger["items"]["edu"]
    services.item_change_deadline(
        actor=u["inspection"], item=item, deadline=days_ago(3), reason="原定"
    )
    office = [w.label for w in items_for(u["inspection"])]
    assert any(label.startswith("整改逾期：测试县教育局第1项") for label in office)
    assert any(label.startswith("整改情况报告：县委第二轮巡察·测试县财政局") for label in office)
    edu = [w.label for w in items_for(u["edu_unit"])]
    assert any("整改逾期" in label for label in edu)
    assert not any("测试县财政局" in label for label in edu)
    services.evidence_add(actor=u["edu_unit"], item=item, name="a.pdf", content=pdf)
    services.item_report_done(actor=u["edu_unit"], item=item, text="完成")
    team = [w.label for w in items_for(u["resident_team"])]
    assert team == ["待验收销号：测试县教育局第1项"]
    assert items_for(u["review"]) == [] or all(
        w.module != "巡察整改" for w in items_for(u["review"])
    )


def test_escalation_document_download(client_for, insp, ledger):
    u = insp.users
    item = ledger["items"]["edu"]
    services.item_change_deadline(
        actor=u["inspection"], item=item, deadline=days_ago(5), reason="原定"
    )
    client = client_for(u["inspection"])
    html = client.get(reverse("inspections:item_detail", args=(item.pk,))).content.decode()
    assert "发出巡察整改督办通知书" in html
    client.post(reverse("inspections:item_action", args=(item.pk, "escalate")), {"level": "notice"})
    escalation = item.escalations.get()
    response = client.get(reverse("inspections:escalation_download", args=(escalation.pk,)))
    doc = Document(io.BytesIO(response.content))
    assert "巡察整改督办通知书" in [p.text for p in doc.paragraphs]
    assert (
        client_for(u["fin_unit"])
        .get(reverse("inspections:escalation_download", args=(escalation.pk,)))
        .status_code
        == 404
    )


def test_api_steps_and_errors(insp, ledger, pdf):
    item = ledger["items"]["edu"]
    owner = _client(insp.users["edu_unit"])
    url = lambda action: reverse(f"inspection-item-{action}", args=(item.pk,))  # noqa: E731
    response = owner.post(url("done"), {"text": "完成"}, content_type="application/json")
    assert response.status_code == 400 and "佐证材料" in response.json()["message"]
    response = owner.post(url("evidence"), {"file": SimpleUploadedFile("a.pdf", pdf)})
    assert response.status_code == 200 and len(response.json()["evidence"]) == 1
    assert (
        owner.post(url("done"), {"text": "完成"}, content_type="application/json").status_code
        == 200
    )
    assert (
        owner.post(
            url("close-out"), {"decision": "close", "note": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    checker = _client(insp.users["resident_team"])
    events = Event.objects.count()
    response = checker.post(
        url("close-out"), {"decision": "close", "note": "核实"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "closed"
    assert Event.objects.count() == events + 1
    target = ledger["targets"]["fin"]
    response = _client(insp.users["inspection"]).post(
        reverse("inspection-target-add-finding", args=(target.pk,)),
        {"category": "nope", "description": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "category" in response.json()["fields"]


def test_openapi_schema_validates_with_the_inspection_endpoints(tmp_path, capsys):
    """The whole schema validates; none of its warnings come from this module (the
    project-wide no-warning check is in the clues tests)."""
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--file", str(target))
    assert "inspections/api.py" not in capsys.readouterr().err
    schema = target.read_text(encoding="utf-8")
    for path in (
        "/api/inspections/items/{id}/close_out/",
        "/api/inspections/items/{id}/check/",
        "/api/inspections/items/{id}/escalate/",
        "/api/inspections/targets/{id}/add_item/",
        "/api/inspections/rounds/",
    ):
        assert path in schema
