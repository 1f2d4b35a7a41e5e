"""Shared API pieces: one error shape, ``{"message": ..., "fields": {...}}``."""

from __future__ import annotations

from rest_framework import status
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
