"""Approvals (审批): one person proposes (拟办), another decides.

A module's approval model inherits :class:`Approval` and adds the link to what is
approved. A proposal waits (``decided_at`` empty) until :meth:`Approval.decide`
records the decision, and that is the one place the rule is kept: **the proposer
never approves their own proposal** ([规则] 23, 25, 38: whoever proposes a step is not
who approves it). A system actor (``None``: imports, the demo) is no person and may
decide.

The rule is also kept by the row itself: :meth:`Approval.save` refuses a decided
approval whose approver is its proposer, so no module can record an approval "made and
approved" by one person (a step approved on paper outside jiandu is recorded by
deciding the proposal someone else made: :meth:`Approval.decide_pending`).
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.utils import timezone

from jiandu.core.errors import DomainError

SELF_APPROVAL = "拟办人不能审批自己的意见"


def check_not_proposer(approval: Approval, actor: Any) -> None:
    """Refuse ``actor`` deciding ``approval`` when they proposed it."""
    if actor is not None and approval.proposed_by_id == actor.pk:
        raise DomainError(approval.self_approval_message)


class Approval(models.Model):
    """A proposal and its decision. Subclasses add the foreign keys to what is approved
    and may set ``self_approval_message`` (the refusal in their own words)."""

    step = models.CharField("事项", max_length=40)
    proposal = models.CharField("拟办意见", max_length=300)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField()
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True)
    comment = models.CharField("审批意见", max_length=200, blank=True)

    self_approval_message: ClassVar[str] = SELF_APPROVAL
    # Who decides (the capability of the deciding role) and the field naming what is
    # approved: a new proposal notifies those users (``core.notifications``).
    approve_capability: ClassVar[str] = ""
    owner_field: ClassVar[str] = ""

    class Meta:
        abstract = True
        ordering = ["proposed_at", "id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Refuse to store an approval decided by its own proposer, whoever writes it."""
        if self.approver_id is not None and self.approver_id == self.proposed_by_id:
            raise DomainError(self.self_approval_message)
        super().save(*args, **kwargs)

    @classmethod
    def pending(cls, *, step: str, **owner: Any) -> Self | None:
        """The proposal for ``step`` of ``owner`` (e.g. ``clue=clue``) still waiting for
        a decision, the latest one."""
        return cls._default_manager.filter(step=step, decided_at__isnull=True, **owner).last()

    @classmethod
    def decide_pending(
        cls,
        *,
        step: str,
        actor: Any,
        approve: bool,
        comment: str = "",
        missing: str = "",
        **owner: Any,
    ) -> Self:
        """Decide the pending proposal for ``step`` of ``owner``; refused (``missing``)
        when nobody proposed it, and when ``actor`` did."""
        approval = cls.pending(step=step, **owner)
        if approval is None:
            raise DomainError(missing or "没有待审批的意见")
        approval.decide(actor=actor, approve=approve, comment=comment)
        return approval

    @property
    def is_pending(self) -> bool:
        return self.decided_at is None

    def decide(self, *, actor: Any, approve: bool, comment: str = "") -> None:
        """Record ``actor``'s decision, refused when ``actor`` made the proposal."""
        if not self.is_pending:
            raise DomainError("该事项已经审批")
        check_not_proposer(self, actor)
        self.approver = actor
        self.decided_at = timezone.now()
        self.approved = approve
        self.comment = (comment or "")[
            : getattr(self._meta.get_field("comment"), "max_length", None)
        ]
        self.save(update_fields=["approver", "decided_at", "approved", "comment"])
