"""Import of a transfer batch from Excel: every bad row is reported by row and column and
nothing is saved; a good file registers every clue with its time limits."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from jiandu.audit.models import Event
from jiandu.clues import imports, rules
from jiandu.clues.models import Clue, ClueDeadlineKind, ClueSource
from jiandu.core.errors import DomainError, PermissionDenied
from jiandu.core.testing import make_citizen_id

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = [
    "序号",
    "被反映人姓名*",
    "身份证号",
    "工作单位",
    "职务",
    "问题类别",
    "主要问题*",
    "收到日期*",
    "移交文号",
]


def xlsx(rows: list[list], name: str = "巡察移交线索.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def errors_at(result) -> list[tuple[int, str]]:
    return [(e.row, e.column) for e in result.errors]


@pytest.fixture
def received():
    return timezone.localdate() - timedelta(days=10)


@pytest.fixture
def good_rows(received):
    return [
        HEADER,
        [
            1,
            "张伟",
            make_citizen_id(1),  # the education bureau's head in the test county
            "",
            "局长",
            "违反廉洁纪律、违规收送名贵特产和礼品礼金",
            "巡察发现其在校舍维修工程中收受施工方礼金。",
            received.strftime("%Y年%m月%d日"),
            "",
        ],
        [
            2,
            "赵  某",
            None,
            "东镇",
            "镇财政所所长",
            "文山会海、督查检查考核过多过频，违规吃喝",  # a name that itself has "、"
            "巡察发现其多次在辖区企业接受宴请。",
            datetime(received.year, received.month, received.day),
            "东镇巡察〔2026〕2号",
        ],
    ]


def test_good_file_registers_every_clue_with_its_deadlines(people, good_rows, received):
    actor = people.users["case_management"]
    upload = xlsx(good_rows)
    result = imports.import_transfer_batch(
        actor=actor, file=upload, source="inspection", transfer_ref="县委巡察办〔2026〕5号"
    )
    assert result.ok, result.errors
    assert result.created == 2
    first, second = Clue.objects.order_by("id")
    assert first.source == second.source == ClueSource.INSPECTION
    assert first.subject_cadre == people.cadres["edu_head"]
    assert first.subject_unit == people.units["dept_edu"]
    assert first.transfer_ref == "县委巡察办〔2026〕5号"  # the batch's number
    assert set(first.categories.values_list("code", flat=True)) == {"integrity", "hd_gifts"}
    assert second.subject_name == "赵某" and second.subject_cadre is None
    assert second.subject_unit == people.units["town_a"]
    assert second.transfer_ref == "东镇巡察〔2026〕2号"  # the row's own number wins
    assert set(second.categories.values_list("code", flat=True)) == {"fm_burden", "hd_dining"}
    for clue in (first, second):
        assert clue.received_on == received
        kinds = dict(clue.deadlines.values_list("kind", "due_on"))
        assert kinds[ClueDeadlineKind.DISPOSITION] == rules.disposition_due(received)
        assert kinds[ClueDeadlineKind.INSPECTION_FEEDBACK] == rules.inspection_feedback_due(
            received
        )
    [summary] = Event.objects.filter(action="clues.import.transfer")
    upload.seek(0)
    assert summary.payload["created"] == 2
    assert summary.payload["file"] == "巡察移交线索.xlsx"
    assert summary.payload["sha256"] == hashlib.sha256(upload.read()).hexdigest()
    assert summary.actor == actor
    assert Event.objects.filter(action="clues.clue.create").count() == 2


def test_audit_source_has_no_inspection_deadline(people, good_rows):
    result = imports.import_transfer_batch(
        actor=people.users["case_management"], file=xlsx(good_rows), source="audit"
    )
    assert result.ok
    assert not Clue.objects.filter(deadlines__kind=ClueDeadlineKind.INSPECTION_FEEDBACK).exists()
    assert set(Clue.objects.values_list("source", flat=True)) == {"audit"}


def test_bad_rows_are_all_reported_and_nothing_is_saved(people, good_rows, received):
    bad_id = make_citizen_id(1)[:-1] + ("0" if make_citizen_id(1)[-1] != "0" else "1")
    day = received.isoformat()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    rows = [
        *good_rows,  # rows 2 and 3 are good
        [3, "张伟", bad_id, "", "", "", "收受礼金。", day, ""],  # row 4: ID checksum
        [4, "王强", "", "", "", "违反廉洁纪律、吃拿卡要", "违规发放福利。", day, ""],  # row 5
        [5, "陈静", "", "西镇", "", "", "", day, ""],  # row 6: summary missing
        [6, "刘洋", "", "", "", "", "优亲厚友。", "2026年13月45日", ""],  # row 7: bad date
        [7, "李娜", "", "", "", "", "违规补课。", "下周一", ""],  # row 8: not a date
        [8, "李四", "", "不存在的局", "", "", "收受礼金。", day, ""],  # row 9: unknown unit
        [9, "", "", "", "", "", "无名氏。", tomorrow, ""],  # row 10: two problems
    ]
    clues, events = Clue.objects.count(), Event.objects.count()
    result = imports.import_transfer_batch(
        actor=people.users["case_management"], file=xlsx(rows), source="inspection"
    )
    assert not result.ok and result.created == 0
    assert errors_at(result) == [
        (4, "C（身份证号）"),
        (5, "F（问题类别）"),
        (6, "G（主要问题）"),
        (7, "H（收到日期）"),
        (8, "H（收到日期）"),
        (9, "D（工作单位）"),
        (10, "B（被反映人姓名）"),
        (10, "H（收到日期）"),
    ]
    messages = [e.message for e in result.errors]
    assert "校验位" in messages[0]
    assert "吃拿卡要" in messages[1] and "不存在" in messages[1]
    assert messages[2] == "主要问题不能为空"
    assert "不存在" in messages[3] and "无法识别" in messages[4]
    assert "不在系统的单位名录中" in messages[5]
    assert messages[6] == "被反映人姓名不能为空" and "晚于今天" in messages[7]
    assert Clue.objects.count() == clues and Event.objects.count() == events


def test_id_of_someone_not_in_the_register_or_another_name_is_refused(people, received):
    rows = [
        HEADER,
        [1, "李四", make_citizen_id(300), "", "", "", "收受礼金。", received, ""],
        [2, "王五", make_citizen_id(1), "", "", "", "违规吃喝。", received, ""],  # 张伟's ID
        [3, "王五", "", "", "", "", "收受礼金。", received, ""],
        [4, "王五", "", "", "", "", "收受 礼金。", received, ""],  # the same as row 4
    ]
    result = imports.import_transfer_batch(
        actor=people.users["case_management"], file=xlsx(rows), source="higher"
    )
    assert errors_at(result) == [
        (2, "C（身份证号）"),
        (3, "B（被反映人姓名）"),
        (5, "G（主要问题）"),
    ]
    assert "不在干部名册中" in result.errors[0].message
    assert "张伟" in result.errors[1].message
    assert "与第4行重复" in result.errors[2].message
    assert not Clue.objects.exists()


def test_missing_columns_and_empty_files(people):
    actor = people.users["case_management"]
    result = imports.import_transfer_batch(
        actor=actor, file=xlsx([["序号", "被反映人姓名", "收到日期"]]), source="audit"
    )
    assert errors_at(result) == [(1, "表头")] and "主要问题" in result.errors[0].message
    result = imports.import_transfer_batch(actor=actor, file=xlsx([HEADER]), source="audit")
    assert "没有数据" in result.errors[0].message
    not_xlsx = SimpleUploadedFile("a.xlsx", b"not a workbook", content_type=XLSX)
    result = imports.import_transfer_batch(actor=actor, file=not_xlsx, source="audit")
    assert "不是有效的Excel" in result.errors[0].message
    assert not Clue.objects.exists()


def test_an_xlsx_bomb_is_refused_before_it_is_parsed(people):
    """Upload bombs: refused from the zip directory."""
    from jiandu.core.testing import xlsx_bomb

    upload = SimpleUploadedFile("bomb.xlsx", xlsx_bomb([HEADER]), content_type=XLSX)
    result = imports.import_transfer_batch(
        actor=people.users["case_management"], file=upload, source="audit"
    )
    assert len(result.errors) == 1
    assert "解压后过大" in result.errors[0].message or "压缩比异常" in result.errors[0].message
    assert not Clue.objects.exists()


def test_capability_and_source_are_checked(people, good_rows):
    with pytest.raises(PermissionDenied):
        imports.import_transfer_batch(
            actor=people.users["resident_team"], file=xlsx(good_rows), source="audit"
        )
    with pytest.raises(DomainError):
        imports.import_transfer_batch(
            actor=people.users["case_management"], file=xlsx(good_rows), source="report"
        )
    assert not Clue.objects.exists()


def test_the_template_imports_again(people, received):
    book = load_workbook(io.BytesIO(imports.TransferImport.template_xlsx()))
    sheet, guide = book.worksheets
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["序号", "被反映人姓名*", "身份证号"]
    assert any(row[0] == "违规收送名贵特产和礼品礼金" for row in guide.iter_rows(values_only=True))
    sheet.append([1, "王强", "", "", "", "违规发放津补贴或福利", "违规发放福利。", received, ""])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("t.xlsx", buffer.getvalue(), content_type=XLSX)
    result = imports.import_transfer_batch(
        actor=people.users["case_management"], file=upload, source="other_body"
    )
    assert result.ok and result.created == 1
    assert Clue.objects.get().subject_cadre is None


# --- the page ----------------------------------------------------------------------------


def test_page_reports_errors_and_imports_a_good_file(people, client_for, good_rows):
    client = client_for(people.users["case_management"])
    url = reverse("clues:transfer_import")
    page = client.get(url)
    assert page.status_code == 200
    assert "移交线索导入" in page.content.decode()
    assert reverse("clues:transfer_template") in page.content.decode()

    bad = [*good_rows, [3, "", "", "", "", "", "", "", ""]]
    bad[-1][0] = 3
    bad[-1][1] = "某人"
    response = client.post(url, {"source": "inspection", "file": xlsx(bad)})
    body = response.content.decode()
    assert response.status_code == 200
    assert "文件有2处错误，未导入任何数据" in body
    assert "G（主要问题）" in body and "H（收到日期）" in body
    assert not Clue.objects.exists()

    response = client.post(
        url,
        {"source": "inspection", "transfer_ref": "县委巡察办〔2026〕5号", "file": xlsx(good_rows)},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("clues:clue_list"))
    assert Clue.objects.count() == 2


def test_page_and_template_need_the_register_capability(people, client_for):
    assert (
        client_for(people.users["resident_team"]).get(reverse("clues:transfer_import")).status_code
        == 403
    )
    assert (
        client_for(people.users["leader"]).get(reverse("clues:transfer_template")).status_code
        == 403
    )
    response = client_for(people.users["petition"]).get(reverse("clues:transfer_template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
