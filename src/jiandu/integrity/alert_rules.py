"""Early alerts (廉政风险提示): the plain rules, no ORM.

Sources: issue 13 item 4 and seed 003 (对新任职领导干部早打招呼，对同一岗位长期任职的领导
干部常敲警钟). The thresholds are policy defaults (``core.models.PolicyValue``, dated,
seeded by ``integrity/migrations/0004_alerts_runs``): national rules fix none of them.

- **Long tenure** (``tenure_reached``): a post held for ``years`` years on ``on``: from
  the start date to the same calendar day ``years`` later (29 February → 28 February).
  Each post row counts by itself (a re-appointment to the same post is a new row in the
  register and starts again).
- **Key position** (``is_key_post``): the unit's principal leader (一把手, ``is_head``), or
  a post whose title names a field where power over money, people, projects or permits
  is concentrated (``KEY_POST_WORDS``: 财务, 人事, 组织, 工程, 采购, 招标 …; the usual
  廉政风险点 lists). A **leading post** is a head's or a leadership member's
  (``is_head`` or ``is_leadership``).
- **Reports in a window** (``report_episodes``): the reports about one person, in date
  order, are cut into episodes from the earliest: an episode starts at a report and
  takes every report received before the same day ``months`` later; with at least
  ``count`` reports it is an alert (keyed on its first report) and the next episode
  starts after its last report, else the next report is tried. Computed over the whole
  history, so that a later run cuts the same episodes (and finds the same keys).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from jiandu.core.workflow import StateMachine

# --- long tenure ---------------------------------------------------------------------------

KEY_POST_WORDS = (
    "财务",
    "会计",
    "出纳",
    "资金",
    "人事",
    "组织",
    "干部",
    "工程",
    "建设",
    "项目",
    "采购",
    "招标",
    "招投标",
    "审批",
    "规划",
    "国土",
    "自然资源",
    "执法",
    "稽查",
    "审计",
    "税",
    "医保",
    "社保",
    "资产",
    "物资",
    "征收",
    "拆迁",
)


def add_months(day: date, months: int) -> date:
    """The same calendar day ``months`` later (the month's last day when it has none)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def is_key_post(*, title: str, is_head: bool) -> bool:
    return is_head or any(word in (title or "") for word in KEY_POST_WORDS)


def is_leading_post(*, is_head: bool, is_leadership: bool) -> bool:
    return is_head or is_leadership


def tenure_reached(*, start: date, on: date, years: int) -> bool:
    """Whether a post started on ``start`` has been held ``years`` full years on ``on``.

    Hand-worked: started 2021-03-01, 5 years are reached on 2026-03-01 (not on
    2026-02-28, 5 years less a day)."""
    return add_years(start, years) <= on


def tenure_text(start: date, on: date) -> str:
    """How long a post has been held, as 5年2个月."""
    months = (on.year - start.year) * 12 + on.month - start.month
    if on.day < start.day and add_months(start, months) > on:
        months -= 1
    years, months = divmod(max(months, 0), 12)
    return f"{years}年" + (f"{months}个月" if months else "")


# --- reports in a window -------------------------------------------------------------------


@dataclass(frozen=True)
class Dated:
    """One report as the window rule sees it."""

    id: int
    on: date


def report_episodes(reports: Iterable[Dated], *, count: int, months: int) -> list[list[Dated]]:
    """The episodes of at least ``count`` reports received within ``months`` months
    (see the module docstring).

    Hand-worked, ``count=3, months=12``: 2025-01-10, 2025-06-01, 2026-01-09 is one
    episode (the third is before 2026-01-10); 2025-01-10, 2025-06-01, 2026-02-10 is none
    (13 months: the window from the first ends before the third, and the window from
    the second holds only two)."""
    ordered = sorted(reports, key=lambda r: (r.on, r.id))
    episodes: list[list[Dated]] = []
    i = 0
    while i < len(ordered):
        end = add_months(ordered[i].on, months)
        window = [r for r in ordered[i:] if r.on < end]
        if len(window) >= count:
            episodes.append(window)
            i += len(window)
        else:
            i += 1
    return episodes


def is_recent(episode: Sequence[Dated], *, on: date, months: int) -> bool:
    """An episode still worth an alert on ``on``: its last report is less than
    ``months`` months old (older episodes are history, read in the integrity file)."""
    return bool(episode) and add_months(episode[-1].on, months) > on


# --- handling --------------------------------------------------------------------------------

OPEN, TALKED, FOCUS, DISMISSED = "open", "talked", "focus", "dismissed"
STATE_LABELS = {OPEN: "待处理", TALKED: "已谈话提醒", FOCUS: "已纳入监督重点", DISMISSED: "已排除"}
ACTION_LABELS = {"talk": "谈话提醒", "focus": "纳入监督重点", "dismiss": "排除"}
MACHINE = StateMachine(
    noun="廉政风险提示",
    states=STATE_LABELS,
    transitions={
        "talk": ((OPEN,), TALKED),
        "focus": ((OPEN,), FOCUS),
        "dismiss": ((OPEN,), DISMISSED),
    },
    labels=ACTION_LABELS,
)
ACTED = frozenset({TALKED, FOCUS})


@dataclass(frozen=True)
class Precision:
    """How one kind's alerts were handled: ``acted`` (谈话提醒 or 纳入监督重点) and
    ``dismissed`` (排除); ``share`` = acted ÷ handled, ``None`` before any is handled."""

    open: int = 0
    talked: int = 0
    focus: int = 0
    dismissed: int = 0

    @property
    def acted(self) -> int:
        return self.talked + self.focus

    @property
    def handled(self) -> int:
        return self.acted + self.dismissed

    @property
    def share(self) -> float | None:
        return self.acted / self.handled if self.handled else None

    @property
    def dismissed_share(self) -> float | None:
        return self.dismissed / self.handled if self.handled else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "open": self.open,
            "talked": self.talked,
            "focus": self.focus,
            "dismissed": self.dismissed,
            "handled": self.handled,
            "acted": self.acted,
            "share": self.share,
        }


def precision(statuses: dict[str, int]) -> Precision:
    """One kind's precision from the count of its alerts per status."""
    return Precision(
        open=statuses.get(OPEN, 0),
        talked=statuses.get(TALKED, 0),
        focus=statuses.get(FOCUS, 0),
        dismissed=statuses.get(DISMISSED, 0),
    )
