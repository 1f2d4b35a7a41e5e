"""View helpers for the one permission model: a role holds capabilities (accounts.rules)."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404

from jiandu.core.errors import NotFound, PermissionDenied


def capability_required(capability: str):
    """Login first (anonymous → login page), then the role must hold ``capability`` (→ 403)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_capability(capability):
                raise DjangoPermissionDenied("您的角色无权访问此页面。")
            try:
                return view(request, *args, **kwargs)
            except NotFound as exc:
                raise Http404(exc.message) from None
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(exc.message) from None

        wrapped.capability = capability  # type: ignore[attr-defined]
        return wrapped

    return decorator


def require_capability(actor: Any, capability: str) -> None:
    """Services' check: the system (``None``) may do anything; a user needs the capability."""
    if actor is not None and not actor.has_capability(capability):
        raise PermissionDenied()


class CapabilityPermission:
    """DRF permission: the role must hold the view's ``capability``."""

    def has_permission(self, request, view) -> bool:
        return bool(
            request.user
            and request.user.is_authenticated
            and request.user.has_capability(view.capability)
        )

    def has_object_permission(self, request, view, obj) -> bool:
        return True
