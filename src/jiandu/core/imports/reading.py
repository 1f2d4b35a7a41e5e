"""Reading the rows of an uploaded XLSX or CSV file.

The readers stream: :func:`xlsx_rows` reads the first sheet with openpyxl's read-only
mode after :func:`jiandu.core.uploads.check_office_zip` has bounded the zip (nothing of
a zip bomb is expanded), :func:`csv_rows` reads line by line with a bound on a line's
length. Both yield ``(row number as the user sees it, values)``. The import runner
collects the rows of a small upload (:func:`table_rows`); the cross-check dataset
reader streams a large file through the same readers.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from jiandu.core.imports.cells import blank
from jiandu.core.uploads import UploadRefused, ZipLimits, check_office_zip

Row = tuple[int, list[Any]]  # (row number as the user sees it, values)

NOT_XLSX = "文件不是有效的Excel（.xlsx）文件"
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
MAX_LINE_CHARS = 1_000_000  # csv's own field limit is 128 KB


class UnreadableFile(Exception):
    """The file cannot be read as a table; ``message`` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_csv(name: str) -> bool:
    return Path(name or "").suffix.lower() in CSV_SUFFIXES


# --- XLSX --------------------------------------------------------------------------------


def xlsx_rows(
    source: bytes | Path | IO[bytes], *, limits: ZipLimits, max_columns: int | None = None
) -> Iterator[Row]:
    """The rows of the first sheet (at most ``max_columns`` cells each), streamed. The
    zip is checked against ``limits`` and the workbook opened before this returns; a
    damaged sheet is reported when the iteration reaches it."""
    from openpyxl import load_workbook

    if isinstance(source, bytes):
        source = io.BytesIO(source)
    try:
        check_office_zip(source, limits=limits)
    except UploadRefused as exc:
        raise UnreadableFile(exc.message) from None
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not an xlsx
        raise UnreadableFile(
            NOT_XLSX + "。如果是.xls文件，请用Excel另存为.xlsx（或.csv）后再上传"
        ) from None
    if not book.worksheets:
        book.close()
        raise UnreadableFile(NOT_XLSX)
    sheet = book.worksheets[0]

    def rows() -> Iterator[Row]:
        try:
            values_iter = sheet.iter_rows(max_col=max_columns, values_only=True)
            number = 0
            while True:
                try:
                    values = next(values_iter)
                except StopIteration:
                    return
                except Exception:  # a damaged sheet inside a valid zip
                    raise UnreadableFile(NOT_XLSX + "：工作表内容已损坏") from None
                number += 1
                yield number, list(values)
        finally:
            book.close()

    return rows()


# --- CSV ---------------------------------------------------------------------------------

NOT_DECODED = "无法识别文件编码，请另存为UTF-8或GBK编码的CSV"


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (which GBK files are)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(NOT_DECODED)


def detect_encoding(path: Path) -> str:
    """:func:`decode_text`'s choice for a file on disk, checked 1 MB at a time."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise UnreadableFile(NOT_DECODED)


def _bounded_lines(handle: IO[str], max_chars: int) -> Iterator[str]:
    for number, line in enumerate(iter(lambda: handle.readline(max_chars + 1), ""), 1):
        if len(line) > max_chars:
            raise UnreadableFile(f"文件第{number}行过长（超过{max_chars}个字符），请检查文件")
        yield line


def csv_rows(handle: IO[str], *, max_line_chars: int = MAX_LINE_CHARS) -> Iterator[Row]:
    """The records of a CSV text stream (the delimiter sniffed: comma, tab, semicolon or
    bar), numbered by the line on which each ends."""
    sample = handle.read(4096)
    handle.seek(0)
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(_bounded_lines(handle, max_line_chars), dialect)
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise UnreadableFile(
                f"文件第{reader.line_num}行不是有效的CSV（{exc}），请检查文件"
            ) from None
        yield reader.line_num, list(values)


# --- a whole small table -----------------------------------------------------------------


def table_rows(
    data: bytes,
    name: str,
    *,
    limits: ZipLimits,
    max_columns: int,
    max_rows: int,
    max_scanned: int,
    too_many: str = "",
) -> list[Row]:
    """The non-blank rows of an upload held in memory: CSV when ``name`` says so, else
    the first sheet of an XLSX. At most ``max_columns`` cells of a row are kept;
    :class:`UnreadableFile` when more than ``max_rows`` rows are not blank or more than
    ``max_scanned`` rows (blank ones included) are read (``too_many`` says so)."""
    too_many = too_many or f"文件超过{max_rows}行，请拆分成几个文件分批导入"
    if is_csv(name):
        rows = csv_rows(io.StringIO(decode_text(data), newline=""))
    else:
        rows = xlsx_rows(data, limits=limits, max_columns=max_columns)
    found: list[Row] = []
    for number, values in rows:
        if number > max_scanned:
            raise UnreadableFile(too_many)
        if any(not blank(v) for v in values):
            found.append((number, values[:max_columns]))
            if len(found) > max_rows:
                raise UnreadableFile(too_many)
    return found
