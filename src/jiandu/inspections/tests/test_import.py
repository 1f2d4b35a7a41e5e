"""The 整改台账 in Excel: export, import into another organisation's ledger (round trip),
and a file with bad rows that reports every error by row and column and saves nothing."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from jiandu.audit.models import Event
from jiandu.core.errors import DomainError
from jiandu.inspections import exports, imports, services
from jiandu.inspections.models import Finding, ItemProgress, RectificationItem

pytestmark = pytest.mark.django_db


def xlsx(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("ledger.xlsx", buffer.getvalue())


def test_export_then_import_into_another_ledger(insp, ledger):
    actor = insp.users["inspection"]
    edu = ledger["targets"]["edu"]
    services.item_create(
        actor=actor,
        finding=ledger["findings"]["edu"],
        measures="开展食堂专项检查",
        responsible_unit=insp.units["school"],
        responsible_person="李娜",
        deadline=timezone.localdate() + timedelta(days=60),
        immediate=True,
    )
    services.item_report_progress(actor=actor, item=ledger["items"]["edu"], text="已起草制度")
    content = exports.export_xlsx(user=actor, filters={"target": str(edu.pk)})
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0][:10] == (
        "序号",
        "问题类别",
        "问题描述",
        "整改措施",
        "责任单位",
        "责任人",
        "完成时限",
        "立行立改",
        "整改进展",
        "是否销号",
    )
    assert [r[0] for r in rows[1:]] == [1, 2]
    assert rows[1][8] == "已起草制度" and rows[2][7] == "是" and rows[2][9] == "否"

    # A new round for the finance bureau takes the same ledger.
    round3 = services.round_create(
        actor=actor,
        name="县委第三轮巡察",
        year=2020,
        ordinal=3,
        kind="special",
        started_on=date(2020, 3, 1),
    )
    target = services.target_add(
        actor=actor, round=round3, unit=insp.units["dept_fin"], entered_on=date(2020, 3, 1)
    )
    result = imports.import_ledger(
        actor=actor, target=target, file=SimpleUploadedFile("x.xlsx", content)
    )
    assert result.ok and result.created == 2, result.errors
    findings = list(Finding.objects.filter(target=target))
    assert len(findings) == 1 and findings[0].category == "integrity"  # one finding, two items
    items = list(RectificationItem.objects.filter(finding__target=target).order_by("seq"))
    assert [(i.seq, i.measures, i.responsible_unit.name, i.immediate) for i in items] == [
        (1, "edu：修订公务接待管理办法", "测试县教育局", False),
        (2, "开展食堂专项检查", "测试县第一中学", True),
    ]
    assert items[0].status == "in_progress" and items[0].progress == "已起草制度"
    assert Event.objects.filter(action="inspections.import.ledger").count() == 1


def test_bad_rows_are_all_reported_and_nothing_is_saved(insp, ledger):
    actor = insp.users["inspection"]
    target = ledger["targets"]["edu"]
    before_items, before_findings = RectificationItem.objects.count(), Finding.objects.count()
    before_events = Event.objects.count()
    future = timezone.localdate() + timedelta(days=30)
    file = xlsx(
        [
            ["青山县教育局巡察整改台账"],  # a title line above the header
            [
                "序号",
                "问题描述",
                "整改措施",
                "责任单位",
                "责任人",
                "完成时限",
                "整改进展",
                "是否销号",
                "问题类别",
            ],
            [
                1,
                "公车私用问题",
                "建立用车登记制度",
                "测试县教育局",
                "张伟",
                future,
                "",
                "否",
                "作风建设",
            ],
            [2, "公车私用问题", "", "测试县教育局", "张伟", future, "", "否", ""],
            [3, "会议费超标", "清退超标费用", "不存在的局", "王五", "明年", "", "", ""],
            [4, "会议费超标", "追责", "测试县教育局", "王五", future, "", "是", "八项规定"],
            [5, "公车私用问题", "建立用车登记制度", "测试县教育局", "张伟", future, "", "", ""],
            [6, "节日送礼", "退回礼品", "测试县教育局", "张伟", "2000-01-01", "", "", ""],
        ]
    )
    result = imports.import_ledger(actor=actor, target=target, file=file)
    assert not result.ok and result.created == 0
    found = {(e.row, e.column.split("（")[-1].rstrip("）")): e.message for e in result.errors}
    assert "整改措施不能为空" in found[(4, "整改措施")]
    assert "“不存在的局”不在系统的单位名录中" in found[(5, "责任单位")]
    assert "“明年”无法识别" in found[(5, "完成时限")]
    assert "不能是已销号" in found[(6, "是否销号")]
    assert "“八项规定”不在可选范围内" in found[(6, "问题类别")]
    assert "与第3行重复" in found[(7, "整改措施")]
    assert "早于反馈日期" in found[(8, "完成时限")]
    assert len(result.errors) == 7
    assert all(e.column.startswith(("B", "C", "D", "E", "F", "H", "I")) for e in result.errors)
    assert RectificationItem.objects.count() == before_items
    assert Finding.objects.count() == before_findings
    assert Event.objects.count() == before_events


def test_a_missing_column_and_a_non_excel_file(insp, ledger):
    target = ledger["targets"]["edu"]
    actor = insp.users["inspection"]
    result = imports.import_ledger(
        actor=actor, target=target, file=xlsx([["序号", "问题描述", "整改措施"], [1, "a", "b"]])
    )
    assert "缺少必填列：责任单位、责任人、完成时限" in result.errors[0].message
    result = imports.import_ledger(
        actor=actor, target=target, file=SimpleUploadedFile("a.xlsx", b"not a workbook")
    )
    assert "不是有效的Excel" in result.errors[0].message


def test_an_xlsx_bomb_is_refused_before_it_is_parsed(insp, ledger):
    """Upload bombs: refused from the zip directory."""
    from jiandu.core.testing import xlsx_bomb

    bomb = SimpleUploadedFile("bomb.xlsx", xlsx_bomb([["序号", "问题描述", "整改措施"]]))
    result = imports.import_ledger(
        actor=insp.users["inspection"], target=ledger["targets"]["edu"], file=bomb
    )
    assert len(result.errors) == 1
    assert "解压后过大" in result.errors[0].message or "压缩比异常" in result.errors[0].message


def test_a_service_refusal_rolls_the_whole_file_back(insp, ledger, monkeypatch):
    """A row that passes the file checks but that a service still refuses (here: the
    second item, refused as a rule would refuse it) leaves nothing of the file behind,
    and the error names that row."""
    actor = insp.users["inspection"]
    target = ledger["targets"]["edu"]
    before = (
        ItemProgress.objects.count(),
        RectificationItem.objects.count(),
        Finding.objects.count(),
    )
    events = Event.objects.count()
    future = timezone.localdate() + timedelta(days=30)
    file = xlsx(
        [
            ["问题描述", "整改措施", "责任单位", "责任人", "完成时限", "整改进展"],
            ["问题甲", "措施甲", "测试县教育局", "张伟", future, "已开展"],
            ["问题乙", "措施乙", "测试县教育局", "张伟", future, " \u3000 "],
        ]
    )
    real = services.item_create

    def refuse_second(**kwargs):
        if kwargs["measures"] == "措施乙":
            raise DomainError("完成时限不能早于反馈日期", fields={"deadline": ["早于反馈日期"]})
        return real(**kwargs)

    monkeypatch.setattr(services, "item_create", refuse_second)
    result = imports.import_ledger(actor=actor, target=target, file=file)
    assert [(e.row, e.column) for e in result.errors] == [(3, "E（完成时限）")]
    assert "本文件未导入任何数据" in result.errors[0].message and result.created == 0
    assert (
        ItemProgress.objects.count(),
        RectificationItem.objects.count(),
        Finding.objects.count(),
    ) == before
    assert Event.objects.count() == events
    monkeypatch.setattr(services, "item_create", real)
    result = imports.import_ledger(actor=actor, target=target, file=file)
    assert result.ok and result.created == 2
    assert ItemProgress.objects.count() == before[0] + 1  # blank progress is not recorded


def test_import_page_shows_the_errors(client_for, insp, ledger):
    client = client_for(insp.users["inspection"])
    url = reverse("inspections:target_import", args=(ledger["targets"]["edu"].pk,))
    response = client.post(
        url,
        {
            "file": xlsx(
                [
                    ["问题描述", "整改措施", "责任单位", "责任人", "完成时限"],
                    ["a", "b", "无此单位", "c", "2030-01-01"],
                ]
            )
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "未导入任何数据" in html and "无此单位" in html
    assert client_for(insp.users["edu_unit"]).get(url).status_code == 403
    template = client.get(reverse("inspections:ledger_template"))
    header = next(load_workbook(io.BytesIO(template.content)).active.iter_rows(values_only=True))
    assert header[2] == "问题描述*"
