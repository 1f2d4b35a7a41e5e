from django import forms

from jiandu.core.forms import StyledFormMixin, VersionedFormMixin
from jiandu.org.models import PoliticalStatus, Rank


class CadreEditForm(StyledFormMixin, VersionedFormMixin):
    name = forms.CharField(label="姓名", max_length=40)
    political_status = forms.ChoiceField(label="政治面貌", choices=PoliticalStatus.choices)
    rank = forms.ChoiceField(label="职级", choices=Rank.choices)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    notes = forms.CharField(label="备注", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ImportForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="导入内容",
        choices=[("units", "单位"), ("cadres", "干部"), ("posts", "任职")],
    )
    file = forms.FileField(label="Excel文件（.xlsx）")
