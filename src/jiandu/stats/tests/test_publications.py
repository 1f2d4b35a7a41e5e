"""Publishing: a table frozen as issued and compared with a recount; bulletins generated,
edited, issued and downloaded as Word; the Excel export; the API."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from jiandu.audit.models import Event
from jiandu.clues import services as clue_services
from jiandu.core.errors import DomainError
from jiandu.stats import periods as P
from jiandu.stats import publication_services as services
from jiandu.stats.models import BulletinTemplate, Publication, PublicationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 20))


def _clue(county, received_on, source="report"):
    return clue_services.clue_create(
        actor=county.users["case_management"],
        source=source,
        summary="反映其违规收受礼金。",
        received_on=received_on,
        subject_cadre=county.cadres["edu_head"],
        category_codes=["integrity"],
    )


def _events(action):
    return Event.objects.filter(action=action).count()


def test_a_published_table_is_frozen_and_a_recount_shows_what_changed(county, frozen, client):
    _clue(county, date(2026, 2, 1))
    _clue(county, date(2026, 3, 1), source="audit")
    leader = county.users["leader"]
    before = (_events("stats.publication.create"), _events("stats.publication.issue"))
    pub = services.table_publish(actor=leader, table_key="clues", period=P.parse("2026-01..10"))
    assert (_events("stats.publication.create"), _events("stats.publication.issue")) == (
        before[0] + 1,
        before[1] + 1,
    )
    assert pub.status == PublicationStatus.ISSUED and pub.number == "2026年第1期"
    total = next(r for r in pub.numbers["rows"] if r["total"])
    assert pub.numbers["values"][total["key"]]["received"] == 2
    # an issued publication can't be edited or recounted
    with pytest.raises(DomainError, match="已发布"):
        services.publication_edit(actor=leader, publication=pub, title="x", text="y")
    with pytest.raises(DomainError, match="已发布"):
        services.publication_recount(
            actor=leader, publication=pub, definitions_version="x", numbers={}
        )
    # a record registered late for the period: the recount differs, the issue doesn't
    _clue(county, date(2026, 4, 1))
    client.force_login(leader)
    page = client.get(f"/stats/publications/{pub.pk}/").content.decode()
    assert "changed-cell" not in page and "2026年第1期" in page
    page = client.get(f"/stats/publications/{pub.pk}/?recount=1").content.decode()
    assert 'data-testid="changed-cell"' in page
    # every cell whose recount differs from the issue is marked, and only those: the
    # late clue changes 受理线索 (and its source column, its disposition clock …) in the
    # handling unit's row and in the total
    from jiandu.stats import standard
    from jiandu.stats.selectors import table_compute

    now = table_compute(
        user=leader, table=standard.get("clues"), period=P.parse("2026-01..10"), compare=False
    ).numbers()
    changed = [
        (row, col)
        for row, values in pub.numbers["values"].items()
        for col, value in values.items()
        if now.get(row, {}).get(col) != value
    ]
    assert (total["key"], "received") in changed and len(changed) >= 4
    assert page.count('data-testid="changed-cell"') == len(changed)
    assert f"{len(changed)} 个数字与发布时不同" in page
    pub.refresh_from_db()
    assert pub.numbers["values"][total["key"]]["received"] == 2
    second = services.table_publish(actor=leader, table_key="clues", period=P.parse("2026-01..10"))
    assert second.number == "2026年第2期"


def test_a_role_without_publish_cannot_publish(county, frozen, client):
    with pytest.raises(DomainError):
        services.table_publish(
            actor=county.users["supervision_office"], table_key="clues", period=P.parse("2026")
        )
    client.force_login(county.users["supervision_office"])
    assert client.post("/stats/tables/clues/publish/", {"period": "2026"}).status_code == 403


def test_the_table_page_publishes(county, frozen, client):
    client.force_login(county.users["case_management"])
    response = client.post("/stats/tables/clues/publish/", {"period": "2026-Q1"})
    pub = Publication.objects.get()
    assert response["Location"] == f"/stats/publications/{pub.pk}/"
    assert pub.period_label == "2026年第一季度" and pub.issued_by == county.users["case_management"]


def test_excel_export_has_merged_headers_and_the_numbers(county, frozen, client):
    _clue(county, date(2026, 2, 1))
    _clue(county, date(2026, 3, 1), source="audit")
    client.force_login(county.users["leader"])
    response = client.get("/stats/tables/clues/?period=2026-01..10&export=xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "问题线索处置情况表"
    assert "填报单位：" in sheet["A2"].value and "2026年1—10月" in sheet["A2"].value
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A3:A4" in merged  # 单位 spans both header rows
    assert "B3:B4" in merged  # 受理线索 has no group
    groups = [r for r in merged if r.startswith("C3:")]
    assert groups and sheet["C3"].value == "按来源"  # the split's columns under one cell
    assert sheet["C4"].value  # a source's label
    last = sheet.max_row
    assert sheet.cell(row=last, column=1).value == "合计"
    assert sheet.cell(row=last, column=2).value == 2
    # the source columns (under the merged 按来源 cell) add up to the 2 clues received
    source = next(r for r in sheet.merged_cells.ranges if str(r).startswith("C3:"))
    cols = range(source.min_col, source.max_col + 1)
    assert sum(sheet.cell(row=last, column=c).value or 0 for c in cols) == 2


def test_excel_export_needs_the_capability(county, frozen, client):
    client.force_login(county.users["leader"])
    assert client.get("/stats/tables/clues/?export=xlsx").status_code == 200


def _template(**kw):
    data = {
        "name": "测试月报",
        "kind": "monthly",
        "valid_from": date(2026, 1, 1),
        "title": "关于{period}线索处置情况的通报",
        "text": "{period}，{unit}共受理问题线索{clues_received}件，同比{clues_received_yoy}。\n"
        "请各单位抓好落实。",
        "tables": ["clues"],
    }
    data.update(kw)
    return BulletinTemplate.objects.create(**data)


def test_unknown_placeholder_is_refused_when_the_template_is_saved(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=r"占位符“\{clues_nonsense\}”不存在"):
        _template(text="共{clues_nonsense}件")
    with pytest.raises(ValidationError, match="不是标准报表"):
        _template(tables=["nope"])


def test_the_default_templates_name_only_known_placeholders(db):
    from jiandu.stats.bulletins import template_errors

    seeded = BulletinTemplate.objects.all()
    assert seeded.count() == 2
    for t in seeded:
        assert template_errors(title=t.title, text=t.text, tables=t.tables) == {}


def test_a_bulletin_is_generated_edited_issued_and_downloaded(county, frozen, client):
    _clue(county, date(2026, 2, 1))
    _clue(county, date(2026, 3, 1))
    _clue(county, date(2025, 3, 1))
    template = _template()
    client.force_login(county.users["leader"])
    response = client.post(
        "/stats/bulletins/new/", {"template": template.pk, "period": "2026-01..10"}
    )
    pub = Publication.objects.get(kind="bulletin")
    assert response["Location"] == f"/stats/bulletins/{pub.pk}/edit/"
    assert pub.title == "关于2026年1—10月线索处置情况的通报"
    assert "共受理问题线索2件，同比增长100.0%" in pub.text
    assert pub.numbers["tables"][0]["table"] == "clues"
    edited = pub.text.replace("请各单位抓好落实。", "请各单位于12月底前报送整改情况。")
    events = Event.objects.count()
    version = services.publication_version(pub)
    response = client.post(
        f"/stats/bulletins/{pub.pk}/edit/",
        {"title": pub.title, "text": edited, "version": version},
    )
    assert response.status_code == 302 and Event.objects.count() == events + 1
    client.post(f"/stats/bulletins/{pub.pk}/issue/")
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.ISSUED and pub.number == "2026年第1期"
    # frozen: no more edits
    client.post(f"/stats/bulletins/{pub.pk}/edit/", {"title": "改", "text": "改"})
    pub.refresh_from_db()
    assert pub.title != "改"
    response = client.get(f"/stats/bulletins/{pub.pk}/download/")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "请各单位于12月底前报送整改情况。" in text
    assert "测试县纪委监委" in text or "纪委" in text  # the issuer from the register
    assert doc.tables  # the included table
    page = client.get(f"/stats/publications/{pub.pk}/").content.decode()
    assert "请各单位于12月底前报送整改情况。" in page


def test_a_template_naming_a_figure_not_yet_built_says_so(county, frozen, monkeypatch):
    from jiandu.core import figures

    template = _template(text="留置{cases_detentions}人。", tables=[])
    monkeypatch.delitem(figures.REGISTRY, "cases.detentions")  # as if not built yet
    with pytest.raises(DomainError, match="尚未建立"):
        services.bulletin_generate(
            actor=county.users["leader"], template_id=template.pk, period=P.parse("2026")
        )


def test_api_gives_the_table_as_the_page_does(county, frozen, client):
    _clue(county, date(2026, 2, 1))
    _clue(county, date(2025, 2, 1))
    client.force_login(county.users["leader"])
    listing = client.get("/api/stats/tables/").json()
    assert "clues" in [t["key"] for t in listing]
    data = client.get("/api/stats/tables/clues/?period=2026-01..10").json()
    assert data["version"] and data["definitions"]
    total = data["rows"][-1]
    assert total["total"]
    cell = total["cells"][0]
    assert (cell["value"], cell["year_earlier"], cell["yoy"]) == (1, 1, 0.0)
    assert "fig=clues.received" in cell["url"]
    assert client.get(cell["url"]).status_code == 200
    assert client.get("/api/stats/tables/clues/?period=bad").status_code == 400
    assert client.get("/api/stats/tables/nope/").status_code == 404
    # scoped as the page: a resident team sees its own row only
    client.force_login(county.users["resident_team"])
    rows = client.get("/api/stats/tables/clues/?period=2026").json()["rows"]
    assert [r["name"] for r in rows] == ["派驻第一纪检监察组"] and rows[0]["cells"][0]["value"] == 0
