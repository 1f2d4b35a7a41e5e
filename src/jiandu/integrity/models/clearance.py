"""Integrity clearance requests (党风廉政意见回复, DOMAIN.md §7, [规则] 17–18).

A request comes from an asking body (组织部, 人大, 统战部, the unit for an award …),
named by its unit in the register (``asking_unit``, the scope) and the name it signs
with (``asking_body``); it lists the people (``ClearancePerson``), each matched to the
register by citizen ID. The handling office (案管室) has the system propose each
person's answer from the record on the target date, reviews it, changes an answer with
a reason, and submits the batch; a leader approves (never the proposer:
``ClearanceApproval``). At approval the reply is frozen — each person's answer, its text
and the facts behind it stay as they were, whatever happens to the record later. The
letter is generated under a 文号 of the commission and the signed scan uploaded back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from jiandu.core.approvals import Approval
from jiandu.core.scoping import ScopedQuerySet
from jiandu.integrity.rules import Answer


class ClearancePurpose(models.TextChoices):
    PROMOTION = "promotion", "提拔任用"
    AWARD = "award", "评先评优"
    ELECTION = "election", "换届"
    CONFIRMATION = "confirmation", "转正"
    OTHER = "other", "其他"


class ClearanceStatus(models.TextChoices):
    SUBMITTED = "submitted", "待提出意见"
    PROPOSED = "proposed", "审核中"
    AWAITING_APPROVAL = "awaiting_approval", "待审批"
    APPROVED = "approved", "已审批待出函"
    ISSUED = "issued", "已出具回复函"
    REPLIED = "replied", "已回复"


class ClearanceRequestQuerySet(ScopedQuerySet):
    """A request belongs to the asking unit: the 组织部门 account sees its own unit's
    (LIAISON), the commission sees all."""

    scope_domain = "clearance"
    scope_lookups = ("asking_unit",)


class ClearanceRequest(models.Model):
    number = models.CharField("编号", max_length=20, unique=True)
    asking_unit = models.ForeignKey(
        "org.Unit", verbose_name="征求意见单位", on_delete=models.PROTECT, related_name="+"
    )
    asking_body = models.CharField("征求意见机关", max_length=100)
    # The office that handles the reply (the commission's 案件监督管理室): the unit the
    # statistics count the request for (``integrity.figures``).
    handling_unit = models.ForeignKey(
        "org.Unit",
        verbose_name="办理单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    purpose = models.CharField(
        "事由", max_length=16, choices=ClearancePurpose.choices, db_index=True
    )
    purpose_note = models.CharField("事由说明", max_length=200, blank=True)
    received_on = models.DateField("收到日期", db_index=True)
    due_on = models.DateField("回复期限")
    due_provisional = models.BooleanField("回复期限暂按法定节日和双休日推算", default=False)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=ClearanceStatus.choices,
        default=ClearanceStatus.SUBMITTED,
        db_index=True,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # The date whose record the answers read (the reply date; default the day the
    # proposals were made).
    target_date = models.DateField("意见截止日期", null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_on = models.DateField("提出意见日期", null=True, blank=True)
    approved_on = models.DateField("审批日期", null=True, blank=True)
    reply_number = models.CharField("回复函文号", max_length=60, blank=True)
    issued_on = models.DateField("回复日期", null=True, blank=True)
    signed_scan = models.FileField("回复函签发扫描件", upload_to="clearance/", blank=True)
    scan_name = models.CharField("扫描件文件名", max_length=200, blank=True)
    scan_sha256 = models.CharField(max_length=64, blank=True)
    scan_uploaded_on = models.DateField("扫描件上传日期", null=True, blank=True)
    internal_note = models.TextField("内部备注", blank=True)

    objects = ClearanceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "党风廉政意见回复"
        verbose_name_plural = "党风廉政意见回复"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.asking_body}"

    def get_absolute_url(self) -> str:
        return reverse("integrity:clearance_detail", args=(self.pk,))


class ClearancePersonQuerySet(ScopedQuerySet):
    scope_domain = "clearance"
    scope_lookups = ("request__asking_unit",)


class ClearancePerson(models.Model):
    """One person of a request: as the asking body named them, the cadre they were
    matched to, the answer proposed (with the facts it read, ``facts``: a list of
    ``{"kind", "id", "number", "label", "url", "date", "open"}``) and the final answer
    (changed only with a reason, by whom)."""

    request = models.ForeignKey(ClearanceRequest, on_delete=models.CASCADE, related_name="people")
    row = models.PositiveIntegerField("序号")
    name = models.CharField("姓名", max_length=40)
    citizen_id = models.CharField("身份证号", max_length=18)
    unit_text = models.CharField("单位职务", max_length=100, blank=True)
    cadre = models.ForeignKey(
        "org.Cadre", verbose_name="干部", on_delete=models.PROTECT, related_name="+"
    )
    proposed_answer = models.CharField(
        "系统建议意见", max_length=16, choices=Answer.choices, blank=True
    )
    facts = models.JSONField("依据记录", default=list)
    influence_end = models.DateField("影响期至", null=True, blank=True)
    permanent = models.BooleanField("影响期无期限", default=False)
    answer = models.CharField("回复意见", max_length=16, choices=Answer.choices, blank=True)
    answer_text = models.TextField("回复内容", blank=True)
    changed_reason = models.CharField("修改理由", max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ClearancePersonQuerySet.as_manager()

    class Meta:
        verbose_name = "意见回复对象"
        verbose_name_plural = "意见回复对象"
        ordering = ["request", "row", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "cadre"], name="clearance_person_once")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def changed(self) -> bool:
        return bool(self.answer and self.proposed_answer and self.answer != self.proposed_answer)


class ClearanceApproval(Approval):
    request = models.ForeignKey(
        ClearanceRequest, on_delete=models.CASCADE, related_name="approvals"
    )

    approve_capability = "clearance.approve"
    owner_field = "request"

    class Meta(Approval.Meta):
        verbose_name = "意见回复审批"
        verbose_name_plural = "意见回复审批"
