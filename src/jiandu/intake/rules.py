"""Report rules: the state machine of a report (信访件) from registration to closing.

Pure Python, no ORM. A portal submission is registered (待登记 → 已登记); within 5
working days the jurisdiction is decided (本级受理, or 转送: [条例] 169), which sets the
state; an accepted or forwarded report is closed (办结). The other steps of the report
page (notices, duplicates, subjects, messages, identity) do not change its state.
"""

from __future__ import annotations

from jiandu.core.workflow import StateMachine
from jiandu.intake.models import ReportStatus as S

# step -> (allowed from-states, to-state); "" when the step's input decides it.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "register": (frozenset({S.SUBMITTED}), S.REGISTERED),
    "decide_jurisdiction": (frozenset({S.REGISTERED}), ""),  # 本级受理 or 已转送
    "close": (frozenset({S.ACCEPTED, S.FORWARDED}), S.CLOSED),
}
# The words of a refusal: 该件状态为“已登记”，不能办结.
REFUSAL_LABELS: dict[str, str] = {
    "register": "作为网上举报登记",
    "decide_jurisdiction": "再作管辖决定",
    "close": "办结",
}

MACHINE = StateMachine(
    noun="该件",
    states=dict(S.choices),
    transitions=TRANSITIONS,
    labels=REFUSAL_LABELS,
    refusal="{noun}状态为“{current}”，不能{step}",
)

# A report may be turned into a clue once registered, and while accepted here.
CLUE_STATES = frozenset({S.REGISTERED, S.ACCEPTED})


def duplicate_clue_refusal(
    number: str, original: str, clue: str = "", attached: bool = False
) -> str:
    """Why a confirmed duplicate (重复件) is not turned into a clue of its own: it
    repeats ``original`` and goes with that report's clue (DOMAIN.md §2: a repeated
    report is handled with the first, not as a second matter). ``clue``: the number of
    the clue it went with, when the reader may see it; ``attached``: it went with one."""
    reason = f"信访件{number}已确认为{original}的重复件，不能另立问题线索"
    if clue:
        return f"{reason}；已并入问题线索{clue}"
    if attached:
        return f"{reason}；已并入{original}所转的问题线索"
    return f"{reason}；{original}转为问题线索时将一并并入"


MAX_DUPLICATE_CHAIN = 20  # a duplicate of a duplicate …: followed at most this far
