"""Integrity clearance (党风廉政意见回复) decision rules — DOMAIN.md §7, [规则] 17–18.

Plain Python, no ORM: the facts are read by ``jiandu.integrity.record``.
"""

from __future__ import annotations

from django.db import models


class Answer(models.TextChoices):
    """The proposed reply for one person (wording is local practice, DOMAIN.md §7)."""

    NEGATIVE = "negative", "否定性意见"
    DEFER = "defer", "暂缓"
    CLOSED_MATTERS = "closed_matters", "有问题反映但已了结"
    CLEAR = "clear", "未发现不良反映"


# The standard sentence of a clear answer (DOMAIN.md §7).
CLEAR_SENTENCE = "未收到反映该同志的信访举报及其他问题线索"


def propose_answer(*, in_period: bool, open_matters: bool, closed_matters: bool) -> Answer:
    """The answer DOMAIN.md §7 gives for one person on the reply's target date.

    - **否定性意见** when an influence period (DOMAIN.md §5, computed over all of the
      person's decisions and clue-stage measures) still runs on the target date — its
      last day included — or is permanent. It comes first: a running period bars the
      promotion whatever else is pending, so there is nothing to wait for;
    - **暂缓** when any clue, case or report about the person is still being handled
      (inquiry, verification, case, review);
    - **有问题反映但已了结** when only closed matters exist (a factual summary follows);
    - **未发现不良反映** otherwise ("未收到反映该同志的信访举报及其他问题线索").
    """
    if in_period:
        return Answer.NEGATIVE
    if open_matters:
        return Answer.DEFER
    if closed_matters:
        return Answer.CLOSED_MATTERS
    return Answer.CLEAR
