"""Deployed tasks (督办): a deployment document, its task tree, owners, progress reports
and close-out. Rules and the state machine: ``jiandu.directives.rules``; the parser:
``jiandu.directives.parsing``.

Scope ("directives" domain): a task belongs to its owner units; a document to its
issuing unit and to the owners of its tasks. Derived state (overdue, completion rate)
is computed when read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from jiandu.core.scoping import ScopedQuerySet
from jiandu.directives.rules import Status


class DocumentKind(models.TextChoices):
    SPEECH = "speech", "讲话"
    MINUTES = "minutes", "会议纪要"
    PLAN = "plan", "工作方案"
    NOTICE = "notice", "通知"
    OTHER = "other", "其他"


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "待发布"
    PUBLISHED = "published", "已发布"


class TaskStatus(models.TextChoices):
    DRAFT = Status.DRAFT, Status.LABELS[Status.DRAFT]
    ASSIGNED = Status.ASSIGNED, Status.LABELS[Status.ASSIGNED]
    IN_PROGRESS = Status.IN_PROGRESS, Status.LABELS[Status.IN_PROGRESS]
    COMPLETED = Status.COMPLETED, Status.LABELS[Status.COMPLETED]
    CLOSED = Status.CLOSED, Status.LABELS[Status.CLOSED]


class DirectiveDocumentQuerySet(ScopedQuerySet):
    scope_domain = "directives"

    def scope_condition(self, unit_ids: frozenset[int]) -> Q:
        """The issuing unit's, and published documents with a task of one of the units."""
        owned = TaskOwner.objects.filter(task__document=OuterRef("pk"), unit_id__in=list(unit_ids))
        return Q(issuer_unit_id__in=list(unit_ids)) | (
            Q(status=DocumentStatus.PUBLISHED) & Q(Exists(owned))
        )


class DirectiveDocument(models.Model):
    """A deployment speech, minutes or work plan, uploaded and parsed into tasks."""

    title = models.CharField("标题", max_length=200)
    kind = models.CharField("类别", max_length=16, choices=DocumentKind.choices)
    document_date = models.DateField("印发（讲话）日期", db_index=True)
    issuer_unit = models.ForeignKey(
        "org.Unit", verbose_name="交办单位", on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField("原文件名", max_length=200, blank=True)
    text = models.TextField("全文")
    status = models.CharField(
        "状态",
        max_length=16,
        choices=DocumentStatus.choices,
        default=DocumentStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = DirectiveDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "部署文件"
        verbose_name_plural = "部署文件"
        ordering = ["-document_date", "-id"]

    def __str__(self) -> str:
        return self.title


class TaskQuerySet(ScopedQuerySet):
    scope_domain = "directives"

    def scope_condition(self, unit_ids: frozenset[int]) -> Q:
        """Tasks of the user's units (published), and every task of their own documents."""
        owned = TaskOwner.objects.filter(task=OuterRef("pk"), unit_id__in=list(unit_ids))
        return Q(document__issuer_unit_id__in=list(unit_ids)) | (
            ~Q(status=TaskStatus.DRAFT) & Q(Exists(owned))
        )


class Task(models.Model):
    """One task of a document's tree, with the exact source text it came from."""

    document = models.ForeignKey(DirectiveDocument, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveIntegerField("顺序")
    path = models.CharField("结构编号", max_length=80)  # parser key: 三/（四）/二要
    # the numbering as people cite it, shown on every page: 三、（四）二要, 一要，第2段
    citation = models.CharField("编号", max_length=120, blank=True)
    title = models.CharField("任务", max_length=300)
    source_text = models.TextField("原文")
    source_start = models.PositiveIntegerField("原文起点")
    source_end = models.PositiveIntegerField("原文终点")
    is_task = models.BooleanField("列为督办任务", default=True)
    extracted_kind = models.CharField("识别结果", max_length=16, default="task")
    suggested_owners = models.CharField("建议责任单位（识别）", max_length=300, blank=True)
    due_date = models.DateField("完成时限", null=True, blank=True, db_index=True)
    due_phrase = models.CharField("时限依据", max_length=40, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=TaskStatus.choices, default=TaskStatus.DRAFT, db_index=True
    )
    progress = models.PositiveSmallIntegerField("完成进度（%）", default=0)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    close_note = models.TextField("销号说明", blank=True)
    owners = models.ManyToManyField(
        "org.Unit", through="TaskOwner", related_name="directive_tasks", verbose_name="责任单位"
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = "督办任务"
        verbose_name_plural = "督办任务"
        ordering = ["document", "position"]
        indexes = [
            models.Index(fields=["document", "position"]),
            # the statistics: due in a period, and whether closed by its end
            models.Index(fields=["due_date", "closed_at"], name="directive_task_due_closed"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"[:200]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("directives:task_detail", args=(self.pk,))

    @property
    def number(self) -> str:
        """The task's number as people cite it (二、（一）1.)."""
        return self.citation or self.path

    def status_text(self, *, document_published: bool, has_owners: bool) -> str:
        """The status as the document page shows it: a part not proposed as a task
        (工作回顾, 问题不足, 总体要求) is 不列为任务, not 待发布; on a published document a
        task still a draft waits for its owners (待指定责任单位) or its publication."""
        if not self.is_task and self.status == TaskStatus.DRAFT:
            return "不列为任务"
        if self.status == TaskStatus.DRAFT and document_published:
            return "待发布" if has_owners else "待指定责任单位"
        return self.get_status_display()

    @property
    def depth(self) -> int:
        return self.path.count("/")

    @property
    def is_open(self) -> bool:
        return self.status in Status.OPEN


class TaskOwner(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="ownerships")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "责任单位"
        verbose_name_plural = "责任单位"
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="task_owner_once")]
        indexes = [models.Index(fields=["unit", "task"])]

    def __str__(self) -> str:
        return f"{self.task_id} → {self.unit_id}"


class ProgressReport(models.Model):
    """An owner's report: what was done, how far (percentage), with attachments."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("org.Unit", verbose_name="报告单位", on_delete=models.PROTECT)
    text = models.TextField("进展情况")
    percentage = models.PositiveSmallIntegerField("完成进度（%）")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("报告时间")

    class Meta:
        verbose_name = "进展报告"
        verbose_name_plural = "进展报告"
        ordering = ["task", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.task} {self.percentage}%"


class Attachment(models.Model):
    """A file with a progress report or with the close-out (evidence, 佐证材料)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments")
    report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    for_close = models.BooleanField("销号佐证", default=False)
    file = models.FileField(upload_to="directives/%Y/%m/")
    filename = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.filename
