"""Every edit carries a version (made impossible to forget): every
edit page renders the record's version token in its form and refuses a save made on
another version; every edit form is a ``VersionedFormMixin``; every API operation that
edits a record takes a version and documents the 409 of a stale save. A new edit page,
form or API edit that skips the version fails here."""

from __future__ import annotations

import importlib
import inspect
import re

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.generators import SchemaGenerator

from jiandu.core.errors import STALE_MESSAGE
from jiandu.core.forms import VersionedFormMixin

pytestmark = pytest.mark.django_db


def _url_names(patterns=None, prefix=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _url_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}"


def _cadre_page(county):
    cadre = county.cadres["teacher"]
    url = reverse("org:cadre_edit", args=(cadre.pk,))
    return county.users["case_management"], url, url, {"phone": "13911112222"}


def _unit_page(county):
    unit = county.units["commission"]
    url = reverse("org:unit_edit", args=(unit.pk,))
    return county.users["case_management"], url, url, {"document_number_prefix": "测纪"}


def _task_page(county):
    from jiandu.directives import services
    from jiandu.directives.tests.conftest import DOC_DATE
    from jiandu.directives.tests.test_parser_seeds import WORK_PLAN

    leader = county.users["leader"]
    plan = services.document_upload(
        actor=leader, document_date=DOC_DATE, kind="plan", text=WORK_PLAN
    )
    task = plan.tasks.filter(is_task=True).order_by("position").first()
    page = reverse("directives:document_detail", args=(plan.pk,))
    action = reverse("directives:task_edit", args=(task.pk,))
    return leader, page, action, {"title": "改写的任务表述", "include": "1", "is_task": "on"}


def _bulletin_page(county):
    from datetime import date

    from jiandu.stats import periods as P
    from jiandu.stats import publication_services
    from jiandu.stats.models import BulletinTemplate

    leader = county.users["leader"]
    template = BulletinTemplate.objects.create(
        name="测试月报",
        kind="monthly",
        valid_from=date(2026, 1, 1),
        title="关于{period}线索处置情况的通报",
        text="{period}，{unit}共受理问题线索{clues_received}件。",
        tables=[],
    )
    pub = publication_services.bulletin_generate(
        actor=leader, template_id=template.pk, period=P.parse("2026")
    )
    edit = reverse("stats:bulletin_edit", args=(pub.pk,))
    return leader, edit, edit, {"text": "改写的通报正文。"}


def _user_page(county):
    target = county.users["petition"]
    url = reverse("accounts:user_edit", args=(target.pk,))
    return county.users["admin"], url, url, {"full_name": "改名的信访干部"}


# Each edit page: (user, the page showing the form, the form's action, a change).
EDIT_PAGES = {
    "accounts:user_edit": _user_page,
    "org:cadre_edit": _cadre_page,
    "org:unit_edit": _unit_page,
    "directives:task_edit": _task_page,
    "stats:bulletin_edit": _bulletin_page,
}


def test_every_edit_page_is_covered():
    edits = {n for n in _url_names() if re.search(r"(^|[:_])(edit|update|change)(_|$)", n)}
    edits = {n for n in edits if not n.startswith("admin:")}  # Django's own admin
    # Not a record edit: the user's own password (checked against the old password).
    edits -= {"accounts:password_change"}
    assert edits == set(EDIT_PAGES), (
        "An edit page must carry a version (jiandu.core.forms.VersionedFormMixin, checked "
        "by the service with jiandu.core.services.check_version): add it to EDIT_PAGES"
    )


@pytest.mark.parametrize("name", sorted(EDIT_PAGES))
def test_every_edit_page_carries_a_version_and_refuses_another(name, county, client):
    user, page, action, change = EDIT_PAGES[name](county)
    client.force_login(user)
    html = client.get(page).content.decode()
    forms = re.findall(r"<form.*?</form>", html, re.S)
    form = next((f for f in forms if f'action="{action}"' in f), None) or next(
        (f for f in forms if all(f'name="{k}"' in f for k in change)), None
    )
    assert form is not None
    version = re.search(r'name="version"[^>]*value="(\w+)"|value="(\w+)"[^>]*name="version"', form)
    assert version is not None, f"{name}: the form has no version field"
    fields = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', form))
    for sel, body in re.findall(r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        if chosen:
            fields[sel] = chosen.group(1)
    fields.pop("csrfmiddlewaretoken", None)

    def shown(response) -> str:
        notes = " ".join(str(m) for m in get_messages(response.wsgi_request))
        return response.content.decode() + notes

    # A save with the version the page carried goes through ...
    response = client.post(action, fields | change)
    assert STALE_MESSAGE not in shown(response), f"{name}: the page's own version is refused"
    # ... and a second save made on that page (now an older version) is refused.
    response = client.post(action, fields | change)
    assert STALE_MESSAGE in shown(response), f"{name}: a save on an old version went through"


def test_every_edit_form_carries_a_version():
    missing = []
    for config in apps.get_app_configs():
        if not config.name.startswith("jiandu."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, cls in vars(module).items():
            own = inspect.isclass(cls) and cls.__module__ == module.__name__
            if own and "Edit" in name and not issubclass(cls, VersionedFormMixin):
                missing.append(f"{module.__name__}.{name}")
    assert not missing, f"Edit forms without VersionedFormMixin: {missing}"


def test_every_api_edit_takes_a_version_and_documents_the_conflict():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    edits, missing = [], []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            is_edit = method in ("put", "patch") or (
                method == "post" and re.search(r"/(edit|update)/$", path)
            )
            if not is_edit:
                continue
            edits.append(f"{method.upper()} {path}")
            body = operation.get("requestBody", {}).get("content", {})
            ref = next(iter(body.values()), {}).get("schema", {}).get("$ref", "")
            component = schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
            if "409" not in operation["responses"] or "version" not in component.get(
                "properties", {}
            ):
                missing.append(f"{method.upper()} {path}")
    assert "POST /api/directives/tasks/{id}/edit/" in edits
    assert not missing, f"API edits without a version and a documented 409: {missing}"


def test_every_edit_service_checks_a_version():
    """A service that edits a record's fields (``*_update``, ``*_edit``) takes the version
    the form or API client read, and checks it (``check_version``) on the locked row."""
    missing, found = [], []
    for config in apps.get_app_configs():
        if not config.name.startswith("jiandu.") or config.name == "jiandu.core":
            continue
        try:
            module = importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError:
            continue
        for name, func in vars(module).items():
            if not inspect.isfunction(func) or func.__module__ != module.__name__:
                continue
            if not re.search(r"_(update|edit)$", name):
                continue
            found.append(name)
            source = inspect.getsource(inspect.unwrap(func))
            params = inspect.signature(func).parameters
            if "version" not in params or "check_version(" not in source:
                missing.append(f"{module.__name__}.{name}")
            elif not getattr(func, "locks", ()):
                missing.append(f"{module.__name__}.{name} (not @locked)")
    assert {"cadre_update", "unit_update", "task_edit"} <= set(found)
    assert not missing, f"Edit services that do not check a version: {missing}"
