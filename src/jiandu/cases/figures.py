"""The case and sanction figures the statistics count (``jiandu.core.figures``; DOMAIN.md
§6 and §9).

Every figure is counted from a dated event, never from a track's current stage: the
filing approval (``Case.filed_on``), a 留置's start (``Detention.started_on``), the first
referral to the procuratorate (``CasePerson.referred_on``), the day the last track was
closed (``Case.closed_on``), a recorded recovery (``Recovery.recovered_on``), a decision
(``Decision.decided_on``) and a clue-stage first-form measure
(``clues.FirstFormMeasure.decided_on``). A case counts for its lead unit (主办单位).

**Decisions changed on appeal.** A decision counts once, in the period of its own date,
with the measures it was made with. The decision an appeal (申诉、复审、复核) puts in its
place (``Decision.changes``) is not counted again: the person was counted for that
matter when first decided, and a later change must not alter a period already counted.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from jiandu.cases.models import (
    Case,
    CaseDeadline,
    CasePerson,
    Decision,
    DecisionMeasure,
    Detention,
    Recovery,
)
from jiandu.cases.rules import Measure, MeasureCategory
from jiandu.cases.rules.measures import MeasureKind
from jiandu.cases.rules.sanctions import FORM_LABELS, MEASURE_FORMS, measure_kind
from jiandu.core.figures import By, Figure, register
from jiandu.org.models import Rank

CASE_UNIT = "lead_unit"
DECISION_UNIT = "person__case__lead_unit"

# --- cases (立案审查调查) ----------------------------------------------------------------------


def _co_handled() -> Exists:
    return Exists(Case.co_units.through.objects.filter(case_id=OuterRef("pk")))


HANDLING = By(
    "designated",
    "办案方式",
    choices=(("self", "自办"), ("designated", "指定管辖"), ("joint", "联合办案")),
    conditions={
        "self": Q(designated=False) & ~Q(_co_handled()),
        "designated": Q(designated=True),
        "joint": Q(designated=False) & Q(_co_handled()),
    },
)


def _disciplines() -> list[tuple[str, str]]:
    from jiandu.core.models import CategoryGroup, ProblemCategory

    return list(
        ProblemCategory.objects.filter(group=CategoryGroup.DISCIPLINE)
        .order_by("sort_order", "code")
        .values_list("code", "name")
    )


def _detained_in(qs: QuerySet, start: date, end: date) -> QuerySet:
    rows = Detention.objects.filter(
        person__case=OuterRef("pk"),
        kind=MeasureKind.DETENTION,
        started_on__range=(start, end),
    )
    return qs.filter(Exists(rows))


def _overdue_at_end(qs: QuerySet, start: date, end: date) -> QuerySet:
    """Cases with a time limit (investigation, review, a track's limits) past its due date
    and not met as of the period's end (today, for a period not yet over); a review clock
    standing still for a supplementary investigation on that day is not late."""
    as_of = min(end, timezone.localdate())
    late = (
        CaseDeadline.objects.filter(due_on__lt=as_of)
        .filter(Q(met_on__isnull=True) | Q(met_on__gt=as_of))
        .exclude(paused_on__lte=as_of)
    )
    return qs.filter(pk__in=late.values("case_id"))


def _referred_in(qs: QuerySet, start: date, end: date) -> QuerySet:
    rows = CasePerson.objects.filter(case=OuterRef("pk"), referred_on__range=(start, end))
    return qs.filter(Exists(rows))


register(
    Figure(
        key="cases.filed",
        label="立案",
        measure="件",
        model=Case,
        ledger="cases:case_list",
        dated="filed_on",
        unit_field=CASE_UNIT,
        definition=(
            "按批准立案日期计入统计期间；计入主办单位。自办：本单位主办、未经指定管辖、无协办单位；"
            "指定管辖：上级指定本单位办理；联合办案：本单位主办、有协办单位（室组地联合办案），"
            "三者之和为立案总数。按职级：案件中有该职级的被审查调查人即计入（职级按登记时的记录），"
            "一案多人职级不同的分别计入；按问题类别（六项纪律）：一案多类的分别计入。"
        ),
        by={
            "kind": HANDLING,
            "rank": By("people__rank", "被审查调查人职级", choices=Rank.choices),
            "category": By("categories__code", "问题类别", choices_fn=_disciplines),
        },
    ),
    Figure(
        key="cases.detentions",
        label="留置",
        measure="件",
        model=Case,
        ledger="cases:case_list",
        in_period=_detained_in,
        unit_field=CASE_UNIT,
        definition="期间内开始对被审查调查人采取留置措施的案件（按留置开始日期），计入主办单位。",
    ),
    Figure(
        key="cases.referrals",
        label="移送检察机关",
        measure="件",
        model=Case,
        ledger="cases:case_list",
        in_period=_referred_in,
        unit_field=CASE_UNIT,
        definition=(
            "期间内有被审查调查人首次移送检察机关审查起诉的案件（按移送日期；退回补充调查后"
            "再次移送的不重复计算），计入主办单位。"
        ),
    ),
    Figure(
        key="cases.closed",
        label="结案",
        measure="件",
        model=Case,
        ledger="cases:case_list",
        dated="closed_on",
        unit_field=CASE_UNIT,
        definition=(
            "按结案日期计入统计期间：已立案案件的最后一名被审查调查人执行完毕结案或撤销案件之日；"
            "此后因申诉重新审理的不改变结案日期。计入主办单位。"
        ),
    ),
    Figure(
        key="cases.overdue",
        label="超期未办",
        measure="件",
        model=Case,
        ledger="cases:case_list",
        in_period=_overdue_at_end,
        unit_field=CASE_UNIT,
        definition=(
            "截至统计期间最后一日（期间尚未结束的截至今日），有时限（审查调查、审理、延长期限等）"
            "已过到期日而当时尚未完成的案件；因补充调查暂停计算的时限不算超期；按各时限的到期日和"
            "完成日期计算，不看现在的状态；计入主办单位。"
        ),
    ),
    Figure(
        key="cases.recovered",
        label="挽回经济损失",
        measure="元",
        model=Recovery,
        ledger="cases:recovery_list",
        dated="recovered_on",
        unit_field="case__lead_unit",
        value="amount",
        definition=(
            "按登记追缴（挽回）金额的日期（作出处理决定或结案之日）计入统计期间，为期间内登记的"
            "金额之和（更正减少的记为负数）；计入案件主办单位。"
        ),
    ),
)

# --- sanctions (处分) and the four forms (四种形态) --------------------------------------------


def _codes(kind: str) -> list[str]:
    return [code for code in Measure.values if measure_kind(code) == kind]


def _has(codes: list[str]) -> Q:
    return Q(Exists(DecisionMeasure.objects.filter(decision=OuterRef("pk"), measure__in=codes)))


def _form(n: int) -> Q:
    """Decisions whose heaviest measure is of form ``n`` (``rules.four_form`` as a
    condition: a measure of form n and none heavier, from ``MEASURE_FORMS``)."""
    this = [c for c, f in MEASURE_FORMS.items() if f == n]
    heavier = [c for c, f in MEASURE_FORMS.items() if f > n]
    q = _has(this)
    return q & ~_has(heavier) if heavier else q


def _kinds(kind: str, label: str) -> By:
    codes = _codes(kind)
    return By(
        "measures__measure",
        label,
        choices=[(c, Measure(c).label) for c in codes],
        conditions={c: _has([c]) for c in codes},
    )


PARTY = _codes(MeasureCategory.PARTY)
GOVERNMENT = _codes(MeasureCategory.GOVERNMENT)
ORGANISATIONAL = _codes(MeasureCategory.ORGANISATIONAL)
# A first decision on a person with at least one measure (人次: one person per decision).
COUNTED = Q(changes__isnull=True, person__is_unit=False) & _has(list(MEASURE_FORMS))
DECIDED = (
    "按处理决定日期计入统计期间，一人一次决定计一人次；计入案件主办单位。"
    "申诉（复审复核）变更后的决定不另计，原决定按其日期和原处理计入，以后的变更不改变已统计期间的数字。"
)

register(
    Figure(
        key="sanctions.decisions",
        label="处理人次（四种形态）",
        measure="人次",
        model=Decision,
        ledger="cases:decision_list",
        dated="decided_on",
        unit_field=DECISION_UNIT,
        condition=COUNTED,
        definition=DECIDED + "按所受最重处理计入一种形态（[纪委条例] 31，DOMAIN.md §6）。",
        by={
            "form": By(
                "measures__measure",
                "形态",
                choices=[(str(n), label) for n, label in FORM_LABELS.items()],
                conditions={str(n): _form(n) for n in FORM_LABELS},
            ),
        },
    ),
    Figure(
        key="sanctions.sanctioned",
        label="给予党纪政务处分",
        measure="人次",
        model=Decision,
        ledger="cases:decision_list",
        dated="decided_on",
        unit_field=DECISION_UNIT,
        condition=COUNTED & (_has(PARTY) | _has(GOVERNMENT)),
        definition=DECIDED
        + "同一决定既给予党纪处分又给予政务处分的，合计中计一人次，党纪、政务中各计一人次。",
    ),
    Figure(
        key="sanctions.people_party",
        label="党纪处分",
        measure="人次",
        model=Decision,
        ledger="cases:decision_list",
        dated="decided_on",
        unit_field=DECISION_UNIT,
        condition=COUNTED & _has(PARTY),
        definition=DECIDED + "按党纪处分种类分列。",
        by={"kind": _kinds(MeasureCategory.PARTY, "党纪处分种类")},
    ),
    Figure(
        key="sanctions.people_government",
        label="政务处分",
        measure="人次",
        model=Decision,
        ledger="cases:decision_list",
        dated="decided_on",
        unit_field=DECISION_UNIT,
        condition=COUNTED & _has(GOVERNMENT),
        definition=DECIDED + "按政务处分种类分列。",
        by={"kind": _kinds(MeasureCategory.GOVERNMENT, "政务处分种类")},
    ),
    Figure(
        key="sanctions.org_measures",
        label="组织处理",
        measure="人次",
        model=Decision,
        ledger="cases:decision_list",
        dated="decided_on",
        unit_field=DECISION_UNIT,
        condition=COUNTED & _has(ORGANISATIONAL),
        definition=DECIDED + "按组织处理方式分列（一次决定有两种方式的各计一人次）。",
        by={"kind": _kinds(MeasureCategory.ORGANISATIONAL, "组织处理方式")},
    ),
)
