from django import forms

from jiandu.core.forms import PersonNameField, PhoneField, StyledFormMixin, VersionedFormMixin
from jiandu.org.models import PoliticalStatus, Rank


class CadreEditForm(StyledFormMixin, VersionedFormMixin):
    name = PersonNameField(label="姓名")
    political_status = forms.ChoiceField(label="政治面貌", choices=PoliticalStatus.choices)
    rank = forms.ChoiceField(label="职级", choices=Rank.choices)
    phone = PhoneField(label="联系电话", max_length=20, required=False)
    notes = forms.CharField(label="备注", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    party_committee_member = forms.BooleanField(
        label="同级党委委员、候补委员",
        required=False,
        help_text="反映其问题的线索须向上级纪委监委报告（《监督执纪工作规则》第二十二条）",
    )
    commission_member = forms.BooleanField(
        label="纪委常委、监委委员",
        required=False,
        help_text="反映其问题的线索须向上级纪委监委报告（《监督执纪工作规则》第二十二条）",
    )


class UnitEditForm(StyledFormMixin, VersionedFormMixin):
    """How a unit signs its official documents, and whether its principal leader's clues
    are reported upward (``services.unit_update``)."""

    document_issuer_name = forms.CharField(
        label="发文机关名称",
        max_length=100,
        required=False,
        help_text="公文版头和落款使用的名称，留空则用单位名称",
    )
    document_number_prefix = forms.CharField(
        label="发文机关代字",
        max_length=20,
        required=False,
        help_text="文号中的机关代字，如“××纪”；生成文书时据此拟出文号",
    )
    head_reported_upward = forms.BooleanField(
        label="主要负责人线索报上级",
        required=False,
        help_text=(
            "学校、医院、国有企业等单位的主要负责人属本级管理的，勾选后反映其主要负责人的"
            "问题线索须向上级纪委监委报告（《监督执纪工作规则》第二十二条）；"
            "县直部门、乡镇（街道）和党委机关的主要负责人不需勾选，一律报告"
        ),
    )


class ImportForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="导入内容",
        choices=[("units", "单位"), ("cadres", "干部"), ("posts", "任职")],
    )
    file = forms.FileField(label="Excel文件（.xlsx）")
