"""Chinese names of audit actions, for the pages that list events. Each app registers
its own in ``AppConfig.ready`` (core does not know the apps above it). Every action an
event records has a name here (a test scans the code and guards every recorded event);
the audit page shows these names and its filter chooses among them."""

from __future__ import annotations

from typing import Any

_ACTIONS: dict[str, str] = {}


def register_actions(labels: dict[str, str]) -> None:
    _ACTIONS.update(labels)


def action_label(action: str) -> str:
    return _ACTIONS.get(action, action)


def has_label(action: str) -> bool:
    return action in _ACTIONS


def module_label(action: str) -> str:
    """The Chinese name of the app an action belongs to (its first part)."""
    from django.apps import apps

    app_label = action.split(".", 1)[0]
    try:
        return str(apps.get_app_config(app_label).verbose_name)
    except LookupError:
        return ""


def action_choices(app_labels: Any = None) -> list[tuple[str, Any]]:
    """The audit filter's choices, grouped by app: first "all actions of the app" (the
    value is the app's prefix, e.g. ``clues.``), then each action by its Chinese name.
    ``app_labels``: only these apps (None: all)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, label in _ACTIONS.items():
        app_label = code.split(".", 1)[0]
        if app_labels is not None and app_label not in app_labels:
            continue
        if not module_label(code):  # e.g. demo-data actions of a tool outside the apps
            continue
        groups.setdefault(app_label, []).append((code, label))
    choices: list[tuple[str, Any]] = []
    for app_label in sorted(groups, key=lambda a: module_label(a + ".")):
        name = module_label(app_label + ".")
        options = sorted(groups[app_label], key=lambda c: (c[1], c[0]))
        # Two actions with one name (e.g. 排除 of a hit and of an alert, in different apps
        # only) stay apart by their group; within a group the name is made unique.
        seen: dict[str, int] = {}
        for _, label in options:
            seen[label] = seen.get(label, 0) + 1
        entries = [(f"{app_label}.", f"{name}：全部操作")]
        for code, label in options:
            if seen[label] > 1:
                label = f"{label}（{object_label(code)}）"
            entries.append((code, label))
        choices.append((name, entries))
    return choices


def object_label(code: str) -> str:
    """What an action acts on, in Chinese: the model's name (``clues.clue.accept`` →
    问题线索), else the app's (``accounts.otp.enrol`` → 用户与角色)."""
    from django.apps import apps

    try:
        return str(apps.get_model(code.rsplit(".", 1)[0])._meta.verbose_name)
    except (LookupError, ValueError):
        return module_label(code)
