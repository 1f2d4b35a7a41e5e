"""Journey (directives): the leader uploads seed speech 001 → reviews the extracted tasks
(part 三 as six tasks with their 一要… items, owners suggested from the text) → assigns
two tasks the text gives no owner and publishes → the responsible township commission
reports progress with an attachment → the leader closes one task with the evidence. No
request leaves the host."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from jiandu.conftest import PASSWORD
from jiandu.core.testing import build_county
from jiandu.devtools.parser_quality import SEEDS_DIR
from jiandu.directives.models import Task, TaskStatus
from jiandu.e2e.conftest import login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def tree_task(page, path: str):
    return page.locator(f'[data-testid="tree-task"][data-path="{path}"]')


def test_speech_becomes_followed_up_tasks(page, tmp_path):
    build_county(PASSWORD)
    (seed,) = SEEDS_DIR.glob("001_*.txt")

    # 1. The leader uploads the speech.
    login(page, "t_leader", PASSWORD)
    page.goto(page.base + "/directives/documents/")
    page.get_by_test_id("upload-document").click()
    page.get_by_test_id("upload-file").set_input_files(str(seed))
    page.fill("input[name=document_date]", "2026-08-10")
    shot(page, "directive-upload")
    page.get_by_test_id("upload-submit").click()
    # Not a glob: "documents/*/" also matches the upload form's own address.
    page.wait_for_url(re.compile(r"/directives/documents/\d+/$"))

    # 2. The extracted tree: part 三 with (一)–(六), and the attributed items.
    expect(page.get_by_test_id("counts")).to_contain_text("其中部署任务34项")
    for n in "一二三四五六":
        expect(tree_task(page, f"三/（{n}）")).to_be_visible()
    item = tree_task(page, "三/（四）/二要")
    expect(item.get_by_test_id("task-title")).to_have_text(
        "持续稳步推进金融领域腐败和作风问题专项整治"
    )
    expect(item).to_contain_text("识别到：分管领导；三室")
    expect(tree_task(page, "三/（四）/四要")).to_contain_text("第一纪检监察室、第二纪检监察室")
    expect(tree_task(page, "一/一是").get_by_test_id("is-task")).not_to_be_checked()
    shot(page, "directive-review")

    # 3. Assign two tasks the speech names no owner for, with deadlines; publish.
    for path, unit, due in (
        ("三/（三）/五要", "东镇纪委", "2026-10-30"),
        ("三/（六）/三要", "第一纪检监察室", "2026-09-30"),
    ):
        row = tree_task(page, path)
        row.get_by_test_id("edit-task").locator("summary").click()
        row.get_by_test_id("owners").select_option(label=unit)
        row.get_by_test_id("due-date").fill(due)
        row.get_by_test_id("save-task").click()
        page.wait_for_load_state()
        expect(tree_task(page, path)).to_contain_text(f"责任单位：{unit}")
    page.get_by_test_id("publish").click()
    expect(page.locator(".alert-success")).to_contain_text("已发布交办")
    big_data = Task.objects.get(path="三/（三）/五要")
    assert big_data.status == TaskStatus.ASSIGNED

    # 4. The township commission reports progress on its task, with an attachment.
    login(page, "t_township_commission", PASSWORD)
    page.goto(page.base + "/directives/")
    expect(page.get_by_test_id("task-row")).to_have_count(
        Task.objects.filter(ownerships__unit__name="东镇纪委", status="assigned").count()
    )
    page.get_by_role("link", name="强化大数据思维").click()
    report = tmp_path / "查询平台使用情况.txt"
    report.write_text("已开通查询平台账号5个，完成比对2次。", encoding="utf-8")
    page.fill("#r-text", "已开通查询平台，完成两轮数据比对，发现问题线索3条已移交。")
    page.fill("#r-pct", "100")
    page.set_input_files("#r-files", str(report))
    page.get_by_test_id("report-submit").click()
    expect(page.get_by_test_id("task-status")).to_have_text("已完成待销号")
    expect(page.get_by_test_id("reports")).to_contain_text("查询平台使用情况.txt")
    shot(page, "directive-report")

    # 5. The leader closes it with the evidence the report carries.
    login(page, "t_leader", PASSWORD)
    page.goto(page.base + f"/directives/tasks/{big_data.pk}/")
    page.fill("#c-note", "经核查，查询平台已用于案件查办，同意销号。")
    page.get_by_test_id("close-submit").click()
    expect(page.get_by_test_id("task-status")).to_have_text("已销号")
    expect(page.get_by_test_id("close-note")).to_contain_text("同意销号")
    shot(page, "directive-closed")
    page.goto(page.base + "/directives/rates/")
    expect(page.get_by_test_id("rates-by-unit")).to_contain_text("东镇纪委")

    assert page.recorder.off_host == []
