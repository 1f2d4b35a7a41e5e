"""The legal calendar's data: statutory holidays and make-up working days by year.

Seeded 2004–2026 from the bundled chinesecalendar package; an administrator enters a
new year (e.g. 2027, once the State Council publishes it) in the admin. A year with no
``CalendarYear`` row is unknown: dates in it are computed on weekends alone and marked
provisional (DOMAIN.md §1).
"""

from __future__ import annotations

from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日（休息）"
    WORKDAY = "workday", "调休上班"


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=60, default="国务院办公厅通知")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "已录入节假日安排的年份"
        verbose_name_plural = "已录入节假日安排的年份"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class CalendarDay(models.Model):
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("节日", max_length=30, blank=True)

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class PolicyValue(models.Model):
    """A policy default (DOMAIN.md: where the national rules are silent): stored as
    data, editable by an administrator, versioned by the date from which it applies."""

    key = models.CharField("参数", max_length=60)
    value = models.PositiveIntegerField("取值")
    unit = models.CharField("单位", max_length=10, default="月")
    valid_from = models.DateField("起用日期")
    label = models.CharField("说明", max_length=100)
    source = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "政策默认值"
        verbose_name_plural = "政策默认值"
        ordering = ["key", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="uniq_policy_key_date")
        ]

    def __str__(self) -> str:
        return f"{self.label}：{self.value}{self.unit}（{self.valid_from}起）"


class Sequence(models.Model):
    """Named counters for register numbers (XF2026-00001 …); incremented under a row lock."""

    name = models.CharField(max_length=40, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "编号序列"
        verbose_name_plural = "编号序列"

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
