from __future__ import annotations

from django import forms
from django.utils import timezone

from jiandu.core.forms import (
    CitizenIdField,
    PersonNameField,
    PhoneField,
    ScopedFormMixin,
    ScopedModelChoiceField,
    StyledFormMixin,
)
from jiandu.core.models import ProblemCategory
from jiandu.intake import rules
from jiandu.intake.models import Channel, Jurisdiction, SupervisionMethod
from jiandu.org.models import Cadre


class ReportForm(StyledFormMixin, forms.Form):
    channel = forms.ChoiceField(label="来源渠道", choices=Channel.choices)
    received_at = forms.DateTimeField(
        label="收到时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    is_named = forms.BooleanField(label="实名举报", required=False)
    reporter_name = PersonNameField(label="举报人姓名", required=False)
    reporter_id_number = CitizenIdField(label="举报人身份证号", required=False)
    reporter_phone = PhoneField(label="联系电话", required=False)
    reporter_address = forms.CharField(label="联系地址", required=False, max_length=100)
    subject_name = forms.CharField(label="被反映人", max_length=40, required=False)
    subject_unit = forms.CharField(label="被反映人单位及职务", max_length=100, required=False)
    subject2_name = forms.CharField(label="其他被反映人", max_length=40, required=False)
    subject2_unit = forms.CharField(label="其单位及职务", max_length=100, required=False)
    categories = forms.MultipleChoiceField(
        label="问题类别", required=False, widget=forms.CheckboxSelectMultiple
    )
    content = forms.CharField(
        label="反映内容", widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    about_principal_leader = forms.BooleanField(
        label="反映本级纪委监委主要负责人（须直接报送上一级纪委监委）",
        required=False,
        help_text="勾选后本系统只登记收到时间、来源渠道和编号，不保存反映内容、举报人和被反映人信息"
        "（《检举控告规则》第十五条）；原件径送上一级纪委监委信访室。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = [
            (c.code, f"{c.get_group_display()}：{c.name}")
            for c in ProblemCategory.objects.filter(valid_to__isnull=True)
        ]
        self.fields["categories"].widget.attrs["class"] = "form-check-input"
        # Required unless the report is about the commission's principal leader (see clean).
        self.fields["content"].show_required = True
        for name in ("is_named", "about_principal_leader"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))

    def clean(self):
        """Every problem at once, each at its field, by the rules the service and the
        portal use (``rules.named_reporter_errors``, ``core.validators``)."""
        data = super().clean()
        leader = data.get("about_principal_leader")
        received = data.get("received_at")
        if received is not None and received > timezone.now():
            self.add_error("received_at", "收到时间不能晚于现在")
        if not leader:
            if len((data.get("content") or "").strip()) < 5:
                self.add_error("content", "请填写反映内容（至少5个字）")
            errors = rules.named_reporter_errors(
                is_named=bool(data.get("is_named")),
                name=data.get("reporter_name", ""),
                phone=data.get("reporter_phone", ""),
                address=data.get("reporter_address", ""),
            )
            for field, message in errors.items():
                if field not in self.errors:
                    self.add_error(field, message)
        return data


class JurisdictionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label="管辖决定", choices=Jurisdiction.choices)
    forward_to = forms.CharField(label="转送至", required=False, max_length=100)
    reason = forms.CharField(label="说明", required=False, max_length=200)


class SubjectConfirmForm(ScopedFormMixin, forms.Form):
    """A report's subject confirmed as a cadre of the register (or as not in it)."""

    cadre = ScopedModelChoiceField(queryset=Cadre.objects.all(), required=False)


# --- the report page's steps ----------------------------------------------------------------
# Shape only: what the step needs is checked by its service (and its reason shown).


class CodesField(forms.Field):
    """The values posted under one name, as a list (problem category codes)."""

    widget = forms.SelectMultiple

    def to_python(self, value):
        return [str(v) for v in value or []]


class RegisterSubmittedForm(forms.Form):
    categories = CodesField(required=False)
    about_principal_leader = forms.BooleanField(required=False)


class DateForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label="日期")


class CloseForm(DateForm):
    reason = forms.CharField(label="办结情况", required=False)


class DuplicateForm(forms.Form):
    suggestion = forms.CharField(required=False)
    decision = forms.CharField(required=False)


class SubjectForm(SubjectConfirmForm):
    subject = forms.CharField(required=False)


class MessageForm(forms.Form):
    body = forms.CharField(required=False, strip=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False, strip=False)


class SummaryForm(forms.Form):
    summary = forms.CharField(required=False, strip=False)


class NoteForm(forms.Form):
    note = forms.CharField(required=False, strip=False)


# --- 上级交办 ([检举控告规则] 20–23) ---------------------------------------------------------


class AssignmentForm(StyledFormMixin, forms.Form):
    assigning_body = forms.CharField(label="交办机关", max_length=100, required=False)
    received_on = forms.DateField(label="接到交办日期")
    reference = forms.CharField(label="交办文号", max_length=60, required=False)


class ExtensionDecisionForm(StyledFormMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label="审批意见",
        choices=[("1", "同意延长"), ("0", "不同意")],
        coerce=lambda v: v == "1",
    )
    comment = forms.CharField(label="意见", max_length=200, required=False)


class SupervisionForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label="督办日期")
    body = forms.CharField(label="督办机关", max_length=100, required=False)
    method = forms.ChoiceField(label="督办方式", choices=SupervisionMethod.choices)
    content = forms.CharField(label="督办内容", required=False)
    reply_by = forms.DateField(label="要求报告日期", required=False)


class ResultUpwardForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label="报送日期")
    summary = forms.CharField(label="核查处理情况", required=False)
