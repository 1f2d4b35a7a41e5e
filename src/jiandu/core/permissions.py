"""View helpers for the one permission model: a role holds capabilities (accounts.rules)."""

from __future__ import annotations

from functools import wraps

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

        wrapped.capability = capability
        return wrapped

    return decorator
