"""The ledger kit (``core.ledger``, ``core.tables``, ``core.badges``): one declaration
gives the page, the htmx fragment, whitelisted sorting, the filter form rendered from the
FilterSet and the Excel export."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import django_filters
import django_tables2 as tables
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from jiandu.core.badges import Badges
from jiandu.core.filters import StyledFilterSet
from jiandu.core.ledger import SERIAL, ExportColumn, Ledger, Sheet, xlsx_bytes
from jiandu.core.tables import BadgeColumn, LedgerTable
from jiandu.org.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

KIND_BADGES = Badges(UnitKind, {UnitKind.COMMISSION: "bg-red-lt", UnitKind.TOWN: "bg-blue-lt"})


class UnitTestFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="名称", field_name="name", lookup_expr="contains")
    kind = django_filters.ChoiceFilter(label="类别", choices=UnitKind.choices)
    kinds = django_filters.MultipleChoiceFilter(
        label="多个类别", field_name="kind", choices=UnitKind.choices
    )
    parent = django_filters.NumberFilter(label="上级单位", field_name="parent_id")
    active = django_filters.BooleanFilter(label="在用", field_name="is_active")
    created_from = django_filters.DateFilter(label="建立日期起", method="filter_nothing")

    class Meta:
        model = Unit
        fields = ["q", "kind", "kinds", "parent", "active", "created_from"]

    def filter_nothing(self, queryset, name, value):
        return queryset


class UnitTestTable(LedgerTable):
    code = tables.Column(verbose_name="编码", orderable=True)
    name = tables.Column(verbose_name="名称", orderable=True, order_by=("name", "code"))
    kind = BadgeColumn(KIND_BADGES, verbose_name="类别")

    class Meta(LedgerTable.Meta):
        model = Unit
        fields = ()
        row_attrs = {"data-testid": "unit-row"}


def _units(*, user, filters):
    return UnitTestFilter(filters, queryset=Unit.objects.order_by("-code")).qs


LEDGER = Ledger(
    selector=_units,
    filterset=UnitTestFilter,
    table=UnitTestTable,
    template="org/unit_list.html",
    filter_fields=("q", "kind", "kinds", "parent", "active", "created_from"),
    filter_choices={"parent": lambda request: [(u.pk, u.name) for u in Unit.objects.all()]},
    filter_attrs={"q": {"data-testid": "unit-search"}},
    export_columns=[
        ExportColumn("序号", SERIAL, width=6),
        ExportColumn("编码", lambda u: u.code, text=True),
        ExportColumn("名称", lambda u: u.name, wrap=True),
    ],
    export_sheet="单位",
    export_filename="units-{date}.xlsx",
    export_capability="org.export",
)


def _request(user=None, **params):
    request = RequestFactory().get("/units/", params)
    request.user = user or AnonymousUser()
    return request


def _codes(queryset) -> list[str]:
    return list(queryset.values_list("code", flat=True))


def test_only_orderable_columns_may_sort(county):
    assert LEDGER.sort_keys() == {"code": ("code",), "name": ("name", "code")}
    assert LEDGER.ordering(_request(ordering="name")) == "name"
    assert LEDGER.ordering(_request(ordering="-code")) == "-code"
    assert LEDGER.ordering(_request(ordering="kind")) == ""  # a column, not orderable
    assert LEDGER.ordering(_request(ordering="password")) == ""  # not a column
    assert LEDGER.ordering(_request(ordering="--code")) == ""


def test_rows_sort_by_the_whitelist_and_ignore_anything_else(county):
    by_selector = _codes(LEDGER.rows(_request()))
    assert by_selector == sorted(by_selector, reverse=True)
    assert _codes(LEDGER.rows(_request(ordering="code"))) == sorted(by_selector)
    assert _codes(LEDGER.rows(_request(ordering="-code"))) == by_selector
    # Unknown or forbidden sort keys leave the selector's order and raise no error.
    assert _codes(LEDGER.rows(_request(ordering="is_active"))) == by_selector
    assert _codes(LEDGER.rows(_request(ordering="parent__name; drop"))) == by_selector


def test_sorting_and_export_are_not_handed_to_the_filterset(county):
    filters = LEDGER.filters(_request(ordering="code", export="xlsx", kind="town", page="2"))
    assert "ordering" not in filters and "export" not in filters
    assert filters["kind"] == "town"


def test_filter_form_is_rendered_from_the_filterset(county):
    form = LEDGER.filter_form(_request(kind="town", kinds=["town", "village"]))
    assert list(form.fields) == ["q", "kind", "kinds", "parent", "active", "created_from"]
    html = {name: str(form[name]) for name in form.fields}
    assert 'data-testid="unit-search"' in html["q"]
    # A choice filter is a select with the Chinese "all" choice and the current value.
    assert html["kind"].startswith("<select") and ">全部类别</option>" in html["kind"]
    assert '<option value="town" selected>' in html["kind"]
    # Several values are checkboxes; a yes-no filter reads 全部/是/否; a date a date picker.
    assert html["kinds"].count('type="checkbox"') == len(UnitKind.choices)
    assert html["kinds"].count("checked") == 2
    assert ">是</option>" in html["active"] and ">否</option>" in html["active"]
    assert 'type="date"' in html["created_from"]
    # An id filter offers the choices the ledger gives (scoped by the caller).
    town = county.units["town_a"]
    assert f'<option value="{town.pk}">{town.name}</option>' in html["parent"]


def test_hidden_filters_keep_values_not_shown_in_the_form(county):
    ledger = Ledger(
        selector=_units, filterset=UnitTestFilter, table=UnitTestTable, template="x.html",
        filter_fields=("q",),
    )  # fmt: skip
    form = ledger.filter_form(_request(q="镇", parent="7", page="3"))
    visible, hidden = ledger.form_fields(form)
    assert [field.name for field in visible] == ["q"]
    assert hidden == [("parent", "7")]  # the page number is not kept


def test_page_context_builds_the_table_of_one_page(county):
    context = LEDGER.page_context(_request(county.users["leader"], ordering="code"))
    table, page = context["table"], context["page_obj"]
    assert page.paginator.count == Unit.objects.count()
    assert len(table.rows) == len(page.object_list)
    codes = [row.record.code for row in table.rows]
    assert codes == sorted(codes)
    headers = {h["column"].name: h for h in context["ledger_headers"]}
    assert headers["code"]["state"] == "asc" and headers["code"]["sort"] == "-code"
    assert headers["name"]["sort"] == "name" and headers["kind"]["sort"] is None


def test_a_real_ledger_page_fragment_and_sort_links(client_for, county):
    client = client_for(county.users["leader"])
    page = client.get(reverse("org:cadre_list")).content.decode()
    assert "<html" in page and 'data-testid="cadre-table"' in page
    assert '<select name="rank"' in page and "全部职级" in page  # from CadreFilter
    assert 'class="table-sort"' in page and "ordering=birth_date" in page
    fragment = client.get(
        reverse("org:cadre_list"), {"ordering": "-name"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in fragment and "<form" not in fragment
    assert 'data-testid="cadre-table"' in fragment and 'class="table-sort desc"' in fragment
    ignored = client.get(reverse("org:cadre_list"), {"ordering": "citizen_id"})
    assert ignored.status_code == 200 and "筛选条件有误" not in ignored.content.decode()


def test_export_writes_the_rows_of_every_page_with_the_one_header_style(county):
    request = _request(county.users["leader"], kind="town", ordering="code")
    response = LEDGER.export(request)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "units-" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content))["单位"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("序号", "编码", "名称")
    towns = sorted(Unit.objects.filter(kind="town").values_list("code", "name"))
    assert rows[1:] == [(i, code, name) for i, (code, name) in enumerate(towns, start=1)]
    assert sheet["A1"].font.bold and sheet["A1"].fill.fgColor.rgb.endswith("F2F2F2")
    assert sheet["B2"].number_format == "@"


def test_export_needs_the_export_capability(county):
    with pytest.raises(PermissionDenied):
        LEDGER.export(_request(county.users["petition"]))


def test_the_export_query_parameter_on_the_page_gives_the_file(client_for, county):
    response = client_for(county.users["leader"]).get(
        reverse("clues:clue_list"), {"export": "xlsx"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert header[:2] == ("序号", "线索编号")


def test_writer_types_dates_money_text_and_several_sheets():
    columns = [
        ExportColumn("日期"),
        ExportColumn("金额", money=True),
        ExportColumn("身份证号", text=True),
        ExportColumn("说明", wrap=True),
    ]
    content = xlsx_bytes(
        Sheet("甲", columns, [[date(2026, 3, 5), Decimal("1234.5"), 110101, "很长的说明"]]),
        Sheet("乙", columns[:1], [[None]], freeze=""),
    )
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["甲", "乙"]
    first = book["甲"]
    assert first.freeze_panes == "A2"
    assert isinstance(first["A2"].value, datetime) and first["A2"].number_format == "yyyy-mm-dd"
    assert first["B2"].value == 1234.5 and first["B2"].number_format == "#,##0.00"
    assert first["C2"].value == "110101" and first["C2"].number_format == "@"
    assert first["D2"].alignment.wrap_text
    assert book["乙"]["A2"].value is None


def test_badges_are_declared_once_per_choices():
    assert KIND_BADGES.css(UnitKind.TOWN) == "bg-blue-lt" == KIND_BADGES["town"]
    assert KIND_BADGES.css("village") == "bg-secondary-lt"  # not declared: neutral
    assert KIND_BADGES.get("village", "") == ""  # a dict for detail pages
    html = KIND_BADGES.render("town", data_testid="kind")
    assert html == f'<span class="badge bg-blue-lt" data-testid="kind">{UnitKind.TOWN.label}</span>'
    with pytest.raises(ValueError, match="not values of UnitKind"):
        Badges(UnitKind, {"nonsense": "bg-red-lt"})


def test_the_ledger_table_is_well_formed_html(client_for, county):
    """Every table, header, row and cell element keeps its attributes as attributes
    (``<th class=…>``, never ``<thclass=…>``), as a browser parses them."""
    from html.parser import HTMLParser

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[tuple[str, dict]] = []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))

    parser = Tags()
    page = client_for(county.users["leader"]).get(reverse("org:cadre_list")).content.decode()
    parser.feed(page)
    names = {tag for tag, _ in parser.tags}
    assert {"table", "thead", "tbody", "tr", "th", "td"} <= names
    assert not names & {"tableclass", "thclass", "trclass", "trdata-testid", "tdclass"}
    table = next(attrs for tag, attrs in parser.tags if tag == "table")
    assert "table" in table["class"].split() and table["data-testid"] == "cadre-table"
    assert any(
        tag == "th" and "orderable" in (attrs.get("class") or "") for tag, attrs in parser.tags
    )
    assert any(tag == "tr" and attrs.get("class") in ("even", "odd") for tag, attrs in parser.tags)
