"""The steps of a clearance request (``core.workflow``): one list for the page's action
panel, its POST dispatcher and the API's actions (same names). The services check
state, capability, scope and who acts again."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jiandu.core.api import ScopedPrimaryKeyRelatedField, choice_field
from jiandu.core.workflow import Step, Workflow
from jiandu.integrity import clearance_forms as forms
from jiandu.integrity import clearance_rules as crules
from jiandu.integrity import clearance_services as services
from jiandu.integrity.models import ClearancePerson, ClearanceRequest
from jiandu.integrity.rules import Answer


class ClearanceNoteInput(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, help_text="内部备注（仅本委可见）")


class DueInput(serializers.Serializer):
    due_on = serializers.DateField(help_text="回复期限")
    reason = serializers.CharField(allow_blank=True, help_text="调整理由（必填）")


class ProposeInput(serializers.Serializer):
    on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="意见截止日期（默认今天）"
    )


class ClearanceCommentInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ChangeAnswerInput(serializers.Serializer):
    person = ScopedPrimaryKeyRelatedField(
        queryset=ClearancePerson.objects.all(), help_text="意见回复对象的id"
    )
    answer = choice_field(Answer)
    reason = serializers.CharField(allow_blank=True, help_text="修改理由（必填）")
    text = serializers.CharField(required=False, allow_blank=True, default="")


class ScanInput(serializers.Serializer):
    file = serializers.FileField(help_text="签发扫描件（PDF、OFD或图片）")


def _not_proposer(user: Any, obj: ClearanceRequest) -> bool:
    return not services.is_proposer(user, obj)


def _own_refusal(obj: ClearanceRequest) -> str:
    return "拟办人不能审批自己提出的意见"


def _change_answer(actor: Any, clearance: ClearanceRequest, data: dict[str, Any]) -> Any:
    from jiandu.core.errors import NotFound

    # The API gives the (scoped) row, the page form its id: either way, a row of this request.
    chosen = data.get("person")
    pk = chosen.pk if isinstance(chosen, ClearancePerson) else chosen
    person = ClearancePerson.objects.filter(request=clearance, pk=pk).first()
    if person is None:
        raise NotFound()
    return services.clearance_change_answer(
        actor=actor,
        clearance=clearance,
        person=person,
        answer=data["answer"],
        reason=data.get("reason", ""),
        text=data.get("text", ""),
    )


L = crules.LABELS


def _open(obj: ClearanceRequest) -> bool:
    return obj.status in crules.OPEN_STATES


STEPS = [
    Step(
        "propose",
        L["propose"],
        "clearance.handle",
        service=services.clearance_propose,
        form=forms.ProposeForm,
        input=ProposeInput,
        done="已按档案情况生成建议意见，请逐人审核",
        help="按意见截止日期的档案情况，逐人生成建议意见及其依据（再次生成将覆盖已作的修改）。",
    ),
    Step(
        "change_answer",
        L["change_answer"],
        "clearance.handle",
        run=_change_answer,
        form=forms.ChangeAnswerForm,
        input=ChangeAnswerInput,
        page=True,
        style="outline-primary",
        done="已修改回复意见",
        help="修改一人的回复意见，须写明理由（记入审计日志）。",
    ),
    Step(
        "set_due",
        "调整回复期限",
        "clearance.handle",
        service=services.clearance_set_due,
        transition=None,
        when=_open,
        form=forms.DueForm,
        input=DueInput,
        style="outline-secondary",
        help="与征求意见单位商定后调整本件的回复期限（须写明理由）。",
    ),
    Step(
        "note",
        "记录内部备注",
        "clearance.handle",
        service=services.clearance_note,
        transition=None,
        form=forms.NoteForm,
        input=ClearanceNoteInput,
        style="outline-secondary",
        done="已记录内部备注",
        help="本委内部备注（不写入回复函，组织部门不可见）。",
    ),
    Step(
        "submit",
        L["submit"],
        "clearance.handle",
        service=services.clearance_submit,
        done="已提交委领导审批",
        help="审核完毕，提交委领导审批。",
    ),
    Step(
        "approve",
        L["approve"],
        "clearance.approve",
        service=services.clearance_decide,
        params={"approve": True},
        who=_not_proposer,
        refusal=_own_refusal,
        form=forms.CommentForm,
        input=ClearanceCommentInput,
        done="已批准，回复意见已定稿",
        help="委领导批准意见回复（拟办人不能审批自己提出的意见）；批准后回复意见即定稿，不再随档案变化。",
    ),
    Step(
        "return",
        L["return"],
        "clearance.approve",
        service=services.clearance_decide,
        params={"approve": False},
        who=_not_proposer,
        refusal=_own_refusal,
        form=forms.CommentForm,
        input=ClearanceCommentInput,
        style="outline-danger",
        help="退回承办部门修改（须写明理由）。",
    ),
    Step(
        "issue",
        L["issue"],
        "clearance.handle",
        service=services.clearance_issue,
        done="已出具回复函，文号已编定",
        help="编定回复函文号并出具回复函（可下载Word）。",
    ),
    Step(
        "upload_scan",
        L["upload_scan"],
        "clearance.handle",
        service=services.clearance_upload_scan,
        form=forms.ScanForm,
        input=ScanInput,
        api_media="multipart/form-data",
        done="已上传签发扫描件，意见回复办结",
        help="上传回复函签发后的扫描件（PDF、OFD或图片）。",
    ),
]

WORKFLOW = Workflow(machine=crules.MACHINE, object_arg="clearance", steps=STEPS)
