"""Reading one spreadsheet cell: the forms in which Chinese registers and ledgers write
text, ID numbers, codes, dates, months, times, amounts, numbers, phone numbers and
yes/no, turned into Python values or refused with a Chinese :class:`BadValue`.

These functions know nothing of columns; :mod:`jiandu.core.imports.columns` applies
them to a column (its header in the messages, its length limit and choices), and the
cross-check dataset reader applies them by kind through :func:`parse_value`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from jiandu.core.validators import (
    PHONE_MESSAGE,
    InvalidCode,
    normalise_citizen_id,
    normalise_phone,
    normalise_uscc,
)


class BadValue(ValueError):
    """A cell's value cannot be accepted; ``message`` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- text --------------------------------------------------------------------------------

_WS = re.compile(r"\s+")
_CJK = r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
_SPACE_NEAR_CJK = re.compile(rf"(?<={_CJK}) | (?={_CJK})")
_BRACKETED = re.compile(r"\(.*?\)|\[.*?\]|【.*?】")


def blank(value: Any) -> bool:
    """No value: ``None``, NaN, or only spaces."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    return isinstance(value, str) and not value.strip()


def nfkc(value: Any) -> str:
    """The value as text, full-width forms folded to half-width (``１２`` → ``12``); a whole
    float loses its ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value))


def cell_text(value: Any) -> str:
    """The value as the user wrote it, trimmed: 是/否 for a boolean, a whole number without
    ``.0``, a date-time cell as its date."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def fold(text: str) -> str:
    """A key to compare names, labels and headers by: full-width → half-width, no spaces,
    case-free."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def header_key(value: Any) -> str:
    """A key to compare column headers by: :func:`fold`, without a bracketed remark
    ("出生日期(yyyy-mm-dd)"), a "*" marking a required column or a colon."""
    text = _BRACKETED.sub("", nfkc(value))
    return fold(text.replace("*", "").replace(":", ""))


def normalise_text(value: Any) -> str:
    """Full-width → half-width, runs of spaces → one, no space next to a Chinese character
    ("张  三" is "张三"): the form in which names and units are matched."""
    text = _WS.sub(" ", nfkc(value)).strip()
    return _SPACE_NEAR_CJK.sub("", text)


def person_name(value: Any) -> str:
    """A name without the spaces added for alignment ("张  三" is "张三"). Not the forms'
    stricter ``normalise_person_name``: registers number namesakes ("张伟2") and old
    files carry such names; a row is matched to the roster by its ID number."""
    return "".join(cell_text(value).split())


def code(value: Any) -> str:
    """A code (unit code, plate …): half-width, no spaces at all."""
    return "".join(unicodedata.normalize("NFKC", cell_text(value)).split())


# --- identifiers -------------------------------------------------------------------------

ID_AS_NUMBER = "身份证号被Excel存成了数字，后几位可能已丢失；请把该列设为“文本”格式后重新填写"


def citizen_id(value: Any) -> str:
    """An 18-digit citizen ID checked by its check digit (a 15-digit one is upgraded);
    a number Excel stored as a float has lost its last digits and is refused."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = str(int(value))
        if len(digits) > 15:
            raise BadValue(ID_AS_NUMBER)
        value = digits
    try:
        return normalise_citizen_id(cell_text(value))
    except InvalidCode as exc:
        raise BadValue(exc.message) from None


def uscc(value: Any) -> str:
    """An 18-character unified social credit code checked by its check character."""
    try:
        return normalise_uscc(cell_text(value))
    except InvalidCode as exc:
        raise BadValue(exc.message) from None


def phone(value: Any) -> str:
    """A telephone number checked by the forms' rule (``core.validators.normalise_phone``:
    a mobile, a landline with its area code or a 400/800 number), as digits only without
    the +86 ("0571-8888 6666" is "057188886666"; an extension follows as "转123")."""
    text = nfkc(value).strip()
    try:
        checked = normalise_phone(text)
    except InvalidCode:
        raise BadValue(
            f"“{text}”不是电话号码：{PHONE_MESSAGE.removeprefix('请填写正确的联系电话：')}"
        ) from None
    number, _, extension = checked.partition("转")
    digits = re.sub(r"\D", "", number.replace("+86", "", 1))
    return f"{digits}转{extension}" if extension else digits


# --- dates and times ---------------------------------------------------------------------

DATE_FORMS = "2021-03-05、2021/3/5、2021.3.5、2021年3月5日或20210305"
_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_TIME_RE = re.compile(
    r"[\sT]*(\d{1,2})\s*[:时点]\s*(\d{1,2})\s*(?:[:分]\s*(\d{1,2})(?:\.\d+)?\s*秒?)?分?"
)
_MONTH_RE = re.compile(r"(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*月?(?:份)?")
_YEAR_MONTH_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")
EXCEL_LAST_SERIAL = 73415  # 2100-12-31


def _excel_serial(value: float) -> datetime:
    from openpyxl.utils.datetime import from_excel

    return from_excel(value)


def make_date(year: int, month: int, day: int, shown: str) -> date:
    """The date, refused when it does not exist or lies outside 1900–2100."""
    try:
        result = date(year, month, day)
    except ValueError:
        raise BadValue(f"日期“{shown}”不存在，请核对年月日") from None
    if not 1900 <= result.year <= 2100:
        raise BadValue(f"日期“{shown}”不合理（年份应在1900至2100之间）")
    return result


def to_date(value: Any, label: str = "") -> date:
    """A date from an Excel date, an Excel serial, 20210305 as a number, or text in any of
    :data:`DATE_FORMS` (full-width digits too), optionally followed by a time of day.
    ``label`` (the column's header) starts the message of a value that is no date."""
    if isinstance(value, datetime):
        return make_date(value.year, value.month, value.day, value.date().isoformat())
    if isinstance(value, date):
        return make_date(value.year, value.month, value.day, value.isoformat())
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 19000101 <= value <= 21001231:
            text = str(int(value))
            return make_date(int(text[:4]), int(text[4:6]), int(text[6:]), text)
        if 1 <= value <= EXCEL_LAST_SERIAL:
            serial = _excel_serial(value)
            return make_date(serial.year, serial.month, serial.day, serial.date().isoformat())
        raise BadValue(f"{label}“{cell_text(value)}”不是日期，请填写如2021-03-05的日期")
    text = nfkc(value).strip()
    match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    rest = text[match.end() :] if match else ""
    if not match or (rest and not _TIME_RE.fullmatch(rest)):
        raise BadValue(f"{label}“{text}”无法识别为日期，请填写如2021-03-05的日期")
    year, month, day = (int(g) for g in match.groups())
    return make_date(year, month, day, text)


def to_datetime(value: Any) -> datetime:
    """A date and time of day (seconds at most): "2025/3/5 14:30", "2025年3月5日 14时30分"."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, float) and 1 <= value <= EXCEL_LAST_SERIAL:
        return _excel_serial(value).replace(microsecond=0)
    text = nfkc(value).strip()
    match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if not match:
        raise BadValue(f"“{text}”无法识别为时间，请填写如2021-03-05 14:30的时间")
    year, month, day_of_month = (int(g) for g in match.groups())
    day = make_date(year, month, day_of_month, text)
    rest = text[match.end() :]
    if not rest.strip():
        return datetime(day.year, day.month, day.day)
    tm = _TIME_RE.fullmatch(rest)
    if not tm:
        raise BadValue(f"“{text}”无法识别为时间，请填写如2021-03-05 14:30的时间")
    hour, minute, second = int(tm.group(1)), int(tm.group(2)), int(tm.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise BadValue(f"时间“{text}”不存在")
    return datetime(day.year, day.month, day.day, hour, minute, second)


def to_month(value: Any) -> date:
    """A calendar month as its first day: "2025年3月", "2025-03", "202503", or any date."""
    if isinstance(value, date):
        return date(value.year, value.month, 1)
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(int(value))
        if len(text) == 6:
            value = text
        else:
            day = to_date(value)
            return date(day.year, day.month, 1)
    text = nfkc(value).strip()
    match = _MONTH_RE.fullmatch(text)
    if match:
        return make_date(int(match.group(1)), int(match.group(2)), 1, text)
    day = to_date(text)
    return date(day.year, day.month, 1)


def year_month_or_date(value: Any, label: str = "") -> date | tuple[int, int]:
    """A full date, or (year, month) for the cadre forms' usual "1975.03" (which Excel may
    have turned into the number 1975.03)."""
    if isinstance(value, float) and not value.is_integer() and 1900 < value < 2101:
        value = f"{value:.2f}"
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        match = _YEAR_MONTH_RE.fullmatch(text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if not 1 <= month <= 12:
                raise BadValue(f"{label}“{text}”中的月份不存在")
            return (year, month)
    return to_date(value, label)


# --- numbers -----------------------------------------------------------------------------

_MONEY_STRIP = re.compile(r"[,\s¥￥元]|RMB|CNY", re.IGNORECASE)
TWO_PLACES = Decimal("0.01")


def money(value: Any) -> Decimal:
    """An amount in yuan to two places: "￥1,234.5元", "1.5万", full-width digits."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(str(value))
    else:
        text = _MONEY_STRIP.sub("", nfkc(value))
        scale = 1
        if text.endswith("万"):
            text, scale = text[:-1], 10_000
        try:
            number = Decimal(text) * scale
        except InvalidOperation:
            raise BadValue(f"“{nfkc(value).strip()}”不是金额") from None
    if not number.is_finite() or abs(number) >= Decimal("1e15"):
        raise BadValue(f"金额“{value}”不合理")
    return number.quantize(TWO_PLACES)


def number(value: Any) -> float:
    """A number, allowing thousands separators, a trailing % or a unit of litres."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        result = float(value)
    else:
        text = _WS.sub("", nfkc(value)).rstrip("%").replace(",", "")
        for unit in ("升", "L", "l"):
            text = text.removesuffix(unit)
        try:
            result = float(text)
        except ValueError:
            raise BadValue(f"“{nfkc(value).strip()}”不是数字") from None
    if result != result or abs(result) == float("inf"):
        raise BadValue(f"“{value}”不是数字")
    return result


def whole_number(value: Any, label: str = "") -> int:
    """A non-negative whole number that fits a database integer."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        result = value
    else:
        text = code(value)
        if not re.fullmatch(r"[+-]?\d+(\.0*)?", text):
            raise BadValue(f"{label}应填整数，“{text}”不是整数")
        result = float(text)
    if result != int(result):
        raise BadValue(f"{label}应填整数，“{value}”不是整数")
    result = int(result)
    if not 0 <= result <= 2_147_483_647:
        raise BadValue(f"{label}应为不小于0的整数")
    return result


_FLAGS = {
    **dict.fromkeys(("是", "y", "yes", "true", "1", "√", "✓"), True),
    **dict.fromkeys(("否", "n", "no", "false", "0", "×", "✗"), False),
}


def flag(value: Any, label: str = "") -> bool:
    """是/否 (also y/n, yes/no, 1/0, √/×)."""
    if isinstance(value, bool):
        return value
    found = _FLAGS.get(fold(cell_text(value)))
    if found is None:
        raise BadValue(f"{label}只能填“是”或“否”，不能填“{cell_text(value)}”")
    return found


# --- by kind -----------------------------------------------------------------------------

VALUE_PARSERS: dict[str, Callable[[Any], Any]] = {
    "clean_text": normalise_text,
    "citizen_id": citizen_id,
    "uscc": uscc,
    "date": to_date,
    "datetime": to_datetime,
    "month": to_month,
    "money": money,
    "number": number,
    "phone": phone,
}


def parse_value(kind: str, value: Any) -> Any:
    """The normalised value of ``value`` for a column of ``kind`` (a key of
    :data:`VALUE_PARSERS`); raises :class:`BadValue`."""
    return VALUE_PARSERS[kind](value)
