"""No component records a portal client's address — not the
access log, not the application log, not an error report, not the rate-limit counters."""

from __future__ import annotations

import base64
import io
import logging
import pickle
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import RequestFactory
from django.utils.crypto import salted_hmac
from django.views.debug import ExceptionReporter

from jiandu.core import privacy
from jiandu.intake import antiabuse
from jiandu.intake.tests.test_portal import (  # noqa: F401 - fixture
    FIXED_NOW,
    SUBMIT,
    portal_settings,
    post_report,
    report_data,
)

ADDRESS = "203.0.113.77"
AGENT = "Mozilla/5.0 (Linux; Android 14; Reporter-Phone-XYZ)"
FORWARDED = "198.51.100.23"
IDENTIFYING = (ADDRESS, AGENT, "Reporter-Phone-XYZ", FORWARDED)

pytestmark = pytest.mark.django_db  # the portal fixture clears the database cache


def _access_line(log_format: str | None = None) -> str:
    from gunicorn.config import Config

    from jiandu.core import gunicorn_conf

    cfg = Config()
    cfg.set("logger_class", gunicorn_conf.logger_class)
    cfg.set("access_log_format", log_format or gunicorn_conf.access_log_format)
    cfg.set("accesslog", gunicorn_conf.accesslog)
    logger = cfg.logger_class(cfg)
    stream = io.StringIO()
    logger.access_log.handlers = [logging.StreamHandler(stream)]
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": "/jubao/",
        "PATH_INFO": "/jubao/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": ADDRESS,
        "HTTP_USER_AGENT": AGENT,
        "HTTP_X_FORWARDED_FOR": FORWARDED,
    }
    request = SimpleNamespace(
        headers=[("USER-AGENT", AGENT), ("X-FORWARDED-FOR", FORWARDED), ("HOST", "jubao.example")]
    )
    response = SimpleNamespace(status="302 Found", headers=[], sent=0)
    logger.access(response, request, environ, timedelta(milliseconds=12))
    return stream.getvalue()


def test_the_access_log_line_of_a_portal_request_names_no_client():
    line = _access_line()
    assert "POST /jubao/" in line and "302" in line
    for value in IDENTIFYING:
        assert value not in line


def test_the_access_log_stays_anonymous_with_gunicorns_own_formats():
    combined = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'
    headers = '%(h)s {x-forwarded-for}i {user-agent}i {remote_addr}e "%(r)s"'
    for log_format in (combined, headers):
        line = _access_line(log_format)
        assert "POST /jubao/" in line
        for value in IDENTIFYING:
            assert value not in line


def test_gunicorns_error_log_loses_the_address_of_a_malformed_request():
    from gunicorn.config import Config

    from jiandu.core import gunicorn_conf

    cfg = Config()
    cfg.set("logger_class", gunicorn_conf.logger_class)
    logger = cfg.logger_class(cfg)
    stream = io.StringIO()
    logger.error_log.handlers = [logging.StreamHandler(stream)]
    for ip in (ADDRESS, "2001:db8::77"):
        # What gunicorn.workers.base.Worker.handle_error writes.
        logger.warning(f"Invalid request from ip={ip}: Invalid HTTP Version: 'HTTP/9'")
    text = stream.getvalue()
    assert text.count("Invalid request from ip=-: Invalid HTTP Version") == 2
    assert ADDRESS not in text and "2001:db8" not in text


def test_a_portal_error_report_and_log_record_carry_no_address(client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("counter store down")

    monkeypatch.setattr(antiabuse, "submission_check", broken)
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.post(
            SUBMIT,
            report_data(),
            REMOTE_ADDR=ADDRESS,
            HTTP_USER_AGENT=AGENT,
            HTTP_X_FORWARDED_FOR=FORWARDED,
        )
    assert response.status_code == 500
    records = [r for r in caplog.records if getattr(r, "request", None) is not None]
    assert records, "Django logged the 500 with its request"
    for record in records:
        # What AdminEmailHandler would mail: META, frames and their local variables.
        mailed = ExceptionReporter(record.request, *record.exc_info).get_traceback_text()
        assert "counter store down" in mailed
        logged = logging.Formatter("%(message)s %(request)s").format(record)
        for value in IDENTIFYING:
            assert value not in mailed and value not in logged


def test_the_logging_filter_scrubs_a_portal_request_the_middleware_did_not_see():
    request = RequestFactory().post(
        "/jubao/chaxun/", REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT, HTTP_X_FORWARDED_FOR=FORWARDED
    )
    staff = RequestFactory().get("/clues/", REMOTE_ADDR="10.9.8.7")
    handler_filter = privacy.ScrubClientAddress()
    for req in (request, staff):
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "x", (), None)
        record.request = req
        assert handler_filter.filter(record) is True
    assert not set(privacy.IDENTIFYING_META) & set(request.META)
    assert staff.META["REMOTE_ADDR"] == "10.9.8.7"  # staff requests are not portal requests


def _cache_rows() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM jiandu_cache")
        rows = cursor.fetchall()
    text = []
    for key, value in rows:
        text.append(key)
        text.append(repr(pickle.loads(base64.b64decode(value))))  # noqa: S301 - our rows
    return "\n".join(text)


def test_the_counters_hold_no_address_and_no_stable_hash_of_it(client):
    assert post_report(client, ip=ADDRESS).status_code == 302
    client.post("/jubao/chaxun/", {"code": "1" * 16}, REMOTE_ADDR=ADDRESS)  # a wrong code
    stored = _cache_rows()
    pseudonym = privacy.client_pseudonym(ADDRESS)
    today = privacy.client_day_key(pseudonym, FIXED_NOW)
    assert today in stored  # the counters are there, under the day's key
    static_hmac = salted_hmac("jiandu.portal.client", ADDRESS).hexdigest()[:32]
    for value in (ADDRESS, static_hmac, pseudonym, pseudonym[:32]):
        assert value not in stored


def test_the_counter_key_of_a_client_changes_every_day():
    pseudonym = privacy.client_pseudonym(ADDRESS)
    day = privacy.client_day_key(pseudonym, FIXED_NOW)
    assert day == privacy.client_day_key(pseudonym, FIXED_NOW + 60)  # same day, same key
    assert day != privacy.client_day_key(pseudonym, FIXED_NOW + privacy.DAY)
    assert day != privacy.client_day_key(privacy.client_pseudonym("203.0.113.78"), FIXED_NOW)


def test_the_day_key_seed_comes_from_the_server_start_and_is_never_the_secret(monkeypatch):
    from jiandu.core import gunicorn_conf

    monkeypatch.delenv(privacy.SEED_ENV, raising=False)
    pseudonym = privacy.client_pseudonym(ADDRESS)
    derived = privacy.client_day_key(pseudonym, FIXED_NOW)
    gunicorn_conf.on_starting(server=None)  # what the gunicorn master does at start
    seeded = privacy.client_day_key(privacy.client_pseudonym(ADDRESS), FIXED_NOW)
    assert len(privacy.os.environ[privacy.SEED_ENV]) >= 40
    assert seeded != derived
