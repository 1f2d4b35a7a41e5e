"""Dataset types (数据集类型) and the import of a source file into normalised Parquet.

An import (DOMAIN.md §10: "keys are validated before matching"):

1. reads CSV (UTF-8, UTF-8 with BOM, GBK/GB18030), XLSX (the first sheet; the header may
   sit below a title line or two) or Parquet;
2. maps the source headers to the type's canonical columns: an explicit mapping
   (canonical → source header) first, then the usual Chinese headers (姓名, 身份证号,
   公民身份号码, 证件号码, 统一社会信用代码, 发放金额, 发放日期, 死亡日期, …), compared
   without spaces, full-width forms, a trailing "*" or a remark in brackets;
3. normalises every value (full-width → half-width, spaces, dates in the usual Chinese
   formats, 15-digit citizen IDs upgraded to 18 digits, money to two decimals) and
   validates it (citizen ID and USCC checksums via :mod:`jiandu.core.validators`; the
   area code is never used to reject an ID);
4. writes the accepted rows to Parquet with a ``_row`` column (the row number the user
   sees: the Excel row, or the CSV line, the header being row 1) and reports every
   rejected row with its row, column, value and reason.

Exact duplicate rows are kept: in a payment file they are the data (R09 finds them);
the rules themselves never count a duplicated register entry twice.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from jiandu.core.storage import file_sha256
from jiandu.core.validators import InvalidCode, normalise_citizen_id, normalise_uscc

# --------------------------------------------------------------------------- types

KINDS = ("text", "citizen_id", "uscc", "date", "datetime", "month", "money", "number", "phone")


@dataclass(frozen=True)
class Column:
    """A canonical column. ``kind`` is one of :data:`KINDS` (``month`` is a calendar month,
    stored as its first day); ``aliases`` are the usual Chinese source headers."""

    name: str
    label: str
    kind: str
    required: bool = True
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class DatasetType:
    code: str
    label: str
    columns: tuple[Column, ...]
    internal: bool = False

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(col.name for col in self.columns)


_ID = (
    "身份证号",
    "身份证号码",
    "公民身份号码",
    "公民身份证号",
    "公民身份证号码",
    "证件号码",
    "身份证",
)
_NAME = ("姓名", "名字")
_UNIT = ("单位", "所在单位", "工作单位", "单位名称", "任职单位")
_USCC = ("统一社会信用代码", "社会信用代码", "信用代码", "企业统一社会信用代码")


def _c(name: str, label: str, kind: str = "text", required: bool = True, *aliases: str) -> Column:
    return Column(name, label, kind, required, tuple(dict.fromkeys((label, *aliases))))


DATASET_TYPES: dict[str, DatasetType] = {
    t.code: t
    for t in (
        DatasetType(
            "payments",
            "补贴/救助发放",
            (
                _c(
                    "payee_name",
                    "领取人姓名",
                    "text",
                    True,
                    *_NAME,
                    "领取人",
                    "收款人",
                    "收款人姓名",
                    "户主姓名",
                    "救助对象",
                    "补贴对象",
                ),
                _c(
                    "payee_citizen_id",
                    "领取人身份证号",
                    "citizen_id",
                    True,
                    *_ID,
                    "领取人身份证号码",
                    "收款人身份证号",
                    "户主身份证号",
                ),
                _c(
                    "program",
                    "项目",
                    "text",
                    True,
                    "补贴项目",
                    "救助项目",
                    "发放项目",
                    "项目名称",
                    "资金项目",
                    "补贴类别",
                    "救助类别",
                ),
                _c(
                    "amount",
                    "发放金额",
                    "money",
                    True,
                    "金额",
                    "发放金额(元)",
                    "补贴金额",
                    "救助金额",
                    "实发金额",
                ),
                _c("paid_on", "发放日期", "date", True, "发放时间", "支付日期", "日期", "拨付日期"),
                _c(
                    "payer_unit",
                    "发放单位",
                    "text",
                    True,
                    "发放机构",
                    "经办单位",
                    "支付单位",
                    "拨付单位",
                ),
                _c("household_id", "户编号", "text", False, "家庭编号", "户号", "户籍编号"),
            ),
        ),
        DatasetType(
            "deaths",
            "死亡/火化登记",
            (
                _c("name", "姓名", "text", True, *_NAME, "死者姓名", "逝者姓名"),
                _c("citizen_id", "身份证号", "citizen_id", True, *_ID, "死者身份证号"),
                _c("died_on", "死亡日期", "date", True, "死亡时间", "火化日期", "注销日期"),
            ),
        ),
        DatasetType(
            "public_employees",
            "财政供养人员",
            (
                _c("name", "姓名", "text", True, *_NAME),
                _c("citizen_id", "身份证号", "citizen_id", True, *_ID),
                _c("unit", "单位", "text", True, *_UNIT),
                _c("post", "职务", "text", False, "岗位", "职务(岗位)", "职位", "现任职务"),
            ),
        ),
        DatasetType(
            "payroll",
            "工资发放",
            (
                _c("name", "姓名", "text", True, *_NAME),
                _c("citizen_id", "身份证号", "citizen_id", True, *_ID),
                _c("unit", "单位", "text", True, *_UNIT, "发放单位"),
                _c(
                    "amount",
                    "实发工资",
                    "money",
                    True,
                    "金额",
                    "应发工资",
                    "工资",
                    "实发金额",
                    "发放金额",
                ),
                _c("month", "工资月份", "month", True, "月份", "发放月份", "所属月份", "年月"),
            ),
        ),
        DatasetType(
            "companies",
            "企业登记",
            (
                _c("uscc", "统一社会信用代码", "uscc", True, *_USCC),
                _c(
                    "name", "企业名称", "text", True, "名称", "单位名称", "公司名称", "市场主体名称"
                ),
                _c("address", "住所", "text", False, "地址", "注册地址", "经营场所", "企业地址"),
                _c("phone", "联系电话", "phone", False, "电话", "联系方式", "手机号", "手机号码"),
                _c("registered_on", "成立日期", "date", False, "注册日期", "登记日期", "设立日期"),
            ),
        ),
        DatasetType(
            "company_people",
            "股东及主要人员",
            (
                _c("uscc", "统一社会信用代码", "uscc", True, *_USCC),
                _c("person_name", "姓名", "text", True, *_NAME, "人员姓名", "股东名称", "股东姓名"),
                _c(
                    "person_citizen_id",
                    "身份证号",
                    "citizen_id",
                    True,
                    *_ID,
                    "人员身份证号",
                    "股东证件号码",
                ),
                _c("role", "职务", "text", True, "身份", "人员类型", "角色", "担任职务"),
                _c("share_ratio", "持股比例", "number", False, "出资比例", "持股比例(%)", "股比"),
            ),
        ),
        DatasetType(
            "contracts",
            "合同/采购",
            (
                _c("contract_id", "合同编号", "text", True, "合同号", "项目编号", "采购编号"),
                _c(
                    "buyer_unit", "采购单位", "text", True, "采购人", "甲方", "发包单位", "建设单位"
                ),
                _c(
                    "supplier_uscc",
                    "供应商统一社会信用代码",
                    "uscc",
                    True,
                    "供应商信用代码",
                    "乙方统一社会信用代码",
                    *_USCC,
                ),
                _c(
                    "supplier_name",
                    "供应商名称",
                    "text",
                    True,
                    "供应商",
                    "乙方",
                    "中标单位",
                    "承包单位",
                ),
                _c("subject", "合同标的", "text", True, "项目名称", "采购内容", "标的", "合同名称"),
                _c(
                    "amount",
                    "合同金额",
                    "money",
                    True,
                    "金额",
                    "中标金额",
                    "成交金额",
                    "合同金额(元)",
                ),
                _c("signed_on", "签订日期", "date", True, "签订时间", "合同日期", "成交日期"),
                _c("procurement_method", "采购方式", "text", True, "招标方式", "采购形式"),
                _c(
                    "procurement_type",
                    "采购类别",
                    "text",
                    False,
                    "项目类别",
                    "采购品目类别",
                    "类别",
                ),
            ),
        ),
        DatasetType(
            "bids",
            "投标",
            (
                _c("tender_id", "招标项目编号", "text", True, "项目编号", "招标编号", "标段编号"),
                _c("bidder_uscc", "投标人统一社会信用代码", "uscc", True, "投标人信用代码", *_USCC),
                _c("bidder_name", "投标人名称", "text", True, "投标人", "投标单位", "单位名称"),
                _c("bid_amount", "投标报价", "money", True, "报价", "投标金额", "投标报价(元)"),
                _c("address", "投标人地址", "text", False, "地址", "联系地址", "住所"),
                _c("phone", "联系电话", "phone", False, "电话", "联系方式", "手机号"),
            ),
        ),
        DatasetType(
            "bribers",
            "行贿人信息库",
            (
                _c("name", "行贿人名称", "text", True, *_NAME, "名称", "行贿人", "行贿人姓名"),
                _c("citizen_id", "身份证号", "citizen_id", False, *_ID),
                _c("uscc", "统一社会信用代码", "uscc", False, *_USCC),
                _c("case_ref", "案件编号", "text", True, "案号", "判决书编号", "案件名称"),
                _c("recorded_on", "录入日期", "date", True, "入库日期", "记录日期", "判决日期"),
            ),
        ),
        DatasetType(
            "vehicles",
            "公务用车",
            (
                _c("plate", "车牌号", "text", True, "车牌号码", "号牌号码", "车牌"),
                _c("unit", "使用单位", "text", True, *_UNIT, "所属单位"),
                _c(
                    "tank_liters",
                    "油箱容积",
                    "number",
                    True,
                    "油箱容积(升)",
                    "油箱容量",
                    "油箱(升)",
                ),
            ),
        ),
        DatasetType(
            "fuel_transactions",
            "加油卡",
            (
                _c("card_no", "卡号", "text", True, "油卡号", "加油卡号"),
                _c("plate", "车牌号", "text", True, "车牌号码", "车牌"),
                _c("station", "加油站", "text", True, "油站", "加油站名称", "网点"),
                _c("area", "加油地区", "text", True, "地区", "所在地区", "油站所在地"),
                _c("liters", "加油量", "number", True, "加油量(升)", "升数", "数量"),
                _c("amount", "金额", "money", True, "加油金额", "消费金额", "交易金额"),
                _c("at", "交易时间", "datetime", True, "加油时间", "时间", "交易日期"),
            ),
        ),
        DatasetType(
            "officials",
            "干部（内部）",
            (
                _c("name", "姓名", "text", True, *_NAME),
                _c("citizen_id", "身份证号", "citizen_id", True, *_ID),
                _c("unit", "单位", "text", True, *_UNIT),
                _c("post", "职务", "text", False, "岗位"),
                _c("rank", "职级", "text", False, "级别"),
            ),
            internal=True,
        ),
        DatasetType(
            "relatives",
            "干部亲属（内部）",
            (
                _c("official_citizen_id", "干部身份证号", "citizen_id", True),
                _c("official_name", "干部姓名", "text", True),
                _c("name", "亲属姓名", "text", True, *_NAME),
                _c("citizen_id", "亲属身份证号", "citizen_id", True, *_ID),
                _c("relation", "关系", "text", True, "称谓", "与本人关系"),
            ),
            internal=True,
        ),
    )
}

ARROW_TYPES: dict[str, pa.DataType] = {
    "text": pa.string(),
    "citizen_id": pa.string(),
    "uscc": pa.string(),
    "phone": pa.string(),
    "date": pa.date32(),
    "month": pa.date32(),
    "datetime": pa.timestamp("us"),
    "money": pa.decimal128(18, 2),
    "number": pa.float64(),
}


def arrow_schema(dataset_type: str) -> pa.Schema:
    """The Parquet schema of a dataset type: ``_row`` then the canonical columns."""
    dtype = DATASET_TYPES[dataset_type]
    return pa.schema(
        [pa.field("_row", pa.int64(), nullable=False)]
        + [pa.field(c.name, ARROW_TYPES[c.kind]) for c in dtype.columns]
    )


# --------------------------------------------------------------------------- results


class MappingError(Exception):
    """Required canonical columns could not be found in the source headers."""

    def __init__(self, message: str, missing: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.missing = list(missing or [])


@dataclass
class Rejection:
    """One refused value: ``row`` is the row number as the user sees it (the Excel row or
    CSV line, the header being row 1; for Parquet the 1-based record number + 1),
    ``column`` the source header (or the canonical label when it has none)."""

    row: int
    column: str
    value: str
    reason: str


@dataclass
class ImportResult:
    dataset_type: str
    source_sha256: str
    rows_total: int
    rows_accepted: int
    rejections: list[Rejection]
    header_mapping: dict[str, str]
    parquet_path: Path
    rows_rejected: int = 0
    unmapped_headers: list[str] = field(default_factory=list)
    report_path: Path | None = None


# --------------------------------------------------------------------------- normalising


class Bad(ValueError):
    """A value that cannot be accepted; the message is Chinese."""


_WS = re.compile(r"\s+")
_CJK = r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
_SPACE_NEAR_CJK = re.compile(rf"(?<={_CJK}) | (?={_CJK})")


def _nfkc(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value))


def normalise_text(value: Any) -> str:
    """Full-width → half-width, runs of spaces → one, no space next to a Chinese character
    ("张  三" is "张三")."""
    text = _WS.sub(" ", _nfkc(value)).strip()
    return _SPACE_NEAR_CJK.sub("", text)


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    return isinstance(value, str) and not value.strip()


def _citizen_id(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = str(int(value))
        if len(digits) > 15:
            raise Bad("身份证号被存成了数字，后几位可能已丢失；请把该列设为文本格式")
        value = digits
    try:
        return normalise_citizen_id(str(value))
    except InvalidCode as exc:
        raise Bad(exc.message) from None


def _uscc(value: Any) -> str:
    try:
        return normalise_uscc(str(value))
    except InvalidCode as exc:
        raise Bad(exc.message) from None


_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_TIME_RE = re.compile(
    r"[\sT]*(\d{1,2})\s*[:时点]\s*(\d{1,2})\s*(?:[:分]\s*(\d{1,2})(?:\.\d+)?\s*秒?)?分?"
)
_MONTH_RE = re.compile(r"(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*月?(?:份)?")


def _make_date(year: int, month: int, day: int, shown: str) -> date:
    try:
        result = date(year, month, day)
    except ValueError:
        raise Bad(f"日期“{shown}”不存在，请核对年月日") from None
    if not 1900 <= result.year <= 2100:
        raise Bad(f"日期“{shown}”不合理（年份应在1900至2100之间）")
    return result


def _excel_serial(value: float) -> datetime:
    from openpyxl.utils.datetime import from_excel

    return from_excel(value)


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return _make_date(value.year, value.month, value.day, value.date().isoformat())
    if isinstance(value, date):
        return _make_date(value.year, value.month, value.day, value.isoformat())
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 19000101 <= value <= 21001231:
            text = str(int(value))
            return _make_date(int(text[:4]), int(text[4:6]), int(text[6:]), text)
        if 1 <= value <= 73415:  # an Excel date serial
            d = _excel_serial(value)
            return _make_date(d.year, d.month, d.day, d.date().isoformat())
        raise Bad(f"“{value}”不是日期，请填写如2021-03-05的日期")
    text = _nfkc(value).strip()
    match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    rest = text[match.end() :] if match else ""
    if not match or (rest and not _TIME_RE.fullmatch(rest)):
        raise Bad(f"“{text}”无法识别为日期，请填写如2021-03-05的日期")
    year, month, day = (int(g) for g in match.groups())
    return _make_date(year, month, day, text)


def _datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, float) and 1 <= value <= 73415:
        return _excel_serial(value).replace(microsecond=0)
    text = _nfkc(value).strip()
    match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if not match:
        raise Bad(f"“{text}”无法识别为时间，请填写如2021-03-05 14:30的时间")
    d = _make_date(*(int(g) for g in match.groups()), text)
    rest = text[match.end() :]
    if not rest.strip():
        return datetime(d.year, d.month, d.day)
    tm = _TIME_RE.fullmatch(rest)
    if not tm:
        raise Bad(f"“{text}”无法识别为时间，请填写如2021-03-05 14:30的时间")
    hour, minute, second = int(tm.group(1)), int(tm.group(2)), int(tm.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise Bad(f"时间“{text}”不存在")
    return datetime(d.year, d.month, d.day, hour, minute, second)


def _month(value: Any) -> date:
    if isinstance(value, date):
        return date(value.year, value.month, 1)
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(int(value))
        if len(text) == 6:
            value = text
        else:
            d = _date(value)
            return date(d.year, d.month, 1)
    text = _nfkc(value).strip()
    match = _MONTH_RE.fullmatch(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        return _make_date(year, month, 1, text)
    d = _date(text)
    return date(d.year, d.month, 1)


_MONEY_STRIP = re.compile(r"[,\s¥￥元]|RMB|CNY", re.IGNORECASE)
TWO_PLACES = Decimal("0.01")


def _money(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(str(value))
    else:
        text = _MONEY_STRIP.sub("", _nfkc(value))
        scale = 1
        if text.endswith("万"):
            text, scale = text[:-1], 10_000
        try:
            number = Decimal(text) * scale
        except InvalidOperation:
            raise Bad(f"“{_nfkc(value).strip()}”不是金额") from None
    if not number.is_finite() or abs(number) >= Decimal("1e15"):
        raise Bad(f"金额“{value}”不合理")
    return number.quantize(TWO_PLACES)


def _number(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        text = _WS.sub("", _nfkc(value)).rstrip("%").replace(",", "")
        for unit in ("升", "L", "l"):
            text = text.removesuffix(unit)
        try:
            number = float(text)
        except ValueError:
            raise Bad(f"“{_nfkc(value).strip()}”不是数字") from None
    if number != number or abs(number) == float("inf"):
        raise Bad(f"“{value}”不是数字")
    return number


def _phone(value: Any) -> str:
    text = re.sub(r"[\s\-()（）]", "", _nfkc(value))
    text = re.sub(r"^(\+?86)(?=1\d{10}$)", "", text)
    if not re.fullmatch(r"\d{7,12}", text):
        raise Bad(f"“{_nfkc(value).strip()}”不是电话号码")
    return text


PARSERS: dict[str, Callable[[Any], Any]] = {
    "text": normalise_text,
    "citizen_id": _citizen_id,
    "uscc": _uscc,
    "date": _date,
    "datetime": _datetime,
    "month": _month,
    "money": _money,
    "number": _number,
    "phone": _phone,
}


def normalise_value(kind: str, value: Any) -> Any:
    """The normalised value of ``value`` for a column of ``kind``; raises :class:`Bad`."""
    return PARSERS[kind](value)


# --------------------------------------------------------------------------- headers


def header_key(text: Any) -> str:
    """Compare headers: full-width → half-width, no spaces, no "*", no bracketed remark."""
    text = _nfkc(text)
    text = re.sub(r"\(.*?\)|\[.*?\]|【.*?】", "", text)
    return "".join(text.replace("*", "").replace(":", "").split()).casefold()


def _alias_index(dtype: DatasetType) -> dict[str, str]:
    index: dict[str, str] = {}
    for col in dtype.columns:
        for name in (col.name, col.label, *col.aliases):
            index.setdefault(header_key(name), col.name)
    return index


def map_headers(
    dataset_type: str, headers: list[str], mapping: dict[str, str] | None = None
) -> tuple[dict[str, int], list[str]]:
    """canonical column → header position, and the headers left unmapped.

    The explicit ``mapping`` (canonical → source header) wins; the other columns are found
    among the usual Chinese headers. Raises :class:`MappingError` when a required column
    is missing or the mapping names a header the file does not have.
    """
    dtype = DATASET_TYPES[dataset_type]
    keys = [header_key(h) for h in headers]
    positions: dict[str, int] = {}
    used: set[int] = set()
    problems: list[str] = []
    for canonical, source in (mapping or {}).items():
        if canonical not in dtype.column_names:
            raise MappingError(f"映射文件中的“{canonical}”不是“{dtype.label}”的列", [canonical])
        if not source:
            continue
        try:
            index = keys.index(header_key(source))
        except ValueError:
            problems.append(canonical)
            continue
        positions[canonical] = index
        used.add(index)
    if problems:
        names = "、".join(f"{mapping[c]}（{dtype.column(c).label}）" for c in problems)
        raise MappingError(f"映射文件指定的列在文件中不存在：{names}", problems)
    aliases = _alias_index(dtype)
    for index, key in enumerate(keys):
        if index in used or not key:
            continue
        canonical = aliases.get(key)
        if canonical and canonical not in positions:
            positions[canonical] = index
            used.add(index)
    missing = [c.name for c in dtype.columns if c.required and c.name not in positions]
    if missing:
        labels = "、".join(dtype.column(c).label for c in missing)
        raise MappingError(
            f"文件中找不到“{dtype.label}”的必填列：{labels}。请检查表头，或提供列映射文件。",
            missing,
        )
    unmapped = [str(h) for i, h in enumerate(headers) if i not in used and not _blank(h)]
    return positions, unmapped


def read_mapping_file(path: Path | str) -> dict[str, str]:
    """canonical → source header, from a JSON object or a two-column CSV
    (canonical,source; a header line naming 列/column is skipped)."""
    path = Path(path)
    raw = path.read_bytes()
    text = _decode(raw)
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise MappingError(f"映射文件不是有效的JSON：{exc.msg}") from None
        return {str(k).strip(): str(v).strip() for k, v in data.items() if v is not None}
    result: dict[str, str] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if len(cells) < 2:
            raise MappingError(f"映射文件第{number}行应为两列：标准列名,源文件表头")
        if number == 1 and header_key(cells[0]) in {
            "canonical",
            "column",
            "列",
            "标准列",
            "标准列名",
        }:
            continue
        result[cells[0]] = cells[1]
    return result


# --------------------------------------------------------------------------- reading


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise MappingError("无法识别文件编码，请另存为UTF-8或GBK编码的CSV")


Row = tuple[int, list[Any]]  # (row number as the user sees it, values)

HEADER_SCAN = 5


# Bounds of a source file, checked while it streams (memory stays bounded whatever the
# file's length): a CSV line (csv's own field limit is 128 KB), the rows of a file, and
# the size of a Parquet row group once decoded.
MAX_LINE_CHARS = 1_000_000
MAX_ROWS = 20_000_000
MAX_ROW_GROUP_BYTES = 512 * 1024 * 1024


def _detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as UTF-8, else GB18030;
    checked incrementally, 1 MB at a time."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise MappingError("无法识别文件编码，请另存为UTF-8或GBK编码的CSV")


def _bounded_lines(handle: io.TextIOBase) -> Iterator[str]:
    for number, line in enumerate(iter(lambda: handle.readline(MAX_LINE_CHARS + 1), ""), 1):
        if len(line) > MAX_LINE_CHARS:
            raise MappingError(f"文件第{number}行过长（超过{MAX_LINE_CHARS}个字符），请检查文件")
        yield line


def _read_csv(path: Path) -> tuple[list[str], Iterator[Row]]:
    """Streamed: the file is read line by line (never whole), rows numbered by their
    line as the user sees it."""
    encoding = _detect_encoding(path)
    handle = path.open(encoding=encoding, newline="")
    sample = handle.read(4096)
    handle.seek(0)
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(_bounded_lines(handle), dialect)

    def rows() -> Iterator[Row]:
        try:
            while True:
                try:
                    values = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise MappingError(
                        f"文件第{reader.line_num}行不是有效的CSV（{exc}），请检查文件"
                    ) from None
                yield reader.line_num, values
        finally:
            handle.close()

    return _split_header(rows())


def _read_xlsx(path: Path) -> tuple[list[str], Iterator[Row]]:
    """Streamed with openpyxl's read-only mode, after the zip has been checked for its
    decompressed size and rows (``core.uploads``: nothing of a zip bomb is expanded)."""
    from openpyxl import load_workbook

    from jiandu.core.uploads import DATASET_XLSX, UploadRefused, check_office_zip

    try:
        check_office_zip(path, limits=DATASET_XLSX)
    except UploadRefused as exc:
        raise MappingError(exc.message) from None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise MappingError("文件不是有效的Excel（.xlsx）文件") from None
    sheet = book.worksheets[0]

    def rows() -> Iterator[Row]:
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(values)
        finally:
            book.close()

    return _split_header(rows())


def _split_header(rows: Iterator[Row]) -> tuple[list[str], Iterator[Row]]:
    """The header is the first of the top rows with at least two non-blank cells that is
    followed by data (a title line above it is tolerated). Only the first few non-blank
    rows are looked at; the rest streams on."""
    nonblank = ((n, v) for n, v in rows if any(not _blank(x) for x in v))
    top: list[Row] = []
    for row in nonblank:
        top.append(row)
        if len(top) >= HEADER_SCAN:
            break
    if not top:
        raise MappingError("文件是空的：没有表头")
    index = next(
        (i for i, (_, values) in enumerate(top) if sum(not _blank(v) for v in values) >= 2), 0
    )
    header = ["" if _blank(v) else str(v).strip() for v in top[index][1]]

    def body() -> Iterator[Row]:
        try:
            yield from top[index + 1 :]
            yield from nonblank
        finally:
            close = getattr(rows, "close", None)
            if close is not None:
                close()  # the file handle or the workbook

    return header, body()


def _read_parquet(path: Path) -> tuple[list[str], Iterator[Row]]:
    """Streamed by record batches; a row group that would decode to more than
    :data:`MAX_ROW_GROUP_BYTES` is refused from the file's metadata first."""
    try:
        source = pq.ParquetFile(path)
    except (pa.ArrowException, OSError):
        raise MappingError("文件不是有效的Parquet文件") from None
    meta = source.metadata
    for i in range(meta.num_row_groups):
        if meta.row_group(i).total_byte_size > MAX_ROW_GROUP_BYTES:
            raise MappingError(
                f"Parquet文件的行组过大（解压后超过{MAX_ROW_GROUP_BYTES // (1 << 20)}MB），"
                "请用较小的行组重新导出"
            )
    headers = [name for name in source.schema_arrow.names if name != "_row"]

    def rows() -> Iterator[Row]:
        offset = 0
        for batch in source.iter_batches(batch_size=10_000, columns=headers):
            columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
            for j in range(batch.num_rows):
                yield offset + j + 2, [col[j] for col in columns]
            offset += batch.num_rows

    return headers, rows()


def _reader(source: Path, name: str) -> Callable[[Path], tuple[list[str], Iterator[Row]]]:
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx
    if suffix == ".parquet":
        return _read_parquet
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv
    head = source.open("rb").read(4)
    if head.startswith(b"PK"):
        return _read_xlsx
    if head == b"PAR1":
        return _read_parquet
    return _read_csv


# --------------------------------------------------------------------------- import

BATCH_ROWS = 50_000


def partial_path(path: Path) -> Path:
    """Where an output file is written until it is complete (same directory, so that
    the final ``os.replace`` is atomic): nobody ever sees half a file under its name."""
    return path.with_name(f"{path.name}.{os.getpid()}-{os.urandom(4).hex()}.partial")


class _Writer:
    """Buffers normalised rows and writes them to Parquet in batches, under a temporary
    name renamed to ``out_path`` by :meth:`commit` (or removed by :meth:`discard`)."""

    def __init__(self, dataset_type: str, out_path: Path):
        self.schema = arrow_schema(dataset_type)
        self.names = self.schema.names
        out_path.parent.mkdir(parents=True, exist_ok=True)
        self.out_path = out_path
        self.partial = partial_path(out_path)
        self.writer = pq.ParquetWriter(self.partial, self.schema, compression="zstd")
        self.buffer: dict[str, list[Any]] = {n: [] for n in self.names}
        self.count = 0
        self.closed = False

    def add(self, record: dict[str, Any]) -> None:
        for name in self.names:
            self.buffer[name].append(record.get(name))
        self.count += 1
        if len(self.buffer["_row"]) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        if self.buffer["_row"]:
            self.writer.write_table(pa.table(self.buffer, schema=self.schema))
            self.buffer = {n: [] for n in self.names}

    def close(self) -> None:
        self.commit()

    def commit(self) -> None:
        self.flush()
        self.writer.close()
        self.closed = True
        os.replace(self.partial, self.out_path)

    def discard(self) -> None:
        if not self.closed:
            self.closed = True
            with contextlib.suppress(Exception):  # the file is removed just below
                self.writer.close()
        self.partial.unlink(missing_ok=True)


# Rejected values kept in memory (for the page and the service); the report file lists
# up to REPORT_MAX of them, written as they come.
REJECTIONS_KEPT = 1000
REPORT_MAX = 200_000
REPORT_HEADERS = ["行号", "列", "值", "原因"]


class _Report:
    """The rejected-rows report (xlsx, openpyxl's write-only mode: streamed), started
    at the first rejection, under a temporary name until it is complete."""

    def __init__(self, path: Path | None):
        self.path = path
        self.partial: Path | None = None
        self.book: Any = None
        self.sheet: Any = None
        self.written = 0
        self.left_out = 0

    def add(self, rejection: Rejection) -> None:
        if self.path is None:
            return
        if self.written >= REPORT_MAX:
            self.left_out += 1
            return
        if self.book is None:
            from openpyxl import Workbook

            self.book = Workbook(write_only=True)
            self.sheet = self.book.create_sheet("未导入的行")
            for letter, width in zip("ABCD", (8, 22, 26, 60), strict=True):
                self.sheet.column_dimensions[letter].width = width
            self.sheet.append(_bold(self.sheet, REPORT_HEADERS))
        self.sheet.append(_report_row(self.sheet, rejection))
        self.written += 1

    def commit(self) -> Path | None:
        if self.book is None or self.path is None:
            return None
        if self.left_out:
            note = f"另有{self.left_out}处未列出（报告最多列{REPORT_MAX}处）"
            self.sheet.append([None, None, None, note])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.partial = partial_path(self.path)
        self.book.save(self.partial)
        self.book = None
        os.replace(self.partial, self.path)
        return self.path

    def discard(self) -> None:
        if self.book is not None:
            self.book.close()
            self.book = None
        if self.partial is not None:
            self.partial.unlink(missing_ok=True)


def _bold(sheet: Any, values: list[str]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _report_row(sheet: Any, r: Rejection) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell

    value = WriteOnlyCell(sheet, value=r.value)
    value.number_format = "@"
    return [r.row, r.column, value, r.reason]


def import_file(
    dataset_type: str,
    source: Path,
    out_path: Path,
    *,
    mapping: dict[str, str] | None = None,
    original_name: str | None = None,
    report_path: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import ``source`` as ``dataset_type`` into ``out_path`` (Parquet); see the module
    docstring. Raises :class:`MappingError` when the headers cannot be mapped.

    The file is streamed: memory does not grow with its length (rows are written in
    batches, only the first :data:`REJECTIONS_KEPT` rejected values are kept; all of
    them, up to :data:`REPORT_MAX`, go to ``report_path`` as they come). The outputs
    appear under their names only when complete; on any error nothing is left behind.
    ``progress(rows_read)`` is called every 10,000 rows (it may raise to stop)."""
    if dataset_type not in DATASET_TYPES:
        raise MappingError(f"未知的数据集类型“{dataset_type}”")
    dtype = DATASET_TYPES[dataset_type]
    source, out_path = Path(source), Path(out_path)
    sha = file_sha256(source)
    headers, rows = _reader(source, original_name or source.name)(source)
    try:
        positions, unmapped = map_headers(dataset_type, headers, mapping)
    except MappingError:
        _close(rows)
        raise
    header_mapping = {c: headers[i] for c, i in positions.items()}
    rejections: list[Rejection] = []
    total = rejected = 0
    writer = _Writer(dataset_type, out_path)
    report = _Report(report_path)
    try:
        for number, values in rows:
            total += 1
            if total > MAX_ROWS:
                raise MappingError(f"文件超过{MAX_ROWS}行，请拆分成几个文件分批导入")
            if progress and total % 10_000 == 0:
                progress(total)
            record: dict[str, Any] = {"_row": number}
            row_problems: list[Rejection] = []
            for col in dtype.columns:
                index = positions.get(col.name)
                value = values[index] if index is not None and index < len(values) else None
                shown = header_mapping.get(col.name, col.label)
                if _blank(value):
                    if col.required:
                        row_problems.append(
                            Rejection(number, shown, "", f"{col.label}为必填项，不能为空")
                        )
                    record[col.name] = None
                    continue
                try:
                    record[col.name] = PARSERS[col.kind](value)
                except Bad as exc:
                    row_problems.append(Rejection(number, shown, _shown(value), str(exc)))
            if row_problems:
                rejected += 1
                for problem in row_problems:
                    if len(rejections) < REJECTIONS_KEPT:
                        rejections.append(problem)
                    report.add(problem)
            else:
                writer.add(record)
        if progress:
            progress(total)
        writer.commit()
        written = report.commit()
    except BaseException:
        writer.discard()
        report.discard()
        _close(rows)
        raise
    return ImportResult(
        dataset_type=dataset_type,
        source_sha256=sha,
        rows_total=total,
        rows_accepted=writer.count,
        rejections=rejections,
        header_mapping=header_mapping,
        parquet_path=out_path,
        rows_rejected=rejected,
        unmapped_headers=unmapped,
        report_path=written,
    )


def _close(rows: Iterator[Row]) -> None:
    close = getattr(rows, "close", None)
    if close is not None:
        close()


def _shown(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rejections_xlsx(result: ImportResult) -> bytes:
    """The downloadable rejected-rows report: 行号, 列, 值, 原因 (one line per value)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "未导入的行"
    sheet.append(["行号", "列", "值", "原因"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in result.rejections:
        sheet.append([r.row, r.column, r.value, r.reason])
        sheet.cell(row=sheet.max_row, column=3).number_format = "@"
    for letter, width in zip("ABCD", (8, 22, 26, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_internal(dataset_type: str, rows: Iterable[dict], out_path: Path) -> int:
    """Write rows from the organisation register (officials, relatives, companies,
    company_people) as a dataset; values are normalised like an import, rows that fail
    validation are left out. Returns the number of rows written (``_row`` = 1-based
    position)."""
    dtype = DATASET_TYPES[dataset_type]
    writer = _Writer(dataset_type, Path(out_path))
    try:
        for number, row in enumerate(rows, start=1):
            record: dict[str, Any] = {"_row": number}
            ok = True
            for col in dtype.columns:
                value = row.get(col.name)
                if _blank(value):
                    if col.required:
                        ok = False
                        break
                    record[col.name] = None
                    continue
                try:
                    record[col.name] = PARSERS[col.kind](value)
                except Bad:
                    ok = False
                    break
            if ok:
                writer.add(record)
        writer.commit()
    except BaseException:
        writer.discard()
        raise
    return writer.count
