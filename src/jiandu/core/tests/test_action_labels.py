"""Every audit action has a Chinese name (``core.labels``): the audit page, the timelines
and the workbench show names, never codes such as ``clues.clue.approve_disposition``.

Two nets: this file reads the runtime code and checks every action code written in it
(literal codes, and the codes an ``f"clues.clue.{action}"`` gets from the literal
arguments its function is called with); the root conftest checks every event any test
records."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps

from jiandu.core.labels import action_choices, action_label, has_label, object_label

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"^([a-z_]+)\.[a-z_]+\.[a-z_]+$")
ACTION_ARGS = {"action", "bulk_action"}


def _jiandu_apps() -> set[str]:
    return {c.label for c in apps.get_app_configs() if c.name.startswith("jiandu.")}


def _runtime_files() -> list[Path]:
    skip = {"tests", "migrations", "e2e", "devtools"}
    return [
        p
        for p in ROOT.rglob("*.py")
        if not skip & set(p.relative_to(ROOT).parts) and p.name != "conftest.py"
    ]


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def _name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def action_codes_in_code() -> tuple[dict[str, str], list[str]]:
    """code → file for every action code the runtime code records, and the f-string
    actions whose parts could not be resolved to literals."""
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in _runtime_files()}
    codes: dict[str, str] = {}
    unresolved: list[str] = []
    # (file, function name) → [(prefix, parameter name, parameter position)]; the
    # function's calls are looked for in its own module (helpers such as ``_record``).
    templated: dict[tuple[Path, str], list[tuple[str, str, int]]] = {}
    for path, tree in trees.items():
        rel = str(path.relative_to(ROOT))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            params = [a.arg for a in (*func.args.posonlyargs, *func.args.args)]
            kwonly = [a.arg for a in func.args.kwonlyargs]
            for call in _calls(func):
                for kw in call.keywords:
                    value = kw.value
                    if kw.arg not in ACTION_ARGS:
                        continue
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        codes.setdefault(value.value, rel)
                    elif isinstance(value, ast.JoinedStr):
                        parts = value.values
                        ok = (
                            len(parts) == 2
                            and isinstance(parts[0], ast.Constant)
                            and isinstance(parts[1], ast.FormattedValue)
                            and isinstance(parts[1].value, ast.Name)
                        )
                        name = parts[1].value.id if ok else ""  # type: ignore[union-attr]
                        if ok and (name in params or name in kwonly):
                            position = params.index(name) if name in params else -1
                            templated.setdefault((path, func.name), []).append(
                                (str(parts[0].value), name, position)  # type: ignore[union-attr]
                            )
                        else:
                            unresolved.append(f"{rel}:{value.lineno}")
        for node in ast.walk(tree):  # action = "cases.case.notify" (then action=action)
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id in ACTION_ARGS for t in node.targets)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                codes.setdefault(node.value.value, rel)
    for path, tree in trees.items():
        rel = str(path.relative_to(ROOT))
        for call in _calls(tree):
            for prefix, name, position in templated.get((path, _name(call)), ()):
                args = list(call.args)
                values = [kw.value for kw in call.keywords if kw.arg == name]
                if not values and 0 <= position < len(args):
                    values = [args[position]]
                for value in values:
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        codes.setdefault(prefix + value.value, rel)
    known = _jiandu_apps()
    return {c: f for c, f in codes.items() if (m := CODE.match(c)) and m.group(1) in known}, (
        unresolved
    )


def test_every_action_code_in_the_code_has_a_chinese_name():
    codes, _ = action_codes_in_code()
    # The scan finds the literal codes and the templated ones (``_move(actor, clue,
    # "accept")`` → clues.clue.accept): a scan that finds nothing proves nothing.
    assert len(codes) > 100, len(codes)
    assert "clues.clue.accept" in codes and "cases.case.notify" in codes
    missing = sorted(f"{c} ({f})" for c, f in codes.items() if not has_label(c))
    assert not missing, missing


def test_every_name_is_chinese_and_says_what_it_acts_on():
    from jiandu.core.labels import _ACTIONS

    for code, label in _ACTIONS.items():
        assert label and not re.search(r"[A-Za-z_]", label), (code, label)
    assert action_label("clues.clue.accept") != "clues.clue.accept"
    assert object_label("clues.clue.accept") == "问题线索"
    assert object_label("accounts.otp.enrol") == "用户与角色"  # no model: the app's name


def test_the_filter_offers_every_action_by_name_grouped_by_app():
    groups = dict(action_choices())
    assert "问题线索" in groups and "数据比对" in groups
    values = {v for options in groups.values() for v, _ in options}
    labels = [label for options in groups.values() for _, label in options]
    assert "clues." in values and "clues.clue.approve_disposition" in values
    assert not any(re.search(r"[A-Za-z]", label) for label in labels)
    # Only the apps a role reads (its audit scope).
    only = dict(action_choices({"clues"}))
    assert list(only) == ["问题线索"]


@pytest.mark.django_db
def test_the_audit_page_shows_names_and_filters_by_them(client_for, county):
    from django.db import transaction
    from django.urls import reverse

    from jiandu.audit.models import Event
    from jiandu.audit.services import event_record

    with transaction.atomic():
        event_record(actor=county.users["leader"], action="clues.clue.approve_disposition")
        event_record(actor=county.users["leader"], action="clues.clue.accept")
        event_record(actor=county.users["leader"], action="crosscheck.hit.dismiss")
    client = client_for(county.users["leader"])
    url = reverse("audit:event_list")
    html = client.get(url).content.decode()
    assert "clues.clue.approve_disposition" not in html.split('name="action"')[0]
    table = html.split("<table")[1]
    assert "clues.clue" not in table and action_label("clues.clue.accept") in table
    assert '<option value="clues.clue.approve_disposition">' in html
    one = client.get(url, {"action": "clues.clue.accept"}).content.decode()
    assert action_label("clues.clue.accept") in one.split("<table")[1]
    assert action_label("crosscheck.hit.dismiss") not in one.split("<table")[1]
    app = client.get(url, {"action": "clues."}).content.decode().split("<table")[1]
    assert app.count("<tr") - 1 == Event.objects.filter(action__startswith="clues.").count()
    assert action_label("crosscheck.hit.dismiss") not in app
    # A code typed by hand that is no action is a form error, not a 500.
    assert client.get(url, {"action": "nonsense"}).status_code == 200
