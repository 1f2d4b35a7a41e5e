"""The statistics warnings on the workbench (``stats.warnings``): zero filing and on-time
rates below their dated thresholds, for 委领导 and 案管室, each linking to its records."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from jiandu.core.workbench import WorkItem, workbench_provider
from jiandu.stats.warnings import may_see, unit_warnings

MODULE = "统计预警"


@workbench_provider
def stats_warning_items(user: Any) -> Iterable[WorkItem]:
    if not may_see(user):
        return []
    return [
        WorkItem(label=w.label, url=w.url, module=MODULE)
        for w in unit_warnings(user=user, on=timezone.localdate())
    ]
