"""The public reporting portal at /jubao/: submission, receipt code, query, messages,
and its defences (rate limits, challenge, payload limits)."""

from __future__ import annotations

import hashlib
import io
import re
import struct
import time
import zipfile
import zlib
from datetime import UTC, timedelta

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jiandu.accounts.models import User
from jiandu.audit.models import Event
from jiandu.core import files as core_files
from jiandu.core import privacy
from jiandu.core.errors import DomainError
from jiandu.core.testing import make_citizen_id
from jiandu.intake import antiabuse, portal, services
from jiandu.intake.models import (
    MessageDirection,
    PortalMessage,
    Report,
    ReportAttachment,
    ReportStatus,
)
from jiandu.org import services as org

pytestmark = pytest.mark.django_db

SUBMIT = "/jubao/"
DONE = "/jubao/huizhi/"
QUERY = "/jubao/chaxun/"
STATUS = "/jubao/chaxun/jieguo/"
CONTENT = "2026年3月，某镇副镇长张某在工程验收中收受施工方现金两万元，有转账记录为证。"
HANDLING_UNIT = "青山县纪委监委信访室"
FIXED_NOW = 1_790_000_000 + 1800.0  # the middle of an hour: windows do not roll over


@pytest.fixture(autouse=True)
def portal_settings(settings, monkeypatch, tmp_path):
    settings.JIANDU_PORTAL_POW_BITS = 8
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    monkeypatch.setattr(antiabuse, "_now", lambda: FIXED_NOW)
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def petition_user():
    unit = org.unit_create(actor=None, name=HANDLING_UNIT, code="P1", kind="petition_office")
    return User.objects.create_user(
        username="xinfang-t", password="pw-12345678", role="petition", unit=unit
    )


def solved(challenge: antiabuse.Challenge | None = None) -> dict[str, str]:
    challenge = challenge or antiabuse.challenge_issue()
    return {
        "pow_challenge": challenge.token,
        "pow_counter": str(antiabuse.pow_solve(challenge.token, challenge.bits)),
    }


def report_data(**changes) -> dict:
    data = {
        "is_named": "0",
        "subject_text": "张某",
        "unit_text": "青石镇人民政府 副镇长",
        "content": CONTENT,
        **solved(),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def post_report(client, ip: str = "127.0.0.1", **changes):
    return client.post(SUBMIT, report_data(**changes), REMOTE_ADDR=ip)


def receipt_code(client) -> str:
    html = client.get(DONE).content.decode()
    match = re.search(r'data-testid="receipt-code">(.*?)</div>', html, re.S)
    assert match, "the done page shows no code"
    return re.sub(r"\D", "", match.group(1))


def submit_and_get_code(client, **changes) -> tuple[Report, str]:
    response = post_report(client, **changes)
    assert response.status_code == 302, response.content.decode()[:2000]
    code = receipt_code(client)
    return Report.objects.get(receipt_code_hash=services.receipt_code_hash(code)), code


def lookup(client, code: str, ip: str = "127.0.0.1"):
    return client.post(QUERY, {"code": code}, REMOTE_ADDR=ip)


def status_page(client, code: str) -> str:
    response = lookup(client, code)
    assert response.status_code == 302 and response["Location"] == STATUS
    return client.get(STATUS).content.decode()


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def zip_bytes(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


def row_text(report: Report) -> str:
    return " ".join(str(v) for v in Report.objects.filter(pk=report.pk).values().get().values())


# --- pages ----------------------------------------------------------------------------
@pytest.mark.parametrize("url", [SUBMIT, QUERY, DONE])
def test_portal_pages_need_no_login_and_carry_the_csp(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "纪检监察信访举报平台" in html
    assert 'name="viewport"' in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert 'data-testid="main-nav"' not in html  # not the staff base
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None  # no inline script
    assert "jiandu/portal.js" in html
    assert "no-store" in response["Cache-Control"]


def test_submit_page_states_the_reporters_rights_and_duties(client):
    html = client.get(SUBMIT).content.decode()
    for words in ("如实反映", "诬告陷害", "实名举报优先办理", "保护"):
        assert words in html
    assert 'name="pow_challenge"' in html and "<noscript>" in html


# --- submission and receipt ---------------------------------------------------------
def test_anonymous_report_gives_a_code_once_and_stores_only_its_hash(client, petition_user):
    response = post_report(client)
    assert response.status_code == 302 and response["Location"] == DONE  # no code in URL
    assert not re.search(r"\d{16}", str(client.session.get(portal.SESSION_RECEIPT)))
    code = receipt_code(client)
    assert re.fullmatch(r"\d{16}", code)
    again = client.get(DONE).content.decode()
    assert 'data-testid="receipt-code"' not in again and code not in re.sub(r"\D", "", again)
    assert "只在提交后显示一次" in again

    report = Report.objects.get()
    assert report.status == ReportStatus.SUBMITTED and report.from_portal
    assert report.channel == "online" and not report.is_named
    assert report.receipt_code_hash == services.receipt_code_hash(code)
    assert code not in row_text(report)
    assert report.reporter_identity == ""
    assert report.handling_unit.name == HANDLING_UNIT


def test_the_whole_page_round_trip_with_the_challenge_from_the_form(client):
    html = client.get(SUBMIT).content.decode()
    token = re.search(r'name="pow_challenge" value="([^"]+)"', html).group(1)
    bits = int(re.search(r'data-bits="(\d+)"', html).group(1))
    assert bits == 8
    data = report_data(pow_challenge=token, pow_counter=str(antiabuse.pow_solve(token, bits)))
    assert client.post(SUBMIT, data).status_code == 302
    assert Report.objects.count() == 1


def test_named_report_stores_the_identity_encrypted(client, petition_user):
    id_number = make_citizen_id(7)
    report, _ = submit_and_get_code(
        client,
        is_named="1",
        reporter_name="王小明",
        reporter_phone="13800001234",
        reporter_id_number=id_number,
        reporter_address="青石镇幸福路8号",
    )
    assert report.is_named
    text = row_text(report)
    for secret in ("王小明", "13800001234", id_number, "幸福路"):
        assert secret not in text
    identity = services.reporter_identity_read(user=petition_user, report=report)
    assert identity == {
        "name": "王小明",
        "phone": "13800001234",
        "id_number": id_number,
        "address": "青石镇幸福路8号",
    }


def test_named_report_needs_a_name_and_a_phone(client):
    response = post_report(client, is_named="1", reporter_name="", reporter_phone="")
    html = response.content.decode()
    assert response.status_code == 200
    assert "实名举报请填写本人真实姓名" in html and "请留下联系电话" in html
    assert Report.objects.count() == 0


def test_identity_sent_with_an_anonymous_report_is_dropped(client):
    report, _ = submit_and_get_code(client, is_named="0", reporter_name="李四")
    assert not report.is_named and report.reporter_identity == ""


def test_content_too_long_is_refused_and_nothing_saved(client):
    response = post_report(client, content="举" * 5001)
    assert "反映内容不能超过5000字" in response.content.decode()
    assert Report.objects.count() == 0


def test_content_of_5000_characters_with_crlf_line_ends_is_accepted(client):
    content = ("问" * 99 + "\r\n") * 50  # 100 characters a line once CR LF counts as one
    report, _ = submit_and_get_code(client, content=content)
    assert len(report.content) == 4999 and "\r" not in report.content


def test_content_too_short_is_refused(client):
    response = post_report(client, content="有问题")
    assert "反映内容过短" in response.content.decode()
    assert Report.objects.count() == 0


# --- query and status ---------------------------------------------------------------
def test_reporter_sees_the_status_as_the_office_moves_on(client, petition_user):
    report, code = submit_and_get_code(client)
    assert "受理中" in status_page(client, code)

    services.report_register_submitted(actor=petition_user, report=report)
    assert "受理中" in client.get(STATUS).content.decode()

    services.report_decide_jurisdiction(actor=petition_user, report=report, decision="accept")
    html = client.get(STATUS).content.decode()
    assert "已受理" in html and "受理中" not in html

    services.report_close(
        actor=petition_user, report=report, on=timezone.localdate(), reason="经核实，已处理"
    )
    html = client.get(STATUS).content.decode()
    assert "已办结" in html and "经核实" not in html


def test_a_forwarded_report_reads_as_accepted_by_the_competent_body(client, petition_user):
    report, code = submit_and_get_code(client)
    services.report_register_submitted(actor=petition_user, report=report)
    services.report_decide_jurisdiction(
        actor=petition_user, report=report, decision="forward_other", forward_to="县公安局"
    )
    html = status_page(client, code)
    assert "已受理（已转有关机关办理）" in html
    assert "县公安局" not in html


def test_status_page_shows_no_internal_detail(client, petition_user):
    report, code = submit_and_get_code(client)
    services.report_register_submitted(actor=petition_user, report=report)
    services.message_to_reporter(actor=petition_user, report=report, body="请补充转账时间。")
    html = status_page(client, code)
    assert report.number not in html
    assert HANDLING_UNIT not in html
    assert petition_user.username not in html and str(petition_user) not in html
    assert code not in html


def test_wrong_code_is_refused_and_brute_force_is_stopped(client):
    _, code = submit_and_get_code(client)
    wrong = "0" * 16 if code != "0" * 16 else "1" * 16
    for attempt in range(antiabuse.FAILED_LOOKUPS_PER_IP_HOUR):
        response = lookup(client, wrong if attempt % 2 else "12345")
        assert response.status_code == 400
        assert "查询码不正确" in response.content.decode()
    blocked = lookup(client, code)
    assert blocked.status_code == 429
    assert "输错次数过多" in blocked.content.decode()
    assert int(blocked["Retry-After"]) > 0
    assert lookup(client, code, ip="10.9.8.7").status_code == 302  # another client is not


def test_code_may_be_typed_with_spaces(client):
    _, code = submit_and_get_code(client)
    spaced = " ".join(code[i : i + 4] for i in range(0, 16, 4))
    assert lookup(client, spaced)["Location"] == STATUS


def test_status_needs_a_fresh_lookup(client):
    _, code = submit_and_get_code(client)
    assert client.get(STATUS)["Location"] == QUERY
    lookup(client, code)
    session = client.session
    entry = session[portal.SESSION_REPORT]
    assert set(entry) == {"id", "until"}  # one report, with an expiry
    entry["until"] = time.time() - 1
    session[portal.SESSION_REPORT] = entry
    session.save()
    assert client.get(STATUS)["Location"] == QUERY


def test_leaving_ends_the_lookup(client):
    _, code = submit_and_get_code(client)
    status_page(client, code)
    assert client.post(STATUS, {"action": "leave"})["Location"] == QUERY
    assert client.get(STATUS)["Location"] == QUERY


def test_a_session_sees_only_the_report_of_the_code_it_gave(client, petition_user):
    first, _ = submit_and_get_code(client)
    second, code_b = submit_and_get_code(client)
    services.message_to_reporter(actor=petition_user, report=first, body="甲件的留言")
    services.message_to_reporter(actor=petition_user, report=second, body="乙件的留言")
    html = status_page(client, code_b)
    assert "乙件的留言" in html and "甲件的留言" not in html


# --- messages -----------------------------------------------------------------------
def test_two_way_messages(client, petition_user):
    report, code = submit_and_get_code(client)
    services.message_to_reporter(actor=petition_user, report=report, body="请补充转账时间。")
    html = status_page(client, code)
    assert "请补充转账时间。" in html and "信访室" in html

    response = client.post(STATUS, {"body": "转账时间为2026年3月5日。"})
    assert response.status_code == 302 and response["Location"] == STATUS
    reply = PortalMessage.objects.get(direction=MessageDirection.FROM_REPORTER)
    assert reply.report == report and reply.author is None
    assert reply.direction == "in"
    html = client.get(STATUS).content.decode()
    assert "转账时间为2026年3月5日。" in html and "您" in html
    today = timezone.localdate()
    assert f"{today.year}年{today.month}月{today.day}日" in html
    assert Event.objects.filter(action="intake.message.from_reporter").exists()


def test_empty_or_too_long_reply_is_refused(client):
    _, code = submit_and_get_code(client)
    status_page(client, code)
    assert client.post(STATUS, {"body": "  "}).status_code == 400
    response = client.post(STATUS, {"body": "长" * 2001})
    assert response.status_code == 400 and "留言不能超过2000字" in response.content.decode()
    assert PortalMessage.objects.count() == 0


def test_replies_are_rate_limited(client):
    _, code = submit_and_get_code(client)
    status_page(client, code)
    for n in range(antiabuse.MESSAGES_PER_IP_HOUR):
        assert client.post(STATUS, {"body": f"补充{n}"}).status_code == 302
    assert client.post(STATUS, {"body": "再补充"}).status_code == 429
    assert PortalMessage.objects.count() == antiabuse.MESSAGES_PER_IP_HOUR


# --- rate limits --------------------------------------------------------------------
def test_sixth_submission_of_an_hour_is_refused(client):
    for _ in range(antiabuse.SUBMISSIONS_PER_IP_HOUR):
        assert post_report(client).status_code == 302
    events = Event.objects.count()
    response = post_report(client)
    assert response.status_code == 429
    assert "过于频繁" in response.content.decode()
    assert Report.objects.count() == antiabuse.SUBMISSIONS_PER_IP_HOUR
    assert Event.objects.count() == events
    assert post_report(client, ip="10.0.0.2").status_code == 302  # another client may


def test_daily_limit_per_client(client):
    client_key = antiabuse._client_key(privacy.client_pseudonym("127.0.0.1"))
    cache.set(antiabuse.SUBMIT_IP_DAY.key(client_key, FIXED_NOW), 20, 3600)
    assert post_report(client).status_code == 429
    assert Report.objects.count() == 0


def test_global_limit_answers_busy_without_touching_the_report_tables(client):
    cache.set(antiabuse.SUBMIT_GLOBAL_HOUR.key("all", FIXED_NOW), 500, 3600)
    with CaptureQueriesContext(connection) as queries:
        response = post_report(client, ip="10.1.2.3")
    assert response.status_code == 429
    assert "系统繁忙，请稍后再试" in response.content.decode()
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "intake_report" not in sql and "audit_" not in sql
    assert not re.search(r"\b(INSERT|UPDATE|DELETE)\b", sql)  # a refusal writes nothing
    assert Report.objects.count() == 0


def test_the_limit_is_checked_before_the_body_is_read(client):
    cache.set(antiabuse.SUBMIT_GLOBAL_HOUR.key("all", FIXED_NOW), 500, 3600)
    too_big = SimpleUploadedFile("a.txt", b"a" * 1024)
    response = client.post(SUBMIT, {**report_data(), "attachments": too_big})
    assert response.status_code == 429
    assert response.wsgi_request._read_started is False


def test_counters_are_atomic_and_keep_their_expiry():
    key = "jiandu:portal:test-counter"
    assert antiabuse.counter_incr(key, 3600) == 1
    assert antiabuse.counter_incr(key, 3600) == 2
    assert cache.get(key) == 2
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT expires FROM jiandu_cache WHERE cache_key LIKE %s", ["%test-counter"]
        )
        (expires,) = cursor.fetchone()
    if isinstance(expires, str):  # SQLite without converters
        from django.utils.dateparse import parse_datetime

        expires = parse_datetime(expires)
    if timezone.is_naive(expires):
        expires = expires.replace(tzinfo=UTC)
    # DatabaseCache.incr would have reset it to the default timeout (5 minutes).
    assert expires > timezone.now() + timedelta(minutes=50)


def test_client_address_ignores_forwarded_for_unless_proxies_are_trusted(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8"
    )
    assert antiabuse.client_ip(request) == "10.0.0.1"
    settings.JIANDU_TRUSTED_PROXY_HOPS = 1
    assert antiabuse.client_ip(request) == "5.6.7.8"


def test_ipv6_clients_are_counted_by_their_64_network():
    def key(ip):
        return antiabuse._client_key(privacy.client_pseudonym(ip))

    assert key("2001:db8::1") == key("2001:db8::ffff:1")
    assert key("2001:db8::1") != key("2001:db8:0:1::1")
    assert "127.0.0.1" not in key("127.0.0.1")


def test_the_cache_table_exists_and_its_migration_can_run_again():
    from importlib import import_module

    assert "jiandu_cache" in connection.introspection.table_names()
    migration = import_module("jiandu.intake.migrations.0003_cache_table")

    class Editor:
        connection = connection

    migration.create_cache_table(None, Editor())
    assert "jiandu_cache" in connection.introspection.table_names()


def test_portal_can_be_switched_off(client, settings):
    settings.JIANDU_PORTAL_ENABLED = False
    assert client.get(SUBMIT).status_code == 503
    assert post_report(client).status_code == 503
    assert Report.objects.count() == 0


# --- challenge ----------------------------------------------------------------------
def test_missing_challenge_is_refused(client):
    response = post_report(client, pow_challenge=None, pow_counter=None)
    assert "请完成安全验证" in response.content.decode()
    assert Report.objects.count() == 0


def test_unsolved_challenge_is_refused(client):
    challenge = antiabuse.challenge_issue()
    counter = 0
    while (
        antiabuse.leading_zero_bits(hashlib.sha256(f"{challenge.token}{counter}".encode()).digest())
        >= 8
    ):
        counter += 1
    response = post_report(client, pow_challenge=challenge.token, pow_counter=str(counter))
    assert "安全验证未通过" in response.content.decode()
    response = post_report(client, pow_counter=None)  # the no-script lane: must wait
    assert "页面打开满2分钟后" in response.content.decode()
    assert Report.objects.count() == 0


def test_forged_challenge_is_refused(client):
    payload = {"n": "forged", "b": 0, "h": "x"}
    forged = signing.dumps(payload, key="not-the-secret", salt=antiabuse.POW_SALT)
    response = post_report(client, pow_challenge=forged, pow_counter="0")
    assert "安全验证无效" in response.content.decode()
    assert Report.objects.count() == 0


def test_a_challenge_is_accepted_once(client):
    fields = solved()
    assert post_report(client, **fields).status_code == 302
    response = post_report(client, **fields)
    assert "该安全验证已经使用过" in response.content.decode()
    assert Report.objects.count() == 1


def test_expired_challenge_is_refused(client, monkeypatch):
    real = time.time
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: real() - antiabuse.POW_MAX_AGE - 60)
        old = antiabuse.challenge_issue()
    response = post_report(client, **solved(old))
    assert "安全验证已过期" in response.content.decode()
    assert Report.objects.count() == 0


def _issued_before(seconds: float) -> antiabuse.Challenge:
    return antiabuse.challenge_issue(now=FIXED_NOW - seconds)


def test_without_javascript_the_page_holds_no_answer_a_bot_could_read(client):
    html = client.get(SUBMIT).content.decode()
    noscript = re.search(r"<noscript>(.*?)</noscript>", html, re.S).group(1)
    assert "= ?" not in html and 'name="arith_answer"' not in html
    assert "2分钟" in noscript  # what a reporter without JavaScript is told instead
    token = re.search(r'name="pow_challenge" value="([^"]+)"', html).group(1)
    payload = signing.loads(token, salt=antiabuse.POW_SALT)
    assert set(payload) == {"n", "b", "t"}  # nothing in the token answers anything
    # A bot that reads the page and posts at once, with any "answer", is refused.
    response = post_report(client, pow_challenge=token, pow_counter=None, arith_answer="7")
    assert response.status_code == 200 and "页面打开满2分钟后" in response.content.decode()
    assert Report.objects.count() == 0


def test_without_javascript_a_report_is_accepted_after_the_wait(client):
    early = _issued_before(antiabuse.nojs_wait_seconds() - 5)
    response = post_report(client, pow_challenge=early.token, pow_counter=None)
    html = response.content.decode()
    assert response.status_code == 200 and "还需约5秒" in html
    assert early.token in html  # the same challenge: the wait is not started again
    assert CONTENT in html  # and nothing typed is lost
    assert Report.objects.count() == 0

    ready = _issued_before(antiabuse.nojs_wait_seconds())
    assert post_report(client, pow_challenge=ready.token, pow_counter=None).status_code == 302
    assert Report.objects.count() == 1
    again = post_report(client, pow_challenge=ready.token, pow_counter=None)
    assert "该安全验证已经使用过" in again.content.decode()


def test_without_javascript_the_limits_are_stricter(client):
    wait = antiabuse.nojs_wait_seconds()
    for _ in range(antiabuse.SUBMISSIONS_NOJS_PER_IP_DAY):
        ready = _issued_before(wait)
        assert post_report(client, pow_challenge=ready.token, pow_counter=None).status_code == 302
    ready = _issued_before(wait)
    refused = post_report(client, pow_challenge=ready.token, pow_counter=None)
    assert refused.status_code == 429 and "过于频繁" in refused.content.decode()
    assert post_report(client).status_code == 302  # with JavaScript the client still may
    # All clients together: the no-script lane has its own small hourly budget.
    cache.set(antiabuse.SUBMIT_NOJS_GLOBAL_HOUR.key("all", FIXED_NOW), 10**6, 3600)
    ready = _issued_before(wait)
    busy = post_report(client, ip="10.7.7.7", pow_challenge=ready.token, pow_counter=None)
    assert busy.status_code == 429 and "启用浏览器脚本" in busy.content.decode()
    assert post_report(client, ip="10.7.7.7").status_code == 302
    assert Report.objects.count() == antiabuse.SUBMISSIONS_NOJS_PER_IP_DAY + 2


# --- attachments --------------------------------------------------------------------
def test_a_real_png_is_stored_with_its_hash_and_a_clean_name(client, tmp_path):
    data = png_bytes()
    upload = SimpleUploadedFile("..\\..\\证据<1>.pdf", data, content_type="application/pdf")
    report, _ = submit_and_get_code(client, attachments=upload)
    attachment = ReportAttachment.objects.get(report=report)
    assert attachment.content_type == "image/png"  # by content, not by name
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.size == len(data)
    assert attachment.original_name == "证据_1_.pdf"
    assert attachment.file.name.startswith("intake/") and attachment.file.name.endswith(".png")
    assert "证据" not in attachment.file.name
    assert (tmp_path / "files" / attachment.file.name).read_bytes() == data
    event = Event.objects.get(action="intake.attachment.add")
    assert event.payload["sha256"] == attachment.sha256
    assert "证据" not in str(event.payload)


def test_office_text_and_pdf_files_are_recognised(client):
    files = [
        SimpleUploadedFile("a.docx", zip_bytes(["[Content_Types].xml", "word/document.xml"])),
        SimpleUploadedFile("b.xlsx", zip_bytes(["[Content_Types].xml", "xl/workbook.xml"])),
        SimpleUploadedFile("c.doc", core_files.OLE_MAGIC + b"\x00" * 504),
        SimpleUploadedFile("d.txt", "举报材料说明\r\n第二行".encode("gb18030")),
        SimpleUploadedFile("e.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
    ]
    report, _ = submit_and_get_code(client, attachments=files)
    types = sorted(report.attachments.values_list("content_type", flat=True))
    assert types == sorted(
        [
            core_files.DOCX.content_type,
            core_files.XLSX.content_type,
            "application/msword",
            "text/plain",
            "application/pdf",
        ]
    )


def test_jpeg_is_recognised():
    upload = SimpleUploadedFile("x.bin", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32)
    assert core_files.sniff(upload) == core_files.JPEG


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64,  # an exe
        zip_bytes(["payload.bin"]),  # a zip without [Content_Types].xml
        zip_bytes(["[Content_Types].xml", "ppt/presentation.xml"]),  # neither docx nor xlsx
        b"",
        b"\xff\xfe\x00\x00binary",
    ],
)
def test_a_pdf_that_is_something_else_is_refused(client, content):
    upload = SimpleUploadedFile("证据.pdf", content, content_type="application/pdf")
    response = post_report(client, attachments=upload)
    html = response.content.decode()
    assert response.status_code == 200 and "证据.pdf" in html
    assert "附件类型不支持" in html or "附件为空文件" in html
    assert Report.objects.count() == 0 and ReportAttachment.objects.count() == 0


def test_an_oversized_attachment_is_refused(client):
    big = SimpleUploadedFile("big.txt", b"a" * (antiabuse.MAX_ATTACHMENT_BYTES + 1))
    response = post_report(client, attachments=big)
    assert "超过10MB" in response.content.decode()
    assert Report.objects.count() == 0


def test_more_than_five_attachments_are_refused(client):
    files = [SimpleUploadedFile(f"{n}.png", png_bytes()) for n in range(6)]
    response = post_report(client, attachments=files)
    assert "附件最多5个" in response.content.decode()
    assert Report.objects.count() == 0


def test_a_request_over_the_total_limit_is_refused_before_it_is_read(client):
    files = [SimpleUploadedFile(f"{n}.txt", b"a" * (7 * 1024 * 1024)) for n in range(3)]
    response = post_report(client, attachments=files)
    assert response.status_code == 413
    assert "附件合计不能超过20MB" in response.content.decode()
    assert Report.objects.count() == 0


def test_total_attachment_size_is_checked():
    uploads = [SimpleUploadedFile(f"{n}.txt", b"a" * (7 * 1024 * 1024)) for n in range(3)]
    with pytest.raises(core_files.FileRefused, match="合计不能超过20MB"):
        antiabuse.ATTACHMENTS.check_all(uploads)


def test_a_failed_submission_leaves_no_file_behind(client, tmp_path, monkeypatch):
    from jiandu.intake import portal_services

    def broken(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(portal_services, "event_record", broken)
    upload = SimpleUploadedFile("a.png", png_bytes())
    with pytest.raises(RuntimeError):
        portal_services.portal_submit(
            content=CONTENT,
            is_named=False,
            reporter=None,
            subject_text="张某",
            unit_text="",
            files=[upload],
        )
    assert Report.objects.count() == 0
    stored = tmp_path / "files"
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))


def test_safe_filename():
    assert core_files.safe_filename("../../etc/passwd") == "passwd"
    assert core_files.safe_filename("a\x00b\u202e.txt") == "ab.txt"
    assert core_files.safe_filename("...") == "附件"
    long = core_files.safe_filename("长" * 150 + ".docx")
    assert len(long) == 100 and long.endswith(".docx")


def test_expired_cache_rows_are_deleted_after_a_submission(client):
    cache.set("jiandu:portal:stale", 1, 3600)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE jiandu_cache SET expires = %s WHERE cache_key LIKE %s",
            [timezone.now() - timedelta(hours=2), "%jiandu:portal:stale"],
        )
    assert post_report(client).status_code == 302
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM jiandu_cache WHERE cache_key LIKE %s", ["%stale"])
        assert cursor.fetchone()[0] == 0


def test_a_report_sent_up_about_the_principal_leader_takes_no_more_messages(client, petition_user):
    """[检举控告规则] 15 §2: only the minimal record stays here, so the reporter's
    message is refused (nothing stored) and told to write to the higher commission."""
    report, code = submit_and_get_code(client)
    services.report_register_submitted(
        actor=petition_user, report=report, about_principal_leader=True
    )
    html = status_page(client, code)
    assert 'data-testid="sent-up"' in html and 'name="body"' not in html
    response = client.post(STATUS, {"body": "补充：某某收受现金的时间地点"})
    assert response.status_code == 400
    assert "请直接向上一级纪委监委反映" in response.content.decode()
    assert not report.messages.exists()
    with pytest.raises(DomainError, match="报送上一级"):
        services.message_from_reporter(report=report, body="补充情况")
    with pytest.raises(DomainError, match="报送上一级"):
        services.message_to_reporter(actor=petition_user, report=report, body="请补充")
    assert not report.messages.exists()
