"""Forms of the 涉案财物 steps on the case page (shape only; the rules are the services')."""

from __future__ import annotations

from django import forms

from jiandu.cases.forms import DATE, person_field, row_field
from jiandu.cases.models import CaseProperty
from jiandu.cases.rules.property import PropertyKind, PropertyMeasure
from jiandu.core.forms import StyledForm


def _money(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_digits=14, decimal_places=2
    )


class PropertyRegisterForm(StyledForm):
    kind = forms.ChoiceField(label="类别", choices=PropertyKind.choices)
    description = forms.CharField(label="名称及特征", max_length=300)
    measure = forms.ChoiceField(label="措施", choices=PropertyMeasure.choices)
    measure_on = forms.DateField(label="采取措施日期", widget=DATE)
    person = person_field()
    quantity = forms.CharField(label="数量", max_length=40, required=False)
    amount = _money("金额（元）")
    estimated_value = _money("估价（元）")
    holder = forms.CharField(label="持有人", max_length=100, required=False)
    custody_place = forms.CharField(label="保管地点（账户）", max_length=200, required=False)
    custodian = forms.CharField(label="保管人（保管部门）", max_length=100, required=False)
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].label = "涉及人员"


class PropertyDateForm(StyledForm):
    item = row_field(CaseProperty)
    on = forms.DateField(label="日期", widget=DATE)


class PropertyDecideForm(PropertyDateForm):
    reason = forms.CharField(label="处置决定（依据）", max_length=300, required=False)


class PropertyReturnForm(PropertyDateForm):
    returned_to = forms.CharField(label="退还对象（签收人）", max_length=100)
