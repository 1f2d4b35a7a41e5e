"""Reading a source file as a stream of rows: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030)
and XLSX (the first sheet) through the core readers, Parquet by record batches. Memory
stays bounded whatever the file's length; a file that cannot be read raises
:class:`MappingError` with the Chinese reason."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from jiandu.core.imports import UnreadableFile
from jiandu.core.imports.cells import blank
from jiandu.core.imports.reading import Row, csv_rows, detect_encoding, xlsx_rows
from jiandu.core.uploads import DATASET_XLSX
from jiandu.crosscheck.engine.datasets.mapping import MappingError

HEADER_SCAN = 5

# Bounds of a source file, checked while it streams (memory stays bounded whatever the
# file's length): a CSV line (csv's own field limit is 128 KB), the rows of a file, and
# the size of a Parquet row group once decoded.
MAX_LINE_CHARS = 1_000_000
MAX_ROWS = 20_000_000
MAX_ROW_GROUP_BYTES = 512 * 1024 * 1024

Reader = Callable[[Path], tuple[list[str], Iterator[Row]]]


def _refusing(rows: Iterator[Row]) -> Iterator[Row]:
    """``rows``, a file that turns out unreadable on the way raising :class:`MappingError`."""
    try:
        yield from rows
    except UnreadableFile as exc:
        raise MappingError(exc.message) from None


def _read_csv(path: Path) -> tuple[list[str], Iterator[Row]]:
    """Streamed: the file is read line by line (never whole), rows numbered by their
    line as the user sees it."""
    try:
        encoding = detect_encoding(path)
    except UnreadableFile as exc:
        raise MappingError(exc.message) from None
    handle = path.open(encoding=encoding, newline="")

    def rows() -> Iterator[Row]:
        try:
            yield from _refusing(csv_rows(handle, max_line_chars=MAX_LINE_CHARS))
        finally:
            handle.close()

    return _split_header(rows())


def _read_xlsx(path: Path) -> tuple[list[str], Iterator[Row]]:
    """Streamed with openpyxl's read-only mode, after the zip has been checked for its
    decompressed size and rows (nothing of a zip bomb is expanded)."""
    try:
        rows = xlsx_rows(path, limits=DATASET_XLSX)
    except UnreadableFile as exc:
        raise MappingError(exc.message) from None
    return _split_header(_refusing(rows))


def _split_header(rows: Iterator[Row]) -> tuple[list[str], Iterator[Row]]:
    """The header is the first of the top rows with at least two non-blank cells that is
    followed by data (a title line above it is tolerated). Only the first few non-blank
    rows are looked at; the rest streams on."""
    nonblank = ((n, v) for n, v in rows if any(not blank(x) for x in v))
    top: list[Row] = []
    for row in nonblank:
        top.append(row)
        if len(top) >= HEADER_SCAN:
            break
    if not top:
        raise MappingError("文件是空的：没有表头")
    index = next(
        (i for i, (_, values) in enumerate(top) if sum(not blank(v) for v in values) >= 2), 0
    )
    header = ["" if blank(v) else str(v).strip() for v in top[index][1]]

    def body() -> Iterator[Row]:
        try:
            yield from top[index + 1 :]
            yield from nonblank
        finally:
            close = getattr(rows, "close", None)
            if close is not None:
                close()  # the file handle or the workbook

    return header, body()


def _read_parquet(path: Path) -> tuple[list[str], Iterator[Row]]:
    """Streamed by record batches; a row group that would decode to more than
    :data:`MAX_ROW_GROUP_BYTES` is refused from the file's metadata first."""
    try:
        source = pq.ParquetFile(path)
    except (pa.ArrowException, OSError):
        raise MappingError("文件不是有效的Parquet文件") from None
    meta = source.metadata
    for i in range(meta.num_row_groups):
        if meta.row_group(i).total_byte_size > MAX_ROW_GROUP_BYTES:
            raise MappingError(
                f"Parquet文件的行组过大（解压后超过{MAX_ROW_GROUP_BYTES // (1 << 20)}MB），"
                "请用较小的行组重新导出"
            )
    headers = [name for name in source.schema_arrow.names if name != "_row"]

    def rows() -> Iterator[Row]:
        offset = 0
        for batch in source.iter_batches(batch_size=10_000, columns=headers):
            columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
            for j in range(batch.num_rows):
                yield offset + j + 2, [col[j] for col in columns]
            offset += batch.num_rows

    return headers, rows()


def reader_for(source: Path, name: str) -> Reader:
    """The reader of ``source`` by its name's suffix, else by its first bytes."""
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx
    if suffix == ".parquet":
        return _read_parquet
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv
    with source.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(b"PK"):
        return _read_xlsx
    if head == b"PAR1":
        return _read_parquet
    return _read_csv
