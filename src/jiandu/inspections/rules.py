"""Rectification rules: the item state machine, close-out, the rectification report
deadline, escalation steps and the rates (DOMAIN.md §8).

Pure Python, no ORM. Sources: [巡视条例] 26–29 and 31 (中国共产党巡视工作条例); the ledger
practice (台账, 销号管理) and the escalation ladder 督办通知书 → 提醒书 → 告诫书 → 问责建议 are
local practice: their intervals are policy defaults (``POLICY_DEFAULTS``), stored as data
and editable by an administrator.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from jiandu.core import calendar
from jiandu.core.errors import DomainError
from jiandu.core.workflow import StateMachine
from jiandu.inspections.models import EscalationLevel as L
from jiandu.inspections.models import ItemStatus as S

# step -> (allowed from-states, to-state). One table for the whole item lifecycle,
# checked by ``MACHINE.check(status, step)`` (core.workflow).
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    # The responsible unit reports progress; the first report starts the rectification.
    "report_progress": (frozenset({S.NOT_STARTED, S.IN_PROGRESS}), S.IN_PROGRESS),
    # ... and reports it done, with evidence, for the check.
    "report_done": (frozenset({S.NOT_STARTED, S.IN_PROGRESS}), S.DONE),
    # A checker other than the owner closes it (销号), or accepts it as a long-term task
    # whose first phase is done (长期坚持), or sends it back.
    "close": (frozenset({S.DONE}), S.CLOSED),
    "accept_long_term": (frozenset({S.DONE}), S.LONG_TERM),
    "reject": (frozenset({S.DONE}), S.IN_PROGRESS),
    # A later look (回头看) finds the problem back: the item is opened again.
    "reopen": (frozenset({S.CLOSED, S.LONG_TERM}), S.IN_PROGRESS),
}

ACTION_LABELS: dict[str, str] = {
    "report_progress": "报告整改进展",
    "report_done": "报告整改完成",
    "close": "验收销号",
    "accept_long_term": "验收转长期坚持",
    "reject": "退回重新整改",
    "reopen": "重新打开",
}

# Closed for the rates: both went through the check with evidence.
CLOSED_STATES = frozenset({S.CLOSED, S.LONG_TERM})
# Still the responsible unit's to do: these can be overdue and escalated.
OPEN_STATES = frozenset({S.NOT_STARTED, S.IN_PROGRESS})
CLOSE_OUT_DECISIONS = frozenset({"close", "accept_long_term", "reject"})


MACHINE = StateMachine(
    noun="整改事项",
    states=dict(S.choices),
    transitions=TRANSITIONS,
    labels=ACTION_LABELS,
    refusal="{noun}当前状态为“{current}”，不能{step}（只有“{need}”的事项可以）",
)


def check_close_out(
    *,
    checker_id: int | None,
    checker_unit_id: int | None,
    reporter_id: int | None,
    responsible_unit_id: int,
    evidence_count: int,
) -> None:
    """An item is closed only after a check with evidence (DOMAIN.md §8: 销号 after a
    check), by a checker other than the owner: neither the person who reported it done
    nor anyone of the responsible unit. ``checker_id`` None is the system."""
    if evidence_count < 1:
        raise DomainError("销号须附佐证材料：请先上传整改佐证材料", fields={"evidence": ["无"]})
    if checker_id is None:
        return
    if reporter_id is not None and checker_id == reporter_id:
        raise DomainError("报告整改完成的人不能验收自己报告的事项，须由其他人验收销号")
    if checker_unit_id is not None and checker_unit_id == responsible_unit_id:
        raise DomainError("责任单位不能验收本单位的整改事项，须由巡察办或监督单位验收销号")


# --- the rectification report -----------------------------------------------------------------


def report_due(feedback_on: date) -> calendar.DueDate:
    """The inspected organisation reports on rectification within 2 months of the
    feedback ([巡视条例] 27)."""
    return calendar.add_months(feedback_on, 2)


REPORT_BASIS = "《巡视工作条例》第二十七条：收到反馈意见后2个月内报送整改情况报告"


# --- overdue and escalation -----------------------------------------------------------------


def is_overdue(status: str, deadline: date, today: date) -> bool:
    """An item the responsible unit has not finished by its deadline. An item reported
    done waits for the check, which is not the unit's delay."""
    return status in OPEN_STATES and deadline < today


LADDER: tuple[str, ...] = (L.NOTICE, L.REMINDER, L.WARNING, L.ACCOUNTABILITY)

# The days to wait before each step: for the notice, days past the item's deadline; for
# each later step, days since the previous document. Policy defaults (local practice).
POLICY_DEFAULTS: tuple[tuple[str, int, str, str], ...] = (
    ("inspection.escalation_notice_days", 1, "逾期后发督办通知书（逾期天数）", "政策默认值"),
    (
        "inspection.escalation_reminder_days",
        15,
        "督办通知书后仍未完成，发提醒书（天）",
        "政策默认值",
    ),
    ("inspection.escalation_warning_days", 15, "提醒书后仍未完成，发告诫书（天）", "政策默认值"),
    (
        "inspection.escalation_accountability_days",
        30,
        "告诫书后仍未完成，提出问责建议（天）",
        "政策默认值",
    ),
)
POLICY_KEYS: dict[str, str] = {
    L.NOTICE: "inspection.escalation_notice_days",
    L.REMINDER: "inspection.escalation_reminder_days",
    L.WARNING: "inspection.escalation_warning_days",
    L.ACCOUNTABILITY: "inspection.escalation_accountability_days",
}


@dataclass(frozen=True)
class EscalationStep:
    level: str
    due_on: date  # from this day the step may (and should) be taken


def next_escalation(
    *,
    status: str,
    deadline: date,
    issued: Iterable[tuple[str, date]],
    intervals: dict[str, int],
) -> EscalationStep | None:
    """The next document on the ladder for an item, and from when it is due; None when
    the item is not (or no longer) the unit's to do, or the ladder is used up.

    ``issued``: (level, issued_on) of the documents already issued; ``intervals``: days
    per level (``POLICY_KEYS``). Steps are never skipped."""
    if status not in OPEN_STATES:
        return None
    done = dict(issued)
    for index, level in enumerate(LADDER):
        if level in done:
            continue
        start = deadline if index == 0 else done[LADDER[index - 1]]
        return EscalationStep(level=level, due_on=calendar.add_days(start, intervals[level]))
    return None


def check_escalation(
    *,
    level: str,
    status: str,
    deadline: date,
    issued: Iterable[tuple[str, date]],
    intervals: dict[str, int],
    on: date,
) -> None:
    """Refuse an escalation out of order, too early, or for an item not overdue."""
    label = L(level).label if level in L.values else level
    if level not in LADDER:
        raise DomainError(f"督办层级不存在：{level}")
    issued = list(issued)
    if status not in OPEN_STATES:
        raise DomainError(f"整改事项状态为“{S(status).label}”，不是逾期未完成的事项，不能发{label}")
    if not is_overdue(status, deadline, on):
        raise DomainError(f"整改事项尚未超过完成时限，不能发{label}")
    step = next_escalation(status=status, deadline=deadline, issued=issued, intervals=intervals)
    if step is None:
        raise DomainError("该事项已提出问责建议，督办程序已走完")
    if step.level != level:
        raise DomainError(f"督办须逐级进行：下一步应为{L(step.level).label}，不能直接发{label}")
    if on < step.due_on:
        raise DomainError(
            f"{label}须在{step.due_on.year}年{step.due_on.month}月{step.due_on.day}日以后发出"
            f"（政策默认间隔{intervals[level]}天）"
        )


# --- rates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemFacts:
    """What the rates need to know of one item."""

    status: str
    deadline: date
    completed_on: date | None


@dataclass(frozen=True)
class Rates:
    total: int
    closed: int  # 已销号 + 长期坚持 (both checked with evidence)
    closed_on_time: int  # closed, and reported done by the deadline
    overdue: int  # open past the deadline
    done_pending: int

    @property
    def rate(self) -> float | None:
        """整改率 = closed / all (DOMAIN.md §8; GLOSSARY 整改率)."""
        return self.closed / self.total if self.total else None

    @property
    def on_time_rate(self) -> float | None:
        """按期整改率 = closed on time / all."""
        return self.closed_on_time / self.total if self.total else None


def rates(items: Iterable[ItemFacts], today: date) -> Rates:
    total = closed = on_time = overdue = pending = 0
    for item in items:
        total += 1
        if item.status in CLOSED_STATES:
            closed += 1
            if item.completed_on is not None and item.completed_on <= item.deadline:
                on_time += 1
        elif item.status == S.DONE:
            pending += 1
        elif is_overdue(item.status, item.deadline, today):
            overdue += 1
    return Rates(total, closed, on_time, overdue, pending)


def percent(value: float | None) -> str:
    """A rate as shown: 87.5%; "—" when there is nothing to count."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}%"


def repeat_categories(findings: Iterable[tuple[int, str]]) -> dict[str, list[int]]:
    """Repeat problems: a category found again in a later round for the same
    organisation. ``findings``: (round id, category); answers category → the rounds
    (ascending ids) for the categories found in two or more rounds."""
    rounds: dict[str, set[int]] = {}
    for round_id, category in findings:
        rounds.setdefault(category, set()).add(round_id)
    return {c: sorted(r) for c, r in rounds.items() if len(r) > 1}
