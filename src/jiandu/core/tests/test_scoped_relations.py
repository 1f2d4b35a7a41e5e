"""Every id a user submits is checked against what the user may see.

1. No writable field of any serializer or form is a related field other than the scoped
   ones (``core.api.ScopedPrimaryKeyRelatedField``, ``core.forms.Scoped*``), and no
   writable integer is named like a relation (an id that skips the scoped field).
2. Every writable relation in the OpenAPI schema (``x-scoped-relation``) is tried with
   the id of an object outside the acting user's choices, as the most restricted role
   that may call the operation: the serializer refuses it with the same Chinese error
   as a missing id, and through HTTP the answer is 400/404, nothing is created and
   nothing of the object is in the response.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import inspect
import json

import pytest
from django import forms
from django.apps import apps
from django.test import RequestFactory
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.plumbing import ComponentRegistry
from drf_spectacular.settings import spectacular_settings
from rest_framework import serializers

from jiandu.core.api import NOT_FOUND_CHOICE, ScopedPrimaryKeyRelatedField
from jiandu.core.forms import SCOPED_FIELDS
from jiandu.core.scoping import scoped_choices

pytestmark = pytest.mark.django_db

# The most restricted roles first: the first that holds an operation's capability acts.
ROLES = (
    "resident_team",
    "township_commission",
    "supervision_office",
    "review",
    "inspection",
    "petition",
    "case_management",
    "leader",
    "admin",
)


def _jiandu_modules(suffix: str) -> list:
    """Every app's ``<suffix>`` and ``views`` module (forms live in both)."""
    modules = []
    for config in apps.get_app_configs():
        if config.name.startswith("jiandu."):
            for name in (f"{config.name}.{suffix}", f"{config.name}.views"):
                with contextlib.suppress(ModuleNotFoundError):
                    modules.append(importlib.import_module(name))
    return modules


def _relation_names() -> set[str]:
    """Names of every relation of every jiandu model ("person", "clue", "unit" …)."""
    names = set()
    for model in apps.get_models():
        if model.__module__.startswith("jiandu."):
            names.add(model._meta.model_name)
            for field in model._meta.get_fields():
                if field.is_relation:
                    names.add(field.name)
    return names


def _walk_serializer(serializer, prefix=""):
    """(dotted name, field) of every writable field, nested serializers included."""
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        dotted = f"{prefix}{name}"
        if isinstance(field, serializers.ListSerializer):
            yield from _walk_serializer(field.child, dotted + "[].")
        elif isinstance(field, serializers.Serializer):
            yield from _walk_serializer(field, dotted + ".")
        else:
            yield dotted, field


def _leaf(field):
    if isinstance(field, serializers.ManyRelatedField):
        return field.child_relation
    if isinstance(field, serializers.ListField):
        return field.child
    return field


def _unscoped_writes(field_name: str, field, relation_names: set[str]) -> bool:
    leaf = _leaf(field)
    if isinstance(leaf, serializers.RelatedField):
        return not isinstance(leaf, ScopedPrimaryKeyRelatedField)
    if isinstance(leaf, serializers.IntegerField):
        last = field_name.split(".")[-1].replace("[]", "")
        base = last.removesuffix("_ids").removesuffix("_id")
        return last.endswith(("_id", "_ids")) or base in relation_names
    return False


def test_no_writable_serializer_field_is_an_unscoped_relation():
    """Every request body of every operation of the router's viewsets (the serializer the
    schema documents for it, which is the one the view validates with)."""
    relation_names = _relation_names()
    seen, operations, wrong = 0, 0, []
    for path, method, _view, serializer in _operations():
        operations += 1
        for name, field in _walk_serializer(serializer):
            seen += 1
            if _unscoped_writes(name, field, relation_names):
                wrong.append(f"{method} {path} {type(serializer).__name__}.{name}")
    assert operations > 50 and seen > 100
    assert not wrong, f"writable relations not scoped: {wrong}"


def test_the_checks_see_a_plain_related_field():
    """The two checks above fail on a plain relation or an id-named integer."""
    from jiandu.org.models import Unit

    class Plain(serializers.Serializer):
        unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
        other_report_ids = serializers.ListField(child=serializers.IntegerField())
        person = serializers.IntegerField()
        count = serializers.IntegerField()

    names = _relation_names()
    flagged = [n for n, f in _walk_serializer(Plain()) if _unscoped_writes(n, f, names)]
    assert flagged == ["unit", "other_report_ids", "person"]


def test_no_form_field_is_an_unscoped_relation():
    modules = _jiandu_modules("forms")
    relation_names = _relation_names()
    wrong, scoped = [], 0
    for module in modules:
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not (issubclass(cls, forms.BaseForm) and cls.__module__.startswith("jiandu.")):
                continue
            for name, field in cls.base_fields.items():
                if isinstance(field, SCOPED_FIELDS):
                    scoped += 1
                elif isinstance(field, forms.ModelChoiceField) or (
                    isinstance(field, forms.IntegerField) and name in relation_names
                ):
                    wrong.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert scoped >= 10
    assert not wrong, f"form relations not scoped: {wrong}"


# --- the schema's writable relations, tried ------------------------------------------------


@functools.cache
def _operations() -> list[tuple]:
    """(path, method, view, request serializer) of every API operation with a body."""
    return list(_each_operation())


def _each_operation():
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    for path, path_regex, method, view in generator._get_paths_and_endpoints():
        if method not in ("POST", "PUT", "PATCH"):
            continue
        view.request = spectacular_settings.GET_MOCK_REQUEST(method, path, view, None)
        schema = view.schema
        schema.registry = ComponentRegistry()
        schema.path, schema.path_regex, schema.path_prefix = path, path_regex, "^/api"
        schema.method = method
        serializer = schema.get_request_serializer()
        if isinstance(serializer, dict):
            serializer = next(iter(serializer.values()))
        if serializer is None:
            continue
        if isinstance(serializer, type):
            serializer = serializer()
        yield path, method, view, serializer


def _schema_relations() -> set[tuple[str, str, str]]:
    """(path, method, property) of every ``x-scoped-relation`` in the OpenAPI schema."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    found = set()

    def walk(node, path, method, prefix, depth=0):
        if depth > 6 or not isinstance(node, dict):
            return
        if "$ref" in node:
            walk(components[node["$ref"].split("/")[-1]], path, method, prefix, depth + 1)
            return
        if "x-scoped-relation" in node:
            found.add((path, method, prefix))
        for key in ("items", "allOf", "oneOf", "anyOf"):
            for child in node.get(key, []) if key != "items" else [node.get("items")]:
                walk(child, path, method, prefix + ("[]" if key == "items" else ""), depth + 1)
        for name, child in (node.get("properties") or {}).items():
            walk(child, path, method, f"{prefix}.{name}" if prefix else name, depth + 1)

    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for media in (operation.get("requestBody") or {}).get("content", {}).values():
                walk(media.get("schema", {}), path, method.upper(), "")
    return found


def _body(dotted: str, value):
    """A request body that sets only ``dotted`` (``people[].cadre`` → nested list)."""
    head, _, rest = dotted.partition(".")
    many = head.endswith("[]")
    head = head.removesuffix("[]")
    inner = _body(rest, value) if rest else value
    return {head: [inner] if many else inner}


def _row_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m.__module__.startswith("jiandu.") and m._meta.app_label not in ("core",)
    }


def _acting_user(county, view):
    capability = getattr(view, "capability", None)
    for role in (*ROLES, "team2"):
        user = county.users.get(role)
        if user is not None and (capability is None or user.has_capability(capability)):
            return user
    return None


def _outsider(field, user):
    """An existing object the user may not choose for ``field``, or ``None``."""
    model = field.queryset.model
    allowed = scoped_choices(field.queryset, user, field.scope).values("pk")
    return model._default_manager.exclude(pk__in=allowed).order_by("pk").first()


def _visible_path_object(client, path, view):
    """A URL for ``path`` whose ``{id}`` is an object the user may see (via the list)."""
    if "{id}" not in path:
        return path
    listing = client.get(path.split("{id}")[0])
    if listing.status_code != 200:
        return None
    rows = listing.json()
    rows = rows.get("results", rows) if isinstance(rows, dict) else rows
    if not rows:
        return None
    return path.replace("{id}", str(rows[0]["id"]))


def test_every_writable_relation_refuses_an_id_outside_the_users_scope(world, client_for):
    county = world["county"]
    schema_relations = _schema_relations()
    tried, via_http, with_outsider, wrong = set(), 0, 0, []
    factory = RequestFactory()
    for path, method, view, serializer in _operations():
        user = _acting_user(county, view)
        if user is None:
            continue
        request = factory.post("/")
        request.user = user
        client = client_for(user)
        for dotted, field in _walk_serializer(serializer):
            leaf = _leaf(field)
            if not isinstance(leaf, ScopedPrimaryKeyRelatedField):
                continue
            many = isinstance(field, serializers.ManyRelatedField)
            tried.add((path, method, dotted + ("[]" if many else "")))
            outsider = _outsider(leaf, user)
            if outsider is not None:
                with_outsider += 1
            pk = outsider.pk if outsider is not None else 10**9
            value = [pk] if many else pk
            # The serializer itself: the same error as a missing id.
            check = type(serializer)(data=_body(dotted, value), context={"request": request})
            check.is_valid()
            text = json.dumps(check.errors, ensure_ascii=False)
            if NOT_FOUND_CHOICE not in text:
                wrong.append((path, method, dotted, "serializer accepted", check.errors))
            # Through HTTP, where the user can reach the operation.
            url = _visible_path_object(client, path, view)
            if url is None:
                continue
            via_http += 1
            before = _row_counts()
            response = client.post(url, _body(dotted, value), content_type="application/json")
            after = _row_counts()
            body = response.content.decode()
            leaked = outsider is not None and any(
                part and part in body
                for part in (
                    getattr(outsider, "name", ""),
                    getattr(outsider, "number", ""),
                    getattr(outsider, "citizen_id", ""),
                )
            )
            if response.status_code not in (400, 404) or before != after or leaked:
                wrong.append((url, dotted, response.status_code, leaked, body[:200]))
    print(
        f"\nwritable relations tried: {len(tried)} (with an existing out-of-scope object:"
        f" {with_outsider}; through HTTP: {via_http})"
    )
    assert not wrong, wrong
    assert tried >= schema_relations, "a relation in the schema was not tried"
    assert len(tried) >= 30 and with_outsider >= 20 and via_http >= 20
