"""Fixtures of the integrity tests: decided cases, clue-stage measures, inquiries,
reports, findings and hits about the test county's cadres, all made through the
modules' own services (a cross-check hit is stored as the engine stores it)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from jiandu.accounts.models import User


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Case documents are written under a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def staff(county):
    """The county plus a second leader (a proposer never approves their own proposal)."""
    county.users["leader2"] = User.objects.create_user(
        username="t_leader2", password="pw-12345678", role="leader", unit=county.units["commission"]
    )
    return county


@pytest.fixture
def today_is(monkeypatch):
    """Freeze "today" (``timezone.localdate()`` without an argument) at a given date,
    and "now" (``timezone.now()``, which stamps audit events) at 10:00 that day."""
    real = timezone.localdate

    def freeze(day: date) -> None:
        moment = timezone.make_aware(datetime.combine(day, time(10)))

        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return freeze


HANDLERS = {
    # cadre key → (handler user key, lead unit key): the body that supervises the unit.
    "edu_head": ("resident_team", "team1"),
    "teacher": ("resident_team", "team1"),
    "town_a_head": ("township_commission", "town_a_commission"),
    "village_head": ("township_commission", "town_a_commission"),
}


@pytest.fixture
def decided(staff, today_is):
    """``decided(cadre_key, on, measures, gov_count=1, gov_months=None)``: a case on the
    cadre opened, filed, investigated, reviewed and decided on ``on`` through the case
    services (documents signed as each stage needs). Returns the ``Decision``."""
    from jiandu.cases import services
    from jiandu.cases.tests.conftest import sign

    u = staff.users

    def make(cadre_key, on, measures, *, gov_count=1, gov_months=None, title="违纪违法案"):
        handler_key, lead = HANDLERS[cadre_key]
        today_is(on)
        handler, reviewer = u[handler_key], u["review"]
        case = services.case_open(
            actor=handler,
            kind="person",
            title=f"{staff.cadres[cadre_key].name}{title}",
            summary="收受管理服务对象礼金，违规插手工程项目。",
            proposed_on=on,
            lead_unit=staff.units[lead],
            people=[services.PersonInput(cadre=staff.cadres[cadre_key])],
            category_codes=["integrity"],
        )
        services.case_decide_filing(actor=u["leader"], case=case, approve=True, on=on)
        person = case.people.get()
        sign(case, "filing_decision", handler, person)
        services.case_start_investigation(actor=handler, person=person, on=on)
        sign(case, "investigation_report", handler, person)
        services.case_refer_review(actor=handler, person=person, on=on)
        services.case_accept_review(actor=reviewer, person=person, on=on)
        sign(case, "review_report", reviewer, person)
        return services.case_decide(
            actor=reviewer,
            person=person,
            on=on,
            measures=measures,
            gov_count=gov_count,
            gov_months=gov_months,
        )

    return make


@pytest.fixture
def clue_on(staff, today_is):
    """``clue_on(cadre_key, on)``: a clue about the cadre received on ``on``, routed to
    and accepted by the body that supervises the cadre's unit (today frozen at ``on``)."""
    from jiandu.clues import services

    u = staff.users

    def make(cadre_key, on, *, handler_unit="team1", handler="resident_team"):
        today_is(on)
        clue = services.clue_create(
            actor=u["case_management"],
            source="report",
            summary="反映其违规收受礼金、在工程项目中为他人谋利。",
            received_on=on,
            subject_cadre=staff.cadres[cadre_key],
            category_codes=["integrity", "hd_gifts"],
        )
        services.clue_propose_routing(
            actor=u["case_management"], clue=clue, unit=staff.units[handler_unit]
        )
        services.clue_decide_routing(actor=u["leader"], clue=clue, approve=True)
        services.clue_accept(actor=u[handler], clue=clue)
        clue.refresh_from_db()
        return clue

    return make


@pytest.fixture
def inquiry(staff, today_is):
    """``inquiry(clue, on, replied_on, concluded_on, outcome, measure_kind="")``: a letter
    (函询) about the clue: sent on ``on``, answered on ``replied_on``, concluded on
    ``concluded_on`` with ``outcome`` (and the first-form measure)."""
    from jiandu.clues import services

    u = staff.users

    def make(clue, on, replied_on, concluded_on, outcome="close", measure_kind="", **kw):
        handler = u[kw.pop("handler", "resident_team")]
        today_is(on)
        services.clue_propose_disposition(
            actor=handler,
            clue=clue,
            disposition="inquiry",
            reason="需要函询",
            inquiry_mode="letter",
        )
        services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
        services.clue_inquiry_start(actor=handler, clue=clue, on=on)
        today_is(replied_on)
        services.clue_inquiry_reply(actor=handler, clue=clue, on=replied_on)
        today_is(concluded_on)
        services.clue_inquiry_conclude(
            actor=handler,
            clue=clue,
            outcome=outcome,
            reason=kw.pop("reason", "本人如实说明了情况，所反映问题基本不属实。"),
            finding=kw.pop("finding", "partly_true"),
            measure_kind=measure_kind,
        )
        clue.refresh_from_db()
        return clue

    return make


@pytest.fixture
def report_about(staff, today_is):
    """``report_about(cadre_key, on, categories)``: a report registered by the petition
    office naming the cadre (confirmed), received on ``on``."""
    from jiandu.intake import services

    def make(cadre_key, on, categories=("integrity",), *, reporter="举报人甲"):
        cadre = staff.cadres[cadre_key]
        today_is(on)
        return services.report_register(
            actor=staff.users["petition"],
            channel="letter",
            received_at=timezone.make_aware(datetime.combine(on, time(10))),
            content="反映其收受礼金、违规吃喝。",
            is_named=True,
            reporter={"name": reporter, "phone": "13800000000"},
            subjects=[{"name": cadre.name, "cadre_id": cadre.pk}],
            category_codes=list(categories),
        )

    return make


@pytest.fixture
def hit_about(staff):
    """``hit_about(cadre_key, status="confirmed", unit_key=None)``: a cross-check hit as
    the engine stores it, matched to the cadre and their unit."""
    from jiandu.crosscheck.models import Hit, Run

    run = None

    def make(cadre_key, status="confirmed", *, unit_key="dept_edu", summary="本人领取低保"):
        nonlocal run
        run = run or Run.objects.create(status="succeeded")
        cadre = staff.cadres[cadre_key]
        return Hit.objects.create(
            rule_code="R01",
            rule_version="1",
            identity=f"{cadre.pk}-{Hit.objects.count()}",
            severity="high",
            summary=summary,
            subject_name=cadre.name,
            subject_citizen_id=cadre.citizen_id,
            subject_cadre=cadre,
            subject_unit=staff.units[unit_key],
            first_run=run,
            last_run=run,
            status=status,
            decided_at=timezone.now() if status != "new" else None,
        )

    return make
