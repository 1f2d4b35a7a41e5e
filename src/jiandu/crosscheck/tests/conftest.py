"""Fixtures for the Django side of the cross-checks: a storage directory per test, the
test county's people in small government datasets, and helpers to import and run."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from jiandu.core.testing import make_citizen_id

# A person who is not in the cadre register (benefit recipient, died in 2025).
OUTSIDER_ID = make_citizen_id(301, born=date(1941, 2, 3))
OUTSIDER2_ID = make_citizen_id(302, born=date(1950, 6, 9))
_GOOD = make_citizen_id(303, born=date(1980, 1, 1))
BAD_ID = _GOOD[:-1] + ("1" if _GOOD[-1] != "1" else "2")  # the check digit is wrong


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    """Dataset versions and reports go to the test's own directory."""
    settings.CROSSCHECK_DIR = tmp_path / "crosscheck"
    settings.JIANDU_TMP_DIR = tmp_path / "var-tmp"
    return settings.CROSSCHECK_DIR


@pytest.fixture
def write_csv(tmp_path):
    """Write rows under Chinese headers to a CSV file (UTF-8 with BOM, as Excel saves)."""
    counter = {"n": 0}

    def write(headers: list[str], rows: list[list], name: str | None = None) -> Path:
        counter["n"] += 1
        path = tmp_path / (name or f"data{counter['n']}.csv")
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers)
            writer.writerows(rows)
        return path

    return write


PAYMENT_HEADERS = ["姓名", "身份证号", "补贴项目", "发放金额", "发放日期", "发放单位"]
EMPLOYEE_HEADERS = ["姓名", "身份证号", "单位", "职务"]
DEATH_HEADERS = ["姓名", "身份证号", "死亡日期"]


def payment_rows(county) -> list[list]:
    """李娜 (a teacher at the county's first middle school) draws 低保 twice; an outsider
    is paid after her death by 东镇; one row has a bad citizen ID; a clean row."""
    teacher = county.cadres["teacher"]
    return [
        [teacher.name, teacher.citizen_id, "最低生活保障金", "620.00", "2025年3月5日", "东镇"],
        [teacher.name, teacher.citizen_id, "最低生活保障金", "620", "2025-04-05", "东镇"],
        ["孙秀英", OUTSIDER_ID, "高龄津贴", "200", "2025/06/10", "东镇"],
        ["孙秀英", OUTSIDER_ID, "高龄津贴", "200", "2025/01/10", "东镇"],
        ["赵六", BAD_ID, "高龄津贴", "200", "2025-06-10", "西镇"],  # wrong check digit
        ["周平", OUTSIDER2_ID, "高龄津贴", "200", "2025-06-10", "西镇"],
    ]


def employee_rows(county) -> list[list]:
    teacher, head = county.cadres["teacher"], county.cadres["fin_head"]
    return [
        [teacher.name, teacher.citizen_id, "测试县第一中学", "教师"],
        [head.name, head.citizen_id, "测试县财政局", "局长"],
    ]


def death_rows() -> list[list]:
    return [["孙秀英", OUTSIDER_ID, "2025年5月1日"]]


@pytest.fixture
def datasets(county, write_csv):
    """Import payments, public employees and deaths for the test county (案管室)."""
    from jiandu.crosscheck import services

    actor = county.users["case_management"]
    files = {
        "payments": write_csv(PAYMENT_HEADERS, payment_rows(county), "payments.csv"),
        "public_employees": write_csv(EMPLOYEE_HEADERS, employee_rows(county), "staff.csv"),
        "deaths": write_csv(DEATH_HEADERS, death_rows(), "deaths.csv"),
    }
    return {
        t: services.dataset_import(actor=actor, dataset_type=t, source=p, original_name=p.name)
        for t, p in files.items()
    }


@pytest.fixture
def run_checks(county):
    """Start and execute a run in-process (what the background task does)."""
    from jiandu.crosscheck import services

    def run(rules=("R01", "R02"), actor=None):
        actor = actor or county.users["case_management"]
        started = services.run_start(actor=actor, rule_codes=list(rules), enqueue=False)
        return services.run_execute(run_id=started.pk)

    return run
