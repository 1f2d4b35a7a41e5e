"""Reference data every module shares.

The legal calendar: statutory holidays and make-up working days by year. Seeded
2004–2026 from the bundled chinesecalendar package; an administrator enters a new year
(e.g. 2027, once the State Council publishes it) in the admin. A year with no
``CalendarYear`` row is unknown: dates in it are computed on weekends alone and marked
provisional (DOMAIN.md §1).

The problem categories reports, clues and cases are classified by (``ProblemCategory``).
Policy values and the number sequences.
"""

from __future__ import annotations

from django.conf import settings
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


class HolidayEntry(models.Model):
    """A year's arrangement entered on the calendar page (``core.holiday_entry``): the
    text as pasted or typed, who entered it, and the open due dates it moved."""

    year = models.PositiveSmallIntegerField("年份")
    source = models.CharField("来源", max_length=60)
    text = models.TextField("安排原文")
    holiday_count = models.PositiveSmallIntegerField("放假天数", default=0)
    workday_count = models.PositiveSmallIntegerField("调休上班天数", default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "节假日安排录入"
        verbose_name_plural = "节假日安排录入"
        ordering = ["-entered_at", "-id"]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:holiday_entry_detail", args=(self.pk,))


class DueDateChange(models.Model):
    """One open provisional due date recomputed when a year was entered: the old and
    the new date, and the report, clue, case … it belongs to (``owner_id`` of the
    registered due date ``source``, ``core.deadlines.StoredDue``)."""

    entry = models.ForeignKey(HolidayEntry, on_delete=models.CASCADE, related_name="changes")
    source = models.CharField("期限类别", max_length=80)
    label = models.CharField("时限", max_length=60)
    row_id = models.PositiveBigIntegerField()
    owner_id = models.PositiveBigIntegerField(db_index=True)
    item = models.CharField("事项", max_length=200)
    url = models.CharField(max_length=200, blank=True)
    old_due = models.DateField("原到期日")
    new_due = models.DateField("新到期日")
    old_provisional = models.BooleanField(default=True)
    new_provisional = models.BooleanField(default=False)

    class Meta:
        verbose_name = "期限重算记录"
        verbose_name_plural = "期限重算记录"
        ordering = ["entry", "new_due", "id"]

    def __str__(self) -> str:
        return f"{self.item} {self.label} {self.old_due}→{self.new_due}"

    @property
    def moved(self) -> bool:
        return self.old_due != self.new_due


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


class CategoryGroup(models.TextChoices):
    DISCIPLINE = "discipline", "六项纪律"
    EIGHT_POINT_FORMALISM = "formalism", "形式主义、官僚主义"
    EIGHT_POINT_HEDONISM = "hedonism", "享乐主义、奢靡之风"
    FIELD = "field", "问题领域"


class ProblemCategory(models.Model):
    """A problem category of reports, clues and cases (the six disciplines, the eight-point
    rules, fields of concern); the eight-point list changes over time, so each row has
    dates. Seeded by the intake migration ``0002_seed_categories``; kept here, below the
    domain apps, because all of them classify by it."""

    code = models.CharField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60)
    group = models.CharField("类别组", max_length=20, choices=CategoryGroup.choices)
    valid_from = models.DateField("启用日期")
    valid_to = models.DateField("停用日期", null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        db_table = "intake_problemcategory"  # the table kept its name when the model moved
        verbose_name = "问题类别"
        verbose_name_plural = "问题类别"
        ordering = ["group", "sort_order", "code"]

    def __str__(self) -> str:
        return self.name


SEPARATOR = "|"  # a search token between two texts of a row: no phrase spans it


def tokens_for_database(tokens: list[str], vendor: str) -> str:
    """What the ``tokens`` column stores: a ``tsvector`` literal with positions on
    PostgreSQL, the tokens between spaces elsewhere."""
    if vendor == "postgresql":
        parts = []
        position = 0
        for token in tokens:
            position += 1
            if token == SEPARATOR:
                continue  # a gap of one position
            parts.append(f"'{token}':{min(position, 16383)}")
        return " ".join(parts)
    return " " + " ".join(tokens) + " " if tokens else ""


class TokensField(models.TextField):
    """The search tokens of a row (``jiandu.core.search``): a ``tsvector`` on PostgreSQL
    (written as its literal, so PostgreSQL's text parser, which drops Chinese characters
    under a C locale, never touches it), space-separated tokens elsewhere."""

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "tsvector"
        return super().db_type(connection)

    def get_db_prep_value(self, value, connection, prepared=False):
        if isinstance(value, list | tuple):
            return tokens_for_database(list(value), connection.vendor)
        return super().get_db_prep_value(value, connection, prepared)


class SearchEntry(models.Model):
    """One searchable row of one kind (``jiandu.core.search``): the tokens of its number,
    names and text. Derived data, kept up to date by signals and ``jiandu search_reindex``;
    what a user finds is decided by the kind's scoped selector, never by this table."""

    kind = models.CharField("类别", max_length=24)
    object_id = models.BigIntegerField("对象")
    tokens = TokensField("检索词")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "检索索引"
        verbose_name_plural = "检索索引"
        constraints = [
            # object_id first: the index serves the writes (one object's entry), and
            # the planner never ANDs a scan of a whole kind with the GIN scan.
            models.UniqueConstraint(fields=["object_id", "kind"], name="uniq_search_entry")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
