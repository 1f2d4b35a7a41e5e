"""Consistent sanctions (同类问题处理结果一致): earlier decided cases that resemble the one
under review, what they received, and whether a proposed sanction stands out (seed
speech 004: 同类问题处理结果差异化 must end). Pure Python, no ORM: the caller builds
a :class:`CaseProfile` per decided person-track from the database and passes them in.

Scoring (0–1, weights add up to 1; every point that counts gives a Chinese reason):

=============  ======  ==================================================================
violation      0.45    Jaccard overlap of the problem categories (违规吃喝, 违规收送礼品
categories             礼金 …): ``|A ∩ B| / |A ∪ B|``. Reason: "同为违规吃喝".
disciplines    0.20    Jaccard overlap of the disciplines broken (六项纪律, [处分条例] parts
                       6–11). Reason: "同属廉洁纪律".
amount         0.20    ``1 − ln(max/min) / ln 4``, floored at 0: equal amounts 1, one twice
                       the other 0.5, four times or more 0. Both without an amount count as
                       alike (1, "均不涉及金额"), one without 0. Reason when within 1.5×:
                       "金额相近（¥3.2万 vs ¥2.8万）".
rank band      0.15    the same band (DOMAIN.md §9) 0.15, a neighbouring band 0.05.
                       Reasons: "同为乡科级", "职级相近（乡科级 vs 县处级）".
=============  ======  ==================================================================

A candidate is considered only when it has been decided (has measures), is not the
target itself, and shares at least one category or discipline (a case with nothing in
common in what was violated is not "the same kind of violation", however close the
amount). Matches below :data:`MIN_SCORE` (0.3) are dropped; the rest are ordered by score,
then the most recent decision first, then key.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jiandu.cases.rules.sanctions import (
    FORM_LABELS,
    Measure,
    four_form,
    measure_form,
    measure_severity,
)

__all__ = [
    "MIN_MATCHES_FOR_FLAG",
    "MIN_SCORE",
    "RANK_BANDS",
    "WEIGHTS",
    "CaseProfile",
    "Match",
    "format_amount",
    "four_form_distribution",
    "measure_name",
    "outlier_flag",
    "sanction_distribution",
    "similar_cases",
]

WEIGHTS = {"categories": 0.45, "disciplines": 0.20, "amount": 0.20, "rank": 0.15}
ADJACENT_RANK_WEIGHT = 0.05
#: Amounts within this ratio are "close" (a reason is given).
CLOSE_AMOUNT_RATIO = 1.5
#: Ratio at which the amount stops counting at all.
FAR_AMOUNT_RATIO = 4.0
MIN_SCORE = 0.3
#: Below this many decided similar cases no sanction is flagged: too few to judge.
MIN_MATCHES_FOR_FLAG = 3

#: The rank bands (codes of ``jiandu.org.models.Rank``) from the lowest up; "other"
#: (农村和企业等其他人员) stands apart and has no neighbour.
RANK_BANDS: dict[str, str] = {
    "general": "一般干部",
    "township": "乡科级",
    "county": "县处级",
    "other": "农村和企业等其他人员",
}
_RANK_LADDER = ("general", "township", "county")

#: Names that stay clear out of context (党内警告 vs 政务警告).
_MEASURE_NAMES = {
    Measure.PARTY_WARNING: "党内警告",
    Measure.PARTY_SERIOUS_WARNING: "党内严重警告",
    Measure.GOV_DEMERIT: "政务记过",
    Measure.GOV_MAJOR_DEMERIT: "政务记大过",
    Measure.GOV_DEMOTION: "政务降级",
    Measure.GOV_REMOVAL_FROM_POST: "政务撤职",
    Measure.GOV_EXPULSION: "开除公职",
}


def measure_name(code: str) -> str:
    """A measure's name as shown in comparisons (党内警告, 政务记过, 诫勉 …)."""
    return _MEASURE_NAMES.get(code) or str(Measure(code).label)


@dataclass(frozen=True)
class CaseProfile:
    """What makes two cases comparable, for one person's track.

    ``categories`` and ``disciplines`` are codes or names (shown through ``labels`` in
    :func:`similar_cases`, else as they are); ``amount`` in 元 (None or 0: no amount
    involved); ``rank_band`` a ``Rank`` code (or its label); ``measures`` the decided
    measure codes (empty while undecided); ``decided_on`` the decision date.
    """

    key: str
    categories: frozenset[str]
    disciplines: frozenset[str]
    amount: Decimal | None
    rank_band: str
    measures: tuple[str, ...]
    decided_on: date | None


@dataclass(frozen=True)
class Match:
    profile: CaseProfile
    score: float
    reasons: list[str]


def format_amount(amount: Decimal) -> str:
    """¥3.2万 from 10,000 yuan up, else ¥8,500."""
    value = Decimal(amount)
    if value >= 10000:
        text = f"{value / 10000:.1f}".removesuffix(".0")
        return f"¥{text}万"
    return f"¥{value:,.0f}"


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _amount(value: Decimal | None) -> Decimal | None:
    if value is None or Decimal(value) <= 0:
        return None
    return Decimal(value)


def _amount_similarity(a: Decimal | None, b: Decimal | None) -> float:
    a, b = _amount(a), _amount(b)
    if a is None and b is None:
        return 1.0
    if a is None or b is None:
        return 0.0
    ratio = float(max(a, b) / min(a, b))
    return max(0.0, 1.0 - math.log(ratio) / math.log(FAR_AMOUNT_RATIO))


def _rank_code(band: str) -> str:
    for code, label in RANK_BANDS.items():
        if band == label:
            return code
    return band


def _rank_label(band: str) -> str:
    return RANK_BANDS.get(_rank_code(band), band)


def _rank_similarity(a: str, b: str) -> float:
    a, b = _rank_code(a), _rank_code(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ladder = _RANK_LADDER
    if a in ladder and b in ladder and abs(ladder.index(a) - ladder.index(b)) == 1:
        return ADJACENT_RANK_WEIGHT / WEIGHTS["rank"]
    return 0.0


def _discipline_name(name: str) -> str:
    """违反廉洁纪律 → 廉洁纪律 (the reason reads 同属廉洁纪律)."""
    return name.removeprefix("违反")


def _score(
    target: CaseProfile, other: CaseProfile, labels: Mapping[str, str]
) -> tuple[float, list[str]]:
    reasons: list[str] = []
    shared = sorted(target.categories & other.categories, key=lambda c: labels.get(c, c))
    if shared:
        reasons.append("同为" + "、".join(labels.get(c, c) for c in shared))
    shared_d = sorted(target.disciplines & other.disciplines, key=lambda c: labels.get(c, c))
    if shared_d:
        names = "、".join(_discipline_name(labels.get(d, d)) for d in shared_d)
        reasons.append("同属" + names)
    amount = _amount_similarity(target.amount, other.amount)
    a, b = _amount(target.amount), _amount(other.amount)
    if a is not None and b is not None and max(a, b) / min(a, b) <= Decimal(CLOSE_AMOUNT_RATIO):
        reasons.append(f"金额相近（{format_amount(a)} vs {format_amount(b)}）")
    elif a is None and b is None:
        reasons.append("均不涉及金额")
    rank = _rank_similarity(target.rank_band, other.rank_band)
    if rank == 1.0:
        reasons.append(f"同为{_rank_label(target.rank_band)}")
    elif rank > 0:
        reasons.append(
            f"职级相近（{_rank_label(target.rank_band)} vs {_rank_label(other.rank_band)}）"
        )
    score = (
        WEIGHTS["categories"] * _jaccard(target.categories, other.categories)
        + WEIGHTS["disciplines"] * _jaccard(target.disciplines, other.disciplines)
        + WEIGHTS["amount"] * amount
        + WEIGHTS["rank"] * rank
    )
    return round(score, 4), reasons


def similar_cases(
    target: CaseProfile,
    candidates: Iterable[CaseProfile],
    *,
    k: int = 10,
    labels: Mapping[str, str] | None = None,
) -> list[Match]:
    """The ``k`` decided cases most like ``target``, best first, each with its reasons.

    ``labels`` maps category/discipline codes to the names used in the reasons (e.g.
    ``{"hd_dining": "违规吃喝", "integrity": "违反廉洁纪律"}``). See the module docstring
    for the scoring and who is considered.
    """
    names = labels or {}
    matches: list[Match] = []
    for other in candidates:
        if other.key == target.key or not other.measures:
            continue
        if not (target.categories & other.categories or target.disciplines & other.disciplines):
            continue
        score, reasons = _score(target, other, names)
        if score >= MIN_SCORE:
            matches.append(Match(profile=other, score=score, reasons=reasons))
    matches.sort(
        key=lambda m: (
            -m.score,
            -(m.profile.decided_on or date.min).toordinal(),
            m.profile.key,
        )
    )
    return matches[: max(k, 0)]


def _heaviest(measures: Iterable[str]) -> str:
    return max(measures, key=lambda code: (measure_severity(code), code))


def sanction_distribution(matches: Iterable[Match]) -> list[tuple[str, int]]:
    """How many of the similar cases received each measure, lightest measure first
    (a case counts once per measure)."""
    counts: Counter[str] = Counter()
    for match in matches:
        counts.update(set(match.profile.measures))
    return sorted(counts.items(), key=lambda item: (measure_severity(item[0]), item[0]))


def four_form_distribution(matches: Iterable[Match]) -> list[tuple[int, int]]:
    """How many similar cases fall in each form (their heaviest, DOMAIN.md §6): always
    the four forms in order, with 0 where none."""
    counts: Counter[int] = Counter()
    for match in matches:
        form = four_form(match.profile.measures)
        if form is not None:
            counts[form] += 1
    return [(form, counts[form]) for form in sorted(FORM_LABELS)]


def outlier_flag(proposed: Iterable[str], matches: Iterable[Match]) -> str | None:
    """A Chinese warning when the heaviest proposed measure is heavier than the heaviest
    measure of every similar case, or lighter than the heaviest of every one; ``None``
    when it lies within what similar cases received, when nothing is proposed, or when
    fewer than :data:`MIN_MATCHES_FOR_FLAG` (3) decided similar cases exist — too few to
    judge. Severity is :func:`jiandu.cases.rules.sanctions.measure_severity` (form first,
    then the influence period), so 党内警告 and 政务记过 weigh the same.
    """
    proposed = list(proposed)
    decided = [m for m in matches if m.profile.measures]
    if not proposed or len(decided) < MIN_MATCHES_FOR_FLAG:
        return None
    mine = _heaviest(proposed)
    theirs = [_heaviest(m.profile.measures) for m in decided]
    heaviest = max(theirs, key=lambda code: (measure_severity(code), code))
    lightest = min(theirs, key=lambda code: (measure_severity(code), code))

    def named(code: str) -> str:
        return f"{measure_name(code)}（{FORM_LABELS[measure_form(code)]}）"

    n = len(decided)
    if measure_severity(mine) > measure_severity(heaviest):
        return (
            f"拟给予的{named(mine)}重于全部{n}件相似案件的处理，"
            f"相似案件中最重为{named(heaviest)}，请核实是否存在从重情节。"
        )
    if measure_severity(mine) < measure_severity(lightest):
        return (
            f"拟给予的{named(mine)}轻于全部{n}件相似案件的处理，"
            f"相似案件中最轻为{named(lightest)}，请核实是否存在从轻、减轻情节。"
        )
    return None
