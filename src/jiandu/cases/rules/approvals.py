"""Case steps that need an approval (呈批): who proposes them and who decides.

Pure Python, no ORM. Whoever proposes a step is not who approves it ([规则] 23, 25, 38;
``jiandu.core.approvals``): the handling unit (or, for the review's extension, the
review office) proposes; a leader records the approval (given by the authority the rule
names: the commission's leadership, or the higher commission with its reference) by
deciding that proposal, never one of their own.

- 留置 ([监察法] 43; [条例] 96–101), its extension ([监察法] 43);
- the investigation's extension ([条例] 185);
- the review's extension ([条例] 194), proposed by the review office;
- the execution's extension ([条例] 203; [政务处分法] 54);
- the measures of the amended law ([监察法2024], ``rules.measures``): 强制到案, 责令候查,
  管护 and its extension, the second extension of 留置 (national approval) and its
  recount; and withholding the 24-hour notice because it would hinder the investigation
  ([监察法] 44; [条例] 98).
"""

from __future__ import annotations

from dataclasses import dataclass

from jiandu.cases.rules.stages import CLOSED_STAGES, INVESTIGATING, Stage

__all__ = ["APPROVAL_STEPS", "NO_PROPOSAL", "ApprovalStep", "proposal_stage_refusal"]


@dataclass(frozen=True)
class ApprovalStep:
    label: str
    #: the step acts on one person's track (False: on the whole case)
    on_track: bool = True
    #: proposed by the review office (True) or by the handling units (False)
    by_review: bool = False
    #: the track stages in which the step applies (empty: every open stage); outside
    #: them it is neither offered nor accepted
    stages: frozenset[str] = frozenset()


APPROVAL_STEPS: dict[str, ApprovalStep] = {
    # The measures of the investigation: only while the investigators are at work
    # ([监察法] 43; [条例] 96–101; the steps' own ``_may_detain``).
    "detention": ApprovalStep("采取留置措施", stages=INVESTIGATING),
    "detention_extension": ApprovalStep("延长留置时间", stages=INVESTIGATING),
    # [条例] 185: the investigation's limit, while an investigation runs.
    "investigation_extension": ApprovalStep("延长调查期限", on_track=False, stages=INVESTIGATING),
    # [条例] 194 and 203: the review's and the execution's limits, in their stage.
    "review_extension": ApprovalStep(
        "延长审理期限", by_review=True, stages=frozenset({Stage.REVIEW})
    ),
    "execution_extension": ApprovalStep("延长执行期限", stages=frozenset({Stage.EXECUTION})),
    "appearance": ApprovalStep("采取强制到案措施", stages=INVESTIGATING),
    "await": ApprovalStep("采取责令候查措施", stages=INVESTIGATING),
    "custody": ApprovalStep("采取管护措施", stages=INVESTIGATING),
    "custody_extension": ApprovalStep("延长管护时间", stages=INVESTIGATING),
    "detention_second_extension": ApprovalStep("再延长留置时间", stages=INVESTIGATING),
    "detention_recount": ApprovalStep("重新计算留置时间", stages=INVESTIGATING),
    "notice_withheld": ApprovalStep("有碍调查暂不通知单位和家属", stages=INVESTIGATING),
}

NO_PROPOSAL = (
    "没有待审批的“{label}”呈批：须先由{who}呈批，再由另一人审批（拟办人不能审批自己的呈批）"
)


def proposal_stage_refusal(step: str, stage: str) -> str:
    """Why ``step`` cannot be proposed on a track in ``stage`` ("" when it can): a
    closed track takes no proposal, and a step outside its stages no longer applies
    (e.g. 延长调查期限 once the track is referred to review)."""
    info = APPROVAL_STEPS.get(step)
    if info is None:
        return "该事项不需要呈批"
    label = Stage(stage).label if stage in Stage.values else stage
    if stage in CLOSED_STAGES:
        return f"该被审查调查人已办结（{label}），不能再呈批“{info.label}”"
    if info.stages and stage not in info.stages:
        need = "、".join(f"“{Stage(s).label}”" for s in Stage.values if s in info.stages)
        return f"“{info.label}”只能在{need}阶段呈批，当前为“{label}”阶段"
    return ""
