"""Fixtures of the core tests: a county with a few objects of every kind."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def world(county):
    """Objects of each kind a relation points to, some of them outside resident team 1's
    scope: a clue, a report and a case of resident team 2's."""
    from jiandu.cases import services as cases
    from jiandu.clues import services as clues
    from jiandu.intake import services as intake

    u, c = county.users, county.cadres
    team2 = type(u["resident_team"]).objects.create_user(
        username="t_team2", password="pw-12345678", role="resident_team", unit=county.units["team2"]
    )
    county.users["team2"] = team2
    today = timezone.localdate()
    common = {"kind": "person", "summary": "收受礼金", "proposed_on": today}
    own = cases.case_open(
        actor=u["resident_team"],
        title="本组案件",
        lead_unit=county.units["team1"],
        people=[cases.PersonInput(cadre=c["edu_head"])],
        **common,
    )
    other = cases.case_open(
        actor=team2,
        title="第二组案件",
        lead_unit=county.units["team2"],
        people=[cases.PersonInput(cadre=c["fin_head"])],
        **common,
    )
    clues.clue_create(
        actor=u["case_management"],
        source="report",
        summary="反映其违规收受礼金。",
        received_on=today,
        subject_cadre=c["fin_head"],
    )
    intake.report_register(
        actor=u["petition"],
        channel="letter",
        received_at=timezone.make_aware(datetime.combine(today, datetime.min.time())),
        content="反映财政局局长违规收受礼金。",
        subjects=[{"name": "王强", "unit_text": "测试县财政局"}],
    )
    from jiandu.directives import services as directives
    from jiandu.directives.tests.test_parser_seeds import WORK_PLAN

    document = directives.document_upload(
        actor=u["leader"], document_date=today, kind="plan", text=WORK_PLAN
    )
    directives.document_publish(actor=u["leader"], document=document)
    return {"county": county, "own_case": own, "other_case": other}
