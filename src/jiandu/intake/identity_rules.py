"""Identity-access requests (举报人信息查阅申请): the state machine and the read window.

Whistleblower protection (DOMAIN.md §2, [检举控告规则] on keeping reporters' details
confidential; DESIGN.md Security): the identity leaves the petition office only when a
named second person approves a written reason, and then for one read only, within
``READ_WINDOW`` of the approval. One read rather than a window of unlimited reads: each
disclosure is then a separate, justified and approved event in the audit chain, the
requester cannot come back to the identity later without a new reason, and an approval
cannot be reused by whoever later sits at the requester's desk or session. The window
(24 hours) bounds how long an approval stays usable when the need has passed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from jiandu.core.workflow import StateMachine

READ_WINDOW = timedelta(hours=24)
MIN_REASON_LENGTH = 10

PENDING, APPROVED, REFUSED, READ, WITHDRAWN = (
    "pending",
    "approved",
    "refused",
    "read",
    "withdrawn",
)

# step → (states it may start from, state it leads to), checked by ``MACHINE.check``
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({PENDING}), APPROVED),
    "refuse": (frozenset({PENDING}), REFUSED),
    "withdraw": (frozenset({PENDING, APPROVED}), WITHDRAWN),
    "read": (frozenset({APPROVED}), READ),
}
LABELS = {
    PENDING: "待审批",
    APPROVED: "已批准",
    REFUSED: "不予批准",
    READ: "已查阅",
    WITHDRAWN: "已撤回",
}
STEP_LABELS = {"approve": "批准", "refuse": "不予批准", "withdraw": "撤回", "read": "查阅"}


MACHINE = StateMachine(
    noun="查阅申请",
    states=LABELS,
    transitions=TRANSITIONS,
    labels=STEP_LABELS,
    refusal="{noun}状态为“{current}”，不能{step}",
)


def expires_at(approved_at: datetime) -> datetime:
    return approved_at + READ_WINDOW


def is_expired(status: str, expires: datetime | None, now: datetime) -> bool:
    """An approved request not read within the window can no longer be read."""
    return status == APPROVED and expires is not None and now >= expires


def display_status(status: str, expires: datetime | None, now: datetime) -> str:
    return "已过期" if is_expired(status, expires, now) else LABELS.get(status, status)
