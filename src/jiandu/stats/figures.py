"""Figures the assessment needs that no domain app's table counts (under the ``assess.``
prefix; see ``core.figures``): cases whose review (审理) concluded in the period, within
or past its time limit, and cases whose appeals (申诉、复审复核) were decided, the
original decision changed or not. Counted for the case's 主办单位, from dated rows
(the review deadline's completion date, the appeal's decision date), so a past period
recounts the same; each drills down to the case ledger."""

from __future__ import annotations

from datetime import date

from django.db.models import F, QuerySet

from jiandu.cases.models import Case
from jiandu.core.figures import By, Figure, register
from jiandu.core.models import Urge


def _review_concluded(qs: QuerySet, start: date, end: date) -> QuerySet:
    return qs.filter(deadlines__kind="review", deadlines__met_on__range=(start, end))


def _review_on_time(qs: QuerySet, start: date, end: date) -> QuerySet:
    # one filter() call: the same deadline row must be the review, concluded in the
    # period and not after its due date
    return qs.filter(
        deadlines__kind="review",
        deadlines__met_on__range=(start, end),
        deadlines__met_on__lte=F("deadlines__due_on"),
    )


def _appeals_decided(qs: QuerySet, start: date, end: date) -> QuerySet:
    return qs.filter(people__appeals__decided_on__range=(start, end))


def _appeals_changed(qs: QuerySet, start: date, end: date) -> QuerySet:
    return qs.filter(people__appeals__decided_on__range=(start, end), people__appeals__upheld=False)


register(
    Figure(
        key="assess.review_concluded",
        label="审结案件",
        measure="件",
        model=Case,
        ledger="cases:case_list",
        unit_field="lead_unit",
        in_period=_review_concluded,
        definition="审理期限在统计期间内完成（审结）的案件；按主办单位统计。",
    ),
    Figure(
        key="assess.review_on_time",
        label="审理期限内审结案件",
        measure="件",
        model=Case,
        ledger="cases:case_list",
        unit_field="lead_unit",
        in_period=_review_on_time,
        definition="审理期限在统计期间内完成、且完成日期不晚于到期日（含延长后的期限）的案件；按主办单位统计。",
    ),
    Figure(
        key="assess.appeals_decided",
        label="申诉办结案件",
        measure="件",
        model=Case,
        ledger="cases:case_list",
        unit_field="lead_unit",
        in_period=_appeals_decided,
        definition="被处理人的申诉（复审、复核）在统计期间内作出决定的案件；按主办单位统计。",
    ),
    Figure(
        key="assess.appeals_changed",
        label="申诉改变原决定案件",
        measure="件",
        model=Case,
        ledger="cases:case_list",
        unit_field="lead_unit",
        in_period=_appeals_changed,
        definition="申诉（复审、复核）在统计期间内作出决定且未维持原决定的案件；按主办单位统计。",
    ),
)


# 催办 (``core.urging``): how often each unit was urged. An urge counts for the unit it was
# addressed to — a commission body for itself, a department, town or inspected
# organisation for the commission body that supervises it (as a task's owners do) — on
# the day it was made; drills down to the urge ledger.
URGE_KINDS = (
    ("clues.clue", "线索"),
    ("cases.case", "案件"),
    ("inspections.rectificationitem", "整改事项"),
    ("directives.task", "督办任务"),
)

register(
    Figure(
        key="core.urges",
        label="被催办次数",
        measure="次",
        model=Urge,
        ledger="core:urge_list",
        dated="created_at",
        unit_field="unit",
        through_liaison=True,
        definition=(
            "统计期间内委领导等对已超期事项的催办次数，按催办日期计入统计期间；"
            "计入被催办单位（县直部门、乡镇、被巡察单位计入监督它的派驻纪检监察组或镇纪委）；"
            "一项督办任务有多个责任单位的，每个单位各计一次。"
        ),
        by={"kind": By("target_type", "催办事项", choices=URGE_KINDS)},
    ),
)
