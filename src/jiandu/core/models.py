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

from typing import Any

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


# --- urges and notifications (core.urging, core.notifications) ------------------------------


# The scope domain of each kind of item that can be urged (``core.urging.register``
# fills it): "clues.clue" -> "clues".
URGE_DOMAINS: dict[str, str] = {}


class UrgeQuerySet(models.QuerySet):
    """An urge is seen by whoever sees the kind of item it is about for its unit: the
    scope of the item's domain (``core.urging.Urgeable.domain``) at the urged unit."""

    def visible_to(self, user: Any) -> UrgeQuerySet:
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        condition: models.Q | None = None
        for target_type, domain in URGE_DOMAINS.items():
            scope = user.unit_scope(domain)
            if scope.all:
                part = models.Q(target_type=target_type)
            elif scope.unit_ids:
                part = models.Q(target_type=target_type, unit_id__in=list(scope.unit_ids))
            else:
                continue
            condition = part if condition is None else condition | part
        return self.filter(condition) if condition is not None else self.none()


class Urge(models.Model):
    """催办: a leader's recorded push on an overdue item (a clue, a case, a rectification
    item, a directive task) addressed to the unit responsible for it. ``target_type`` is
    the item's content type (``app_label.model``) and ``target_id`` its id; one row per
    urged unit (a task with two responsible units is urged twice)."""

    target_type = models.CharField("事项类型", max_length=60)
    target_id = models.PositiveBigIntegerField("事项编号")
    target_repr = models.CharField("事项", max_length=200)
    unit = models.ForeignKey(
        "org.Unit", verbose_name="被催办单位", on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField("催办意见")
    due_on = models.DateField("原到期日", null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="催办人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("催办时间", db_index=True)
    acknowledged_at = models.DateTimeField("已阅时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = UrgeQuerySet.as_manager()

    class Meta:
        verbose_name = "催办"
        verbose_name_plural = "催办"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="urge_target"),
            models.Index(fields=["unit", "acknowledged_at"], name="urge_unit_open"),
        ]

    def __str__(self) -> str:
        return f"催办：{self.target_repr}"


class NotificationKind(models.TextChoices):
    APPROVAL = "approval", "待审批"
    ASSIGNED = "assigned", "交办"
    DEADLINE = "deadline", "即将到期"
    URGE = "urge", "催办"
    REPLY = "reply", "举报人留言"


class Notification(models.Model):
    """One in-app notification to one user (``core.notifications``). ``delivered_at`` is
    when it was handed to the delivery channels and appears in the bell: at once for
    "immediate" users, with the next daily digest for "digest" users. ``key`` makes a
    notification happen once per user (e.g. one deadline reminder per item and due
    date)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("类别", max_length=16, choices=NotificationKind.choices)
    title = models.CharField("标题", max_length=200)
    text = models.CharField("内容", max_length=500, blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField("时间", db_index=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~models.Q(key=""),
                name="notification_once_per_key",
            )
        ]
        indexes = [models.Index(fields=["user", "delivered_at", "read_at"], name="notif_inbox")]

    def __str__(self) -> str:
        return self.title


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "即时提醒"
    DIGEST = "digest", "每日汇总"


class NotificationPreference(models.Model):
    """How a user receives notifications: at once, or collected into one daily digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    delivery = models.CharField(
        "接收方式", max_length=16, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )

    class Meta:
        verbose_name = "通知设置"
        verbose_name_plural = "通知设置"

    def __str__(self) -> str:
        return f"{self.user}：{self.get_delivery_display()}"


class DailyRun(models.Model):
    """That a daily job (``core.schedule``) claimed its run on a day: a restart or a
    second worker does not run it again."""

    job = models.CharField(max_length=60)
    on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "每日任务运行"
        verbose_name_plural = "每日任务运行"
        constraints = [models.UniqueConstraint(fields=["job", "on"], name="daily_run_once")]

    def __str__(self) -> str:
        return f"{self.job} {self.on}"
