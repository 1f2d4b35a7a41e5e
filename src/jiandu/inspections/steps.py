"""The rectification workflows (``jiandu.core.workflow``): the steps on an inspected
organisation (feedback, findings, items, transferred clues, the rectification report)
and on a rectification item (progress, evidence, report done, close-out 销号, reopen,
deadline, escalation; state machine ``rules.MACHINE``). From each list come the page's
action panel, its POST dispatcher, the API's step actions and their capabilities; page
and API use the same step names. Every service checks capability, scope and state
again."""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import serializers

from jiandu.core.api import ScopedPrimaryKeyRelatedField, choice_field
from jiandu.core.errors import DomainError
from jiandu.core.urging import urge_step
from jiandu.core.workflow import Step, Workflow
from jiandu.inspections import forms, rules, services
from jiandu.inspections.models import (
    EscalationLevel,
    Finding,
    FindingCategory,
    InspectedOrganisation,
    ItemStatus,
    RectificationItem,
)
from jiandu.org.models import Unit

# --- API input ----------------------------------------------------------------------------


class CheckDecision(models.TextChoices):
    CLOSE = "close", "验收销号"
    ACCEPT_LONG_TERM = "accept_long_term", "转长期坚持"
    REJECT = "reject", "退回重新整改"


class InspectionFindingInput(serializers.Serializer):
    category = choice_field(FindingCategory)
    description = serializers.CharField(allow_blank=True)


class RectificationItemCreateInput(serializers.Serializer):
    finding = ScopedPrimaryKeyRelatedField(
        queryset=Finding.objects.all(), help_text="反馈问题编号（须属于该被巡察单位）"
    )
    measures = serializers.CharField(allow_blank=True)
    responsible_unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all())
    responsible_person = serializers.CharField(allow_blank=True)
    deadline = serializers.DateField()
    immediate = serializers.BooleanField(required=False, default=False)


class InspectionFeedbackInput(serializers.Serializer):
    feedback_on = serializers.DateField()


class RectificationReportInput(serializers.Serializer):
    on = serializers.DateField()
    note = serializers.CharField(allow_blank=True)


class InspectionTransferInput(serializers.Serializer):
    subject_name = serializers.CharField(allow_blank=True, help_text="被反映人")
    summary = serializers.CharField(allow_blank=True, help_text="主要问题")
    received_on = serializers.DateField(help_text="移交日期")
    transfer_ref = serializers.CharField(required=False, allow_blank=True, default="")


class ItemProgressInput(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)
    on = serializers.DateField(required=False, allow_null=True, default=None)


class ItemEvidenceInput(serializers.Serializer):
    file = serializers.FileField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ItemCheckInput(serializers.Serializer):
    decision = choice_field(CheckDecision)
    note = serializers.CharField(allow_blank=True)
    on = serializers.DateField(required=False, allow_null=True, default=None)


class ItemReasonInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class ItemDeadlineInput(serializers.Serializer):
    deadline = serializers.DateField(help_text="新的完成时限")
    reason = serializers.CharField(allow_blank=True, help_text="调整理由")


class ItemEscalateInput(serializers.Serializer):
    level = choice_field(EscalationLevel)


# --- an inspected organisation ------------------------------------------------------------


def _add_item(actor: Any, target: InspectedOrganisation, d: dict[str, Any]) -> RectificationItem:
    """A new item under one of the organisation's findings."""
    finding = d.pop("finding")
    if finding.target_id != target.pk:
        raise DomainError("反馈问题不存在或不属于该单位", fields={"finding": ["不存在"]})
    return services.item_create(actor=actor, finding=finding, **d)


MANAGE, RECTIFY, CHECK = "inspections.manage", "inspections.rectify", "inspections.check"
TARGET = Workflow(
    object_arg="target",
    steps=[
        Step(
            "feedback",
            "登记反馈",
            MANAGE,
            service=services.target_record_feedback,
            transition=None,
            when=lambda t: not t.feedback_on,
            form=forms.FeedbackForm,
            input=InspectionFeedbackInput,
            help="登记巡察反馈日期（起算2个月整改报告时限）。",
        ),
        Step(
            "add_finding",
            "登记反馈问题",
            MANAGE,
            service=services.finding_create,
            transition=None,
            form=forms.FindingForm,
            input=InspectionFindingInput,
            api_status=201,
            help="登记反馈问题。",
        ),
        Step(
            "add_item",
            "新增整改事项",
            MANAGE,
            run=_add_item,
            transition=None,
            form=forms.ItemForm,
            input=RectificationItemCreateInput,
            api_status=201,
            help="为反馈问题新增整改事项。",
        ),
        Step(
            "transfer",
            "移交问题线索",
            MANAGE,
            service=services.clue_transfer,
            transition=None,
            form=forms.TransferForm,
            input=InspectionTransferInput,
            help="移交问题线索：登记为“巡视巡察移交”线索，由案管室分办。",
        ),
        Step(
            "report",
            "登记整改情况报告",
            RECTIFY,
            service=services.target_submit_report,
            transition=None,
            when=lambda t: bool(t.feedback_on) and not t.report_submitted_on,
            form=forms.ReportForm,
            input=RectificationReportInput,
            help="登记整改情况报告已报送。",
        ),
    ],
)


# --- a rectification item -------------------------------------------------------------------


def _evidence(actor: Any, item: RectificationItem, d: dict[str, Any]) -> Any:
    upload = d["file"]
    return services.evidence_add(
        actor=actor, item=item, name=upload.name, content=upload.read(), note=d["note"]
    )


def _rectifies_or_checks(user: Any, item: RectificationItem) -> bool:
    """Evidence comes from the responsible unit or from the checker."""
    return user.has_capability(RECTIFY) or user.has_capability(CHECK)


def may_close_out(user: Any, item: RectificationItem) -> bool:
    """The checker is neither of the responsible unit nor the one who reported the item
    done (``rules.check_close_out``; the service gives the reason)."""
    return user.unit_id != item.responsible_unit_id and user.pk != item.reported_by_id


def _open(item: RectificationItem) -> bool:
    return item.status in rules.OPEN_STATES


ITEM = Workflow(
    machine=rules.MACHINE,
    object_arg="item",
    steps=[
        Step(
            "evidence",
            "上传佐证材料",
            "inspections.view",  # the service asks for rectify or check
            run=_evidence,
            transition=None,
            who=_rectifies_or_checks,
            when=lambda i: i.status not in rules.CLOSED_STATES,
            form=forms.EvidenceForm,
            input=ItemEvidenceInput,
            api_media="multipart/form-data",
            help="上传佐证材料。",
        ),
        Step(
            "progress",
            "登记整改进展",
            RECTIFY,
            service=services.item_report_progress,
            transition="report_progress",
            form=forms.ProgressForm,
            input=ItemProgressInput,
            help="责任单位报告整改进展。",
        ),
        Step(
            "done",
            "报告整改完成",
            RECTIFY,
            service=services.item_report_done,
            transition="report_done",
            form=forms.ProgressForm,
            input=ItemProgressInput,
            help="责任单位报告整改完成（须已上传佐证材料）。",
        ),
        Step(
            "close_out",
            "验收",
            CHECK,
            service=services.item_close_out,
            # The decision picks the transition (close, accept_long_term or reject).
            transition=None,
            when=lambda i: i.status == ItemStatus.DONE,
            form=forms.CheckForm,
            input=ItemCheckInput,
            aliases=("check",),
            help="验收销号：销号、转长期坚持或退回（验收人不能是责任单位或报告人）。",
        ),
        Step(
            "escalate",
            "发出督办文书",
            MANAGE,
            service=services.escalation_issue,
            transition=None,
            when=_open,
            form=forms.EscalateForm,
            input=ItemEscalateInput,
            help="逾期督办：逐级发出督办通知书、提醒书、告诫书、问责建议。",
        ),
        Step(
            "deadline",
            "调整完成时限",
            MANAGE,
            service=services.item_change_deadline,
            transition=None,
            when=_open,
            form=forms.DeadlineForm,
            input=ItemDeadlineInput,
            help="调整完成时限（须说明理由）。",
        ),
        Step(
            "reopen",
            "重新打开",
            MANAGE,
            service=services.item_reopen,
            form=forms.ReasonForm,
            input=ItemReasonInput,
            help="重新打开已销号的事项（回头看发现反弹）。",
        ),
        urge_step(capability="inspections.urge", noun="整改事项"),
    ],
)
