"""Deployed-task rules (DOMAIN.md §1 for time limits, GLOSSARY 督办).

Pure Python, no ORM, no Django: the task state machine, who a phrase in a speech names
as responsible (``OWNER_PHRASES``: data, one row per usual phrasing), and the deadline a
phrase implies (``suggest_due``), counted on the legal calendar ([条例] 285: a last day
that is a rest day moves to the next working day).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

from jiandu.core.workflow import StateMachine

# --- the task state machine -------------------------------------------------------------


class Status:
    DRAFT = "draft"  # 待发布: extracted, under review
    ASSIGNED = "assigned"  # 已交办: published, not started
    IN_PROGRESS = "in_progress"  # 推进中: progress reported
    COMPLETED = "completed"  # 已完成待销号: the owner reports it done
    CLOSED = "closed"  # 已销号: closed by the issuer with evidence

    LABELS: dict[str, str] = {
        DRAFT: "待发布",
        ASSIGNED: "已交办",
        IN_PROGRESS: "推进中",
        COMPLETED: "已完成待销号",
        CLOSED: "已销号",
    }
    OPEN = frozenset({ASSIGNED, IN_PROGRESS, COMPLETED})


S = Status
# step -> (allowed from-states, to-state). One table for the task's whole life, checked by
# ``MACHINE.check(status, step)`` (core.workflow); "" keeps the status.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "edit": (frozenset({S.DRAFT, S.ASSIGNED, S.IN_PROGRESS}), ""),  # state unchanged
    "publish": (frozenset({S.DRAFT}), S.ASSIGNED),
    "report": (frozenset({S.ASSIGNED, S.IN_PROGRESS}), S.IN_PROGRESS),
    "report_done": (frozenset({S.ASSIGNED, S.IN_PROGRESS}), S.COMPLETED),
    "send_back": (frozenset({S.COMPLETED}), S.IN_PROGRESS),
    "close": (frozenset({S.ASSIGNED, S.IN_PROGRESS, S.COMPLETED}), S.CLOSED),
}
ACTION_LABELS = {
    "edit": "修改",
    "publish": "发布交办",
    "report": "报告进展",
    "report_done": "报告完成",
    "send_back": "退回继续推进",
    "close": "销号",
}


MACHINE = StateMachine(
    noun="任务",
    states=S.LABELS,
    transitions=TRANSITIONS,
    labels=ACTION_LABELS,
    refusal="{noun}当前状态为“{current}”，不能{step}。",
)


def completion_rate(closed: int, total: int) -> float | None:
    """Closed tasks / published tasks (the 销号率 the seeds ask for: 整改率 = 完成/全部,
    GLOSSARY); None when nothing was deployed."""
    return None if total == 0 else round(100 * closed / total, 1)


# --- owners -----------------------------------------------------------------------------

# Owner keys: "<unit kind>:*" (every unit of that kind), "<unit kind>:<n>" (the n-th, e.g.
# 三室 → supervision_office:3), "internal_offices" (the commission's offices),
# "leaders" (the commission's leadership: the commission unit), "unit:<id>" (a unit of
# the register named in the text). A phrase may name several ("室组地").
_N = r"(?:\d+|[一二三四五六七八九十两]+)个"
OWNER_PHRASES: list[tuple[str, tuple[str, ...]]] = [
    (r"室组地", ("supervision_office:*", "resident_team:*", "township_commission:*")),
    (r"室部组", ("internal_offices", "resident_team:*")),
    (r"各?室[（(]组[)）]|室组(?![织成])", ("supervision_office:*", "resident_team:*")),
    (r"机关各室(?:[（(]中心[)）])?|各室[（(]中心[)）]", ("internal_offices",)),
    (r"第([一二三四五六七八九十])纪检监察室", ("supervision_office:{n}",)),
    (rf"(?:{_N}|各)?纪检监察室", ("supervision_office:*",)),
    (
        r"(?<![第\d一二三四五六七八九十科教])([一二三四五六七八九十])室(?![组内外])",
        ("supervision_office:{n}",),
    ),
    (rf"(?:{_N}|各)?派驻(?:纪检监察)?(?:组|机构)", ("resident_team:*",)),
    (
        r"各?(?:乡)?镇[（(]街道[)）]纪[（(]工[)）]委|各?(?:乡镇|镇街|镇|乡|街道)纪(?:工)?委",
        ("township_commission:*",),
    ),
    (r"党风政风监督室|党风室", ("conduct_office:*",)),
    (r"案件监督管理室|案管室", ("case_management_office:*",)),
    (r"信访室", ("petition_office:*",)),
    (r"案件审理室|审理室", ("review_office:*",)),
    (r"干部监督室", ("internal_affairs_office:*",)),
    (r"巡察办|巡察机构", ("inspection_office:*",)),
]
# The leadership only counts where it is told to act (班子成员要…, 分管领导和三室要…):
# "对班子成员进行精准画像" speaks of the supervised units' leaders.
LEADER_PHRASE = r"分管领导|班子成员|委领导|包片领导|包案领导"
_AGENT_AFTER = re.compile(r"^[^。；;，,！？]{0,12}?(?:要|必须|务必|负责)")
# "一些室部组…满足于开了会": units criticised, not told what to do.
_CRITICISED = re.compile(r"(?:一些|有的|个别|少数|部分)$")
_OWNER_RE = [(re.compile(p), keys) for p, keys in OWNER_PHRASES]
_LEADER_RE = re.compile(LEADER_PHRASE)
_CN = "一二三四五六七八九十"


@dataclass
class OwnerMention:
    """A unit (or a group of units) the text names, e.g. "6个纪检监察室" → every
    supervision office. ``key`` is what ``OWNER_PHRASES`` maps it to."""

    key: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class RegisterUnit:
    """A unit of the organisation register, as the owner matcher needs it."""

    id: int
    name: str
    kind: str
    short_name: str = ""
    parent_name: str = ""


def find_owners(text: str, *, offset: int = 0, register: list[RegisterUnit] | None = None):
    """The units ``text`` names as responsible: the usual collective phrasings
    (``OWNER_PHRASES``), the leadership where told to act, and units of ``register`` by
    name (××县教育局, 教育局 …). Returns ``OwnerMention``s (the longest phrase wins
    where phrases overlap)."""
    found: list[OwnerMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    candidates: list[tuple[int, int, str]] = []
    for pattern, keys in _OWNER_RE:
        for match in pattern.finditer(text):
            ordinal = match.group(1) if match.groups() else None
            n = str(_CN.index(ordinal) + 1) if ordinal else ""
            key = "|".join(k.replace("{n}", n) for k in keys)
            candidates.append((match.start(), match.end(), key))
    for match in _LEADER_RE.finditer(text):
        if _AGENT_AFTER.match(text[match.end() : match.end() + 24]):
            candidates.append((match.start(), match.end(), "leaders"))
    if register:
        pattern, ids_of = _register_pattern(tuple(register))
        for match in pattern.finditer(text) if pattern else ():
            key = "|".join(f"unit:{i}" for i in ids_of[match.group(0)])
            candidates.append((match.start(), match.end(), key))
    for s, e, key in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        if _CRITICISED.search(text[max(0, s - 4) : s]):
            continue
        if free(s, e):
            taken.append((s, e))
            found.append(OwnerMention(key=key, text=text[s:e], start=offset + s, end=offset + e))
    return sorted(found, key=lambda m: m.start)


@functools.lru_cache(maxsize=4)
def _register_pattern(register: tuple[RegisterUnit, ...]):
    """One regular expression for every register unit's aliases (longest first), and
    the units each alias names."""
    ids_of: dict[str, list[int]] = {}
    for unit in register:
        for alias in _unit_aliases(unit):
            ids_of.setdefault(alias, []).append(unit.id)
    if not ids_of:
        return None, ids_of
    alternation = "|".join(re.escape(a) for a in sorted(ids_of, key=len, reverse=True))
    return re.compile(alternation), ids_of


def _unit_aliases(unit: RegisterUnit) -> set[str]:
    """Names of a register unit worth looking for: its full name and its name without
    the county prefix (××县教育局 → 教育局), at least three characters, so that short
    names that are ordinary words (办公室) do not match everywhere."""
    from jiandu.intake.matching import unit_aliases

    aliases = unit_aliases(unit.name, "", unit.parent_name)
    return {a for a in aliases if len(a) >= 3 and a not in {"办公室", "纪委监委"}}


def resolve_owner_keys(keys: list[str], register: list[RegisterUnit]) -> list[int]:
    """Unit ids for owner keys: a kind's every unit, the n-th supervision office (by the
    ordinal in its name, 第三纪检监察室), the commission for the leadership."""
    from_kind: dict[str, list[RegisterUnit]] = {}
    for unit in register:
        from_kind.setdefault(unit.kind, []).append(unit)
    ids: list[int] = []
    for key in keys:
        if key.startswith("unit:"):
            ids.append(int(key[5:]))
        elif key == "leaders":
            ids += [u.id for u in from_kind.get("commission", [])]
        elif key == "internal_offices":
            for kind in INTERNAL_OFFICE_KINDS:
                ids += [u.id for u in from_kind.get(kind, [])]
        else:
            kind, _, which = key.partition(":")
            units = from_kind.get(kind, [])
            if which == "*":
                ids += [u.id for u in units]
            else:
                ordinal = _CN[int(which) - 1]
                ids += [
                    u.id
                    for u in units
                    if f"第{ordinal}" in u.name or u.short_name == f"{ordinal}室"
                ]
    return list(dict.fromkeys(ids))


INTERNAL_OFFICE_KINDS = (
    "petition_office",
    "case_management_office",
    "conduct_office",
    "supervision_office",
    "review_office",
    "internal_affairs_office",
    "inspection_office",
    "general_office",
)

# --- deadlines --------------------------------------------------------------------------


@dataclass(frozen=True)
class DueSuggestion:
    due: date
    phrase: str
    recurring: bool = False  # 每季度, 每月: the next one
    provisional: bool = False  # the year's holidays are not entered yet


def _month_end(year: int, month: int) -> date:
    return date(year, month, _stdlib_calendar.monthrange(year, month)[1])


def _num(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "两":
        return 2
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN.index(tens) + 1 if tens else 1) * 10 + (_CN.index(ones) + 1 if ones else 0)
    return _CN.index(text) + 1


_NUM = r"(\d{1,3}|[一二三四五六七八九十两]{1,3})"
_DUE_PATTERNS: list[tuple[str, str]] = [
    (rf"{_NUM}月{_NUM}日前", "day"),
    (rf"{_NUM}月(?:份)?(?:底|末)前?|{_NUM}月(?:份)?前", "month"),
    (rf"{_NUM}个?工作日内", "working_days"),
    (rf"{_NUM}(?:日|天)内", "days"),
    (rf"{_NUM}个月内", "months"),
    (r"(?:第)?([一二三四1-4])季度(?:末|底)?前?", "quarter"),
    (r"每季度|每个季度|按季度", "each_quarter"),
    (r"每月|每个月|按月", "each_month"),
    (r"上半年", "first_half"),
    (r"下半年|年底前|年底|年末|年内|本年度|今年(?!以来)|全年", "year_end"),
]
_DUE_RE = [(re.compile(p), kind) for p, kind in _DUE_PATTERNS]


def suggest_due(text: str, document_date: date, *, calendar=None) -> DueSuggestion | None:
    """The deadline the first time phrase of ``text`` implies, from the document's date:
    9月底前 → 30 September (next year's when September is past), 年底前/下半年/今年 →
    31 December, 上半年 → 30 June, 三季度 → 30 September, 每季度 → the current quarter's
    end, 每月 → the month's end, 15个工作日内 / 10日内 / 3个月内 → counted from the
    document date. A last day that is a rest day moves to the next working day
    ([条例] 285). None when the text names no time (尽快, 及时 are not dates)."""
    from jiandu.core import calendar as legal

    cal = calendar or legal.default_calendar()
    hits = []
    for pattern, kind in _DUE_RE:
        match = pattern.search(text)
        if match:
            hits.append((match.start(), match, kind))
    if not hits:
        return None
    _, match, kind = min(hits, key=lambda h: h[0])
    d0 = document_date
    groups = [g for g in match.groups() if g]
    if kind in ("working_days", "days", "months"):
        n = _num(groups[0])
        due = {
            "working_days": cal.add_working_days,
            "days": cal.add_days,
            "months": cal.add_months,
        }[kind](d0, n)
        return DueSuggestion(due.as_date(), match.group(0), provisional=due.provisional)
    recurring = kind in ("each_quarter", "each_month")
    if kind == "day":
        month, day = _num(groups[0]), _num(groups[1])
        end = date(d0.year, month, min(day, _month_end(d0.year, month).day))
        end = end if end >= d0 else end.replace(year=d0.year + 1)
    elif kind == "month":
        month = _num(groups[0])
        end = _month_end(d0.year, month)
        end = end if end >= d0 else _month_end(d0.year + 1, month)
    elif kind in ("quarter", "each_quarter"):
        q = (_num(groups[0]) if kind == "quarter" and groups[0] in _CN else None) or (
            int(groups[0]) if kind == "quarter" else (d0.month - 1) // 3 + 1
        )
        end = _month_end(d0.year, 3 * q)
        end = end if end >= d0 else _month_end(d0.year + 1, 3 * q)
    elif kind == "each_month":
        end = _month_end(d0.year, d0.month)
    elif kind == "first_half":
        end = date(d0.year, 6, 30) if d0 <= date(d0.year, 6, 30) else date(d0.year + 1, 6, 30)
    else:
        end = date(d0.year, 12, 31)
    due = cal.roll_over(end)
    return DueSuggestion(due.as_date(), match.group(0), recurring, due.provisional)
