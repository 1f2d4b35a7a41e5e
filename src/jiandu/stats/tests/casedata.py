"""A small fixed history of cases, decisions and a clue-stage first-form measure, built
through the services, for the case and sanction tables' tests (all in 2026; today is
frozen at 2026-11-20, moved back while a clue is concluded on its own day)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jiandu.cases import services
from jiandu.cases.services import PersonInput
from jiandu.cases.tests.conftest import sign
from jiandu.clues import services as clue_services

TODAY = date(2026, 11, 20)


class Clock:
    def __init__(self, monkeypatch):
        from django.utils import timezone

        self.today = TODAY
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: self.today)


def _open(
    county, *, on, cadre="", person=None, co_units=(), designated=False, codes=("integrity",)
):
    u = county.users
    case = services.case_open(
        actor=u["resident_team"],
        kind="person",
        title="涉嫌违纪违法案",
        summary="收受管理服务对象礼金。",
        proposed_on=on,
        lead_unit=county.units["team1"],
        people=[person or PersonInput(cadre=county.cadres[cadre])],
        category_codes=list(codes),
        co_units=list(co_units),
        designated=designated,
    )
    services.case_decide_filing(actor=u["leader"], case=case, approve=True, on=on)
    case.refresh_from_db()
    return case, case.people.get()


def _to_review(county, person, on):
    u = county.users
    handler, reviewer = u["resident_team"], u["review"]
    case = person.case
    sign(case, "filing_decision", handler, person)
    services.case_start_investigation(actor=handler, person=person, on=on)
    sign(case, "investigation_report", handler, person)
    services.case_refer_review(actor=handler, person=person, on=on)
    services.case_accept_review(actor=reviewer, person=person, on=on)
    sign(case, "review_report", reviewer, person)
    person.refresh_from_db()
    return person


def _decide(county, person, on, measures, recovered=None):
    return services.case_decide(
        actor=county.users["review"],
        person=person,
        on=on,
        measures=list(measures),
        amount_recovered=recovered,
    )


def _close(county, person, on, recovered=None):
    u = county.users
    handler = u["resident_team"]
    person.refresh_from_db()
    for kind in ("party_sanction_decision", "gov_sanction_decision"):
        sign(person.case, kind, handler, person)
    services.case_serve(actor=handler, person=person, on=on)
    sign(person.case, "execution_report", handler, person)
    services.case_close(actor=handler, person=person, on=on, amount_recovered=recovered)


def build(county, clock):
    """The history (every figure in the tests' comments follows from it):

    A  张伟 (edu_head, 乡科级), team1 自办, filed 2026-02-10, 廉洁纪律;
       decided 2026-05-10: 严重警告 + 记过 (form 2; a party and a government sanction in one
       decision), ¥10,000 recovered that day; closed 2026-06-20.
    B  张伟 again, team1 自办, filed 2026-06-01; decided 2026-09-01: 诫勉 (form 1).
    C  赵刚 (a name on the register of the school, 县处级), team1 with team2 (联合办案),
       filed 2026-03-01, 廉洁纪律 and 工作纪律; 留置 from 2026-03-05; referred to the procuratorate
       2026-07-01; decided 2026-08-01: 开除党籍 + 开除 (+ 移送检察机关: form 4),
       ¥50,000 recovered.
    D  李娜 (teacher, 一般干部, not a Party member), team1 指定管辖, filed 2025-12-20 (last
       year); decided 2026-10-09: 政务警告 + 调整职务 (form 2; no party sanction).
    E  clue on 陈静 (town_b_head) routed to team1, concluded 2026-06-15 with 谈话提醒 (the
       clue-stage first form).
    """
    u = county.users
    a_case, a = _open(county, on=date(2026, 2, 10), cadre="edu_head")
    a = _to_review(county, a, date(2026, 4, 1))
    _decide(county, a, date(2026, 5, 10), ["party_serious_warning", "gov_demerit"], Decimal(10000))
    _close(county, a, date(2026, 6, 20))

    b_case, b = _open(county, on=date(2026, 6, 1), cadre="edu_head")
    b = _to_review(county, b, date(2026, 7, 1))
    _decide(county, b, date(2026, 9, 1), ["first_admonition"])

    c_case, c = _open(
        county,
        on=date(2026, 3, 1),
        person=PersonInput(
            name="赵刚", unit=county.units["school"], rank="county", is_party_member=True
        ),
        co_units=[county.units["team2"]],
        codes=("integrity", "work"),
    )
    sign(c_case, "detention_decision", u["resident_team"], c)
    services.case_propose(actor=u["resident_team"], case=c_case, step="detention", person=c)
    services.detention_start(actor=u["leader"], person=c, on=date(2026, 3, 5))
    c = _to_review(county, c, date(2026, 4, 1))
    sign(c_case, "prosecution_opinion", u["review"], c)
    services.case_refer_prosecution(actor=u["review"], person=c, on=date(2026, 7, 1))
    c.refresh_from_db()
    _decide(county, c, date(2026, 8, 1), ["party_expulsion", "gov_expulsion"], Decimal(50000))

    d_case, d = _open(county, on=date(2025, 12, 20), cadre="teacher", designated=True)
    d = _to_review(county, d, date(2026, 1, 5))
    _decide(county, d, date(2026, 10, 9), ["gov_warning", "org_post_adjustment"])

    clock.today = date(2026, 6, 15)
    clue = clue_services.clue_create(
        actor=u["case_management"],
        source="report",
        summary="反映其违规收受礼金。",
        received_on=date(2026, 6, 1),
        subject_cadre=county.cadres["town_b_head"],
        category_codes=["integrity"],
    )
    clue_services.clue_propose_routing(
        actor=u["case_management"], clue=clue, unit=county.units["team1"]
    )
    clue_services.clue_decide_routing(actor=u["leader"], clue=clue, approve=True)
    clue_services.clue_accept(actor=u["resident_team"], clue=clue)
    clue_services.clue_propose_disposition(
        actor=u["resident_team"],
        clue=clue,
        disposition="inquiry",
        inquiry_mode="letter",
        reason="先行函询",
    )
    clue_services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
    clue_services.clue_inquiry_start(actor=u["resident_team"], clue=clue, on=date(2026, 6, 2))
    clue_services.clue_inquiry_reply(actor=u["resident_team"], clue=clue, on=date(2026, 6, 10))
    clue_services.clue_inquiry_conclude(
        actor=u["resident_team"],
        clue=clue,
        outcome="first_form",
        finding="partly_true",
        measure_kind="first_talk_reminder",
        reason="反映问题部分属实，予以谈话提醒",
    )
    clock.today = TODAY
    return {"a": a_case, "b": b_case, "c": c_case, "d": d_case, "clue": clue}
