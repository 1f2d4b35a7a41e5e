"""The declaration import: a good file, a wrong ID check digit (row and column, nothing
imported), an unknown cadre, a name that is not the cadre's, a year already
registered or twice in the file, and the template."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from jiandu.audit.models import Event
from jiandu.core.downloads import XLSX
from jiandu.core.errors import PermissionDenied
from jiandu.core.testing import make_citizen_id
from jiandu.integrity import register_services as services
from jiandu.integrity.models import PersonalDeclaration
from jiandu.integrity.register_imports import DeclarationImport, declarations_import

pytestmark = pytest.mark.django_db

HEADER = [
    "身份证号",
    "姓名",
    "报告年度",
    "报告日期",
    "婚姻状况",
    "婚姻变化情况",
    "配偶、子女移居国（境）外情况",
    "配偶、子女及其配偶经商办企业情况",
    "房产情况",
    "投资情况（股票、基金、投资型保险等）",
    "其他需要报告的事项",
]


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return date(2026, 6, 15) if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def xlsx(rows, name="个人有关事项报告.xlsx"):
    book = Workbook()
    sheet = book.active
    for row in [HEADER, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def row(cadre, year=2025, **changes):
    values = {
        "id": cadre.citizen_id,
        "name": cadre.name,
        "year": year,
        "reported_on": "2026-01-20",
        "marital": "已婚",
        "changes": "",
        "abroad": "无",
        "business": "配偶，王芳，青山县某某商贸有限公司，股东",
        "estate": "本人，东镇幸福路12号，120，自住\n配偶，县城青山花园3幢，98.5，出租",
        "invest": "",
        "notes": "",
        **changes,
    }
    return list(values.values())


def test_a_good_file_is_imported_whole_with_one_summary_event(county):
    actor = county.users["case_management"]
    c = county.cadres
    upload = xlsx([row(c["edu_head"]), row(c["edu_head"], year=2024), row(c["town_b_head"])])
    result = declarations_import(actor=actor, file=upload)
    assert result.ok, result.errors
    assert result.created == 3
    edu = PersonalDeclaration.objects.filter(cadre=c["edu_head"]).order_by("year")
    assert [d.year for d in edu] == [2024, 2025]
    d = edu[1]
    assert d.marital_status == "married" and d.reported_on == date(2026, 1, 20)
    assert d.relatives_abroad == []
    assert d.relatives_business == [
        {"relation": "配偶", "name": "王芳", "company": "青山县某某商贸有限公司", "role": "股东"}
    ]
    assert [e["address"] for e in d.real_estate] == ["东镇幸福路12号", "县城青山花园3幢"]
    summary = Event.objects.filter(action="integrity.import.declarations")
    assert summary.count() == 1
    assert summary.get().payload["created"] == 3 and summary.get().actor_id == actor.pk


def test_a_wrong_id_check_digit_is_refused_at_its_row_and_column_and_nothing_imported(county):
    c = county.cadres
    good = c["edu_head"].citizen_id
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    before = Event.objects.count()
    upload = xlsx([row(c["fin_head"]), row(c["edu_head"], id=wrong)])
    result = declarations_import(actor=county.users["case_management"], file=upload)
    assert not result.ok and result.created == 0
    (error,) = result.errors
    assert (error.row, error.column) == (3, "A（身份证号）")
    assert "校验" in error.message
    assert not PersonalDeclaration.objects.exists()
    assert Event.objects.count() == before


def test_unknown_cadre_wrong_name_and_bad_items_each_name_their_cell(county):
    c = county.cadres
    unknown = make_citizen_id(777)
    upload = xlsx(
        [
            row(c["edu_head"], id=unknown),
            row(c["fin_head"], name="王刚"),
            row(c["town_a_head"], estate="本人"),
            row(c["town_b_head"], year=2027),
        ]
    )
    result = declarations_import(actor=county.users["case_management"], file=upload)
    got = [(e.row, e.column) for e in result.errors]
    assert got == [
        (2, "A（身份证号）"),
        (3, "B（姓名）"),
        (4, "I（房产情况）"),
        (5, "C（报告年度）"),
    ]
    messages = [e.message for e in result.errors]
    assert "未在干部名册中登记" in messages[0]
    assert "与身份证号对应的干部“王强”不一致" in messages[1]
    assert "第1项“本人”不完整" in messages[2]
    assert "2000年至2026年" in messages[3]
    assert not PersonalDeclaration.objects.exists()


def test_a_year_already_registered_or_twice_in_the_file_is_refused(county):
    c = county.cadres
    services.declaration_create(
        actor=None,
        cadre=c["edu_head"],
        year=2025,
        reported_on=date(2026, 1, 10),
        marital_status="married",
    )
    upload = xlsx([row(c["edu_head"]), row(c["fin_head"]), row(c["fin_head"], marital="离异")])
    result = declarations_import(actor=county.users["case_management"], file=upload)
    got = [(e.row, e.column) for e in result.errors]
    assert got == [(2, "C（报告年度）"), (4, "C（报告年度）")]
    assert "张伟的2025年度个人有关事项报告已登记，不能重复导入" in result.errors[0].message
    assert "与第3行是同一干部同一年度" in result.errors[1].message
    # Nothing replaced, nothing added.
    assert PersonalDeclaration.objects.count() == 1
    assert PersonalDeclaration.objects.get().reported_on == date(2026, 1, 10)


def test_only_a_role_with_the_import_capability_may_import(county):
    with pytest.raises(PermissionDenied):
        upload = xlsx([row(county.cadres["town_a_head"])])
        declarations_import(actor=county.users["township_commission"], file=upload)


def test_the_template_has_the_header_and_a_guide():
    book = load_workbook(io.BytesIO(DeclarationImport.template_xlsx()))
    header = [c.value for c in book.worksheets[0][1]]
    assert [h.rstrip("*") for h in header if h] == HEADER
    guide = " ".join(str(v) for r in book.worksheets[1].iter_rows(values_only=True) for v in r if v)
    assert "同一干部同一年度" in guide and "产权人" in guide
