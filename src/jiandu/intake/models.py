"""Reports (信访举报): registration, jurisdiction, duplicates, reporter protection, the
public portal's receipt codes and messages. Rules: DOMAIN.md §2."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jiandu.core.approvals import Approval
from jiandu.core.deadlines import Deadline
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


class ReportOutcome(models.TextChoices):
    """How a report ended, by category: what the portal may tell the reporter
    (``rules.PUBLIC_RESULT``), never the clue's or case's details."""

    CLOSED = "closed", "予以了结"
    CHECKED = "checked", "核查后了结"
    UNFOUNDED = "unfounded", "经核查不属实或无法查实"
    PARTLY_TRUE = "partly_true", "经核查部分属实，已作处理"
    TRUE = "true", "经核查属实，已作处理"
    TRANSFERRED = "transferred", "移送有关党组织或机关"
    CASE_DECIDED = "case_decided", "立案审查调查，已作出处理决定"
    CASE_REVOKED = "case_revoked", "立案审查调查，已撤销案件"
    FORWARDED = "forwarded", "转送有关机关办理"
    DONE = "done", "办理完毕"


class Jurisdiction(models.TextChoices):
    ACCEPT = "accept", "本级受理"
    FORWARD_OTHER = "forward_other", "转送其他机关"
    FORWARD_LOWER = "forward_lower", "转下级纪委监委"
    FORWARD_HIGHER = "forward_higher", "报送上一级纪委监委"


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
    jurisdiction_decided_at = models.DateTimeField(
        "管辖决定时间", null=True, blank=True, db_index=True
    )
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
    ack_due = models.DateField("受理告知期限", null=True, blank=True, db_index=True)
    ack_due_provisional = models.BooleanField(default=False)
    ack_sent_on = models.DateField("受理告知日期", null=True, blank=True)
    result_due = models.DateField("结果告知期限", null=True, blank=True, db_index=True)
    result_due_provisional = models.BooleanField(default=False)
    result_sent_on = models.DateField("结果告知日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    outcome = models.CharField("办理结果", max_length=16, choices=ReportOutcome.choices, blank=True)
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
        indexes = [
            models.Index(fields=["status", "received_at"]),
            # the statistics: a subtree's reports received in a period (one county's
            # among a province's million)
            models.Index(fields=["handling_unit", "received_at"], name="report_unit_received"),
        ]

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


# --- reports assigned down by a higher commission (上级交办, [检举控告规则] 20–23) --------------


class Assignment(models.Model):
    """A report the higher commission assigned (交办) to this one: who assigned it and
    when it arrived; the result is reported upward within 3 months, extendable by 3 with
    the principal leader's approval ([检举控告规则] 21: ``ReportDeadline``,
    ``ReportApproval``); the 督办 from above are ``AssignmentSupervision`` rows."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="assignment")
    assigning_body = models.CharField("交办机关", max_length=100)
    reference = models.CharField("交办文号", max_length=60, blank=True)
    received_on = models.DateField("接到交办日期")
    extended = models.BooleanField("已延长办理期限", default=False)
    result_reported_on = models.DateField("报送核查处理情况日期", null=True, blank=True)
    result_summary = models.TextField("报送的核查处理情况", blank=True)

    class Meta:
        verbose_name = "上级交办"
        verbose_name_plural = "上级交办"

    def __str__(self) -> str:
        return f"{self.report.number} {self.assigning_body}交办"


class SupervisionMethod(models.TextChoices):
    """The ways a higher commission urges an assigned report ([检举控告规则] 22)."""

    LETTER = "letter", "发函督办"
    BRIEFING = "briefing", "听取汇报"
    FILE_REVIEW = "file_review", "审阅案卷"
    INSPECTION = "inspection", "检查督促"


class AssignmentSupervision(models.Model):
    """督办 from the assigning commission: when, by whom, how, what it asks."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="supervisions"
    )
    on = models.DateField("督办日期")
    body = models.CharField("督办机关", max_length=100)
    method = models.CharField(
        "督办方式", max_length=16, choices=SupervisionMethod.choices, default="letter"
    )
    content = models.TextField("督办内容")
    reply_by = models.DateField("要求报告日期", null=True, blank=True)

    class Meta:
        verbose_name = "上级督办"
        verbose_name_plural = "上级督办"
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.body} {self.on}"


class ReportDeadlineKind(models.TextChoices):
    # [检举控告规则] 21: 3 months, +3 with the principal leader's approval.
    ASSIGNMENT = "assignment", "交办件办结并报送核查处理情况"
    # [检举控告规则] 22: the date the 督办 sets.
    SUPERVISION = "supervision", "按督办要求报告"


class ReportDeadline(Deadline):
    """A time limit of a report beyond the notices (``core.deadlines``)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField("时限", max_length=24, choices=ReportDeadlineKind.choices)

    class Meta(Deadline.Meta):
        verbose_name = "信访件时限"
        verbose_name_plural = "信访件时限"
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=models.Q(met_on__isnull=True),
                name="report_deadline_running_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report.number} {self.get_kind_display()} {self.due_on}"


class ReportApproval(Approval):
    """A step of a report that needs a leader's approval: the extension of an assigned
    report ([检举控告规则] 21: 经本机关主要负责人批准); the proposer never approves."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="approvals")

    approve_capability = "reports.approve"
    owner_field = "report"

    class Meta(Approval.Meta):
        verbose_name = "信访件审批记录"
        verbose_name_plural = "信访件审批记录"

    def __str__(self) -> str:
        return f"{self.report.number} {self.step}"
