"""Forms of the case pages: opening a case and the input of each step. Forms check the
shape of the input only; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from jiandu.accounts.models import User
from jiandu.cases.models import CasePerson, FollowUp, FollowUpForm, Recommendation, ReformItem
from jiandu.cases.rules import (
    AppealKind,
    CaseKind,
    IncidentKind,
    Measure,
    MeasureCategory,
    measure_kind,
)
from jiandu.cases.selectors import (
    followups_of_visible_cases,
    people_of_visible_cases,
    rows_of_visible_cases,
)
from jiandu.core.forms import (
    PersonNameField,
    ScopedModelChoiceField,
    ScopedModelMultipleChoiceField,
    StyledForm,
)
from jiandu.core.scoping import unscoped
from jiandu.org.models import COMMISSION_BODY_KINDS, Unit, UnitKind

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
TIME = forms.TimeInput(format="%H:%M", attrs={"type": "time"})
DATETIME = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def commission_bodies() -> Any:
    return (
        Unit.objects.filter(kind__in=COMMISSION_BODY_KINDS)
        .exclude(kind=UnitKind.COMMISSION)
        .order_by("sort_order", "code")
    )


def leaders() -> Any:
    return User.objects.filter(role="leader", is_active=True).order_by("username")


def outside_units() -> Any:
    """Units under supervision (not the commission's own bodies), scoped per user."""
    return Unit.objects.exclude(kind__in=COMMISSION_BODY_KINDS).order_by("sort_order", "code")


# The commission's own bodies, leaders and staff are not confidential: any of them may
# be asked to co-handle a case, lead it or investigate (``unscoped``).
def co_units_field(label: str) -> ScopedModelMultipleChoiceField:
    return ScopedModelMultipleChoiceField(
        label=label, queryset=commission_bodies(), scope=unscoped, required=False
    )


def leader_field() -> ScopedModelChoiceField:
    return ScopedModelChoiceField(
        label="包案领导", queryset=leaders(), scope=unscoped, required=False
    )


def person_field() -> ScopedModelChoiceField:
    return ScopedModelChoiceField(
        queryset=CasePerson.objects.all(), scope=people_of_visible_cases, required=False
    )


def measure_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for value, label in Measure.choices:
        groups.setdefault(measure_kind(value), []).append((value, label))
    return [(MeasureCategory(k).label, v) for k, v in groups.items()]


class OpenForm(StyledForm):
    kind = forms.ChoiceField(label="立案方式", choices=CaseKind.choices, required=False)
    title = forms.CharField(label="案由", max_length=200)
    summary = forms.CharField(label="主要问题", widget=forms.Textarea(attrs={"rows": 4}))
    proposed_on = forms.DateField(label="呈批日期", widget=DATE)
    person_name = PersonNameField(label="被审查调查人姓名", max_length=100, required=False)
    person_title = forms.CharField(label="单位职务", max_length=60, required=False)
    is_party_member = forms.BooleanField(label="中共党员", required=False, initial=True)
    amount_involved = forms.DecimalField(
        label="涉案金额（元）", required=False, min_value=0, max_digits=14, decimal_places=2
    )
    target_unit = ScopedModelChoiceField(
        label="被立案单位（单位立案）", queryset=outside_units(), required=False
    )
    co_units = co_units_field("协办单位（室组地联合办案）")
    leader = leader_field()
    supervision_law = forms.BooleanField(
        label="监察立案（涉嫌职务违法犯罪，适用调查期限和留置）", required=False, initial=True
    )
    designated = forms.BooleanField(label="指定管辖（上级纪委监委指定本单位办理）", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["co_units"].widget.attrs["size"] = 5


class FilingDecisionForm(StyledForm):
    on = forms.DateField(label="审批日期", widget=DATE)
    comment = forms.CharField(label="审批意见", max_length=200, required=False)


def approval_step_choices() -> list[tuple[str, str]]:
    from jiandu.cases.rules.approvals import APPROVAL_STEPS

    return [(k, v.label) for k, v in APPROVAL_STEPS.items()]


class ProposeForm(StyledForm):
    """呈批: a step proposed for a leader's approval (the proposer never approves it)."""

    step = forms.ChoiceField(label="呈批事项", choices=approval_step_choices)
    proposal = forms.CharField(
        label="呈批意见", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def for_track(self, choices: list[tuple[str, str]]) -> None:
        """Offer only the steps that apply to the track now (``steps.proposable``);
        the service refuses the others with the reason."""
        self.fields["step"].choices = choices


class RejectProposalForm(StyledForm):
    step = forms.ChoiceField(label="呈批事项", choices=approval_step_choices)
    comment = forms.CharField(label="审批意见", max_length=200, required=False)


class DateForm(StyledForm):
    on = forms.DateField(label="日期", widget=DATE)


class ReasonDateForm(StyledForm):
    on = forms.DateField(label="日期", widget=DATE)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(StyledForm):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(StyledForm):
    on = forms.DateField(label="决定日期", widget=DATE)
    measures = forms.MultipleChoiceField(
        label="处分和处理措施", choices=Measure.choices, required=False
    )
    basis = forms.CharField(
        label="事实与依据", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    amount_recovered = forms.DecimalField(
        label="追缴金额（元）", required=False, min_value=0, max_digits=14, decimal_places=2
    )
    # [政务处分法] 15: the same government sanction for several violations.
    gov_count = forms.IntegerField(
        label="同种政务处分数（违法行为数）", min_value=1, max_value=20, initial=1, required=False
    )
    gov_months = forms.IntegerField(
        label="决定确定的政务处分期（月，多个相同政务处分时填写）",
        min_value=1,
        max_value=48,
        required=False,
    )

    def clean_gov_count(self) -> int:
        return self.cleaned_data.get("gov_count") or 1


class ExecutionExtendForm(StyledForm):
    months = forms.IntegerField(label="执行期限延长至（月）", min_value=2, max_value=6)
    reason = forms.CharField(label="理由", max_length=300)
    approval_ref = forms.CharField(label="批准文件", max_length=100, required=False)


class CloseForm(StyledForm):
    on = forms.DateField(label="结案日期", widget=DATE)
    amount_recovered = forms.DecimalField(
        label="追缴金额（元）", required=False, min_value=0, max_digits=14, decimal_places=2
    )


class AppealForm(StyledForm):
    on = forms.DateField(label="受理日期", widget=DATE)
    kind = forms.ChoiceField(label="类别", choices=AppealKind.choices)
    received_on = forms.DateField(
        label="收到原决定（复核：复审决定）日期", widget=DATE, required=False
    )
    applied_on = forms.DateField(label="申请日期（默认为受理日期）", widget=DATE, required=False)
    reason = forms.CharField(label="申诉理由", widget=forms.Textarea(attrs={"rows": 2}))


class AppealDecideForm(StyledForm):
    on = forms.DateField(label="决定日期", widget=DATE)
    upheld = forms.TypedChoiceField(
        label="结果",
        choices=[("1", "维持原决定"), ("0", "变更原决定")],
        coerce=lambda v: v == "1",
    )
    measures = forms.MultipleChoiceField(
        label="变更后的处分（变更时填写）", choices=Measure.choices, required=False
    )
    gov_count = forms.IntegerField(
        label="同种政务处分数（违法行为数）", min_value=1, max_value=20, initial=1, required=False
    )
    gov_months = forms.IntegerField(
        label="决定确定的政务处分期（月，多个相同政务处分时填写）",
        min_value=1,
        max_value=48,
        required=False,
    )
    period_from = forms.DateField(
        label="影响期起算日（默认沿用原决定日期）", widget=DATE, required=False
    )
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))

    def clean_gov_count(self) -> int:
        return self.cleaned_data.get("gov_count") or 1


class DetentionForm(StyledForm):
    on = forms.DateField(label="留置开始日期", widget=DATE)
    at = forms.TimeField(label="宣布时间", widget=TIME, required=False)
    place = forms.CharField(label="留置场所", max_length=100, required=False)
    approval_ref = forms.CharField(label="批准文件", max_length=100, required=False)


class MeasureForm(StyledForm):
    """强制到案, 责令候查, 管护 ([监察法2024])."""

    on = forms.DateField(label="开始日期", widget=DATE)
    at = forms.TimeField(label="宣布（执行）时间", widget=TIME, required=False)
    place = forms.CharField(label="场所", max_length=100, required=False)
    approval_ref = forms.CharField(label="批准文件", max_length=100, required=False)


class AppearanceForm(MeasureForm):
    needs_custody = forms.BooleanField(
        label="需要采取管护或者留置措施（最长二十四小时）", required=False
    )


class CustodyExtendForm(StyledForm):
    days = forms.IntegerField(label="延长日数（一至三日）", min_value=1, max_value=3)
    approval_ref = forms.CharField(label="批准文件", max_length=100)


class DetentionSecondExtendForm(StyledForm):
    serious_offence = forms.BooleanField(
        label="涉嫌职务犯罪，可能判处十年有期徒刑以上刑罚", required=False
    )
    national_approval = forms.BooleanField(label="已经国家监察委员会批准", required=False)
    approval_ref = forms.CharField(label="国家监察委员会批准文号", max_length=100)


class DetentionRecountForm(StyledForm):
    on = forms.DateField(label="发现之日", widget=DATE)
    offence = forms.CharField(
        label="新发现的重大职务犯罪", widget=forms.Textarea(attrs={"rows": 2})
    )
    approval_ref = forms.CharField(label="批准文件", max_length=100)


class NotifyForm(StyledForm):
    at = forms.DateTimeField(
        label="通知时间", widget=DATETIME, input_formats=DATETIME_FORMATS, required=False
    )
    notified_to = forms.CharField(label="通知对象（单位、家属）", max_length=100, required=False)


class WithholdNoticeForm(StyledForm):
    withheld = forms.CharField(label="有碍调查暂不通知的情形", max_length=200)
    approval_ref = forms.CharField(label="暂不通知的批准文件", max_length=100)


class IncidentForm(StyledForm):
    kind = forms.ChoiceField(label="类别", choices=IncidentKind.choices)
    occurred_at = forms.DateTimeField(
        label="发生时间", widget=DATETIME, input_formats=DATETIME_FORMATS
    )
    description = forms.CharField(label="经过和处置情况", widget=forms.Textarea(attrs={"rows": 2}))
    principal_told_at = forms.DateTimeField(
        label="报告主要负责人时间",
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        required=False,
    )


class IncidentReportForm(StyledForm):
    at = forms.DateTimeField(label="上报时间", widget=DATETIME, input_formats=DATETIME_FORMATS)
    reported_to = forms.CharField(label="上报至", max_length=100)


class DetentionExtendForm(StyledForm):
    approval_ref = forms.CharField(label="上一级监察机关批准文号", max_length=100)


class TeamForm(StyledForm):
    co_units = co_units_field("协办单位")
    leader = leader_field()
    investigators = ScopedModelMultipleChoiceField(
        label="审查调查人员",
        queryset=User.objects.filter(is_active=True, unit__kind__in=COMMISSION_BODY_KINDS).order_by(
            "unit__sort_order", "username"
        ),
        scope=unscoped,
    )


class AddPersonForm(StyledForm):
    on = forms.DateField(label="日期", widget=DATE)
    name = PersonNameField(label="姓名", max_length=100)
    title = forms.CharField(label="单位职务", max_length=60, required=False)
    is_party_member = forms.BooleanField(label="中共党员", required=False, initial=True)


class GenerateForm(StyledForm):
    kind = forms.CharField(max_length=40)
    person = person_field()
    doc_number = forms.CharField(label="文号", max_length=60, required=False)


class UploadForm(StyledForm):
    kind = forms.CharField(max_length=40)
    person = person_field()
    file = forms.FileField(label="文件")
    signed = forms.BooleanField(label="签署件", required=False, initial=True)
    note = forms.CharField(label="说明", max_length=200, required=False)


class RecommendationForm(StyledForm):
    unit = ScopedModelChoiceField(label="收文单位", queryset=outside_units())
    content = forms.CharField(label="建议内容", widget=forms.Textarea(attrs={"rows": 3}))
    issued_on = forms.DateField(label="发出日期", widget=DATE)
    reply_days = forms.IntegerField(label="回复期限（日）", min_value=1, max_value=180, initial=30)
    doc_number = forms.CharField(label="文号", max_length=60, required=False)


def row_field(model: Any, scope: Any = rows_of_visible_cases) -> ScopedModelChoiceField:
    """The row of the case a step acts on (a recommendation, reform item or follow-up
    visit), posted as ``item`` by the row's own form."""
    return ScopedModelChoiceField(
        queryset=model.objects.all(), scope=scope, required=False, widget=forms.HiddenInput
    )


class ReplyForm(StyledForm):
    item = row_field(Recommendation)
    on = forms.DateField(label="回复日期", widget=DATE)
    reply = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 2}))


class ReformForm(StyledForm):
    unit = ScopedModelChoiceField(label="责任单位", queryset=outside_units())
    description = forms.CharField(label="整改事项", max_length=300)
    due_on = forms.DateField(label="完成期限", widget=DATE)


class ReformDoneForm(StyledForm):
    item = row_field(ReformItem)
    on = forms.DateField(label="完成日期", widget=DATE)
    result = forms.CharField(label="完成情况", max_length=300)


class RecommendationCloseForm(DateForm):
    item = row_field(Recommendation)


class ExtendInvestigationForm(StyledForm):
    approval_ref = forms.CharField(label="上一级监察机关批准文号", max_length=100)
    reason = forms.CharField(label="理由", max_length=300)


class FollowUpScheduleForm(StyledForm):
    planned_on = forms.DateField(label="计划回访日期", widget=DATE)


class FollowUpRecordForm(StyledForm):
    item = row_field(FollowUp, followups_of_visible_cases)
    on = forms.DateField(label="回访日期", widget=DATE)
    form = forms.ChoiceField(label="回访形式", choices=FollowUpForm.choices)
    findings = forms.CharField(label="回访情况", widget=forms.Textarea(attrs={"rows": 2}))


def today_initial() -> dict[str, Any]:
    return {"on": timezone.localdate()}
