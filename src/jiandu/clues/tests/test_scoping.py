"""Every role sees exactly its share of the clue and report registers; anything else is
"not found", the same answer as for a missing record."""

import pytest
from django.utils import timezone

from jiandu.clues import selectors as clue_selectors
from jiandu.clues import services
from jiandu.clues.models import Clue
from jiandu.core.errors import NotFound
from jiandu.intake import selectors as report_selectors
from jiandu.intake import services as intake
from jiandu.intake.models import Report

pytestmark = pytest.mark.django_db

CLUES = {
    "leader": {"edu", "town_b", "fin"},
    "case_management": {"edu", "town_b", "fin"},
    "supervision_office": {"edu"},  # guides team 1 (education) and the east town only
    "resident_team": {"edu"},
    "township_commission": set(),  # the east town has no clue here
    "petition": set(),
    "review": set(),
    "inspection": set(),
    "admin": set(),
}
REPORTS = {
    "leader": {"edu", "town_b"},
    "case_management": {"edu", "town_b"},
    "petition": {"edu", "town_b"},
    "supervision_office": {"edu"},
    "resident_team": {"edu"},
    "township_commission": set(),
    "review": set(),
    "inspection": set(),
    "admin": set(),
}


@pytest.fixture
def registers(people):
    u, c = people.users, people.cadres
    make = {
        "actor": u["case_management"],
        "source": "audit",
        "summary": "审计发现问题",
        "received_on": timezone.localdate(),
    }
    edu = services.clue_create(subject_cadre=c["edu_head"], **make)
    services.clue_propose_routing(actor=u["case_management"], clue=edu, unit=people.units["team1"])
    services.clue_decide_routing(actor=u["leader"], clue=edu, approve=True)
    town_b = services.clue_create(subject_cadre=c["town_b_head"], **make)
    services.clue_propose_routing(
        actor=u["case_management"], clue=town_b, unit=people.units["town_b_commission"]
    )
    services.clue_decide_routing(actor=u["leader"], clue=town_b, approve=True)
    fin = services.clue_create(subject_cadre=c["fin_head"], **make)  # not routed yet
    clues = {"edu": edu, "town_b": town_b, "fin": fin}
    reports = {}
    for key, cadre in (("edu", c["edu_head"]), ("town_b", c["town_b_head"])):
        report = intake.report_register(
            actor=u["petition"],
            channel="letter",
            received_at=timezone.now(),
            content=f"反映{cadre.name}违规收受礼金的问题。",
            subjects=[{"name": cadre.name}],
        )
        intake.subject_confirm(actor=u["petition"], subject=report.subjects.get(), cadre=cadre)
        reports[key] = report
    return people, clues, reports


@pytest.mark.parametrize("role", sorted(CLUES))
def test_clue_register_scope(registers, role):
    people, clues, _ = registers
    user = people.users[role]
    seen = set(Clue.objects.visible_to(user).values_list("pk", flat=True))
    assert seen == {clues[k].pk for k in CLUES[role]}
    for key, clue in clues.items():
        if key not in CLUES[role]:
            with pytest.raises(NotFound):
                clue_selectors.clue_get_for(user=user, pk=clue.pk)


@pytest.mark.parametrize("role", sorted(REPORTS))
def test_report_register_scope(registers, role):
    people, _, reports = registers
    user = people.users[role]
    seen = set(Report.objects.visible_to(user).values_list("pk", flat=True))
    assert seen == {reports[k].pk for k in REPORTS[role]}
    for key, report in reports.items():
        if key not in REPORTS[role]:
            with pytest.raises(NotFound):
                report_selectors.report_get_for(user=user, pk=report.pk)
