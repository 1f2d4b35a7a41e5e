"""Journey (cross-checks): the case management office uploads a payments file in the browser
and sees the rejected-rows report; starts the checks and watches the progress bar (the
background worker runs them); opens a hit with its evidence and turns it into a clue;
the clue page links back to the hit. No request leaves the host."""

import csv

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from jiandu.conftest import PASSWORD
from jiandu.core.testing import build_county
from jiandu.crosscheck import services
from jiandu.crosscheck.tests.conftest import (
    BAD_ID,
    DEATH_HEADERS,
    EMPLOYEE_HEADERS,
    PAYMENT_HEADERS,
    death_rows,
    employee_rows,
    payment_rows,
)
from jiandu.e2e.conftest import login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def write_csv(path, headers, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([headers, *rows])
    return path


def test_upload_run_and_turn_a_hit_into_a_clue(page, settings, tmp_path):
    settings.CROSSCHECK_DIR = tmp_path / "crosscheck"
    county = build_county(PASSWORD)
    actor = county.users["case_management"]
    for dataset_type, name, headers, rows in (
        ("public_employees", "staff.csv", EMPLOYEE_HEADERS, employee_rows(county)),
        ("deaths", "deaths.csv", DEATH_HEADERS, death_rows()),
    ):
        path = write_csv(tmp_path / name, headers, rows)
        services.dataset_import(actor=actor, dataset_type=dataset_type, source=path)
    payments = write_csv(tmp_path / "低保发放2025.csv", PAYMENT_HEADERS, payment_rows(county))

    # 1. Upload the payments file; one row's citizen ID fails its checksum.
    login(page, "t_case_management", PASSWORD)
    page.goto(page.base + "/crosscheck/datasets/")
    page.select_option("#id_dataset_type", "payments")
    page.set_input_files("#id_file", str(payments))
    page.get_by_test_id("upload-submit").click()
    # Imported by the background task (immediate in the tests): the import page shows
    # the outcome and links the version.
    page.wait_for_url("**/crosscheck/imports/*/")
    expect(page.get_by_test_id("import-status")).to_have_text("已完成")
    page.get_by_test_id("import-version-link").click()
    page.wait_for_url("**/crosscheck/datasets/*/")
    expect(page.get_by_test_id("rows-accepted")).to_have_text("5")
    expect(page.get_by_test_id("rows-rejected")).to_have_text("1")
    rejected = page.get_by_test_id("rejection-row")
    expect(rejected).to_have_count(1)
    expect(rejected.first).to_contain_text(BAD_ID)
    expect(rejected.first).to_contain_text("6")
    expect(page.get_by_test_id("download-rejections")).to_be_visible()
    shot(page, "crosscheck-rejections")

    # 2. Start R01 and R02; the worker picks the run up while the page polls.
    with override_settings(TASKS=DB_TASKS):
        page.goto(page.base + "/crosscheck/runs/")
        page.check("input[name=rules][value=R01]")
        page.check("input[name=rules][value=R02]")
        page.get_by_test_id("run-submit").click()
        page.wait_for_url("**/crosscheck/runs/*/")
        expect(page.get_by_test_id("run-status")).to_have_text("排队中")
        expect(page.get_by_test_id("run-progress").locator(".progress")).to_be_visible()
        expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "0")
        shot(page, "crosscheck-run-queued")
        call_command("db_worker", batch=True, interval=0.1, verbosity=0)
        # The polled fragment sees the run finish and reloads the page with the results.
        expect(page.get_by_test_id("run-status")).to_have_text("已完成", timeout=15_000)
        expect(page.get_by_test_id("run-percent")).to_have_text("100%")
        expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
        expect(page.get_by_test_id("hits-new")).to_have_text("2条")
    shot(page, "crosscheck-run-done")

    # 3. The hits new in this run; open the teacher's, with its evidence.
    page.get_by_test_id("new-hits-link").click()
    expect(page.get_by_test_id("hit-row")).to_have_count(2)
    page.get_by_test_id("hit-link").filter(has_text="李娜").click()
    expect(page.get_by_test_id("hit-summary")).to_contain_text("为财政供养人员")
    expect(page.get_by_test_id("evidence-row")).to_have_count(3)
    expect(page.get_by_test_id("evidence")).to_contain_text("测试县第一中学")
    shot(page, "crosscheck-hit")

    # 4. Confirm it: a clue with source 大数据比对, linked both ways.
    page.fill("#confirm-note", "与学校工资表核对一致")
    page.get_by_test_id("confirm-hit").click()
    expect(page.get_by_test_id("hit-status")).to_have_text("已转线索")
    page.get_by_test_id("clue-link").click()
    expect(page.get_by_test_id("clue-summary")).to_contain_text("大数据比对规则R01")
    expect(page.get_by_test_id("crosscheck-source")).to_contain_text("来源：大数据比对疑点")
    shot(page, "crosscheck-clue")
    page.get_by_test_id("crosscheck-hit-link").click()
    expect(page.get_by_test_id("hit-status")).to_have_text("已转线索")

    assert page.recorder.off_host == []
