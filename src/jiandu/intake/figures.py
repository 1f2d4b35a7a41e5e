"""The report figures the statistics count (``jiandu.core.figures``; DOMAIN.md §9).

Reports are counted in 件次 (every receipt; a matter reported three times is 3 件次)
unless said otherwise, on the dated event named in each definition, for the unit that
handles the report (the registering clerk's unit when none is recorded). They count the
rows the report register (``intake:report_list``) shows the viewer: every report the
viewer may see, portal submissions not yet registered included (received is received).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from jiandu.core.figures import By, Figure, datetime_in_days, register
from jiandu.core.models import CategoryGroup
from jiandu.intake.models import Channel, Jurisdiction, Report, ReportSubject
from jiandu.org.models import Rank

LEDGER = "intake:report_list"
UNIT = {"unit_field": "handling_unit", "unit_fallback": "registered_by__unit"}

RECEIVED_ON = "按收到日期计入统计期间"
FOR_UNIT = "计入办理单位（未记录办理单位的计入登记人所在单位）"

# The rank of a report's subject: the highest rank among its confirmed subjects (one
# report, one rank, so the rank columns add up to the total); "未确认" when no subject
# is linked to a cadre of the register.
RANK_ORDER = [Rank.COUNTY, Rank.TOWNSHIP, Rank.GENERAL, Rank.OTHER]


def _has_rank(ranks: list[str]) -> Q:
    return Q(
        Exists(
            ReportSubject.objects.filter(
                report=OuterRef("pk"), confirmed=True, cadre__rank__in=ranks
            )
        )
    )


RANK_CONDITIONS: dict[str, Q] = {}
for _i, _rank in enumerate(RANK_ORDER):
    _cond = _has_rank([_rank])
    if _i:
        _cond &= ~_has_rank([str(r) for r in RANK_ORDER[:_i]])
    RANK_CONDITIONS[str(_rank)] = _cond
RANK_CONDITIONS["unknown"] = ~_has_rank([str(r) for r in RANK_ORDER])
RANK_CHOICES = [*((str(v), label) for v, label in Rank.choices), ("unknown", "未确认")]

NAMED = By(
    "is_named",
    "实名或匿名",
    choices=[("named", "实名"), ("anonymous", "匿名")],
    conditions={"named": Q(is_named=True), "anonymous": Q(is_named=False)},
)

RECEIVED_BY = {
    "channel": By("channel", "来源渠道", choices=Channel.choices),
    "category": By("categories__group", "问题类别", choices=CategoryGroup.choices),
    "rank": By(
        "subjects__cadre__rank", "被反映人职级", choices=RANK_CHOICES, conditions=RANK_CONDITIONS
    ),
    "named": NAMED,
}

# 检举控告类: a report accusing a named person (a subject recorded, or the subject as
# written) — the rest are 申诉、意见建议 and the like.
ACCUSATION = Q(Exists(ReportSubject.objects.filter(report=OuterRef("pk")))) | ~Q(subject_text="")


def _decided_in(qs: QuerySet, start: date, end: date) -> QuerySet:
    return qs.filter(**datetime_in_days("jurisdiction_decided_at", start, end))


register(
    Figure(
        key="reports.received",
        label="收到信访举报",
        measure="件次",
        model=Report,
        ledger=LEDGER,
        dated="received_at",
        definition=f"每收到一次计1件次（重复件也计），{RECEIVED_ON}；{FOR_UNIT}。"
        "问题类别按所涉类别组分别计入（一件涉及多个类别组的各计一次，分项之和可大于合计）；"
        "被反映人职级取已确认被反映人中的最高职级，未关联干部名册的计入“未确认”。",
        by=RECEIVED_BY,
        **UNIT,
    ),
    Figure(
        key="reports.matters",
        label="信访举报件数（合并重复件）",
        measure="件",
        model=Report,
        ledger=LEDGER,
        dated="received_at",
        condition=Q(duplicate_of__isnull=True),
        definition=f"收到的信访举报中，不是已确认重复件的件数（重复反映同一问题的计1件），"
        f"{RECEIVED_ON}；{FOR_UNIT}。",
        by=RECEIVED_BY,
        **UNIT,
    ),
    Figure(
        key="reports.duplicates",
        label="重复件",
        measure="件次",
        model=Report,
        ledger=LEDGER,
        dated="received_at",
        condition=Q(duplicate_of__isnull=False),
        definition=f"收到的信访举报中已确认为重复件的件次，{RECEIVED_ON}；{FOR_UNIT}。",
        **UNIT,
    ),
    Figure(
        key="reports.accusations",
        label="检举控告类",
        measure="件次",
        model=Report,
        ledger=LEDGER,
        dated="received_at",
        condition=ACCUSATION,
        definition=f"收到的信访举报中有具体被反映人（检举控告具体人员）的件次，{RECEIVED_ON}；"
        f"{FOR_UNIT}。占比 = 检举控告类 ÷ 收到信访举报。",
        **UNIT,
    ),
    Figure(
        key="reports.accepted",
        label="本级受理",
        measure="件次",
        model=Report,
        ledger=LEDGER,
        in_period=_decided_in,
        condition=Q(jurisdiction=Jurisdiction.ACCEPT),
        definition=f"管辖决定为本级受理的件次，按作出管辖决定的日期计入统计期间；{FOR_UNIT}。",
        **UNIT,
    ),
    Figure(
        key="reports.forwarded",
        label="转送",
        measure="件次",
        model=Report,
        ledger=LEDGER,
        in_period=_decided_in,
        condition=Q(
            jurisdiction__in=[
                Jurisdiction.FORWARD_OTHER,
                Jurisdiction.FORWARD_LOWER,
                Jurisdiction.FORWARD_HIGHER,
            ]
        ),
        definition="管辖决定为转送其他机关、转下级纪委监委或报送上一级纪委监委的件次，"
        f"按作出管辖决定的日期计入统计期间；{FOR_UNIT}。",
        **UNIT,
    ),
    Figure(
        key="reports.ack_due",
        label="应告知受理情况",
        measure="件次",
        model=Report,
        ledger=LEDGER,
        dated="ack_due",
        condition=Q(is_named=True, duplicate_of__isnull=True),
        definition="实名举报本级受理的（转送件、重复件除外），收到后15个工作日内告知受理情况"
        "（《检举控告规则》第二十六条）：告知期限在统计期间内的件次；" + FOR_UNIT + "。",
        **UNIT,
    ),
    Figure(
        key="reports.ack_on_time",
        label="按期告知受理情况",
        measure="件次",
        model=Report,
        ledger=LEDGER,
        dated="ack_due",
        condition=Q(is_named=True, duplicate_of__isnull=True, ack_sent_on__lte=F("ack_due")),
        definition="应告知受理情况的件次中，在期限当日或之前告知的；未告知而已过期限的计为未按期。"
        "按期告知率 = 按期告知 ÷ 应告知。",
        **UNIT,
    ),
    Figure(
        key="reports.result_due",
        label="应告知办理结果",
        measure="件次",
        model=Report,
        ledger=LEDGER,
        dated="result_due",
        condition=Q(is_named=True),
        definition="实名举报办结后15个工作日内告知办理结果（《检举控告规则》第二十七条）："
        "告知期限在统计期间内的件次；" + FOR_UNIT + "。",
        **UNIT,
    ),
    Figure(
        key="reports.result_on_time",
        label="按期告知办理结果",
        measure="件次",
        model=Report,
        ledger=LEDGER,
        dated="result_due",
        condition=Q(is_named=True, result_sent_on__lte=F("result_due")),
        definition="应告知办理结果的件次中，在期限当日或之前告知的；未告知而已过期限的计为未按期。"
        "按期告知率 = 按期告知 ÷ 应告知。",
        **UNIT,
    ),
)
