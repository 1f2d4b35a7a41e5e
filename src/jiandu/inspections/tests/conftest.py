from datetime import date, timedelta

import pytest
from django.utils import timezone

from jiandu.accounts.models import User
from jiandu.inspections import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def insp(county):
    """The county plus the people of the rectification ledger: the education bureau's
    own account (被巡察单位), the finance bureau's, and a second inspection office user."""
    u = county.units
    county.users["edu_unit"] = User.objects.create_user(
        username="t_edu_unit", password="pw-12345678", role="inspected_unit", unit=u["dept_edu"]
    )
    county.users["fin_unit"] = User.objects.create_user(
        username="t_fin_unit", password="pw-12345678", role="inspected_unit", unit=u["dept_fin"]
    )
    county.users["inspection2"] = User.objects.create_user(
        username="t_inspection2", password="pw-12345678", role="inspection", unit=u["inspection"]
    )
    return county


@pytest.fixture
def ledger(insp):
    """A round inspecting the education and finance bureaus, fed back 30 days ago, with
    one finding and one item each."""
    actor = insp.users["inspection"]
    today = timezone.localdate()
    start = today - timedelta(days=90)
    round_ = services.round_create(
        actor=actor,
        name="县委第二轮巡察",
        year=start.year,
        ordinal=2,
        kind="regular",
        started_on=start,
        groups=[{"name": "第一巡察组", "leader_name": "王明"}],
    )
    out = {"round": round_, "targets": {}, "findings": {}, "items": {}}
    for key, unit_key, category in (
        ("edu", "dept_edu", "integrity"),
        ("fin", "dept_fin", "political"),
    ):
        target = services.target_add(
            actor=actor, round=round_, unit=insp.units[unit_key], entered_on=start
        )
        services.target_record_feedback(
            actor=actor, target=target, feedback_on=today - timedelta(days=30)
        )
        finding = services.finding_create(
            actor=actor, target=target, category=category, description=f"{key}问题：公务接待不规范"
        )
        item = services.item_create(
            actor=actor,
            finding=finding,
            measures=f"{key}：修订公务接待管理办法",
            responsible_unit=insp.units[unit_key],
            responsible_person="张伟",
            deadline=today + timedelta(days=30),
        )
        out["targets"][key], out["findings"][key], out["items"][key] = target, finding, item
    return out


@pytest.fixture
def pdf():
    return PDF


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)
