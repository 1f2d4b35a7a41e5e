"""The cross-check figures the statistics count (``jiandu.core.figures``; DOMAIN.md §9).

A hit counts for the commission body that supervises the unit of the person concerned
through the liaison relation (the unit itself when it is a commission body); a hit
matched to no unit, or to one no commission body supervises, counts for the unit of
whoever started the run that found it. Counted from dated fields: the day the hit was
first found, confirmed (转为线索, final) or first dismissed."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from jiandu.core.figures import By, Figure, register
from jiandu.crosscheck.models import Hit


def _rules() -> list[tuple[str, str]]:
    from jiandu.crosscheck.services.runs import selected_rules

    return [(r.code, f"{r.code} {r.name}") for r in selected_rules()]


BY_RULE = {"rule": By("rule_code", "比对规则", choices_fn=_rules)}
COMMON = {
    "model": Hit,
    "ledger": "crosscheck:hit_list",
    "unit_field": "subject_unit",
    "unit_fallback": "first_run__started_by__unit",
    "through_liaison": True,
    "by": BY_RULE,
}
ATTRIBUTION = "计入监督当事人所在单位的派驻纪检监察组或镇纪委（未匹配单位的计入发起比对的单位）。"


def _unfounded(qs: QuerySet, start: date, end: date) -> QuerySet:
    """Dismissed in the period and not confirmed by its end (a dismissal reopened and
    confirmed within the period counts as confirmed only)."""
    return qs.filter(dismissed_on__range=(start, end)).filter(
        Q(confirmed_on__isnull=True) | Q(confirmed_on__gt=end)
    )


def _decided(qs: QuerySet, start: date, end: date) -> QuerySet:
    return qs.filter(
        Q(confirmed_on__range=(start, end))
        | Q(
            Q(confirmed_on__isnull=True) | Q(confirmed_on__gt=end),
            dismissed_on__range=(start, end),
        )
    )


register(
    Figure(
        key="crosscheck.hits",
        label="发现疑点",
        measure="条",
        dated="created_at",
        definition="按比对首次发现的日期计入统计期间；" + ATTRIBUTION,
        **COMMON,  # type: ignore[arg-type]
    ),
    Figure(
        key="crosscheck.hits_confirmed",
        label="确认疑点",
        measure="条",
        dated="confirmed_on",
        definition="按研判确认（转为问题线索）的日期计入统计期间。",
        **COMMON,  # type: ignore[arg-type]
    ),
    Figure(
        key="crosscheck.hits_unfounded",
        label="排除疑点",
        measure="条",
        in_period=_unfounded,
        definition="按首次排除的日期计入统计期间；期末前又被确认的不计。",
        **COMMON,  # type: ignore[arg-type]
    ),
    Figure(
        key="crosscheck.hits_decided",
        label="已研判疑点",
        measure="条",
        in_period=_decided,
        definition="统计期间内确认或排除的疑点（确认数与排除数之和）。",
        **COMMON,  # type: ignore[arg-type]
    ),
    Figure(
        key="crosscheck.hits_to_clue",
        label="转为问题线索",
        measure="条",
        dated="clue__received_on",
        condition=Q(clue__isnull=False),
        definition="疑点转成的问题线索，按线索收到日期计入统计期间。",
        **COMMON,  # type: ignore[arg-type]
    ),
)
