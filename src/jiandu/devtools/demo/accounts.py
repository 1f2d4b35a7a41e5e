"""The demo county's logins: one account per role, each in the matching unit.

The demo password comes from the caller (``jiandu demo`` reads ``JIANDU_DEMO_PASSWORD``,
default ``jiandu-demo-2026``). It is for the demo only: never load the demo into a
database that real people use.
"""

from __future__ import annotations

from django.db import transaction

from jiandu.accounts.models import User
from jiandu.accounts.rules import Role
from jiandu.accounts.services import user_create, user_grant_admin_site
from jiandu.accounts.twofactor import demo_enrol
from jiandu.devtools.demo import org as org_demo
from jiandu.org.models import Post, Unit

# username, role, unit code, whose name the account carries: the unit's head ("head")
# or its longest-serving member who is not the head ("member").
DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("leader", Role.LEADER, org_demo.COMMISSION, "head"),
    ("anguan", Role.CASE_MANAGEMENT, org_demo.CASE_MANAGEMENT_OFFICE, "member"),
    ("xinfang", Role.PETITION, org_demo.PETITION_OFFICE, "member"),
    ("jianchashi1", Role.SUPERVISION_OFFICE, org_demo.SUPERVISION_OFFICES[0], "member"),
    ("paizhu1", Role.RESIDENT_TEAM, org_demo.RESIDENT_TEAMS[0], "member"),
    ("zhenjiwei1", Role.TOWNSHIP_COMMISSION, org_demo.TOWNSHIP_COMMISSIONS[0], "member"),
    ("shenli", Role.REVIEW, org_demo.REVIEW_OFFICE, "member"),
    ("xuncha", Role.INSPECTION, org_demo.INSPECTION_OFFICE, "member"),
    ("admin", Role.ADMIN, org_demo.GENERAL_OFFICE, "member"),
)
SUPERUSERS = ("admin",)  # may open /django-admin/ (e.g. to edit the holiday calendar)


def _person_name(unit: Unit, who: str) -> str:
    """The name of a cadre who works in ``unit`` (so a login matches a real post)."""
    posts = Post.objects.filter(unit=unit, end_date__isnull=True).select_related("cadre")
    head = posts.filter(is_head=True).first()
    member = posts.filter(is_head=False).order_by("start_date", "id").first()
    chosen = head if who == "head" else (member or head)
    return chosen.cadre.name if chosen else ""


@transaction.atomic
def load(*, password: str) -> list[tuple[str, str, str]]:
    """Create the demo accounts; return (username, role label, unit name) rows."""
    units = Unit.objects.in_bulk([code for _, _, code, _ in DEMO_USERS], field_name="code")
    rows = []
    for username, role, code, who in DEMO_USERS:
        unit = units[code]
        user = user_create(
            actor=None,
            username=username,
            full_name=_person_name(unit, who) or Role(role).label,
            role=role,
            unit=unit,
            password=password,
            validate=False,
            # The account named after the unit's head is its head (本单位负责人): the
            # leader is the commission's principal leader, who approves a 澄清正名.
            is_unit_head=who == "head",
        )
        if username in SUPERUSERS:
            user_grant_admin_site(
                actor=None, user=user, reason="演示数据：系统管理员可进入 /django-admin/"
            )
        rows.append((username, Role(role).label, unit.name))
    return rows


def existing() -> list[tuple[str, str, str]]:
    """The demo accounts already in the database, in the same shape as ``load``."""
    users = User.objects.select_related("unit").in_bulk(
        [username for username, _, _, _ in DEMO_USERS], field_name="username"
    )
    rows = []
    for username, role, _, _ in DEMO_USERS:
        user = users.get(username)
        if user is not None:
            rows.append(
                (username, Role(user.role or role).label, user.unit.name if user.unit else "")
            )
    return rows


def enrol_two_factor() -> list[tuple[str, str]]:
    """The demo accounts whose role requires two-factor login get a confirmed TOTP device
    (once); returns (username, otpauth:// URI) rows for ``jiandu demo`` to print. Codes:
    ``jiandu otp code <username>`` or any authenticator app given the URI. Demo only."""
    users = User.objects.filter(
        username__in=[username for username, _, _, _ in DEMO_USERS], is_active=True
    ).order_by("id")
    rows = []
    for user in users:
        if user.requires_two_factor:
            rows.append((user.username, demo_enrol(user=user).config_url))
    return rows
