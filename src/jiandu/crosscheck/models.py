"""Big-data cross-checks (大数据比对): imported dataset versions, runs of the rule library
over them, and the hits (疑点) they produce, triaged into clues or dismissed.

The data engine (``jiandu.crosscheck.engine``) knows nothing of these models: it reads
Parquet files and returns hits; the services here store versions, runs and hits, match
each hit's subject to the organisation register (which decides who sees it) and keep a
hit's identity stable across runs. Triage states and precision: ``jiandu.crosscheck.triage``
(not ``rules``: that name is the engine's folder of rule SQL files).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jiandu.core.scoping import ScopedQuerySet


class DatasetVersion(models.Model):
    """One imported (or exported from the organisation register) version of a dataset
    type, stored as Parquet under ``VAR_DIR/crosscheck``; the source file's hash lets the
    same file be recognised when it is uploaded again."""

    dataset_type = models.CharField("数据类型", max_length=32, db_index=True)
    version = models.PositiveIntegerField("版本")
    internal = models.BooleanField("由干部名册导出", default=False)
    source_name = models.CharField("来源文件", max_length=200)
    source_sha256 = models.CharField("文件SHA-256", max_length=64, db_index=True)
    parquet_path = models.CharField("数据文件", max_length=300)
    rows_total = models.PositiveIntegerField("总行数", default=0)
    rows_accepted = models.PositiveIntegerField("导入行数", default=0)
    rows_rejected = models.PositiveIntegerField("拒收行数", default=0)
    header_mapping = models.JSONField("列对应关系", default=dict, blank=True)
    rejections = models.JSONField("拒收行（前若干行）", default=list, blank=True)
    rejections_path = models.CharField("拒收行报告", max_length=300, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "比对数据集版本"
        verbose_name_plural = "比对数据集版本"
        ordering = ["dataset_type", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset_type", "version"], name="uniq_crosscheck_dataset_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} 第{self.version}版"

    @property
    def label(self) -> str:
        from jiandu.crosscheck.triage import dataset_label

        return dataset_label(self.dataset_type)


class Engine(models.TextChoices):
    DUCKDB = "duckdb", "DuckDB（单机）"
    SPARK = "spark", "Spark（集群）"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "运行中"
    SUCCEEDED = "succeeded", "已完成"
    FAILED = "failed", "失败"
    CANCELLED = "cancelled", "已取消"


FINISHED = (RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.CANCELLED)


class BackgroundJob(models.Model):
    """What every background job of the module keeps (a run, a dataset import): its
    state, progress, a heartbeat written by the worker while it works (a job whose
    heartbeat stops is taken to have died with its worker, see ``jiandu.crosscheck.jobs``)
    and a cancel request the worker checks between steps."""

    status = models.CharField(
        "状态", max_length=12, choices=RunStatus.choices, default=RunStatus.QUEUED, db_index=True
    )
    progress_done = models.PositiveIntegerField("已完成步数", default=0)
    progress_total = models.PositiveIntegerField("总步数", default=0)
    progress_note = models.CharField("当前步骤", max_length=200, blank=True)
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)
    cancel_requested_at = models.DateTimeField("请求取消时间", null=True, blank=True)
    error = models.TextField("错误信息", blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def percent(self) -> int:
        if self.status == RunStatus.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class Run(BackgroundJob):
    """One run of (some of) the rules over the current dataset versions, as a background
    task; ``progress_done``/``progress_total`` are written while it runs."""

    engine = models.CharField("引擎", max_length=10, choices=Engine.choices, default="duckdb")
    rule_codes = models.JSONField("规则", default=list)
    dataset_versions = models.ManyToManyField(
        DatasetVersion, verbose_name="使用的数据集版本", blank=True, related_name="runs"
    )
    rule_versions = models.JSONField("规则版本", default=dict, blank=True)
    skipped = models.JSONField("未运行的规则及原因", default=dict, blank=True)
    hits_total = models.PositiveIntegerField("疑点数", default=0)
    hits_new = models.PositiveIntegerField("新发现疑点数", default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "比对运行"
        verbose_name_plural = "比对运行"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"第{self.pk}次比对"


class DatasetImport(BackgroundJob):
    """One upload of a dataset file, imported by a background task that streams it:
    the upload waits under ``VAR_DIR/tmp`` (random name) until the task has read it;
    the result is a :class:`DatasetVersion`, or the reason it was refused (with the
    first rejected rows when none could be imported)."""

    dataset_type = models.CharField("数据类型", max_length=32)
    source_name = models.CharField("来源文件", max_length=200)
    upload_name = models.CharField("待导入文件", max_length=100, blank=True)
    mapping = models.JSONField("列对应关系", default=dict, blank=True)
    rows_read = models.PositiveIntegerField("已读行数", default=0)
    rejections = models.JSONField("拒收行（前若干行）", default=list, blank=True)
    version = models.ForeignKey(
        DatasetVersion,
        verbose_name="导入的版本",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "比对数据导入"
        verbose_name_plural = "比对数据导入"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"第{self.pk}次数据导入"

    @property
    def label(self) -> str:
        from jiandu.crosscheck.triage import dataset_label

        return dataset_label(self.dataset_type)


class Severity(models.TextChoices):
    HIGH = "high", "高"
    MEDIUM = "medium", "中"
    LOW = "low", "低"


class HitStatus(models.TextChoices):
    NEW = "new", "待研判"
    CONFIRMED = "confirmed", "已转线索"
    DISMISSED = "dismissed", "已排除"


class HitQuerySet(ScopedQuerySet):
    """A hit belongs to the unit of the person or body concerned, as matched to the
    organisation register; unmatched hits are seen by the roles that see every unit."""

    scope_domain = "crosscheck"
    scope_lookups = ("subject_unit",)


class Hit(models.Model):
    """A 疑点: one rule's finding about one subject, with a stable identity (the rule's
    key values hashed by the engine) so that a re-run finds it again instead of adding
    it twice. Provenance: the rule version, the dataset versions and the evidence rows
    of the run that first found it."""

    rule_code = models.CharField("规则", max_length=8)
    rule_version = models.CharField("规则版本", max_length=16)
    identity = models.CharField("疑点标识", max_length=32)
    severity = models.CharField("风险等级", max_length=8, choices=Severity.choices)
    summary = models.CharField("疑点摘要", max_length=300)
    confidence = models.FloatField("匹配可信度", default=1.0)
    amount = models.DecimalField("涉及金额", max_digits=16, decimal_places=2, null=True)
    subject_name = models.CharField("当事人", max_length=100)
    subject_citizen_id = models.CharField("身份证号", max_length=18, blank=True)
    subject_unit_name = models.CharField("数据中的单位", max_length=120, blank=True)
    subject_cadre = models.ForeignKey(
        "org.Cadre",
        verbose_name="对应干部",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="crosscheck_hits",
    )
    subject_unit = models.ForeignKey(
        "org.Unit",
        verbose_name="对应单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="crosscheck_hits",
    )
    evidence = models.JSONField("证据行", default=list)
    dataset_versions = models.ManyToManyField(
        DatasetVersion, verbose_name="数据集版本", blank=True, related_name="hits"
    )
    first_run = models.ForeignKey(
        Run, verbose_name="首次发现", on_delete=models.PROTECT, related_name="new_hits"
    )
    last_run = models.ForeignKey(
        Run, verbose_name="最近一次发现", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "研判状态", max_length=12, choices=HitStatus.choices, default=HitStatus.NEW
    )
    reason = models.CharField("排除理由", max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="研判人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("研判时间", null=True, blank=True)
    # The dated triage events the statistics count (DOMAIN.md §9): the day the hit was
    # confirmed (final), and the day it was first dismissed (kept if it is reopened, so
    # that a past period recounts the same).
    confirmed_on = models.DateField("确认日期", null=True, blank=True, db_index=True)
    dismissed_on = models.DateField("首次排除日期", null=True, blank=True, db_index=True)
    clue = models.ForeignKey(
        "clues.Clue",
        verbose_name="问题线索",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="crosscheck_hits",
    )
    created_at = models.DateTimeField("发现时间", auto_now_add=True)

    objects = HitQuerySet.as_manager()

    class Meta:
        verbose_name = "比对疑点"
        verbose_name_plural = "比对疑点"
        ordering = ["-first_run_id", "rule_code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rule_code", "identity"], name="uniq_crosscheck_hit")
        ]
        indexes = [
            models.Index(fields=["status", "rule_code"], name="crosscheck_hit_status_rule"),
            models.Index(fields=["subject_unit", "status"], name="crosscheck_hit_unit_status"),
            models.Index(fields=["first_run", "rule_code"], name="crosscheck_hit_first_run"),
            # the dated events of the statistics (found, confirmed, dismissed)
            models.Index(fields=["created_at"], name="crosscheck_hit_created"),
            # the search box's exact lookup of a citizen ID (most hits have none)
            models.Index(
                fields=["subject_citizen_id"],
                name="crosscheck_hit_citizen_id",
                condition=~models.Q(subject_citizen_id=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_code} {self.subject_name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("crosscheck:hit_detail", args=(self.pk,))

    @property
    def ref_label(self) -> str:
        return f"{self.rule_code}-{self.pk}"
