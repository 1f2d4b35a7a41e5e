"""The import runner: one way to bring an Excel/CSV file of records into the system.

An import declares its columns and its row logic on an :class:`Importer` subclass; the
runner does the rest, the same way for every import:

1. **read** the upload (at most :attr:`Importer.max_bytes` and :attr:`Importer.max_rows`
   data rows; an XLSX bounded in decompressed size and rows before it is parsed, or a
   CSV in UTF-8 or GBK);
2. **map the header** row onto the columns (any order, aliases, spaces, full-width
   forms, a trailing "*", a remark in brackets, a title line above it);
3. **validate every row**: each cell by its column, then the rows against each other
   and the database (:meth:`Importer.validate`, one query per kind of look-up, never
   one per row), collecting ALL errors, each in Chinese with its row and column;
4. only for a file without a single error, **create** everything in ONE transaction
   (:meth:`Importer.create`, through the services, which check and audit each record)
   with ONE summary audit event carrying the file's SHA-256. A row a service still
   refuses rolls the whole file back and is reported: nothing half-imported stays.

:meth:`Importer.template_xlsx` gives the empty workbook to fill in, with its 填写说明
sheet (see :mod:`jiandu.core.imports.template`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import IntegrityError, transaction
from openpyxl.utils import get_column_letter

from jiandu.core.errors import DomainError, PermissionDenied
from jiandu.core.imports.cells import BadValue, blank
from jiandu.core.imports.columns import Column, Header, find_header
from jiandu.core.imports.reading import UnreadableFile, table_rows
from jiandu.core.permissions import require_capability
from jiandu.core.recording import record_event
from jiandu.core.storage import file_sha256
from jiandu.core.uploads import REGISTER_XLSX

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 60  # cells read per row; the widest template has 10
MAX_SHEET_ROWS = 100_000  # rows scanned, blank ones included, before giving up
HEADER_SCAN = 5  # the header may sit below a title line or two
LOOKUP_CHUNK = 500  # values per IN (...) query
UNSAVED = "（本文件未导入任何数据）"
CONFLICT = "保存时与系统中已有的数据冲突（可能刚被他人录入），请重新导入"


# --- results -----------------------------------------------------------------------------


@dataclass
class RowError:
    """One problem: ``row`` is the row number in the file (the header is row 1; 0 means
    the whole file), ``column`` the column letter and Chinese header, e.g.
    "B（身份证号）"."""

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


class FileRejected(Exception):
    """The file cannot be imported as it is: its errors (the file, the header, or no
    data under the header). Cell and row errors are collected in :class:`RowErrors`."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors[0].message if errors else "")
        self.errors = errors


class RowRefused(Exception):
    """A service refused a row while the file was being written (see
    :meth:`Importer.call`); the transaction is rolled back."""

    def __init__(self, row: ParsedRow, field_name: str | None, message: str):
        super().__init__(message)
        self.row, self.field_name, self.message = row, field_name, message


class RowErrors:
    """Collects the errors of the rows and sorts them by row, then by column."""

    def __init__(self, columns: Iterable[Column], header: Header):
        self.columns = {c.field: c for c in columns}
        self.positions = header.positions
        self._items: list[tuple[int, int, int, RowError]] = []

    def column(self, field_name: str | None) -> str:
        """ "B（身份证号）" for a column found in the file, its header otherwise, "—" for
        none."""
        col = self.columns.get(field_name) if field_name else None
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
        """All these fields were read without error and are not empty."""
        return all(f not in self.bad and self.data.get(f) not in (None, "", []) for f in fields)


def chunks(values: Iterable[Any], size: int = LOOKUP_CHUNK) -> Iterator[list[Any]]:
    """The distinct ``values`` in lists of ``size``: one ``IN (...)`` query each."""
    items = sorted(set(values), key=str)
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- the runner --------------------------------------------------------------------------


class Importer:
    """One kind of import. A subclass declares its ``columns`` and names, and supplies
    its row logic in :meth:`validate` and :meth:`create`; an instance holds the actor
    and whatever else the import is for (a target, a source) and runs with :meth:`run`.
    """

    kind: ClassVar[str]
    label: ClassVar[str]  # what is imported, in Chinese ("干部", "整改台账")
    columns: ClassVar[tuple[Column, ...]]
    capability: ClassVar[str]  # needed to run it
    action: ClassVar[str]  # the summary audit event, e.g. "org.import.cadres"
    row_noun: ClassVar[str] = "记录"  # one row in the messages (线索, 整改措施 …)
    ignore: ClassVar[frozenset[str]] = frozenset()  # fields that alone do not make a row
    service_fields: ClassVar[dict[str, str]] = {}  # a service's error field → our field
    star_required: ClassVar[bool] = False  # the template marks required headers with "*"
    guide_notes: ClassVar[tuple[str, ...]] = ()  # extra lines for the 填写说明 sheet
    max_bytes: ClassVar[int] = MAX_BYTES
    max_rows: ClassVar[int] = MAX_ROWS

    def __init__(self, actor: Any):
        self.actor = actor

    # --- what a subclass supplies ---------------------------------------------------------

    def check(self) -> None:
        """Refuse the import before the file is read (capability, target …)."""
        require_capability(self.actor, self.capability)

    def validate(self, rows: list[ParsedRow], errors: RowErrors) -> Any:
        """Check the rows against each other and the database, adding to ``errors``;
        returns the plan :meth:`create` follows (by default the rows)."""
        return rows

    def create(self, plan: Any) -> int:
        """Write the plan through the services (each call wrapped in :meth:`call`);
        returns the number of records created. Runs inside the import's transaction."""
        raise NotImplementedError

    def summary_object(self, file_name: str) -> dict[str, Any]:
        """What the summary event is about (``event_record``'s object arguments)."""
        return {
            "object_type": self.action.rsplit(".", 1)[0],
            "object_repr": file_name or self.label,
        }

    def summary_payload(self) -> dict[str, Any]:
        """More for the summary event's payload (the file, hash and count are in it)."""
        return {}

    @classmethod
    def guide_tables(cls) -> list[tuple[list[str], list[list[Any]]]]:
        """Tables appended to the template's 填写说明 sheet: (header, rows) each."""
        return []

    # --- the runner -----------------------------------------------------------------------

    def call(self, row: ParsedRow, service: Callable[..., Any], **kwargs: Any) -> Any:
        """Call a service for ``row``; its refusal becomes :class:`RowRefused` for that
        row (and the field the service named), which rolls the file back."""
        try:
            return service(**kwargs)
        except PermissionDenied:
            raise
        except DomainError as exc:
            name = next(iter(exc.fields), None)
            field_name = self.service_fields.get(name, name) if name else None
            raise RowRefused(row, field_name, exc.message) from exc
        except IntegrityError as exc:
            raise RowRefused(row, None, CONFLICT) from exc

    def run(self, file: Any) -> ImportResult:
        """Validate the whole file, then import all of it or nothing (module doc)."""
        self.check()
        result = ImportResult(kind=self.kind, label=self.label)
        file_name = os.path.basename(getattr(file, "name", "") or "")[:200]
        try:
            data, parsed, errors = self.read(file)
        except FileRejected as exc:
            result.errors = exc.errors
            return result
        plan = self.validate(parsed, errors)
        if errors:
            result.errors = errors.sorted()
            return result
        try:
            with transaction.atomic():
                result.created = self.create(plan)
                record_event(
                    actor=self.actor,
                    action=self.action,
                    **self.summary_object(file_name),
                    payload={
                        "kind": self.kind,
                        "file": file_name,
                        "sha256": file_sha256(data),
                        "created": result.created,
                        **self.summary_payload(),
                    },
                )
        except RowRefused as exc:
            result.created = 0
            errors.add(exc.row.number, exc.field_name, exc.message + UNSAVED)
            result.errors = errors.sorted()
        return result

    def read(self, file: Any) -> tuple[bytes, list[ParsedRow], RowErrors]:
        """Read the upload, find and check the header (missing required or repeated
        columns), then read every row by its columns. Returns the file's bytes, the rows
        and the cell errors; raises :class:`FileRejected` when the file, its header or
        its body cannot be read."""
        too_many = f"文件超过{self.max_rows}行（不含表头），请拆分成几个文件分批导入"
        name = getattr(file, "name", "") or ""
        try:
            data = self._upload_bytes(file)
            rows = table_rows(
                data,
                name,
                limits=REGISTER_XLSX,
                max_columns=MAX_COLUMNS,
                max_rows=self.max_rows + HEADER_SCAN,
                max_scanned=MAX_SHEET_ROWS,
                too_many=too_many,
            )
        except UnreadableFile as exc:
            raise FileRejected([RowError(0, "", exc.message)]) from exc
        if not rows:
            message = f"文件中没有数据：第1行应为表头，第2行起每行一条{self.row_noun}"
            raise FileRejected([RowError(1, "", message)])

        header = find_header(self.columns, rows, scan=HEADER_SCAN)
        errors = RowErrors(self.columns, header)
        self._check_header(header)
        body = [r for r in rows if r[0] > header.number]
        if len(body) > self.max_rows:
            raise FileRejected([RowError(0, "", too_many)])
        parsed = self._parse_rows(header, body, errors)
        if not parsed:
            message = f"表头下面没有数据：请从表头的下一行起每行填一条{self.row_noun}"
            raise FileRejected([RowError(header.number + 1, "", message)])
        return data, parsed, errors

    def _upload_bytes(self, file: Any) -> bytes:
        too_big = f"文件超过{self.max_bytes // (1024 * 1024)}MB，请拆分成几个文件分批导入"
        size = getattr(file, "size", None)
        if size is not None and size > self.max_bytes:
            raise UnreadableFile(too_big)
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            raise UnreadableFile(too_big)
        if not data:
            raise UnreadableFile("文件是空的")
        return data

    def _check_header(self, header: Header) -> None:
        problems = []
        missing = [c.header for c in self.columns if c.required and c.field not in header.positions]
        if missing:
            message = f"缺少必填列：{'、'.join(missing)}"
            if header.unknown:
                message += f"（文件中未能识别的列：{'、'.join(header.unknown[:10])}）"
            problems.append(RowError(header.number, "表头", message + "；请使用导入模板的表头"))
        by_field = {c.field: c for c in self.columns}
        for index, first, field_name in header.duplicates:
            problems.append(
                RowError(
                    header.number,
                    f"{get_column_letter(index + 1)}（表头）",
                    f"“{by_field[field_name].header}”列重复（与"
                    f"{get_column_letter(first + 1)}列），请删除其中一列",
                )
            )
        if problems:
            raise FileRejected(problems)

    def _parse_rows(
        self, header: Header, rows: Sequence[tuple[int, Sequence[Any]]], errors: RowErrors
    ) -> list[ParsedRow]:
        """Read every row by its columns, collecting each cell's error; a row whose cells
        are all blank (the ``ignore`` fields aside, e.g. a left-over 序号) is skipped."""
        parsed: list[ParsedRow] = []
        for number, values in rows:
            raw = {f: values[i] if i < len(values) else None for f, i in header.positions.items()}
            if all(blank(v) for f, v in raw.items() if f not in self.ignore):
                continue
            row = ParsedRow(number=number, data={}, bad=set())
            for col in self.columns:
                value = raw.get(col.field)
                row.data[col.field] = None
                if blank(value):
                    if col.required:
                        errors.add(number, col.field, f"{col.header}不能为空")
                        row.bad.add(col.field)
                    continue
                try:
                    row.data[col.field] = col.read(value)
                except BadValue as exc:
                    errors.add(number, col.field, exc.message)
                    row.bad.add(col.field)
            parsed.append(row)
        return parsed

    @classmethod
    def template_xlsx(cls) -> bytes:
        """The empty workbook to fill in, with its 填写说明 sheet."""
        from jiandu.core.imports.template import workbook_for

        return workbook_for(cls)
