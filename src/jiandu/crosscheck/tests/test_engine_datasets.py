"""Dataset import: header mapping (automatic and explicit), normalisation, rejected rows."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook, load_workbook

from jiandu.core.testing import make_citizen_id, make_uscc
from jiandu.crosscheck.engine.datasets import (
    DATASET_TYPES,
    MappingError,
    import_file,
    map_headers,
    normalise_value,
    read_mapping_file,
    rejections_xlsx,
    write_internal,
)

ID1 = make_citizen_id(1, born=date(1962, 4, 8))
ID2 = make_citizen_id(2, born=date(1975, 12, 1))
LEGACY = ID1[:6] + ID1[8:17]  # the 15-digit form of ID1


def _csv(path, header, rows, encoding="utf-8-sig"):
    lines = [",".join(header)] + [",".join(r) for r in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def _table(path):
    return pq.read_table(path).to_pylist()


# --------------------------------------------------------------------------- types


def test_every_issue_type_and_the_internal_ones_exist():
    assert set(DATASET_TYPES) == {
        "payments", "deaths", "public_employees", "payroll", "companies", "company_people",
        "contracts", "bids", "bribers", "vehicles", "fuel_transactions", "officials", "relatives",
    }  # fmt: skip
    assert DATASET_TYPES["officials"].internal and DATASET_TYPES["relatives"].internal
    assert not DATASET_TYPES["payments"].internal
    payments = DATASET_TYPES["payments"]
    assert payments.column("household_id").required is False
    assert payments.column("payee_citizen_id").parse == "citizen_id"
    assert DATASET_TYPES["bribers"].column("citizen_id").required is False


# --------------------------------------------------------------------------- headers


@pytest.mark.parametrize(
    "id_header",
    ["身份证号", "公民身份号码", "证件号码", "身份证号码", "身份证号 *", "证件号码（18位）"],
)
def test_chinese_header_variants_map_automatically(id_header):
    positions, unmapped = map_headers(
        "deaths", ["姓　名", id_header, "死亡日期", "备注"]
    )  # a full-width space inside 姓名
    assert positions == {"name": 0, "citizen_id": 1, "died_on": 2}
    assert unmapped == ["备注"]


def test_payment_headers_with_units_and_order_shuffled(tmp_path):
    src = _csv(
        tmp_path / "p.csv",
        ["发放日期", "补贴项目", "发放金额（元）", "公民身份号码", "姓名", "发放单位"],
        [["2025年3月5日", "城乡低保", "680", ID1, "张三", "石桥镇"]],
    )
    result = import_file("payments", src, tmp_path / "p.parquet")
    assert result.header_mapping == {
        "paid_on": "发放日期",
        "program": "补贴项目",
        "amount": "发放金额（元）",
        "payee_citizen_id": "公民身份号码",
        "payee_name": "姓名",
        "payer_unit": "发放单位",
    }
    [row] = _table(result.parquet_path)
    assert row["_row"] == 2 and row["paid_on"] == date(2025, 3, 5)
    assert row["amount"] == Decimal("680.00") and row["household_id"] is None


def test_missing_required_column_raises_with_the_missing_names(tmp_path):
    src = _csv(tmp_path / "d.csv", ["姓名", "号码", "死亡日期"], [["张三", ID1, "2025-01-01"]])
    with pytest.raises(MappingError) as exc:
        import_file("deaths", src, tmp_path / "d.parquet")
    assert exc.value.missing == ["citizen_id"]
    assert "身份证号" in exc.value.message and "映射" in exc.value.message


def test_explicit_mapping_file_json_and_csv(tmp_path):
    src = _csv(
        tmp_path / "d.csv",
        ["逝者", "号码", "日子", "姓名"],
        [["张三", ID1, "2025-01-01", "不是这个"]],
    )
    as_json = tmp_path / "m.json"
    as_json.write_text(json.dumps({"name": "逝者", "citizen_id": "号码", "died_on": "日子"}))
    as_csv = tmp_path / "m.csv"
    as_csv.write_text("标准列名,源文件表头\nname,逝者\ncitizen_id,号码\ndied_on,日子\n")
    for mapping_file in (as_json, as_csv):
        mapping = read_mapping_file(mapping_file)
        assert mapping == {"name": "逝者", "citizen_id": "号码", "died_on": "日子"}
        result = import_file("deaths", src, tmp_path / "d.parquet", mapping=mapping)
        assert result.header_mapping["name"] == "逝者"  # the mapping wins over 姓名
        [row] = _table(result.parquet_path)
        assert row["name"] == "张三" and row["citizen_id"] == ID1


def test_mapping_naming_a_missing_header_or_an_unknown_column_is_refused(tmp_path):
    src = _csv(tmp_path / "d.csv", ["姓名", "身份证号", "死亡日期"], [["张三", ID1, "2025-01-01"]])
    with pytest.raises(MappingError) as exc:
        import_file("deaths", src, tmp_path / "x.parquet", mapping={"died_on": "火化时间"})
    assert exc.value.missing == ["died_on"] and "火化时间" in exc.value.message
    with pytest.raises(MappingError):
        import_file("deaths", src, tmp_path / "x.parquet", mapping={"age": "年龄"})


# --------------------------------------------------------------------------- normalising


def test_citizen_id_normalisation_full_width_spaces_and_legacy_upgrade():
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in ID1)
    assert normalise_value("citizen_id", full_width) == ID1
    assert normalise_value("citizen_id", f" {ID1[:6]} {ID1[6:14]} {ID1[14:]} ") == ID1
    assert normalise_value("citizen_id", LEGACY) == ID1
    assert normalise_value("citizen_id", ID1.lower()) == ID1


def test_dates_money_phones_and_names():
    for text in (
        "2025-03-05",
        "2025/3/5",
        "2025.3.5",
        "2025年3月5日",
        "20250305",
        "２０２５－０３－０５",
    ):
        assert normalise_value("date", text) == date(2025, 3, 5)
    assert normalise_value("date", datetime(2025, 3, 5, 8, 0)) == date(2025, 3, 5)
    assert normalise_value("date", 45721) == date(2025, 3, 5)  # an Excel serial
    assert normalise_value("datetime", "2025/3/5 14:30") == datetime(2025, 3, 5, 14, 30)
    assert normalise_value("datetime", "2025年3月5日 14时30分") == datetime(2025, 3, 5, 14, 30)
    assert normalise_value("month", "2025年3月") == date(2025, 3, 1)
    assert normalise_value("month", "202503") == date(2025, 3, 1)
    assert normalise_value("money", "￥1,234.5元") == Decimal("1234.50")
    assert normalise_value("money", "１２３４") == Decimal("1234.00")
    assert normalise_value("money", "1.5万") == Decimal("15000.00")
    assert normalise_value("phone", "0571-8888 6666") == "057188886666"
    assert normalise_value("phone", "+86 138 0000 0000") == "13800000000"
    assert normalise_value("clean_text", "张  三") == "张三"
    assert normalise_value("clean_text", " ＡＢＣ 公司 ") == "ABC公司"
    assert normalise_value("clean_text", "Li  Ming") == "Li Ming"


def test_full_width_and_legacy_ids_are_stored_as_the_18_digit_form(tmp_path):
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in ID2)
    src = _csv(
        tmp_path / "e.csv",
        ["姓名", "身份证号", "单位", "职务"],
        [["张 三", LEGACY, "财政局", "科员"], ["李四", full_width, "教育局", ""]],
    )
    result = import_file("public_employees", src, tmp_path / "e.parquet")
    assert result.rows_accepted == 2 and not result.rejections
    rows = _table(result.parquet_path)
    assert [(r["name"], r["citizen_id"], r["post"]) for r in rows] == [
        ("张三", ID1, "科员"),
        ("李四", ID2, None),
    ]


# --------------------------------------------------------------------------- rejections


def test_rejected_rows_name_row_column_value_and_reason(tmp_path):
    bad_id = ID1[:17] + ("0" if ID1[17] != "0" else "1")
    src = _csv(
        tmp_path / "p.csv",
        ["姓名", "身份证号", "项目", "金额", "发放日期", "发放单位"],
        [
            ["张三", ID1, "城乡低保", "680", "2025-03-05", "石桥镇"],  # line 2: fine
            ["李四", bad_id, "城乡低保", "680", "2025-03-05", "石桥镇"],  # line 3
            ["王五", ID2, "城乡低保", "680", "2025-02-30", "石桥镇"],  # line 4
            ["", ID2, "城乡低保", "abc", "2025-03-05", "石桥镇"],  # line 5: two problems
            ["赵六", ID2, "城乡低保", "680", "2025-03-06", "石桥镇"],  # line 6: fine
        ],
    )
    result = import_file("payments", src, tmp_path / "p.parquet")
    assert (result.rows_total, result.rows_accepted, result.rows_rejected) == (5, 2, 3)
    got = [(r.row, r.column, r.value) for r in result.rejections]
    assert got == [
        (3, "身份证号", bad_id),
        (4, "发放日期", "2025-02-30"),
        (5, "姓名", ""),
        (5, "金额", "abc"),
    ]
    reasons = [r.reason for r in result.rejections]
    assert "校验位" in reasons[0] and "不存在" in reasons[1]
    assert "必填" in reasons[2] and "不是金额" in reasons[3]
    assert [r["_row"] for r in _table(result.parquet_path)] == [2, 6]


def test_bad_uscc_is_rejected_and_a_good_one_normalised(tmp_path):
    good = make_uscc(42)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    src = _csv(
        tmp_path / "c.csv",
        ["统一社会信用代码", "企业名称", "住所"],
        [[good.lower(), "甲公司", "人民路1号"], [bad, "乙公司", ""], ["12345", "丙公司", ""]],
    )
    result = import_file("companies", src, tmp_path / "c.parquet")
    assert [r["uscc"] for r in _table(result.parquet_path)] == [good]
    assert [(r.row, r.column) for r in result.rejections] == [
        (3, "统一社会信用代码"),
        (4, "统一社会信用代码"),
    ]
    assert "校验位" in result.rejections[0].reason and "18位" in result.rejections[1].reason


def test_xlsx_with_a_title_line_reports_excel_rows_and_the_report_downloads(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["兰江县死亡人员登记表"])
    sheet.append(["死者姓名", "身份证号码", "死亡日期"])
    sheet.append(["张三", ID1, datetime(2025, 1, 3)])
    sheet.append(["李四", "110", "2025-01-04"])
    path = tmp_path / "deaths.xlsx"
    book.save(path)
    result = import_file("deaths", path, tmp_path / "d.parquet")
    assert result.rows_accepted == 1
    assert [(r.row, r.column) for r in result.rejections] == [(4, "身份证号码")]
    assert _table(result.parquet_path)[0]["_row"] == 3
    report = load_workbook(io.BytesIO(rejections_xlsx(result))).active
    assert [c.value for c in report[1]] == ["行号", "列", "值", "原因"]
    assert [c.value for c in report[2]][:3] == [4, "身份证号码", "110"]


def test_gbk_csv_parquet_source_and_the_source_hash(tmp_path):
    src = _csv(
        tmp_path / "e.csv", ["姓名", "身份证号", "单位"], [["张三", ID1, "财政局"]], "gb18030"
    )
    first = import_file("public_employees", src, tmp_path / "a.parquet")
    again = import_file("public_employees", src, tmp_path / "b.parquet")
    assert first.rows_accepted == 1 and first.source_sha256 == again.source_sha256
    assert len(first.source_sha256) == 64
    table = pa.table({"姓名": ["李四"], "公民身份号码": [ID2], "工作单位": ["教育局"]})
    pq.write_table(table, tmp_path / "src.parquet")
    result = import_file("public_employees", tmp_path / "src.parquet", tmp_path / "c.parquet")
    assert _table(result.parquet_path)[0]["citizen_id"] == ID2
    assert result.source_sha256 != first.source_sha256


def test_write_internal_normalises_and_leaves_out_invalid_rows(tmp_path):
    written = write_internal(
        "officials",
        [
            {"name": "张 三", "citizen_id": LEGACY, "unit": "财政局", "post": "局长"},
            {"name": "李四", "citizen_id": "123", "unit": "财政局"},
            {"name": "王五", "citizen_id": ID2, "unit": ""},
        ],
        tmp_path / "o.parquet",
    )
    assert written == 1
    [row] = _table(tmp_path / "o.parquet")
    assert (row["_row"], row["name"], row["citizen_id"], row["rank"]) == (1, "张三", ID1, None)
