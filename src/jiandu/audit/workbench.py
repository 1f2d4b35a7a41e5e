"""What the workbench page shows of the audit log: the user's own last steps."""

from __future__ import annotations

from typing import Any

from jiandu.audit.models import Event
from jiandu.audit.selectors import recent_events_by
from jiandu.core.workbench import workbench_fact


@workbench_fact("recent_events")
def recent_events(user: Any) -> list[Event]:
    return recent_events_by(user=user, limit=10)
