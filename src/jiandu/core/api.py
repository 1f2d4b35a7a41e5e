"""Shared API pieces: one error shape, ``{"message": ..., "fields": {...}}``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from jiandu.core.errors import DomainError, NotFound, PermissionDenied, StaleVersion


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        code = status.HTTP_400_BAD_REQUEST
        if isinstance(exc, NotFound):
            code = status.HTTP_404_NOT_FOUND
        elif isinstance(exc, PermissionDenied):
            code = status.HTTP_403_FORBIDDEN
        elif isinstance(exc, StaleVersion):
            code = status.HTTP_409_CONFLICT
        return Response({"message": exc.message, "fields": exc.fields}, status=code)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and "detail" in data:
        response.data = {"message": str(data["detail"]), "fields": {}}
    elif isinstance(data, dict):
        response.data = {"message": "提交的数据有误", "fields": data}
    else:
        response.data = {"message": "提交的数据有误", "fields": {"non_field_errors": data}}
    return response


# --- version of an edited record (lost updates) ------------------------------------------------

STALE_RESPONSE = {
    409: OpenApiResponse(description="该记录已被他人修改，请刷新后重试（提交的版本号不是最新）"),
}


def submitted_version(request: Request, data: dict[str, Any]) -> str:
    """The version an API client edits: the ``version`` field of the payload or the
    ``If-Match`` header (the ETag of the read). Required: an edit without it would
    overwrite whatever someone else saved meanwhile."""
    version = data.pop("version", None) or request.headers.get("If-Match", "")
    if not version:
        message = (
            "请提供记录的版本号（读取时返回的 version 或 ETag，"
            "放在 version 字段或 If-Match 请求头中）"
        )
        raise DomainError(message, fields={"version": ["请提供版本号"]})
    return str(version)
