"""Shared API pieces: one error shape, ``{"message": ..., "fields": {...}}``, the one
relation field every writable id goes through (``ScopedPrimaryKeyRelatedField``), the
scoped fields for cross-references, and the version of an edited record."""

from __future__ import annotations

import functools
from typing import Any, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from jiandu.core.errors import DomainError, NotFound, PermissionDenied, StaleVersion
from jiandu.core.scoping import (
    Scope,
    only_visible,
    parse_id,
    ref_label,
    scoped_choices,
    viewer_of,
    visible_or_none,
)

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
        queryset = cast(models.QuerySet, super().get_queryset())  # a queryset is always given
        return scoped_choices(queryset, getattr(request, "user", None), self.scope)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, (int, str)):
            self.fail("incorrect_type", data_type=type(data).__name__)
        pk = parse_id(data)
        if pk is None:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(pk)

    @property
    def target_model(self) -> type[models.Model]:
        queryset: Any = self.queryset  # type: ignore[arg-type]  # (stubs: a manager descriptor)
        return queryset.model


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
        code: int = status.HTTP_400_BAD_REQUEST
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


# --- cross-references in API answers --------------------------------------------------------
# The API side of ``jiandu.core.scoping``'s cross-references: a related object appears in
# an answer only if the viewer (``context["user"]`` or the request's user) may open it.


class _ScopedRelated(serializers.Field):
    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        try:
            return super().get_attribute(instance)
        except (AttributeError, ObjectDoesNotExist):
            return None

    def visible(self, obj: Any) -> Any:
        """``obj`` if the viewer may open it, else ``None``. In a list the field is shared
        by every row: the first row checks the related objects of the whole page at once
        (one query per model), the others read the answer."""
        if obj is None:
            return None
        user = viewer_of(self.context)
        cache = self.__dict__.get("_visible")
        if cache is None or cache[0] is not user:
            cache = (user, self._page_visibility(user))
            self.__dict__["_visible"] = cache
        key = (obj._meta.concrete_model, obj.pk)
        if key in cache[1]:
            return obj if cache[1][key] else None
        return visible_or_none(user, obj)

    def _page_visibility(self, user: Any) -> dict[tuple[type, Any], bool]:
        list_serializer = getattr(self.parent, "parent", None)
        if not isinstance(list_serializer, serializers.ListSerializer):
            return {}
        try:
            related = [self.get_attribute(row) for row in list_serializer.instance or []]
        except (AttributeError, TypeError, ObjectDoesNotExist):  # each row checked alone
            return {}
        objects = [o for o in related if o is not None and hasattr(o, "_meta")]
        visible = {id(o) for o in only_visible(user, objects)}
        return {(o._meta.concrete_model, o.pk): id(o) in visible for o in objects}


@extend_schema_field({"type": "integer", "nullable": True})
class ScopedPkField(_ScopedRelated):
    """The related object's id, or ``null`` if the viewer may not open it."""

    def to_representation(self, value: Any) -> Any:
        obj = self.visible(value)
        return obj.pk if obj is not None else None


@extend_schema_field({"type": "string", "nullable": True})
class ScopedRefField(_ScopedRelated):
    """The related object's number (or name), or ``null`` if the viewer may not open it."""

    def to_representation(self, value: Any) -> Any:
        obj = self.visible(value)
        return ref_label(obj) if obj is not None else None


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class ScopedRefsField(_ScopedRelated):
    """The numbers (or names) of the related objects the viewer may open (a to-many
    relation is narrowed in the database)."""

    def to_representation(self, value: Any) -> Any:
        if value is None:
            return []
        objects = value.all() if hasattr(value, "all") else value
        return [ref_label(o) for o in only_visible(viewer_of(self.context), objects)]


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


# --- schema pieces shared by the project's APIs ------------------------------------------


@functools.cache
def _choice_field_class(
    choices: type[models.TextChoices], blank: bool
) -> type[serializers.ChoiceField]:
    """A ChoiceField whose schema is one named component per choice set (``ClueStatus``,
    ``ReportStatus`` …), so that the many fields called "status" or "kind" neither collide
    nor need an entry in ENUM_NAME_OVERRIDES."""
    name = choices.__name__ + ("OrBlank" if blank else "")
    values = [*choices.values, *([""] if blank else [])]
    lines = [f"* `{v}` - {label}" for v, label in choices.choices]
    if blank:
        lines.append("* `` - 未填")
    schema = {"type": "string", "enum": values, "description": "\n".join(lines)}
    cls = type(f"{name}ChoiceField", (serializers.ChoiceField,), {"__module__": __name__})
    return extend_schema_field(schema, component_name=name)(cls)


def choice_field(
    choices: type[models.TextChoices], *, blank: bool = False, **kwargs: Any
) -> serializers.ChoiceField:
    """``choices`` as a ChoiceField; ``blank`` when the empty string is a stored value."""
    if blank:
        kwargs.setdefault("allow_blank", True)
    return _choice_field_class(choices, blank)(choices=list(choices.choices), **kwargs)


# --- the error shape ---------------------------------------------------------------------


# ``{"message": ..., "fields": {...}}``, as jiandu.core.api.exception_handler answers.
class ErrorSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="中文说明")
    fields = serializers.DictField(  # type: ignore[assignment]
        help_text="字段名 → 该字段的错误说明（没有时为空对象）"
    )


ERRORS: dict[int, OpenApiResponse] = {
    400: OpenApiResponse(ErrorSerializer, description="提交的数据有误，或当前状态不允许此操作"),
    403: OpenApiResponse(ErrorSerializer, description="未登录或角色无权进行此操作"),
    404: OpenApiResponse(ErrorSerializer, description="记录不存在或无权查看"),
}


def with_errors(ok: Any, code: int = 200) -> dict[int, Any]:
    """The success response plus the three error responses, for ``extend_schema``."""
    return {code: ok, **ERRORS}
