"""The add forms of the register records, one per kind (``FORMS``, keyed as
``register_services.KINDS``); their cleaned data are the service's keyword arguments.
A declaration's sections are written as in the import: one item a line, its fields in
order between commas (``register_rules.parse_items``)."""

from __future__ import annotations

from django import forms

from jiandu.core.forms import StyledForm
from jiandu.integrity.models import (
    DECLARATION_SECTIONS,
    DutyRating,
    DutyReportForm,
    FamilyEventKind,
    GiftHandling,
    MaritalStatus,
    TalkKind,
)
from jiandu.integrity.register_rules import BadItems, parse_items


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )


def _text(label: str, *, rows: int = 3, required: bool = False, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=required, **kwargs
    )


def _year() -> forms.IntegerField:
    return forms.IntegerField(label="年度", min_value=2000, max_value=2100)


class _SectionField(forms.CharField):
    def __init__(self, section: str) -> None:
        title, keys = DECLARATION_SECTIONS[section]
        self.keys = keys
        order = "，".join(h for _, h in keys)
        super().__init__(
            label=title,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=f"每项一行，依次填写：{order}，用逗号隔开；没有的不填",
        )

    def clean(self, value):  # type: ignore[override]
        text = super().clean(value)
        try:
            return parse_items(text, self.keys)
        except BadItems as exc:
            raise forms.ValidationError(exc.message) from None


class DeclarationForm(StyledForm):
    year = forms.IntegerField(label="报告年度", min_value=2000, max_value=2100)
    reported_on = _date("报告日期")
    marital_status = forms.ChoiceField(
        label="婚姻状况", choices=[("", "请选择"), *MaritalStatus.choices]
    )
    marriage_changes = forms.CharField(label="婚姻变化情况", max_length=200, required=False)
    relatives_abroad = _SectionField("relatives_abroad")
    relatives_business = _SectionField("relatives_business")
    real_estate = _SectionField("real_estate")
    investments = _SectionField("investments")
    notes = _text("其他需要报告的事项")


class TalkForm(StyledForm):
    kind = forms.ChoiceField(label="谈话类别", choices=TalkKind.choices)
    talked_on = _date("谈话日期")
    talked_by_name = forms.CharField(label="谈话人", max_length=40)
    talked_by_unit = forms.CharField(label="谈话人单位及职务", max_length=100, required=False)
    summary = _text("谈话内容摘要", rows=4, required=True)


class DutyReportAddForm(StyledForm):
    year = _year()
    reported_on = _date("述责述廉日期")
    form = forms.ChoiceField(label="形式", choices=DutyReportForm.choices)
    rating = forms.ChoiceField(
        label="测评结果", choices=[("", "（未测评）"), *DutyRating.choices], required=False
    )
    remarks = _text("评议意见")


class GiftForm(StyledForm):
    handed_in_on = _date("上交日期")
    description = forms.CharField(label="礼品礼金名称", max_length=200)
    value = forms.DecimalField(label="价值（元）", max_digits=12, decimal_places=2, min_value=0.01)
    handling = forms.ChoiceField(label="处理方式", choices=GiftHandling.choices)
    notes = _text("备注")


class FamilyEventForm(StyledForm):
    kind = forms.ChoiceField(label="事宜类别", choices=FamilyEventKind.choices)
    event_on = _date("举办日期")
    scale = forms.CharField(label="规模", max_length=100, required=False, help_text="如“宴请8桌”")
    guests = forms.IntegerField(label="邀请人数", min_value=0, max_value=100000, required=False)
    reported_on = _date("报告日期")
    reported_before = forms.BooleanField(label="事前报告", required=False)


class CommendationForm(StyledForm):
    awarded_on = _date("表彰日期")
    title = forms.CharField(label="表彰奖励名称", max_length=200)
    awarded_by = forms.CharField(label="授予机关", max_length=100)


FORMS: dict[str, type[StyledForm]] = {
    "declarations": DeclarationForm,
    "talks": TalkForm,
    "duty-reports": DutyReportAddForm,
    "gifts": GiftForm,
    "family-events": FamilyEventForm,
    "commendations": CommendationForm,
}


class DeclarationImportForm(StyledForm):
    file = forms.FileField(label="Excel文件（.xlsx）")
