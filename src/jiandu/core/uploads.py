"""Bounds on uploaded office files, checked BEFORE anything parses them.

An .xlsx or .docx is a zip of XML parts: a few hundred kilobytes can expand to gigabytes
(a "zip bomb": one shared string of 300 MB of the same character compresses ~1000:1), and
openpyxl or python-docx would hold that in memory. :func:`check_office_zip` reads only
the zip's central directory (and, for a workbook, the first kilobytes of the first
sheet's XML for its ``<dimension>``) and refuses the file with a Chinese message when
its parts are too many, too big (in total, any one, the shared strings) or compressed
suspiciously well, or when the sheet declares more rows than allowed.

The declared sizes can be trusted as upper bounds: Python's ``zipfile`` (which openpyxl
and python-docx read through) stops at a member's declared size and fails the CRC
check, so a part that lies about its size cannot expand further.

Every Excel/Word upload that is parsed goes through here: every import on the runner
(``core.imports``: register, clue transfer, rectification ledger) and the cross-check
dataset import, both through ``core.imports.reading.xlsx_rows``, and the directive
parser (``.docx``). CSV and
Parquet are not compressed containers; their bound is the upload size and the streaming
readers' row count.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from jiandu.core.errors import DomainError

MB = 1024 * 1024


class UploadRefused(DomainError):
    """The uploaded file exceeds a bound; nothing of it was parsed."""


@dataclass(frozen=True)
class ZipLimits:
    """Bounds on an office zip. Sizes in bytes, as declared in the central directory."""

    max_total: int = 200 * MB  # all parts decompressed
    max_part: int = 150 * MB  # any one part (a sheet's XML)
    max_shared_strings: int = 20 * MB  # xl/sharedStrings.xml: loaded whole by openpyxl
    max_members: int = 1000
    max_ratio: int = 200  # decompressed / compressed, for a part above RATIO_FLOOR
    max_rows: int | None = None  # the first sheet's declared rows (its <dimension>)


RATIO_FLOOR = 1 * MB  # small parts may compress very well (empty styles …)
SHARED_STRINGS = "xl/sharedStrings.xml"
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]*)(\d*)(?::([A-Z]*)(\d+))?\"")
_DIMENSION_SCAN = 64 * 1024
_SMALL_PART = 5 * MB
_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_SHEET_RID = re.compile(rb"\s\w+:id=\"([^\"]*)\"")
_REL = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")
_REL_ID = re.compile(rb"\sId=\"([^\"]*)\"")
_REL_TARGET = re.compile(rb"\sTarget=\"([^\"]*)\"")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _mb(size: int) -> str:
    return f"{size / MB:.0f}"


def check_office_zip(
    source: bytes | Path | str | IO[bytes], *, limits: ZipLimits, what: str = "文件"
) -> None:
    """Refuse ``source`` (an .xlsx/.docx as bytes, a path or a binary stream) when it
    exceeds ``limits``; a file that is not a zip is left to the parser to refuse."""
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a zip: the parser says "不是有效的Excel文件"
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            raise UploadRefused(
                f"{what}内部包含的部件过多（超过{limits.max_members}个），请检查文件"
            )
        total = sum(i.file_size for i in infos)
        if total > limits.max_total:
            raise UploadRefused(
                f"{what}解压后过大（约{_mb(total)}MB，超过{_mb(limits.max_total)}MB），请检查文件，"
                "或拆分成几个文件分批导入"
            )
        for info in infos:
            if info.file_size > limits.max_part:
                raise UploadRefused(
                    f"{what}解压后过大（其中一部分超过{_mb(limits.max_part)}MB），请检查文件，"
                    "或拆分成几个文件分批导入"
                )
            if info.file_size > RATIO_FLOOR and (
                info.file_size > limits.max_ratio * max(info.compress_size, 1)
            ):
                ratio = info.file_size // max(info.compress_size, 1)
                raise UploadRefused(
                    f"{what}的压缩比异常（解压后是压缩时的{ratio}倍），疑似压缩炸弹，已拒绝"
                )
            if info.filename == SHARED_STRINGS and info.file_size > limits.max_shared_strings:
                raise UploadRefused(
                    f"{what}中的文字内容解压后过大（超过{_mb(limits.max_shared_strings)}MB），"
                    "请检查文件，或另存为CSV后导入"
                )
        if limits.max_rows is not None:
            rows = first_sheet_rows(archive, limit=limits.max_rows)
            if rows is not None and rows > limits.max_rows:
                raise UploadRefused(
                    f"{what}的行数超过上限（约{rows}行，最多{limits.max_rows}行），"
                    "请拆分成几个文件分批导入"
                )


def _small_part(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > _SMALL_PART:
        raise KeyError(name)
    return archive.read(info)


def _first_sheet_name(archive: zipfile.ZipFile) -> str | None:
    """The zip path of the workbook's first sheet (the one the importers read). Found
    with regular expressions over the two small index parts: no XML parser (and none
    of its entity expansion) runs on the upload here."""
    try:
        workbook = _small_part(archive, "xl/workbook.xml")
        rels = _small_part(archive, "xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    sheet = _SHEET.search(workbook)
    rid = _SHEET_RID.search(sheet.group(0)) if sheet else None
    if rid is None:
        return None
    for rel in _REL.finditer(rels):
        tag = rel.group(0)
        found_id, target = _REL_ID.search(tag), _REL_TARGET.search(tag)
        if found_id and target and found_id.group(1) == rid.group(1):
            path = target.group(1).decode("utf-8", "replace")
            if path.startswith("/"):
                return path.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", path))
    return None


def first_sheet_rows(archive: zipfile.ZipFile, limit: int | None = None) -> int | None:
    """The rows of the first sheet: the last row of its ``<dimension ref="A1:H20001">``
    (in the first 64 KB of its XML) or, when it declares none (openpyxl writes none),
    its ``<row>`` elements counted while streaming the XML (bounded memory; the count
    stops once past ``limit``). ``None`` when the sheet cannot be found."""
    name = _first_sheet_name(archive)
    if name is None:
        return None
    try:
        with archive.open(name) as part:
            head = part.read(_DIMENSION_SCAN)
            match = _DIMENSION.search(head)
            if match is not None and (match.group(4) or match.group(2)):
                return int(match.group(4) or match.group(2))
            count, carry, chunk = 0, b"", head
            while chunk:
                data = carry + chunk
                count += len(_ROW.findall(data))
                carry = data[-16:]
                count -= len(_ROW.findall(carry))  # counted again with the next chunk
                if limit is not None and count > limit:
                    break
                chunk = part.read(1024 * 1024)
            return count + len(_ROW.findall(carry))
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None


# The bounds of each kind of upload (one place to read them).
REGISTER_XLSX = ZipLimits(
    max_total=100 * MB, max_part=80 * MB, max_shared_strings=20 * MB, max_rows=100_000
)
DATASET_XLSX = ZipLimits(
    max_total=1024 * MB, max_part=1024 * MB, max_shared_strings=40 * MB, max_rows=1_048_576
)
WORD_DOCX = ZipLimits(max_total=100 * MB, max_part=20 * MB, max_shared_strings=0)
