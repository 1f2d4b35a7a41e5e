"""The "一人一策" supervision notes (精准画像): what the office responsible for a cadre
records about supervising them, dated and audited.

Notes are **append-only**: a note is never edited or deleted; a mistake is put right by
a new note that names the one it corrects (``corrects``), and the page shows the earlier
note as corrected with the correction beside it. A supervision note is part of the
record the office keeps about a person, often read later (clearance, a case, an
appeal): what was written on a day must still read as it was, and a correction must
show who made it and when. Append-only gives that with one table and one audit event
per note, without a version history to keep in step.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from jiandu.core.scoping import ScopedQuerySet


class SupervisionNoteQuerySet(ScopedQuerySet):
    """A note is read by the offices responsible for its cadre — the domain of the early
    alerts, whose handling the notes carry on (leaders and 案管室 all of them, a
    supervising office by the units of the cadre's current posts) — not by every role
    that reads the register (信访室, 审理室, 巡察办 read cadres, not supervision work)."""

    scope_domain = "alerts"

    def scope_condition(self, unit_ids: frozenset[int]) -> Q:
        from django.db.models import Exists, OuterRef

        from jiandu.org.models import Post

        posts = Post.objects.current().filter(cadre=OuterRef("cadre"), unit__in=list(unit_ids))
        return Q(Exists(posts))


class SupervisionNote(models.Model):
    cadre = models.ForeignKey(
        "org.Cadre",
        verbose_name="干部",
        on_delete=models.PROTECT,
        related_name="supervision_notes",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name="记录单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    noted_on = models.DateField("日期", db_index=True)
    text = models.TextField("监督情况")
    corrects = models.ForeignKey(
        "self",
        verbose_name="更正的记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = SupervisionNoteQuerySet.as_manager()

    class Meta:
        verbose_name = "一人一策监督记录"
        verbose_name_plural = "一人一策监督记录"
        ordering = ["-noted_on", "-id"]
        indexes = [models.Index(fields=["cadre", "noted_on"])]

    def __str__(self) -> str:
        return f"{self.cadre} {self.noted_on}"
