"""The case ledger (案件台账) as an Excel file: one row per person (or organisation) of
every case the ledger page shows for the same filters (``selectors.case_list``, already
limited to what the user may see), with the measures, the four form and the influence
period end derived from the decision, and the money involved and recovered."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from jiandu.cases import rules, selectors
from jiandu.cases.models import Case, Decision
from jiandu.cases.rules import CaseKind, Stage
from jiandu.core.ledger import ExportColumn
from jiandu.org.models import Rank

CHUNK = 1000
SHEET = "案件台账"
FILENAME = "cases-{date}.xlsx"
COLUMNS = [
    ExportColumn("序号", width=6),
    ExportColumn("案件编号", width=15),
    ExportColumn("立案方式", width=10),
    ExportColumn("案由", width=30),
    ExportColumn("立案日期", width=12),
    ExportColumn("被审查调查人", width=12),
    ExportColumn("单位及职务", width=28),
    ExportColumn("职级", width=12),
    ExportColumn("中共党员", width=8),
    ExportColumn("问题类别", width=24),
    ExportColumn("主办单位", width=18),
    ExportColumn("协办单位", width=24),
    ExportColumn("包案领导", width=10),
    ExportColumn("阶段", width=14),
    ExportColumn("处分和处理", width=26),
    ExportColumn("四种形态", width=10),
    ExportColumn("影响期至", width=12),
    ExportColumn("涉案金额（元）", width=14, money=True),
    ExportColumn("追缴金额（元）", width=14, money=True),
    ExportColumn("是否超期", width=8),
    ExportColumn("留置中", width=8),
]
RANKS = dict(Rank.choices)


def rows(cases: QuerySet[Case], request: Any = None) -> Iterator[list[Any]]:
    """One row per person (or organisation) of each case of the ledger."""
    today = timezone.localdate()
    cases = cases.prefetch_related(
        "categories",
        Prefetch(
            "tracks__decisions",
            queryset=Decision.objects.filter(superseded=False)
            .prefetch_related("measures")
            .order_by("-decided_on", "-id"),
            to_attr="current_decisions",
        ),
    )
    index = 0
    for case in cases.iterator(chunk_size=CHUNK):
        overdue = any(d.paused_on is None and d.due_on < today for d in case.open_deadlines)
        categories = "、".join(c.name for c in case.categories.all())
        co = "、".join(u.name for u in case.co_units.all())
        for person in case.tracks:
            index += 1
            decisions = person.current_decisions
            decision = decisions[0] if decisions else None
            codes = [m.measure for m in decision.measures.all()] if decision else []
            form = rules.four_form(codes)
            end = (
                selectors.decision_period_end(decision, codes, cadre_id=person.cadre_id)
                if decision
                else None
            )
            detained = bool(person.running_detentions)
            yield [
                index,
                case.number,
                CaseKind(case.kind).label,
                case.title,
                case.filed_on,
                person.name,
                f"{person.unit.name if person.unit_id else ''}{person.title}",
                RANKS.get(person.rank, person.rank),
                "是" if person.is_party_member else "否",
                categories,
                case.lead_unit.name,
                co,
                str(case.leader) if case.leader_id else "",
                Stage(person.stage).label,
                "、".join(rules.Measure(c).label for c in codes),
                rules.FORM_LABELS.get(form, "") if form else "",
                end,
                person.amount_involved,
                person.amount_recovered,
                "是" if overdue else "否",
                "是" if detained else "否",
            ]
