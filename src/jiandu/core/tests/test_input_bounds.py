"""Input bounds: no number or id in a query string or a path makes
a page or an API endpoint answer 5xx.

Every URL pattern is enumerated (pages and the API router alike); each list is asked
with every filter name of every filter set (and the other query parameters views
read) set to numbers no 64-bit column holds and to words where numbers go, and each
page with an id in its path is asked with an id no database holds."""

from __future__ import annotations

import contextlib
import importlib
import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from jiandu.core.filters import StyledFilterSet

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
BAD_VALUES = [HUGE, "-9223372036854775809", "1e400", "abc", "1.5"]
# Query parameters read by views outside a filter set.
EXTRA_PARAMS = [
    "page",
    "year",
    "by",
    "format",
    "unit",
    "current",
    "object_id",
    "round",
    "category",
    "clue",
    "proposed",
    "mine",
    "item",
    "person",
    "subject",
    "next",
]
SKIPPED_PREFIXES = ("django-admin/", "login/", "logout/", "api/schema/")
ROLES = ("leader", "resident_team", "case_management")


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def _concrete(route: str) -> str | None:
    """A URL for ``route`` with every id a huge number and every other argument a word;
    ``None`` for format-suffix duplicates."""
    if "format" in route:
        return None
    route = route.replace("^", "").replace("$", "")
    route = re.sub(r"\(\?P<pk>[^)]*\)", HUGE, route)
    route = re.sub(r"<int:[^>]+>", HUGE, route)
    route = re.sub(r"<(slug|str|path):[^>]+>", "x", route)
    route = route.replace("\\.", ".")
    return "/" + route


def _urls() -> tuple[list[str], list[str]]:
    lists, details = [], []
    for route in _walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES):
            continue
        url = _concrete(route)
        if url is None:
            continue
        (details if HUGE in url or "/x" in url else lists).append(url)
    return sorted(set(lists)), sorted(set(details))


def _filter_names() -> list[str]:
    for config in apps.get_app_configs():
        if config.name.startswith("jiandu."):
            with contextlib.suppress(ModuleNotFoundError):
                importlib.import_module(f"{config.name}.filters")
    names = set(EXTRA_PARAMS)
    stack = list(StyledFilterSet.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        names.update(cls.base_filters)
    return sorted(names)


LISTS, DETAILS = _urls()


def _no_server_error(client, url, params=None):
    client.raise_request_exception = False
    response = client.get(url, params or {})
    assert response.status_code < 500, (url, params, response.status_code)
    return response


@pytest.mark.parametrize("url", LISTS)
def test_list_filters_with_huge_and_malformed_values_never_5xx(client_for, county, url):
    names = _filter_names()
    for role in ROLES:
        client = client_for(county.users[role])
        for value in BAD_VALUES:
            _no_server_error(client, url, dict.fromkeys(names, value))


def test_huge_ids_in_paths_are_not_found(client_for, county):
    client = client_for(county.users["leader"])
    client.raise_request_exception = False
    wrong = []
    for url in DETAILS:
        status = client.get(url).status_code
        if status >= 500 or (HUGE in url and status not in (403, 404, 405)):
            wrong.append((url, status))
    assert not wrong
    assert len(DETAILS) >= 50


def test_a_huge_filter_value_is_a_chinese_error(client_for, county):
    client = client_for(county.users["leader"])
    api = client.get("/api/clues/", {"handling_unit": HUGE})
    assert api.status_code == 400
    assert api.json()["message"] and "handling_unit" in api.json()["fields"]
    page = client.get("/clues/", {"handling_unit": HUGE})
    assert page.status_code == 200
    assert "筛选条件有误" in page.content.decode()


def test_the_enumeration_covers_the_lists():
    assert "/clues/" in LISTS and "/api/clues/" in LISTS and "/api/cases/" in LISTS
    assert len(LISTS) >= 40


def test_an_unknown_api_url_is_a_json_404(client_for, county):
    client = client_for(county.users["leader"])
    response = client.post("/api/cases/1.2/decide/", {}, content_type="application/json")
    assert response.status_code == 404
    assert response.json() == {"message": "未找到该记录，或您无权查看。", "fields": {}}
    page = client.get("/clues/no-such-page/")
    assert page.status_code == 404 and "text/html" in page["Content-Type"]


def test_every_filter_set_is_bounded():
    """Every filter set (pages and API share them) derives from StyledFilterSet, which
    bounds numbers and ids."""
    import django_filters

    _filter_names()  # imports every app's filters
    stack, ours = list(django_filters.FilterSet.__subclasses__()), []
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("jiandu."):
            ours.append(cls)
            assert issubclass(cls, StyledFilterSet), cls
    assert len(ours) >= 10
