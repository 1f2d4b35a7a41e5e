"""A publication: a standard table, a bulletin (通报) or an assessment (考核) frozen with
its numbers, the definitions version it was counted by and who issued it, so that what
was issued can always be shown as issued and compared with a recount (DOMAIN.md §9)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jiandu.core.scoping import ScopedQuerySet


class PublicationKind(models.TextChoices):
    TABLE = "table", "统计报表"
    BULLETIN = "bulletin", "通报"
    ASSESSMENT = "assessment", "考核结果"


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ISSUED = "issued", "已发布"


class PublicationQuerySet(ScopedQuerySet):
    """Seen by whoever sees the statistics of the root unit it was computed for."""

    scope_domain = "stats"
    scope_lookups = ("root",)


class Publication(models.Model):
    kind = models.CharField("类别", max_length=16, choices=PublicationKind.choices, db_index=True)
    # The standard table, the bulletin template or the assessment scheme it was made from.
    key = models.CharField("报表（模板、方案）", max_length=60)
    title = models.CharField("标题", max_length=200)
    number = models.CharField("编号", max_length=40, blank=True)
    root = models.ForeignKey(
        "org.Unit", verbose_name="统计单位", on_delete=models.PROTECT, related_name="+"
    )
    period_code = models.CharField("统计期间代码", max_length=30)
    period_label = models.CharField("统计期间", max_length=60)
    period_start = models.DateField("统计期间起")
    period_end = models.DateField("统计期间止", db_index=True)
    definitions_version = models.CharField("统计口径版本", max_length=30)
    # The frozen figures: whatever the kind computes (grid numbers, bulletin figures,
    # assessment scores), as plain JSON.
    numbers = models.JSONField("数据", default=dict)
    text = models.TextField("正文", blank=True)
    status = models.CharField(
        "状态",
        max_length=16,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("发布时间", null=True, blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = "统计发布"
        verbose_name_plural = "统计发布"
        ordering = ["-period_end", "-id"]
        indexes = [models.Index(fields=["kind", "key", "root", "period_end"])]

    def __str__(self) -> str:
        return self.title
