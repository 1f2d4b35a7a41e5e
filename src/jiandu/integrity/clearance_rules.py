"""The clearance request's state machine and the wording of a reply (DOMAIN.md §7).

Plain Python, no ORM. The answer itself is ``jiandu.integrity.rules.propose_answer``.

Life cycle: submitted (待提出意见) → the handling office has the system propose the
answers (审核中; it may propose again, change an answer with a reason) → submits them for
approval (待审批) → a leader approves (已审批待出函; the reply is frozen) or returns them
(审核中) → the letter is issued under its 文号 (已出具回复函) → the signed scan is
uploaded (已回复).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from jiandu.core.formatting import cn_date
from jiandu.core.workflow import StateMachine
from jiandu.integrity.models.clearance import ClearanceStatus as S
from jiandu.integrity.rules import CLEAR_SENTENCE, Answer

LABELS: dict[str, str] = {
    "propose": "生成建议意见",
    "change_answer": "修改回复意见",
    "submit": "提交审批",
    "approve": "批准意见回复",
    "return": "退回修改",
    "issue": "出具回复函",
    "upload_scan": "上传签发扫描件",
}

MACHINE = StateMachine(
    noun="意见回复",
    states=dict(S.choices),
    transitions={
        "propose": ({S.SUBMITTED, S.PROPOSED}, S.PROPOSED),
        "change_answer": ({S.PROPOSED}, S.PROPOSED),
        "submit": ({S.PROPOSED}, S.AWAITING_APPROVAL),
        "approve": ({S.AWAITING_APPROVAL}, S.APPROVED),
        "return": ({S.AWAITING_APPROVAL}, S.PROPOSED),
        "issue": ({S.APPROVED}, S.ISSUED),
        "upload_scan": ({S.ISSUED}, S.REPLIED),
    },
    labels=LABELS,
)

# Still with the commission: the reply is owed.
OPEN_STATES = frozenset({S.SUBMITTED, S.PROPOSED, S.AWAITING_APPROVAL, S.APPROVED})
# The reply is decided and frozen: what the asking body may read.
REPLY_STATES = frozenset({S.APPROVED, S.ISSUED, S.REPLIED})
# Answers under which the person counts as cleared (for ``after_clearance``).
CLEARED_ANSWERS = frozenset({Answer.CLEAR, Answer.CLOSED_MATTERS})
# The answers that hold a person back (the unit profile counts them).
ADVERSE_ANSWERS = frozenset({Answer.NEGATIVE, Answer.DEFER})

MAX_PEOPLE = 500


def is_commission(user: Any) -> bool:
    """Whoever handles or approves replies reads the whole file of a request (the
    asking body reads its requests and, once approved, the reply)."""
    return bool(user.has_capability("clearance.handle") or user.has_capability("clearance.approve"))


def answer_text(
    answer: str,
    *,
    closed: Iterable[Mapping[str, Any]] = (),
    measures: Iterable[Mapping[str, Any]] = (),
    influence_end: date | None = None,
    permanent: bool = False,
) -> str:
    """The sentence the letter gives for one person (DOMAIN.md §7; wording is local
    practice): for 有问题反映但已了结 a factual summary of the closed matters (what, how
    closed, when); for 否定性意见 the measure and the end of its influence period; for
    暂缓 no detail of what is being handled."""
    if answer == Answer.CLEAR:
        return CLEAR_SENTENCE + "。"
    if answer == Answer.DEFER:
        return "该同志有反映的问题正在核查处理中，建议暂缓。"
    if answer == Answer.NEGATIVE:
        heavy = [m for m in measures if m.get("label")]
        told = "、".join(
            f"{cn_date(m.get('date'))}受到{m['label']}" for m in heavy[-2:] if m.get("date")
        )
        period = "影响期无期限" if permanent else f"影响期至{cn_date(influence_end)}"
        return f"该同志{told or '受到处分或处理'}，{period}，目前仍在影响期内。"
    # The register numbers stay inside the commission: the letter says what and when.
    items = [f"{cn_date(f.get('date'))}{f.get('label', '')}" for f in closed]
    summary = "；".join(items) if items else "曾有问题反映"
    return f"曾收到反映该同志的问题，均已了结：{summary}。"
