"""Citizen ID (GB 11643-1999), USCC (GB 32100-2015), telephone number and person name
checks: the one copy every form, service and import uses (the portal and the staff forms
alike; ``core.forms.CitizenIdField``, ``PhoneField`` and ``PersonNameField`` put them on a
form field, ``core.imports.cells`` on a spreadsheet cell).

DOMAIN.md §10: a citizen ID is checked by its checksum and format, 15-digit legacy
numbers are upgraded to 18 digits, and the area code is never used to reject a number
(python-stdnum's ``cn.ric.validate`` rejects unknown area codes, so it is not used).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from stdnum.cn import uscc

from jiandu.core.errors import DomainError


class InvalidCode(DomainError):
    pass


def _normalise(value: str) -> str:
    """Full-width to half-width, spaces removed, upper case."""
    return "".join(unicodedata.normalize("NFKC", value or "").split()).upper()


CITIZEN_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def citizen_id_check_digit(body: str) -> str:
    """The GB 11643-1999 check character of the first 17 digits (ISO 7064 MOD 11-2).

    Note: python-stdnum's ``cn.ric.calc_check_digit`` expects the full 18-character
    number (it drops the last character), so it is not used here.
    """
    if len(body) != 17 or not body.isdigit():
        raise ValueError("body must be 17 digits")
    total = sum(int(d) * w for d, w in zip(body, CITIZEN_ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def citizen_id_birth_date(number: str) -> date:
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def normalise_citizen_id(value: str) -> str:
    """Return the 18-digit form of a citizen ID or raise ``InvalidCode`` saying why.

    A 15-digit legacy number (YYMMDD birth date, no check digit) is upgraded by
    inserting "19" before the year and appending the GB 11643 check digit.
    """
    number = _normalise(value)
    if not number:
        raise InvalidCode("身份证号为空")
    if len(number) == 15:
        if not number.isdigit():
            raise InvalidCode("15位身份证号只能包含数字")
        body = number[:6] + "19" + number[6:]
        number = body + citizen_id_check_digit(body)
    if len(number) != 18:
        raise InvalidCode(f"身份证号应为18位（或15位旧号），实际为{len(number)}位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidCode("身份证号格式不正确：前17位应为数字，末位为数字或X")
    try:
        born = citizen_id_birth_date(number)
    except ValueError:
        raise InvalidCode(f"身份证号中的出生日期{number[6:14]}不存在") from None
    if born > date.today() or born.year < 1890:
        raise InvalidCode(f"身份证号中的出生日期{number[6:14]}不合理")
    if citizen_id_check_digit(number[:17]) != number[17]:
        raise InvalidCode("身份证号校验位不正确，请核对号码")
    return number


def is_valid_citizen_id(value: str) -> bool:
    try:
        normalise_citizen_id(value)
    except InvalidCode:
        return False
    return True


def citizen_id_gender(number: str) -> str:
    """ "M" or "F" from the 17th digit (odd = male)."""
    return "M" if int(number[16]) % 2 else "F"


def normalise_uscc(value: str) -> str:
    """Return the 18-character USCC or raise ``InvalidCode`` saying why."""
    code = _normalise(value)
    if not code:
        raise InvalidCode("统一社会信用代码为空")
    if len(code) != 18:
        raise InvalidCode(f"统一社会信用代码应为18位，实际为{len(code)}位")
    try:
        uscc.validate(code)
    except uscc.InvalidChecksum:
        raise InvalidCode("统一社会信用代码校验位不正确，请核对代码") from None
    except (uscc.InvalidFormat, uscc.InvalidComponent, uscc.ValidationError):
        raise InvalidCode("统一社会信用代码格式不正确") from None
    return code


def is_valid_uscc(value: str) -> bool:
    try:
        normalise_uscc(value)
    except InvalidCode:
        return False
    return True


# --- telephone numbers ---------------------------------------------------------------------
PHONE_MESSAGE = "请填写正确的联系电话：手机号为11位数字，固定电话请带区号（如0571-88886666）"
_MOBILE = re.compile(r"1[3-9]\d{9}")
# Area code (3-4 digits, beginning with 0) and a 7-8 digit number; or a local number.
_LANDLINE = re.compile(r"0\d{2,3}[2-9]\d{6,7}|[2-9]\d{6,7}")
# Nationwide service numbers (400 / 800).
_SERVICE = re.compile(r"[48]00\d{7}")
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|#)\s*(\d{1,6})$", re.IGNORECASE)


def normalise_phone(value: str) -> str:
    """A mobile, landline or 400/800 number in a plain form, or ``InvalidCode``.

    Full-width digits, spaces, hyphens and brackets are accepted as people type them
    ("0571-8888 6666", "（0571）88886666", "+86 139 0000 0000"); an extension may
    follow ("转123"). Five digits like "12345" are refused: no reporter can be called
    back on them."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    if not text:
        raise InvalidCode("联系电话为空")
    extension = ""
    found = _EXTENSION.search(text)
    if found:
        extension, text = found.group(1), text[: found.start()]
    digits = re.sub(r"[\s\-()（）]", "", text)
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    if not digits.isdigit():
        raise InvalidCode(PHONE_MESSAGE)
    if _MOBILE.fullmatch(digits):
        return digits
    if _SERVICE.fullmatch(digits) or _LANDLINE.fullmatch(digits):
        # As typed (the area code's length is not known from the digits alone).
        plain = re.sub(r"\s+", " ", text.replace("（", "(").replace("）", ")")).strip()
        return f"{plain}转{extension}" if extension else plain
    raise InvalidCode(PHONE_MESSAGE)


def is_valid_phone(value: str) -> bool:
    try:
        normalise_phone(value)
    except InvalidCode:
        return False
    return True


# --- names of people ------------------------------------------------------------------------
NAME_MESSAGE = "请填写正确的姓名：只能包含汉字、字母和间隔号“·”，不能有数字或其他符号"
_NAME = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z·.\- ]+")
_NAME_DOTS = str.maketrans({"•": "·", "●": "·", "‧": "·", "・": "·", "．": "·"})


def normalise_person_name(value: str) -> str:
    """A person's name as registers write it, or ``InvalidCode``: full-width folded, the
    spaces added for alignment removed ("张  三" is "张三"), the dots of minority and
    foreign names as "·" ("阿依古丽•买买提" is "阿依古丽·买买提"); digits and other
    symbols ("张三1", "？？") are refused."""
    text = unicodedata.normalize("NFKC", value or "").translate(_NAME_DOTS).strip()
    if not text:
        raise InvalidCode("姓名为空")
    # Chinese names have no spaces; Latin ones keep one between their parts.
    text = "".join(text.split()) if re.search(r"[\u3400-\u9fff]", text) else " ".join(text.split())
    if not _NAME.fullmatch(text):
        raise InvalidCode(NAME_MESSAGE)
    return text


# Characters XML 1.0 (so Word and Excel files) cannot hold: C0 controls but tab, line
# feed and carriage return, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters a Word or Excel file cannot hold (a user may paste
    them; the renderer would fail on them)."""
    return _NOT_XML.sub("", text or "")


def xml_cell(value: Any) -> Any:
    """A value for a spreadsheet cell: text made ``xml_safe``, anything else as it is."""
    return xml_safe(value) if isinstance(value, str) else value
