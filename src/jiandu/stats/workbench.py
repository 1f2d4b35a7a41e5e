"""The statistics warnings on the workbench (``stats.warnings``): zero filing and on-time
rates below their dated thresholds, for 委领导 and 案管室, each linking to its records.

The workbench opens often and the warnings take a dozen grouped counts, so they are kept
in the cache under the audit chain's head: every write of the record appends an event
(CONVENTIONS: every write goes through a service and leaves an audit event), so a new
head means the figures may have changed and are counted again; the same head and day
give exactly what counting now would give."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from jiandu.audit.models import ChainHead
from jiandu.core.workbench import WorkItem, workbench_provider
from jiandu.stats.warnings import may_see, unit_warnings

MODULE = "统计预警"
CACHE_SECONDS = 24 * 3600


def cached_warnings(user: Any) -> list[tuple[str, str]]:
    """(label, url) of each warning for ``user`` today, counted once per audit-chain head."""
    today = timezone.localdate()
    head = ChainHead.objects.values_list("seq", flat=True).first() or 0
    key = f"stats.warnings:{user.role}:{user.unit_id}:{today.isoformat()}:{head}"
    found = cache.get(key)
    if found is None:
        found = [(w.label, w.url) for w in unit_warnings(user=user, on=today)]
        cache.set(key, found, CACHE_SECONDS)
    return found


@workbench_provider
def stats_warning_items(user: Any) -> Iterable[WorkItem]:
    if not may_see(user):
        return []
    return [
        WorkItem(
            label=label,
            url=url,
            module=MODULE,
            kind="统计预警",
            action="查看明细，督促相关单位",
        )
        for label, url in cached_warnings(user)
    ]
