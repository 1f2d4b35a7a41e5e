"""The clue figures the statistics count (``jiandu.core.figures``; DOMAIN.md §9).

Clues are counted in 件 (one clue is one), on the dated event named in each definition,
for the handling unit (the registering clerk's unit while the clue is not yet routed).
The dated events are written once by the clue services (``disposed_on``,
``shelved_on`` …, never moved by a later step) or read from the clue's time limits
(``ClueDeadline``), so a past period recounts the same. They count the rows the clue
register (``clues:clue_list``) shows the viewer.
"""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from jiandu.clues.models import (
    Clue,
    ClueDeadline,
    ClueDeadlineKind,
    ClueSource,
    Disposition,
    FirstFormMeasure,
    FirstFormMeasureKind,
)
from jiandu.core.figures import By, Figure, register

LEDGER = "clues:clue_list"
UNIT = {"unit_field": "handling_unit", "unit_fallback": "registered_by__unit"}
FOR_UNIT = "计入承办单位；尚未分办的计入登记人所在单位，分办后随线索计入承办单位（合计不变）"

# The four dispositions of [规则] 21, by the figure keys' names.
METHODS = {
    "talk": Disposition.INQUIRY,
    "verify": Disposition.VERIFICATION,
    "shelve": Disposition.SHELVE,
    "close": Disposition.CLOSE,
}
METHOD_BY = By(
    "disposed_method",
    "处置方式",
    choices=[(k, Disposition(v).label) for k, v in METHODS.items()],
    conditions={k: Q(disposed_method=v) for k, v in METHODS.items()},
)


def _disposition_due(on_time: bool):
    def in_period(qs: QuerySet, start: date, end: date) -> QuerySet:
        due = ClueDeadline.objects.filter(
            kind=ClueDeadlineKind.DISPOSITION, due_on__range=(start, end)
        )
        if on_time:
            due = due.filter(met_on__lte=F("due_on"))
        return qs.filter(pk__in=due.values("clue_id"))

    return in_period


def _overdue_at_end(qs: QuerySet, start: date, end: date) -> QuerySet:
    """Clues with a time limit past its due date and not met, as of the period's end
    (today, for a period not yet over)."""
    as_of = min(end, timezone.localdate())
    late = ClueDeadline.objects.filter(due_on__lt=as_of).filter(
        Q(met_on__isnull=True) | Q(met_on__gt=as_of)
    )
    return qs.filter(pk__in=late.values("clue_id"))


def _outcome(key: str, label: str, field: str, what: str) -> Figure:
    return Figure(
        key=key,
        label=label,
        measure="件",
        model=Clue,
        ledger=LEDGER,
        dated=field,
        definition=f"{what}；{FOR_UNIT}。一件线索只在第一次发生时计入。",
        **UNIT,
    )


register(
    Figure(
        key="clues.received",
        label="受理问题线索",
        measure="件",
        model=Clue,
        ledger=LEDGER,
        dated="received_on",
        definition=f"按线索收到日期计入统计期间；{FOR_UNIT}。",
        by={"source": By("source", "线索来源", choices=ClueSource.choices)},
        **UNIT,
    ),
    Figure(
        key="clues.disposed",
        label="处置问题线索",
        measure="件",
        model=Clue,
        ledger=LEDGER,
        dated="disposed_on",
        condition=Q(disposed_method__in=list(METHODS.values())),
        definition="按第一次处置意见经批准的日期计入统计期间，按当时批准的处置方式（谈话函询、"
        "初步核实、暂存待查、予以了结）分列，四种方式之和等于合计、占比之和为100%；"
        "暂存待查后再次处置、谈话函询后转初步核实的，不再重复计入处置数（见“初核”等处置结果）；"
        f"直接转立案或移送有关党组织、机关的不计入四种方式；{FOR_UNIT}。",
        by={"method": METHOD_BY},
        **UNIT,
    ),
    _outcome(
        "clues.outcome_closed", "了结", "closed_on", "按了结日期计入统计期间（直接了结和查否了结）"
    ),
    _outcome(
        "clues.outcome_shelved",
        "暂存待查",
        "shelved_on",
        "按批准暂存待查或初步核实后暂存待查的日期计入统计期间",
    ),
    _outcome(
        "clues.outcome_verified",
        "初步核实",
        "verified_on",
        "按开始初步核实的日期（批准初步核实或谈话函询后转初步核实）计入统计期间",
    ),
    _outcome(
        "clues.outcome_filed",
        "立案",
        "filed_on",
        "按线索所转案件立案经批准的日期计入统计期间",
    ),
    Figure(
        key="clues.disposition_due",
        label="应按期处置",
        measure="件",
        model=Clue,
        ledger=LEDGER,
        in_period=_disposition_due(on_time=False),
        definition="收到线索后1个月内提出处置意见（《监督执纪工作规则》第二十一条）："
        f"处置期限在统计期间内的线索；{FOR_UNIT}。",
        **UNIT,
    ),
    Figure(
        key="clues.disposition_on_time",
        label="按期处置",
        measure="件",
        model=Clue,
        ledger=LEDGER,
        in_period=_disposition_due(on_time=True),
        definition="应按期处置的线索中，处置意见在期限当日或之前经批准的；未处置而已过期限的"
        "计为未按期。按期处置率 = 按期处置 ÷ 应按期处置。",
        **UNIT,
    ),
    Figure(
        key="clues.overdue",
        label="超期未办",
        measure="件",
        model=Clue,
        ledger=LEDGER,
        in_period=_overdue_at_end,
        definition="截至统计期间最后一日（期间尚未结束的截至今日），有时限（处置、谈话函询、"
        "初步核实、暂存复查等）已过到期日而当时尚未完成的线索；按各时限的到期日和完成日期计算，"
        f"不看现在的状态；{FOR_UNIT}。",
        **UNIT,
    ),
    Figure(
        key="clues.first_form_measures",
        label="线索处置中的第一种形态",
        measure="人次",
        model=FirstFormMeasure,
        ledger="clues:measure_list",
        dated="decided_on",
        unit_field="clue__handling_unit",
        unit_fallback="clue__registered_by__unit",
        definition=(
            "问题线索谈话函询、初步核实了结时决定的第一种形态处理（谈话提醒、批评教育、责令检查、"
            "诫勉），按决定日期计入统计期间，一次处理计一人次；计入线索承办单位。"
        ),
        by={"kind": By("kind", "措施", choices=FirstFormMeasureKind.choices)},
    ),
)
