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
