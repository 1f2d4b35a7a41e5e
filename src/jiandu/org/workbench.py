"""What the workbench page shows of the register: how many cadres and units the user sees."""

from __future__ import annotations

from typing import Any

from jiandu.core.workbench import workbench_fact
from jiandu.org.selectors import cadre_list, unit_list


@workbench_fact("cadre_count")
def cadre_count(user: Any) -> int:
    return cadre_list(user=user).count()


@workbench_fact("unit_count")
def unit_count(user: Any) -> int:
    return unit_list(user=user).count()
