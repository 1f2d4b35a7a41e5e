"""Migration 0011 fills the statistics' dated fields of clues registered before it from
what the register kept (approvals, time limits, audit events): the same values the
services write now."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from jiandu.clues.models import Clue
from jiandu.stats.tests.data_reports_clues import Clock, build_clues, clues_later

pytestmark = pytest.mark.django_db

FIELDS = ("disposed_on", "disposed_method", "shelved_on", "verified_on", "filed_on")


def test_backfill_gives_what_the_services_write(county, monkeypatch):
    clock = Clock(monkeypatch)
    c = build_clues(county, clock)
    clues_later(county, clock, c)
    written = {row["pk"]: row for row in Clue.objects.values("pk", *FIELDS)}
    assert sum(1 for row in written.values() if row["filed_on"]) == 1
    assert sum(1 for row in written.values() if row["disposed_method"]) == 6
    Clue.objects.update(
        disposed_on=None, disposed_method="", shelved_on=None, verified_on=None, filed_on=None
    )
    migration = importlib.import_module("jiandu.clues.migrations.0011_stats_outcome_dates")
    migration.backfill(apps, None)
    assert {row["pk"]: row for row in Clue.objects.values("pk", *FIELDS)} == written
