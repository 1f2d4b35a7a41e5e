"""Zero-filing and uneven-progress warnings (``stats.warnings``) on the workbench of
委领导 and 案管室: with the figures behind them, a link to the records, the dated
thresholds, and nobody else sees them."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from jiandu.core import figures
from jiandu.core.models import PolicyValue
from jiandu.core.workbench import items_for
from jiandu.stats.tests import dash_kit as kit
from jiandu.stats.warnings import unit_warnings

pytestmark = pytest.mark.django_db


def _freeze(monkeypatch, today):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today)


@pytest.fixture
def nov(monkeypatch):
    _freeze(monkeypatch, date(2026, 11, 20))


@pytest.fixture
def filed(monkeypatch):
    """``cases.filed`` as registered, or its stand-in until the cases app registers it."""
    kit.install(monkeypatch, force=False, keys={"cases.filed"})


def _stats_items(user):
    return [i for i in items_for(user) if i.module == "统计预警"]


def test_a_zero_filing_township_commission_is_warned_until_it_files(county, nov, filed, client):
    leader = county.users["leader"]
    labels = [i.label for i in _stats_items(leader)]
    assert "东镇纪委：2026年自办立案0件（零立案）" in labels
    assert "派驻第一纪检监察组：2026年自办立案0件（零立案）" in labels
    assert not any("纪检监察室" in x for x in labels)  # offices are not watched
    # the link opens the (empty) case ledger of exactly that unit's 自办 cases this year
    item = next(i for i in _stats_items(leader) if i.label.startswith("东镇纪委"))
    client.force_login(leader)
    page = client.get(item.url).content.decode()
    assert re.search(r'data-testid="figure-drill-count">0<', page)
    assert f"fig_unit={county.units['town_a_commission'].pk}" in item.url
    # shown on the workbench page
    page = client.get(reverse("core:workbench")).content.decode()
    assert "东镇纪委：2026年自办立案0件（零立案）" in page

    kit.case(county, date(2026, 3, 2), unit="town_a_commission")
    labels = [i.label for i in _stats_items(leader)]
    assert not any(x.startswith("东镇纪委") for x in labels)
    assert "西镇纪委：2026年自办立案0件（零立案）" in labels
    # the case management office sees the same; last year's case would not have counted
    assert [i.label for i in _stats_items(county.users["case_management"])] == labels


def test_last_years_case_does_not_count(county, monkeypatch, filed):
    _freeze(monkeypatch, date(2025, 12, 1))
    kit.case(county, date(2025, 6, 2), unit="town_a_commission")
    _freeze(monkeypatch, date(2026, 2, 1))
    labels = [i.label for i in _stats_items(county.users["leader"])]
    assert "东镇纪委：2026年自办立案0件（零立案）" in labels


def test_the_threshold_applies_from_its_date(county, monkeypatch, filed):
    _freeze(monkeypatch, date(2026, 3, 1))
    kit.case(county, date(2026, 3, 1), unit="town_a_commission")
    PolicyValue.objects.create(
        key="stats.filing_min.township_commission",
        value=2,
        unit="件",
        valid_from=date(2026, 7, 1),
        label="镇（街道）纪（工）委年度自办立案不少于",
    )
    leader = county.users["leader"]
    _freeze(monkeypatch, date(2026, 6, 30))
    assert not any(i.label.startswith("东镇纪委") for i in _stats_items(leader))
    _freeze(monkeypatch, date(2026, 7, 1))
    (w,) = [w for w in unit_warnings(user=leader, on=date(2026, 7, 1)) if w.unit == "东镇纪委"]
    assert (w.label, w.value, w.threshold) == ("东镇纪委：2026年自办立案1件（低于2件）", 1, 2)
    assert any(i.label == w.label for i in _stats_items(leader))
    # the resident teams keep their own threshold (1)
    team = [i.label for i in _stats_items(leader) if i.label.startswith("派驻第一")]
    assert team == ["派驻第一纪检监察组：2026年自办立案0件（零立案）"]


@pytest.mark.parametrize(
    "role",
    ["resident_team", "township_commission", "supervision_office", "petition", "review", "admin"],
)
def test_other_roles_do_not_see_the_warnings(county, nov, filed, role):
    assert _stats_items(county.users[role]) == []
    assert unit_warnings(user=county.users[role], on=date(2026, 11, 20)) == []


def test_an_on_time_rate_below_its_threshold_is_warned(county, nov, monkeypatch):
    kit.install(monkeypatch, keys={"clues.disposition_due", "clues.disposition_on_time"})
    for key in ("inspections.items_due", "directives.tasks_due"):  # not part of this test
        monkeypatch.delitem(figures.REGISTRY, key, raising=False)
    kit.shelve(county, kit.clue(county, date(2026, 3, 1), "team1"), "team1")
    kit.clue(county, date(2026, 4, 1), "team1")
    leader = county.users["leader"]
    (w,) = [w for w in unit_warnings(user=leader, on=date(2026, 11, 20)) if w.kind == "on_time"]
    assert w.label == "派驻第一纪检监察组：线索按期处置率50.0%（1/2），低于90%"
    assert (w.numerator, w.denominator, w.threshold) == (1, 2, 90)
    assert "fig=clues.disposition_due" in w.url
    PolicyValue.objects.create(
        key="stats.on_time_min.clues", value=50, unit="%", valid_from=date(2026, 11, 1), label="x"
    )
    assert not [w for w in unit_warnings(user=leader, on=date(2026, 11, 20)) if w.kind == "on_time"]
    assert [w for w in unit_warnings(user=leader, on=date(2026, 10, 31)) if w.kind == "on_time"]
