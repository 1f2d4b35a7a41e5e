"""Measures, sanctions, influence periods and the four forms (DOMAIN.md §5–6).

Pure Python, no ORM. Sources, all in ``/work/shared/regulations``:

- [处分条例] 10–13, 21 (中国共产党纪律处分条例 2023): party sanctions and their periods,
  a new party sanction inside a running party influence period;
- [政务处分法] 8, 15, 22, 24 (公职人员政务处分法 2020): government sanctions, their
  periods, several sanctions at once, village staff, expulsion;
- [组织处理规定] 11 (中国共产党组织处理规定（试行）2021): organisational measures, and
  "the longer influence period governs" when a sanction and a measure both apply;
- [纪委条例] 31 via DOMAIN.md §6: the four forms (四种形态);
- 诫勉 6 months: 提醒、函询和诫勉实施细则 19 (quoted in DOMAIN.md §5, text not here).

How an influence period is counted (the "last day" convention)
---------------------------------------------------------------
[政务处分法] 8: "政务处分决定自作出之日起生效，政务处分期自政务处分决定生效之日起计算";
the party and organisational rules likewise count "受到…处分一年内" from the decision.
The decision day is therefore **day 1 of the period** (unlike the procedural time
limits of [条例] 285, whose start day is not counted), so a period of N months ends on
the day **before** the corresponding day N months later:

- 12 months from 2026-01-15 → last day 2027-01-14;
- 6 months from 2026-03-01 → last day 2026-08-31.

When the final month has no corresponding day (the month-end case), the period ends on
that month's last day, as [条例] 285 puts it for the corresponding day itself: a period
that began on 2026-01-31 (or 01-30, 01-29) covers the whole of February, so 1 month
ends 2026-02-28 (while 1 month from 2026-01-28 ends 2026-02-27); 12 months from
2028-02-29 ends 2029-02-28. Ending such a period on 02-27 instead would cut a day that
belongs to it and make 01-28 … 01-31 all end on the same day. One rule for every code:
equal months from the same day always give the same last day. The corresponding
day comes from :func:`jiandu.core.calendar.LegalCalendar.add_months` with
``roll_over_rest_days=False``: an influence period is not a procedural time limit and
does not move off rest days. That result does not depend on the holiday table, so an
empty :class:`LegalCalendar` is used instead of the database-backed module functions
(no database read from a pure rule).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models

from jiandu.core.calendar import LegalCalendar

__all__ = [
    "FORM_LABELS",
    "GOV_COMBINED_MAX_MONTHS",
    "MEASURE_FORMS",
    "MEASURE_PERIOD_MONTHS",
    "VILLAGE_STAFF_GOV_SANCTIONS",
    "DecisionPeriod",
    "Measure",
    "MeasureCategory",
    "allowed_for_village_staff",
    "combined_period_end",
    "decisions_period_end",
    "four_form",
    "gov_combined_errors",
    "gov_combined_range",
    "influence_period_end",
    "is_permanent",
    "measure_form",
    "measure_kind",
    "measure_severity",
    "party_periods",
    "period_end",
    "probation_end",
    "validate_measures",
]


class Measure(models.TextChoices):
    """Every measure a decision can apply to one person.

    The four first-form codes are the same as ``jiandu.clues.models.MeasureCategory``.
    """

    # First form (第一种形态处置), DOMAIN.md §6.
    FIRST_TALK_REMINDER = "first_talk_reminder", "谈话提醒"
    FIRST_CRITICISM = "first_criticism", "批评教育"
    FIRST_WRITTEN_SELF_CRITICISM = "first_written_self_criticism", "责令检查"
    FIRST_ADMONITION = "first_admonition", "诫勉"
    # Party sanctions (党纪处分), [处分条例] 8, 10–13.
    PARTY_WARNING = "party_warning", "警告"
    PARTY_SERIOUS_WARNING = "party_serious_warning", "严重警告"
    PARTY_REMOVAL_FROM_POST = "party_removal_from_post", "撤销党内职务"
    PARTY_PROBATION_1Y = "party_probation_1y", "留党察看一年"
    PARTY_PROBATION_2Y = "party_probation_2y", "留党察看二年"
    PARTY_EXPULSION = "party_expulsion", "开除党籍"
    # Government sanctions (政务处分), [政务处分法] 7–8.
    GOV_WARNING = "gov_warning", "政务警告"
    GOV_DEMERIT = "gov_demerit", "记过"
    GOV_MAJOR_DEMERIT = "gov_major_demerit", "记大过"
    GOV_DEMOTION = "gov_demotion", "降级"
    GOV_REMOVAL_FROM_POST = "gov_removal_from_post", "撤职"
    GOV_EXPULSION = "gov_expulsion", "开除"
    # Organisational measures (组织处理), [组织处理规定] 7, 11.
    ORG_SUSPENSION = "org_suspension", "停职检查"
    ORG_POST_ADJUSTMENT = "org_post_adjustment", "调整职务"
    ORG_ORDERED_RESIGNATION = "org_ordered_resignation", "责令辞职"
    ORG_REMOVAL = "org_removal", "免职"
    ORG_DEMOTION = "org_demotion", "降职"
    # Referral for prosecution (移送检察机关), [监察法] 45, 47.
    REFERRAL_FOR_PROSECUTION = "referral_for_prosecution", "移送检察机关"


class MeasureCategory(models.TextChoices):
    FIRST_FORM = "first_form", "第一种形态处置"
    PARTY = "party", "党纪处分"
    GOVERNMENT = "government", "政务处分"
    ORGANISATIONAL = "organisational", "组织处理"
    CRIMINAL = "criminal", "移送司法"


M = Measure

_KIND_BY_PREFIX = {
    "first_": MeasureCategory.FIRST_FORM,
    "party_": MeasureCategory.PARTY,
    "gov_": MeasureCategory.GOVERNMENT,
    "org_": MeasureCategory.ORGANISATIONAL,
    "referral_": MeasureCategory.CRIMINAL,
}

#: Influence period in months; None = no influence period; absent = see PERMANENT.
#: Sources per line. 留党察看 counts the probation plus the 24 months after the rights are
#: restored ([处分条例] 12); 开除党籍 is the 5-year re-admission bar ([处分条例] 13).
#: 责令辞职/免职: 1 year without a leading post and 2 years without a higher post
#: ([组织处理规定] 11) — the influence period is the longer, 24 months.
#: 停职检查 "一般不超过6个月" is how long the suspension itself lasts, not an influence
#: period after it ([组织处理规定] 11), hence None.
MEASURE_PERIOD_MONTHS: dict[str, int | None] = {
    M.FIRST_TALK_REMINDER: None,
    M.FIRST_CRITICISM: None,
    M.FIRST_WRITTEN_SELF_CRITICISM: None,
    M.FIRST_ADMONITION: 6,  # 诫勉: 提醒、函询和诫勉实施细则 19
    M.PARTY_WARNING: 12,  # [处分条例] 10: 一年
    M.PARTY_SERIOUS_WARNING: 18,  # [处分条例] 10: 一年半
    M.PARTY_REMOVAL_FROM_POST: 24,  # [处分条例] 11: 二年
    M.PARTY_PROBATION_1Y: 12 + 24,  # [处分条例] 12
    M.PARTY_PROBATION_2Y: 24 + 24,  # [处分条例] 12
    M.PARTY_EXPULSION: 60,  # [处分条例] 13: 五年内不得重新入党
    M.GOV_WARNING: 6,  # [政务处分法] 8
    M.GOV_DEMERIT: 12,
    M.GOV_MAJOR_DEMERIT: 18,
    M.GOV_DEMOTION: 24,
    M.GOV_REMOVAL_FROM_POST: 24,
    M.GOV_EXPULSION: None,  # permanent: [政务处分法] 24, see PERMANENT
    M.ORG_SUSPENSION: None,
    M.ORG_POST_ADJUSTMENT: 12,  # [组织处理规定] 11
    M.ORG_ORDERED_RESIGNATION: 24,
    M.ORG_REMOVAL: 24,
    M.ORG_DEMOTION: 24,
    M.REFERRAL_FOR_PROSECUTION: None,  # the court decides; no influence period here
}

#: Measures whose effect never ends: 开除 bars the person from the civil service for good
#: ([政务处分法] 24).
PERMANENT: frozenset[str] = frozenset({M.GOV_EXPULSION})

#: Probation length of the two 留党察看 codes ([处分条例] 12).
PROBATION_MONTHS: dict[str, int] = {M.PARTY_PROBATION_1Y: 12, M.PARTY_PROBATION_2Y: 24}

#: [政务处分法] 15: several identical sanctions (撤职 or lighter) — at most 48 months.
GOV_COMBINED_MAX_MONTHS = 48

#: [政务处分法] 22: village and community staff can only receive these.
VILLAGE_STAFF_GOV_SANCTIONS: frozenset[str] = frozenset(
    {M.GOV_WARNING, M.GOV_DEMERIT, M.GOV_MAJOR_DEMERIT}
)

#: The four forms (DOMAIN.md §6, [纪委条例] 31). Government 警告/记过/记大过 are second
#: form by policy default (DOMAIN.md §6).
MEASURE_FORMS: dict[str, int] = {
    M.FIRST_TALK_REMINDER: 1,
    M.FIRST_CRITICISM: 1,
    M.FIRST_WRITTEN_SELF_CRITICISM: 1,
    M.FIRST_ADMONITION: 1,
    M.PARTY_WARNING: 2,
    M.PARTY_SERIOUS_WARNING: 2,
    M.ORG_SUSPENSION: 2,
    M.ORG_POST_ADJUSTMENT: 2,
    M.ORG_ORDERED_RESIGNATION: 2,
    M.ORG_REMOVAL: 2,
    M.GOV_WARNING: 2,
    M.GOV_DEMERIT: 2,
    M.GOV_MAJOR_DEMERIT: 2,
    M.PARTY_REMOVAL_FROM_POST: 3,
    M.PARTY_PROBATION_1Y: 3,
    M.PARTY_PROBATION_2Y: 3,
    M.PARTY_EXPULSION: 3,
    M.ORG_DEMOTION: 3,
    M.GOV_DEMOTION: 3,
    M.GOV_REMOVAL_FROM_POST: 3,
    M.GOV_EXPULSION: 3,
    M.REFERRAL_FOR_PROSECUTION: 4,
}

FORM_LABELS: dict[int, str] = {
    1: "第一种形态",
    2: "第二种形态",
    3: "第三种形态",
    4: "第四种形态",
}

#: Severity for comparisons (consistent sanctions, "the heaviest measure"): the form × 100
#: plus the influence period in months, so measures of one form and equal period weigh the
#: same across systems (党内警告 = 记过 = 调整职务, 12 months); the statutory order inside
#: one system breaks the remaining ties (降级 < 撤职 [政务处分法] 7; 调整职务 < 责令辞职 <
#: 免职 [组织处理规定] 7); measures without a period rank by their statutory order.
_SEVERITY: dict[str, int] = {
    M.FIRST_TALK_REMINDER: 101,
    M.FIRST_CRITICISM: 102,
    M.FIRST_WRITTEN_SELF_CRITICISM: 103,
    M.FIRST_ADMONITION: 106,
    M.GOV_WARNING: 206,
    M.ORG_SUSPENSION: 206,
    M.PARTY_WARNING: 212,
    M.GOV_DEMERIT: 212,
    M.ORG_POST_ADJUSTMENT: 212,
    M.PARTY_SERIOUS_WARNING: 218,
    M.GOV_MAJOR_DEMERIT: 218,
    M.ORG_ORDERED_RESIGNATION: 224,
    M.ORG_REMOVAL: 225,
    M.PARTY_REMOVAL_FROM_POST: 324,
    M.ORG_DEMOTION: 324,
    M.GOV_DEMOTION: 324,
    M.GOV_REMOVAL_FROM_POST: 325,
    M.PARTY_PROBATION_1Y: 336,
    M.PARTY_PROBATION_2Y: 348,
    M.PARTY_EXPULSION: 360,
    M.GOV_EXPULSION: 361,
    M.REFERRAL_FOR_PROSECUTION: 400,
}

# An influence period does not depend on the holiday table (no rolling over rest days).
_NO_HOLIDAYS = LegalCalendar()


_CODES = frozenset(Measure.values)  # ``Measure.values`` builds a new list on each call


def _check(measure: str) -> str:
    if measure not in _CODES:
        raise ValueError(f"unknown measure code: {measure!r}")
    return str(measure)


def measure_kind(measure: str) -> str:
    """The kind of a measure code (a :class:`MeasureCategory` value), from its prefix."""
    code = _check(measure)
    for prefix, kind in _KIND_BY_PREFIX.items():
        if code.startswith(prefix):
            return kind.value
    raise ValueError(f"measure without a kind: {measure!r}")  # pragma: no cover


def measure_form(measure: str) -> int:
    """The form (1–4) of one measure (DOMAIN.md §6, [纪委条例] 31)."""
    return MEASURE_FORMS[_check(measure)]


def measure_severity(measure: str) -> int:
    """A number that orders measures from lightest to heaviest (see ``_SEVERITY``).

    ``measure_form(a) < measure_form(b)`` implies ``measure_severity(a) <
    measure_severity(b)``; equal numbers mean equally heavy for comparisons.
    """
    return _SEVERITY[_check(measure)]


def is_permanent(measure: str) -> bool:
    """Whether the measure's effect never ends (开除, [政务处分法] 24)."""
    return _check(measure) in PERMANENT


def period_end(start: date, months: int) -> date:
    """The last day of a period of ``months`` months whose first day is ``start``.

    The convention of this module's docstring: the day before the corresponding day;
    the final month's last day when it has no corresponding day. ``months=0`` is refused.
    """
    if months <= 0:
        raise ValueError("a period has at least one month")
    corresponding = _NO_HOLIDAYS.add_months(start, months, roll_over_rest_days=False)
    if corresponding.day != start.day:  # clamped: the final month is shorter
        return corresponding.as_date()
    return corresponding.as_date() - timedelta(days=1)


def probation_end(measure: str, decided_on: date) -> date:
    """The last day of the 留党察看 probation itself ([处分条例] 12).

    The party rights are restored the day after; the influence period
    (:func:`influence_period_end`) runs 24 months more from that day. A one-year
    probation that is extended by a year ([处分条例] 12: 期满后仍不符合恢复党员权利条件的，
    应当延长一年) then ends as ``party_probation_2y`` decided on the same day does.
    """
    code = _check(measure)
    if code not in PROBATION_MONTHS:
        raise ValueError(f"{measure!r} is not a probation")
    return period_end(decided_on, PROBATION_MONTHS[code])


def influence_period_end(measure: str, decided_on: date) -> date | None:
    """The last day of the influence period (影响期) of ``measure`` decided on ``decided_on``.

    ``None`` when the measure has no influence period (谈话提醒, 批评教育, 责令检查,
    停职检查, 移送检察机关) or when it is permanent (开除, [政务处分法] 24; tell the two
    apart with :func:`is_permanent`). Periods (DOMAIN.md §5): 诫勉 6 months; 党内警告 12,
    严重警告 18 ([处分条例] 10); 撤销党内职务 24 ([处分条例] 11); 留党察看 the probation
    (12 or 24 months) and then 24 months after the rights are restored ([处分条例] 12);
    开除党籍 5 years ([处分条例] 13); 政务警告 6, 记过 12, 记大过 18, 降级/撤职 24
    ([政务处分法] 8); 调整职务 12, 责令辞职/免职 24, 降职 24 ([组织处理规定] 11).

    The decision day is day 1; the last day is the day before the corresponding day, or
    the month's last day when there is none; rest days do not move it (module docstring).
    """
    code = _check(measure)
    if code in PROBATION_MONTHS:
        restored = probation_end(code, decided_on) + timedelta(days=1)
        return period_end(restored, 24)
    months = MEASURE_PERIOD_MONTHS[code]
    if months is None:
        return None
    return period_end(decided_on, months)


_PERMANENT_END = date.max  # marks a permanent result inside the combination


@dataclass(frozen=True)
class DecisionPeriod:
    """One decision as its influence period sees it.

    - ``starts_on``: day 1 of its periods — the decision day ([政务处分法] 8), or, for a
      decision changed on appeal, the day its period counts from (``Decision.period_from``,
      see ``jiandu.cases.services.case_appeal_decide``);
    - ``measures``: its measure codes, each once;
    - ``gov_count``: how many violations each warranted the (one) government sanction
      of the decision — more than one only for the same sanction, 撤职 or lighter
      ([政务处分法] 15);
    - ``gov_months``: the combined government sanction period the decision states when
      ``gov_count`` > 1 (:func:`gov_combined_errors` checks it).
    """

    starts_on: date
    measures: tuple[str, ...]
    gov_count: int = 1
    gov_months: int | None = None


def gov_combined_range(measure: str, count: int) -> tuple[int, int]:
    """[政务处分法] 15: the combined period of ``count`` identical government sanctions
    (撤职 or lighter), in months: from one period (the longest) to the sum, at most 48."""
    single = MEASURE_PERIOD_MONTHS[_check(measure)] or 0
    return single, min(single * count, GOV_COMBINED_MAX_MONTHS)


def gov_combined_errors(measures: Iterable[str], count: int, months: int | None) -> list[str]:
    """Chinese messages for what is wrong with the combined government sanction period a
    decision states ([政务处分法] 15: 应当给予撤职以下多个相同政务处分的，可以在一个政务处分
    期以上、多个政务处分期之和以下确定政务处分期，但是最长不得超过四十八个月); empty when
    it may be recorded. ``count`` is the number of violations that each warranted the
    decision's government sanction; ``months`` the period the decision states (required
    when ``count`` > 1, and then between the longest single period and the sum, at most
    48 months; when ``count`` is 1 it may only repeat the statutory period)."""
    gov = [
        c for c in measures if c in Measure.values and measure_kind(c) == MeasureCategory.GOVERNMENT
    ]
    errors: list[str] = []
    if count < 1:
        return ["同种政务处分的数量至少为1"]
    if not gov:
        if count > 1 or months is not None:
            errors.append("未给予政务处分，不能填写同种政务处分数量或政务处分期")
        return errors
    code = max(gov, key=measure_severity)
    label = _label(code)
    if count == 1:
        single = MEASURE_PERIOD_MONTHS[code]
        if months is not None and months != single:
            errors.append(
                f"只给予一个{label}处分的，政务处分期为法定的{single}个月"
                "（《政务处分法》第八条），不能另定"
            )
        return errors
    if code in PERMANENT:
        errors.append(
            f"{label}没有政务处分期，不适用多个相同政务处分合并确定处分期"
            "（《政务处分法》第十五条限于撤职以下的政务处分）"
        )
        return errors
    longest, upper = gov_combined_range(code, count)
    if months is None:
        errors.append(
            f"给予{count}个{label}处分的，应当写明决定确定的政务处分期"
            f"（{longest}个月至{upper}个月，《政务处分法》第十五条）"
        )
    elif not longest <= months <= upper:
        errors.append(
            f"{count}个{label}处分的政务处分期应在{longest}个月至{upper}个月之间"
            "（一个政务处分期以上、多个政务处分期之和以下，最长不得超过四十八个月，"
            f"《政务处分法》第十五条），而不是{months}个月"
        )
    return errors


def _run(
    decisions: Iterable[DecisionPeriod], running: Sequence[tuple[date, date]]
) -> tuple[list[date], list[tuple[date, date]]] | None:
    """The last days of every period of ``decisions`` applied in date order, and the
    party periods (first day, last day) after [处分条例] 21; ``None`` when permanent."""
    ends: list[date] = []
    party_periods = [(first, last) for first, last in running]
    for d in sorted(decisions, key=lambda d: d.starts_on):
        day, codes = d.starts_on, [_check(c) for c in d.measures]
        if any(code in PERMANENT for code in codes):
            return None
        gov = [c for c in codes if measure_kind(c) == MeasureCategory.GOVERNMENT]
        if gov:
            # [政务处分法] 15: of different sanctions only the heaviest is executed; the
            # same sanction for several violations gets the period the decision states.
            heaviest = max(gov, key=measure_severity)
            errors = gov_combined_errors(gov, d.gov_count, d.gov_months)
            if errors:
                raise ValueError("；".join(errors))
            months = d.gov_months or MEASURE_PERIOD_MONTHS[heaviest]
            if months:
                ends.append(period_end(day, months))
        for code in codes:
            kind = measure_kind(code)
            if kind == MeasureCategory.GOVERNMENT:
                continue
            own = influence_period_end(code, day)
            if own is None:
                continue
            if kind != MeasureCategory.PARTY:
                ends.append(own)
                continue
            # [处分条例] 21 (binding): a party sanction inside a running party influence
            # period adds the unexpired remainder of the earlier period.
            open_ends = [last for first, last in party_periods if first <= day <= last]
            remainder = max(open_ends, default=None)
            end = own if remainder is None else own + timedelta(days=(remainder - day).days + 1)
            party_periods.append((day, end))
    return ends + [last for _, last in party_periods], party_periods


def decisions_period_end(
    decisions: Iterable[DecisionPeriod], *, running: Sequence[tuple[date, date]] = ()
) -> date | None:
    """The last day of a person's influence period over ``decisions`` (each counted from
    its ``starts_on``), ``running`` being party influence periods ``(first day, last
    day)`` decided earlier (e.g. in another case on the same cadre). ``None`` when the
    result is permanent (开除, [政务处分法] 24) or nothing has an influence period.

    Rules (DOMAIN.md §5):

    1. Government sanctions in one decision ([政务处分法] 15): of different sanctions only
       the heaviest is executed; the same sanction (撤职 or lighter) for several
       violations gets the combined period the decision states, between the longest
       single period and their sum, at most 48 months (``ValueError`` otherwise, see
       :func:`gov_combined_errors`). No default: the decision must state it.
    2. A sanction and an organisational measure (or a party and a government sanction)
       run side by side from the decision day: the longer governs ([组织处理规定] 11).
    3. **[处分条例] 21, binding**: a party sanction decided inside a running party
       influence period gets its own period plus the unexpired remainder of the running
       one ("其影响期为原处分尚未执行的影响期与新处分影响期之和"). The remainder is
       counted in days, from the new decision day to the running period's last day, both
       included, and added after the new period's last day; of several running party
       periods the latest last day counts (they overlap). A party period that ended
       before the new decision adds nothing. The rule is about party sanctions only:
       government, organisational and first-form periods run side by side with earlier
       ones (the remainder rule of 行政机关公务员处分条例 is not in ``regulations/`` and is
       not applied); a decision without a period of its own leaves a running period as
       it is.

    The result is the latest last day of all these periods.
    """
    result = _run(decisions, running)
    if result is None:
        return None
    ends, _ = result
    return max(ends, default=None)


def party_periods(
    decisions: Iterable[DecisionPeriod], *, running: Sequence[tuple[date, date]] = ()
) -> list[tuple[date, date]]:
    """The party influence periods ``(first day, last day)`` of ``decisions``, each
    already lengthened by [处分条例] 21 — what a later decision sees as ``running``. A
    permanent result gives no party period to add (the caller shows 永久)."""
    result = _run(decisions, running)
    return [] if result is None else result[1]


def combined_period_end(
    measures: list[tuple[str, date]],
    *,
    running: Sequence[tuple[date, date]] = (),
    gov_same_kind_months: int | None = None,
) -> date | None:
    """:func:`decisions_period_end` for ``(code, decided_on)`` pairs: pairs with the same
    date are one decision; a government code repeated in one decision is the same
    sanction for several violations ([政务处分法] 15), whose combined period
    ``gov_same_kind_months`` the decision states. ``running`` are earlier party influence
    periods ``(first day, last day)``."""
    by_day: dict[date, list[str]] = defaultdict(list)
    for code, decided_on in measures:
        by_day[decided_on].append(_check(code))
    decisions = []
    for day, codes in by_day.items():
        gov = [c for c in codes if measure_kind(c) == MeasureCategory.GOVERNMENT]
        count = gov.count(max(gov, key=measure_severity)) if gov else 1
        decisions.append(
            DecisionPeriod(
                starts_on=day,
                measures=tuple(dict.fromkeys(codes)),
                gov_count=count,
                gov_months=gov_same_kind_months if count > 1 else None,
            )
        )
    return decisions_period_end(decisions, running=running)


def four_form(measures: Iterable[str]) -> int | None:
    """The form (1–4) in which a person is counted for one decision: the heaviest form of
    its measures, ``None`` when there is no measure (DOMAIN.md §6, [纪委条例] 31)."""
    forms = [measure_form(code) for code in measures]
    return max(forms) if forms else None


def allowed_for_village_staff(measure: str) -> bool:
    """Whether village/community staff can receive ``measure``: of the government
    sanctions only 警告, 记过, 记大过 ([政务处分法] 22); other kinds are not limited there."""
    code = _check(measure)
    if measure_kind(code) != MeasureCategory.GOVERNMENT:
        return True
    return code in VILLAGE_STAFF_GOV_SANCTIONS


def _label(code: str) -> str:
    return str(Measure(code).label)


def validate_measures(
    measures: Iterable[str], *, is_party_member: bool, is_village_staff: bool
) -> list[str]:
    """Chinese messages for what is wrong with the measures of one decision on one person;
    an empty list when they can be decided together.

    - unknown or repeated codes;
    - party sanctions only for Party members ([处分条例] 8: 对党员的纪律处分). Pass
      ``is_party_member=False`` for a probationary member (预备党员) too: they receive
      批评教育, a longer probation or the loss of candidacy instead ([处分条例] 36);
    - one party sanction per decision; 开除党籍 excludes any other ([处分条例] 8, 13);
    - one government sanction per decision: of several, only the heaviest is executed
      ([政务处分法] 15 — record the heaviest, with its combined period);
    - village/community staff: 警告, 记过, 记大过 only ([政务处分法] 22).
    """
    errors: list[str] = []
    codes: list[str] = []
    seen: set[str] = set()
    for code in measures:
        if code not in Measure.values:
            errors.append(f"未知的处理措施：{code}")
        elif code in seen:
            errors.append(f"处理措施重复：{_label(code)}")
        else:
            seen.add(code)
            codes.append(str(code))
    party = [c for c in codes if measure_kind(c) == MeasureCategory.PARTY]
    gov = [c for c in codes if measure_kind(c) == MeasureCategory.GOVERNMENT]
    if party and not is_party_member:
        names = "、".join(_label(c) for c in party)
        errors.append(f"非中共党员不能给予党纪处分（{names}）")
    if M.PARTY_EXPULSION in party and len(party) > 1:
        others = "、".join(_label(c) for c in party if c != M.PARTY_EXPULSION)
        errors.append(f"开除党籍不能与其他党纪处分（{others}）同时给予")
    elif len(party) > 1:
        names = "、".join(_label(c) for c in party)
        errors.append(f"一次决定只能给予一种党纪处分，现为：{names}")
    if len(gov) > 1:
        names = "、".join(_label(c) for c in gov)
        errors.append(
            f"一次决定只能给予一种政务处分，现为：{names}"
            "（应当给予两种以上政务处分的，执行其中最重的，《政务处分法》第十五条）"
        )
    if is_village_staff:
        refused = [c for c in gov if not allowed_for_village_staff(c)]
        if refused:
            names = "、".join(_label(c) for c in refused)
            errors.append(
                f"村（社区）工作人员只能给予警告、记过、记大过政务处分，不能给予{names}"
                "（《政务处分法》第二十二条）"
            )
    return errors
