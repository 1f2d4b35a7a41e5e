"""Office uploads are bounded by their decompressed size and rows before any parsing."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from jiandu.core.testing import xlsx_bomb
from jiandu.core.uploads import (
    DATASET_XLSX,
    REGISTER_XLSX,
    UploadRefused,
    ZipLimits,
    check_office_zip,
)


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_shared_strings_bomb_is_refused_from_its_directory():
    bomb = xlsx_bomb([["姓名", "身份证号"], ["张三", "1"]], expanded_mb=300)
    assert len(bomb) < 2 * 1024 * 1024  # small on disk …
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:  # … 300 MB expanded
        assert archive.getinfo("xl/sharedStrings.xml").file_size > 300 * 1024 * 1024
    for limits in (REGISTER_XLSX, DATASET_XLSX):
        with pytest.raises(UploadRefused, match=r"解压后过大|压缩比异常|文字内容解压后过大"):
            check_office_zip(bomb, limits=limits)


def test_each_bound_has_its_own_chinese_message():
    plain = _xlsx([["姓名", "身份证号"], *[[f"人{i}", str(i)] for i in range(50)]])
    check_office_zip(plain, limits=REGISTER_XLSX)  # an ordinary file passes
    with pytest.raises(UploadRefused, match="行数超过上限（约51行，最多10行）"):
        check_office_zip(plain, limits=ZipLimits(max_rows=10))
    with pytest.raises(UploadRefused, match="部件过多"):
        check_office_zip(plain, limits=ZipLimits(max_members=3))
    with pytest.raises(UploadRefused, match="解压后过大"):
        check_office_zip(plain, limits=ZipLimits(max_total=1000))
    with pytest.raises(UploadRefused, match="文字内容解压后过大"):
        check_office_zip(
            xlsx_bomb([["姓名"]], expanded_mb=1),
            limits=ZipLimits(max_ratio=10**6, max_shared_strings=10),
        )


def test_a_ratio_bomb_below_the_size_bounds_is_refused():
    bomb = xlsx_bomb([["姓名"]], expanded_mb=5)
    with pytest.raises(UploadRefused, match="压缩比异常"):
        check_office_zip(bomb, limits=ZipLimits(max_shared_strings=100 * 1024 * 1024))


def test_not_a_zip_is_left_to_the_parser():
    check_office_zip(b"name,id\n", limits=REGISTER_XLSX)  # no error: the parser refuses it
