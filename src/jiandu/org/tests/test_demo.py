"""The demo county: deterministic, valid, shaped like "1+6+7+X", and loaded through the
services (bulk loads leave one audit event each)."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from jiandu.core.errors import DomainError
from jiandu.core.validators import (
    citizen_id_birth_date,
    citizen_id_gender,
    normalise_citizen_id,
    normalise_uscc,
)
from jiandu.devtools.demo import org as demo
from jiandu.org.models import UnitKind

TODAY = timezone.localdate()  # the validators refuse birth dates after the real today
SMALL = 300


@pytest.fixture(scope="module")
def full_spec() -> demo.CountySpec:
    return demo.generate(seed=2026, cadres=3000, today=TODAY)


def _digest(spec: demo.CountySpec) -> str:
    return hashlib.sha256(repr(spec).encode()).hexdigest()


# --- the pure generator (no database) ------------------------------------------------------


def test_generate_is_a_pure_function_of_its_arguments():
    one = demo.generate(seed=7, cadres=SMALL, today=TODAY)
    two = demo.generate(seed=7, cadres=SMALL, today=TODAY)
    assert one == two
    assert _digest(one) == _digest(two)
    other = demo.generate(seed=8, cadres=SMALL, today=TODAY)
    assert [c.citizen_id for c in other.cadres] != [c.citizen_id for c in one.cadres]


def test_generate_does_not_depend_on_string_hashing():
    """Set iteration order changes with PYTHONHASHSEED; the county must not."""
    code = (
        "import django, hashlib, datetime; django.setup();"
        "from jiandu.devtools.demo import org as demo;"
        f"s = demo.generate(seed=5, cadres={SMALL}, today=datetime.date.fromisoformat('{TODAY}'));"
        "print(hashlib.sha256(repr(s).encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {
            **os.environ,
            "PYTHONHASHSEED": hash_seed,
            "DJANGO_SETTINGS_MODULE": "jiandu.settings",
        }
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        digests.add(out.stdout.strip())
    assert digests == {_digest(demo.generate(seed=5, cadres=SMALL, today=TODAY))}


def test_every_code_is_valid(full_spec):
    for cadre in full_spec.cadres:
        assert normalise_citizen_id(cadre.citizen_id) == cadre.citizen_id
        assert citizen_id_gender(cadre.citizen_id) == cadre.gender
        assert citizen_id_birth_date(cadre.citizen_id) == cadre.birth_date
        assert date(1962, 1, 1) <= cadre.birth_date <= date(2001, 12, 31)
    for relative in full_spec.relatives:
        if relative.citizen_id:
            assert normalise_citizen_id(relative.citizen_id) == relative.citizen_id
    for person in full_spec.company_people:
        assert normalise_citizen_id(person.person_citizen_id) == person.person_citizen_id
    for company in full_spec.companies:
        assert normalise_uscc(company.uscc) == company.uscc
    for unit in full_spec.units:
        if unit.uscc:
            assert normalise_uscc(unit.uscc) == unit.uscc
    cadre_ids = [c.citizen_id for c in full_spec.cadres]
    assert len(set(cadre_ids)) == len(cadre_ids)
    assert len({c.uscc for c in full_spec.companies}) == len(full_spec.companies)
    born_elsewhere = [n for n in cadre_ids if not n.startswith(demo.AREA_CODE)]
    assert 20 <= len(born_elsewhere) <= 40


def test_full_county_has_the_intended_shape(full_spec):
    spec = full_spec
    kinds = Counter(u.kind for u in spec.units)
    assert kinds[UnitKind.SUPERVISION_OFFICE] == 6
    assert kinds[UnitKind.RESIDENT_TEAM] == 7
    assert kinds[UnitKind.TOWN] == kinds[UnitKind.TOWNSHIP_COMMISSION] == 20
    departments = kinds[UnitKind.DEPARTMENT] + kinds[UnitKind.PARTY_COMMITTEE]
    assert 38 <= departments <= 45
    supervised = departments + sum(
        kinds[k] for k in (UnitKind.TOWN, UnitKind.SOE, UnitKind.SCHOOL, UnitKind.HOSPITAL)
    )
    assert 75 <= supervised <= 85
    assert kinds[UnitKind.VILLAGE] >= 40
    assert len(spec.cadres) == 3000
    names = Counter(c.name for c in spec.cadres)
    assert sum(1 for n in names.values() if n > 1) >= 100  # 同名同姓
    ranks = Counter(c.rank for c in spec.cadres)
    assert ranks["county"] < ranks["township"] < ranks["general"]
    assert 250 <= len(spec.companies) <= 350
    current = [p for p in spec.posts if p.end_date is None]
    assert len(current) == 3000
    assert any(p.end_date for p in spec.posts)
    heads = [p for p in current if p.is_head]
    assert any((TODAY - p.start_date).days > 9 * 365 for p in heads)  # long tenures
    assert any((TODAY - p.start_date).days < 365 for p in current if p.is_leadership)
    leaders = {p.cadre for p in current if p.is_leadership}
    with_family = {r.cadre for r in spec.relatives} & leaders
    assert 0.45 <= len(with_family) / len(leaders) <= 0.75
    kinds_planted = Counter(p.kind for p in spec.planted)
    assert kinds_planted["relative_business"] >= 1
    assert kinds_planted["shared_address_phone"] >= 1
    assert kinds_planted["cadre_business"] >= 1


def test_planted_shared_contacts_are_real(full_spec):
    by_uscc = {c.uscc: c for c in full_spec.companies}
    pair = next(p for p in full_spec.planted if p.kind == "shared_address_phone")
    a, b = (by_uscc[k] for k in pair.keys)
    assert (a.address, a.phone) == (b.address, b.phone)
    assert a.name != b.name


# --- loading into the database -------------------------------------------------------------


@pytest.fixture
def loaded(db):
    counts = demo.load(seed=2026, cadres=SMALL, today=TODAY)
    return counts, demo.generate(seed=2026, cadres=SMALL, today=TODAY)


@pytest.mark.django_db
def test_load_writes_exactly_the_generated_county(loaded):
    from jiandu.org.models import Cadre, Company, CompanyPerson, Post, Relative, Unit

    counts, spec = loaded
    assert counts["cadres"] == Cadre.objects.count() == SMALL
    assert counts["units"] == Unit.objects.count() == len(spec.units)
    assert sorted(Cadre.objects.values_list("name", "citizen_id", "rank")) == sorted(
        (c.name, c.citizen_id, c.rank) for c in spec.cadres
    )
    assert sorted(
        Post.objects.values_list(
            "cadre__citizen_id", "unit__code", "title", "start_date", "end_date", "is_head"
        )
    ) == sorted((p.cadre, p.unit, p.title, p.start_date, p.end_date, p.is_head) for p in spec.posts)
    assert sorted(
        Relative.objects.values_list("cadre__citizen_id", "relation", "name", "citizen_id")
    ) == sorted((r.cadre, r.relation, r.name, r.citizen_id) for r in spec.relatives)
    assert sorted(Company.objects.values_list("uscc", "name", "address", "phone")) == sorted(
        (c.uscc, c.name, c.address, c.phone) for c in spec.companies
    )
    assert CompanyPerson.objects.count() == len(spec.company_people) == counts["company_people"]


@pytest.mark.django_db
def test_each_unit_has_exactly_one_current_head_and_namesakes_exist(loaded):
    from django.db.models import Count, Q

    from jiandu.org.models import Cadre, Post, Unit

    units = Unit.objects.annotate(
        heads=Count("posts", filter=Q(posts__is_head=True, posts__end_date__isnull=True)),
        staff=Count("posts", filter=Q(posts__end_date__isnull=True)),
    )
    staffed = [u for u in units if u.staff]
    assert len(staffed) == Unit.objects.count()
    assert all(u.heads == 1 for u in staffed), [u.name for u in staffed if u.heads != 1]
    assert Post.objects.current().filter(is_head=True).count() == len(staffed)
    shared = Cadre.objects.values("name").annotate(n=Count("id")).filter(n__gt=1)
    assert shared.count() >= 5


@pytest.mark.django_db
def test_liaisons_are_one_six_seven_x(loaded):
    from jiandu.org.models import Liaison, LiaisonKind, Unit

    offices = Unit.objects.filter(kind=UnitKind.SUPERVISION_OFFICE)
    assert offices.count() == 6
    guided = Liaison.objects.filter(kind=LiaisonKind.GUIDES)
    for office in offices:
        assert guided.filter(supervisor=office).exists(), office.name
    assert set(guided.values_list("supervised__kind", flat=True)) == {
        UnitKind.RESIDENT_TEAM,
        UnitKind.TOWNSHIP_COMMISSION,
    }
    guided_ids = set(guided.values_list("supervised_id", flat=True))
    teams = Unit.objects.filter(kind=UnitKind.RESIDENT_TEAM)
    commissions = Unit.objects.filter(kind=UnitKind.TOWNSHIP_COMMISSION)
    assert teams.count() == 7 and commissions.count() == 20
    assert set(teams.values_list("id", flat=True)) <= guided_ids
    assert set(commissions.values_list("id", flat=True)) <= guided_ids
    supervises = Liaison.objects.filter(kind=LiaisonKind.SUPERVISES)
    for team in teams:
        kinds = set(supervises.filter(supervisor=team).values_list("supervised__kind", flat=True))
        assert kinds & {UnitKind.DEPARTMENT, UnitKind.PARTY_COMMITTEE}, team.name
    for commission in commissions:
        towns = list(
            supervises.filter(supervisor=commission).values_list("supervised__name", flat=True)
        )
        assert len(towns) == 1
        assert commission.name.startswith(towns[0])
    departments = Unit.objects.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.PARTY_COMMITTEE])
    covered = supervises.filter(supervisor__kind=UnitKind.RESIDENT_TEAM)
    assert set(departments.values_list("id", flat=True)) <= set(
        covered.values_list("supervised_id", flat=True)
    )


@pytest.mark.django_db
def test_township_user_sees_its_town_and_villages_only(loaded):
    from jiandu.accounts.models import User
    from jiandu.devtools.demo import accounts as accounts_demo
    from jiandu.org.models import Unit

    rows = accounts_demo.load(password="demo-password-for-tests")
    assert [r[0] for r in rows] == [u[0] for u in accounts_demo.DEMO_USERS]
    user = User.objects.get(username="zhenjiwei1")
    assert user.unit.kind == UnitKind.TOWNSHIP_COMMISSION
    assert user.check_password("demo-password-for-tests")
    scope = user.unit_scope("org").unit_ids
    town = Unit.objects.get(code=demo.TOWNS[0])
    villages = set(town.children.filter(kind=UnitKind.VILLAGE).values_list("id", flat=True))
    assert villages
    assert town.id in scope and villages <= scope
    other_town = Unit.objects.get(code=demo.TOWNS[1])
    assert other_town.id not in scope
    assert not set(other_town.children.values_list("id", flat=True)) & scope
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.get(username="leader").is_superuser
    assert User.objects.get(username="jianchashi1").unit.name == "第一纪检监察室"
    assert User.objects.get(username="paizhu1").unit.name == "派驻第一纪检监察组"


@pytest.mark.django_db
def test_bulk_loads_leave_one_audit_event_each(loaded):
    from jiandu.audit.models import Event
    from jiandu.audit.services import chain_verify

    counts, _ = loaded
    expected = {
        "org.cadre.bulk_create": counts["cadres"],
        "org.post.bulk_create": counts["posts"],
        "org.relative.bulk_create": counts["relatives"],
        "org.company.bulk_create": counts["companies"],
        "org.company_person.bulk_create": counts["company_people"],
    }
    for action, count in expected.items():
        events = Event.objects.filter(action=action)
        assert events.count() == 1, action
        assert events.get().payload == {"count": count}
    assert Event.objects.filter(action="org.unit.create").count() == counts["units"]
    assert chain_verify().ok


@pytest.mark.django_db
def test_planted_relative_business_is_linked(loaded):
    from jiandu.org.models import CompanyPerson, Post

    _, spec = loaded
    planted = [p for p in spec.planted if p.kind == "relative_business"]
    assert planted
    for item in planted:
        head_id, relative_id, uscc = item.keys
        post = Post.objects.current().get(cadre__citizen_id=head_id, end_date__isnull=True)
        assert post.is_head
        people = CompanyPerson.objects.filter(company__uscc=uscc, person_citizen_id=relative_id)
        assert people.exists()
        assert all(p.relative and p.relative.cadre_id == post.cadre_id for p in people)
    owners = [p for p in spec.planted if p.kind == "cadre_business"]
    for item in owners:
        cadre_id, uscc = item.keys
        assert CompanyPerson.objects.filter(
            company__uscc=uscc, cadre__citizen_id=cadre_id, role="shareholder"
        ).exists()


# --- the bulk services ---------------------------------------------------------------------


@pytest.mark.django_db
def test_bulk_services_validate_rows():
    from jiandu.core.testing import make_citizen_id, make_uscc
    from jiandu.org import services
    from jiandu.org.models import Cadre, CompanyPerson

    good = {"name": "张三", "citizen_id": make_citizen_id(1), "rank": "general"}
    with pytest.raises(DomainError, match="第2行"):
        services.cadres_bulk_create(actor=None, rows=[good, {**good, "name": "李四"}])
    wrong_check = "1" if good["citizen_id"].endswith("0") else "0"
    bad = {**good, "citizen_id": good["citizen_id"][:-1] + wrong_check}
    with pytest.raises(DomainError, match="第1行"):
        services.cadres_bulk_create(actor=None, rows=[bad])
    assert not Cadre.objects.exists()

    (cadre,) = services.cadres_bulk_create(actor=None, rows=[good])
    unit = services.unit_create(actor=None, name="测试局", code="U1", kind="department")
    head = {"cadre": cadre, "unit": unit, "title": "局长", "start_date": TODAY, "is_head": True}
    with pytest.raises(DomainError, match="一把手"):
        services.posts_bulk_create(actor=None, rows=[head, head])
    services.posts_bulk_create(actor=None, rows=[head])
    with pytest.raises(DomainError, match="已有现任一把手"):
        services.posts_bulk_create(actor=None, rows=[head])

    (company,) = services.companies_bulk_create(
        actor=None, rows=[{"uscc": make_uscc(1), "name": "测试有限公司"}]
    )
    with pytest.raises(DomainError, match="已登记"):
        services.companies_bulk_create(actor=None, rows=[{"uscc": make_uscc(1), "name": "另一家"}])
    relative_id = make_citizen_id(2, male=False)
    services.company_people_bulk_create(
        actor=None,
        rows=[
            {
                "company": company,
                "person_name": "张三",
                "person_citizen_id": good["citizen_id"],
                "role": "shareholder",
                "share_ratio": Decimal(60),
            },
            {
                "company": company,
                "person_name": "王芳",
                "person_citizen_id": relative_id,
                "role": "shareholder",
                "share_ratio": Decimal(40),
            },
        ],
    )
    assert CompanyPerson.objects.get(person_citizen_id=good["citizen_id"]).cadre == cadre
    waiting = CompanyPerson.objects.get(person_citizen_id=relative_id)
    assert waiting.relative is None
    (relative,) = services.relatives_bulk_create(
        actor=None,
        rows=[{"cadre": cadre, "relation": "spouse", "name": "王芳", "citizen_id": relative_id}],
    )
    waiting.refresh_from_db()
    assert waiting.relative == relative


# --- the command ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_command_loads_once_and_if_empty_keeps_the_data():
    from jiandu.accounts.models import User
    from jiandu.audit.models import Event
    from jiandu.org.models import Cadre, Unit

    out = io.StringIO()
    call_command("demo", "--cadres", str(SMALL), "--seed", "3", stdout=out)
    text = out.getvalue()
    password = os.environ.get("JIANDU_DEMO_PASSWORD") or "jiandu-demo-2026"
    assert "演示数据已生成" in text and password in text
    assert "zhenjiwei1" in text and "http://127.0.0.1:8000/" in text
    before = (
        Unit.objects.count(),
        Cadre.objects.count(),
        User.objects.count(),
        Event.objects.count(),
    )
    roles = [
        "leader",
        "anguan",
        "xinfang",
        "jianchashi1",
        "paizhu1",
        "zhenjiwei1",
        "shenli",
        "xuncha",
        "admin",
    ]
    assert before[1] == SMALL
    assert User.objects.filter(username__in=roles).count() == 9  # one login per role (+ handlers)

    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    after = (
        Unit.objects.count(),
        Cadre.objects.count(),
        User.objects.count(),
        Event.objects.count(),
    )
    assert after == before
    assert "已有数据" in out.getvalue() and "leader" in out.getvalue()

    with pytest.raises(CommandError):
        call_command("demo", "--cadres", str(SMALL), stdout=io.StringIO())
    assert Cadre.objects.count() == SMALL
