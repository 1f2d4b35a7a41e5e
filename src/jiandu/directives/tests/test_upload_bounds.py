"""A .docx is bounded by its decompressed size before python-docx opens it."""

from __future__ import annotations

import io
import zipfile

import pytest

from jiandu.directives import parsing


def test_a_docx_bomb_is_refused_with_a_chinese_message():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b"<w:document><w:body><w:p><w:r><w:t>")
            for _ in range(200):
                part.write(b"A" * (1024 * 1024))
            part.write(b"</w:t></w:r></w:p></w:body></w:document>")
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(ValueError, match=r"Word文件解压后过大|Word文件的压缩比异常"):
        parsing.read_upload("通知.docx", buffer.getvalue())
