"""Everything that names a figure by its key (the seeded assessment schemes, the seeded
bulletin templates, the dashboard, the warnings) names one that is registered: a figure
renamed in a domain app fails here, not as a silent zero on a leader's page."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from jiandu.core import figures
from jiandu.stats import formula
from jiandu.stats.dashboard import dashboard_data
from jiandu.stats.models import AssessmentScheme, BulletinTemplate

pytestmark = pytest.mark.django_db


def test_seeded_schemes_name_registered_figures():
    schemes = list(AssessmentScheme.objects.prefetch_related("indicators"))
    assert schemes
    for scheme in schemes:
        for ind in scheme.indicators.all():
            formula.check(ind.formula)  # raises on an unknown figure or breakdown value


def test_seeded_bulletin_templates_are_valid():
    templates = list(BulletinTemplate.objects.all())
    assert templates
    for t in templates:
        t.clean()  # raises on an unknown placeholder or table


def test_the_dashboard_misses_no_figure(county, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 20))
    data = dashboard_data(user=county.users["leader"], year=2026)
    assert data["missing"] == []


def test_the_warnings_count_registered_figures():
    from jiandu.stats import warnings

    keys = {key for rate in warnings.ON_TIME for key in rate[:2]}
    assert keys and keys <= set(figures.REGISTRY), keys - set(figures.REGISTRY)
    assert "self" in dict(figures.get("cases.filed").by["kind"].options())
