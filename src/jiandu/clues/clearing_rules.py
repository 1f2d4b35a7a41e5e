"""澄清正名 and 诬告陷害: the two processes that follow a report found false, as state
machines (``core.workflow.StateMachine``) and the conditions to start them.

Pure Python, no ORM. Source: 《纪检监察机关处理检举控告工作规则》 ([检举控告规则]):

- **澄清正名** ([检举控告规则] 50): where verification finds a report false (失实) and a
  clearing is needed, it is done *after the approval of the commission's principal
  leader* (经本机关主要负责人批准), in one of three ways: (一) a letter to, or a talk
  with, the principal leader of the person's Party committee and the person; (二) a
  report to that Party committee; (三) a notice within a certain scope. Proposed by the
  handling unit → approved (or refused) by the principal leader → carried out (the
  letter, the meeting or the talk, with its date) → closed.
- **诬告陷害** ([检举控告规则] 39–45): fabricating facts or forging material to bring
  someone into disgrace is 诬告陷害 (39 第一款); *a finding of it needs the approval of
  a Party committee or commission at the level of a city divided into districts or
  above* (39 第二款: 设区的市级以上); it is dealt with by discipline and law or handed
  to the competent organ (40), more severely in the cases of 41; typical cases are
  published (42); benefits gained by it are corrected (43); the person falsely accused
  is talked with (44); a mistaken report (错告) is not 诬告陷害 (45: the reporter may
  only be educated). Proposed by the handling unit → reviewed by a leader of this
  commission, who submits it upward or drops it → the higher body's approval (its
  name, date and 文号) or refusal recorded → the follow-up on the false reporter
  recorded → closed.
"""

from __future__ import annotations

from jiandu.clues.models import (
    ClarificationStatus as C,
)
from jiandu.clues.models import (
    CloseKind,
    ClueStatus,
    VerificationResult,
)
from jiandu.clues.models import (
    FalseAccusationStatus as F,
)
from jiandu.core.workflow import StateMachine

# --- 澄清正名 ([检举控告规则] 50) -------------------------------------------------------------

CLARIFICATION_LABELS: dict[str, str] = {
    "approve": "批准澄清正名",
    "reject": "不予批准澄清正名",
    "carry_out": "登记澄清情况",
    "close": "澄清正名办结",
}

CLARIFICATION = StateMachine(
    noun="澄清正名",
    states=dict(C.choices),
    transitions={
        # The principal leader decides (never the proposer, core.approvals).
        "approve": (frozenset({C.PROPOSED}), C.APPROVED),
        "reject": (frozenset({C.PROPOSED}), C.REJECTED),
        # The letter sent, the meeting held or the talk given.
        "carry_out": (frozenset({C.APPROVED}), C.CARRIED_OUT),
        "close": (frozenset({C.CARRIED_OUT}), C.CLOSED),
    },
    labels=CLARIFICATION_LABELS,
)

CLARIFICATION_OPEN = frozenset({C.PROPOSED, C.APPROVED, C.CARRIED_OUT})

# Findings that are "检举控告失实" (50).
FALSE_FINDINGS = frozenset({VerificationResult.UNFOUNDED, VerificationResult.FALSE_ACCUSATION})


def clarification_refusal(*, status: str, close_kind: str, finding: str) -> str:
    """Why a clue may not (yet) have a clearing proposed; "" when it may: it was closed
    after a check (查否了结) with the report found false ([检举控告规则] 50)."""
    if status != ClueStatus.CLOSED or close_kind != CloseKind.AFTER_CHECK:
        return "只有查否了结的线索才能提出澄清正名（《检举控告规则》第五十条）"
    if finding not in FALSE_FINDINGS:
        return "只有核查认定反映失实的，才能澄清正名（《检举控告规则》第五十条）"
    return ""


# --- 诬告陷害 ([检举控告规则] 39–45) ----------------------------------------------------------

FALSE_ACCUSATION_LABELS: dict[str, str] = {
    "submit": "报请上级批准认定",
    "drop": "不予认定诬告陷害",
    "record_approval": "登记上级批准认定",
    "record_refusal": "登记上级不予批准",
    "record_follow_up": "登记对诬告陷害人的处理",
    "close": "诬告陷害查处办结",
}

FALSE_ACCUSATION = StateMachine(
    noun="诬告陷害查处",
    states=dict(F.choices),
    transitions={
        # A leader of this commission reviews the proposal (never the proposer) and
        # submits it to the approving body (39 第二款), or drops it (e.g. 错告, 45).
        "submit": (frozenset({F.PROPOSED}), F.SUBMITTED),
        "drop": (frozenset({F.PROPOSED}), F.DROPPED),
        # What the 设区的市级以上 committee or commission decided (39 第二款).
        "record_approval": (frozenset({F.SUBMITTED}), F.APPROVED),
        "record_refusal": (frozenset({F.SUBMITTED}), F.DROPPED),
        # The false reporter dealt with or handed over (40, 41), then closed.
        "record_follow_up": (frozenset({F.APPROVED}), F.FOLLOWED_UP),
        "close": (frozenset({F.FOLLOWED_UP}), F.CLOSED),
    },
    labels=FALSE_ACCUSATION_LABELS,
)

FALSE_ACCUSATION_OPEN = frozenset({F.PROPOSED, F.SUBMITTED, F.APPROVED, F.FOLLOWED_UP})


def false_accusation_refusal(*, status: str, close_kind: str, finding: str) -> str:
    """Why a clue may not have a false accusation proposed; "" when it may: it is under
    preliminary verification, or was closed after a check with the report found false
    (39–40: 分析甄别 … 有重点地进行查证)."""
    if status == ClueStatus.VERIFICATION:
        return ""
    if status == ClueStatus.CLOSED and close_kind == CloseKind.AFTER_CHECK:
        if finding in FALSE_FINDINGS:
            return ""
        return "核查结论不是反映失实，不能认定诬告陷害（《检举控告规则》第三十九条）"
    return "只有初步核实中或查否了结的线索才能提出诬告陷害认定（《检举控告规则》第三十九条）"
