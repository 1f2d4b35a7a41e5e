"""The import runner (core.imports): header mapping with aliases, errors by row and
column, all-or-nothing writing, one summary event with the file's SHA-256, the template
with its 填写说明 sheet, XLSX and CSV; and the shared cell parsers."""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from jiandu.audit.models import Event
from jiandu.core.errors import DomainError
from jiandu.core.imports import BadValue, Column, Importer, ParsedRow, RowErrors, cells, map_header
from jiandu.core.labels import register_actions
from jiandu.core.models import CalendarDay, DayKind
from jiandu.core.testing import make_citizen_id

pytestmark = pytest.mark.django_db


def day_create(*, day: date, kind: str, name: str) -> CalendarDay:
    """A stand-in service: refuses the name 拒绝 as a domain rule would."""
    if name == "拒绝":
        raise DomainError("这一天不能登记", fields={"name": ["这一天不能登记"]})
    return CalendarDay.objects.create(date=day, kind=kind, name=name)


class DayImport(Importer):
    kind, label = "days", "节假日"
    columns = (
        Column("seq", "序号"),
        Column("day", "日期", required=True, aliases=("日子", "放假日期"), parse="date"),
        Column(
            "kind",
            "类型",
            required=True,
            parse="choice",
            choices=DayKind,
            choice_aliases={"放假": DayKind.HOLIDAY},
        ),
        Column("name", "节日", aliases=("名称",), max_length=4),
    )
    capability, action = "core.calendar", "core.import.days"
    register_actions({action: "导入日期（测试）"})  # every recorded action has a name
    row_noun = "日期"
    ignore = frozenset({"seq"})
    guide_notes = ("每个日期只能登记一次。",)

    def validate(self, rows: list[ParsedRow], errors: RowErrors) -> list[ParsedRow]:
        seen: dict[date, int] = {}
        for row in rows:
            if row.ok("day"):
                if row.data["day"] in seen:
                    errors.add(row.number, "day", f"与第{seen[row.data['day']]}行重复")
                seen.setdefault(row.data["day"], row.number)
        return rows

    def create(self, plan: list[ParsedRow]) -> int:
        for row in plan:
            d = row.data
            self.call(row, day_create, day=d["day"], kind=d["kind"], name=d["name"] or "")
        return len(plan)


def xlsx(rows: list[list], name: str = "假日.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def run(upload) -> tuple:
    return DayImport(None).run(upload)


# --- header mapping ----------------------------------------------------------------------


def test_headers_map_by_alias_in_any_order_whatever_the_spacing_and_marks():
    header = map_header(DayImport.columns, 2, ["名 称", "放假日期（yyyy-mm-dd）", "类型*", "备注"])
    assert header.positions == {"name": 0, "day": 1, "kind": 2}
    assert header.unknown == ["备注"] and header.number == 2
    twice = map_header(DayImport.columns, 1, ["日期", "日子", "类型"])
    assert twice.duplicates == [(1, 0, "day")]


def test_a_title_line_above_the_header_and_aliases_import():
    upload = xlsx([["2090年节假日安排"], ["名称", "类型", "日子"], ["春节", "放假", "2090/1/30"]])
    result = run(upload)
    assert result.ok and result.created == 1
    day = CalendarDay.objects.get(date=date(2090, 1, 30))
    assert (day.kind, day.name) == (DayKind.HOLIDAY, "春节")


def test_missing_and_repeated_columns_are_one_error_on_the_header():
    result = run(xlsx([["日期", "名称"], ["2090-01-30", "春节"]]))
    assert [(e.row, e.column) for e in result.errors] == [(1, "表头")]
    assert "缺少必填列：类型" in result.errors[0].message
    result = run(xlsx([["日期", "类型", "日子"], ["2090-01-30", "放假", "2090-01-31"]]))
    assert [(e.row, e.column) for e in result.errors] == [(1, "C（表头）")]
    assert "“日期”列重复（与A列）" in result.errors[0].message


# --- errors by row and column ------------------------------------------------------------


def test_every_error_is_reported_in_chinese_by_row_and_column_and_nothing_is_written():
    rows = [
        ["序号", "日期", "类型", "节日"],
        [1, "2090-02-30", "放假", "春节"],  # no such date
        [2, "2090-03-01", "上课", "很长的节日名称"],  # unknown kind, name too long
        [3, "", "调休上班", ""],  # date missing
        [4, None, None, None],  # only a 序号: skipped
        [5, "2090-03-01", "workday", ""],  # same date as row 3
    ]
    result = run(xlsx(rows))
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "B（日期）"),
        (3, "C（类型）"),
        (3, "D（节日）"),
        (4, "B（日期）"),
        (6, "B（日期）"),
    ]
    messages = [e.message for e in result.errors]
    assert "不存在" in messages[0]
    assert messages[1].startswith("类型“上课”不在可选范围内，可填：法定节假日（休息）、调休上班")
    assert messages[2] == "节日不能超过4个字，现为7个字"
    assert messages[3] == "日期不能为空"
    assert messages[4] == "与第3行重复"
    assert not result.ok and result.created == 0
    assert not CalendarDay.objects.filter(date__year=2090).exists()


def test_an_empty_file_a_header_alone_and_a_file_that_is_no_table():
    assert "文件是空的" in run(SimpleUploadedFile("a.xlsx", b"")).errors[0].message
    assert "没有数据" in run(xlsx([["日期", "类型"]])).errors[0].message
    result = run(SimpleUploadedFile("a.xlsx", b"not a workbook"))
    assert len(result.errors) == 1 and "不是有效的Excel" in result.errors[0].message


# --- all or nothing, one summary event ---------------------------------------------------


def test_a_refused_row_rolls_back_the_whole_file_and_names_its_row_and_column():
    events = Event.objects.count()
    rows = [
        ["日期", "类型", "节日"],
        ["2090-01-30", "放假", "春节"],
        ["2090-05-01", "放假", "拒绝"],
    ]
    result = run(xlsx(rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, "C（节日）")]
    assert result.errors[0].message == "这一天不能登记（本文件未导入任何数据）"
    assert result.created == 0
    assert not CalendarDay.objects.filter(date__year=2090).exists()  # row 2 rolled back
    assert Event.objects.count() == events


def test_a_database_conflict_rolls_back_too():
    CalendarDay.objects.create(date=date(2090, 5, 1), kind=DayKind.HOLIDAY)
    rows = [["日期", "类型"], ["2090-01-30", "放假"], ["2090-05-01", "放假"]]
    result = run(xlsx(rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, "—")]
    assert "冲突" in result.errors[0].message
    assert CalendarDay.objects.filter(date__year=2090).count() == 1


def test_a_good_file_writes_every_row_and_one_summary_event_with_its_sha256():
    upload = xlsx([["日期", "类型"], ["2090-01-30", "放假"], ["2090-02-05", "调休上班"]])
    content = upload.read()
    result = run(upload)
    assert result.ok and result.created == 2
    [event] = Event.objects.filter(action="core.import.days")
    assert event.object_type == "core.import" and event.object_repr == "假日.xlsx"
    assert event.payload == {
        "kind": "days",
        "file": "假日.xlsx",
        "sha256": hashlib.sha256(content).hexdigest(),
        "created": 2,
    }


def test_limits_on_rows_and_bytes(monkeypatch):
    monkeypatch.setattr(DayImport, "max_rows", 2)
    rows = [["日期", "类型"]] + [[f"2090-01-0{n}", "放假"] for n in range(1, 4)]
    result = run(xlsx(rows))
    assert len(result.errors) == 1 and "超过2行" in result.errors[0].message
    monkeypatch.setattr(DayImport, "max_bytes", 100)
    result = run(xlsx(rows[:2]))
    assert len(result.errors) == 1 and "MB" in result.errors[0].message


# --- CSV ---------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_a_csv_file_imports_like_a_workbook(encoding):
    text = "日期,类型,名称\n2090年1月30日,放假,春节\n20900205,调休上班,\n"
    result = run(SimpleUploadedFile("假日.csv", text.encode(encoding)))
    assert result.ok and result.created == 2
    assert set(CalendarDay.objects.filter(date__year=2090).values_list("kind", flat=True)) == {
        DayKind.HOLIDAY,
        DayKind.WORKDAY,
    }


def test_csv_errors_name_the_line_and_column():
    text = "类型;日期\n放假;2090-01-30\n放假;明天\n"
    result = run(SimpleUploadedFile("d.csv", text.encode()))
    assert [(e.row, e.column) for e in result.errors] == [(3, "B（日期）")]
    assert result.errors[0].message.startswith("日期“明天”无法识别为日期")


# --- the template ------------------------------------------------------------------------


def test_the_template_has_the_header_row_and_a_guide_sheet():
    book = load_workbook(io.BytesIO(DayImport.template_xlsx()))
    sheet, guide = book.worksheets
    assert sheet.title == "节假日" and guide.title == "填写说明"
    assert [c.value for c in sheet[1]] == ["序号", "日期", "类型", "节日"]
    assert sheet["B1"].font.color.rgb.endswith("C00000")  # required: red
    text = "\n".join(str(v) for row in guide.iter_rows(values_only=True) for v in row if v)
    assert "每个日期只能登记一次" in text
    assert "法定节假日（休息）、调休上班" in text  # the values allowed
    for header in ("序号", "日期", "类型", "节日"):
        assert header in text
    # The template filled in imports again.
    sheet.append([1, datetime(2090, 1, 30), "法定节假日（休息）", "春节"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert run(SimpleUploadedFile("t.xlsx", buffer.getvalue())).created == 1


# --- cells -------------------------------------------------------------------------------


def test_dates_in_the_usual_chinese_forms():
    for value in ("2025-03-05", "2025/3/5", "2025.3.5", "2025年3月5日", "20250305",
                  "２０２５－０３－０５", 20250305, 45721, datetime(2025, 3, 5, 8)):  # fmt: skip
        assert cells.to_date(value) == date(2025, 3, 5)
    assert cells.to_date("2025-03-05 14:30") == date(2025, 3, 5)
    with pytest.raises(BadValue, match="不存在"):
        cells.to_date("2025-02-29")
    with pytest.raises(BadValue) as refused:
        cells.to_date("明年", "完成时限")
    assert refused.value.message.startswith("完成时限“明年”无法识别为日期")
    assert cells.year_month_or_date(1975.03) == (1975, 3)
    assert cells.to_month("2025年3月") == date(2025, 3, 1)


def test_ids_amounts_and_flags():
    number = make_citizen_id(1, born=date(1962, 4, 8))
    assert cells.citizen_id(" " + number.lower() + " ") == number
    with pytest.raises(BadValue, match="文本"):
        cells.citizen_id(float(number[:17] + "0"))
    with pytest.raises(BadValue, match="校验"):
        cells.citizen_id(number[:17] + ("0" if number[17] != "0" else "1"))
    assert cells.money("￥1,234.5元") == Decimal("1234.50")
    assert cells.money("1.5万") == Decimal("15000.00")
    assert cells.flag("√") is True and cells.flag("否") is False
    with pytest.raises(BadValue, match="只能填“是”或“否”"):
        cells.flag("也许", "是否一把手")
