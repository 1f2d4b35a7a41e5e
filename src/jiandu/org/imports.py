"""Excel (xlsx) import of units, cadres and posts.

How an import runs:

1. The file is read whole (at most 5 MB and 20,000 data rows). The header row maps
   Chinese column names to fields, tolerating spaces, full-width characters, a trailing
   "*", a remark in brackets, any column order and common aliases.
2. EVERY row is validated against the file itself and the database, and ALL errors are
   collected, each with its Excel row number and column. The database is read once per
   kind of look-up (chunked ``IN`` queries), never once per row.
3. Only a file without a single error is written: in ONE transaction, through the
   services of ``jiandu.org.services`` (which check capabilities and record an audit
   event per row), plus one summary event ``org.import.<kind>``. If a service still
   refuses a row, everything is rolled back and that row is reported: nothing
   half-imported ever stays.

The column definitions (``COLUMNS``) are shared with ``jiandu.org.exports`` so that an
export can be imported again.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, models, transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation

from jiandu.audit.services import event_record
from jiandu.core.errors import DomainError, NotFound, PermissionDenied
from jiandu.core.permissions import require_capability
from jiandu.core.uploads import REGISTER_XLSX, UploadRefused, check_office_zip
from jiandu.core.validators import (
    InvalidCode,
    citizen_id_birth_date,
    citizen_id_gender,
    normalise_citizen_id,
    normalise_uscc,
)
from jiandu.org import services
from jiandu.org.models import Cadre, Gender, PoliticalStatus, Post, Rank, Unit, UnitKind

KINDS: dict[str, str] = {"units": "单位", "cadres": "干部", "posts": "任职"}

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 60  # columns read per row; the widest template has 8
MAX_SHEET_ROWS = 100_000  # rows scanned, blank ones included, before giving up
HEADER_SCAN = 5  # the header may sit below a title line or two
LOOKUP_CHUNK = 500  # values per IN (...) query

NOT_XLSX = "文件不是有效的Excel（.xlsx）文件"


# --- results ---------------------------------------------------------------------------


@dataclass
class RowError:
    """One problem: ``row`` is the Excel row number (the header is row 1; 0 means the
    whole file), ``column`` the column letter and Chinese header, e.g. "B（身份证号）"."""

    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    kind: str
    label: str
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- column definitions (shared with the export) ---------------------------------------


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    parse: str = "text"  # key of PARSERS
    max_length: int | None = None
    choices: type[models.TextChoices] | None = None
    width: int = 14
    text_format: bool = False  # Excel keeps it as text (IDs, codes, phone numbers)
    help: str = ""


_ID_ALIASES = ("身份证号码", "公民身份号码", "公民身份证号", "公民身份证号码", "证件号码", "身份证")
_DATE_HELP = "日期，如2021-03-05（也可写2021/3/5、2021.3.5、2021年3月5日或20210305）"

COLUMNS: dict[str, tuple[Column, ...]] = {
    "units": (
        Column(
            "code",
            "单位编码",
            required=True,
            aliases=("编码", "单位代码", "机构编码", "机构代码"),
            parse="code",
            max_length=32,
            width=16,
            text_format=True,
            help="本系统内唯一的单位编码，最长32个字符",
        ),
        Column(
            "name",
            "单位名称",
            required=True,
            aliases=("名称", "单位全称", "机构名称"),
            max_length=100,
            width=32,
            help="单位全称，最长100个字",
        ),
        Column(
            "short_name", "简称", aliases=("单位简称",), max_length=40, width=16, help="最长40个字"
        ),
        Column(
            "kind",
            "类别",
            required=True,
            aliases=("单位类别", "单位类型", "类型"),
            parse="choice",
            choices=UnitKind,
            width=20,
            help="单位的类别，从下列值中选填",
        ),
        Column(
            "parent_code",
            "上级单位编码",
            aliases=("上级编码", "上级单位代码", "上级代码"),
            parse="code",
            max_length=32,
            width=16,
            text_format=True,
            help="上级单位的单位编码；上级单位可以已在系统中，也可以在本文件中（前后行均可）；顶级单位不填",
        ),
        Column(
            "uscc",
            "统一社会信用代码",
            aliases=("信用代码", "社会信用代码"),
            parse="uscc",
            width=22,
            text_format=True,
            help="18位统一社会信用代码，可不填",
        ),
        Column(
            "sort_order",
            "排序",
            aliases=("排序号", "显示顺序"),
            parse="int",
            width=8,
            help="非负整数，数字小的排在前面；不填为0",
        ),
    ),
    "cadres": (
        Column(
            "name",
            "姓名",
            required=True,
            parse="person_name",
            max_length=40,
            width=12,
            help="最长40个字；姓名中间为对齐而加的空格会被去掉",
        ),
        Column(
            "citizen_id",
            "身份证号",
            required=True,
            aliases=_ID_ALIASES,
            parse="citizen_id",
            width=22,
            text_format=True,
            help="18位居民身份证号（15位旧号自动升级为18位），按校验位核对",
        ),
        Column(
            "gender",
            "性别",
            parse="choice",
            choices=Gender,
            width=6,
            help="可不填，不填时按身份证号确定；填写的须与身份证号一致",
        ),
        Column(
            "birth_date",
            "出生日期",
            aliases=("出生年月", "出生年月日"),
            parse="birth",
            width=12,
            help="可不填，不填时按身份证号确定；填写的须与身份证号一致（可只填年月，如1975.03）",
        ),
        Column(
            "political_status",
            "政治面貌",
            parse="choice",
            choices=PoliticalStatus,
            width=14,
            help="不填为“群众”",
        ),
        Column(
            "rank",
            "职级",
            required=True,
            aliases=("职级层次", "级别", "干部级别"),
            parse="choice",
            choices=Rank,
            width=22,
            help="按统计口径的职级层次填写",
        ),
        Column(
            "phone",
            "联系电话",
            aliases=("电话", "手机", "手机号", "手机号码", "电话号码"),
            max_length=20,
            help="可不填，最长20个字符",
            width=16,
            text_format=True,
        ),
        Column("notes", "备注", aliases=("说明",), width=30, help="可不填"),
    ),
    "posts": (
        Column(
            "citizen_id",
            "身份证号",
            required=True,
            aliases=_ID_ALIASES,
            parse="citizen_id",
            width=22,
            text_format=True,
            help="干部的身份证号；该干部须已在系统中（请先导入干部）",
        ),
        Column(
            "name",
            "姓名",
            parse="person_name",
            max_length=40,
            width=12,
            help="可不填；填写的须与身份证号对应的干部姓名一致",
        ),
        Column(
            "unit_code",
            "单位编码",
            required=True,
            aliases=("编码", "单位代码", "任职单位编码"),
            parse="code",
            max_length=32,
            width=16,
            text_format=True,
            help="任职单位的单位编码；该单位须已在系统中（请先导入单位）",
        ),
        Column(
            "title",
            "职务",
            required=True,
            aliases=("职务名称", "现任职务", "担任职务"),
            max_length=60,
            help="如“局长”“党委书记”，最长60个字",
            width=24,
        ),
        Column(
            "is_head",
            "是否一把手",
            aliases=("一把手", "是否主要负责人"),
            parse="flag",
            width=12,
            help="填“是”或“否”，不填为否；同一单位只能有一名现任一把手",
        ),
        Column(
            "is_leadership",
            "是否班子成员",
            aliases=("班子成员",),
            parse="flag",
            width=14,
            help="填“是”或“否”，不填为否；一把手总是班子成员",
        ),
        Column(
            "start_date",
            "任职时间",
            required=True,
            aliases=("任职日期", "任职起始时间", "起始时间", "任职开始时间"),
            parse="date",
            width=12,
            help=_DATE_HELP,
        ),
        Column(
            "end_date",
            "免职时间",
            aliases=("免职日期", "离任时间", "任职结束时间", "结束时间"),
            parse="date",
            width=12,
            help="现任的不填；" + _DATE_HELP + "；不能早于任职时间",
        ),
    ),
}


# --- cell parsing ----------------------------------------------------------------------


class _Bad(Exception):
    """A cell's value is not acceptable; ``message`` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _key(text: str) -> str:
    """Compare headers and choice labels: full-width → half-width, no spaces, case-free."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _check_length(text: str, col: Column) -> str:
    if col.max_length and len(text) > col.max_length:
        raise _Bad(f"{col.header}不能超过{col.max_length}个字，现为{len(text)}个字")
    return text


def _parse_text(value: Any, col: Column) -> str:
    return _check_length(_text(value), col)


def _parse_person_name(value: Any, col: Column) -> str:
    # "张  三" (padded for alignment) is the same person as "张三".
    return _check_length("".join(_text(value).split()), col)


def _parse_code(value: Any, col: Column) -> str:
    return _check_length("".join(unicodedata.normalize("NFKC", _text(value)).split()), col)


def _parse_citizen_id(value: Any, col: Column) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = str(int(value))
        if len(digits) > 15:
            raise _Bad(
                "身份证号被Excel存成了数字，后几位可能已丢失；请把该列设为“文本”格式后重新填写"
            )
        value = digits
    try:
        return normalise_citizen_id(_text(value))
    except InvalidCode as exc:
        raise _Bad(exc.message) from None


def _parse_uscc(value: Any, col: Column) -> str:
    try:
        return normalise_uscc(_text(value))
    except InvalidCode as exc:
        raise _Bad(exc.message) from None


def _parse_int(value: Any, col: Column) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = value
    else:
        text = _parse_code(value, col)
        if not re.fullmatch(r"[+-]?\d+(\.0*)?", text):
            raise _Bad(f"{col.header}应填整数，“{text}”不是整数")
        number = float(text)
    if number != int(number):
        raise _Bad(f"{col.header}应填整数，“{value}”不是整数")
    number = int(number)
    if not 0 <= number <= 2_147_483_647:
        raise _Bad(f"{col.header}应为不小于0的整数")
    return number


_DATE_RE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_COMPACT_DATE_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")


def _make_date(year: int, month: int, day: int, shown: str) -> date:
    try:
        result = date(year, month, day)
    except ValueError:
        raise _Bad(f"日期“{shown}”不存在，请核对年月日") from None
    if not 1900 <= result.year <= 2100:
        raise _Bad(f"日期“{shown}”不合理（年份应在1900至2100之间）")
    return result


def _parse_date(value: Any, col: Column) -> date:
    if isinstance(value, datetime):
        return _make_date(value.year, value.month, value.day, value.date().isoformat())
    if isinstance(value, date):
        return _make_date(value.year, value.month, value.day, value.isoformat())
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 19000101 <= value <= 21001231:
            text = str(int(value))
            return _make_date(int(text[:4]), int(text[4:6]), int(text[6:]), text)
        if 1 <= value <= 73415:  # an Excel date serial (1900-01-01 … 2100-12-31)
            serial = from_excel(value)
            return _make_date(serial.year, serial.month, serial.day, serial.date().isoformat())
        raise _Bad(f"{col.header}“{_text(value)}”不是日期，请填写如2021-03-05的日期")
    text = unicodedata.normalize("NFKC", _text(value)).strip()
    match = _DATE_RE.fullmatch(text) or _COMPACT_DATE_RE.fullmatch(text)
    if not match:
        raise _Bad(f"{col.header}“{text}”无法识别，请填写如2021-03-05的日期")
    year, month, day = (int(g) for g in match.groups())
    return _make_date(year, month, day, text)


def _parse_birth(value: Any, col: Column) -> date | tuple[int, int]:
    """A full date, or (year, month) for the cadre forms' usual "1975.03"."""
    if isinstance(value, float) and not value.is_integer() and 1900 < value < 2101:
        value = f"{value:.2f}"  # Excel turned "1975.03" into the number 1975.03
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        match = _MONTH_RE.fullmatch(text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if not 1 <= month <= 12:
                raise _Bad(f"{col.header}“{text}”中的月份不存在")
            return (year, month)
    return _parse_date(value, col)


_FLAGS = {
    **dict.fromkeys(("是", "y", "yes", "true", "1", "√", "✓"), True),
    **dict.fromkeys(("否", "n", "no", "false", "0", "×", "✗"), False),
}


def _parse_flag(value: Any, col: Column) -> bool:
    if isinstance(value, bool):
        return value
    flag = _FLAGS.get(_key(_text(value)))
    if flag is None:
        raise _Bad(f"{col.header}只能填“是”或“否”，不能填“{_text(value)}”")
    return flag


_DEMOCRATIC_PARTIES = ("民革", "民盟", "民建", "民进", "农工", "致公", "九三", "台盟")

# Labels and values of the TextChoices are always accepted; these are the other ways the
# same thing is commonly written in cadre lists.
_CHOICE_ALIASES: dict[type[models.TextChoices], dict[str, str]] = {
    UnitKind: {
        "纪委": UnitKind.COMMISSION,
        "纪委监委机关": UnitKind.COMMISSION,
        "案管室": UnitKind.CASE_MANAGEMENT_OFFICE,
        "党风室": UnitKind.CONDUCT_OFFICE,
        "派驻组": UnitKind.RESIDENT_TEAM,
        "镇纪委": UnitKind.TOWNSHIP_COMMISSION,
        "乡镇纪委": UnitKind.TOWNSHIP_COMMISSION,
        "街道纪工委": UnitKind.TOWNSHIP_COMMISSION,
        "部门": UnitKind.DEPARTMENT,
        "乡镇": UnitKind.TOWN,
        "街道": UnitKind.TOWN,
        "国企": UnitKind.SOE,
        "村": UnitKind.VILLAGE,
        "社区": UnitKind.VILLAGE,
    },
    Gender: {"男性": Gender.MALE, "女性": Gender.FEMALE},
    PoliticalStatus: {
        "党员": PoliticalStatus.PARTY_MEMBER,
        "共产党员": PoliticalStatus.PARTY_MEMBER,
        "预备党员": PoliticalStatus.PROBATIONARY,
        "团员": PoliticalStatus.LEAGUE,
        "共青团": PoliticalStatus.LEAGUE,
        "无": PoliticalStatus.NONE,
    },
    Rank: {
        "处级": Rank.COUNTY,
        "县处级干部": Rank.COUNTY,
        "科级": Rank.TOWNSHIP,
        "乡科级干部": Rank.TOWNSHIP,
        "一般": Rank.GENERAL,
        "其他": Rank.OTHER,
        "其他人员": Rank.OTHER,
    },
}

_choice_maps: dict[type[models.TextChoices], dict[str, str]] = {}


def _choice_map(choices: type[models.TextChoices]) -> dict[str, str]:
    if choices not in _choice_maps:
        mapping = {
            _key(str(alias)): str(v) for alias, v in _CHOICE_ALIASES.get(choices, {}).items()
        }
        for value, label in choices.choices:
            mapping[_key(value)] = value
            mapping[_key(str(label))] = value
        _choice_maps[choices] = mapping
    return _choice_maps[choices]


def _parse_choice(value: Any, col: Column) -> str:
    assert col.choices is not None
    text = _text(value)
    found = _choice_map(col.choices).get(_key(text))
    if found is None and col.choices is PoliticalStatus and text.startswith(_DEMOCRATIC_PARTIES):
        found = PoliticalStatus.DEMOCRATIC_PARTY
    if found is None:
        allowed = "、".join(str(label) for label in col.choices.labels)
        raise _Bad(f"{col.header}“{text}”不在可选范围内，可填：{allowed}")
    return found


PARSERS: dict[str, Callable[[Any, Column], Any]] = {
    "text": _parse_text,
    "person_name": _parse_person_name,
    "code": _parse_code,
    "citizen_id": _parse_citizen_id,
    "uscc": _parse_uscc,
    "int": _parse_int,
    "date": _parse_date,
    "birth": _parse_birth,
    "flag": _parse_flag,
    "choice": _parse_choice,
}


# --- reading the file ------------------------------------------------------------------


class _FileError(Exception):
    """The file as a whole cannot be imported."""

    def __init__(self, message: str, row: int = 0, column: str = ""):
        super().__init__(message)
        self.error = RowError(row=row, column=column, message=message)


def _read_upload(file: Any) -> bytes:
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise _FileError(f"文件超过{MAX_BYTES // (1024 * 1024)}MB，请拆分成几个文件分批导入")
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _FileError(f"文件超过{MAX_BYTES // (1024 * 1024)}MB，请拆分成几个文件分批导入")
    if not data:
        raise _FileError("文件是空的")
    return data


def _read_sheet(data: bytes) -> list[tuple[int, tuple[Any, ...]]]:
    """The non-blank rows of the first sheet as (Excel row number, values)."""
    too_many = f"文件超过{MAX_ROWS}行（不含表头），请拆分成几个文件分批导入"
    rows: list[tuple[int, tuple[Any, ...]]] = []
    try:  # bounded by its decompressed size and rows before openpyxl reads anything
        check_office_zip(data, limits=REGISTER_XLSX)
    except UploadRefused as exc:
        raise _FileError(exc.message) from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not an xlsx
        raise _FileError(
            NOT_XLSX + "。如果是.xls或.csv文件，请用Excel另存为.xlsx后再上传"
        ) from None
    try:
        if not book.worksheets:
            raise _FileError(NOT_XLSX)
        sheet = book.worksheets[0]
        try:
            values_iter = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
            for number, values in enumerate(values_iter, start=1):
                if number > MAX_SHEET_ROWS:
                    raise _FileError(too_many)
                if any(not _blank(v) for v in values):
                    rows.append((number, tuple(values)))
                    if len(rows) > MAX_ROWS + HEADER_SCAN:
                        raise _FileError(too_many)
        except _FileError:
            raise
        except Exception:  # a damaged sheet inside a valid zip
            raise _FileError(NOT_XLSX + "：工作表内容已损坏") from None
    finally:
        book.close()
    return rows


@dataclass
class Header:
    number: int
    positions: dict[str, int]  # field → 0-based column index
    duplicates: list[tuple[int, int, str]]  # (column index, first column index, field)
    unknown: list[str]


def _header_alias_map(columns: Iterable[Column]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for col in columns:
        for name in (col.header, *col.aliases):
            mapping.setdefault(_key(name), col.field)
    return mapping


def _clean_header(value: Any) -> str:
    text = unicodedata.normalize("NFKC", _text(value)) if not _blank(value) else ""
    text = re.sub(r"\(.*?\)|\[.*?\]|【.*?】", "", text)  # "出生日期(yyyy-mm-dd)"
    return _key(text.replace("*", "").replace(":", ""))


def _map_header(columns: Sequence[Column], number: int, values: tuple[Any, ...]) -> Header:
    aliases = _header_alias_map(columns)
    header = Header(number=number, positions={}, duplicates=[], unknown=[])
    for index, value in enumerate(values):
        if _blank(value):
            continue
        found = aliases.get(_clean_header(value))
        if found is None:
            header.unknown.append(_text(value))
        elif found in header.positions:
            header.duplicates.append((index, header.positions[found], found))
        else:
            header.positions[found] = index
    return header


def find_header(columns: Sequence[Column], rows: list[tuple[int, tuple[Any, ...]]]) -> Header:
    """The first of the top rows that names at least two known columns (a title line above
    the header is tolerated); otherwise the first row, whose missing columns are then
    reported."""
    for number, values in rows[:HEADER_SCAN]:
        header = _map_header(columns, number, values)
        if len(header.positions) >= 2:
            return header
    number, values = rows[0]
    return _map_header(columns, number, values)


# --- errors ----------------------------------------------------------------------------


class RowErrors:
    """Collects row errors and sorts them by row, then by column."""

    def __init__(self, columns: Iterable[Column], header: Header):
        self.columns = {c.field: c for c in columns}
        self.positions = header.positions
        self._items: list[tuple[int, int, int, RowError]] = []

    def column(self, field_name: str | None) -> str:
        if field_name is None:
            return "—"
        col = self.columns.get(field_name)
        if col is None:
            return "—"
        if field_name in self.positions:
            return f"{get_column_letter(self.positions[field_name] + 1)}（{col.header}）"
        return col.header

    def add(self, row: int, field_name: str | None, message: str) -> None:
        order = self.positions.get(field_name, MAX_COLUMNS) if field_name else MAX_COLUMNS
        error = RowError(row=row, column=self.column(field_name), message=message)
        self._items.append((row, order, len(self._items), error))

    def __bool__(self) -> bool:
        return bool(self._items)

    def sorted(self) -> list[RowError]:
        return [item[3] for item in sorted(self._items, key=lambda t: t[:3])]


@dataclass
class ParsedRow:
    number: int
    data: dict[str, Any]
    bad: set[str]  # fields that already have an error

    def ok(self, *fields: str) -> bool:
        """All these fields parsed without error and are not empty."""
        return all(f not in self.bad and self.data.get(f) not in (None, "", []) for f in fields)


def parse_rows(
    columns: Iterable[Column],
    header: Header,
    rows: Iterable[tuple[int, tuple[Any, ...]]],
    errors: RowErrors,
    *,
    ignore: frozenset[str] = frozenset(),
    parsers: dict[str, Any] | None = None,
) -> list[ParsedRow]:
    """Parse every row by its columns, collecting the errors of each cell; a row whose
    cells are all blank (``ignore`` aside, e.g. a left-over 序号) is skipped."""
    parsed: list[ParsedRow] = []
    for number, values in rows:
        raw = {f: values[i] if i < len(values) else None for f, i in header.positions.items()}
        if all(_blank(v) for f, v in raw.items() if f not in ignore):
            continue  # e.g. only a 序号 left in an unused template line
        row = ParsedRow(number=number, data={}, bad=set())
        for col in columns:
            parse = (parsers or PARSERS)[col.parse]
            value = raw.get(col.field)
            if _blank(value):
                row.data[col.field] = None
                if col.required:
                    errors.add(number, col.field, f"{col.header}不能为空")
                    row.bad.add(col.field)
                continue
            try:
                row.data[col.field] = parse(value, col)
            except _Bad as exc:
                errors.add(number, col.field, exc.message)
                row.bad.add(col.field)
                row.data[col.field] = None
        parsed.append(row)
    return parsed


# --- database look-ups (one query per chunk, never per row) ----------------------------


class FileRejected(Exception):
    """The file cannot be imported as it is: its errors (the file, the header, or no
    data under the header). Row-level errors are collected in ``RowErrors`` instead."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors[0].message if errors else "")
        self.errors = errors


def read_rows(
    columns: Sequence[Column],
    file: Any,
    *,
    what: str = "记录",
    ignore: frozenset[str] = frozenset(),
    parsers: dict[str, Any] | None = None,
) -> tuple[bytes, list[ParsedRow], RowErrors]:
    """The common front of every Excel import: read the upload, find and check the
    header (missing required or repeated columns), then parse every row by its columns.
    Returns the file's bytes (for its hash), the parsed rows and the collected cell errors;
    raises ``FileRejected`` when the file, its header or its body cannot be read.
    ``what`` names one row in the messages (记录, 线索, 整改措施 …)."""
    try:
        data = _read_upload(file)
        rows = _read_sheet(data)
        if not rows:
            raise _FileError(f"文件中没有数据：第1行应为表头，第2行起每行一条{what}", row=1)
    except _FileError as exc:
        raise FileRejected([exc.error]) from exc

    header = find_header(columns, rows)
    errors = RowErrors(columns, header)
    header_errors = []
    missing = [c.header for c in columns if c.required and c.field not in header.positions]
    if missing:
        message = f"缺少必填列：{'、'.join(missing)}"
        if header.unknown:
            message += f"（文件中未能识别的列：{'、'.join(header.unknown[:10])}）"
        header_errors.append(RowError(header.number, "表头", message + "；请使用导入模板的表头"))
    for index, first, field_name in header.duplicates:
        header_errors.append(
            RowError(
                header.number,
                f"{get_column_letter(index + 1)}（表头）",
                f"“{errors.columns[field_name].header}”列重复（与"
                f"{get_column_letter(first + 1)}列），请删除其中一列",
            )
        )
    if header_errors:
        raise FileRejected(header_errors)

    body = [r for r in rows if r[0] > header.number]
    if len(body) > MAX_ROWS:
        raise FileRejected(
            [RowError(0, "", f"文件超过{MAX_ROWS}行（不含表头），请拆分成几个文件分批导入")]
        )
    parsed = parse_rows(columns, header, body, errors, ignore=ignore, parsers=parsers)
    if not parsed:
        raise FileRejected(
            [
                RowError(
                    header.number + 1, "", f"表头下面没有数据：请从表头的下一行起每行填一条{what}"
                )
            ]
        )
    return data, parsed, errors


def _chunks(values: Iterable[Any], size: int = LOOKUP_CHUNK) -> Iterator[list[Any]]:
    items = sorted(set(values), key=str)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _units_by_code(codes: Iterable[str]) -> dict[str, Unit]:
    found: dict[str, Unit] = {}
    for chunk in _chunks(codes):
        found.update({u.code: u for u in Unit.objects.filter(code__in=chunk)})
    return found


def _cadres_by_id(numbers: Iterable[str]) -> dict[str, Cadre]:
    found: dict[str, Cadre] = {}
    for chunk in _chunks(numbers):
        found.update({c.citizen_id: c for c in Cadre.objects.filter(citizen_id__in=chunk)})
    return found


# --- validation per kind ---------------------------------------------------------------


def _validate_units(rows: list[ParsedRow], errors: RowErrors) -> dict[str, Any]:
    codes = {r.data["code"] for r in rows if r.ok("code")}
    parents = {r.data["parent_code"] for r in rows if r.ok("parent_code")}
    existing = _units_by_code(codes | parents)

    first: dict[str, ParsedRow] = {}  # code → the row that defines it in the file
    for row in rows:
        code = row.data["code"]
        if not row.ok("code"):
            continue
        if code in first:
            errors.add(row.number, "code", f"单位编码“{code}”与第{first[code].number}行重复")
            row.bad.add("code")
        elif code in existing:
            errors.add(row.number, "code", f"单位编码“{code}”已存在（{existing[code].name}）")
            row.bad.add("code")
            first[code] = row
        else:
            first[code] = row

    for row in rows:
        parent = row.data["parent_code"]
        if not row.ok("parent_code"):
            continue
        if parent == row.data["code"]:
            errors.add(row.number, "parent_code", "上级单位编码不能是本单位自己的编码")
            row.data["parent_code"] = None
        elif parent not in first and parent not in existing:
            errors.add(
                row.number,
                "parent_code",
                f"上级单位编码“{parent}”不存在：系统中和本文件中都没有这个单位",
            )
            row.bad.add("parent_code")

    # Depth in the file's own tree (parents first), and cycles among the file's units.
    in_file = {code: row for code, row in first.items() if code not in existing}
    depth: dict[str, int] = {}
    for start in in_file:
        path: list[str] = []
        on_path: set[str] = set()
        cur: str | None = start
        while cur in in_file and cur not in depth and cur not in on_path:
            on_path.add(cur)
            path.append(cur)
            cur = in_file[cur].data["parent_code"]
        if cur is not None and cur in on_path:
            cycle = path[path.index(cur) :]
            shown = " → ".join([*cycle, cur])
            for code in cycle:
                errors.add(in_file[code].number, "parent_code", f"上级单位关系形成循环：{shown}")
            for code in path:
                depth[code] = 0
            continue
        base = depth[cur] if cur is not None and cur in depth else -1
        for code in reversed(path):
            base += 1
            depth[code] = base
    order = sorted(rows, key=lambda r: depth.get(r.data["code"] or "", 0))
    return {"order": order, "existing": existing}


def _validate_cadres(rows: list[ParsedRow], errors: RowErrors) -> dict[str, Any]:
    numbers = {r.data["citizen_id"] for r in rows if r.ok("citizen_id")}
    existing = {
        number: name
        for chunk in _chunks(numbers)
        for number, name in Cadre.objects.filter(citizen_id__in=chunk).values_list(
            "citizen_id", "name"
        )
    }
    first: dict[str, int] = {}
    for row in rows:
        if not row.ok("citizen_id"):
            continue
        number = row.data["citizen_id"]
        if number in first:
            errors.add(row.number, "citizen_id", f"身份证号{number}与第{first[number]}行重复")
        elif number in existing:
            errors.add(
                row.number,
                "citizen_id",
                f"身份证号{number}已登记（{existing[number]}），不能重复导入",
            )
            first[number] = row.number
        else:
            first[number] = row.number
        id_gender, id_birth = citizen_id_gender(number), citizen_id_birth_date(number)
        gender = row.data["gender"]
        if row.ok("gender") and gender != id_gender:
            errors.add(
                row.number,
                "gender",
                f"性别“{Gender(gender).label}”与身份证号不一致（按身份证号应为"
                f"{Gender(id_gender).label}）",
            )
        birth = row.data["birth_date"]
        if row.ok("birth_date"):
            if isinstance(birth, tuple):
                if birth != (id_birth.year, id_birth.month):
                    errors.add(
                        row.number,
                        "birth_date",
                        f"出生年月{birth[0]}年{birth[1]}月与身份证号中的出生日期"
                        f"{id_birth.isoformat()}不一致",
                    )
                row.data["birth_date"] = None  # the ID gives the full date
            elif birth != id_birth:
                errors.add(
                    row.number,
                    "birth_date",
                    f"出生日期{birth.isoformat()}与身份证号中的出生日期{id_birth.isoformat()}不一致",
                )
    return {"order": rows}


def _validate_posts(rows: list[ParsedRow], errors: RowErrors) -> dict[str, Any]:
    cadres = _cadres_by_id(r.data["citizen_id"] for r in rows if r.ok("citizen_id"))
    units = _units_by_code(r.data["unit_code"] for r in rows if r.ok("unit_code"))
    existing_posts: set[tuple[int, int, str, date]] = set()
    for chunk in _chunks(c.pk for c in cadres.values()):
        existing_posts.update(
            Post.objects.filter(cadre_id__in=chunk).values_list(
                "cadre_id", "unit_id", "title", "start_date"
            )
        )
    current_heads: dict[int, Post] = {}
    for chunk in _chunks(u.pk for u in units.values()):
        for post in Post.objects.filter(
            unit_id__in=chunk, is_head=True, end_date__isnull=True
        ).select_related("cadre"):
            current_heads.setdefault(post.unit_id, post)

    seen_posts: dict[tuple[int, int, str, date], int] = {}
    heads_in_file: dict[int, int] = {}  # unit id → row number of its current head
    for row in rows:
        data = row.data
        cadre = unit = None
        if row.ok("citizen_id"):
            cadre = cadres.get(data["citizen_id"])
            if cadre is None:
                errors.add(
                    row.number,
                    "citizen_id",
                    f"身份证号{data['citizen_id']}对应的干部尚未登记，请先导入干部",
                )
            elif row.ok("name") and data["name"] != "".join(cadre.name.split()):
                errors.add(
                    row.number,
                    "name",
                    f"姓名“{data['name']}”与身份证号对应的干部“{cadre.name}”不一致，请核对",
                )
        if row.ok("unit_code"):
            unit = units.get(data["unit_code"])
            if unit is None:
                errors.add(
                    row.number,
                    "unit_code",
                    f"单位编码“{data['unit_code']}”不存在，请核对编码或先导入单位",
                )
        start, end = data["start_date"], data["end_date"]
        if row.ok("start_date", "end_date") and end < start:
            errors.add(
                row.number,
                "end_date",
                f"免职时间{end.isoformat()}早于任职时间{start.isoformat()}",
            )
        if cadre is None or unit is None:
            continue
        data["cadre"], data["unit"] = cadre, unit
        if row.ok("title", "start_date"):
            key = (cadre.pk, unit.pk, data["title"], start)
            if key in seen_posts:
                errors.add(row.number, "title", f"与第{seen_posts[key]}行是同一条任职记录，重复")
            elif key in existing_posts:
                errors.add(
                    row.number, "title", "该任职记录已登记（同一干部、单位、职务和任职时间）"
                )
            else:
                seen_posts[key] = row.number
        if data["is_head"] and data["end_date"] is None and "end_date" not in row.bad:
            other = current_heads.get(unit.pk)
            if other is not None:
                errors.add(
                    row.number,
                    "is_head",
                    f"{unit.name}已有现任一把手（{other.cadre.name}），同一单位只能有一名"
                    "现任一把手；请先办理其免职",
                )
            elif unit.pk in heads_in_file:
                errors.add(
                    row.number,
                    "is_head",
                    f"与第{heads_in_file[unit.pk]}行冲突：{unit.name}只能有一名现任一把手",
                )
            else:
                heads_in_file[unit.pk] = row.number
    return {"order": rows}


# --- writing ---------------------------------------------------------------------------


class _RowRefused(Exception):
    def __init__(self, row: ParsedRow, field_name: str | None, message: str):
        super().__init__(message)
        self.row, self.field_name, self.message = row, field_name, message


_SERVICE_FIELDS = {"parent": "parent_code", "cadre": "citizen_id", "unit": "unit_code"}


def _call(row: ParsedRow, service: Callable[..., Any], **kwargs: Any) -> Any:
    try:
        return service(**kwargs)
    except PermissionDenied:
        raise
    except DomainError as exc:
        name = next(iter(exc.fields), None)
        raise _RowRefused(row, _SERVICE_FIELDS.get(name, name), exc.message) from exc
    except IntegrityError as exc:
        raise _RowRefused(
            row, None, "保存时与系统中已有的数据冲突（可能刚被他人录入），请重新导入"
        ) from exc


def _create_units(actor: Any, plan: dict[str, Any]) -> int:
    made: dict[str, Unit] = dict(plan["existing"])
    for row in plan["order"]:
        d = row.data
        parent = made[d["parent_code"]] if d["parent_code"] else None
        made[d["code"]] = _call(
            row,
            services.unit_create,
            actor=actor,
            name=d["name"],
            code=d["code"],
            kind=d["kind"],
            parent=parent,
            short_name=d["short_name"] or "",
            uscc=d["uscc"] or "",
            sort_order=d["sort_order"] or 0,
        )
    return len(plan["order"])


def _create_cadres(actor: Any, plan: dict[str, Any]) -> int:
    for row in plan["order"]:
        d = row.data
        _call(
            row,
            services.cadre_create,
            actor=actor,
            name=d["name"],
            citizen_id=d["citizen_id"],
            rank=d["rank"],
            gender=d["gender"] or "",
            birth_date=d["birth_date"],
            political_status=d["political_status"] or PoliticalStatus.NONE,
            phone=d["phone"] or "",
            notes=d["notes"] or "",
        )
    return len(plan["order"])


def _create_posts(actor: Any, plan: dict[str, Any]) -> int:
    for row in plan["order"]:
        d = row.data
        _call(
            row,
            services.post_create,
            actor=actor,
            cadre=d["cadre"],
            unit=d["unit"],
            title=d["title"],
            start_date=d["start_date"],
            end_date=d["end_date"],
            is_head=bool(d["is_head"]),
            is_leadership=bool(d["is_leadership"]),
        )
    return len(plan["order"])


_VALIDATORS: dict[str, Callable[[list[ParsedRow], RowErrors], dict[str, Any]]] = {
    "units": _validate_units,
    "cadres": _validate_cadres,
    "posts": _validate_posts,
}
_CREATORS: dict[str, Callable[[Any, dict[str, Any]], int]] = {
    "units": _create_units,
    "cadres": _create_cadres,
    "posts": _create_posts,
}


# --- the entry points ------------------------------------------------------------------


def import_xlsx(*, actor: Any, kind: str, file: Any) -> ImportResult:
    """Validate the whole file, then import all of it or nothing (see the module doc)."""
    if kind not in KINDS:
        raise NotFound()
    require_capability(actor, "org.import")
    result = ImportResult(kind=kind, label=KINDS[kind], created=0, errors=[])
    file_name = os.path.basename(getattr(file, "name", "") or "")[:200]
    try:
        data, parsed, errors = read_rows(COLUMNS[kind], file)
    except FileRejected as exc:
        result.errors = exc.errors
        return result
    plan = _VALIDATORS[kind](parsed, errors)
    if errors:
        result.errors = errors.sorted()
        return result

    try:
        with transaction.atomic():
            result.created = _CREATORS[kind](actor, plan)
            event_record(
                actor=actor,
                action=f"org.import.{kind}",
                object_type="org.import",
                object_repr=file_name or KINDS[kind],
                payload={
                    "kind": kind,
                    "file": file_name,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "created": result.created,
                },
            )
    except _RowRefused as exc:
        result.created = 0
        errors.add(exc.row.number, exc.field_name, f"{exc.message}（本文件未导入任何数据）")
        result.errors = errors.sorted()
    return result


HEADER_FONT = Font(bold=True)
REQUIRED_HEADER_FONT = Font(bold=True, color="C00000")
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")


def allowed_values(col: Column) -> str:
    if col.choices is not None:
        return "、".join(str(label) for label in col.choices.labels)
    if col.parse == "flag":
        return "是、否"
    return ""


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_header(sheet: Any, columns: Sequence[Column], *, star_required: bool = False) -> None:
    """The header row of an import template: required headers in red (and starred when
    asked), filled, at their widths; text-format columns keep an 18-digit ID as text."""
    for index, col in enumerate(columns, start=1):
        title = col.header + ("*" if star_required and col.required else "")
        cell = sheet.cell(row=1, column=index, value=title)
        cell.font = REQUIRED_HEADER_FONT if col.required else HEADER_FONT
        cell.fill = HEADER_FILL
        dimension = sheet.column_dimensions[get_column_letter(index)]
        if col.text_format:
            dimension.number_format = "@"  # keeps an 18-digit ID from becoming a number
        dimension.width = col.width
    sheet.freeze_panes = "A2"


def template_xlsx(kind: str) -> bytes:
    """An empty workbook with the header row and a "填写说明" sheet."""
    if kind not in KINDS:
        raise NotFound()
    columns = COLUMNS[kind]
    book = Workbook()
    sheet = book.active
    sheet.title = KINDS[kind]
    write_header(sheet, columns)
    for index, col in enumerate(columns, start=1):
        letter = get_column_letter(index)
        values = allowed_values(col)
        formula = '"' + values.replace("、", ",") + '"'
        if values and len(formula) <= 255:
            check = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",  # a warning only: common aliases are accepted too
                errorTitle="请核对",
                error=f"{col.header}建议从下拉列表中选择，是否仍使用所填的值？",
            )
            check.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(check)
    sheet.freeze_panes = "A2"

    guide = book.create_sheet("填写说明")
    notes = [
        f"{KINDS[kind]}导入模板填写说明",
        "1. 第1行为表头，请勿修改；从第2行起每行填一条记录。列的顺序可以调整。",
        "2. 表头为红色的列必须填写。",
        "3. 日期可写作 2021-03-05、2021/3/5、2021.3.5、2021年3月5日 或 20210305，"
        "也可以用Excel的日期格式。",
        f"4. 一个文件最多{MAX_ROWS}行、不超过{MAX_BYTES // (1024 * 1024)}MB，"
        "超过请拆分后分批导入。",
        "5. 系统先检查全部行，只要有一处错误，整个文件都不会导入；"
        "请按提示的行号和列修改后重新上传。",
    ]
    if kind == "posts":
        notes.append("6. 任职记录引用的干部和单位须已在系统中，请先导入单位和干部。")
    for line in notes:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=13)
    guide.append([])
    guide.append(["列名", "是否必填", "说明", "可填的值"])
    title_row = guide.max_row
    for cell in guide[title_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for col in columns:
        guide.append(
            [col.header, "必填" if col.required else "选填", col.help, allowed_values(col)]
        )
    for letter, width in zip("ABCD", (16, 10, 60, 60), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=title_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return _save(book)
