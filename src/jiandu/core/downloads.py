"""One way to hand a generated file to the browser: the MIME type and a UTF-8
``Content-Disposition`` (RFC 6266 ``filename*``), so Chinese file names survive."""

from __future__ import annotations

from typing import TypeVar
from urllib.parse import quote

from django.http import HttpResponse
from django.http.response import HttpResponseBase

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv; charset=utf-8"


R = TypeVar("R", bound=HttpResponseBase)


def attachment(response: R, filename: str) -> R:
    """Mark ``response`` as a download called ``filename``."""
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def file_response(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    return attachment(HttpResponse(content, content_type=content_type), filename)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    return file_response(content, filename, XLSX)


def docx_response(content: bytes, filename: str) -> HttpResponse:
    return file_response(content, filename, DOCX)


def csv_response(content: bytes | str, filename: str) -> HttpResponse:
    return file_response(content, filename, CSV)
