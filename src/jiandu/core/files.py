"""The one policy for files users upload and download: attachments, evidence (佐证材料),
signed documents.

Upload. A :class:`FilePolicy` (one instance per kind of attachment, declared next to
its model's service) checks a file before anything of it is stored:

- its **type by content** (:func:`sniff`: magic bytes; an Office file by the parts its
  zip directory names, nothing decompressed; text only when it decodes as UTF-8 or
  GB18030 without control characters). The name never decides the type; a policy with
  ``match_name`` also refuses a name whose extension is not allowed or whose content
  is something else (a signed document called ``.pdf`` must be a PDF);
- its **size**, the **count** of files sent together and their **total** size.

Every refusal is a :class:`FileRefused` with a Chinese message. What passes comes back
as a :class:`CheckedFile` (the kind, a display-safe original name, size, SHA-256),
stored under a **random name** (:func:`stored_name`, the type's own extension) in the
model's ``upload_to`` directory of the media root (``var/files``, outside the web
root): the original name stays in the row only.

Download. :func:`serve_file` is the only way a stored file leaves: the view first gets
the row through its selector (which answers 404 for a missing or a hidden row alike),
then ``serve_file`` logs the read (``core.recording.record_read``: the audit app's
read log; a file can identify a reporter) and answers the file as an
attachment with a UTF-8 ``Content-Disposition`` (``core.downloads``) and
``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
import re
import secrets
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.base import ContentFile, File
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest

from jiandu.core.downloads import attachment
from jiandu.core.errors import DomainError
from jiandu.core.recording import record_read

MB = 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    """A type of file, as recognised by its content."""

    content_type: str
    extension: str
    label: str
    extensions: tuple[str, ...] = ()  # other names it goes by (".jpeg")

    def named_by(self, extension: str) -> bool:
        return extension == self.extension or extension in self.extensions


JPEG = FileKind("image/jpeg", ".jpg", "JPG图片", (".jpeg",))
PNG = FileKind("image/png", ".png", "PNG图片")
PDF = FileKind("application/pdf", ".pdf", "PDF文件")
OFD = FileKind("application/ofd", ".ofd", "OFD文件")
DOCX = FileKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word文档"
)
XLSX = FileKind(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel表格"
)
DOC = FileKind("application/msword", ".doc", "Word文档（旧格式）")
XLS = FileKind("application/vnd.ms-excel", ".xls", "Excel表格（旧格式）")
TXT = FileKind("text/plain", ".txt", "文本文件")

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # all but \t \n \f \r
TEXT_SNIFF_BYTES = 20 * MB  # a text file is decoded whole, up to this much


class FileRefused(DomainError):
    """An uploaded file the policy does not accept; nothing of it was stored."""


def _zip_kind(stream: IO[bytes]) -> FileKind | None:
    """docx/xlsx: a zip whose directory names ``[Content_Types].xml`` and the main part;
    OFD (GB/T 33190): a zip whose directory names ``OFD.xml``. Only the central
    directory is read, nothing is decompressed."""
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if "OFD.xml" in names:
        return OFD
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _is_text(data: bytes) -> bool:
    """Valid UTF-8 or GB18030, no NUL, no control characters but tab and line ends."""
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return CONTROL_CHARS.search(text) is None
    return False


def _stream(source: bytes | IO[bytes]) -> IO[bytes]:
    return io.BytesIO(source) if isinstance(source, bytes | bytearray) else source


def sniff(source: bytes | IO[bytes], name: str = "") -> FileKind | None:
    """What a file is, from its content (``None``: not a type known here). ``name``
    only tells an old Excel file from an old Word file (both OLE containers). A stream
    is left at its start."""
    stream = _stream(source)
    stream.seek(0)
    head = stream.read(16)
    kind: FileKind | None = None
    if head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(OLE_MAGIC):
        kind = XLS if name.lower().endswith(".xls") else DOC
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(stream)
    elif head:
        stream.seek(0)
        if _is_text(stream.read(TEXT_SNIFF_BYTES + 1)):
            kind = TXT
    stream.seek(0)
    return kind


def safe_filename(name: str, default: str = "附件") -> str:
    """The original name, for display only: no path, no control or reserved characters,
    at most 100 characters (the extension kept)."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        "_" if ch in '<>:"|?*' else ch for ch in name if unicodedata.category(ch)[0] != "C"
    )
    name = name.strip(" .")
    if len(name) > 100:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[: 100 - len(ext) - 1]}.{ext}" if dot and len(ext) <= 10 else name[:100]
    return name or default


def extension_of(name: str) -> str:
    """``".pdf"`` for ``"报告.PDF"``; ``""`` without one."""
    base = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""


def stored_name(kind: FileKind) -> str:
    """A random name for the file on disk, with the extension of its type: the
    original name (which may identify a person) never reaches the file system."""
    return f"{secrets.token_hex(16)}{kind.extension}"


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for block in iter(lambda: stream.read(1 << 20), b""):
        digest.update(block)
    stream.seek(0)
    return digest.hexdigest()


def _size(source: bytes | IO[bytes]) -> int:
    if isinstance(source, bytes | bytearray):
        return len(source)
    size = getattr(source, "size", None)
    if size is None:
        source.seek(0, io.SEEK_END)
        size = source.tell()
        source.seek(0)
    return int(size)


def size_text(size: int) -> str:
    """A size limit in words: 20MB, 1.5MB, 300KB, 100字节."""
    if size >= MB:
        return f"{size / MB:.1f}".removesuffix(".0") + "MB"
    if size >= 1024:
        return f"{size / 1024:.0f}KB"
    return f"{size}字节"


@dataclass(frozen=True)
class CheckedFile:
    """A file a policy accepted: what it is and the content to store."""

    kind: FileKind
    original_name: str
    size: int
    sha256: str
    content: bytes | IO[bytes]

    def save(self, field: FieldFile) -> str:
        """Store the content under a random name in ``field``'s directory (the row is
        not saved); returns the stored name."""
        content: File
        if isinstance(self.content, bytes | bytearray):
            content = ContentFile(bytes(self.content))
        else:
            self.content.seek(0)
            content = self.content if isinstance(self.content, File) else File(self.content)
        field.save(stored_name(self.kind), content, save=False)
        return str(field.name)


@dataclass(frozen=True)
class FilePolicy:
    """What one kind of attachment accepts. ``noun`` names the file in messages
    (附件, 佐证材料, 文书); ``field`` is the form field the refusal is reported on;
    ``kinds_text`` overrides the list of accepted types shown to the user."""

    kinds: tuple[FileKind, ...]
    max_bytes: int
    max_count: int = 1
    max_total_bytes: int | None = None
    match_name: bool = False
    noun: str = "附件"
    field: str = "file"
    kinds_text: str = ""

    @property
    def accepted(self) -> str:
        """The accepted types in words (shown next to the upload field)."""
        return self.kinds_text or "、".join(k.label for k in self.kinds)

    def refuse(self, message: str) -> FileRefused:
        return FileRefused(message, fields={self.field: [message]})

    def check(self, source: bytes | IO[bytes], name: str = "") -> CheckedFile:
        """One file (its content as bytes or a binary stream such as an upload):
        not empty, within the size, of an accepted type by its content."""
        size = _size(source)
        if size == 0:
            raise self.refuse(f"{self.noun}为空文件。")
        if size > self.max_bytes:
            raise self.refuse(f"{self.noun}超过{size_text(self.max_bytes)}。")
        extension = extension_of(name)
        if self.match_name and not any(k.named_by(extension) for k in self.kinds):
            raise self.refuse(f"{self.noun}类型不支持：只能上传{self.accepted}。")
        stream = _stream(source)
        kind = sniff(stream, name)
        if kind is None or kind not in self.kinds:
            if self.match_name:
                raise self.refuse(f"{self.noun}内容与扩展名不符，请上传{self.accepted}。")
            raise self.refuse(f"{self.noun}类型不支持：只接受{self.accepted}（按文件内容识别）。")
        if self.match_name and not kind.named_by(extension):
            raise self.refuse(f"{self.noun}内容与扩展名不符（实为{kind.label}）。")
        return CheckedFile(
            kind=kind,
            original_name=safe_filename(name, default=self.noun)[:200],
            size=size,
            sha256=_sha256(stream),
            content=source,
        )

    def check_all(self, files: Sequence[Any]) -> list[CheckedFile]:
        """Files sent together (uploads with ``name``): their count, each file, then
        their total size; the first problem is raised, naming the file."""
        if len(files) > self.max_count:
            raise self.refuse(f"{self.noun}最多{self.max_count}个。")
        checked = []
        for upload in files:
            name = getattr(upload, "name", "") or ""
            try:
                checked.append(self.check(upload, name))
            except FileRefused as exc:
                label = safe_filename(name, default=self.noun)
                raise self.refuse(f"{self.noun}“{label}”：{exc.message}") from None
        total = sum(c.size for c in checked)
        if self.max_total_bytes is not None and total > self.max_total_bytes:
            raise self.refuse(f"{self.noun}合计不能超过{size_text(self.max_total_bytes)}。")
        return checked


class StoredFiles:
    """Files stored by one step, all or none: used as a context manager around the
    step's writes, it deletes the files it stored when the block fails (their rows go
    with the transaction; a file on disk would not).

        with StoredFiles() as stored:
            for checked in POLICY.check_all(uploads):
                row = Attachment(...)
                stored.save(checked, row.file)
                row.save()
            event_record(...)
    """

    def __init__(self) -> None:
        self.saved: list[tuple[Any, str]] = []

    def save(self, checked: CheckedFile, field: FieldFile) -> str:
        name = checked.save(field)
        self.saved.append((field.storage, name))
        return name

    def __enter__(self) -> StoredFiles:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is not None:
            for storage, name in self.saved:
                storage.delete(name)


# --- download ---------------------------------------------------------------------------


def serve_file(
    request: HttpRequest,
    file: FieldFile,
    *,
    filename: str,
    owner: models.Model,
    what: str,
    content_type: str = "",
) -> FileResponse:
    """Answer a stored file the caller's selector already let ``request.user`` see:
    the read is logged on ``owner``, the file goes out as an attachment named
    ``filename``, never sniffed by the browser."""
    record_read(user=request.user, obj=owner, what=what[:100])
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(file.open("rb"), content_type=content_type)
    attachment(response, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
