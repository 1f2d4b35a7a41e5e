"""Cadre forms and the cadre import use the shared validators (core.validators): a
phone "12345" is refused at its field, or by row and column (a name with a digit at the
form's field)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from jiandu.core.testing import make_citizen_id
from jiandu.org import imports, services
from jiandu.org.models import Cadre

pytestmark = pytest.mark.django_db


def xlsx(rows: list[list]) -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("干部.xlsx", buffer.getvalue())


def test_an_import_row_with_phone_12345_is_refused_by_row_and_column(county):
    admin = county.users["admin"]
    upload = xlsx(
        [
            ["姓名", "身份证号", "职级", "联系电话"],
            ["王强", make_citizen_id(701), "县处级", "12345"],
            ["李娜", make_citizen_id(702), "乡科级", "0571-8888 6666"],
            ["赵敏", make_citizen_id(703), "乡科级", "+86 139 0000 0000"],
        ]
    )
    result = imports.import_xlsx(actor=admin, kind="cadres", file=upload)
    assert not result.ok and result.created == 0
    found = {(e.row, e.column): e.message for e in result.errors}
    assert "手机号为11位数字" in found[(2, "D（联系电话）")]
    assert len(found) == 1
    assert not Cadre.objects.filter(citizen_id=make_citizen_id(701)).exists()


def test_a_good_import_stores_the_phone_as_digits(county):
    admin = county.users["admin"]
    upload = xlsx(
        [
            ["姓名", "身份证号", "职级", "联系电话"],
            ["赵  敏", make_citizen_id(704), "乡科级", "+86 139 0000 0000"],
        ]
    )
    result = imports.import_xlsx(actor=admin, kind="cadres", file=upload)
    assert result.ok, result.errors
    cadre = Cadre.objects.get(citizen_id=make_citizen_id(704))
    assert (cadre.name, cadre.phone) == ("赵敏", "13900000000")


def test_cadre_edit_shows_every_error_at_once_and_keeps_what_was_typed(client_for, county):
    cadre = services.cadre_create(
        actor=county.users["admin"], name="王强", citizen_id=make_citizen_id(705), rank="county"
    )
    client = client_for(county.users["admin"])
    url = reverse("org:cadre_edit", args=(cadre.pk,))
    page = client.get(url).content.decode()
    assert 'class="form-label required" for="id_name"' in page
    response = client.post(
        url,
        {
            "name": "王5",
            "political_status": cadre.political_status,
            "rank": "no-such-rank",
            "phone": "12345",
            "notes": "备注照旧保留",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    for field in ("name", "rank", "phone"):
        assert f'data-testid="error-{field}"' in html, field
    assert "备注照旧保留" in html and 'value="12345"' in html
    cadre.refresh_from_db()
    assert cadre.phone != "12345"
