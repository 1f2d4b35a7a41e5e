"""Where to go after a POST: a ``next`` the user sent, only if it stays on this site."""

from __future__ import annotations

from typing import Any

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: Any, default: str) -> str:
    """``next`` from the POST (or the query string) when it is a path on this host;
    ``default`` for anything else: another host (``//evil.example``,
    ``https://evil.example``, ``/\\evil.example``), another scheme (``javascript:``) or
    nothing. Every view that reads ``next`` goes through here."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default
