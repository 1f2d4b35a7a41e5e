"""The cross-check items on the workbench: hits awaiting triage, one item per rule, for
the roles that triage (among the hits each may see). The triage is the user's decision
(待我审批); a line counts as its hits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from jiandu.core.workbench import WorkItem, workbench_provider

MODULE = "数据比对"


@workbench_provider
def crosscheck_items(user: Any) -> Iterable[WorkItem]:
    """One query: the count of new hits per rule the user sees."""
    from jiandu.crosscheck.selectors import waiting_counts

    if not user.has_capability("crosscheck.triage"):
        return []
    url = reverse("crosscheck:hit_list")
    return [
        WorkItem(
            label=f"比对疑点待研判：规则{code} {n}条",
            url=f"{url}?rule={code}&status=new",
            module=MODULE,
            mine=True,
            kind="比对疑点待研判",
            action="逐条研判：转为问题线索或排除",
            count=n,
        )
        for code, n in waiting_counts(user=user).items()
    ]
