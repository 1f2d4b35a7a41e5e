"""Every URL of the project is covered (CONVENTIONS 11).

A page (every pattern outside ``api/``) is covered when some app's ``PageContract``
declares a ``Page`` with its URL name, so it gets the generic checks (anonymous → login,
wrong role → 403, other unit's object → 404, allowed → 200, ...). The few exemptions
below are listed with the test that covers them instead.

An API route (``api/``, DRF's router) is covered when its view and action are an
operation of the OpenAPI schema: ``test_api_fuzz`` walks every operation of that schema
(no 5xx, answers conform to the schema) as a restricted account and as a leader, and the
API tests of each app check scope and capability. DRF's ``.json``-style format-suffix
aliases of a route and the browsable index (``api-root``) are not operations of their own.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

import jiandu
from jiandu.core.testing import PageContract

# URL name → why no page contract covers it, and what test does.
EXEMPT = {
    "home": "a redirect to core:workbench (core/tests/test_pages.py reaches it via login)",
    "login": "the sign-in page itself, open to anonymous users (accounts/tests)",
    "otp_verify": "the sign-in's second step (accounts/tests/test_two_factor.py)",
    "logout": "signing out (accounts/tests/test_security.py)",
    "api-schema": "the OpenAPI document (core/tests/test_schema_and_lockout.py)",
    "portal:submit": "the public reporting portal, anonymous by design (intake/tests/test_portal*)",
    "portal:done": "the public reporting portal (intake/tests/test_portal.py)",
    "portal:query": "the public reporting portal (intake/tests/test_portal.py)",
    "portal:status": "the public reporting portal (intake/tests/test_portal.py)",
}
# Route prefix → why its patterns are not pages of jiandu.
EXEMPT_PREFIXES = {
    "django-admin/": "Django's admin: staff accounts only, its own permission checks "
    "(accounts/tests/test_admin_no_domain_data.py)",
}
API_PREFIX = "api/"


def url_patterns() -> list[tuple[str, str, object]]:
    """(route, qualified name, callback) of every pattern, includes flattened."""

    def walk(patterns, prefix="", namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace and p.name else p.name
                yield prefix + str(p.pattern), name or "", p.callback

    return list(walk(get_resolver().url_patterns))


def contract_pages() -> dict[str, list[str]]:
    """URL name → the contracts (test classes) that declare a page for it. Every test
    module of the project that mentions ``PageContract`` is imported."""
    root = Path(jiandu.__file__).parent
    for app in pkgutil.iter_modules([str(root)]):
        tests = root / app.name / "tests"
        if not tests.is_dir():
            continue
        for module in sorted(tests.glob("test_*.py")):
            if "PageContract" in module.read_text(encoding="utf-8"):
                importlib.import_module(f"jiandu.{app.name}.tests.{module.stem}")
    covered: dict[str, list[str]] = {}

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for contract in subclasses(PageContract):
        for page in contract.pages:
            covered.setdefault(page.name, []).append(f"{contract.__module__}.{contract.__name__}")
    return covered


def _exempt(route: str, name: str) -> bool:
    return name in EXEMPT or any(route.startswith(p) for p in EXEMPT_PREFIXES)


def test_every_page_is_covered_by_a_page_contract():
    covered = contract_pages()
    pages = [(r, n) for r, n, _ in url_patterns() if not r.startswith(API_PREFIX)]
    missing = [
        f"{n or '(unnamed)'} ({r})" for r, n in pages if not _exempt(r, n) and n not in covered
    ]
    assert not missing, "URL patterns covered by no page contract:\n" + "\n".join(missing)
    assert len(pages) > 80  # the walk found the project's pages


def test_every_contract_names_an_existing_url():
    names = {n for _, n, _ in url_patterns()}
    assert set(contract_pages()) <= names
    assert set(EXEMPT) <= names  # the exemptions do not outlive their URLs


def test_every_api_route_is_an_operation_of_the_schema_the_fuzz_walks():
    from drf_spectacular.generators import EndpointEnumerator

    def key(callback):
        actions = getattr(callback, "actions", None) or {}
        return getattr(callback, "cls", callback), tuple(sorted(actions.items()))

    operations = {key(endpoint[3]) for endpoint in EndpointEnumerator().get_api_endpoints()}
    routes = [
        (r, n, c)
        for r, n, c in url_patterns()
        if r.startswith(API_PREFIX) and not _exempt(r, n) and n != "api-root"
    ]
    missing = [
        f"{n} ({r})" for r, n, c in routes if "(?P<format>" not in r and key(c) not in operations
    ]
    assert not missing, "API routes missing from the OpenAPI schema:\n" + "\n".join(missing)
    assert len(routes) > 100
