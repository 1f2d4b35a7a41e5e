"""The demo county's clue register: three years of 问题线索 (0.4 per cadre, 1,200 for the
default county), in every state, driven through the real services.

Two steps, as in ``jiandu.devtools.demo.org``:
- ``generate(seed=…, roster=…, reports=…, today=…, clues=…)`` is a pure function: the
  same arguments give the same ``CluesSpec``. Most clues come from the accepted reports
  (1–3 reports about the same subject within a few months), the rest from transfers
  (inspection tours, audit, law enforcement, the higher commission, the commission's own
  supervision, cross-checks, voluntary surrender). Each clue gets the steps of its life:
  routing, acceptance, disposition, inquiry or verification, their outcomes, each on a
  date. The state mix: about 8% still being routed, 10% accepted or with a disposition
  proposed (some past the one-month limit), 15% in inquiry (some replies overdue), 12%
  in verification (some overdue), 8% shelved, 5% pending a case, 3% transferred, the
  rest closed (directly, after a check, with a first-form measure).
  Cadres reported again and again get two to five clues over the years.
- ``load(…)`` creates one handling account per commission body that has none yet (the
  demo password), then drives every clue through ``jiandu.clues.services`` with the demo
  users as actors (案管室 ``anguan`` registers and routes, 信访室 ``xinfang`` registers
  the clues from reports, ``leader`` approves, the handling unit's account does the
  rest), so states, approvals, deadlines and audit events are the services' own.

Dates: the services stamp "today" on approvals, closings and the clocks they start
(verification, shelving). After driving a clue, the demo moves those stamps to the
clue's own dates (the same rules compute the due dates), so that a clue received in
2024 was also closed in 2024 and the deadline lists show realistic overdue items. The
audit events keep their true time: the moment the demo was loaded.

The specs and the generator are :mod:`.generator`, the writing :mod:`.writer`.
"""

from __future__ import annotations

from datetime import date

from jiandu.devtools.demo import intake as intake_demo
from jiandu.devtools.demo.clues.generator import (
    DIRECT_CLOSE_REASONS,
    FROM_REPORTS,
    GROUP_DAYS,
    MAX_CLUES_PER_SUBJECT,
    MEASURES,
    N_CLUES_PER_CADRE,
    STATES,
    TRANSFER_REFS,
    TRANSFER_SOURCES,
    ClueSpec,
    CluesSpec,
    ReportRef,
    Step,
    _disposition_reason,
    _Gen,
    _inquiry_finish,
    _plus_months,
    _subject_key,
    _verification_finish,
    generate,
    report_refs_from_db,
    report_refs_from_spec,
)
from jiandu.devtools.demo.clues.writer import (
    HANDLER_PREFIX,
    VERIFICATION_PLAN,
    _backdate,
    _drive,
    _Timeline,
    _update_rows,
    ensure_handlers,
    write,
)

COUNT_LABELS = {"clues": "问题线索", "handler_accounts": "新增承办单位演示账号"}


def load(
    *,
    seed: int = 2026,
    cadres: int = 3000,
    password: str,
    clues: int | None = None,
    today: date | None = None,
) -> dict[str, int]:
    """Register three years of clues for the county and reports already in the
    database, through the clue services."""
    from django.utils import timezone

    today = today or timezone.localdate()
    size = clues if clues is not None else round(cadres * N_CLUES_PER_CADRE)
    spec = generate(
        seed=seed,
        roster=intake_demo.roster_from_db(),
        reports=report_refs_from_db(),
        today=today,
        clues=size,
    )
    return write(spec, password=password)


__all__ = [
    "COUNT_LABELS",
    "DIRECT_CLOSE_REASONS",
    "FROM_REPORTS",
    "GROUP_DAYS",
    "HANDLER_PREFIX",
    "MAX_CLUES_PER_SUBJECT",
    "MEASURES",
    "N_CLUES_PER_CADRE",
    "STATES",
    "TRANSFER_REFS",
    "TRANSFER_SOURCES",
    "VERIFICATION_PLAN",
    "ClueSpec",
    "CluesSpec",
    "ReportRef",
    "Step",
    "_Gen",
    "_Timeline",
    "_backdate",
    "_disposition_reason",
    "_drive",
    "_inquiry_finish",
    "_plus_months",
    "_subject_key",
    "_update_rows",
    "_verification_finish",
    "ensure_handlers",
    "generate",
    "load",
    "report_refs_from_db",
    "report_refs_from_spec",
    "write",
]
