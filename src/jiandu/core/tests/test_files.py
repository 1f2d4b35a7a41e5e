"""The file policy: type by content, limits, random stored names, a logged download."""

from __future__ import annotations

import io
import zipfile
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.test import RequestFactory

from jiandu.audit.models import ReadLog
from jiandu.core import files
from jiandu.core.files import FilePolicy, FileRefused, StoredFiles

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def zip_bytes(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32, "x.bin", files.JPEG),
        (PNG_BYTES, "", files.PNG),
        (PDF_BYTES, "", files.PDF),
        (zip_bytes(["[Content_Types].xml", "word/document.xml"]), "", files.DOCX),
        (zip_bytes(["[Content_Types].xml", "xl/workbook.xml"]), "", files.XLSX),
        (zip_bytes(["OFD.xml", "Doc_0/Document.xml"]), "", files.OFD),
        (files.OLE_MAGIC + b"\x00" * 504, "a.doc", files.DOC),
        (files.OLE_MAGIC + b"\x00" * 504, "a.XLS", files.XLS),
        ("第一行\r\n第二行\t完".encode("gb18030"), "", files.TXT),
        ("说明".encode(), "", files.TXT),
    ],
)
def test_the_type_is_read_from_the_content(content, name, kind):
    assert files.sniff(content, name) == kind
    stream = io.BytesIO(content)
    assert files.sniff(stream, name) == kind and stream.tell() == 0


@pytest.mark.parametrize(
    "content",
    [
        EXE,
        b"",
        zip_bytes(["payload.bin"]),  # a zip that is no office file
        zip_bytes(["[Content_Types].xml", "ppt/presentation.xml"]),
        b"\xff\xfe\x00\x00binary",
        b"text with a \x1b control",
    ],
)
def test_unknown_content_has_no_type(content):
    assert files.sniff(content, "report.pdf") is None


EVIDENCE = FilePolicy(
    kinds=(files.PDF, files.PNG, files.TXT), max_bytes=100, max_count=2, max_total_bytes=150
)


def test_a_policy_checks_emptiness_size_and_type():
    checked = EVIDENCE.check(PDF_BYTES, "../整改\x00报告.pdf")
    assert checked.kind == files.PDF and checked.size == len(PDF_BYTES)
    assert checked.original_name == "整改报告.pdf"
    assert len(checked.sha256) == 64
    with pytest.raises(FileRefused, match="附件为空文件") as empty:
        EVIDENCE.check(b"", "a.pdf")
    assert empty.value.fields == {"file": ["附件为空文件。"]}
    with pytest.raises(FileRefused, match="附件超过100字节"):
        EVIDENCE.check(b"a" * 101, "a.txt")
    with pytest.raises(FileRefused, match="附件类型不支持：只接受PDF文件、PNG图片、文本文件"):
        EVIDENCE.check(EXE, "setup.pdf")
    # known, but not accepted by this policy
    docx = zip_bytes(["[Content_Types].xml", "word/document.xml"])
    with pytest.raises(FileRefused, match="类型不支持"):
        FilePolicy(kinds=(files.PDF,), max_bytes=10 * files.MB).check(docx, "a.docx")


def test_a_policy_that_matches_names():
    signed = FilePolicy(
        kinds=(files.DOCX, files.PDF, files.JPEG),
        max_bytes=1000,
        match_name=True,
        noun="文书",
        field="upload",
        kinds_text="Word、PDF或图片文件",
    )
    assert signed.check(b"\xff\xd8\xff\xe0" + b"\x00" * 20, "扫描件.JPEG").kind == files.JPEG
    with pytest.raises(FileRefused, match="文书类型不支持：只能上传Word、PDF或图片文件") as exe:
        signed.check(b"MZ..", "a.exe")
    assert exe.value.fields == {"upload": [exe.value.message]}
    with pytest.raises(FileRefused, match="文书内容与扩展名不符"):
        signed.check(b"text", "a.pdf")  # text: not accepted at all
    with pytest.raises(FileRefused, match="文书内容与扩展名不符（实为PDF文件）"):
        signed.check(PDF_BYTES, "a.docx")  # accepted, but not what its name says


def test_files_sent_together_are_counted_and_summed():
    one = SimpleUploadedFile("一.txt", b"a" * 80)
    two = SimpleUploadedFile("二.txt", b"b" * 80)
    with pytest.raises(FileRefused, match="附件最多2个"):
        EVIDENCE.check_all([one, two, SimpleUploadedFile("三.txt", b"c")])
    with pytest.raises(FileRefused, match="附件合计不能超过150字节"):
        EVIDENCE.check_all([one, two])
    with pytest.raises(FileRefused, match=r"附件“坏\.pdf”：附件类型不支持"):
        EVIDENCE.check_all([one, SimpleUploadedFile("坏.pdf", EXE)])
    [checked] = EVIDENCE.check_all([one])
    assert checked.kind == files.TXT and checked.original_name == "一.txt"


@pytest.fixture
def media(settings, tmp_path):
    """The default storage, in a directory of the test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "jiandu.core.storage.AtomicFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    return tmp_path / "files"


def _field_file(name: str = "") -> FieldFile:
    field = models.FileField(upload_to="evidence/")
    field.set_attributes_from_name("file")
    return FieldFile(SimpleNamespace(), field, name)


def test_stored_names_are_random_and_typed(media):
    checked = EVIDENCE.check(PNG_BYTES, "张三的举报材料.png")
    first, second = _field_file(), _field_file()
    checked.save(first)
    checked.save(second)
    assert first.name != second.name
    for stored in (first.name, second.name):
        assert stored.startswith("evidence/") and stored.endswith(".png")
        assert "张三" not in stored
        assert (media / stored).read_bytes() == PNG_BYTES


def test_files_of_a_failed_step_are_deleted(media):
    checked = EVIDENCE.check(SimpleUploadedFile("a.txt", b"abc"), "a.txt")
    with pytest.raises(RuntimeError), StoredFiles() as stored:
        stored.save(checked, _field_file())
        raise RuntimeError("audit down")
    assert not [p for p in media.rglob("*") if p.is_file()]
    with StoredFiles() as stored:
        name = stored.save(checked, _field_file())
    assert (media / name).read_bytes() == b"abc"


def test_a_download_is_logged_and_never_sniffed(county, media):
    name = default_storage.save("evidence/abc.pdf", ContentFile(PDF_BYTES))
    request = RequestFactory().get("/x/")
    request.user = county.users["leader"]
    unit = county.units["team1"]
    response = files.serve_file(
        request, _field_file(name), filename="整改报告.pdf", owner=unit, what="佐证材料1"
    )
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=UTF-8''%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    log = ReadLog.objects.get()
    assert (log.user, log.object_type, log.object_id, log.what) == (
        county.users["leader"],
        "org.unit",
        str(unit.pk),
        "佐证材料1",
    )
