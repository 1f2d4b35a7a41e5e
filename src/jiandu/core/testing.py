"""Helpers for tests: valid citizen IDs and USCCs, a small county with every role, and the
generic page contract (``Page``, ``PageContract``) every app's page tests declare."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from stdnum.cn import uscc

from jiandu.core.validators import citizen_id_check_digit

AREA = "330521"  # a real-looking 6-digit area code; any six digits are accepted


def make_citizen_id(
    seq: int, *, born: date = date(1980, 5, 17), male: bool = True, area: str = AREA
) -> str:
    """A valid 18-digit citizen ID: area + birth date + sequence (odd = male) + check."""
    order = (seq * 2 + (1 if male else 0)) % 1000
    body = f"{area}{born:%Y%m%d}{order:03d}"
    return body + citizen_id_check_digit(body)


def make_uscc(seq: int, *, area: str = AREA) -> str:
    """A valid 18-character USCC (GB 32100): 9 1 area org-code(9) check."""
    from stdnum.cn.uscc import _alphabet

    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    org = f"{seq:08d}"
    check = 11 - sum(int(c) * w for c, w in zip(org, weights, strict=True)) % 11
    org += "X" if check == 10 else ("0" if check == 11 else str(check))
    body = f"91{area}{org}"
    code = body + uscc.calc_check_digit(body)
    assert all(c in _alphabet for c in code)
    uscc.validate(code)
    return code


@dataclass
class County:
    """A small county: every role's unit, two towns, two departments, and cadres."""

    units: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    cadres: dict[str, Any] = field(default_factory=dict)


def build_county(password: str = "pw-for-tests-only") -> County:  # noqa: S107
    from jiandu.accounts.models import User
    from jiandu.org import services as org
    from jiandu.org.models import Rank

    county = County()
    u = county.units

    def unit(key, name, kind, parent=None):
        u[key] = org.unit_create(
            actor=None, name=name, code=f"T{len(u) + 1:03d}", kind=kind, parent=parent
        )
        return u[key]

    unit("commission", "测试县纪委监委", "commission")
    for key, name, kind in [
        ("petition", "信访室", "petition_office"),
        ("case_mgmt", "案件监督管理室", "case_management_office"),
        ("office1", "第一纪检监察室", "supervision_office"),
        ("office2", "第二纪检监察室", "supervision_office"),
        ("review", "案件审理室", "review_office"),
        ("inspection", "巡察办", "inspection_office"),
        ("team1", "派驻第一纪检监察组", "resident_team"),
        ("team2", "派驻第二纪检监察组", "resident_team"),
        ("town_a_commission", "东镇纪委", "township_commission"),
        ("town_b_commission", "西镇纪委", "township_commission"),
    ]:
        unit(key, name, kind, u["commission"])
    unit("dept_edu", "测试县教育局", "department")
    unit("school", "测试县第一中学", "school", u["dept_edu"])
    unit("dept_fin", "测试县财政局", "department")
    unit("town_a", "东镇", "town")
    unit("village_a", "东镇红星村", "village", u["town_a"])
    unit("town_b", "西镇", "town")
    # The asking body of integrity clearance requests (组织部门 role).
    unit("dept_org", "中共测试县委组织部", "department")
    for sup, sub, kind in [
        ("team1", "dept_edu", "supervises"),
        ("team2", "dept_fin", "supervises"),
        ("town_a_commission", "town_a", "supervises"),
        ("town_b_commission", "town_b", "supervises"),
        ("office1", "team1", "guides"),
        ("office1", "town_a_commission", "guides"),
        ("office2", "team2", "guides"),
        ("office2", "town_b_commission", "guides"),
    ]:
        org.liaison_create(actor=None, supervisor=u[sup], supervised=u[sub], kind=kind)

    people = [
        ("edu_head", "张伟", "dept_edu", "局长", True, Rank.TOWNSHIP),
        ("teacher", "李娜", "school", "教师", False, Rank.GENERAL),
        ("fin_head", "王强", "dept_fin", "局长", True, Rank.TOWNSHIP),
        ("town_a_head", "张伟", "town_a", "镇党委书记", True, Rank.TOWNSHIP),  # namesake
        ("village_head", "刘洋", "village_a", "村党支部书记", True, Rank.OTHER),
        ("town_b_head", "陈静", "town_b", "镇党委书记", True, Rank.TOWNSHIP),
    ]
    for i, (key, name, unit_key, title, head, rank) in enumerate(people, start=1):
        cadre = org.cadre_create(
            actor=None,
            name=name,
            citizen_id=make_citizen_id(i),
            rank=rank,
            political_status="party_member",
        )
        org.post_create(
            actor=None,
            cadre=cadre,
            unit=u[unit_key],
            title=title,
            is_head=head,
            start_date=date(2020, 3, 1),
        )
        county.cadres[key] = cadre

    roles = {
        "leader": "commission",
        "case_management": "case_mgmt",
        "petition": "petition",
        "supervision_office": "office1",
        "resident_team": "team1",
        "township_commission": "town_a_commission",
        "review": "review",
        "inspection": "inspection",
        "admin": "commission",
        "org_department": "dept_org",
    }
    for role, unit_key in roles.items():
        county.users[role] = User.objects.create_user(
            username=f"t_{role}",
            password=password,
            role=role,
            unit=u[unit_key],
            full_name=f"测试{role}",
        )
    return county


# --- two-factor login in tests -------------------------------------------------------------


def otp_verify_session(client, user) -> None:
    """Mark a test client's session OTP-verified, as the login's TOTP step does: the
    user's confirmed device (created for a user whose role requires two-factor login)
    is put on the session with django-otp's session key."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jiandu.accounts.twofactor import confirmed_device

    device = confirmed_device(user)
    if device is None:
        if not user.requires_two_factor:
            return
        # Test setup, like build_county's users: no audit event (tests count them).
        device = TOTPDevice.objects.create(user=user, name="测试", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def patch_test_client_login():
    """Make ``Client.force_login`` and ``Client.login`` leave an OTP-verified session
    (the root conftest installs this for every test); ``login_without_otp`` is the
    escape for tests of the two-factor step itself. Returns a function that undoes it."""
    from django.test import Client

    original = Client._login  # type: ignore[attr-defined]

    def _login(self, user, backend=None):
        original(self, user, backend)
        if not getattr(self, "_jiandu_skip_otp", False):
            otp_verify_session(self, user)

    Client._login = _login  # type: ignore[attr-defined]
    Client._jiandu_original_login = original  # type: ignore[attr-defined]

    def undo():
        Client._login = original  # type: ignore[attr-defined]

    return undo


def login_without_otp(client, user) -> None:
    """Sign a test client in with the password step only (session not OTP-verified)."""
    client._jiandu_skip_otp = True
    try:
        client.force_login(user)
    finally:
        client._jiandu_skip_otp = False


def current_otp_code(user) -> str:
    """The code the user's authenticator app shows now; the device's replay guard and
    failure throttle are reset first, so that a test may log the same user in twice
    within one time step, or right after a wrong code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jiandu.accounts.twofactor import confirmed_device, current_code, pending_device

    device = confirmed_device(user) or pending_device(user)
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    return current_code(device)


def assert_print_page(html: str) -> None:
    """A print page (``core.printing``) as it goes on paper: the print base with its
    stylesheet (A4, page breaks; no inline style under the CSP), the sheet, and no
    navigation, form or button besides the screen-only toolbar."""
    import re

    assert "jiandu/print.css" in html and 'data-testid="print-sheet"' in html
    assert "<style" not in html and "style=" not in html
    assert "navbar" not in html and 'class="nav' not in html
    sheet = html.split('data-testid="print-sheet"', 1)[1]
    assert "<form" not in sheet and "<button" not in sheet
    assert not re.search(r'class="[^"]*\bbtn\b', sheet)


def xlsx_bomb(rows: list[list], *, expanded_mb: int = 300) -> bytes:
    """An .xlsx of ``rows`` with a shared-strings part holding one string of
    ``expanded_mb`` MB of the same character: a few hundred KB on disk (deflate packs it
    ~1000:1), written in streaming chunks so that building it needs no memory
    (upload-bomb tests). openpyxl reads every shared string when it opens the book."""
    import io
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    plain = io.BytesIO()
    book.save(plain)
    sst = "xl/sharedStrings.xml"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    rel_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    f'<Override PartName="/{sst}" ContentType="{content_type}"/></Types>'.encode(),
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdBomb" Type="{rel_type}" Target="sharedStrings.xml"/>'
                    "</Relationships>".encode(),
                )
            bomb.writestr(info.filename, data)
        with bomb.open(sst, "w", force_zip64=True) as part:
            part.write(
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                b' count="1" uniqueCount="1"><si><t>'
            )
            chunk = b"A" * (1024 * 1024)
            for _ in range(expanded_mb):
                part.write(chunk)
            part.write(b"</t></si></sst>")
    return out.getvalue()


# --- a real second process on the test database ---------------------------------------------


def subprocess_env(var) -> dict[str, str]:
    """The environment of a child process (a worker killed in a test) that works on this
    test's database, SQLite or PostgreSQL alike, with its own ``var`` directory."""
    import os
    import sys
    from urllib.parse import quote

    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        auth = quote(db.get("USER") or "", safe="")
        if db.get("PASSWORD"):
            auth += ":" + quote(db["PASSWORD"], safe="")
        host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
        url = f"postgres://{auth}@{host}/{db['NAME']}"
    env = {
        **os.environ,
        "JIANDU_VAR": str(var),
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "jiandu.settings",
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    env.pop("JIANDU_TESTING", None)
    return env


# --- the page contract (CONVENTIONS 11) ------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """What one URL promises, checked by ``PageContract``.

    ``name`` is the URL name; ``args`` turns the test's context (the ``ctx`` fixture of
    the test module) into the URL's arguments. User keys (``allowed``, ``forbidden``,
    ``viewer``, ``post_as``) index the module's ``users`` fixture.

    - anonymous → the login page (always checked);
    - ``allowed`` → 200 (a GET page; ``content_type`` checks a download's type);
    - ``forbidden`` → 403 (a role without the capability);
    - ``hidden``: the arguments of another unit's object, which ``viewer`` (default
      ``allowed``) gets as 404, like a missing id (``missing``: the id 987654);
    - ``htmx``: the fragment answered to an htmx request has no page around it and
      contains this text;
    - ``export``: query parameters that make the page a download of ``content_type``
      (``XLSX`` unless told);
    - ``max_queries``: the GET by ``allowed`` runs at most this many queries;
    - ``data``: a POST of this form data by ``post_as`` (default ``allowed``) redirects
      (``post_status``) and records exactly one audit event ``audit``; a ``hidden``
      object POSTed to answers 404 and records nothing.
    ``get=False`` marks a POST-only URL (a workflow step): its checks use POST.
    """

    name: str
    args: Callable[[Any], tuple] = lambda ctx: ()
    allowed: str = "leader"
    forbidden: str | None = None
    hidden: Callable[[Any], tuple] | None = None
    viewer: str | None = None
    missing: bool = True
    get: bool = True
    content_type: str | None = None
    htmx: str | None = None
    export: dict[str, str] | None = None
    max_queries: int | None = None
    data: Callable[[Any], dict] | None = None
    post_as: str | None = None
    post_status: int = 302
    audit: str | None = None
    id: str = ""

    def __str__(self) -> str:
        return self.id or self.name

    def url(self, ctx: Any) -> str:
        from django.urls import reverse

        return reverse(self.name, args=self.args(ctx))


def _client(user: Any = None) -> Any:
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _checks(select: Callable[[Page], bool]) -> Callable:
    """Which pages a contract check runs for."""

    def mark(check: Callable) -> Callable:
        check.contract_pages = select  # type: ignore[attr-defined]
        return check

    return mark


class PageContract:
    """The generic page tests, NetBox style: a test module declares its pages and
    gets every check.

        class TestPages(PageContract):
            pages = [Page("clues:clue_list", allowed="township_commission"), ...]

    The module provides two fixtures: ``ctx`` (the objects the pages are about; passed
    to each page's ``args``/``hidden``/``data``) and ``users`` (user key → user).
    ``core/tests/test_url_contracts.py`` fails for a URL that no page covers."""

    pages: ClassVar[list[Page]] = []

    def pytest_generate_tests(self, metafunc: Any) -> None:
        want = getattr(metafunc.function, "contract_pages", None)
        if want is not None and "page" in metafunc.fixturenames:
            import pytest

            pages: list[Any] = [p for p in self.pages if want(p)]
            # A check no page of the module has is not collected at all (the root
            # conftest deselects it): neither a pass nor a skip.
            params = pages or [pytest.param(None, marks=pytest.mark.contract_unused)]
            metafunc.parametrize("page", params, ids=str)

    @staticmethod
    def _given(page: Page | None) -> Page:
        assert page is not None, "a check without pages is deselected, never run"
        return page

    # -- the checks ----------------------------------------------------------------

    @_checks(lambda p: True)
    def test_anonymous_goes_to_login(self, db: Any, ctx: Any, page: Page) -> None:
        from django.urls import reverse

        page = self._given(page)
        client = _client()
        url = page.url(ctx)
        response = client.get(url) if page.get else client.post(url, {})
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(reverse("login"))

    @_checks(lambda p: p.get)
    def test_allowed_role_gets_the_page(self, db: Any, ctx: Any, users: Any, page: Page) -> None:
        page = self._given(page)
        response = _client(users[page.allowed]).get(page.url(ctx))
        assert response.status_code == 200, response.status_code
        if page.export is None:  # else the type is the export's (test_export_is_a_download)
            assert response["Content-Type"].startswith(page.content_type or "text/html")

    @_checks(lambda p: p.forbidden is not None)
    def test_wrong_role_gets_403(self, db: Any, ctx: Any, users: Any, page: Page) -> None:
        page = self._given(page)
        assert page.forbidden is not None
        client = _client(users[page.forbidden])
        url = page.url(ctx)
        before = _event_count()
        response = client.get(url) if page.get else client.post(url, self._data(page, ctx))
        assert response.status_code == 403, response.status_code
        assert _event_count() == before

    @_checks(lambda p: p.hidden is not None)
    def test_other_units_object_is_404_like_a_missing_one(
        self, db: Any, ctx: Any, users: Any, page: Page
    ) -> None:
        from django.urls import reverse

        page = self._given(page)
        assert page.hidden is not None
        client = _client(users[page.viewer or page.allowed])
        before = _event_count()
        hidden_args = page.hidden(ctx)
        urls = [reverse(page.name, args=hidden_args)]
        if page.missing:
            urls.append(reverse(page.name, args=(987654, *hidden_args[1:])))
        for url in urls:
            response = client.get(url) if page.get else client.post(url, self._data(page, ctx))
            assert response.status_code == 404, (url, response.status_code)
        assert _event_count() == before

    @_checks(lambda p: p.htmx is not None)
    def test_htmx_request_gets_the_fragment(
        self, db: Any, ctx: Any, users: Any, page: Page
    ) -> None:
        page = self._given(page)
        response = _client(users[page.allowed]).get(page.url(ctx), HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in html and str(page.htmx) in html

    @_checks(lambda p: p.export is not None)
    def test_export_is_a_download(self, db: Any, ctx: Any, users: Any, page: Page) -> None:
        from jiandu.core.downloads import XLSX

        page = self._given(page)
        response = _client(users[page.allowed]).get(page.url(ctx), page.export)
        assert response.status_code == 200
        assert response["Content-Type"].startswith(page.content_type or XLSX)
        assert "attachment" in response["Content-Disposition"]

    @_checks(lambda p: p.max_queries is not None)
    def test_query_count_is_bounded(self, db: Any, ctx: Any, users: Any, page: Page) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        page = self._given(page)
        client = _client(users[page.allowed])
        url = page.url(ctx)
        client.get(url)  # warm the session and the caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert len(queries) <= (page.max_queries or 0), (len(queries), page.max_queries)

    @_checks(lambda p: p.data is not None)
    def test_a_post_records_exactly_one_audit_event(
        self, db: Any, ctx: Any, users: Any, page: Page
    ) -> None:
        from jiandu.audit.models import Event

        page = self._given(page)
        user = users[page.post_as or page.allowed]
        before = _event_count()
        last = Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        response = _client(user).post(page.url(ctx), self._data(page, ctx))
        assert response.status_code == page.post_status, response.status_code
        events = list(Event.objects.filter(seq__gt=last))
        assert _event_count() == before + 1, [e.action for e in events]
        assert (events[0].action, events[0].actor_id) == (page.audit, user.pk), events[0].action

    @staticmethod
    def _data(page: Page, ctx: Any) -> dict:
        return page.data(ctx) if page.data is not None else {}


def _event_count() -> int:
    from jiandu.audit.models import Event

    return Event.objects.count()
