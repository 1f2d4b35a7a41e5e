"""schemathesis over the whole API (it runs in ``make test``).

The OpenAPI schema is generated in-process (drf-spectacular; ``/api/schema/`` needs a
login), every operation is fuzzed through the real WSGI application with valid
(positive) and invalid (negative) requests, as a restricted account (resident team 1)
and as a leader: no answer may be a 5xx, and a documented answer conforms to its
documented schema and content type. A bounded sweep runs in the suite; set
``JIANDU_FUZZ_EXAMPLES`` (examples per operation and mode, default 2) for a larger one:

    JIANDU_FUZZ_EXAMPLES=100 pytest src/jiandu/core/tests/test_api_fuzz.py -s
"""

from __future__ import annotations

import contextlib
import json
import os
from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from jiandu.api import router as api_router

pytestmark = pytest.mark.django_db(transaction=False)

CONFORMANCE = [response_schema_conformance, content_type_conformance]
EXAMPLES = int(os.environ.get("JIANDU_FUZZ_EXAMPLES", "2"))


@contextlib.contextmanager
def connection_kept():
    """Run the real WSGI application inside the test's transaction: as Django's test
    client does, the connection is not closed at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _schema(app):
    raw = SchemaGenerator().get_schema(request=None, public=True)
    data = json.loads(OpenApiJsonRenderer().render(raw, renderer_context={}))
    schema = schemathesis.openapi.from_dict(data)
    schema.app = app
    return schema


def _session(client, user) -> tuple[dict, dict]:
    """Cookies and headers of a logged-in session with a CSRF token."""
    client.force_login(user)
    token = _get_new_csrf_string()
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}
    return cookies, {"X-CSRFToken": token}


def _visible_ids(client) -> dict[str, int]:
    """For each list of the API, the id of a row the user sees (so that the fuzzed
    requests of its detail operations reach validation and the services, not only 404)."""
    ids = {}
    for prefix, _viewset, _basename in api_router.registry:
        response = client.get(f"/api/{prefix}/")
        if response.status_code == 200:
            rows = response.json()
            rows = rows.get("results", rows) if isinstance(rows, dict) else rows
            if rows and isinstance(rows[0], dict) and "id" in rows[0]:
                ids[f"/api/{prefix}/{{id}}"] = rows[0]["id"]
    return ids


def _fuzz(schema, cookies, headers, ids) -> tuple[Counter, list[str]]:
    counts: Counter = Counter()
    errors: list[str] = []
    mismatches: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        known = next((v for k, v in ids.items() if operation.path.startswith(k)), None)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            # Valid requests on an object the user sees; invalid ones anywhere.
            fixed = {"id": known} if known and mode == GenerationMode.POSITIVE else None
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed)

            @given(case=strategy)
            @settings(
                max_examples=EXAMPLES,
                derandomize=True,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case):
                response = case.call(cookies=cookies, headers=headers)
                counts["examples"] += 1
                counts[response.status_code // 100 * 100] += 1
                if response.status_code >= 500:
                    errors.append(
                        f"{_label(case)} → {response.status_code}: "
                        f"{case.path_parameters} {case.query} {str(case.body)[:200]}"
                    )
                    return
                # A documented answer has the documented shape (undocumented 4xx codes
                # are not checked: the schema does not list 400/403/404 everywhere).
                try:
                    case.validate_response(response, checks=CONFORMANCE)
                except BaseException as exc:
                    mismatches.append(f"{_label(case)} → {response.status_code}: {exc}"[:600])

            run()
    counts["schema mismatches"] = len(mismatches)
    return counts, errors + mismatches


def _label(case) -> str:
    return case.operation.label


@pytest.mark.parametrize("role", ["resident_team", "leader"])
def test_the_api_never_answers_5xx(world, client, role):
    county = world["county"]
    schema = _schema(WSGIHandler())
    cookies, headers = _session(client, county.users[role])
    ids = _visible_ids(client)
    with connection_kept():
        counts, errors = _fuzz(schema, cookies, headers, ids)
    print(f"\nschemathesis as {role}: {dict(counts)}; 5xx or mismatches: {len(errors)}")
    assert counts["examples"] >= 100
    assert counts[200] > 0  # the session is valid: some requests succeed
    assert not errors, "\n".join(errors[:20])
