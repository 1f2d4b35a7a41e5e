"""Case steps that need an approval (呈批): who proposes them and who decides.

Pure Python, no ORM. Whoever proposes a step is not who approves it ([规则] 23, 25, 38;
``jiandu.core.approvals``): the handling unit (or, for the review's extension, the
review office) proposes; a leader records the approval (given by the authority the rule
names: the commission's leadership, or the higher commission with its reference) by
deciding that proposal, never one of their own.

- 留置 ([监察法] 43; [条例] 96–101), its extension ([监察法] 43);
- the investigation's extension ([条例] 185);
- the review's extension ([条例] 194), proposed by the review office;
- the execution's extension ([条例] 203; [政务处分法] 54).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["APPROVAL_STEPS", "NO_PROPOSAL", "ApprovalStep"]


@dataclass(frozen=True)
class ApprovalStep:
    label: str
    #: the step acts on one person's track (False: on the whole case)
    on_track: bool = True
    #: proposed by the review office (True) or by the handling units (False)
    by_review: bool = False


APPROVAL_STEPS: dict[str, ApprovalStep] = {
    "detention": ApprovalStep("采取留置措施"),
    "detention_extension": ApprovalStep("延长留置时间"),
    "investigation_extension": ApprovalStep("延长调查期限", on_track=False),
    "review_extension": ApprovalStep("延长审理期限", by_review=True),
    "execution_extension": ApprovalStep("延长执行期限"),
}

NO_PROPOSAL = (
    "没有待审批的“{label}”呈批：须先由{who}呈批，再由另一人审批（拟办人不能审批自己的呈批）"
)
