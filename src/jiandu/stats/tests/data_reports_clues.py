"""A small fixed history of reports and clues, built through the services on dated days
(the clock is moved by monkeypatching ``timezone.now`` / ``timezone.localdate``), for
the hand-worked tests and the drill-down test of the 信访举报 and 问题线索处置 tables.

Counted by hand in ``test_handworked_reports`` / ``test_handworked_clues``."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from jiandu.clues import services as cs
from jiandu.intake import services as rs
from jiandu.intake.models import DuplicateSuggestion, Report

_REAL_NOW = timezone.now
_REAL_LOCALDATE = timezone.localdate

CONTENT = "反映其在工程招投标中违规收受礼金，并多次接受宴请，请予查处。"


class Clock:
    """Today is ``day`` for every service: ``timezone.now`` at 10:00 that day, and
    ``timezone.localdate()`` (without a value) that day."""

    def __init__(self, monkeypatch: Any) -> None:
        self.mp = monkeypatch

    def __call__(self, day: date) -> None:
        aware = timezone.make_aware(datetime.combine(day, time(10, 0)))
        self.mp.setattr(timezone, "now", lambda: aware)

        def localdate(value: Any = None, tz: Any = None) -> date:
            return day if value is None else _REAL_LOCALDATE(value, tz)

        self.mp.setattr(timezone, "localdate", localdate)


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


# --- reports -------------------------------------------------------------------------------


def _register(county: Any, clock: Clock, received: date, **kw: Any) -> Report:
    clock(received)
    kw.setdefault("channel", "letter")
    kw.setdefault("content", CONTENT)
    return rs.report_register(actor=county.users["petition"], received_at=at(received), **kw)


def _decide(county: Any, clock: Clock, report: Report, on: date, decision: str) -> Report:
    clock(on)
    forward = "" if decision == "accept" else "县公安局"
    return rs.report_decide_jurisdiction(
        actor=county.users["petition"], report=report, decision=decision, forward_to=forward
    )


def build_reports(county: Any, clock: Clock) -> dict[str, Report]:
    """March 2026 and around it (see the hand-worked test for the counts)."""
    p = county.users["petition"]
    c = county.cadres
    r: dict[str, Report] = {}
    r["R6"] = _register(
        county,
        clock,
        date(2025, 3, 10),
        channel="letter",
        content="对本单位食堂管理提出意见建议，希望改进。",
    )
    r["R5"] = _register(
        county,
        clock,
        date(2026, 2, 10),
        channel="call",
        content="咨询政策执行问题，希望答复说明情况。",
    )
    r["R7"] = _register(
        county,
        clock,
        date(2026, 2, 24),
        channel="letter",
        is_named=True,
        reporter={"name": "赵六"},
        subjects=[{"name": "王强", "cadre_id": c["fin_head"].pk}],
        content="反映财政局局长违规发放津补贴，情节严重。",
        category_codes=["hd_allowance"],
    )
    r["R1"] = _register(
        county,
        clock,
        date(2026, 3, 2),
        channel="letter",
        is_named=True,
        reporter={"name": "钱七"},
        subjects=[{"name": "张伟", "cadre_id": c["edu_head"].pk}],
        category_codes=["integrity", "hd_gifts"],
    )
    r["R2"] = _register(
        county,
        clock,
        date(2026, 3, 3),
        channel="visit",
        subject_text="某局某科长",
        content="反映某科长作风粗暴，漠视群众诉求。",
        category_codes=["fm_mass"],
    )
    r["R3"] = _register(
        county,
        clock,
        date(2026, 3, 4),
        channel="online",
        content="建议加强对村级财务的公开和监督。",
    )
    r["R1"] = _decide(county, clock, r["R1"], date(2026, 3, 4), "accept")
    r["R4"] = _register(
        county, clock, date(2026, 3, 5), channel="letter", is_named=True, reporter={"name": "孙八"}
    )
    suggestion = DuplicateSuggestion.objects.get(report=r["R4"], candidate=r["R1"])
    rs.duplicate_decide(actor=p, suggestion=suggestion, confirm=True)
    clock(date(2026, 3, 5))
    r["R1"] = rs.report_close(actor=p, report=r["R1"], on=date(2026, 3, 5), reason="已办结")
    r["R2"] = _decide(county, clock, r["R2"], date(2026, 3, 6), "forward_other")
    r["R8"] = _register(
        county,
        clock,
        date(2026, 3, 10),
        channel="letter",
        subjects=[{"name": "李娜", "cadre_id": c["teacher"].pk}],
        content="反映教师李娜违规有偿补课。",
        category_codes=["integrity"],
        handling_unit=county.units["team1"],
    )
    r["R8"] = _decide(county, clock, r["R8"], date(2026, 3, 11), "accept")
    clock(date(2026, 3, 20))
    r["R1"] = rs.report_acknowledge(actor=p, report=r["R1"], on=date(2026, 3, 20))
    clock(date(2026, 3, 27))
    r["R1"] = rs.report_result_sent(actor=p, report=r["R1"], on=date(2026, 3, 27))
    return r


def reports_later(county: Any, clock: Clock, r: dict[str, Report]) -> None:
    """What happens after March: none of it may change March's figures."""
    p = county.users["petition"]
    r["R3"] = _decide(county, clock, r["R3"], date(2026, 4, 1), "accept")
    r["R7"] = _decide(county, clock, r["R7"], date(2026, 4, 2), "accept")
    clock(date(2026, 4, 10))
    rs.report_acknowledge(actor=p, report=r["R7"], on=date(2026, 4, 10))
    _register(county, clock, date(2026, 4, 15), channel="online", content="又一件来信反映问题。")
    clock(date(2026, 4, 20))
    rs.report_close(actor=p, report=r["R3"], on=date(2026, 4, 20), reason="已办结")


# --- clues ---------------------------------------------------------------------------------


def _clue(county: Any, clock: Clock, received: date, source: str, cadre: str = "edu_head"):
    clock(received)
    return cs.clue_create(
        actor=county.users["case_management"],
        source=source,
        summary="反映其违规收受礼金。",
        received_on=received,
        subject_cadre=county.cadres[cadre],
        category_codes=["integrity"],
    )


def _route(county: Any, clock: Clock, clue: Any, on: date, unit: str, handler: str):
    clock(on)
    clue = cs.clue_propose_routing(
        actor=county.users["case_management"], clue=clue, unit=county.units[unit]
    )
    clue = cs.clue_decide_routing(actor=county.users["leader"], clue=clue, approve=True)
    return cs.clue_accept(actor=county.users[handler], clue=clue)


def _dispose(county: Any, clock: Clock, clue: Any, on: date, handler: str, disposition: str):
    clock(on)
    extra: dict[str, str] = {}
    if disposition == "inquiry":
        extra["inquiry_mode"] = "letter"
    elif disposition == "close":
        extra["close_kind"] = "direct"
    elif disposition == "verification":
        extra.update(verification_plan="核查工作方案", verification_team="张三、李四")
    clue = cs.clue_propose_disposition(
        actor=county.users[handler], clue=clue, disposition=disposition, reason="拟办理", **extra
    )
    return cs.clue_decide_disposition(actor=county.users["leader"], clue=clue, approve=True)


def build_clues(county: Any, clock: Clock) -> dict[str, Any]:
    """March 2026 and around it (see the hand-worked test for the counts)."""
    team, office = "resident_team", "supervision_office"
    c: dict[str, Any] = {}
    c["C6"] = _clue(county, clock, date(2025, 3, 5), "report")
    c["C1"] = _clue(county, clock, date(2026, 2, 2), "report")
    c["C1"] = _route(county, clock, c["C1"], date(2026, 2, 3), "team1", team)
    c["C5"] = _clue(county, clock, date(2026, 2, 10), "report")
    c["C2"] = _clue(county, clock, date(2026, 2, 20), "audit")
    c["C2"] = _route(county, clock, c["C2"], date(2026, 2, 23), "team1", team)
    c["C7"] = _clue(county, clock, date(2026, 3, 1), "crosscheck")
    c["C7"] = _route(county, clock, c["C7"], date(2026, 3, 2), "team1", team)
    c["C3"] = _clue(county, clock, date(2026, 3, 2), "inspection", cadre="town_a_head")
    c["C1"] = _dispose(county, clock, c["C1"], date(2026, 3, 3), team, "shelve")
    c["C3"] = _route(county, clock, c["C3"], date(2026, 3, 3), "office1", office)
    c["C4"] = _clue(county, clock, date(2026, 3, 5), "own")
    c["C4"] = _route(county, clock, c["C4"], date(2026, 3, 6), "team1", team)
    c["C2"] = _dispose(county, clock, c["C2"], date(2026, 3, 10), team, "inquiry")
    c["C3"] = _dispose(county, clock, c["C3"], date(2026, 3, 16), office, "close")
    c["C7"] = _dispose(county, clock, c["C7"], date(2026, 3, 20), team, "verification")
    clock(date(2026, 3, 25))
    c["C7"] = cs.clue_verification_conclude(
        actor=county.users[team],
        clue=c["C7"],
        outcome="case",
        finding="true",
        reason="属实，拟立案",
    )
    clock(date(2026, 3, 28))
    c["C7"] = cs.clue_case_filed(
        actor=None, clue=c["C7"], case_number="LA2026001", on=date(2026, 3, 28)
    )
    return c


def clues_later(county: Any, clock: Clock, c: dict[str, Any]) -> None:
    """After March: a shelved clue re-disposed, an inquiry turned into verification, a
    late disposition. None of it may change March's figures."""
    team = "resident_team"
    c["C1"] = _dispose(county, clock, c["C1"], date(2026, 4, 15), team, "verification")
    c["C5"] = _route(county, clock, c["C5"], date(2026, 4, 1), "team1", team)
    c["C5"] = _dispose(county, clock, c["C5"], date(2026, 4, 2), team, "close")
    c["C4"] = _dispose(county, clock, c["C4"], date(2026, 4, 3), team, "shelve")
    clock(date(2026, 4, 7))
    c["C2"] = cs.clue_inquiry_start(actor=county.users[team], clue=c["C2"], on=date(2026, 4, 7))
    clock(date(2026, 4, 20))
    c["C2"] = cs.clue_inquiry_reply(actor=county.users[team], clue=c["C2"], on=date(2026, 4, 20))
    clock(date(2026, 5, 6))
    c["C2"] = cs.clue_inquiry_conclude(
        actor=county.users[team], clue=c["C2"], outcome="verify", reason="需进一步核实"
    )
    _clue(county, clock, date(2026, 5, 8), "audit")
