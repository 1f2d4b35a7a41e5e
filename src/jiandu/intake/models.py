"""Reports (信访举报): registration, jurisdiction, duplicates, reporter protection, the
public portal's receipt codes and messages. Rules: DOMAIN.md §2."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jiandu.core.models import ProblemCategory
from jiandu.core.scoping import ScopedQuerySet


class Channel(models.TextChoices):
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    CALL = "call", "来电"
    ONLINE = "online", "网络举报"
    HIGHER_ASSIGNMENT = "higher_assignment", "上级交办/转办"
    INSPECTION_TRANSFER = "inspection_transfer", "巡察移交"
    AUDIT_TRANSFER = "audit_transfer", "审计移送"
    LAW_ENFORCEMENT = "law_enforcement", "执法司法机关移送"
    SURRENDER = "surrender", "主动投案"
    OTHER = "other", "其他"


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", "待登记"  # arrived through the portal, not yet registered
    REGISTERED = "registered", "已登记"  # registered, jurisdiction not yet decided
    ACCEPTED = "accepted", "本级受理"
    FORWARDED = "forwarded", "已转送"
    CLOSED = "closed", "已办结"


class Jurisdiction(models.TextChoices):
    ACCEPT = "accept", "本级受理"
    FORWARD_OTHER = "forward_other", "转送其他机关"
    FORWARD_LOWER = "forward_lower", "转下级纪委监委"


class ReportQuerySet(ScopedQuerySet):
    scope_domain = "reports"
    scope_lookups = ("handling_unit", "subjects__unit")


class Report(models.Model):
    number = models.CharField("编号", max_length=30, unique=True)
    channel = models.CharField("来源渠道", max_length=24, choices=Channel.choices, db_index=True)
    received_at = models.DateTimeField("收到时间", db_index=True)
    is_named = models.BooleanField("实名", default=False)
    # name, id_number, phone, address of the reporter: AES-GCM, see jiandu.core.crypto.
    reporter_identity = models.TextField("举报人信息（加密）", blank=True)
    content = models.TextField("反映内容")
    subject_text = models.CharField("被反映人（原文）", max_length=200, blank=True)
    unit_text = models.CharField("被反映人单位（原文）", max_length=200, blank=True)
    categories = models.ManyToManyField(ProblemCategory, verbose_name="问题类别", blank=True)
    status = models.CharField(
        "状态",
        max_length=16,
        choices=ReportStatus.choices,
        default=ReportStatus.REGISTERED,
        db_index=True,
    )
    handling_unit = models.ForeignKey(
        "org.Unit",
        verbose_name="办理单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    jurisdiction = models.CharField(
        "管辖决定", max_length=16, choices=Jurisdiction.choices, blank=True
    )
    jurisdiction_due = models.DateField("管辖决定期限", null=True, blank=True)
    jurisdiction_due_provisional = models.BooleanField(default=False)
    jurisdiction_decided_at = models.DateTimeField("管辖决定时间", null=True, blank=True)
    forward_to = models.CharField("转送至", max_length=100, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name="重复件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    about_principal_leader = models.BooleanField("反映本级纪委监委主要负责人", default=False)
    ack_due = models.DateField("受理告知期限", null=True, blank=True)
    ack_due_provisional = models.BooleanField(default=False)
    ack_sent_on = models.DateField("受理告知日期", null=True, blank=True)
    result_due = models.DateField("结果告知期限", null=True, blank=True)
    result_due_provisional = models.BooleanField(default=False)
    result_sent_on = models.DateField("结果告知日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    from_portal = models.BooleanField("网上举报平台提交", default=False)
    receipt_code_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField("登记时间", null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = "信访举报"
        verbose_name_plural = "信访举报"
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "received_at"])]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("intake:report_detail", args=(self.pk,))


class ReportSubject(models.Model):
    """A person (or unit) the report is about: as written, and the cadre once confirmed."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="subjects")
    name = models.CharField("被反映人", max_length=40)
    cadre = models.ForeignKey(
        "org.Cadre",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_subjects",
    )
    unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit_text = models.CharField("单位（原文）", max_length=100, blank=True)
    confirmed = models.BooleanField("已确认", default=False)

    class Meta:
        verbose_name = "被反映人"
        verbose_name_plural = "被反映人"

    def __str__(self) -> str:
        return self.name


class ReportAttachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="intake/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.original_name


class MessageDirection(models.TextChoices):
    TO_REPORTER = "out", "信访室留言"
    FROM_REPORTER = "in", "举报人留言"


class PortalMessage(models.Model):
    """Two-way anonymous messaging between the petition office and a reporter who holds
    the receipt code."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=3, choices=MessageDirection.choices)
    body = models.TextField("内容")
    created_at = models.DateTimeField(auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "留言"
        verbose_name_plural = "留言"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.get_direction_display()}"


class DuplicateLinkStatus(models.TextChoices):
    SUGGESTED = "suggested", "待确认"
    CONFIRMED = "confirmed", "已确认重复"
    REJECTED = "rejected", "不是重复件"


class DuplicateSuggestion(models.Model):
    """An earlier report the system found similar; the clerk confirms or rejects it."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="duplicate_suggestions"
    )
    candidate = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField("相似度")
    same_subject = models.BooleanField("被反映人相同", default=False)
    status = models.CharField(
        max_length=10, choices=DuplicateLinkStatus.choices, default=DuplicateLinkStatus.SUGGESTED
    )

    class Meta:
        verbose_name = "重复件提示"
        verbose_name_plural = "重复件提示"
        ordering = ["-similarity"]
        constraints = [
            models.UniqueConstraint(fields=["report", "candidate"], name="uniq_duplicate_pair")
        ]

    def __str__(self) -> str:
        return f"{self.report} ~ {self.candidate}"


class ReportSignature(models.Model):
    """The MinHash signature of a report's text (``jiandu.intake.similarity``): the hash
    values as little-endian uint32 bytes. Kept so the near-duplicate index survives
    restarts and is shared by processes."""

    report = models.OneToOneField(
        Report, on_delete=models.CASCADE, primary_key=True, related_name="signature"
    )
    signature = models.BinaryField("MinHash签名")
    shingle_count = models.PositiveIntegerField("分片数")

    class Meta:
        verbose_name = "文本签名"
        verbose_name_plural = "文本签名"

    def __str__(self) -> str:
        return f"{self.report_id}"


class IdentityRequestStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"
    READ = "read", "已查阅"
    WITHDRAWN = "withdrawn", "已撤回"


class IdentityAccessRequest(models.Model):
    """A request to see a reporter's identity by someone outside the petition office: a
    written reason, approved or refused by a second person (a leader or the 信访室 head,
    never the requester), then one read within a time window. Every step is an audit
    event (DESIGN.md Security; the rules: ``jiandu.intake.identity_rules``). "Expired"
    is derived from ``expires_at``, not stored."""

    report = models.ForeignKey(
        Report, verbose_name="信访件", on_delete=models.PROTECT, related_name="identity_requests"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("申请理由")
    status = models.CharField(
        "状态",
        max_length=12,
        choices=IdentityRequestStatus.choices,
        default=IdentityRequestStatus.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField("申请时间")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)
    expires_at = models.DateTimeField("查阅截止时间", null=True, blank=True)
    read_at = models.DateTimeField("查阅时间", null=True, blank=True)

    class Meta:
        verbose_name = "举报人信息查阅申请"
        verbose_name_plural = "举报人信息查阅申请"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.report.number} 举报人信息查阅申请"
