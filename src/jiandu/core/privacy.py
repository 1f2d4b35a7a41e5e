"""Nothing records a reporter's address (CONVENTIONS 15; [检举控告规则] 29).

The public portal (``ANONYMOUS_PATH_PREFIXES``) is used by reporters who must stay
anonymous, and a log line with their address and the second of their submission
identifies them as surely as a name would (the report and its audit event carry the
same time). So, for every component:

- **The request itself** (``AnonymousRequestMiddleware``, first in ``MIDDLEWARE``): on
  a portal path the client's address is turned into a pseudonym held only on the
  request object (``request.client_pseudonym``, used by the rate limits), then the
  address, the proxy headers and the user agent are removed from ``request.META``
  (which is the WSGI environ itself, so gunicorn's access log loses them too). Every
  later component (views, Django's request logging, 500 e-mails and their ``META``
  dump, the debug page) sees a request without them.
- **The application log** (``ScrubClientAddress``, a logging filter on every handler of
  ``LOGGING``): a record carrying a request of a portal path loses its address again
  (belt and braces for a record made before the middleware ran).
- **The access log**: ``jiandu.core.gunicorn_conf`` writes lines without the client's
  address and user agent, for every path (a portal page also loads the static files
  that staff pages load, so a line for ``/static/…`` at the same second would identify
  the reporter just as well); README gives the matching nginx configuration.
- **The rate-limit counters** (``jiandu.intake.antiabuse``): keyed by
  ``client_day_key``, a keyed hash of the pseudonym under a key that changes every UTC
  day and is never written anywhere.

Where the day key comes from, and why: the gunicorn workers must agree on it (the
counters live in the shared database cache), yet it must not be stored. Each day key is
``HMAC(seed, day)``, computed in memory when needed. The seed is
``JIANDU_PORTAL_KEY_SEED``, a random value that ``jiandu.core.gunicorn_conf`` (used by
``jiandu serve`` and by the production command in README) puts into the environment of
the gunicorn master when it starts: every worker is forked from it and inherits it,
and it is lost when the server stops. Nobody, not even someone who later holds every
key file and a copy of the database, can turn a counter row back into an address: the
seed was never written. The cost: a restart of the server resets the rate limits,
which only the operator can cause. Several servers sharing one database count apart
unless they are given the same seed in ``JIANDU_PORTAL_KEY_SEED`` (from memory, e.g. a
secrets manager, never a file). Without the seed (tests, ``runserver``) it is derived
from ``SECRET_KEY`` so that processes still agree; the keys still change daily.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import os
import time
from functools import lru_cache
from typing import Any

from django.conf import settings

ANONYMOUS_PATH_PREFIXES = ("/jubao",)
SEED_ENV = "JIANDU_PORTAL_KEY_SEED"
DAY = 86400

# What identifies a client: its address (also as proxies pass it on), its port, its
# browser, and gunicorn's socket object (whose repr shows the peer's address).
IDENTIFYING_META = (
    "REMOTE_ADDR",
    "REMOTE_HOST",
    "REMOTE_PORT",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_CLIENT_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_X_CLIENT_IP",
    "HTTP_X_CLUSTER_CLIENT_IP",
    "HTTP_USER_AGENT",
    "gunicorn.socket",
)


def is_anonymous_path(path: str) -> bool:
    return any(
        path == prefix or path.startswith(prefix + "/") for prefix in ANONYMOUS_PATH_PREFIXES
    )


# --- client address -----------------------------------------------------------------
def client_ip(request: Any) -> str:
    """The client's address: ``REMOTE_ADDR``, or with ``JIANDU_TRUSTED_PROXY_HOPS`` = n > 0
    the n-th address from the right of ``X-Forwarded-For`` (what the outermost trusted
    proxy saw). Never trust the header without it: any client can write it.

    Used by the portal's rate limits and by django-axes (``AXES_CLIENT_IP_CALLABLE``), so
    that behind nginx every client has its own login lockout counter."""
    hops = int(getattr(settings, "JIANDU_TRUSTED_PROXY_HOPS", 0) or 0)
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if hops > 0:
        chain = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(chain) >= hops:
            remote = chain[-hops]
    return remote


def _normalise(ip: str) -> str:
    """IPv4 as is; an IPv6 client by its /64 network (one subscriber's block)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip or "unknown"
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        return str(mapped)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _seed() -> bytes:
    seed = os.environ.get(SEED_ENV)
    if seed:
        return seed.encode()
    return hashlib.sha256(f"jiandu.portal.seed:{settings.SECRET_KEY}".encode()).digest()


def client_pseudonym(ip: str) -> str:
    """A keyed hash of the (normalised) address. Held on the request only, never stored:
    it does not change from day to day."""
    return hmac.new(_seed(), f"client:{_normalise(ip)}".encode(), hashlib.sha256).hexdigest()


@lru_cache(maxsize=4)
def _day_key(seed: bytes, day: int) -> bytes:
    return hmac.new(seed, f"day:{day}".encode(), hashlib.sha256).digest()


def client_day_key(pseudonym: str, now: float | None = None) -> str:
    """What the rate-limit counters are keyed by: the pseudonym under the key of the UTC
    day of ``now``. The same client has unrelated keys on two days."""
    day = int((time.time() if now is None else now) // DAY)
    return hmac.new(_day_key(_seed(), day), pseudonym.encode(), hashlib.sha256).hexdigest()[:32]


def request_pseudonym(request: Any) -> str:
    """The pseudonym the middleware put on the request (computed here for a request that
    did not pass through it, e.g. one built by RequestFactory)."""
    pseudonym = getattr(request, "client_pseudonym", None)
    if pseudonym is None:
        pseudonym = client_pseudonym(client_ip(request))
    return pseudonym


def scrub_meta(meta: dict[str, Any]) -> None:
    for key in IDENTIFYING_META:
        meta.pop(key, None)


# --- request ------------------------------------------------------------------------
class AnonymousRequestMiddleware:
    """First in ``MIDDLEWARE``: a portal request keeps only a pseudonym of its client."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_anonymous_path(request.path_info):
            request.client_pseudonym = client_pseudonym(client_ip(request))
            scrub_meta(request.META)
        return self.get_response(request)


# --- logging ------------------------------------------------------------------------
class ScrubClientAddress(logging.Filter):
    """On every handler: a record about a portal request carries no client address."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        meta = getattr(request, "META", None)
        if isinstance(meta, dict):
            path = getattr(request, "path_info", "") or meta.get("PATH_INFO", "")
            if is_anonymous_path(path):
                scrub_meta(meta)
        return True
