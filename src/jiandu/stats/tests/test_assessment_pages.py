"""The assessment pages under the generic page contract (CONVENTIONS 11)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from jiandu.core.testing import Page, PageContract
from jiandu.stats import assessment as A
from jiandu.stats import periods as P
from jiandu.stats.assessment_services import assessment_publish
from jiandu.stats.models import AssessmentScheme


@pytest.fixture
def ctx(county, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 20))
    leader = county.users["leader"]
    result = A.assessment_compute(
        user=leader, root=county.units["commission"], period=P.parse("2026-01..10")
    )
    return {
        "county": county,
        "scheme": AssessmentScheme.objects.get(year=2026),
        "pub": assessment_publish(actor=leader, assessment=result),
    }


@pytest.fixture
def users(county):
    return county.users


INDICATOR = {
    "order": "60",
    "key": "directives_on_time",
    "label": "督办按期完成率",
    "kind": "linear",
    "formula": "100 * clues.received[source=audit] / clues.received",
    "measure": "%",
    "weight": "15",
    "floor": "60",
    "target": "100",
    "step": "",
    "when_empty": "full",
    "explanation": "",
}


class TestAssessmentPages(PageContract):
    pages = [
        Page(
            "stats:assessment",
            allowed="leader",
            forbidden="admin",
            export={"export": "xlsx"},
            max_queries=40,
        ),
        Page(
            "stats:assessment",
            id="stats:assessment (resident team)",
            allowed="resident_team",
            max_queries=40,
        ),
        Page(
            "stats:assessment_unit",
            args=lambda ctx: (ctx["county"].units["team1"].pk,),
            allowed="leader",
            forbidden="admin",
            hidden=lambda ctx: (ctx["county"].units["team2"].pk,),
            viewer="resident_team",
            max_queries=40,
        ),
        Page(
            "stats:assessment_publish",
            get=False,
            allowed="leader",
            forbidden="supervision_office",
            data=lambda ctx: {"period": "2026-01..10"},
            audit="stats.publication.create",
        ),
        Page(
            "stats:assessment_publication",
            args=lambda ctx: (ctx["pub"].pk,),
            allowed="leader",
            forbidden="admin",
            hidden=lambda ctx: (ctx["pub"].pk,),
            viewer="resident_team",
            max_queries=25,
            data=lambda ctx: {},
            audit="stats.publication.issue",
        ),
        Page(
            "stats:assessment_scheme", allowed="case_management", forbidden="admin", max_queries=20
        ),
        Page(
            "stats:assessment_scheme_copy",
            args=lambda ctx: (ctx["scheme"].pk,),
            get=False,
            allowed="case_management",
            forbidden="supervision_office",
            data=lambda ctx: {"year": "2027"},
            audit="stats.assessment.scheme_copy",
        ),
        Page(
            "stats:assessment_indicator",
            args=lambda ctx: (ctx["scheme"].pk, "directives_on_time"),
            allowed="case_management",
            forbidden="supervision_office",
            data=lambda ctx: INDICATOR,
            audit="stats.assessment.indicator_save",
            max_queries=20,
        ),
    ]
