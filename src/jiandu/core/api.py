"""Shared API pieces: one error shape, ``{"message": ..., "fields": {...}}``, and the one
relation field every writable id goes through (``ScopedPrimaryKeyRelatedField``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from jiandu.core.errors import DomainError, NotFound, PermissionDenied
from jiandu.core.scoping import Scope, parse_id, scoped_choices

NOT_FOUND_CHOICE = "所选对象不存在，或您无权查看。"


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A writable relation limited, when the input is validated, to what the requesting
    user may see: ``scope(user, queryset)``, by default ``queryset.visible_to(user)``.

    A missing id, a forbidden one and a number no database could hold get the same
    Chinese error (existence never leaks); without a request in the serializer's
    context nothing is accepted. Every writable relation of the API is one of these
    (``core/tests/test_scoped_relations.py`` fails on any other)."""

    default_error_messages = {
        "required": "该字段是必填项。",
        "does_not_exist": NOT_FOUND_CHOICE,
        "incorrect_type": "应为对象编号（正整数）。",
    }

    def __init__(self, *, scope: Scope | None = None, **kwargs: Any) -> None:
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return scoped_choices(super().get_queryset(), getattr(request, "user", None), self.scope)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, (int, str)):
            self.fail("incorrect_type", data_type=type(data).__name__)
        pk = parse_id(data)
        if pk is None:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(pk)

    @property
    def target_model(self):
        return self.queryset.model


class ScopedRelationSchema(OpenApiSerializerFieldExtension):
    """Marks each scoped relation in the OpenAPI schema with the model it points to
    (``x-scoped-relation: "org.Cadre"``), so tests can enumerate every writable id."""

    target_class = ScopedPrimaryKeyRelatedField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        model = self.target.target_model
        schema["x-scoped-relation"] = f"{model._meta.app_label}.{model.__name__}"
        return schema


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        code = status.HTTP_400_BAD_REQUEST
        if isinstance(exc, NotFound):
            code = status.HTTP_404_NOT_FOUND
        elif isinstance(exc, PermissionDenied):
            code = status.HTTP_403_FORBIDDEN
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
