"""The steps of the 澄清正名 and 诬告陷害 processes (``jiandu.core.workflow``).

Each process starts on its clue: ``propose_clarification`` and
``propose_false_accusation`` are steps of the clue's workflow (``START_STEPS``, listed
in ``clues.steps``; they leave the clue's state as it is). The process then has its own
workflow, from which come the panel on the clue page, the page's POST dispatcher
(``clarification-<step>`` and ``false-accusation-<step>`` on the clue page, the
process's id posted as ``process``) and the API's actions
(``/api/clarifications/<id>/<step>/``, ``/api/false-accusations/<id>/<step>/``): page
and API use the same step names. The machines are ``clearing_rules``; the services
(``clearing_services``) check state, capability, scope and who acts again.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jiandu.clues import clearing_forms as forms
from jiandu.clues import clearing_rules as rules
from jiandu.clues import clearing_services as services
from jiandu.clues.models import (
    Clarification,
    ClarificationScope,
    ClarificationWay,
    Clue,
    FalseAccusation,
    FollowUpKind,
)
from jiandu.core.api import ScopedPrimaryKeyRelatedField, choice_field
from jiandu.core.workflow import Step, Workflow
from jiandu.intake.models import Report

# --- API input ----------------------------------------------------------------------------


class ClarificationProposeInput(serializers.Serializer):
    facts = serializers.CharField(allow_blank=True, help_text="经核查失实的问题")
    scope = choice_field(ClarificationScope)
    way = choice_field(ClarificationWay)
    person_name = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="澄清对象（默认为被反映人）"
    )


class CommentInput(serializers.Serializer):
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="审批意见"
    )


class CarryOutInput(serializers.Serializer):
    on = serializers.DateField(help_text="澄清日期（发函、会议或谈话）")
    letter_number = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="澄清函文号（书面澄清时必填）"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FalseAccusationProposeInput(serializers.Serializer):
    evidence = serializers.CharField(allow_blank=True, help_text="捏造事实、伪造材料的证据")
    report = ScopedPrimaryKeyRelatedField(
        queryset=Report.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="诬告陷害的信访件（本线索的来源信访件之一）",
    )
    reporter_identified = serializers.BooleanField(required=False, default=False)
    aggravating = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="从重情节（第四十一条）"
    )


class HigherDecisionInput(serializers.Serializer):
    approving_body = serializers.CharField(
        allow_blank=True, help_text="批准机关（设区的市级以上党委或纪检监察机关）"
    )
    on = serializers.DateField(help_text="批复日期")
    approval_ref = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FollowUpInput(serializers.Serializer):
    kind = choice_field(FollowUpKind)
    on = serializers.DateField(help_text="处理日期")
    handed_to = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    correction = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="建议纠正的不当利益（第四十三条）"
    )


class FalseAccusationCloseInput(serializers.Serializer):
    care_done = serializers.BooleanField(help_text="已对被诬告陷害人开展谈心谈话（第四十四条）")
    exposed = serializers.BooleanField(
        required=False, default=False, help_text="作为典型案件通报曝光（第四十二条）"
    )


# --- who may act --------------------------------------------------------------------------


def _clue_of(obj: Any) -> Clue:
    return obj if isinstance(obj, Clue) else obj.clue


def is_handler(user: Any, obj: Any) -> bool:
    clue = _clue_of(obj)
    return bool(clue.handling_unit_id and user.unit_id == clue.handling_unit_id)


def _handler_refusal(obj: Any) -> str:
    clue = _clue_of(obj)
    unit = clue.handling_unit.name if clue.handling_unit else "承办单位"
    return f"该线索由{unit}承办，只能由承办单位办理"


HANDLER = {"who": is_handler, "refusal": _handler_refusal}


def _not_proposer(user: Any, obj: Any) -> bool:
    return bool(obj.proposed_by_id != user.pk)


def _principal_leader_not_proposer(user: Any, obj: Clarification) -> bool:
    return _not_proposer(user, obj) and services.is_principal_leader(user)


def _clarification_decider_refusal(obj: Clarification) -> str:
    return f"拟办人不能审批自己的意见；{services.PRINCIPAL_LEADER_ONLY}"


def _may_propose_clarification(clue: Clue) -> bool:
    return (
        not rules.clarification_refusal(
            status=clue.status, close_kind=clue.close_kind, finding=clue.finding
        )
        and not clue.clarifications.filter(status__in=rules.CLARIFICATION_OPEN).exists()
    )


def _may_propose_false_accusation(clue: Clue) -> bool:
    return (
        not rules.false_accusation_refusal(
            status=clue.status, close_kind=clue.close_kind, finding=clue.finding
        )
        and not clue.false_accusations.filter(status__in=rules.FALSE_ACCUSATION_OPEN).exists()
    )


def _fa_propose_input(d: dict[str, Any]) -> dict[str, Any]:
    return {**d, "report": d.get("report")}


# --- the steps that start a process (on the clue) ------------------------------------------

START_LABELS = {
    "propose_clarification": "提出澄清正名意见",
    "propose_false_accusation": "提出诬告陷害认定",
}

START_STEPS = [
    Step(
        "propose_clarification",
        START_LABELS["propose_clarification"],
        "clues.handle",
        transition=None,
        service=services.clarification_propose,
        form=forms.ClarificationProposeForm,
        input=ClarificationProposeInput,
        when=_may_propose_clarification,
        **HANDLER,
        done="已提出澄清正名意见，报本委主要负责人审批",
        help="查否了结、反映失实的线索：提出澄清正名意见（失实问题、澄清对象、通报范围和方式），"
        "报本委主要负责人审批（《检举控告规则》第五十条）。",
    ),
    Step(
        "propose_false_accusation",
        START_LABELS["propose_false_accusation"],
        "clues.handle",
        transition=None,
        service=services.false_accusation_propose,
        form=forms.FalseAccusationProposeForm,
        from_form=_fa_propose_input,
        input=FalseAccusationProposeInput,
        when=_may_propose_false_accusation,
        **HANDLER,
        done="已提出诬告陷害认定，报委领导审核",
        help="初步核实中或查否了结的线索：提出诬告陷害认定（证据、诬告陷害的信访件、从重情节），"
        "经委领导审核后报设区的市级以上党委或纪检监察机关批准（《检举控告规则》第三十九条）。",
    ),
]

# --- 澄清正名 -------------------------------------------------------------------------------

CL = rules.CLARIFICATION_LABELS

CLARIFICATION_STEPS = [
    Step(
        "approve",
        CL["approve"],
        "clues.approve",
        service=services.clarification_decide,
        params={"approve": True},
        who=_principal_leader_not_proposer,
        refusal=_clarification_decider_refusal,
        form=forms.CommentForm,
        input=CommentInput,
        help="本委主要负责人批准澄清正名（拟办人不能审批自己的意见）。",
    ),
    Step(
        "reject",
        CL["reject"],
        "clues.approve",
        service=services.clarification_decide,
        params={"approve": False},
        who=_principal_leader_not_proposer,
        refusal=_clarification_decider_refusal,
        form=forms.CommentForm,
        input=CommentInput,
        style="outline-danger",
        help="本委主要负责人不予批准澄清正名。",
    ),
    Step(
        "carry_out",
        CL["carry_out"],
        "clues.handle",
        service=services.clarification_carry_out,
        form=forms.CarryOutForm,
        input=CarryOutInput,
        **HANDLER,
        help="登记澄清情况：发函（文号）、会议通报或当面说明的日期。",
    ),
    Step(
        "close",
        CL["close"],
        "clues.handle",
        service=services.clarification_close,
        **HANDLER,
        help="澄清正名办结。",
    ),
]

CLARIFICATION_WORKFLOW = Workflow(
    machine=rules.CLARIFICATION, object_arg="clarification", steps=CLARIFICATION_STEPS
)

# --- 诬告陷害 -------------------------------------------------------------------------------

FL = rules.FALSE_ACCUSATION_LABELS


def _not_own(obj: FalseAccusation) -> str:
    return "拟办人不能审批自己的意见"


FALSE_ACCUSATION_STEPS = [
    Step(
        "submit",
        FL["submit"],
        "clues.approve",
        service=services.false_accusation_review,
        params={"submit": True},
        who=_not_proposer,
        refusal=_not_own,
        form=forms.ReviewForm,
        input=CommentInput,
        help="委领导审核同意，报请设区的市级以上党委或纪检监察机关批准（第三十九条第二款）。",
    ),
    Step(
        "drop",
        FL["drop"],
        "clues.approve",
        service=services.false_accusation_review,
        params={"submit": False},
        who=_not_proposer,
        refusal=_not_own,
        form=forms.ReviewForm,
        input=CommentInput,
        style="outline-danger",
        help="委领导不予认定（须写明理由，如属错告，第四十五条）。",
    ),
    Step(
        "record_approval",
        FL["record_approval"],
        "clues.handle",
        service=services.false_accusation_record_decision,
        params={"approved": True},
        form=forms.HigherDecisionForm,
        input=HigherDecisionInput,
        **HANDLER,
        help="登记上级批准认定诬告陷害：批准机关、日期和文号。",
    ),
    Step(
        "record_refusal",
        FL["record_refusal"],
        "clues.handle",
        service=services.false_accusation_record_decision,
        params={"approved": False},
        form=forms.HigherDecisionForm,
        input=HigherDecisionInput,
        style="outline-danger",
        **HANDLER,
        help="登记上级不予批准认定。",
    ),
    Step(
        "record_follow_up",
        FL["record_follow_up"],
        "clues.handle",
        service=services.false_accusation_follow_up,
        form=forms.FollowUpForm,
        input=FollowUpInput,
        **HANDLER,
        help="登记对诬告陷害人的处理：党纪处分、政务处分、组织处理，或移交党组织、移送公安机关"
        "（第四十条）。",
    ),
    Step(
        "close",
        FL["close"],
        "clues.handle",
        service=services.false_accusation_close,
        form=forms.CloseForm,
        input=FalseAccusationCloseInput,
        **HANDLER,
        help="办结：已对被诬告陷害人谈心谈话（第四十四条），是否通报曝光（第四十二条）。",
    ),
]

FALSE_ACCUSATION_WORKFLOW = Workflow(
    machine=rules.FALSE_ACCUSATION,
    object_arg="false_accusation",
    steps=FALSE_ACCUSATION_STEPS,
)

# Page action prefix → (workflow, model): ``clarification-approve`` on the clue page.
PROCESSES: dict[str, tuple[Workflow, type]] = {
    "clarification": (CLARIFICATION_WORKFLOW, Clarification),
    "false-accusation": (FALSE_ACCUSATION_WORKFLOW, FalseAccusation),
}


def page_process(action: str) -> tuple[str, str] | None:
    """``(prefix, step)`` of a process step's page action, or None for a clue step."""
    for prefix in PROCESSES:
        if action.startswith(prefix + "-"):
            return prefix, action.removeprefix(prefix + "-")
    return None
