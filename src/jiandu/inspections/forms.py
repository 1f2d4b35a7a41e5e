"""Input forms of the inspection pages; the services validate again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from jiandu.core.forms import ScopedModelChoiceField, StyledForm
from jiandu.core.scoping import unscoped
from jiandu.inspections.models import (
    EscalationLevel,
    Finding,
    FindingCategory,
    InspectionGroup,
    RoundKind,
)
from jiandu.org.models import COMMISSION_BODY_KINDS, Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _units() -> Any:
    return Unit.objects.exclude(kind__in=COMMISSION_BODY_KINDS).order_by("sort_order", "code")


class RoundForm(StyledForm):
    name = forms.CharField(label="轮次名称", max_length=60, help_text="如“县委第二轮巡察”")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    ordinal = forms.IntegerField(label="轮次", min_value=1, max_value=99)
    kind = forms.ChoiceField(label="巡察类型", choices=RoundKind.choices)
    started_on = forms.DateField(label="开始日期", widget=DATE)
    focus = forms.CharField(
        label="巡察重点", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    groups = forms.CharField(
        label="巡察组",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一个：组名 组长，如“第一巡察组 王明”",
    )

    def group_rows(self) -> list[dict[str, str]]:
        rows = []
        for line in (self.cleaned_data.get("groups") or "").splitlines():
            parts = line.split()
            if parts:
                rows.append({"name": parts[0], "leader_name": " ".join(parts[1:2])})
        return rows


class TargetForm(StyledForm):
    unit = ScopedModelChoiceField(label="被巡察单位", queryset=_units())
    # The groups of the round the user opened (``unscoped``: limited to it below).
    group = ScopedModelChoiceField(
        label="巡察组", queryset=InspectionGroup.objects.none(), scope=unscoped, required=False
    )
    entered_on = forms.DateField(label="进驻日期", widget=DATE)

    def __init__(self, *args: Any, round: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].limit_to(self.user, base=round.groups.all())


class FeedbackForm(StyledForm):
    feedback_on = forms.DateField(label="反馈日期", widget=DATE)


class ReportForm(StyledForm):
    on = forms.DateField(label="报送日期", widget=DATE)
    note = forms.CharField(label="整改情况报告摘要", widget=forms.Textarea(attrs={"rows": 3}))


class FindingForm(StyledForm):
    category = forms.ChoiceField(label="问题类别", choices=FindingCategory.choices)
    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 3}))


class ItemForm(StyledForm):
    finding = ScopedModelChoiceField(label="反馈问题", queryset=Finding.objects.none())
    measures = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 3}))
    responsible_unit = ScopedModelChoiceField(label="责任单位", queryset=_units())
    responsible_person = forms.CharField(label="责任人", max_length=40)
    deadline = forms.DateField(label="完成时限", widget=DATE)
    immediate = forms.BooleanField(label="立行立改", required=False)

    def __init__(self, *args: Any, target: Any = None, **kwargs: Any) -> None:
        """Shown on ``target``'s page with its findings; posted without it (any finding
        the user may see: the step checks it belongs to the organisation)."""
        super().__init__(*args, **kwargs)
        if target is not None:
            self.fields["finding"].limit_to(self.user, base=target.findings.order_by("-id"))
            self.initial.setdefault("responsible_unit", target.unit_id)
        else:
            self.fields["finding"].limit_to(self.user, base=Finding.objects.all())
        self.fields["finding"].empty_label = None  # the latest finding is preselected
        self.fields["finding"].label_from_instance = lambda f: f.description[:60]


class TransferForm(StyledForm):
    subject_name = forms.CharField(label="被反映人", max_length=40)
    summary = forms.CharField(label="主要问题", widget=forms.Textarea(attrs={"rows": 3}))
    received_on = forms.DateField(label="移交日期", widget=DATE)
    transfer_ref = forms.CharField(label="移交文号", max_length=60, required=False)


class ProgressForm(StyledForm):
    text = forms.CharField(label="整改进展", widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label="日期", widget=DATE, required=False)

    def clean_on(self):
        return self.cleaned_data.get("on") or timezone.localdate()


class EvidenceForm(StyledForm):
    file = forms.FileField(label="佐证材料")
    note = forms.CharField(label="说明", max_length=200, required=False)


class CheckForm(StyledForm):
    decision = forms.ChoiceField(
        label="验收结论",
        choices=[
            ("close", "验收销号"),
            ("accept_long_term", "转长期坚持"),
            ("reject", "退回重新整改"),
        ],
    )
    note = forms.CharField(label="验收意见", max_length=200)
    on = forms.DateField(label="验收日期", widget=DATE, required=False)

    def clean_on(self):
        return self.cleaned_data.get("on") or timezone.localdate()


class ReasonForm(StyledForm):
    reason = forms.CharField(label="理由", max_length=500)


class DeadlineForm(StyledForm):
    deadline = forms.DateField(label="新的完成时限", widget=DATE)
    reason = forms.CharField(label="调整理由", max_length=500)


class EscalateForm(StyledForm):
    level = forms.ChoiceField(label="督办文书", choices=EscalationLevel.choices)


class LedgerImportForm(StyledForm):
    file = forms.FileField(label="Excel文件（.xlsx）")
