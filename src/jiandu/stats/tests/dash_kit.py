"""Test kit of the dashboard and warnings tests: stand-in figures for the keys the
domain apps have not registered yet (built on clues and cases, test-only), and records
made through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from jiandu.cases import services as case_services
from jiandu.cases.models import Case
from jiandu.cases.services import PersonInput
from jiandu.clues import services as clue_services
from jiandu.clues.models import Clue
from jiandu.core import figures
from jiandu.core.figures import By, Figure

CLUES, CASES = "clues:clue_list", "cases:case_list"
METHODS = [
    ("inquiry", "谈话函询"),
    ("verification", "初步核实"),
    ("shelve", "暂存待查"),
    ("close", "予以了结"),
]
FORMS = [("person", "第一种形态"), ("incident", "第二种形态"), ("organisation", "第三种形态")]


def _clue_fig(key: str, **kw: Any) -> Figure:
    return Figure(
        key=key,
        label=key,
        measure="件",
        model=Clue,
        ledger=CLUES,
        dated="received_on",
        unit_field="handling_unit",
        unit_fallback="registered_by__unit",
        definition="测试替身",
        **kw,
    )


def _case_fig(key: str, dated: str = "filed_on", **kw: Any) -> Figure:
    return Figure(
        key=key,
        label=key,
        measure="件",
        model=Case,
        ledger=CASES,
        dated=dated,
        unit_field="lead_unit",
        definition="测试替身",
        **kw,
    )


def standins() -> dict[str, Figure]:
    disposed = Q(disposition__in=[m for m, _ in METHODS])
    return {
        "reports.received": _clue_fig("reports.received"),
        "clues.disposed": _clue_fig(
            "clues.disposed",
            condition=disposed,
            by={"method": By("disposition", "处置方式", choices=METHODS)},
        ),
        "cases.filed": _case_fig(
            "cases.filed",
            by={
                "kind": By(
                    "kind",
                    "立案方式",
                    choices=[("self", "自办")],
                    conditions={"self": Q(co_units__isnull=True)},
                )
            },
        ),
        "sanctions.decisions": _case_fig(
            "sanctions.decisions", by={"form": By("kind", "形态", choices=FORMS)}
        ),
        "clues.overdue": _clue_fig("clues.overdue", condition=Q(disposition="")),
        "cases.overdue": _case_fig("cases.overdue", dated="proposed_on"),
        "inspections.items_overdue": _clue_fig(
            "inspections.items_overdue", condition=Q(source="audit")
        ),
        "directives.tasks_overdue": _case_fig("directives.tasks_overdue"),
        "inspections.items_due": _clue_fig("inspections.items_due"),
        "inspections.items_done": _clue_fig("inspections.items_done", condition=disposed),
        "inspections.items_on_time": _clue_fig("inspections.items_on_time", condition=disposed),
        "directives.tasks_due": _case_fig("directives.tasks_due", dated="proposed_on"),
        "directives.tasks_done": _case_fig("directives.tasks_done"),
        "directives.tasks_on_time": _case_fig("directives.tasks_on_time"),
        "clues.disposition_due": _clue_fig("clues.disposition_due"),
        "clues.disposition_on_time": _clue_fig("clues.disposition_on_time", condition=disposed),
    }


def install(monkeypatch: Any, *, force: bool = True, keys: Any = None) -> None:
    """Put the stand-ins into the registry (``force``: over the real ones too, so a test
    of the dashboard's mechanics does not depend on how a domain app counts)."""
    for key, fig in standins().items():
        if keys is not None and key not in keys:
            continue
        if force or key not in figures.REGISTRY:
            monkeypatch.setitem(figures.REGISTRY, key, fig)


def clue(county: Any, received_on: date, unit: str | None = None, source: str = "report") -> Clue:
    u = county.users
    c = clue_services.clue_create(
        actor=u["case_management"],
        source=source,
        summary="反映其违规收受礼金。",
        received_on=received_on,
        subject_cadre=county.cadres["edu_head"],
        category_codes=["integrity"],
    )
    if unit:
        clue_services.clue_propose_routing(
            actor=u["case_management"], clue=c, unit=county.units[unit]
        )
        clue_services.clue_decide_routing(actor=u["leader"], clue=c, approve=True)
        c.refresh_from_db()
    return c


FILERS = {
    "team1": ("resident_team", "edu_head"),
    "town_a_commission": ("township_commission", "town_a_head"),
}


def case(
    county: Any, on: date, unit: str = "team1", kind: str = "person", filed: bool = True
) -> Case:
    role, cadre = FILERS[unit]
    c = case_services.case_open(
        actor=county.users[role],
        kind=kind,
        title="涉嫌违纪违法案",
        summary="违规收受礼金。",
        proposed_on=on,
        lead_unit=county.units[unit],
        people=[PersonInput(cadre=county.cadres[cadre])],
        target_unit=county.units["town_a"] if kind == "organisation" else None,
        category_codes=["integrity"],
    )
    if filed:
        case_services.case_decide_filing(actor=county.users["leader"], case=c, approve=True, on=on)
    c.refresh_from_db()
    return c


HANDLERS = {"team1": "resident_team", "town_a_commission": "township_commission"}


def shelve(county: Any, c: Clue, unit: str) -> Clue:
    """The handling unit takes the clue and proposes 暂存待查; a leader approves."""
    actor = county.users[HANDLERS[unit]]
    clue_services.clue_accept(actor=actor, clue=c)
    c.refresh_from_db()
    clue_services.clue_propose_disposition(
        actor=actor, clue=c, disposition="shelve", reason="暂无查证条件。"
    )
    c.refresh_from_db()
    clue_services.clue_decide_disposition(actor=county.users["leader"], clue=c, approve=True)
    c.refresh_from_db()
    return c
