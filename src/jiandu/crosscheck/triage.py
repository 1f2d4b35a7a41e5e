"""Cross-check triage rules: the hit state machine, what a clue's outcome says about the
hit it came from, and each rule's precision. Pure Python, no ORM.

(This module is not called ``rules``: ``jiandu/crosscheck/rules/`` holds the rule SQL
files of the engine.)

Sources: DOMAIN.md §10 (the checks and their keys: exact ID matches first, names only
as a second pass with lower confidence); a confirmed hit becomes a clue with the source
大数据比对 ([规则] 20 lists the sources of clues; 案管室 registers them, [规则] 21).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jiandu.core.workflow import StateMachine

NEW, CONFIRMED, DISMISSED = "new", "confirmed", "dismissed"
STATUS_LABELS = {NEW: "待研判", CONFIRMED: "已转线索", DISMISSED: "已排除"}

# step -> (allowed from-states, to-state), checked by ``MACHINE.check(status, step)``
# (core.workflow). A confirmed hit is a clue now: its further life is the clue's, so
# nothing leaves CONFIRMED. A dismissal can be reopened.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "confirm": (frozenset({NEW}), CONFIRMED),
    "dismiss": (frozenset({NEW}), DISMISSED),
    "reopen": (frozenset({DISMISSED}), NEW),
}
ACTION_LABELS = {"confirm": "确认并转为问题线索", "dismiss": "排除疑点", "reopen": "重新研判"}
MACHINE = StateMachine(
    noun="疑点", states=STATUS_LABELS, transitions=TRANSITIONS, labels=ACTION_LABELS
)

# Reasons offered when a hit is dismissed (the person may also write their own).
DISMISS_REASONS = (
    "同名不同人",
    "数据录入错误",
    "有合理解释（政策允许）",
    "已另行处理",
    "时间或金额口径不一致",
)


# --- what a clue's outcome says ------------------------------------------------------------

SUBSTANTIATED, UNFOUNDED, OPEN = "substantiated", "unfounded", "open"
# Findings of a verification or an inquiry ([规则] 30, 35).
_TRUE_FINDINGS = frozenset({"true", "partly_true"})
_FALSE_FINDINGS = frozenset({"unfounded", "false_accusation", "unverifiable"})


def clue_outcome(*, status: str, finding: str, close_kind: str, has_measure: bool) -> str:
    """Whether the clue a hit became showed the problem was real.

    - substantiated: the check found it true or partly true, a first-form measure was
      taken, or a case is proposed (拟立案);
    - unfounded: the check found it untrue or unverifiable, or the clue was closed
      directly (予以了结 without a check: nothing to pursue);
    - open: still being handled (or transferred elsewhere, whose outcome we don't see).
    """
    if finding in _TRUE_FINDINGS or has_measure or status in ("pending_case", "case_filed"):
        return SUBSTANTIATED
    if finding in _FALSE_FINDINGS:
        return UNFOUNDED
    if status == "closed" and close_kind == "direct":
        return UNFOUNDED
    return OPEN


@dataclass(frozen=True)
class Precision:
    """One rule's record. ``triage`` = confirmed / decided (how often people judged its
    hits worth a clue); ``outcome`` = substantiated / concluded clues (how often the
    clue proved real); ``overall`` = substantiated / (decided, less clues still open):
    dismissals count against the rule, open clues are not yet counted."""

    hits: int = 0
    pending: int = 0
    confirmed: int = 0
    dismissed: int = 0
    substantiated: int = 0
    unfounded: int = 0

    @property
    def decided(self) -> int:
        return self.confirmed + self.dismissed

    @property
    def triage(self) -> float | None:
        return self.confirmed / self.decided if self.decided else None

    @property
    def outcome(self) -> float | None:
        concluded = self.substantiated + self.unfounded
        return self.substantiated / concluded if concluded else None

    @property
    def overall(self) -> float | None:
        counted = self.substantiated + self.unfounded + self.dismissed
        return self.substantiated / counted if counted else None


def precision(*, statuses: dict[str, int], outcomes: dict[str, int] | None = None) -> Precision:
    """A rule's precision from the count of its hits per status and the count of its
    confirmed hits per clue outcome (``clue_outcome``)."""
    outcomes = outcomes or {}
    return Precision(
        hits=sum(statuses.values()),
        pending=statuses.get(NEW, 0),
        confirmed=statuses.get(CONFIRMED, 0),
        dismissed=statuses.get(DISMISSED, 0),
        substantiated=outcomes.get(SUBSTANTIATED, 0),
        unfounded=outcomes.get(UNFOUNDED, 0),
    )


# --- the clue a hit becomes ------------------------------------------------------------------

# The problem categories (intake.ProblemCategory codes) a rule's hit is about.
RULE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "R01": ("mass", "fm_mass", "livelihood"),  # public employees drawing benefits
    "R02": ("mass", "livelihood"),  # benefits paid after death
    "R03": ("integrity", "construction"),  # a relative's company contracting
    "R04": ("integrity",),  # officials holding roles in companies
    "R05": ("work", "construction"),  # contract splitting to evade tendering
    "R06": ("construction", "business"),  # collusive bidding
    "R07": ("integrity",),  # ghost employees (吃空饷)
    "R08": ("integrity", "business"),  # suppliers in the briber registry
    "R09": ("mass", "livelihood"),  # duplicate payments
    "R10": ("hd_vehicles",),  # fuel cards
}


def clue_summary(
    *, rule_code: str, rule_name: str, summary: str, evidence_lines: list[str], note: str
) -> str:
    """The clue's 主要问题: the hit in one line, the rule, the evidence rows, the note of
    whoever confirmed it."""
    parts = [summary.strip(), f"（大数据比对规则{rule_code}“{rule_name}”发现）"]
    if evidence_lines:
        parts.append(
            "比对依据：\n"
            + "\n".join(f"{i}. {line}" for i, line in enumerate(evidence_lines, start=1))
        )
    if note.strip():
        parts.append(f"研判意见：{note.strip()}")
    return "\n".join(parts)


_COUNTY_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,4}?[县市区](?=[\u4e00-\u9fff]{2,})")
_BODY_SUFFIX = re.compile(r"(人民政府|办事处)$")


def unit_key(name: str) -> str:
    """A unit's name as data from other bodies tends to differ from the register's:
    without the county prefix and the 人民政府/办事处 suffix ("××县××镇人民政府" →
    "××镇"), spaces removed. Used only when the exact name is not in the register."""
    text = re.sub(r"\s+", "", name or "")
    text = _BODY_SUFFIX.sub("", text)
    return _COUNTY_PREFIX.sub("", text)


def dataset_label(code: str) -> str:
    """The Chinese name of a dataset type (the engine's catalogue; the code if unknown)."""
    try:
        from jiandu.crosscheck.engine.datasets import DATASET_TYPES
    except ImportError:  # pragma: no cover - the engine is part of the app
        return code
    kind = DATASET_TYPES.get(code)
    return kind.label if kind else code
