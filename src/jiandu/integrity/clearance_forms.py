"""Page forms of clearance requests: the submission (a list of people typed in, or an
Excel file through ``clearance_imports``) and the steps' forms."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone

from jiandu.core.forms import StyledForm
from jiandu.integrity.models import ClearancePurpose
from jiandu.integrity.rules import Answer

SPLIT = re.compile(r"[\s,，、;；\t]+")


class RequestForm(StyledForm):
    """The request's particulars; the people come typed in (``people``: one person a
    line, "姓名 身份证号 单位职务") or as an Excel file (``file``)."""

    purpose = forms.ChoiceField(label="事由", choices=ClearancePurpose.choices)
    purpose_note = forms.CharField(
        label="事由说明", max_length=200, required=False, help_text="如“拟提拔为副科级领导干部”"
    )
    asking_body = forms.CharField(
        label="征求意见机关",
        max_length=100,
        required=False,
        help_text="回复函的主送机关，默认为本单位名称",
    )
    received_on = forms.DateField(label="发函日期", required=False, help_text="默认今天")
    people = forms.CharField(
        label="人员名单",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "每行一人：姓名 身份证号 单位职务"}),
        help_text="每行一人：姓名、身份证号、单位职务，用空格分隔；人数较多时请上传Excel",
    )
    file = forms.FileField(label="或上传Excel名单（.xlsx）", required=False)

    def clean_received_on(self) -> Any:
        return self.cleaned_data.get("received_on") or timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("people") or "").strip() and not data.get("file"):
            raise forms.ValidationError("请填写人员名单或上传Excel名单")
        return data

    def people_rows(self) -> list[dict[str, str]]:
        rows = []
        for line in (self.cleaned_data.get("people") or "").splitlines():
            parts = [p for p in SPLIT.split(line.strip()) if p]
            if not parts:
                continue
            rows.append(
                {
                    "name": parts[0],
                    "citizen_id": parts[1] if len(parts) > 1 else "",
                    "unit_text": " ".join(parts[2:]),
                }
            )
        return rows


class NoteForm(StyledForm):
    note = forms.CharField(
        label="内部备注",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="仅本委可见，不写入回复函",
    )


class DueForm(StyledForm):
    due_on = forms.DateField(label="回复期限", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="调整理由", max_length=300)


class ProposeForm(StyledForm):
    on = forms.DateField(
        label="意见截止日期",
        required=False,
        help_text="按该日的档案情况提出意见，默认今天（即回复日期）",
    )


class CommentForm(StyledForm):
    comment = forms.CharField(label="审批意见", max_length=200, required=False)


class ChangeAnswerForm(StyledForm):
    person = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(label="回复意见", choices=Answer.choices)
    reason = forms.CharField(label="修改理由", max_length=300)
    text = forms.CharField(
        label="回复内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="不填则按所选意见自动生成",
    )


class ScanForm(StyledForm):
    file = forms.FileField(label="签发扫描件（PDF、OFD或图片）")
