from __future__ import annotations

from django.urls import reverse

from jiandu.core.navigation import NAVIGATION, NavItem


def _visible(item: NavItem, user) -> bool:
    return item.capability is None or user.has_capability(item.capability)


def _entry(item: NavItem, user, current: str) -> dict:
    children = [_entry(c, user, current) for c in item.children if _visible(c, user)]
    return {
        "key": item.key,
        "label": item.label,
        "url": reverse(item.url_name, args=item.url_args),
        "built": item.built,
        "children": children,
        "active": item.key == current or any(c["active"] for c in children),
    }


class Capabilities:
    """``{% if can.org_export %}`` in a template asks ``user.has_capability("org.export")``."""

    def __init__(self, user):
        self._user = user

    def __getattr__(self, name: str) -> bool:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._user.has_capability(name.replace("_", ".", 1))


def shell(request) -> dict:
    """The navigation and capabilities of the signed-in user, filtered by role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    current = getattr(request, "nav_key", "") or ""
    return {
        "nav": [_entry(i, user, current) for i in NAVIGATION if _visible(i, user)],
        "can": Capabilities(user),
    }
