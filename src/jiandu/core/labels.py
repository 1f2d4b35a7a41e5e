"""Chinese names of audit actions, for the pages that list events. Each app registers
its own in ``AppConfig.ready`` (core does not know the apps above it)."""

from __future__ import annotations

_ACTIONS: dict[str, str] = {}


def register_actions(labels: dict[str, str]) -> None:
    _ACTIONS.update(labels)


def action_label(action: str) -> str:
    return _ACTIONS.get(action, action)
