"""The demo county's reports and clues: deterministic specs, realistic shapes, and a load
through the register's helpers and the clue services that leaves every clue state,
overdue deadlines, repeat subjects, confirmed duplicates, encrypted reporter identities
and an intact audit chain."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from importlib import import_module

import pytest
from django.utils import timezone

from jiandu.clues.models import ClueStatus
from jiandu.core.validators import is_valid_citizen_id
from jiandu.devtools.demo import clues as clues_demo
from jiandu.devtools.demo import intake as demo
from jiandu.devtools.demo import org as org_demo

TODAY = timezone.localdate()
CADRES, REPORTS, CLUES = 300, 300, 80
# Every clue state but 已立案: the cases demo (jiandu.devtools.demo.cases) files the 拟立案 clues.
CLUE_DEMO_STATES = set(ClueStatus.values) - {ClueStatus.CASE_FILED}
PASSWORD = "demo-pw-for-tests"
CATEGORY_CODES = {
    code
    for _, rows in import_module("jiandu.intake.migrations.0002_seed_categories").ROWS
    for code, _ in rows
}


@pytest.fixture(scope="module")
def county() -> org_demo.CountySpec:
    return org_demo.generate(seed=2026, cadres=CADRES, today=TODAY)


@pytest.fixture(scope="module")
def roster(county) -> demo.Roster:
    return demo.roster_from_spec(county)


@pytest.fixture(scope="module")
def reports(roster) -> demo.IntakeSpec:
    return demo.generate(seed=2026, roster=roster, today=TODAY, reports=REPORTS)


@pytest.fixture(scope="module")
def clues(roster, reports) -> clues_demo.CluesSpec:
    refs = clues_demo.report_refs_from_spec(reports)
    return clues_demo.generate(seed=2026, roster=roster, reports=refs, today=TODAY, clues=CLUES)


# --- the pure generators ---------------------------------------------------------------------


def test_the_specs_are_pure_functions_of_their_arguments(roster, reports, clues):
    assert demo.generate(seed=2026, roster=roster, today=TODAY, reports=REPORTS) == reports
    refs = clues_demo.report_refs_from_spec(reports)
    again = clues_demo.generate(seed=2026, roster=roster, reports=refs, today=TODAY, clues=CLUES)
    assert again == clues
    other = demo.generate(seed=7, roster=roster, today=TODAY, reports=REPORTS)
    assert [r.content for r in other.reports] != [r.content for r in reports.reports]


def _digest(*specs) -> str:
    return hashlib.sha256(repr(specs).encode()).hexdigest()


def test_the_specs_do_not_depend_on_string_hashing(reports, clues):
    """Set iteration order changes with PYTHONHASHSEED; the register must not."""
    code = (
        "import django, datetime, hashlib; django.setup();"
        "from jiandu.devtools.demo import org as o; from jiandu.devtools.demo import intake as i;"
        "from jiandu.devtools.demo import clues as c;"
        f"t = datetime.date.fromisoformat('{TODAY}');"
        f"r = i.roster_from_spec(o.generate(seed=2026, cadres={CADRES}, today=t));"
        f"s = i.generate(seed=2026, roster=r, today=t, reports={REPORTS});"
        "k = c.generate(seed=2026, roster=r, reports=c.report_refs_from_spec(s), today=t,"
        f" clues={CLUES});"
        "print(hashlib.sha256(repr((s, k)).encode()).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "7", "DJANGO_SETTINGS_MODULE": "jiandu.settings"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == _digest(reports, clues)


def test_reports_look_like_a_county_register(reports):
    rows = reports.reports
    assert len(rows) == REPORTS
    assert [r.key for r in rows] == list(range(REPORTS))
    assert all(80 <= len(r.content) <= 400 for r in rows)
    start = TODAY - timedelta(days=int(demo.YEARS * 365.25))
    assert all(start <= r.received_at.date() < TODAY for r in rows)
    assert rows == tuple(sorted(rows, key=lambda r: r.received_at))
    channels = Counter(r.channel for r in rows)
    assert {"letter", "visit", "call", "online"} <= set(channels)
    assert channels["online"] + channels["letter"] > REPORTS / 3
    named = sum(r.is_named for r in rows) / REPORTS
    assert 0.3 < named < 0.5
    ids = [r.reporter.id_number for r in rows if r.reporter and r.reporter.id_number]
    assert ids and all(is_valid_citizen_id(i) for i in ids)
    with_cadre = sum(1 for r in rows if r.subjects and r.subjects[0].cadre)
    assert with_cadre > REPORTS * 0.7  # mostly cadres of the register …
    assert any(r.subjects and not r.subjects[0].cadre for r in rows)  # … not only
    # The subject's name is in the text, with their unit.
    for r in rows:
        for s in r.subjects[:1]:
            if s.cadre:
                assert s.name in r.content
    assert {r.status for r in rows} >= {"submitted", "registered", "accepted", "closed"}
    portal = [r for r in rows if r.status == "submitted"]
    assert all(r.from_portal and r.received_at.date() >= TODAY - timedelta(days=7) for r in portal)
    categories = {c for r in rows for c in r.categories}
    assert categories and categories <= CATEGORY_CODES


def test_about_a_tenth_are_the_same_matter_reported_again(reports):
    rows = reports.reports
    dups = [r for r in rows if r.duplicate_of is not None]
    assert 0.07 * REPORTS <= len(dups) <= 0.12 * REPORTS
    for dup in dups:
        original = rows[dup.duplicate_of]
        assert original.duplicate_of is None and original.received_at < dup.received_at
        assert dup.subjects == original.subjects and dup.content != original.content
    confirmed = sum(d.duplicate_confirmed for d in dups)
    assert 0.3 * len(dups) <= confirmed <= 0.7 * len(dups)


def test_clue_steps_are_dated_in_order_between_receipt_and_today(clues):
    assert abs(len(clues.clues) - CLUES) <= 3
    for clue in clues.clues:
        dates = [s.on for s in clue.steps]
        assert dates == sorted(dates)
        assert all(clue.received_on <= d <= TODAY for d in dates), clue
    states = Counter(c.state for c in clues.clues)
    assert set(states) == CLUE_DEMO_STATES
    assert states["closed"] > CLUES / 4


# --- the load -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The small county loaded once for the module's tests, rolled back afterwards."""
    from django.db import transaction

    from jiandu.devtools.demo import accounts as accounts_demo

    with django_db_blocker.unblock(), transaction.atomic():
        org_demo.load(seed=2026, cadres=CADRES, today=TODAY)
        accounts_demo.load(password=PASSWORD)
        counts = demo.load(seed=2026, reports=REPORTS, today=TODAY)
        counts |= clues_demo.load(seed=2026, password=PASSWORD, clues=CLUES, today=TODAY)
        yield counts
        transaction.set_rollback(True)
    # The duplicate index and the subject matcher cache rows that no longer exist.
    from jiandu.intake import matching, similarity

    similarity.reset_index()
    matching.reset_register()


@pytest.mark.django_db
def test_the_roster_read_back_is_the_roster_of_the_spec(loaded, roster):
    assert demo.roster_from_db() == roster


@pytest.mark.django_db
def test_load_writes_reports_and_drives_every_clue_state(loaded):
    from jiandu.audit.models import Event
    from jiandu.audit.services import chain_verify
    from jiandu.clues.models import Clue, ClueDeadline
    from jiandu.intake.models import DuplicateSuggestion, Report

    assert loaded["reports"] == REPORTS == Report.objects.count()
    assert Clue.objects.count() == loaded["clues"] >= CLUES - 3
    statuses = set(Clue.objects.values_list("status", flat=True))
    assert statuses == CLUE_DEMO_STATES
    # Clues from reports link them; transfers carry none.
    assert Clue.objects.filter(source="report", reports__isnull=False).exists()
    assert Clue.objects.exclude(source="report").filter(reports__isnull=True).exists()
    # Some time limits are past and not met.
    overdue = ClueDeadline.objects.filter(met_on__isnull=True, due_on__lt=TODAY)
    assert overdue.exists()
    # Old clues were closed on their own dates, not on the day the demo was loaded.
    old = Clue.objects.filter(status="closed", received_on__lt=TODAY - timedelta(days=120))
    assert old.exists() and not old.filter(closed_on=TODAY).exists()
    # Some cadres have a history of clues.
    per_cadre = Counter(
        Clue.objects.exclude(subject_cadre=None).values_list("subject_cadre", flat=True)
    )
    assert max(per_cadre.values()) >= 2
    # Confirmed duplicates point at the first report of their matter.
    dups = Report.objects.filter(duplicate_of__isnull=False)
    assert dups.exists()
    assert DuplicateSuggestion.objects.filter(status="confirmed").count() == dups.count()
    assert all(d.duplicate_of.received_at < d.received_at for d in dups)
    # None became a clue of its own; those whose first report became one go with it.
    from jiandu.clues.models import ClueDuplicateReport

    assert not Clue.objects.filter(reports__in=dups).exists()
    attached = ClueDuplicateReport.objects.select_related("original", "clue")
    assert attached.exists()
    assert all(link.clue.reports.filter(pk=link.original_id).exists() for link in attached)
    assert all(link.attached_at >= link.report.received_at for link in attached)
    # Every step is in the audit chain, which is intact.
    assert Event.objects.filter(action="intake.report.bulk_create").exists()
    assert Event.objects.filter(action="clues.clue.approve_disposition").exists()
    assert chain_verify().ok


@pytest.mark.django_db
def test_named_reporters_are_stored_encrypted(loaded):
    from jiandu.accounts.models import User
    from jiandu.intake.models import Report
    from jiandu.intake.services import reporter_identity_read

    named = list(Report.objects.filter(is_named=True))
    assert named
    assert all(r.reporter_identity.startswith("v1:") for r in named)
    clerk = User.objects.get(username="xinfang")
    identity = reporter_identity_read(user=clerk, report=named[0])
    assert identity["name"] and identity["name"] not in named[0].reporter_identity
    assert not Report.objects.filter(is_named=False).exclude(reporter_identity="").exists()


@pytest.mark.django_db
def test_handling_units_have_demo_accounts(loaded):
    from jiandu.accounts.models import User
    from jiandu.clues.models import Clue

    user = User.objects.get(username="zhenjiwei12")
    assert user.check_password(PASSWORD) and user.unit.code == org_demo.TOWNSHIP_COMMISSIONS[11]
    handled = Clue.objects.exclude(handling_unit=None).values_list("handling_unit", flat=True)
    assert len(set(handled)) > 5
