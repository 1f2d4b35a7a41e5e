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


def shell(request) -> dict:
    """The navigation for the signed-in user, filtered by role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    current = getattr(request, "nav_key", "") or ""
    return {"nav": [_entry(i, user, current) for i in NAVIGATION if _visible(i, user)]}
