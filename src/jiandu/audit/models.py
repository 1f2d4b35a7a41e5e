"""The audit chain (append-only, hash-linked) and the read log.

Every service writes an ``Event`` in the same transaction as its change. Each event
stores the HMAC of its own content and of the previous event's hash, and ``ChainHead``
holds the last sequence number and hash, so editing, deleting or inserting a row is
detected by ``jiandu audit verify`` (see ``jiandu.audit.services.chain_verify``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ChainHead(models.Model):
    """One row (pk=1): the tip of the chain. Writers lock it, so the chain never forks."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = "审计链头"

    def __str__(self) -> str:
        return f"#{self.seq}"


class Event(models.Model):
    seq = models.BigIntegerField("序号", unique=True)
    created_at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=60, blank=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("动作", max_length=60, db_index=True)
    object_type = models.CharField("对象类型", max_length=60, blank=True)
    object_id = models.CharField("对象编号", max_length=40, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    from_state = models.CharField("原状态", max_length=40, blank=True)
    to_state = models.CharField("新状态", max_length=40, blank=True)
    reason = models.TextField("理由", blank=True)
    payload = models.JSONField("内容", default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"


class ReadLog(models.Model):
    """Who opened which sensitive record, and when (append-only)."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="查阅人", on_delete=models.PROTECT, related_name="+"
    )
    object_type = models.CharField("对象类型", max_length=60)
    object_id = models.CharField("对象编号", max_length=40)
    what = models.CharField("查阅内容", max_length=100)

    class Meta:
        verbose_name = "敏感信息查阅记录"
        verbose_name_plural = "敏感信息查阅记录"
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.user} {self.what} {self.object_type}#{self.object_id}"
