"""Early alerts (廉政风险提示) about cadres: computed, idempotent, handled by a step."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from jiandu.core.scoping import ScopedQuerySet


class AlertKind(models.TextChoices):
    NO_PRE_APPOINTMENT_TALK = "no_pre_talk", "新任职未进行任前廉政谈话"
    LONG_KEY_POST = "long_key_post", "重要岗位任职时间较长"
    LONG_LEADING_POST = "long_leading_post", "同一领导岗位任职时间较长"
    REPEATED_REPORTS = "repeated_reports", "短期内多次被反映"
    SAME_PROBLEM_REPORTS = "same_problem", "不同举报人反映同类问题"
    RELATIVE_COMPANY_CONTRACT = "relative_contract", "亲属企业与本单位发生业务往来"
    HOLDS_COMPANY_ROLE = "company_role", "本人在企业任职或持股"
    CLEARANCE_WHILE_BARRED = "clearance_barred", "意见回复对象处于影响期或有未结线索"
    FOUND_AFTER_CLEARANCE = "after_clearance", "意见回复后新发现问题"


class AlertStatus(models.TextChoices):
    OPEN = "open", "待处理"
    TALKED = "talked", "已谈话提醒"
    FOCUS = "focus", "已纳入监督重点"
    DISMISSED = "dismissed", "已排除"


class AlertQuerySet(ScopedQuerySet):
    """An alert belongs to the unit of the cadre's post it is about (``unit``)."""

    scope_domain = "alerts"
    scope_lookups = ("unit",)


class Alert(models.Model):
    """One alert about one cadre. ``key`` identifies what raised it (the kind and the
    records behind it, e.g. ``no_pre_talk:post:42``), so re-running the computation
    never raises it twice (unique); ``evidence`` lists the records behind it
    (``[{"kind", "id", "number", "label", "url"}]``)."""

    kind = models.CharField("提示类别", max_length=24, choices=AlertKind.choices, db_index=True)
    key = models.CharField("提示标识", max_length=120, unique=True)
    cadre = models.ForeignKey(
        "org.Cadre", verbose_name="干部", on_delete=models.CASCADE, related_name="alerts"
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name="所在单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField("提示原因", max_length=300)
    evidence = models.JSONField("依据记录", default=list)
    raised_on = models.DateField("提示日期", db_index=True)
    status = models.CharField(
        "状态", max_length=16, choices=AlertStatus.choices, default=AlertStatus.OPEN, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_on = models.DateField("处理日期", null=True, blank=True)
    handling_note = models.TextField("处理说明", blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = "廉政风险提示"
        verbose_name_plural = "廉政风险提示"
        ordering = ["-raised_on", "-id"]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return f"{self.cadre} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("integrity:alert_detail", args=(self.pk,))


class AlertRunTrigger(models.TextChoices):
    SCHEDULE = "schedule", "每日定时"
    COMMAND = "command", "命令行"
    SYSTEM = "system", "系统"


class AlertRunStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "计算中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class AlertRun(models.Model):
    """One computation of the alerts (``alert_services.alerts_compute``): when, for which
    day, what it found. The daily schedule claims its day's row before it enqueues the
    task (one scheduled run a day, however many workers ask: unique ``on`` among the
    scheduled runs)."""

    on = models.DateField("计算日期")
    trigger = models.CharField("发起方式", max_length=12, choices=AlertRunTrigger.choices)
    status = models.CharField(
        "状态", max_length=12, choices=AlertRunStatus.choices, default=AlertRunStatus.QUEUED
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    candidates = models.PositiveIntegerField("识别数", default=0)
    raised = models.PositiveIntegerField("新提示数", default=0)
    by_kind = models.JSONField("按类别新提示数", default=dict, blank=True)
    error = models.TextField("错误信息", blank=True)

    objects: ClassVar[models.Manager[AlertRun]] = models.Manager()

    class Meta:
        verbose_name = "廉政风险提示计算"
        verbose_name_plural = "廉政风险提示计算"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["on"],
                condition=models.Q(trigger="schedule"),
                name="integrity_alert_run_one_scheduled_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.get_trigger_display()}"
