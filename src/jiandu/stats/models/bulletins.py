"""Bulletin templates (通报模板): the text of a monthly or quarterly 通报 kept as data, with
named placeholders the bulletin fills from the figures (``stats.bulletins``): e.g.
"{period}，……处置问题线索{clues_disposed}件，同比{clues_disposed_yoy}". A template
applies from its ``valid_from`` date until a later one of the same kind replaces it.
Every placeholder is checked when the template is saved: an unknown one is refused with
a Chinese message, never left blank in a bulletin."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models


class BulletinKind(models.TextChoices):
    MONTHLY = "monthly", "月度通报"
    QUARTERLY = "quarterly", "季度通报"


class BulletinTemplate(models.Model):
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类别", max_length=16, choices=BulletinKind.choices)
    valid_from = models.DateField("启用日期")
    title = models.CharField("标题", max_length=200, help_text="可用占位符，如 {period}")
    # One paragraph a line; placeholders in braces.
    text = models.TextField("正文段落")
    # The standard tables appended to the bulletin (their keys), in order.
    tables = models.JSONField("附表", default=list, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "通报模板"
        verbose_name_plural = "通报模板"
        ordering = ["kind", "-valid_from", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}，{self.valid_from}起）"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from jiandu.stats.bulletins import template_errors

        errors = template_errors(title=self.title, text=self.text, tables=self.tables)
        if errors:
            raise ValidationError(errors)
