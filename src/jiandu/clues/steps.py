"""The clue's workflow steps: one list, from which the clue page's action panel, its
POST dispatcher, the API's step actions and their capabilities all come
(``jiandu.core.workflow``). The state machine is ``rules.MACHINE``; every service
checks it, the capability, the scope and the handling unit again.

Page and API use the same step names. The API's former ``decide_routing`` and
``decide_disposition`` (one step with ``approve`` true/false) are kept for one release as
deprecated API-only steps; ``approve_*``/``reject_*`` replace them.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import serializers

from jiandu.clues import clearing_steps, forms, rules, services
from jiandu.clues.models import (
    CloseKind,
    Clue,
    Disposition,
    FirstFormMeasureKind,
    InquiryMode,
    VerificationResult,
)
from jiandu.core.api import ScopedPrimaryKeyRelatedField, choice_field
from jiandu.core.urging import urge_step
from jiandu.core.workflow import Step, Workflow
from jiandu.org.models import Unit

# --- API input: one serializer per step ------------------------------------------------------


def _outcome_choices(name: str, table: dict[str, str]) -> type[models.TextChoices]:
    """The outcomes allowed after a stage, as choices (``rules.Outcome`` is plain)."""
    return models.TextChoices(name, [(o.upper(), (o, rules.Outcome.LABELS[o])) for o in table])


InquiryOutcome = _outcome_choices("InquiryOutcome", rules.AFTER_INQUIRY)
VerificationOutcome = _outcome_choices("VerificationOutcome", rules.AFTER_VERIFICATION)


class ProposeRoutingInput(serializers.Serializer):
    unit = ScopedPrimaryKeyRelatedField(
        queryset=Unit.objects.all(),
        help_text="拟承办的纪检监察机构（单位编号）",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DecideRoutingInput(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true 批准，false 退回")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReturnInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="退回理由")


class ProposeDispositionInput(serializers.Serializer):
    disposition = choice_field(Disposition)
    reason = serializers.CharField(allow_blank=True, help_text="处置理由")
    inquiry_mode = choice_field(InquiryMode, blank=True, required=False, default="")
    close_kind = choice_field(CloseKind, blank=True, required=False, default="")
    transferred_to = serializers.CharField(required=False, allow_blank=True, default="")
    verification_plan = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="初步核实工作方案"
    )
    verification_team = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="核查组成员"
    )


class DecideDispositionInput(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true 批准，false 退回")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ClueDecisionInput(serializers.Serializer):
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="审批意见"
    )


class InquiryStartInput(serializers.Serializer):
    on = serializers.DateField(
        help_text="函询：被反映人收到函件的日期；谈话：谈话日期；委托谈话：受托人收到委托函的日期"
    )
    explanation = serializers.BooleanField(
        required=False, default=False, help_text="谈话后要求被谈话人作出书面说明（仅谈话）"
    )


class InquiryTalkInput(serializers.Serializer):
    on = serializers.DateField(help_text="委托谈话的谈话日期")


class InquiryReplyInput(serializers.Serializer):
    on = serializers.DateField(help_text="收到回复或书面说明的日期")


class InquiryConcludeInput(serializers.Serializer):
    outcome = choice_field(InquiryOutcome)
    reason = serializers.CharField(allow_blank=True, help_text="办理情况和结论")
    finding = choice_field(VerificationResult, blank=True, required=False, default="")
    measure_kind = choice_field(FirstFormMeasureKind, blank=True, required=False, default="")
    cleared = serializers.BooleanField(
        required=False,
        default=False,
        help_text="已停用：澄清正名改为单独流程（propose_clarification），true 将被拒绝",
    )


class VerificationExtendInput(serializers.Serializer):
    reason = serializers.CharField(help_text="延期理由")


class VerificationConcludeInput(serializers.Serializer):
    outcome = choice_field(VerificationOutcome)
    finding = choice_field(VerificationResult)
    reason = serializers.CharField(allow_blank=True, help_text="办理情况和结论")
    measure_kind = choice_field(FirstFormMeasureKind, blank=True, required=False, default="")
    cleared = serializers.BooleanField(
        required=False,
        default=False,
        help_text="已停用：澄清正名改为单独流程（propose_clarification），true 将被拒绝",
    )
    transferred_to = serializers.CharField(required=False, allow_blank=True, default="")


class ShelveReviewInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


# --- who may act --------------------------------------------------------------------------


def is_handler(user: Any, clue: Clue) -> bool:
    """The handling unit's staff act on its clues (first-handler responsibility)."""
    return bool(clue.handling_unit_id and user.unit_id == clue.handling_unit_id)


def _handler_only(label: str) -> dict[str, Any]:
    """``who``/``refusal`` of a step only the handling unit takes."""

    def refusal(clue: Clue) -> str:
        unit = clue.handling_unit.name if clue.handling_unit else "承办单位"
        return f"该线索由{unit}承办，只能由承办单位{label}"

    return {"who": is_handler, "refusal": refusal}


# --- page input → service arguments -----------------------------------------------------


def _outcome_input(d: dict[str, Any]) -> dict[str, Any]:
    """The conclude form's fields that belong to the chosen outcome (the page shows the
    others hidden, and they may still carry what was typed before the choice changed)."""
    outcome = d["outcome"]
    return {
        "outcome": outcome,
        "finding": d["finding"],
        "reason": d["reason"],
        "measure_kind": d["measure_kind"] if outcome == rules.Outcome.FIRST_FORM else "",
    }


def _verification_input(d: dict[str, Any]) -> dict[str, Any]:
    transferred_to = d["transferred_to"] if d["outcome"] == rules.Outcome.TRANSFER else ""
    return {**_outcome_input(d), "transferred_to": transferred_to}


def _disposition_input(d: dict[str, Any]) -> dict[str, Any]:
    disposition = d["disposition"]
    return {
        "disposition": disposition,
        "reason": d["reason"],
        "inquiry_mode": d["inquiry_mode"] if disposition == Disposition.INQUIRY else "",
        # Before any check a clue can only be closed directly ([规则] 21; 查否了结 comes
        # after an inquiry or verification).
        "close_kind": "direct" if disposition == Disposition.CLOSE else "",
        "transferred_to": d["transferred_to"] if disposition == Disposition.TRANSFER else "",
        "verification_plan": (
            d["verification_plan"] if disposition == Disposition.VERIFICATION else ""
        ),
        "verification_team": (
            d["verification_team"] if disposition == Disposition.VERIFICATION else ""
        ),
    }


# --- the steps ----------------------------------------------------------------------------

L = rules.ACTION_LABELS

STEPS = [
    Step(
        "propose_routing",
        L["propose_routing"],
        "clues.route",
        service=services.clue_propose_routing,
        form=forms.RoutingForm,
        input=ProposeRoutingInput,
        help="案管室提出分办意见（拟承办单位）。",
    ),
    Step(
        "approve_routing",
        L["approve_routing"],
        "clues.approve",
        service=services.clue_decide_routing,
        params={"approve": True},
        form=forms.DecisionForm,
        input=ClueDecisionInput,
        help="委领导批准分办意见。",
    ),
    Step(
        "reject_routing",
        L["reject_routing"],
        "clues.approve",
        service=services.clue_decide_routing,
        params={"approve": False},
        form=forms.DecisionForm,
        input=ClueDecisionInput,
        style="outline-danger",
        help="委领导退回分办意见。",
    ),
    Step(
        "decide_routing",
        "审批分办意见",
        "clues.approve",
        transition=None,
        service=services.clue_decide_routing,
        input=DecideRoutingInput,
        page=False,
        deprecated=True,
        help="委领导批准或退回分办意见（请改用 approve_routing / reject_routing）。",
    ),
    Step(
        "accept",
        L["accept"],
        "clues.handle",
        service=services.clue_accept,
        **_handler_only(L["accept"]),
        help="承办单位接收线索。",
    ),
    Step(
        "return",
        L["return"],
        "clues.handle",
        service=services.clue_return,
        form=forms.ReasonForm,
        input=ReturnInput,
        **_handler_only(L["return"]),
        style="outline-danger",
        help="承办单位退回线索（须说明理由）。",
    ),
    Step(
        "propose_disposition",
        L["propose_disposition"],
        "clues.handle",
        service=services.clue_propose_disposition,
        form=forms.DispositionForm,
        from_form=_disposition_input,
        input=ProposeDispositionInput,
        **_handler_only(L["propose_disposition"]),
        help="承办单位提出处置意见。",
    ),
    Step(
        "approve_disposition",
        L["approve_disposition"],
        "clues.approve",
        service=services.clue_decide_disposition,
        params={"approve": True},
        form=forms.DecisionForm,
        input=ClueDecisionInput,
        help="委领导批准处置意见。",
    ),
    Step(
        "reject_disposition",
        L["reject_disposition"],
        "clues.approve",
        service=services.clue_decide_disposition,
        params={"approve": False},
        form=forms.DecisionForm,
        input=ClueDecisionInput,
        style="outline-danger",
        help="委领导退回处置意见。",
    ),
    Step(
        "decide_disposition",
        "审批处置意见",
        "clues.approve",
        transition=None,
        service=services.clue_decide_disposition,
        input=DecideDispositionInput,
        page=False,
        deprecated=True,
        help="委领导批准或退回处置意见（请改用 approve_disposition / reject_disposition）。",
    ),
    Step(
        "inquiry_start",
        L["inquiry_start"],
        "clues.handle",
        service=services.clue_inquiry_start,
        form=forms.InquiryStartForm,
        input=InquiryStartInput,
        **_handler_only(L["inquiry_start"]),
        help=(
            "登记发函（被反映人收到函件）、谈话（可要求书面说明）或委托谈话（受托人收到委托函）。"
        ),
    ),
    Step(
        "inquiry_talk",
        L["inquiry_talk"],
        "clues.handle",
        service=services.clue_inquiry_talk,
        form=forms.DateForm,
        input=InquiryTalkInput,
        **_handler_only(L["inquiry_talk"]),
        help="登记委托谈话的谈话日期（情况报告自谈话之日起1个月内写出）。",
    ),
    Step(
        "inquiry_reply",
        L["inquiry_reply"],
        "clues.handle",
        service=services.clue_inquiry_reply,
        form=forms.DateForm,
        input=InquiryReplyInput,
        **_handler_only(L["inquiry_reply"]),
        help="登记收到回复或书面说明。",
    ),
    Step(
        "inquiry_conclude",
        L["inquiry_conclude"],
        "clues.handle",
        service=services.clue_inquiry_conclude,
        form=forms.ConcludeForm,
        from_form=_outcome_input,
        input=InquiryConcludeInput,
        **_handler_only(L["inquiry_conclude"]),
        help="谈话函询办结。",
    ),
    Step(
        "verification_extend",
        L["verification_extend"],
        "clues.approve",
        service=services.clue_verification_extend,
        form=forms.ReasonForm,
        input=VerificationExtendInput,
        when=lambda clue: not clue.verification_extended,
        help="初步核实延期（委领导批准，只能一次）。",
    ),
    Step(
        "verification_conclude",
        L["verification_conclude"],
        "clues.handle",
        service=services.clue_verification_conclude,
        form=forms.ConcludeForm,
        from_form=_verification_input,
        input=VerificationConcludeInput,
        **_handler_only(L["verification_conclude"]),
        help="初步核实办结。",
    ),
    Step(
        "shelve_review",
        L["shelve_review"],
        "clues.handle",
        service=services.clue_shelve_review,
        form=forms.NoteForm,
        input=ShelveReviewInput,
        **_handler_only(L["shelve_review"]),
        help="复查暂存待查线索。",
    ),
    Step(
        "note_duplicates",
        "已阅新增重复件",
        "clues.handle",
        transition=None,
        service=services.clue_note_duplicates,
        when=lambda clue: clue.duplicate_links.filter(noted_at__isnull=True).exists(),
        **_handler_only("登记已阅新增重复件"),
        style="outline-primary",
        done=lambda d, n: f"已阅{n}件新增重复件",
        help="承办单位登记已阅并入本线索的新增重复件（工作台不再提示）。",
    ),
]

# 催办: a leader urges the handling unit of an overdue clue (``core.urging``).
STEPS.append(urge_step(capability="clues.urge", noun="线索"))

# 澄清正名 and 诬告陷害 start on the clue (``clearing_steps``) and leave its state as it is.
STEPS += clearing_steps.START_STEPS

WORKFLOW = Workflow(machine=rules.MACHINE, object_arg="clue", steps=STEPS)
