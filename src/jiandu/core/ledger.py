"""Ledger pages (台账): one declaration gives a list page, its htmx fragment, sorting,
paging and the Excel export.

A module declares a ``Ledger``:

- ``selector(user=…, filters=…)``: the rows the user may see, filtered by the module's
  FilterSet (the same FilterSet the API uses);
- ``filterset``: that FilterSet class; the page's filter form is rendered from it
  (``filter_fields`` says which filters appear, in order; ``filter_choices`` gives the
  scoped choices of an id filter, e.g. the units the user may see);
- ``table``: a django-tables2 table (``core.tables.LedgerTable``); its ``orderable``
  columns are the only sort keys the page accepts (``?ordering=name`` / ``-name``; any
  other value is ignored and the selector's order stays);
- ``export_columns``: the Excel columns (``ExportColumn``), written by ``xlsx_bytes``,
  the one Excel writer (header style, widths, dates, money, text cells).

``ledger_view(ledger, capability=…)`` is the Django view: the full page, the table
fragment for an htmx request (``HX-Request``), and ``?export=xlsx`` when the ledger has
export columns (``export_view`` serves the same export at a URL of its own). Pages are
``core.pagination.paginate`` pages (50 rows; a bad page number gives the nearest).
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

import django_tables2 as tables
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template import Context
from django.utils import timezone
from django_filters import FilterSet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from jiandu.core import figures
from jiandu.core.downloads import xlsx_response
from jiandu.core.figures import DRILL_PARAMS
from jiandu.core.pagination import PAGE_SIZE, paginate
from jiandu.core.permissions import capability_required
from jiandu.core.validators import xml_safe
from jiandu.core.xlsx import save_book, style_header

ORDERING_PARAM = "ordering"
EXPORT_PARAM = "export"
# Parameters that are not filters: never handed to the selector's FilterSet (a
# statistics drill-down, ``core.figures``, is applied by ``Ledger.rows`` itself).
NOT_FILTERS = frozenset({ORDERING_PARAM, EXPORT_PARAM}) | DRILL_PARAMS

# --- the Excel writer ----------------------------------------------------------------------

WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"
CHUNK = 2000


class _Serial:
    """The row number (序号) column's value: 1, 2, 3… in the written order."""

    def __repr__(self) -> str:
        return "SERIAL"


SERIAL: Any = _Serial()


@dataclass(frozen=True)
class ExportColumn:
    """One column of an Excel export.

    ``value`` reads the cell from a row's record (or is ``SERIAL`` for 序号); without it
    the rows are sequences of cell values in column order. ``text`` keeps a value as
    text (ID numbers, codes), ``money`` writes a number with two decimals, ``wrap`` wraps
    long text, ``required`` marks the header of a column an import needs."""

    header: str
    value: Callable[[Any], Any] | None = None
    width: int = 12
    wrap: bool = False
    text: bool = False
    money: bool = False
    required: bool = False


@dataclass
class Sheet:
    title: str
    columns: Sequence[ExportColumn]
    rows: Iterable[Any]
    freeze: str = "A2"


# Every data cell is written as SpreadsheetML text by one small function per column
# (``_column_writer``), not through openpyxl's cell objects: openpyxl spends some 40 µs
# on each cell (a Cell object, its style hashed, lxml calls), which made a ledger of a
# thousand rows take a second. openpyxl still writes everything around the cells (the
# workbook, styles, column widths, frozen header, header row) into a skeleton, and the
# rows are streamed into each sheet's ``<sheetData>`` in its place. The cells are the
# ones openpyxl wrote before: inline strings, numbers with "%.16g", dates as serial
# numbers; text is never a formula (formula injection: HYPERLINK, DDE).

_EXCEL_EPOCH = datetime(1899, 12, 30)
_MAX_TEXT = 32767  # Excel's limit on a cell's text (openpyxl truncates alike)
_BATCH = 500  # rows encoded and compressed at a time


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _text_xml(ref: str, style: str, text: str) -> str:
    text = text[:_MAX_TEXT]
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'


def _number_xml(ref: str, style: str, number: Any) -> str:
    number = float(number) if isinstance(number, Decimal) else number
    text = "" if number != number or number in (math.inf, -math.inf) else f"{number:.16g}"
    return f'<c r="{ref}"{style} t="n"><v>{text}</v></c>'


def _serial(value: date) -> float:
    """A date as Excel's serial number (openpyxl's ``to_excel``), a time as its fraction."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = timezone.localtime(value).replace(tzinfo=None)
        delta = value - _EXCEL_EPOCH
        days: float = delta.days
        fraction = (delta.seconds + delta.microseconds / 1_000_000) / 86400
    else:
        days, fraction = value.toordinal() - _EXCEL_EPOCH.toordinal(), 0
    if 0 < days <= 60:  # Excel's 1900 leap-year bug, as openpyxl writes it
        days -= 1
    return days + fraction


def _plain_xml(ref: str, style: str, value: Any) -> str:
    if isinstance(value, str):
        return _text_xml(ref, style, value)
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float, Decimal)):
        return _number_xml(ref, style, value)
    return _text_xml(ref, style, str(value))


def _column_writer(column: ExportColumn, styles: Mapping[str, str]) -> Callable[[str, Any], str]:
    """The function writing one of ``column``'s cells (its reference and value) as XML,
    or "" for an empty cell; the value's type and the column's kind decide as before:
    a date is a date, a ``text`` column text (format "@"), a ``money`` column a number
    with two decimals, a ``wrap`` column wrapped."""
    date_style = styles["date"]
    kind = "text" if column.text else "money" if column.money else "wrap" if column.wrap else ""
    style = styles[kind] if kind else ""

    def write(ref: str, value: Any) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, str):
            value = xml_safe(value)
            if not value:
                return ""
        if isinstance(value, date):
            return _number_xml(ref, date_style, _serial(value))
        if kind == "text":
            return _text_xml(ref, style, str(value))
        if kind == "money" and isinstance(value, (Decimal, float, int)):
            if not isinstance(value, bool):
                return _number_xml(ref, style, value)
            return _plain_xml(ref, "", value)
        return _plain_xml(ref, style, value)

    return write


def _values(columns: Sequence[ExportColumn], row: Any, serial: int) -> list[Any]:
    if all(c.value is None for c in columns):
        return list(row)
    return [
        serial if c.value is SERIAL else (c.value(row) if c.value is not None else None)
        for c in columns
    ]


def _skeleton(sheets: Sequence[Sheet]) -> tuple[bytes, dict[str, str]]:
    """openpyxl's workbook of ``sheets`` with their header rows and no data rows, and the
    style attribute (`` s="3"``) of each kind of data cell."""
    book = Workbook(write_only=True)
    for spec in sheets:
        sheet = book.create_sheet(spec.title)
        for index, column in enumerate(spec.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        if spec.freeze:
            sheet.freeze_panes = spec.freeze
        header = []
        for column in spec.columns:
            cell = WriteOnlyCell(sheet, value=column.header)
            style_header(cell, required=column.required)
            header.append(cell)
        sheet.append(header)
    prototypes = {}
    probe = book.create_sheet("probe")
    for kind, number_format, alignment in (
        ("date", DATE_FORMAT, None),
        ("text", "@", None),
        ("money", MONEY_FORMAT, None),
        ("wrap", None, WRAP),
    ):
        cell = WriteOnlyCell(probe, value=None)
        if number_format:
            cell.number_format = number_format
        if alignment:
            cell.alignment = alignment
        prototypes[kind] = f' s="{cell.style_id}"'
    book.remove(probe)
    return save_book(book), prototypes


def _write_rows(out: Any, spec: Sheet, styles: Mapping[str, str]) -> None:
    """The data rows of ``spec`` (from the sheet's row 2 on), streamed to ``out``."""
    columns = spec.columns
    letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
    writers = list(zip(letters, [_column_writer(c, styles) for c in columns], strict=True))
    batch: list[str] = []
    for serial, row in enumerate(spec.rows, start=1):
        number = serial + 1
        values = _values(columns, row, serial)
        cells = "".join(
            [
                write(f"{letter}{number}", value)
                for (letter, write), value in zip(writers, values, strict=True)
            ]
        )
        batch.append(f'<row r="{number}">{cells}</row>')
        if len(batch) == _BATCH:
            out.write("".join(batch).encode())
            batch = []
    out.write("".join(batch).encode())


def xlsx_bytes(*sheets: Sheet) -> bytes:
    """The workbook of ``sheets``: openpyxl's skeleton (``_skeleton``) with each sheet's
    rows streamed into it."""
    skeleton, styles = _skeleton(sheets)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(skeleton)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as target,
    ):
        paths = {f"xl/worksheets/sheet{i}.xml": spec for i, spec in enumerate(sheets, start=1)}
        for info in source.infolist():
            content = source.read(info.filename)
            spec = paths.get(info.filename)
            if spec is None:
                target.writestr(info, content)
                continue
            head, end, tail = content.partition(b"</sheetData>")
            assert end, f"no sheetData in {info.filename}"
            with target.open(info.filename, "w", force_zip64=True) as out:
                out.write(head)
                _write_rows(out, spec, styles)
                out.write(end + tail)
    return buffer.getvalue()


# --- the ledger declaration ----------------------------------------------------------------


def _iterate(queryset: QuerySet, request: HttpRequest) -> Iterable[Any]:
    return queryset.iterator(chunk_size=CHUNK)


@dataclass(frozen=True)
class Ledger:
    """One ledger page (see the module docstring)."""

    selector: Callable[..., QuerySet]
    filterset: type[FilterSet] | None
    table: type[tables.Table]
    template: str
    nav_key: str = ""
    filter_fields: Sequence[str] = ()
    filter_choices: Mapping[str, Callable[[HttpRequest], Iterable[tuple[Any, str]]]] = field(
        default_factory=dict
    )
    filter_attrs: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # Sets default filter values for the request (e.g. an owner unit starts with its own).
    default_filters: Callable[[QueryDict, HttpRequest], None] | None = None
    per_page: int = PAGE_SIZE
    fragment_template: str = "core/ledger_fragment.html"
    target: str = "ledger-table"
    empty_title: str = "暂无记录"
    empty_hint: str = ""
    # Called with the page's rows (a list) before the table is built, e.g. to attach
    # derived values; and for extra context of the full page.
    prepare: Callable[[list[Any], HttpRequest], None] | None = None
    context: Callable[[HttpRequest], dict[str, Any]] | None = None
    export_columns: Sequence[ExportColumn] = ()
    export_sheet: str = ""
    export_filename: str = "export-{date}.xlsx"
    export_freeze: str = "A2"
    export_capability: str | None = None
    export_rows: Callable[[QuerySet, HttpRequest], Iterable[Any]] = _iterate

    # --- reading the request ---

    def filters(self, request: HttpRequest) -> QueryDict:
        """The request's filter values (sorting and export are not filters)."""
        params = request.GET.copy()
        for name in NOT_FILTERS:
            params.pop(name, None)
        # A drill-down shows exactly what the figure counts: no default filters.
        if self.default_filters is not None and figures.FIGURE_PARAM not in request.GET:
            self.default_filters(params, request)
        return params

    def sort_keys(self) -> dict[str, tuple[str, ...]]:
        """The whitelist: each orderable column's name and the fields it sorts by."""
        table = self.table([])
        keys = {}
        for column in table.columns:
            if column.orderable:
                keys[column.name] = tuple(
                    str(accessor).replace(".", "__") for accessor in column.order_by
                )
        return keys

    def ordering(self, request: HttpRequest) -> str:
        """The requested sort (``name`` or ``-name``) when it is in the whitelist, else ""."""
        value = request.GET.get(ORDERING_PARAM, "").strip()
        return value if value.removeprefix("-") in self.sort_keys() else ""

    def rows(self, request: HttpRequest, filters: Mapping[str, Any] | None = None) -> QuerySet:
        """The selector's rows for the request's filters (or ``filters``), in the
        requested order."""
        if filters is None:
            filters = self.filters(request)
        qs = self.selector(user=request.user, filters=filters)
        errors = getattr(qs, "filter_errors", None)
        qs, _cell = self.drill(qs, request)
        if errors:
            qs.filter_errors = errors  # type: ignore[attr-defined]
        ordering = self.ordering(request)
        if ordering:
            errors = getattr(qs, "filter_errors", None)
            fields = self.sort_keys()[ordering.removeprefix("-")]
            if ordering.startswith("-"):
                fields = tuple(f[1:] if f.startswith("-") else f"-{f}" for f in fields)
            qs = qs.order_by(*fields, "-pk" if ordering.startswith("-") else "pk")
            if errors:  # core.filters marks an invalid filter's rows for the page
                qs.filter_errors = errors  # type: ignore[attr-defined]
        return qs

    def drill(self, qs: QuerySet, request: HttpRequest) -> tuple[QuerySet, figures.Cell | None]:
        """The rows kept to the statistics cell the request names (``core.figures``): a
        figure's drill-down link lands here and shows exactly the rows it counts."""
        try:
            return figures.restrict(qs, request.GET, request.user)
        except figures.DomainError:
            return qs.none(), None

    def drill_context(self, request: HttpRequest) -> dict[str, Any] | None:
        """What the page says about the drill-down it shows (the figure, period, unit)."""
        try:
            cell = figures.Cell.from_params(request.GET)
        except figures.DomainError as exc:
            return {"error": exc.message}
        if cell is None:
            return None
        about = figures.describe(cell, request.user)
        figure = figures.get(cell.figure)
        if figure.value:  # a sum (money): the page shows it besides the rows
            about["sum"] = figure.total(user=request.user, cell=cell)
        return about

    # --- the filter form ---

    def filter_form(self, request: HttpRequest) -> forms.Form:
        """The FilterSet's form for the page: scoped choices for id filters, checkboxes for
        several values, date pickers, 全部/是/否 for yes-no filters."""
        assert self.filterset is not None
        form = self.filterset(self.filters(request), request=request).form
        for name, formfield in form.fields.items():
            widget = formfield.widget
            attrs = dict(self.filter_attrs.get(name, {}))
            if name in self.filter_choices:
                empty = [("", f"全部{formfield.label or ''}")]
                choices = [
                    (v, label) if isinstance(label, (list, tuple)) else (str(v), label)
                    for v, label in self.filter_choices[name](request)
                ]  # a (group label, [choices]) pair is an <optgroup>
                widget = forms.Select(attrs={"class": "form-select"}, choices=empty + choices)
            elif isinstance(formfield, forms.MultipleChoiceField) and not isinstance(
                formfield, forms.ModelMultipleChoiceField
            ):
                widget = forms.CheckboxSelectMultiple(attrs={"class": "btn-check"})
                options = cast(Iterable[tuple[Any, str]], formfield.choices)
                widget.choices = [(v, label) for v, label in options if v != ""]
            elif isinstance(formfield, forms.NullBooleanField):
                widget = forms.Select(
                    attrs={"class": "form-select"},
                    choices=[("", "全部"), ("true", "是"), ("false", "否")],
                )
            elif isinstance(formfield, forms.DateField):
                widget = forms.DateInput(
                    format="%Y-%m-%d", attrs={"class": "form-control", "type": "date"}
                )
            widget.attrs.update(attrs)
            formfield.widget = widget
        return form

    def form_fields(self, form: forms.Form) -> tuple[list[Any], list[tuple[str, str]]]:
        """The shown fields in order, and hidden inputs keeping the other filters set."""
        shown = self.filter_fields or list(form.fields)
        visible = [form[name] for name in shown if name in form.fields]
        hidden = [
            (name, value)
            for name, values in cast(QueryDict, form.data).lists()
            if name not in shown and name != "page"
            for value in values
        ]
        return visible, hidden

    # --- the responses ---

    def page_context(self, request: HttpRequest) -> dict[str, Any]:
        page_obj = paginate(request, self.rows(request), per_page=self.per_page)
        records = list(page_obj.object_list)
        if self.prepare is not None:
            self.prepare(records, request)
        table = self.table(records)
        # Cell templates (TemplateColumn) see the viewer; no context processors per cell.
        table.context = Context({"user": request.user})
        return {
            "page_obj": page_obj,
            "table": table,
            "ledger": self,
            "ledger_headers": self.headers(table, request),
            "ledger_target": self.target,
            "empty_title": self.empty_title,
            "empty_hint": self.empty_hint,
        }

    def headers(self, table: tables.Table, request: HttpRequest) -> list[dict[str, Any]]:
        """Each column header with its sort link: ascending first, then descending."""
        current = self.ordering(request)
        out = []
        for column in table.columns:
            entry: dict[str, Any] = {"column": column, "sort": None, "state": ""}
            if column.orderable:
                if current == column.name:
                    entry["state"], entry["sort"] = "asc", f"-{column.name}"
                elif current == f"-{column.name}":
                    entry["state"], entry["sort"] = "desc", column.name
                else:
                    entry["sort"] = column.name
            out.append(entry)
        return out

    def respond(self, request: HttpRequest, **extra: Any) -> HttpResponse:
        """The full page (with ``extra`` context), the htmx fragment or the export."""
        if request.GET.get(EXPORT_PARAM) == "xlsx" and self.export_columns:
            return self.export(request)
        if self.nav_key:
            request.nav_key = self.nav_key  # type: ignore[attr-defined]
        context = self.page_context(request)
        if getattr(request, "htmx", False):
            return render(request, self.fragment_template, context)
        form = self.filter_form(request) if self.filterset is not None else None
        visible, hidden = self.form_fields(form) if form is not None else ([], [])
        context.update(
            filter=form,
            filter_visible=visible,
            filter_hidden=hidden,
            ordering=self.ordering(request),
            ledger_url=request.path,
            figure_drill=self.drill_context(request),
            figure_params=[
                (name, value)
                for name in sorted(DRILL_PARAMS)
                for value in request.GET.getlist(name)
            ],
        )
        if self.context is not None:
            context.update(self.context(request))
        context.update(extra)
        return render(request, self.template, context)

    def export(
        self,
        request: HttpRequest,
        *,
        filters: Mapping[str, Any] | None = None,
        filename: str | None = None,
    ) -> HttpResponse:
        """The rows of the page for the same filters (all pages) as an Excel file; a
        view may fix the ``filters`` (e.g. one target's items) and the ``filename``."""
        user: Any = request.user
        if self.export_capability and not user.has_capability(self.export_capability):
            raise PermissionDenied("您的角色无权导出此台账。")
        rows = self.export_rows(self.rows(request, filters), request)
        content = xlsx_bytes(
            Sheet(self.export_sheet, self.export_columns, rows, freeze=self.export_freeze)
        )
        stamp = timezone.localdate().strftime("%Y%m%d")
        return xlsx_response(content, (filename or self.export_filename).format(date=stamp))


def ledger_view(ledger: Ledger, *, capability: str) -> Callable[..., HttpResponse]:
    """The Django view of ``ledger`` for users holding ``capability``."""

    @capability_required(capability)
    def view(request: HttpRequest) -> HttpResponse:
        return ledger.respond(request)

    view.ledger = ledger
    return view


def export_view(ledger: Ledger, *, capability: str) -> Callable[..., HttpResponse]:
    """The ledger's Excel export at a URL of its own (e.g. ``…/export.xlsx``)."""

    @capability_required(capability)
    def view(request: HttpRequest) -> HttpResponse:
        return ledger.export(request)

    return view
