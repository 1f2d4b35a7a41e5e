"""Excel import and export of units, cadres and posts.

A malformed row is reported by row and column and nothing half-imported stays; a wrong
ID number is caught by its checksum; an export imports again into an empty database.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from stdnum.cn.ric import calc_check_digit

from jiandu.accounts.models import User
from jiandu.audit.models import Event
from jiandu.core.errors import DomainError, NotFound, PermissionDenied
from jiandu.core.imports import NOT_XLSX
from jiandu.org import exports, imports, services
from jiandu.org.models import Cadre, Liaison, Post, Unit

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

CADRE_HEADER = ["姓名", "身份证号", "性别", "出生日期", "政治面貌", "职级", "联系电话", "备注"]
POST_HEADER = [
    "身份证号",
    "姓名",
    "单位编码",
    "职务",
    "是否一把手",
    "是否班子成员",
    "任职时间",
    "免职时间",
]


def citizen_id(n: int, born: date = date(1980, 1, 1), male: bool = True) -> str:
    """A valid 18-digit ID: area 330102, birth date, sequence, gender digit, checksum."""
    first17 = f"330102{born:%Y%m%d}{n % 100:02d}{(1 if male else 2) + 2 * (n // 100 % 4)}"
    return first17 + check_digit(first17)


def check_digit(first17: str) -> str:
    # python-stdnum's calc_check_digit takes the whole 18-character number and ignores
    # its last character, so a placeholder is appended.
    return calc_check_digit(first17 + "0")


def xlsx(rows: list[list], name: str = "导入.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def read_xlsx(content: bytes) -> list[tuple]:
    book = load_workbook(io.BytesIO(content))
    return list(book.worksheets[0].iter_rows(values_only=True))


def errors_at(result: imports.ImportResult) -> list[tuple[int, str]]:
    return [(e.row, e.column) for e in result.errors]


@pytest.fixture
def commission(db):
    return Unit.objects.create(name="测试县纪委监委", code="JW", kind="commission")


@pytest.fixture
def admin(commission):
    return User.objects.create_user(
        username="imp-admin", password="pw-for-tests-only", role="admin", unit=commission
    )


@pytest.fixture
def petition_user(commission):
    return User.objects.create_user(
        username="imp-petition", password="pw-for-tests-only", role="petition", unit=commission
    )


@pytest.fixture
def units(commission):
    return {
        "edu": services.unit_create(
            actor=None, name="测试县教育局", code="D01", kind="department", parent=commission
        ),
        "town": services.unit_create(actor=None, name="东镇", code="T01", kind="town"),
    }


def make_cadre(n: int, name: str, **extra) -> Cadre:
    extra.setdefault("rank", "township")
    return services.cadre_create(actor=None, name=name, citizen_id=citizen_id(n), **extra)


# --- templates ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["units", "cadres", "posts"])
def test_template_has_the_header_row_and_a_guide(kind):
    book = load_workbook(io.BytesIO(imports.import_for(kind).template_xlsx()))
    sheet, guide = book.worksheets
    header = [c.value for c in sheet[1]]
    assert header == [c.header for c in imports.COLUMNS[kind]]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert guide.title == "填写说明"
    guide_text = "\n".join(str(v) for row in guide.iter_rows(values_only=True) for v in row if v)
    for col in imports.COLUMNS[kind]:
        assert col.header in guide_text


def test_template_lists_allowed_values_and_unknown_kind_is_not_found():
    book = load_workbook(io.BytesIO(imports.import_for("cadres").template_xlsx()))
    guide_text = str(list(book["填写说明"].iter_rows(values_only=True)))
    assert "县处级" in guide_text and "中共党员" in guide_text
    with pytest.raises(NotFound):
        imports.import_for("companies")
    with pytest.raises(NotFound):
        exports.export_xlsx(user=None, kind="companies", filters={})


# --- good files ---------------------------------------------------------------------------


def test_units_import_creates_units_with_a_parent_defined_later_in_the_file(admin, commission):
    events_before = Event.objects.count()
    upload = xlsx(
        [
            ["单位编码", "单位名称", "简称", "类别", "上级单位编码", "统一社会信用代码", "排序"],
            ["E01", "东镇中心学校", "东镇中学", "学校", "T09", "", 2],
            ["T09", "东镇", "", "乡镇（街道）", "JW", "", 1],
            ["X01", "镇纪委", "", "镇(街道)纪(工)委", "", "", ""],
        ],
        name="单位.xlsx",
    )
    result = imports.import_xlsx(actor=admin, kind="units", file=upload)
    assert result.ok, result.errors
    assert result.created == 3
    school = Unit.objects.get(code="E01")
    assert (school.kind, school.parent.code, school.parent.parent, school.sort_order) == (
        "school",
        "T09",
        commission,
        2,
    )
    assert Unit.objects.get(code="X01").kind == "township_commission"
    new_events = Event.objects.order_by("seq")[events_before:]
    assert [e.action for e in new_events] == ["org.unit.create"] * 3 + ["org.import.units"]
    summary = new_events[3]
    assert summary.payload["file"] == "单位.xlsx"
    assert summary.payload["created"] == 3
    assert len(summary.payload["sha256"]) == 64
    assert summary.actor == admin


def test_cadres_import_tolerates_header_variants_and_upgrades_a_legacy_id(admin):
    legacy = "330102650315251"  # 15 digits, born 1965-03-15, odd → male
    upload = xlsx(
        [
            # columns in another order, spaces, full-width "＊", an alias, a remark
            ["职级＊", " 姓 名 ", "公民身份号码", "出生日期(年月日)", "性别", "政治面貌", "序号"],
            ["县处级", "王  强", citizen_id(1, male=True), "1980/1/1", "男", "中共党员", 1],
            ["乡科级", "李娜", citizen_id(2, male=False), datetime(1980, 1, 1), "女", "", 2],
            ["一般干部", "赵敏", legacy, "1965.03", "", "九三学社社员", 3],
            ["农村和企业等其他人员", "钱多", citizen_id(4), 19800101, "", "群众", 4],
            [None, None, None, None, None, None, 5],  # an unused template line
        ]
    )
    result = imports.import_xlsx(actor=admin, kind="cadres", file=upload)
    assert result.ok, result.errors
    assert result.created == 4
    wang = Cadre.objects.get(citizen_id=citizen_id(1))
    assert (wang.name, wang.rank, wang.political_status, wang.gender) == (
        "王强",
        "county",
        "party_member",
        "M",
    )
    assert Cadre.objects.get(name="李娜").gender == "F"
    zhao = Cadre.objects.get(name="赵敏")
    assert zhao.citizen_id == "33010219650315251" + check_digit("33010219650315251")
    assert len(zhao.citizen_id) == 18
    assert (zhao.birth_date, zhao.gender, zhao.political_status) == (
        date(1965, 3, 15),
        "M",
        "democratic_party",
    )
    assert Event.objects.filter(action="org.cadre.create").count() == 4
    assert Event.objects.filter(action="org.import.cadres").count() == 1


def test_posts_import_accepts_the_usual_date_formats(admin, units):
    for n in range(1, 7):
        make_cadre(n, f"干部{n}")
    upload = xlsx(
        [
            POST_HEADER,
            [citizen_id(1), "干部1", "D01", "局长", "是", "是", "2021-03-05", None],
            [citizen_id(2), None, "D01", "副局长", "否", "是", "2021/3/5", "2023.6.30"],
            [citizen_id(3), None, "D01", "科员", "", "", "2021.3.5", None],
            [citizen_id(4), None, "T01", "镇长", "否", "是", "2021年3月5日", None],
            [citizen_id(5), None, "T01", "副镇长", "否", "是", 20210305, None],
            [citizen_id(6), None, "T01", "党委书记", "是", "", datetime(2021, 3, 5), None],
        ]
    )
    result = imports.import_xlsx(actor=admin, kind="posts", file=upload)
    assert result.ok, result.errors
    assert result.created == 6
    assert set(Post.objects.values_list("start_date", flat=True)) == {date(2021, 3, 5)}
    head = Post.objects.get(title="党委书记")
    assert head.is_head and head.is_leadership  # a head is always a leadership member
    assert Post.objects.get(title="副局长").end_date == date(2023, 6, 30)
    assert Event.objects.filter(action="org.post.create").count() == 6
    assert Event.objects.filter(action="org.import.posts").count() == 1


# --- bad files: every error, by row and column, and nothing saved -------------------------


def test_cadre_file_with_bad_rows_reports_each_and_saves_nothing(admin):
    make_cadre(50, "已有干部")
    good = citizen_id(1)
    bad_checksum = good[:17] + ("0" if good[17] != "0" else "1")
    counts_before = (Cadre.objects.count(), Event.objects.count())
    upload = xlsx(
        [
            CADRE_HEADER,
            ["张三", good, "", "", "", "乡科级", "", ""],  # row 2: fine
            ["李四", bad_checksum, "", "", "", "乡科级", "", ""],  # 3: checksum
            ["王五", citizen_id(3), "", "", "", "正处级", "", ""],  # 4: unknown rank
            ["张三", good, "", "", "", "乡科级", "", ""],  # 5: duplicate of row 2
            ["", citizen_id(5), "", "", "", "一般干部", "", ""],  # 6: name missing
            ["赵六", citizen_id(6), "", "1980-02-30", "", "一般干部", "", ""],  # 7: no such date
            ["孙七", citizen_id(7, male=True), "女", "1981-01-01", "", "一般干部", "", ""],  # 8
            ["周八", citizen_id(50), "", "", "", "一般干部", "", ""],  # 9: already registered
            ["吴九", citizen_id(9), "", "", "预备役", "", "", ""],  # 10: status + rank missing
        ]
    )
    result = imports.import_xlsx(actor=admin, kind="cadres", file=upload)
    assert not result.ok
    assert result.created == 0
    assert errors_at(result) == [
        (3, "B（身份证号）"),
        (4, "F（职级）"),
        (5, "B（身份证号）"),
        (6, "A（姓名）"),
        (7, "D（出生日期）"),
        (8, "C（性别）"),
        (8, "D（出生日期）"),
        (9, "B（身份证号）"),
        (10, "E（政治面貌）"),
        (10, "F（职级）"),
    ]
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "校验位" in messages[(3, "B（身份证号）")]
    assert "县处级" in messages[(4, "F（职级）")]  # says what is allowed
    assert "第2行重复" in messages[(5, "B（身份证号）")]
    assert messages[(6, "A（姓名）")] == "姓名不能为空"
    assert "不存在" in messages[(7, "D（出生日期）")]
    assert "与身份证号不一致" in messages[(8, "C（性别）")]
    assert "已登记" in messages[(9, "B（身份证号）")]
    assert (Cadre.objects.count(), Event.objects.count()) == counts_before


def test_post_file_with_bad_rows_reports_each_and_saves_nothing(admin, units):
    a, b, c = make_cadre(1, "甲"), make_cadre(2, "乙"), make_cadre(3, "丙")
    services.post_create(
        actor=None,
        cadre=c,
        unit=units["town"],
        title="党委书记",
        start_date=date(2020, 1, 1),
        is_head=True,
    )
    counts_before = (Post.objects.count(), Event.objects.count())
    upload = xlsx(
        [
            POST_HEADER,
            [a.citizen_id, "甲", "D01", "局长", "是", "是", "2021-01-01", None],  # 2: fine
            [b.citizen_id, "乙", "D99", "副局长", "否", "是", "2021-01-01", None],  # 3: unit
            [b.citizen_id, "乙", "D01", "副局长", "否", "是", "2021-13-01", None],  # 4: date
            [b.citizen_id, "乙", "D01", "科长", "否", "否", "2021-05-01", "2021-04-30"],  # 5
            [citizen_id(9), None, "D01", "科员", "否", "否", "2021-05-01", None],  # 6: no cadre
            [b.citizen_id, "丁", "D01", "科员", "否", "否", "2021-05-01", None],  # 7: name
            [b.citizen_id, "乙", "D01", "书记", "是", "是", "2021-05-01", None],  # 8: 2nd head
            [b.citizen_id, "乙", "T01", "镇长", "是", "是", "2021-05-01", None],  # 9: head in DB
            [a.citizen_id, "甲", "T01", "", "可能", "否", None, None],  # 10: 3 errors
        ]
    )
    result = imports.import_xlsx(actor=admin, kind="posts", file=upload)
    assert errors_at(result) == [
        (3, "C（单位编码）"),
        (4, "G（任职时间）"),
        (5, "H（免职时间）"),
        (6, "A（身份证号）"),
        (7, "B（姓名）"),
        (8, "E（是否一把手）"),
        (9, "E（是否一把手）"),
        (10, "D（职务）"),
        (10, "E（是否一把手）"),
        (10, "G（任职时间）"),
    ]
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "D99" in messages[(3, "C（单位编码）")]
    assert "第2行" in messages[(8, "E（是否一把手）")]
    assert "丙" in messages[(9, "E（是否一把手）")]
    assert (Post.objects.count(), Event.objects.count()) == counts_before


def test_unit_file_with_bad_rows(admin, commission):
    upload = xlsx(
        [
            ["单位编码", "单位名称", "类别", "上级单位编码", "统一社会信用代码", "排序"],
            ["JW", "重复的委机关", "纪委监委", "", "", ""],  # 2: code exists in the DB
            ["A1", "甲单位", "县直部门", "NOPE", "", ""],  # 3: unknown parent
            ["B1", "乙单位", "县直部门", "B2", "", ""],  # 4: cycle B1 → B2 → B1
            ["B2", "丙单位", "县直部门", "B1", "", ""],  # 5
            ["C1", "丁单位", "机关", "", "91350100M000100Y4X", "-1"],  # 6: kind, uscc, order
            ["A1", "甲单位", "县直部门", "", "", ""],  # 7: duplicate code
        ]
    )
    result = imports.import_xlsx(actor=admin, kind="units", file=upload)
    assert errors_at(result) == [
        (2, "A（单位编码）"),
        (3, "D（上级单位编码）"),
        (4, "D（上级单位编码）"),
        (5, "D（上级单位编码）"),
        (6, "C（类别）"),
        (6, "E（统一社会信用代码）"),
        (6, "F（排序）"),
        (7, "A（单位编码）"),
    ]
    assert "循环" in result.errors[2].message
    assert Unit.objects.count() == 1


def test_missing_required_columns_are_one_error_naming_them(admin):
    upload = xlsx([["姓名", "性别", "身分证"], ["张三", "男", citizen_id(1)]])
    result = imports.import_xlsx(actor=admin, kind="cadres", file=upload)
    assert len(result.errors) == 1
    message = result.errors[0].message
    assert "缺少必填列" in message and "身份证号" in message and "职级" in message
    assert "身分证" in message  # the column that was not recognised
    assert Cadre.objects.count() == 0


def test_rows_are_numbered_as_in_excel_below_a_title_line(admin):
    upload = xlsx(
        [
            ["测试县干部名册（2024年）"],  # a title line above the header
            CADRE_HEADER,
            ["张三", citizen_id(1), "", "", "", "一般干部"],
            [],  # a blank line is skipped but still counted
            ["李四", 330102198001010227, "", "", "", "一般干部"],  # typed as a number
            ["王五", citizen_id(5), "", 44197, "", "一般干部"],  # a date serial: 2021-01-01
        ]
    )
    result = imports.import_xlsx(actor=admin, kind="cadres", file=upload)
    assert errors_at(result) == [(5, "B（身份证号）"), (6, "D（出生日期）")]
    assert "文本" in result.errors[0].message  # Excel lost the last digits
    assert "2021-01-01" in result.errors[1].message
    assert Cadre.objects.count() == 0


def test_not_an_xlsx_file_is_one_chinese_error(admin):
    upload = SimpleUploadedFile("名单.xlsx", "姓名,身份证号\n张三,1\n".encode(), "text/csv")
    result = imports.import_xlsx(actor=admin, kind="cadres", file=upload)
    assert len(result.errors) == 1
    assert NOT_XLSX in result.errors[0].message


def test_too_big_and_too_long_files_are_refused(admin, monkeypatch):
    monkeypatch.setattr(imports.CadreImport, "max_rows", 3)
    rows = [CADRE_HEADER] + [[f"人{n}", citizen_id(n), "", "", "", "一般干部"] for n in range(5)]
    result = imports.import_xlsx(actor=admin, kind="cadres", file=xlsx(rows))
    assert len(result.errors) == 1 and "超过3行" in result.errors[0].message
    monkeypatch.setattr(imports.CadreImport, "max_bytes", 1000)
    result = imports.import_xlsx(actor=admin, kind="cadres", file=xlsx(rows[:2]))
    assert len(result.errors) == 1 and "MB" in result.errors[0].message
    assert Cadre.objects.count() == 0


def test_an_xlsx_bomb_is_refused_before_it_is_parsed(admin):
    """An upload bomb: 300 MB of shared strings in a small file; the shared reader
    (the import runner, used by the register, clue-transfer and ledger imports) refuses it
    from the zip directory with one Chinese error instead of expanding it."""
    from jiandu.core.testing import xlsx_bomb

    bomb = xlsx_bomb([CADRE_HEADER, ["张三", citizen_id(1), "", "", "", "一般干部"]])
    assert len(bomb) < imports.CadreImport.max_bytes
    result = imports.import_xlsx(
        actor=admin, kind="cadres", file=SimpleUploadedFile("b.xlsx", bomb)
    )
    assert len(result.errors) == 1
    assert "解压后过大" in result.errors[0].message or "压缩比异常" in result.errors[0].message
    assert Cadre.objects.count() == 0


def test_role_without_org_import_is_refused(petition_user):
    upload = xlsx([CADRE_HEADER, ["张三", citizen_id(1), "", "", "", "一般干部"]])
    with pytest.raises(PermissionDenied):
        imports.import_xlsx(actor=petition_user, kind="cadres", file=upload)
    assert Cadre.objects.count() == 0


def test_a_service_refusing_a_row_rolls_back_the_whole_file(admin, monkeypatch):
    real = services.cadre_create
    calls = []

    def refuse_the_third(**kwargs):
        calls.append(kwargs["name"])
        if len(calls) == 3:
            raise DomainError("职级不存在", fields={"rank": ["职级不存在"]})
        return real(**kwargs)

    monkeypatch.setattr(services, "cadre_create", refuse_the_third)
    events_before = Event.objects.count()
    rows = [CADRE_HEADER] + [[f"人{n}", citizen_id(n), "", "", "", "一般干部"] for n in range(4)]
    result = imports.import_xlsx(actor=admin, kind="cadres", file=xlsx(rows))
    assert errors_at(result) == [(4, "F（职级）")]
    assert "未导入任何数据" in result.errors[0].message
    assert result.created == 0
    assert Cadre.objects.count() == 0  # the two created before were rolled back
    assert Event.objects.count() == events_before


def test_validation_does_not_query_per_row(admin):
    """3,000 rows with one error: the whole check is a handful of queries."""
    rows = [CADRE_HEADER]
    for n in range(3000):
        born = date(1960, 1, 1) + timedelta(days=n)
        rows.append([f"干部{n}", citizen_id(n, born=born), "", "", "", "一般干部"])
    rows.append(["多余", "123", "", "", "", "一般干部"])
    with CaptureQueriesContext(connection) as queries:
        result = imports.import_xlsx(actor=admin, kind="cadres", file=xlsx(rows))
    assert errors_at(result) == [(3002, "B（身份证号）")]
    assert len(queries) <= 10


# --- export -------------------------------------------------------------------------------


def test_export_has_the_template_columns_dates_and_labels(admin, units):
    cadre = make_cadre(1, "张伟", political_status="party_member", phone="13800000000")
    services.post_create(
        actor=None,
        cadre=cadre,
        unit=units["edu"],
        title="局长",
        start_date=date(2021, 3, 5),
        is_head=True,
    )
    book = load_workbook(io.BytesIO(exports.export_xlsx(user=admin, kind="posts", filters={})))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == [c.header for c in imports.COLUMNS["posts"]]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert sheet["G2"].value == datetime(2021, 3, 5)
    assert sheet["G2"].number_format == "yyyy-mm-dd"
    assert [sheet["E2"].value, sheet["F2"].value] == ["是", "是"]
    rows = read_xlsx(exports.export_xlsx(user=admin, kind="cadres", filters={}))
    assert rows[1] == (
        "张伟",
        cadre.citizen_id,
        "男",
        datetime(1980, 1, 1),
        "中共党员",
        "乡科级",
        "13800000000",
        None,
    )


def test_round_trip_cadres_and_posts_into_a_clean_database(admin, units):
    a = make_cadre(1, "张伟", political_status="party_member", phone="13800000000", notes="备注")
    b = make_cadre(2, "李娜", rank="county", political_status="league")
    services.post_create(
        actor=None,
        cadre=a,
        unit=units["edu"],
        title="局长",
        start_date=date(2019, 1, 1),
        is_head=True,
    )
    services.post_create(
        actor=None,
        cadre=a,
        unit=units["town"],
        title="镇长",
        start_date=date(2015, 6, 1),
        end_date=date(2018, 12, 31),
        is_leadership=True,
    )
    services.post_create(
        actor=None, cadre=b, unit=units["edu"], title="科员", start_date=date(2020, 7, 1)
    )

    def snapshot():
        cadres = sorted(
            Cadre.objects.values_list(
                "name",
                "citizen_id",
                "gender",
                "birth_date",
                "political_status",
                "rank",
                "phone",
                "notes",
            )
        )
        posts = sorted(
            Post.objects.values_list(
                "cadre__citizen_id",
                "unit__code",
                "title",
                "is_head",
                "is_leadership",
                "start_date",
                "end_date",
            )
        )
        return cadres, posts

    before = snapshot()
    cadre_file = exports.export_xlsx(user=admin, kind="cadres", filters={})
    post_file = exports.export_xlsx(user=admin, kind="posts", filters={})
    Post.objects.all().delete()
    Cadre.objects.all().delete()

    result = imports.import_xlsx(
        actor=admin, kind="cadres", file=SimpleUploadedFile("c.xlsx", cadre_file)
    )
    assert result.ok and result.created == 2, result.errors
    result = imports.import_xlsx(
        actor=admin, kind="posts", file=SimpleUploadedFile("p.xlsx", post_file)
    )
    assert result.ok and result.created == 3, result.errors
    assert snapshot() == before


def test_round_trip_units_into_a_clean_database():
    admin = User.objects.create_user(
        username="imp-admin2", password="pw-for-tests-only", role="admin"
    )
    root = services.unit_create(actor=None, name="测试县", code="R", kind="party_committee")
    dept = services.unit_create(
        actor=None,
        name="测试县财政局",
        code="R-01",
        kind="department",
        parent=root,
        short_name="财政局",
        uscc="91350100M000100Y43",
        sort_order=5,
    )
    services.unit_create(actor=None, name="国库科", code="R-01-1", kind="other", parent=dept)
    fields = ("code", "name", "short_name", "kind", "parent__code", "uscc", "sort_order")
    before = sorted(Unit.objects.values_list(*fields))
    content = exports.export_xlsx(user=admin, kind="units", filters={})
    for code in ("R-01-1", "R-01", "R"):
        Unit.objects.filter(code=code).delete()
    result = imports.import_xlsx(
        actor=admin, kind="units", file=SimpleUploadedFile("u.xlsx", content)
    )
    assert result.ok and result.created == 3, result.errors
    assert sorted(Unit.objects.values_list(*fields)) == before


def test_export_contains_only_what_the_user_may_see(commission):
    township = services.unit_create(
        actor=None, name="东镇纪委", code="TC1", kind="township_commission", parent=commission
    )
    east = services.unit_create(actor=None, name="东镇", code="T1", kind="town", parent=commission)
    west = services.unit_create(actor=None, name="西镇", code="T2", kind="town", parent=commission)
    services.liaison_create(actor=None, supervisor=township, supervised=east, kind="supervises")
    assert Liaison.objects.count() == 1
    mine, other = make_cadre(1, "东镇镇长"), make_cadre(2, "西镇镇长")
    for cadre, town in ((mine, east), (other, west)):
        services.post_create(
            actor=None, cadre=cadre, unit=town, title="镇长", start_date=date(2021, 1, 1)
        )
    user = User.objects.create_user(
        username="imp-town", password="pw-for-tests-only", role="township_commission", unit=township
    )
    cadres = read_xlsx(exports.export_xlsx(user=user, kind="cadres", filters={}))
    assert [r[0] for r in cadres[1:]] == ["东镇镇长"]
    posts = read_xlsx(exports.export_xlsx(user=user, kind="posts", filters={}))
    assert [(r[1], r[2]) for r in posts[1:]] == [("东镇镇长", "T1")]
    units = read_xlsx(exports.export_xlsx(user=user, kind="units", filters={}))
    # the commission is the parent of both but is not visible: its code is left out
    assert sorted((r[0], r[4]) for r in units[1:]) == [("T1", None), ("TC1", None)]


# --- through the pages --------------------------------------------------------------------


def test_import_page_shows_the_errors_table_for_a_bad_file(client, admin):
    client.force_login(admin)
    page = client.get(reverse("org:import"))
    assert page.status_code == 200
    assert reverse("org:import_template", args=["cadres"]) in page.content.decode()
    upload = xlsx(
        [
            CADRE_HEADER,
            ["张三", citizen_id(1)[:17] + "Z", "", "", "", "一般干部"],
            ["李四", citizen_id(2), "", "", "", "厅级"],
        ]
    )
    response = client.post(reverse("org:import"), {"kind": "cadres", "file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "文件有2处错误，未导入任何数据" in html
    assert "B（身份证号）" in html and "F（职级）" in html
    assert Cadre.objects.count() == 0


def test_import_page_redirects_after_a_good_file(client, admin):
    client.force_login(admin)
    upload = xlsx([CADRE_HEADER, ["张三", citizen_id(1), "", "", "", "一般干部"]])
    response = client.post(reverse("org:import"), {"kind": "cadres", "file": upload})
    assert response.status_code == 302
    assert response.url == reverse("org:import")
    assert Cadre.objects.filter(name="张三").exists()
    assert "导入成功" in client.get(response.url).content.decode()


def test_template_download_through_the_page(client, admin, petition_user):
    client.force_login(admin)
    response = client.get(reverse("org:import_template", args=["posts"]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert read_xlsx(response.content)[0][0] == "身份证号"
    assert client.get("/org/import/template/nothing.xlsx").status_code == 404
    client.force_login(petition_user)
    assert client.get(reverse("org:import_template", args=["posts"])).status_code == 403
    assert client.get(reverse("org:import")).status_code == 403


def test_export_url_by_role(client, admin, petition_user, units):
    make_cadre(1, "张伟")
    url = reverse("org:export", args=["cadres"])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith("/login/")
    client.force_login(petition_user)
    assert client.get(url).status_code == 403
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    assert [r[0] for r in read_xlsx(response.content)] == ["姓名", "张伟"]
    assert client.get("/org/export/nothing.xlsx").status_code == 404
