"""Services of deployed tasks against a real database: upload and parse, review,
publish, progress, send back, close-out; the state machine; scope both ways; audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from jiandu.audit.models import Event
from jiandu.core.errors import DomainError, IllegalTransition, NotFound, PermissionDenied
from jiandu.core.workbench import items_for
from jiandu.directives import rules, selectors, services
from jiandu.directives.models import DirectiveDocument, Task, TaskStatus
from jiandu.directives.tests.conftest import DOC_DATE, evidence

pytestmark = pytest.mark.django_db


def owners(task) -> set[str]:
    return {o.unit.name for o in task.ownerships.select_related("unit")}


def test_upload_keeps_the_tree_with_exact_source_text(plan, county, task_of):
    assert plan.title == "关于开展2026年基层监督专项行动的工作方案"
    tasks = list(plan.tasks.order_by("position"))
    assert [t.path for t in tasks][:3] == ["一", "二", "二/（一）"]
    for task in tasks:
        assert plan.text[task.source_start : task.source_end] == task.source_text
    general = task_of(plan, "一")
    assert not general.is_task and general.extracted_kind == "context"
    assert owners(task_of(plan, "二/（一）")) == {"东镇纪委", "西镇纪委"}
    assert owners(task_of(plan, "二/（一）/1.")) == {"案件监督管理室"}
    assert owners(task_of(plan, "二/（一）/2.")) == {"第二纪检监察室"}
    assert owners(task_of(plan, "三/（一）")) == {"测试县纪委监委"}  # 分管领导 (no 三室 here)
    assert owners(task_of(plan, "三/（二）")) == {"巡察办"}
    assert task_of(plan, "二/（一）").due_date == date(2026, 9, 30)
    assert task_of(plan, "二/（一）").due_phrase == "9月底前"
    assert all(t.status == TaskStatus.DRAFT for t in tasks)
    event = Event.objects.get(action="directives.document.upload")
    assert event.payload["tasks"] == 13 and event.actor == county.users["leader"]


def test_upload_reads_docx_and_refuses_other_files(county):
    import io

    from docx import Document

    buffer = io.BytesIO()
    doc = Document()
    for line in [
        "会议纪要",
        "第一，加强监督。各派驻纪检监察组要加强日常监督。",
        "第二，强化办案。",
    ]:
        doc.add_paragraph(line)
    doc.save(buffer)
    leader = county.users["leader"]
    document = services.document_upload(
        actor=leader, document_date=DOC_DATE, filename="纪要.docx", data=buffer.getvalue()
    )
    assert [t.path for t in document.tasks.order_by("position")] == ["第一", "第二"]
    assert owners(document.tasks.get(path="第一")) == {"派驻第一纪检监察组", "派驻第二纪检监察组"}
    with pytest.raises(DomainError, match=r"只支持上传\.txt或\.docx"):
        services.document_upload(actor=leader, document_date=DOC_DATE, filename="a.pdf", data=b"x")
    with pytest.raises(DomainError, match="无法读取该Word文件"):
        services.document_upload(
            actor=leader, document_date=DOC_DATE, filename="a.docx", data=b"not a zip"
        )
    with pytest.raises(DomainError, match="未能从该文件中识别出任何部署事项"):
        services.document_upload(actor=leader, document_date=DOC_DATE, text="同志们：\n谢谢大家。")


def test_only_issuers_upload(county):
    for role in ("supervision_office", "resident_team", "township_commission", "review"):
        with pytest.raises(PermissionDenied):
            services.document_upload(
                actor=county.users[role], document_date=DOC_DATE, text="一、加强监督"
            )
    assert not DirectiveDocument.objects.exists()


def test_publish_sends_only_assigned_tasks(plan, county, task_of):
    leader = county.users["leader"]
    no_owner = task_of(plan, "二/（二）/1.")
    assert not no_owner.ownerships.exists()
    published = services.document_publish(actor=leader, document=plan)
    assert {t.path for t in published} == {
        "二/（一）",
        "二/（一）/1.",
        "二/（一）/2.",
        "三/（一）",
        "三/（二）",
    }
    no_owner.refresh_from_db()
    assert no_owner.status == TaskStatus.DRAFT
    plan.refresh_from_db()
    assert plan.status == "published" and plan.published_at
    # assign the draft and publish again
    services.task_edit(actor=leader, task=no_owner, owners=[county.units["office1"]])
    assert [t.path for t in services.document_publish(actor=leader, document=plan)] == [
        "二/（二）/1."
    ]
    with pytest.raises(DomainError, match="没有可发布的任务"):
        services.document_publish(actor=leader, document=plan)
    assert Event.objects.filter(action="directives.document.publish").count() == 2


def test_scope_both_ways(published, county, task_of):
    town = county.users["township_commission"]  # 东镇纪委
    team = county.users["resident_team"]  # 派驻第一纪检监察组
    office1 = county.users["supervision_office"]  # guides 东镇纪委 and 派驻一组
    town_task = task_of(published, "二/（一）")
    case_task = task_of(published, "二/（一）/1.")
    draft = task_of(published, "二/（二）/1.")
    visible = set(selectors.task_list(user=town).values_list("path", flat=True))
    assert visible == {"二/（一）"}
    assert selectors.task_get_for(user=office1, pk=town_task.pk) == town_task
    # the guiding office sees the town's task, but not among its own ("mine")
    assert [t.path for t in selectors.task_list(user=office1)] == ["二/（一）"]
    assert not selectors.task_list(user=office1, filters={"mine": "true"}).exists()
    assert [t.path for t in selectors.task_list(user=town, filters={"mine": "true"})] == [
        "二/（一）"
    ]
    for user, task in ((town, case_task), (team, town_task), (town, draft), (office1, draft)):
        with pytest.raises(NotFound):
            selectors.task_get_for(user=user, pk=task.pk)
    assert selectors.document_list(user=town).count() == 1
    assert selectors.document_list(user=team).count() == 0
    with pytest.raises(NotFound):
        selectors.document_get_for(user=team, pk=published.pk)
    # leaders and 案管室 see every task, drafts included
    assert selectors.task_get_for(user=county.users["case_management"], pk=draft.pk) == draft


def test_drafts_are_hidden_from_owners_until_published(plan, county, task_of):
    town = county.users["township_commission"]
    assert selectors.document_list(user=town).count() == 0
    with pytest.raises(NotFound):
        selectors.task_get_for(user=town, pk=task_of(plan, "二/（一）").pk)


def test_progress_and_close_out(published, county, task_of):
    leader, owner = county.users["leader"], county.users["inspection"]  # 巡察办
    # the office guiding 东镇纪委 sees its task but is not its owner
    with pytest.raises(PermissionDenied, match="只有该任务的责任单位"):
        services.progress_report(
            actor=county.users["supervision_office"],
            task=task_of(published, "二/（一）"),
            text="代报",
            percentage=60,
        )
    task = task_of(published, "三/（二）")
    report = services.progress_report(actor=owner, task=task, text="已完成摸排", percentage=40)
    assert report.unit == county.units["inspection"]
    task.refresh_from_db()
    assert (task.status, task.progress) == (TaskStatus.IN_PROGRESS, 40)
    with pytest.raises(DomainError, match="不能低于上次报告的40%"):
        services.progress_report(actor=owner, task=task, text="回退", percentage=30)
    with pytest.raises(DomainError, match="请填写进展情况"):
        services.progress_report(actor=owner, task=task, text=" ", percentage=50)
    with pytest.raises(DomainError, match="0到100"):
        services.progress_report(actor=owner, task=task, text="x", percentage=120)
    with pytest.raises(PermissionDenied, match="只有该任务的责任单位"):
        services.progress_report(actor=leader, task=task, text="代报", percentage=60)
    # an owner cannot close; the issuer needs a note and evidence
    with pytest.raises(PermissionDenied):
        services.task_close_out(actor=owner, task=task, note="完成", files=[evidence()])
    with pytest.raises(DomainError, match="请填写销号说明"):
        services.task_close_out(actor=leader, task=task, note="", files=[evidence()])
    with pytest.raises(DomainError, match="销号须有佐证材料"):
        services.task_close_out(actor=leader, task=task, note="已完成")
    services.progress_report(
        actor=owner, task=task, text="检查完毕", percentage=100, files=[evidence("报告.txt")]
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED
    with pytest.raises(IllegalTransition, match="已完成待销号"):
        services.progress_report(actor=owner, task=task, text="再报", percentage=100)
    services.task_send_back(actor=leader, task=task, reason="检查报告缺少问题清单")
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.progress == 90
    services.progress_report(actor=owner, task=task, text="已补充", percentage=100)
    services.task_close_out(
        actor=leader, task=task, note="经核查已完成"
    )  # evidence from the report
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED and task.closed_by == leader
    with pytest.raises(IllegalTransition, match="已销号"):
        services.task_close_out(actor=leader, task=task, note="again", files=[evidence()])
    actions = list(
        Event.objects.filter(object_type="directives.task", object_id=str(task.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "directives.task.report",
        "directives.task.report_done",
        "directives.task.send_back",
        "directives.task.report_done",
        "directives.task.close",
    ]


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def test_evidence_type_is_read_from_the_content(published, county, task_of, settings, tmp_path):
    """A program renamed .pdf is refused as progress evidence and as close-out evidence,
    with a Chinese message, and nothing of it is kept."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "jiandu.core.storage.AtomicFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    leader, owner = county.users["leader"], county.users["inspection"]
    task = task_of(published, "三/（二）")
    with pytest.raises(DomainError, match=r"附件“报告\.pdf”：附件类型不支持") as refused:
        services.progress_report(
            actor=owner,
            task=task,
            text="已完成摸排",
            percentage=40,
            files=[evidence("说明.txt"), ContentFile(EXE, name="报告.pdf")],
        )
    assert "按文件内容识别" in refused.value.message and "files" in refused.value.fields
    services.progress_report(
        actor=owner, task=task, text="检查完毕", percentage=100, files=[evidence("报告.txt")]
    )
    with pytest.raises(DomainError, match="附件类型不支持"):
        services.task_close_out(
            actor=leader, task=task, note="完成", files=[ContentFile(EXE, name="佐证.pdf")]
        )
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED and task.progress == 100
    [kept] = task.attachments.all()
    assert kept.filename == "报告.txt" and kept.file.name.endswith(".txt")
    assert "报告" not in kept.file.name  # stored under a random name
    stored = [p for p in (tmp_path / "files").rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in stored] == ["检查报告（测试）".encode()]


def test_too_many_evidence_files_are_refused(published, county, task_of):
    task = task_of(published, "三/（二）")
    files = [evidence(f"{n}.txt") for n in range(services.EVIDENCE_FILES.max_count + 1)]
    with pytest.raises(DomainError, match="附件最多10个"):
        services.progress_report(
            actor=county.users["inspection"], task=task, text="x", percentage=40, files=files
        )
    assert not task.reports.exists()


def test_parent_closes_only_after_its_subtasks(published, county, task_of):
    leader = county.users["leader"]
    parent = task_of(published, "二/（一）")
    with pytest.raises(DomainError, match="尚有2项子任务未销号"):
        services.task_close_out(actor=leader, task=parent, note="完成", files=[evidence()])
    for path in ("二/（一）/1.", "二/（一）/2."):
        services.task_close_out(
            actor=leader, task=task_of(published, path), note="完成", files=[evidence()]
        )
    services.task_close_out(actor=leader, task=parent, note="完成", files=[evidence()])


def test_edit_rules(published, plan, county, task_of):
    leader = county.users["leader"]
    task = task_of(published, "三/（二）")
    with pytest.raises(DomainError, match="已发布的任务不能改为非督办事项"):
        services.task_edit(actor=leader, task=task, is_task=False)
    with pytest.raises(DomainError, match="不能早于文件日期"):
        services.task_edit(actor=leader, task=task, due_date=DOC_DATE - timedelta(days=1))
    with pytest.raises(DomainError, match="至少要有一个责任单位"):
        services.task_edit(actor=leader, task=task, owners=[])
    with pytest.raises(PermissionDenied):
        services.task_edit(actor=county.users["inspection"], task=task, title="改")
    services.task_edit(
        actor=leader, task=task, title="严格督导考核并通报", owners=[county.units["office1"]]
    )
    event = Event.objects.filter(action="directives.task.edit").latest("seq")
    assert event.payload["changes"]["owners"] == [["巡察办"], ["第一纪检监察室"]]
    assert event.payload["changes"]["title"][1] == "严格督导考核并通报"
    draft = task_of(plan, "二/（二）/1.")
    services.task_edit(actor=leader, task=draft, is_task=False)
    draft.refresh_from_db()
    assert not draft.is_task
    services.task_close_out(actor=leader, task=task, note="完成", files=[evidence()])
    with pytest.raises(IllegalTransition, match="不能修改"):
        services.task_edit(actor=leader, task=task, title="再改")


@pytest.mark.parametrize("action", sorted(rules.TRANSITIONS))
def test_every_illegal_move_is_refused_in_chinese(action):
    allowed, _ = rules.TRANSITIONS[action]
    for status in TaskStatus.values:
        if status in allowed:
            rules.MACHINE.check(status, action)
            continue
        with pytest.raises(IllegalTransition) as exc:
            rules.MACHINE.check(status, action)
        assert exc.value.message.startswith("任务当前状态为“")


def test_completion_rates_and_workbench(published, county, task_of):
    leader, town = county.users["leader"], county.users["township_commission"]
    closed = task_of(published, "二/（一）/1.")
    services.task_close_out(actor=leader, task=closed, note="完成", files=[evidence()])
    late = task_of(published, "二/（一）")
    services.task_edit(actor=leader, task=late, due_date=timezone.localdate() - timedelta(days=1))
    rows = {r["unit"]: r for r in selectors.completion_by_unit(user=leader)}
    assert rows["案件监督管理室"]["rate"] == 100.0
    assert rows["东镇纪委"] == {
        **rows["东镇纪委"],
        "total": 1,
        "closed": 0,
        "overdue": 1,
        "rate": 0.0,
    }
    (doc_row,) = selectors.completion_by_document(user=leader)
    assert (doc_row["total"], doc_row["closed"], doc_row["rate"]) == (5, 1, 20.0)
    labels = [i.label for i in items_for(town) if i.module == "督办事项"]
    assert labels == ["督办任务已超期：二、（一） 开展专项检查"]
    assert not [i for i in items_for(county.users["resident_team"]) if i.module == "督办事项"]
    services.progress_report(actor=town, task=late, text="完成", percentage=100)
    waiting = [i.label for i in items_for(leader) if i.module == "督办事项"]
    assert "督办任务待销号：二、（一） 开展专项检查" in waiting
    assert rules.completion_rate(0, 0) is None


def test_queries_do_not_grow_with_tasks(published, county, django_assert_max_num_queries):
    leader = county.users["leader"]
    with django_assert_max_num_queries(4):
        rows = list(selectors.task_list(user=leader))
        for task in rows:
            [o.unit.name for o in task.ownerships.all()]
    assert len(rows) == 5
    with django_assert_max_num_queries(2):
        assert len(selectors.completion_by_unit(user=leader)) == 6
    assert Task.objects.count() == 14


def test_owners_named_by_the_register(county):
    """Units of the register named in the text (full name or without the county
    prefix) are suggested too."""
    text = (
        "整改部署\n一、测试县教育局要在年底前完成食堂承包问题整改。\n二、财政局要配合做好资金核查。"
    )
    document = services.document_upload(
        actor=county.users["leader"], document_date=DOC_DATE, text=text
    )
    assert owners(document.tasks.get(path="一")) == {"测试县教育局"}
    assert owners(document.tasks.get(path="二")) == {"测试县财政局"}
    assert document.tasks.get(path="一").suggested_owners == "测试县教育局"
