"""gunicorn's configuration for jiandu: ``gunicorn -c python:jiandu.core.gunicorn_conf
jiandu.wsgi`` (``jiandu serve`` uses it too).

- The access log names no client: no address, no user agent, no forwarded-for header,
  for any path (a reporter's browser also loads the static files staff pages load). The
  line keeps time, request, status, size and duration. ``PrivateLogger`` blanks those
  atoms even if someone changes ``access_log_format``.
- ``on_starting`` puts a random seed for the day keys of the portal's rate-limit
  counters into the master's environment; the workers, forked from it, share it, and it
  is never written anywhere (see ``jiandu.core.privacy``).
- ``post_worker_init`` warms each worker up once it has loaded the application (jieba's
  dictionaries, the reports' duplicate index: ``jiandu.core.warmup``), so that the first
  opening of a report does not pay for them.
"""

from __future__ import annotations

import logging
import os
import re
import secrets

from gunicorn.glogging import Logger

from jiandu.core.privacy import SEED_ENV

# Time, request line, status, bytes, milliseconds: no %(h)s, %(a)s or {…}i header.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'  # %(t)s brings its brackets
accesslog = "-"
logger_class = "jiandu.core.gunicorn_conf.PrivateLogger"

# Atoms that would identify a client (lower case, as gunicorn's atoms are looked up).
IDENTIFYING_ATOMS = ("h", "a")
IDENTIFYING_HEADERS = (
    "x-forwarded-for",
    "x-real-ip",
    "forwarded",
    "client-ip",
    "true-client-ip",
    "x-client-ip",
    "x-cluster-client-ip",
    "user-agent",
)


# gunicorn's error log names the client of a malformed request ("Invalid request from
# ip=203.0.113.7: …", a warning): the address goes, the error stays.
CLIENT_IN_MESSAGE = re.compile(r"\bip=\S*?(?=: |\s|$)")


class ScrubErrorLog(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "ip=" in message:
            record.msg, record.args = CLIENT_IN_MESSAGE.sub("ip=-", message), ()
        return True


class PrivateLogger(Logger):
    """gunicorn's logger: the access-log atoms never hold the client's address, and the
    error log's messages lose it."""

    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(f, ScrubErrorLog) for f in self.error_log.filters):
            self.error_log.addFilter(ScrubErrorLog())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in IDENTIFYING_ATOMS:
            atoms[name] = "-"
        for key in list(atoms):
            if not key.startswith("{"):
                continue
            name, kind = key[1:-2], key[-1]
            header = kind == "i" and name in IDENTIFYING_HEADERS
            variable = kind == "e" and name.startswith(("remote_", "http_", "gunicorn."))
            if header or variable:
                atoms[key] = "-"
        return atoms


def on_starting(server) -> None:
    os.environ.setdefault(SEED_ENV, secrets.token_urlsafe(32))


def post_worker_init(worker) -> None:
    from jiandu.core.warmup import warm_up

    warm_up(tick=worker.notify)
