"""Citizen ID (GB 11643) and USCC (GB 32100) validation — DOMAIN.md §10."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from jiandu.core.testing import make_citizen_id, make_uscc
from jiandu.core.validators import (
    InvalidCode,
    citizen_id_check_digit,
    citizen_id_gender,
    is_valid_citizen_id,
    is_valid_uscc,
    normalise_citizen_id,
    normalise_uscc,
)


def test_valid_id_with_x_check_digit():
    # 11010519491231002X is the example from GB 11643 itself.
    assert normalise_citizen_id("11010519491231002X") == "11010519491231002X"
    assert normalise_citizen_id("11010519491231002x") == "11010519491231002X"


def test_full_width_and_spaces_are_normalised():
    assert normalise_citizen_id("１１０１０５ 1949 1231 002Ｘ") == "11010519491231002X"


def test_wrong_check_digit_is_caught():
    with pytest.raises(InvalidCode, match="校验位"):
        normalise_citizen_id("110105194912310021")


def test_impossible_birth_date():
    body = "11010519490230002"  # 30 February
    with pytest.raises(InvalidCode, match="出生日期"):
        normalise_citizen_id(body + citizen_id_check_digit(body))


def test_wrong_length_and_letters():
    with pytest.raises(InvalidCode, match="18位"):
        normalise_citizen_id("1101051949123100")
    with pytest.raises(InvalidCode, match="格式"):
        normalise_citizen_id("11010519491231A02X")


def test_legacy_15_digit_number_is_upgraded():
    # 15-digit: area 110105, born 491231, sequence 002 → 18-digit with "19" and check digit.
    assert normalise_citizen_id("110105491231002") == "11010519491231002X"


def test_unknown_area_code_is_not_rejected():
    # An area code no table knows (e.g. a county created after the birth year) is fine:
    # only the checksum and the date decide (DOMAIN.md §10).
    body = "99999919860412123"
    number = body + citizen_id_check_digit(body)
    assert normalise_citizen_id(number) == number
    with pytest.raises(ric.ValidationError):
        ric.validate(number)  # what python-stdnum alone would wrongly do


def test_check_digit_agrees_with_stdnum_on_full_numbers():
    for number in ["11010519491231002X", "440524188001010014"]:
        assert citizen_id_check_digit(number[:17]) == ric.calc_check_digit(number) == number[17]


def test_gender_from_17th_digit():
    assert citizen_id_gender(make_citizen_id(1, male=True)) == "M"
    assert citizen_id_gender(make_citizen_id(1, male=False)) == "F"


@given(st.integers(min_value=0, max_value=499), st.integers(min_value=0, max_value=16))
def test_any_single_digit_change_is_caught(seq, position):
    number = make_citizen_id(seq)
    digit = number[position]
    changed = number[:position] + str((int(digit) + 1) % 10) + number[position + 1 :]
    # Changing a birth-date digit may also make the date impossible: either way invalid.
    assert not is_valid_citizen_id(changed)


def test_uscc():
    code = make_uscc(42)
    assert normalise_uscc(code.lower()) == code
    assert is_valid_uscc(code)
    broken = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(InvalidCode, match="校验位"):
        normalise_uscc(broken)
    with pytest.raises(InvalidCode, match="18位"):
        normalise_uscc(code[:-1])


# --- telephone numbers (one check for the portal, the staff forms and the services) ----------


@pytest.mark.parametrize(
    "value",
    [
        "13900000000",
        "+86 139 0000 0000",
        "0571-88886666",
        "（0571）8888 6666",
        "88886666",
        "400-123-4567",
        "0571-88886666转123",
        "１３９００００００００",
    ],
)
def test_phone_numbers_people_type_are_accepted(value):
    from jiandu.core.validators import is_valid_phone

    assert is_valid_phone(value)


@pytest.mark.parametrize("value", ["12345", "1390000000", "139000000001", "abc", "23-45", "02345"])
def test_numbers_nobody_can_be_called_on_are_refused(value):
    from jiandu.core.validators import InvalidCode, normalise_phone

    with pytest.raises(InvalidCode, match="手机号为11位数字"):
        normalise_phone(value)


def test_a_mobile_number_is_kept_as_its_digits():
    from jiandu.core.validators import normalise_phone

    assert normalise_phone("+86 139-0000-0000") == "13900000000"


def test_phone_and_id_fields_say_why_at_the_field():
    from django import forms

    from jiandu.core.forms import CitizenIdField, PhoneField

    class F(forms.Form):
        phone = PhoneField(required=False)
        id_number = CitizenIdField(required=False)

    form = F({"phone": "12345", "id_number": "110101199003070000"})
    assert not form.is_valid()
    assert "手机号" in form.errors["phone"][0] and "校验位" in form.errors["id_number"][0]
    assert F({"phone": "", "id_number": ""}).is_valid()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("张  三", "张三"),
        ("阿依古丽•买买提", "阿依古丽·买买提"),
        ("Ｍａｒｙ  Ｓｍｉｔｈ", "Mary Smith"),
    ],
)
def test_a_name_is_stored_as_registers_write_it(typed, stored):
    from jiandu.core.validators import normalise_person_name

    assert normalise_person_name(typed) == stored


@pytest.mark.parametrize("typed", ["张三1", "？？", "王@"])
def test_a_name_with_digits_or_symbols_is_refused(typed):
    from jiandu.core.validators import InvalidCode, normalise_person_name

    with pytest.raises(InvalidCode, match="不能有数字"):
        normalise_person_name(typed)


def test_an_import_cell_checks_a_phone_like_the_forms():
    from jiandu.core.imports import BadValue, cells

    assert cells.phone("0571-8888 6666") == "057188886666"
    assert cells.phone(13900000000.0) == "13900000000"
    for bad in ("12345", "1234567"):
        with pytest.raises(BadValue, match="手机号为11位数字"):
            cells.phone(bad)
