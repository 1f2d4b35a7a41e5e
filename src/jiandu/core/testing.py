"""Helpers for tests: valid citizen IDs and USCCs, and a small county with every role."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

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
