"""Forms of the clue pages: registering a clue and the input of each workflow step.

Forms only check the shape of the input; the rules (state machine, time limits, who
may do what) are checked by ``jiandu.clues.services``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from jiandu.clues import rules
from jiandu.clues.models import (
    ClueSource,
    Disposition,
    FirstFormMeasureKind,
    InquiryMode,
    VerificationResult,
)
from jiandu.core.forms import ScopedModelChoiceField, StyledForm
from jiandu.core.models import CategoryGroup, ProblemCategory
from jiandu.org.models import Cadre, Unit, UnitKind

# Units that handle clues: the supervision offices, resident teams and township
# commissions, and the commission's other offices for the rare clue they keep.
HANDLING_KINDS = (
    UnitKind.SUPERVISION_OFFICE,
    UnitKind.RESIDENT_TEAM,
    UnitKind.TOWNSHIP_COMMISSION,
    UnitKind.CONDUCT_OFFICE,
    UnitKind.INTERNAL_AFFAIRS_OFFICE,
)

DIRECT_SOURCES = [(value, label) for value, label in ClueSource.choices if value != "report"]


def handling_units() -> Any:
    return Unit.objects.filter(kind__in=HANDLING_KINDS).order_by("sort_order", "code")


def category_groups(selected: list[str] | None = None) -> list[dict[str, Any]]:
    """The problem categories in force today, grouped for a checkbox list."""
    today = timezone.localdate()
    selected = set(selected or [])
    rows = ProblemCategory.objects.filter(valid_from__lte=today).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    )
    groups: dict[str, list[dict[str, Any]]] = {}
    for cat in rows.order_by("group", "sort_order", "code"):
        groups.setdefault(cat.group, []).append(
            {"code": cat.code, "name": cat.name, "checked": cat.code in selected}
        )
    return [
        {"label": CategoryGroup(group).label, "items": groups[group]}
        for group in CategoryGroup.values
        if group in groups
    ]


class ClueCreateForm(StyledForm):
    """A clue transferred directly (inspection tour, audit, law enforcement …)."""

    source = forms.ChoiceField(label="线索来源", choices=DIRECT_SOURCES)
    transfer_ref = forms.CharField(label="移交文号", max_length=60, required=False)
    received_on = forms.DateField(
        label="收到日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    subject_cadre = ScopedModelChoiceField(
        label="被反映人（干部名册）", queryset=Cadre.objects.all(), required=False
    )
    subject_name = forms.CharField(label="被反映人姓名", max_length=40, required=False)
    subject_unit = ScopedModelChoiceField(
        label="被反映人单位", queryset=Unit.objects.order_by("sort_order", "code"), required=False
    )
    categories = forms.MultipleChoiceField(label="问题类别", required=False, choices=())
    summary = forms.CharField(
        label="主要问题", widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["subject_unit"].empty_label = "请选择单位"
        self.fields["categories"].choices = [
            (c.code, c.name) for c in ProblemCategory.objects.only("code", "name")
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("subject_cadre") and not (data.get("subject_name") or "").strip():
            self.add_error("subject_name", "请从干部名册中选择被反映人，或填写被反映人姓名和单位")
        return data


# --- the workflow steps ------------------------------------------------------------------


class RoutingForm(StyledForm):
    unit = ScopedModelChoiceField(
        label="拟承办单位",
        queryset=Unit.objects.filter(kind__in=HANDLING_KINDS).order_by("sort_order", "code"),
    )
    note = forms.CharField(label="拟办意见", max_length=200, required=False)


class DecisionForm(StyledForm):
    comment = forms.CharField(label="审批意见", max_length=200, required=False)


class ReasonForm(StyledForm):
    reason = forms.CharField(label="理由", max_length=1000)


class NoteForm(StyledForm):
    note = forms.CharField(label="复查意见", max_length=1000)


class DateForm(StyledForm):
    on = forms.DateField(label="日期")


class InquiryStartForm(StyledForm):
    on = forms.DateField(label="日期")
    explanation = forms.BooleanField(label="要求被谈话人作出书面说明", required=False)


class DispositionForm(StyledForm):
    disposition = forms.ChoiceField(
        label="处置方式", choices=Disposition.choices, widget=forms.RadioSelect
    )
    inquiry_mode = forms.ChoiceField(
        label="谈话函询方式",
        choices=[("", "—"), *InquiryMode.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    transferred_to = forms.CharField(label="移送至", max_length=100, required=False)
    verification_plan = forms.CharField(label="初步核实工作方案", max_length=2000, required=False)
    verification_team = forms.CharField(label="核查组成员", max_length=200, required=False)
    reason = forms.CharField(label="处置理由", max_length=1000)


INQUIRY_OUTCOMES = list(rules.AFTER_INQUIRY)
VERIFICATION_OUTCOMES = list(rules.AFTER_VERIFICATION)


class ConcludeForm(StyledForm):
    """谈话函询办结 and 初步核实办结: the outcome and what goes with it."""

    outcome = forms.ChoiceField(label="办理结果", choices=(), widget=forms.RadioSelect)
    finding = forms.ChoiceField(
        label="核查结论", choices=[("", "—"), *VerificationResult.choices], required=False
    )
    measure_kind = forms.ChoiceField(
        label="第一种形态措施", choices=[("", "—"), *FirstFormMeasureKind.choices], required=False
    )
    transferred_to = forms.CharField(label="移送至", max_length=100, required=False)
    reason = forms.CharField(label="办理情况和结论", max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every outcome is accepted here; which one fits the stage is the rules' call
        # (``rules.outcome_target``), so a wrong one gets their Chinese reason.
        self.fields["outcome"].choices = list(rules.Outcome.LABELS.items())


def outcome_choices(stage: str) -> list[tuple[str, str]]:
    outcomes = INQUIRY_OUTCOMES if stage == "inquiry" else VERIFICATION_OUTCOMES
    return [(o, rules.Outcome.LABELS[o]) for o in outcomes]
