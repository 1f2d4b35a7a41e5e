"""Inspection tours and rectification (巡察整改): rounds, the organisations each round
inspects, the findings fed back to them, the clues the tours transferred, and the
rectification ledger (整改台账) with its evidence, progress and escalation documents.

Rules and the state machine: ``jiandu.inspections.rules`` (DOMAIN.md §8).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jiandu.core.scoping import ScopedQuerySet


class RoundKind(models.TextChoices):
    REGULAR = "regular", "常规巡察"
    SPECIAL = "special", "专项巡察"
    MOBILE = "mobile", "机动巡察"
    ELEVATED = "elevated", "提级巡察"
    CROSS = "cross", "交叉巡察"
    VILLAGE = "village", "村（社区）巡察延伸"


class FindingCategory(models.TextChoices):
    """How findings are grouped in feedback reports (the "three focuses" of county
    inspections plus conduct and earlier rectification)."""

    POLITICAL = "political", "政治建设方面"
    ORGANISATIONAL = "organisational", "组织建设方面"
    INTEGRITY = "integrity", "廉洁自律方面"
    CONDUCT = "conduct", "作风建设方面"
    PEOPLE = "people", "群众身边不正之风方面"
    RESPONSIBILITY = "responsibility", "全面从严治党责任落实方面"
    RECTIFICATION = "rectification", "巡视巡察和审计整改方面"
    OTHER = "other", "其他方面"


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未启动"
    IN_PROGRESS = "in_progress", "整改中"
    DONE = "done", "已完成待验收"
    CLOSED = "closed", "已销号"
    LONG_TERM = "long_term", "长期坚持"


class EscalationLevel(models.TextChoices):
    """Local practice (DOMAIN.md §8), in this order."""

    NOTICE = "notice", "督办通知书"
    REMINDER = "reminder", "提醒书"
    WARNING = "warning", "告诫书"
    ACCOUNTABILITY = "accountability", "问责建议"


# --- rounds --------------------------------------------------------------------------------


class RoundQuerySet(ScopedQuerySet):
    scope_domain = "inspections"
    scope_lookups = ("targets__unit",)


class InspectionRound(models.Model):
    """One round of inspection tours (e.g. 县委第二轮巡察)."""

    name = models.CharField("轮次名称", max_length=60)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    ordinal = models.PositiveSmallIntegerField("轮次")
    kind = models.CharField("巡察类型", max_length=16, choices=RoundKind.choices)
    started_on = models.DateField("开始日期")
    focus = models.TextField("巡察重点", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = "巡察轮次"
        verbose_name_plural = "巡察轮次"
        ordering = ["-year", "-ordinal", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "ordinal"], name="uniq_inspection_round")
        ]

    def __str__(self) -> str:
        return self.name


class InspectionGroup(models.Model):
    """A tour group (巡察组) of a round."""

    round = models.ForeignKey(InspectionRound, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField("巡察组", max_length=40)
    leader_name = models.CharField("组长", max_length=40, blank=True)
    members = models.CharField("成员", max_length=200, blank=True)

    class Meta:
        verbose_name = "巡察组"
        verbose_name_plural = "巡察组"
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="uniq_inspection_group")
        ]

    def __str__(self) -> str:
        return f"{self.round.name}{self.name}"


class TargetQuerySet(ScopedQuerySet):
    scope_domain = "inspections"
    scope_lookups = ("unit",)


class InspectedOrganisation(models.Model):
    """An organisation inspected in a round: its tour group, the dates of entry (进驻)
    and feedback (反馈), and the rectification report due 2 months after the feedback
    ([巡视条例] 27), fixed when the feedback is recorded."""

    round = models.ForeignKey(InspectionRound, on_delete=models.PROTECT, related_name="targets")
    group = models.ForeignKey(
        InspectionGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="targets"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name="被巡察单位", on_delete=models.PROTECT, related_name="+"
    )
    entered_on = models.DateField("进驻日期")
    left_on = models.DateField("撤离日期", null=True, blank=True)
    feedback_on = models.DateField("反馈日期", null=True, blank=True)
    report_due_on = models.DateField("整改报告到期日", null=True, blank=True, db_index=True)
    report_due_provisional = models.BooleanField("暂按法定节日和双休日推算", default=False)
    report_submitted_on = models.DateField("整改报告报送日期", null=True, blank=True)
    report_note = models.TextField("整改报告摘要", blank=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = "被巡察单位"
        verbose_name_plural = "被巡察单位"
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="uniq_inspection_target")
        ]
        indexes = [models.Index(fields=["unit", "round"])]

    def __str__(self) -> str:
        return f"{self.round.name}·{self.unit.name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("inspections:target_detail", args=(self.pk,))

    @property
    def ref_label(self) -> str:
        return self.unit.name


# --- findings and transferred clues ---------------------------------------------------------


class FindingQuerySet(ScopedQuerySet):
    scope_domain = "inspections"
    scope_lookups = ("target__unit",)


class Finding(models.Model):
    """A problem the tour fed back to the organisation ([巡视条例] 26)."""

    target = models.ForeignKey(
        InspectedOrganisation, on_delete=models.PROTECT, related_name="findings"
    )
    category = models.CharField(
        "问题类别", max_length=20, choices=FindingCategory.choices, db_index=True
    )
    description = models.TextField("问题描述")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = "反馈问题"
        verbose_name_plural = "反馈问题"
        ordering = ["target", "id"]

    def __str__(self) -> str:
        return self.description[:40]


class TransferredClue(models.Model):
    """A clue the tour transferred ([巡视条例] 28): registered as a clue with source
    巡察移交, whose 3-month feedback limit ([巡视条例] 29) the clue register keeps."""

    target = models.ForeignKey(
        InspectedOrganisation, on_delete=models.PROTECT, related_name="transferred_clues"
    )
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="clues"
    )
    clue = models.OneToOneField(
        "clues.Clue", on_delete=models.PROTECT, related_name="inspection_transfer"
    )

    class Meta:
        verbose_name = "巡察移交线索"
        verbose_name_plural = "巡察移交线索"
        ordering = ["target", "id"]

    def __str__(self) -> str:
        return str(self.clue)


# --- the rectification ledger ---------------------------------------------------------------


class ItemQuerySet(ScopedQuerySet):
    """An item belongs to the inspected organisation's ledger and to its responsible
    unit: either one's people (or those who supervise them) see it."""

    scope_domain = "inspections"
    scope_lookups = ("finding__target__unit", "responsible_unit")


class RectificationItem(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="items")
    seq = models.PositiveIntegerField("序号")
    measures = models.TextField("整改措施")
    responsible_unit = models.ForeignKey(
        "org.Unit", verbose_name="责任单位", on_delete=models.PROTECT, related_name="+"
    )
    responsible_person = models.CharField("责任人", max_length=40)
    deadline = models.DateField("完成时限", db_index=True)
    immediate = models.BooleanField("立行立改", default=False)
    status = models.CharField(
        "状态",
        max_length=16,
        choices=ItemStatus.choices,
        default=ItemStatus.NOT_STARTED,
        db_index=True,
    )
    progress = models.TextField("整改进展", blank=True)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_on = models.DateField("销号日期", null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    check_note = models.CharField("验收意见", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"
        ordering = ["finding__target", "seq", "id"]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["responsible_unit", "status"]),
            # the statistics: due in a period, and whether closed by its end
            models.Index(fields=["deadline", "closed_on"], name="insp_item_due_closed"),
        ]

    def __str__(self) -> str:
        return f"{self.seq}. {self.measures[:30]}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("inspections:item_detail", args=(self.pk,))


class ItemProgress(models.Model):
    """A progress report by the responsible unit (or recorded for it)."""

    item = models.ForeignKey(RectificationItem, on_delete=models.CASCADE, related_name="reports")
    on = models.DateField("日期")
    text = models.TextField("进展情况")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "整改进展"
        verbose_name_plural = "整改进展"
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.text[:30]}"


class Evidence(models.Model):
    """Evidence of rectification (佐证材料): a file kept outside the web root and served
    only through a scoped view."""

    item = models.ForeignKey(RectificationItem, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="inspections/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    note = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Escalation(models.Model):
    """One escalation document issued for an overdue item; its text is kept so that the
    Word file can be produced again exactly as issued."""

    item = models.ForeignKey(
        RectificationItem, on_delete=models.PROTECT, related_name="escalations"
    )
    level = models.CharField("督办层级", max_length=16, choices=EscalationLevel.choices)
    doc_number = models.CharField("文号", max_length=40, unique=True)
    issuer = models.CharField("发文机关", max_length=100)
    title = models.CharField("标题", max_length=100)
    issued_on = models.DateField("签发日期")
    addressee = models.CharField("主送", max_length=100)
    body = models.TextField("正文")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "督办记录"
        verbose_name_plural = "督办记录"
        ordering = ["item", "issued_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "level"], name="uniq_item_escalation_level")
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.doc_number}"
