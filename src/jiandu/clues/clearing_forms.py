"""Page forms of the 澄清正名 and 诬告陷害 steps (``clearing_steps``)."""

from __future__ import annotations

from django import forms

from jiandu.clues.models import ClarificationScope, ClarificationWay, FollowUpKind
from jiandu.core.forms import ScopedModelChoiceField, StyledForm
from jiandu.intake.models import Report


class ClarificationProposeForm(StyledForm):
    person_name = forms.CharField(
        label="澄清对象", max_length=40, required=False, help_text="默认为被反映人"
    )
    facts = forms.CharField(
        label="经核查失实的问题", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    scope = forms.ChoiceField(label="通报范围", choices=ClarificationScope.choices)
    way = forms.ChoiceField(label="澄清方式", choices=ClarificationWay.choices)


class CommentForm(StyledForm):
    comment = forms.CharField(label="审批意见", max_length=200, required=False)


class CarryOutForm(StyledForm):
    on = forms.DateField(label="澄清日期")
    letter_number = forms.CharField(
        label="澄清函文号", max_length=60, required=False, help_text="书面澄清时填写"
    )
    note = forms.CharField(label="澄清情况", max_length=300, required=False)


class EmptyForm(StyledForm):
    pass


class FalseAccusationProposeForm(StyledForm):
    evidence = forms.CharField(
        label="捏造事实、伪造材料的证据", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    report = ScopedModelChoiceField(
        label="诬告陷害的信访件", queryset=Report.objects.all(), required=False
    )
    reporter_identified = forms.BooleanField(label="诬告陷害人已查明", required=False)
    aggravating = forms.CharField(label="从重情节（第四十一条）", max_length=300, required=False)


class ReviewForm(StyledForm):
    comment = forms.CharField(label="审核意见", max_length=300, required=False)


class HigherDecisionForm(StyledForm):
    approving_body = forms.CharField(
        label="批准机关", max_length=100, help_text="设区的市级以上党委或纪检监察机关"
    )
    on = forms.DateField(label="批复日期")
    approval_ref = forms.CharField(label="批复文号", max_length=60, required=False)
    note = forms.CharField(label="说明", max_length=300, required=False)


class FollowUpForm(StyledForm):
    kind = forms.ChoiceField(label="处理方式", choices=FollowUpKind.choices)
    on = forms.DateField(label="处理日期")
    handed_to = forms.CharField(label="移交的党组织或机关", max_length=100, required=False)
    note = forms.CharField(label="处理情况", max_length=300, required=False)
    correction = forms.CharField(
        label="建议纠正的不当利益（第四十三条）", max_length=200, required=False
    )


class CloseForm(StyledForm):
    care_done = forms.BooleanField(
        label="已对被诬告陷害人开展谈心谈话、消除顾虑（第四十四条）", required=False
    )
    exposed = forms.BooleanField(label="作为典型案件通报曝光（第四十二条）", required=False)
