"""Anti-abuse for the public reporting portal, with no outside service.

Three defences, cheapest first:

1. **Rate limits** (constants below), counted in Django's cache. The default cache is
   the database cache (``CACHES`` in settings, table made by intake migration 0003),
   so every gunicorn worker sees the same counters. Windows are fixed calendar hours
   and days (UTC), so a client may get up to twice a limit across a window boundary.
2. **A challenge**, signed by the server, carrying its difficulty and the time it was
   issued, living 30 minutes and accepted once. Two lanes:

   - *with JavaScript*: a proof of work the browser solves (``static/jiandu/portal.js``)
     while the reporter writes;
   - *without JavaScript*: the challenge's age is the proof. A submission is accepted
     only once the page has been open ``JIANDU_PORTAL_NOJS_WAIT`` seconds (2 minutes: less
     than a reporter needs to write), and this lane has its own, much smaller limits:
     ``SUBMISSIONS_NOJS_PER_IP_DAY`` per client and ``SUBMISSIONS_NOJS_GLOBAL_HOUR`` for
     everyone together, on top of the other limits.

   Why not a question in the page (it used to be "a + b = ?")? Whatever a page without
   scripts shows as text, a bot reads as well as a person, and an image puzzle needs
   an outside service or excludes people. A wait cannot be read from the page: it costs
   a bot real time per challenge, and the lane's global budget bounds what a bot that
   waits in parallel can write (30 reports an hour, after which scriptless submissions
   are refused with a pointer to the other channels while the JavaScript lane keeps
   working). A reporter without JavaScript writes for longer than the wait anyway.
3. **Payload limits**: text length, number and size of attachments, and attachment
   types recognised by their content (magic bytes), never by their names.

*A flood must not slow staff pages*: the portal views refuse an over-limit client with
a read of the counters only (no write, no parsing of the request body), and only a
client that solved a challenge and passed every check gets the counters increased and a
report written. What a flood can write is thus bounded: at most the global limit of
reports an hour, plus a few small cache rows per solved challenge or wrong receipt code.
(On SQLite each such write briefly takes the database's single write lock, as every
write does; PostgreSQL locks only the counter's row.)

Client address (``jiandu.core.privacy.client_ip``): ``REMOTE_ADDR``, which behind a
reverse proxy is the proxy's own address unless the proxy sets it (gunicorn does not
take it from headers). So behind nginx set ``JIANDU_TRUSTED_PROXY_HOPS`` to the number
of proxies in front of the application that append to ``X-Forwarded-For`` (usually 1);
only then is that header read, at that many entries from its right end. Otherwise every
reporter shares the proxy's limits. Never trust ``X-Forwarded-For`` without it: any
client can write the header.

Reporter protection ([检举控告规则] 29: the IP address of an anonymous reporter may not be
checked without approval): no component records a portal client's address
(``jiandu.core.privacy``). The views never see it: the middleware replaces it with a
pseudonym on the request (IPv6 counted by its /64 network). The counters are keyed by
that pseudonym under a key that changes every UTC day and is never stored, expire with
their window, and expired rows are deleted after each accepted submission
(``purge_expired``).
"""

from __future__ import annotations

import base64
import hashlib
import pickle
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone

from jiandu.core import privacy
from jiandu.core.errors import DomainError
from jiandu.core.files import DOC, DOCX, JPEG, PDF, PNG, TXT, XLS, XLSX, FilePolicy

CACHE_ALIAS = "default"
KEY_PREFIX = "jiandu:portal"

# --- rate limits --------------------------------------------------------------------
SUBMISSIONS_PER_IP_HOUR = 5
SUBMISSIONS_PER_IP_DAY = 20
SUBMISSIONS_GLOBAL_HOUR = 500  # beyond it: "系统繁忙", HTTP 429, report tables untouched
FAILED_LOOKUPS_PER_IP_HOUR = 10  # wrong receipt codes: brute-force protection
MESSAGES_PER_IP_HOUR = 20  # replies of reporters
MESSAGES_PER_REPORT_DAY = 20
# The lane without JavaScript (see "A challenge" above): stricter, on top of the others.
SUBMISSIONS_NOJS_PER_IP_DAY = 3
SUBMISSIONS_NOJS_GLOBAL_HOUR = 30

HOUR = 3600
DAY = 86400

# --- payload limits -----------------------------------------------------------------
MAX_CONTENT_CHARS = 5000
MIN_CONTENT_CHARS = 10  # as intake.services.report_submit_portal requires
MAX_MESSAGE_CHARS = 2000
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_TOTAL_ATTACHMENT_BYTES = 20 * 1024 * 1024
# The whole request body, checked from Content-Length before the body is read: the
# attachments plus room for the form fields and the multipart framing.
MAX_REQUEST_BYTES = MAX_TOTAL_ATTACHMENT_BYTES + 512 * 1024

# --- challenge ----------------------------------------------------------------------
POW_SALT = "jiandu.portal.pow"
POW_MAX_AGE = 30 * 60
DEFAULT_POW_BITS = 18  # about 260,000 SHA-256 hashes: a second or two in a browser
DEFAULT_NOJS_WAIT = 120  # seconds between the page and a submission without JavaScript

BUSY_MESSAGE = "系统繁忙，请稍后再试。"
TOO_MANY_SUBMISSIONS = (
    "您提交得过于频繁，请稍后再试。如情况紧急，可通过来信、来访或12388举报电话反映。"
)
TOO_MANY_LOOKUPS = "查询码输错次数过多，请一小时后再试。"
TOO_MANY_MESSAGES = "留言过于频繁，请稍后再试。"
NOJS_BUSY = (
    "未启用脚本的网上提交暂时过多。请启用浏览器脚本后再提交，或通过来信、来访、12388举报电话反映。"
)


def _now() -> float:
    """Seconds since the epoch, for the rate-limit windows (replaced in tests)."""
    return time.time()


def pow_bits() -> int:
    return int(getattr(settings, "JIANDU_PORTAL_POW_BITS", DEFAULT_POW_BITS))


def portal_enabled() -> bool:
    return bool(getattr(settings, "JIANDU_PORTAL_ENABLED", True))


# --- client ---------------------------------------------------------------------
client_ip = privacy.client_ip  # re-exported: the portal's view of the client's address


def request_client(request: Any) -> str:
    """Who the client is, for the counters: the pseudonym that
    ``jiandu.core.privacy.AnonymousRequestMiddleware`` left on the request in place of
    its address. The views pass it to the functions below, never an address."""
    return privacy.request_pseudonym(request)


def _client_key(client: str, now: float | None = None) -> str:
    """The counters' key for a client: its pseudonym under the key of the UTC day of
    ``now``, a key that is never stored (``jiandu.core.privacy.client_day_key``). The
    counter windows are UTC hours and days, so a window never spans two keys."""
    return privacy.client_day_key(client, _now() if now is None else now)


# --- counters -----------------------------------------------------------------------
@dataclass(frozen=True)
class Limit:
    """``limit`` events per fixed window of ``window`` seconds, per ``scope``."""

    name: str
    limit: int
    window: int

    def key(self, scope: str, now: float) -> str:
        return f"{KEY_PREFIX}:rl:{self.name}:{scope}:{int(now // self.window)}"

    def retry_after(self, now: float) -> int:
        return int(self.window - now % self.window) + 1


SUBMIT_IP_HOUR = Limit("submit-h", SUBMISSIONS_PER_IP_HOUR, HOUR)
SUBMIT_IP_DAY = Limit("submit-d", SUBMISSIONS_PER_IP_DAY, DAY)
SUBMIT_GLOBAL_HOUR = Limit("submit-all", SUBMISSIONS_GLOBAL_HOUR, HOUR)
LOOKUP_FAIL_IP_HOUR = Limit("lookup-fail", FAILED_LOOKUPS_PER_IP_HOUR, HOUR)
MESSAGE_IP_HOUR = Limit("message-h", MESSAGES_PER_IP_HOUR, HOUR)
MESSAGE_REPORT_DAY = Limit("message-r", MESSAGES_PER_REPORT_DAY, DAY)
SUBMIT_NOJS_IP_DAY = Limit("nojs-d", SUBMISSIONS_NOJS_PER_IP_DAY, DAY)
SUBMIT_NOJS_GLOBAL_HOUR = Limit("nojs-all", SUBMISSIONS_NOJS_GLOBAL_HOUR, HOUR)


class RateLimited(Exception):
    """Refused by a rate limit; ``message`` is Chinese, ``retry_after`` in seconds."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def _incr_database(backend: DatabaseCache, key: str, delta: int) -> int:
    """Atomic increment in the database cache, keeping the row's expiry.

    ``DatabaseCache.incr`` is a get followed by a set: it loses concurrent increments
    and resets the timeout to the default (5 minutes). Here the row is locked
    (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the transaction holds the write
    lock from BEGIN) and only its value is rewritten, in the cache's own encoding.
    """
    db_key = backend.make_and_validate_key(key)
    alias = router.db_for_write(backend.cache_model_class)
    connection = connections[alias]
    quote = connection.ops.quote_name
    table = quote(backend._table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('value')} FROM {table} WHERE {quote('cache_key')} = %s{lock}",  # noqa: S608
            [db_key],
        )
        row = cursor.fetchone()
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        raw = connection.ops.process_clob(row[0])
        value = pickle.loads(base64.b64decode(raw.encode())) + delta  # noqa: S301 - our rows
        encoded = base64.b64encode(pickle.dumps(value, backend.pickle_protocol)).decode("latin1")
        cursor.execute(
            f"UPDATE {table} SET {quote('value')} = %s WHERE {quote('cache_key')} = %s",  # noqa: S608
            [encoded, db_key],
        )
    return value


def counter_incr(key: str, timeout: int, delta: int = 1) -> int:
    """Increase a counter that lives ``timeout`` seconds from its first event; returns the
    new value. ``cache.add`` creates it atomically; the increment is atomic too."""
    backend = caches[CACHE_ALIAS]
    backend.add(key, 0, timeout)
    try:
        if isinstance(backend, DatabaseCache):
            return _incr_database(backend, key, delta)
        return backend.incr(key, delta)
    except ValueError:  # expired or culled between add and incr: start again
        backend.set(key, delta, timeout)
        return delta


def _counts(limits: list[tuple[Limit, str]], now: float) -> list[int]:
    keys = [limit.key(scope, now) for limit, scope in limits]
    found = caches[CACHE_ALIAS].get_many(keys)
    return [int(found.get(k, 0)) for k in keys]


def _check(limits: list[tuple[Limit, str, str]], now: float) -> None:
    """Read-only: raise ``RateLimited`` if a counter already reached its limit."""
    counts = _counts([(limit, scope) for limit, scope, _ in limits], now)
    for (limit, _, message), count in zip(limits, counts, strict=True):
        if count >= limit.limit:
            raise RateLimited(message, limit.retry_after(now))


def _consume(limits: list[tuple[Limit, str, str]], now: float) -> None:
    """Count one event against each limit; refuse it if that went over a limit (two
    clients may pass the read-only check at the same moment)."""
    over = None
    for limit, scope, message in limits:
        value = counter_incr(limit.key(scope, now), limit.window + 60)
        if value > limit.limit and over is None:
            over = RateLimited(message, limit.retry_after(now))
    if over is not None:
        raise over


def _submission_limits(client: str, now: float, lane: str = "") -> list[tuple[Limit, str, str]]:
    key = _client_key(client, now)
    limits = [
        (SUBMIT_GLOBAL_HOUR, "all", BUSY_MESSAGE),
        (SUBMIT_IP_HOUR, key, TOO_MANY_SUBMISSIONS),
        (SUBMIT_IP_DAY, key, TOO_MANY_SUBMISSIONS),
    ]
    if lane == WAIT:
        limits += [
            (SUBMIT_NOJS_GLOBAL_HOUR, "all", NOJS_BUSY),
            (SUBMIT_NOJS_IP_DAY, key, TOO_MANY_SUBMISSIONS),
        ]
    return limits


def submission_check(client: str, now: float | None = None, *, lane: str = "") -> None:
    """Reads only: may this client submit now? Before anything else without a lane (the
    body is not parsed yet); again with the lane once the challenge told it."""
    now = _now() if now is None else now
    _check(_submission_limits(client, now, lane), now)


def submission_consume(client: str, now: float | None = None, *, lane: str = "") -> None:
    """Just before the report is written: count it (and refuse if over a limit)."""
    now = _now() if now is None else now
    _consume(_submission_limits(client, now, lane), now)


def lookup_check(client: str, now: float | None = None) -> None:
    now = _now() if now is None else now
    _check([(LOOKUP_FAIL_IP_HOUR, _client_key(client, now), TOO_MANY_LOOKUPS)], now)


def lookup_failed(client: str, now: float | None = None) -> None:
    now = _now() if now is None else now
    counter_incr(LOOKUP_FAIL_IP_HOUR.key(_client_key(client, now), now), HOUR + 60)


def _message_limits(client: str, report_id: int, now: float) -> list[tuple[Limit, str, str]]:
    return [
        (MESSAGE_IP_HOUR, _client_key(client, now), TOO_MANY_MESSAGES),
        (MESSAGE_REPORT_DAY, f"r{report_id}", TOO_MANY_MESSAGES),
    ]


def message_check(client: str, report_id: int, now: float | None = None) -> None:
    now = _now() if now is None else now
    _check(_message_limits(client, report_id, now), now)


def message_consume(client: str, report_id: int, now: float | None = None) -> None:
    now = _now() if now is None else now
    _consume(_message_limits(client, report_id, now), now)


def purge_expired() -> None:
    """Delete expired rows of the database cache, so that no trace of a client stays
    after its window (the cache itself deletes them only when it is full)."""
    backend = caches[CACHE_ALIAS]
    if not isinstance(backend, DatabaseCache):
        return
    alias = router.db_for_write(backend.cache_model_class)
    connection = connections[alias]
    table = connection.ops.quote_name(backend._table)
    now = timezone.now().replace(microsecond=0)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE {connection.ops.quote_name('expires')} < %s",  # noqa: S608
            [connection.ops.adapt_datetimefield_value(now)],
        )


# --- challenge ----------------------------------------------------------------------
@dataclass(frozen=True)
class Challenge:
    token: str  # signed; the browser hashes token + counter
    bits: int


class ChallengeFailed(DomainError):
    pass


class ChallengeTooEarly(ChallengeFailed):
    """A submission without JavaScript before its wait is over; ``challenge`` is the same
    challenge, to be shown again so that the wait goes on rather than starting anew."""

    def __init__(self, message: str, challenge: Challenge):
        super().__init__(message)
        self.challenge = challenge


WORK = "work"  # the browser solved the proof of work
WAIT = "wait"  # no JavaScript: the challenge's age is the proof


def nojs_wait_seconds() -> int:
    return int(getattr(settings, "JIANDU_PORTAL_NOJS_WAIT", DEFAULT_NOJS_WAIT))


def nojs_wait_text() -> str:
    seconds = nojs_wait_seconds()
    return f"{seconds // 60}分钟" if seconds % 60 == 0 else f"{seconds}秒"


def challenge_issue(now: float | None = None) -> Challenge:
    """A fresh challenge: no database access (it is signed, not stored). It carries the
    time it was issued, for the lane without JavaScript."""
    bits = pow_bits()
    issued = int(_now() if now is None else now)
    token = signing.dumps({"n": secrets.token_urlsafe(12), "b": bits, "t": issued}, salt=POW_SALT)
    return Challenge(token=token, bits=bits)


def leading_zero_bits(digest: bytes) -> int:
    return len(digest) * 8 - int.from_bytes(digest, "big").bit_length()


def pow_solve(token: str, bits: int) -> int:
    """The smallest counter that solves a challenge (what portal.js does; for tests)."""
    counter = 0
    while leading_zero_bits(hashlib.sha256(f"{token}{counter}".encode()).digest()) < bits:
        counter += 1
    return counter


def challenge_verify(*, token: str, counter: str = "", now: float | None = None) -> str:
    """Signature and age (≤ 30 minutes); then the work (``WORK``) or, without a counter,
    the wait (``WAIT``); then single use. Only the last step writes (one cache row), and
    only for a passed challenge. Returns the lane, whose rate limits then apply."""
    token, counter = (token or "").strip(), (counter or "").strip()
    now = _now() if now is None else now
    if not token:
        raise ChallengeFailed("请完成安全验证后再提交。")
    try:
        payload = signing.loads(token, salt=POW_SALT, max_age=POW_MAX_AGE)
    except signing.SignatureExpired:
        raise ChallengeFailed("安全验证已过期，请重新提交。") from None
    except signing.BadSignature:
        raise ChallengeFailed("安全验证无效，请刷新页面后重新提交。") from None
    if not isinstance(payload, dict) or not {"n", "b", "t"} <= payload.keys():
        raise ChallengeFailed("安全验证无效，请刷新页面后重新提交。")
    if counter:
        lane = WORK
        if not counter.isdigit() or len(counter) > 16:
            raise ChallengeFailed("安全验证未通过，请重新提交。")
        digest = hashlib.sha256(f"{token}{counter}".encode()).digest()
        if leading_zero_bits(digest) < int(payload["b"]):
            raise ChallengeFailed("安全验证未通过，请重新提交。")
    else:
        lane = WAIT
        wait = nojs_wait_seconds()
        left = int(payload["t"]) + wait - int(now)
        if left > 0:
            raise ChallengeTooEarly(
                f"您的浏览器未启用脚本：为防止机器批量提交，需在页面打开满{nojs_wait_text()}后"
                f"才能提交（还需约{left}秒）。已填写的内容已保留，请稍候再点击“提交举报”。",
                Challenge(token=token, bits=int(payload["b"])),
            )
    used = f"{KEY_PREFIX}:pow:{payload['n']}"
    if not caches[CACHE_ALIAS].add(used, 1, POW_MAX_AGE + 60):
        raise ChallengeFailed("该安全验证已经使用过，请重新提交。")
    return lane


# --- attachments --------------------------------------------------------------------
ALLOWED_TYPES_TEXT = "JPG、PNG图片，PDF，Word（doc/docx），Excel（xlsx），TXT文本"

ATTACHMENTS = FilePolicy(
    kinds=(JPEG, PNG, PDF, DOCX, XLSX, DOC, XLS, TXT),
    max_bytes=MAX_ATTACHMENT_BYTES,
    max_count=MAX_ATTACHMENTS,
    max_total_bytes=MAX_TOTAL_ATTACHMENT_BYTES,
    field="attachments",
    kinds_text=ALLOWED_TYPES_TEXT,
)
"""Attachments of a report, from the portal or registered by staff with a letter or a
visit: type by content, 10 MB a file, five files and 20 MB together."""
