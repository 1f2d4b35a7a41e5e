"""Importing a source file of a dataset type into normalised Parquet (DOMAIN.md §10: "keys
are validated before matching").

:func:`import_file` streams the rows of the source (:mod:`.readers`), maps its headers
(:mod:`.mapping`), reads every value with the shared cell parsers of
:mod:`jiandu.core.imports.cells` (full-width → half-width, spaces, dates in the usual
Chinese forms, 15-digit citizen IDs upgraded to 18 digits and checked, USCC checked,
money to two decimals; the area code is never used to reject an ID), writes the
accepted rows to Parquet with a ``_row`` column (the row number the user sees: the Excel
row, or the CSV line, the header being row 1) and reports every rejected value with its
row, column, value and reason. It runs in the module's background job; memory does not
grow with the file.

Exact duplicate rows are kept: in a payment file they are the data (R09 finds them);
the rules themselves never count a duplicated register entry twice.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from jiandu.core.imports import BadValue
from jiandu.core.imports.cells import blank, parse_value
from jiandu.core.storage import file_sha256
from jiandu.crosscheck.engine.datasets.catalogue import DATASET_TYPES, arrow_schema
from jiandu.crosscheck.engine.datasets.mapping import MappingError, map_headers
from jiandu.crosscheck.engine.datasets.readers import MAX_ROWS, Row, reader_for


@dataclass
class Rejection:
    """One refused value: ``row`` is the row number as the user sees it (the Excel row or
    CSV line, the header being row 1; for Parquet the 1-based record number + 1),
    ``column`` the source header (or the canonical label when it has none)."""

    row: int
    column: str
    value: str
    reason: str


@dataclass
class ParquetResult:
    """What :func:`import_file` made of a source file."""

    dataset_type: str
    source_sha256: str
    rows_total: int
    rows_accepted: int
    rejections: list[Rejection]
    header_mapping: dict[str, str]
    parquet_path: Path
    rows_rejected: int = 0
    unmapped_headers: list[str] = field(default_factory=list)
    report_path: Path | None = None


# --------------------------------------------------------------------------- writing

BATCH_ROWS = 50_000


def partial_path(path: Path) -> Path:
    """Where an output file is written until it is complete (same directory, so that
    the final ``os.replace`` is atomic): nobody ever sees half a file under its name."""
    return path.with_name(f"{path.name}.{os.getpid()}-{os.urandom(4).hex()}.partial")


class _Writer:
    """Buffers normalised rows and writes them to Parquet in batches, under a temporary
    name renamed to ``out_path`` by :meth:`commit` (or removed by :meth:`discard`)."""

    def __init__(self, dataset_type: str, out_path: Path):
        self.schema = arrow_schema(dataset_type)
        self.names = self.schema.names
        out_path.parent.mkdir(parents=True, exist_ok=True)
        self.out_path = out_path
        self.partial = partial_path(out_path)
        self.writer = pq.ParquetWriter(self.partial, self.schema, compression="zstd")
        self.buffer: dict[str, list[Any]] = {n: [] for n in self.names}
        self.count = 0
        self.closed = False

    def add(self, record: dict[str, Any]) -> None:
        for name in self.names:
            self.buffer[name].append(record.get(name))
        self.count += 1
        if len(self.buffer["_row"]) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        if self.buffer["_row"]:
            self.writer.write_table(pa.table(self.buffer, schema=self.schema))
            self.buffer = {n: [] for n in self.names}

    def close(self) -> None:
        self.commit()

    def commit(self) -> None:
        self.flush()
        self.writer.close()
        self.closed = True
        os.replace(self.partial, self.out_path)

    def discard(self) -> None:
        if not self.closed:
            self.closed = True
            with contextlib.suppress(Exception):  # the file is removed just below
                self.writer.close()
        self.partial.unlink(missing_ok=True)


# Rejected values kept in memory (for the page and the service); the report file lists
# up to REPORT_MAX of them, written as they come.
REJECTIONS_KEPT = 1000
REPORT_MAX = 200_000
REPORT_HEADERS = ["行号", "列", "值", "原因"]


class _Report:
    """The rejected-rows report (xlsx, openpyxl's write-only mode: streamed), started
    at the first rejection, under a temporary name until it is complete."""

    def __init__(self, path: Path | None):
        self.path = path
        self.partial: Path | None = None
        self.book: Any = None
        self.sheet: Any = None
        self.written = 0
        self.left_out = 0

    def add(self, rejection: Rejection) -> None:
        if self.path is None:
            return
        if self.written >= REPORT_MAX:
            self.left_out += 1
            return
        if self.book is None:
            from openpyxl import Workbook

            self.book = Workbook(write_only=True)
            self.sheet = self.book.create_sheet("未导入的行")
            for letter, width in zip("ABCD", (8, 22, 26, 60), strict=True):
                self.sheet.column_dimensions[letter].width = width
            self.sheet.append(_bold(self.sheet, REPORT_HEADERS))
        self.sheet.append(_report_row(self.sheet, rejection))
        self.written += 1

    def commit(self) -> Path | None:
        if self.book is None or self.path is None:
            return None
        if self.left_out:
            note = f"另有{self.left_out}处未列出（报告最多列{REPORT_MAX}处）"
            self.sheet.append([None, None, None, note])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.partial = partial_path(self.path)
        self.book.save(self.partial)
        self.book = None
        os.replace(self.partial, self.path)
        return self.path

    def discard(self) -> None:
        if self.book is not None:
            self.book.close()
            self.book = None
        if self.partial is not None:
            self.partial.unlink(missing_ok=True)


def _bold(sheet: Any, values: list[str]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _report_row(sheet: Any, r: Rejection) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell

    value = WriteOnlyCell(sheet, value=r.value)
    value.number_format = "@"
    return [r.row, r.column, value, r.reason]


def import_file(
    dataset_type: str,
    source: Path,
    out_path: Path,
    *,
    mapping: dict[str, str] | None = None,
    original_name: str | None = None,
    report_path: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> ParquetResult:
    """Import ``source`` as ``dataset_type`` into ``out_path`` (Parquet); see the module
    docstring. Raises :class:`MappingError` when the headers cannot be mapped.

    The file is streamed: memory does not grow with its length (rows are written in
    batches, only the first :data:`REJECTIONS_KEPT` rejected values are kept; all of
    them, up to :data:`REPORT_MAX`, go to ``report_path`` as they come). The outputs
    appear under their names only when complete; on any error nothing is left behind.
    ``progress(rows_read)`` is called every 10,000 rows (it may raise to stop)."""
    if dataset_type not in DATASET_TYPES:
        raise MappingError(f"未知的数据集类型“{dataset_type}”")
    dtype = DATASET_TYPES[dataset_type]
    source, out_path = Path(source), Path(out_path)
    sha = file_sha256(source)
    headers, rows = reader_for(source, original_name or source.name)(source)
    try:
        positions, unmapped = map_headers(dataset_type, headers, mapping)
    except MappingError:
        _close(rows)
        raise
    header_mapping = {c: headers[i] for c, i in positions.items()}
    rejections: list[Rejection] = []
    total = rejected = 0
    writer = _Writer(dataset_type, out_path)
    report = _Report(report_path)
    try:
        for number, values in rows:
            total += 1
            if total > MAX_ROWS:
                raise MappingError(f"文件超过{MAX_ROWS}行，请拆分成几个文件分批导入")
            if progress and total % 10_000 == 0:
                progress(total)
            record: dict[str, Any] = {"_row": number}
            row_problems: list[Rejection] = []
            for col in dtype.columns:
                index = positions.get(col.field)
                value = values[index] if index is not None and index < len(values) else None
                shown = header_mapping.get(col.field, col.header)
                if blank(value):
                    if col.required:
                        row_problems.append(
                            Rejection(number, shown, "", f"{col.header}为必填项，不能为空")
                        )
                    record[col.field] = None
                    continue
                try:
                    record[col.field] = parse_value(str(col.parse), value)
                except BadValue as exc:
                    row_problems.append(Rejection(number, shown, _shown(value), exc.message))
            if row_problems:
                rejected += 1
                for problem in row_problems:
                    if len(rejections) < REJECTIONS_KEPT:
                        rejections.append(problem)
                    report.add(problem)
            else:
                writer.add(record)
        if progress:
            progress(total)
        writer.commit()
        written = report.commit()
    except BaseException:
        writer.discard()
        report.discard()
        _close(rows)
        raise
    return ParquetResult(
        dataset_type=dataset_type,
        source_sha256=sha,
        rows_total=total,
        rows_accepted=writer.count,
        rejections=rejections,
        header_mapping=header_mapping,
        parquet_path=out_path,
        rows_rejected=rejected,
        unmapped_headers=unmapped,
        report_path=written,
    )


def _close(rows: Iterator[Row]) -> None:
    close = getattr(rows, "close", None)
    if close is not None:
        close()


def _shown(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rejections_xlsx(result: ParquetResult) -> bytes:
    """The downloadable rejected-rows report: 行号, 列, 值, 原因 (one line per value)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "未导入的行"
    sheet.append(["行号", "列", "值", "原因"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in result.rejections:
        sheet.append([r.row, r.column, r.value, r.reason])
        sheet.cell(row=sheet.max_row, column=3).number_format = "@"
    for letter, width in zip("ABCD", (8, 22, 26, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_internal(dataset_type: str, rows: Iterable[dict], out_path: Path) -> int:
    """Write rows from the organisation register (officials, relatives, companies,
    company_people) as a dataset; values are normalised like an import, rows that fail
    validation are left out. Returns the number of rows written (``_row`` = 1-based
    position)."""
    dtype = DATASET_TYPES[dataset_type]
    writer = _Writer(dataset_type, Path(out_path))
    try:
        for number, row in enumerate(rows, start=1):
            record: dict[str, Any] = {"_row": number}
            ok = True
            for col in dtype.columns:
                value = row.get(col.field)
                if blank(value):
                    if col.required:
                        ok = False
                        break
                    record[col.field] = None
                    continue
                try:
                    record[col.field] = parse_value(str(col.parse), value)
                except BadValue:
                    ok = False
                    break
            if ok:
                writer.add(record)
        writer.commit()
    except BaseException:
        writer.discard()
        raise
    return writer.count
