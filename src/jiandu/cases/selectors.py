"""Reads of the case register, limited to what the user may see."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from jiandu.cases import rules
from jiandu.cases.models import (
    Case,
    CaseDeadline,
    CaseDocument,
    CasePerson,
    Decision,
    Detention,
    DocumentVersion,
    SafetyIncident,
)
from jiandu.cases.rules import MeasureKind, Stage
from jiandu.core.badges import Badges
from jiandu.core.formatting import cn_date
from jiandu.core.scoping import get_visible_or_404
from jiandu.org.models import Rank

RANK_LABELS = dict(Rank.choices)


def _people() -> Prefetch:
    """The tracks of each case, with their running detention (if any)."""
    running = Prefetch(
        "detentions",
        queryset=Detention.objects.filter(released_on__isnull=True, kind=MeasureKind.DETENTION),
        to_attr="running_detentions",
    )
    return Prefetch(
        "people",
        queryset=CasePerson.objects.select_related("unit").prefetch_related(running).order_by("id"),
        to_attr="tracks",
    )


def _open_deadlines() -> Prefetch:
    return Prefetch(
        "deadlines",
        queryset=CaseDeadline.objects.filter(met_on__isnull=True).order_by("due_on"),
        to_attr="open_deadlines",
    )


def case_list(*, user: Any, filters: dict | None = None) -> QuerySet[Case]:
    from jiandu.cases.filters import CaseFilter

    qs = (
        Case.objects.visible_to(user)
        .select_related("lead_unit", "leader")
        .prefetch_related(
            _people(),
            _open_deadlines(),
            "co_units",
        )
        .order_by("-proposed_on", "-id")
    )
    return CaseFilter(filters or {}, queryset=qs).qs


def case_get_for(*, user: Any, pk: Any) -> Case:
    return get_visible_or_404(
        Case.objects.select_related("lead_unit", "leader", "review_unit", "clue", "target_unit"),
        user=user,
        pk=pk,
    )


def people_of_visible_cases(user: Any, queryset: Any) -> Any:
    """The scope of a submitted case-person id: a person of a case the user may see
    (the view then checks the person belongs to the case it acts on)."""
    return queryset.filter(case__in=Case.objects.visible_to(user))


def rows_of_visible_cases(user: Any, queryset: Any) -> Any:
    """The scope of a submitted id of a case's row (a recommendation, a reform item): a
    row of a case the user may see (the step then checks it belongs to its case)."""
    return queryset.filter(case__in=Case.objects.visible_to(user))


def followups_of_visible_cases(user: Any, queryset: Any) -> Any:
    """The scope of a submitted follow-up visit id, as ``rows_of_visible_cases``."""
    return queryset.filter(person__case__in=Case.objects.visible_to(user))


# --- time limits -------------------------------------------------------------------------


def detention_text(
    detention: Detention, today: date | None = None, now: datetime | None = None
) -> tuple[str, str]:
    """How a measure's limit reads: released, or days (hours for 强制到案) left, or
    overdue. 留置 and 管护 end on their date, holidays or not ([条例] 285)."""
    today = today or timezone.localdate()
    label = detention.get_kind_display()
    if detention.released_on:
        return "met", f"已于{cn_date(detention.released_on)}解除"
    if detention.due_at:
        return hours_text(detention.due_at, now, late=f"已超过{label}时限")
    left = (detention.due_on - today).days
    if left < 0:
        return "overdue", f"已超过{label}期限{-left}天"
    fixed = detention.kind in (MeasureKind.DETENTION, MeasureKind.CUSTODY)
    if left <= 10:
        return "due_soon", f"还剩{left}天" + ("（期满不因节假日顺延）" if fixed else "")
    return "running", f"还剩{left}天"


def hours_text(
    due: datetime, now: datetime | None = None, *, late: str = "已超时"
) -> tuple[str, str]:
    """A deadline in hours (the 24-hour notice, the incident report, 强制到案): due at
    a moment; 已超时 once it has passed."""
    now = now or timezone.now()
    at = timezone.localtime(due).strftime("%H:%M")
    when = f"{cn_date(timezone.localtime(due).date())}{at}"
    if now > due:
        hours = int((now - due).total_seconds() // 3600)
        return (
            "overdue",
            f"{late}（应于{when}前，已超时{hours}小时）" if hours else f"{late}（应于{when}前）",
        )
    left = int((due - now).total_seconds() // 3600)
    return "due_soon", f"须于{when}前（还剩{left}小时）"


def notices_open_for(*, user: Any) -> QuerySet[Detention]:
    """Measures whose 24-hour notice to the unit and the family is still owed
    ([监察法] 44; [条例] 98)."""
    cases = Case.objects.visible_to(user)
    return (
        Detention.objects.filter(
            released_on__isnull=True,
            notice_due_at__isnull=False,
            notified_at__isnull=True,
            notice_withheld="",
            person__case__in=cases.values("pk"),
        )
        .select_related("person", "person__case")
        .order_by("notice_due_at", "id")
    )


def incidents_open_for(*, user: Any) -> QuerySet[SafetyIncident]:
    """Safety incidents not yet reported up ([条例] 103)."""
    cases = Case.objects.visible_to(user)
    return (
        SafetyIncident.objects.filter(
            reported_up_at__isnull=True, person__case__in=cases.values("pk")
        )
        .select_related("person", "person__case")
        .order_by("report_due_at", "id")
    )


def open_deadlines_for(*, user: Any) -> QuerySet[CaseDeadline]:
    """The user's running case time limits: the handling units' own cases (lead or
    co-handling), the review office's cases in review, everything visible for the
    registers' keepers (案管室, leaders)."""
    cases = Case.objects.visible_to(user)
    if user.unit_id:
        if user.has_capability("cases.handle"):
            co = Case.co_units.through.objects.filter(unit_id=user.unit_id).values("case_id")
            cases = cases.filter(Q(lead_unit_id=user.unit_id) | Q(pk__in=co))
        elif user.has_capability("cases.review"):
            cases = cases.filter(review_unit_id=user.unit_id)
    return (
        CaseDeadline.objects.filter(
            met_on__isnull=True, paused_on__isnull=True, case__in=cases.values("pk")
        )
        .select_related("case", "person")
        .order_by("due_on", "id")
    )


def detentions_running_for(*, user: Any) -> QuerySet[Detention]:
    cases = Case.objects.visible_to(user)
    return (
        Detention.objects.filter(released_on__isnull=True, person__case__in=cases.values("pk"))
        .select_related("person", "person__case")
        .order_by("due_on", "id")
    )


# --- one case --------------------------------------------------------------------------


def decisions_by_person(case: Case) -> dict[int, list[Decision]]:
    rows = (
        Decision.objects.filter(person__case=case)
        .prefetch_related("measures")
        .order_by("decided_on", "id")
    )
    out: dict[int, list[Decision]] = defaultdict(list)
    for d in rows:
        out[d.person_id].append(d)
    return out


def decision_period(decision: Decision, codes: list[str] | None = None) -> rules.DecisionPeriod:
    """The decision as its influence period sees it (``rules.DecisionPeriod``): counted
    from ``period_from`` (a decision changed on appeal) or the decision day."""
    if codes is None:
        codes = [m.measure for m in decision.measures.all()]
    return rules.DecisionPeriod(
        starts_on=decision.period_from or decision.decided_on,
        measures=tuple(codes),
        gov_count=decision.gov_sanction_count,
        gov_months=decision.gov_period_months,
    )


def earlier_party_periods(decision: Decision, cadre_id: int | None) -> list[tuple[date, date]]:
    """[处分条例] 21: the party influence periods of the same cadre's other current
    decisions (any case) made before ``decision`` and still running on its first day —
    the new party period adds their unexpired remainder. A track without a cadre of the
    register cannot be matched to earlier decisions (a name is not an identity)."""
    if cadre_id is None:
        return []
    start = decision.period_from or decision.decided_on
    others = (
        Decision.objects.filter(person__cadre_id=cadre_id, superseded=False)
        .exclude(pk=decision.pk)
        .prefetch_related("measures")
        .order_by("decided_on", "id")
    )
    earlier = [
        decision_period(d)
        for d in others
        if (d.period_from or d.decided_on, d.pk) < (start, decision.pk or 0)
    ]
    if not earlier:
        return []
    return [(f, last) for f, last in rules.party_periods(earlier) if last >= start]


def decision_period_end(
    decision: Decision, codes: list[str] | None = None, *, cadre_id: int | None = None
) -> date | None:
    """The last day of the influence period of ``decision`` on a person
    (``rules.decisions_period_end``): its measures side by side, the combined government
    period it states ([政务处分法] 15), and a party sanction lengthened by the unexpired
    remainder of the cadre's earlier running party period ([处分条例] 21). ``None`` when
    permanent or without any period."""
    return rules.decisions_period_end(
        [decision_period(decision, codes)], running=earlier_party_periods(decision, cadre_id)
    )


def person_summary(person: CasePerson, decisions: list[Decision]) -> dict[str, Any]:
    """The person's current decision, measures, four form and influence period end —
    all derived from the measures (``jiandu.cases.rules``), with the person's earlier
    party periods ([处分条例] 21, ``decision_period_end``)."""
    current = next((d for d in reversed(decisions) if not d.superseded), None)
    codes = [m.measure for m in current.measures.all()] if current else []
    form = rules.four_form(codes)
    period_end = permanent = None
    start = (current.period_from or current.decided_on) if current else timezone.localdate()
    combined = current.gov_period_months if current and current.gov_sanction_count > 1 else None
    if current:
        permanent = any(rules.is_permanent(c) for c in codes)
        period_end = decision_period_end(current, codes, cadre_id=person.cadre_id)
    return {
        "person": person,
        "decision": current,
        "history": [d for d in decisions if d is not current],
        "measures": [
            {
                "code": c,
                "label": rules.Measure(c).label,
                "kind": rules.MeasureCategory(rules.measure_kind(c)).label,
                "end": (
                    rules.period_end(start, combined)
                    if combined and rules.measure_kind(c) == rules.MeasureCategory.GOVERNMENT
                    else rules.influence_period_end(c, start)
                ),
                "count": (
                    current.gov_sanction_count
                    if current and rules.measure_kind(c) == rules.MeasureCategory.GOVERNMENT
                    else 1
                ),
                "permanent": rules.is_permanent(c),
            }
            for c in codes
        ],
        "form": form,
        "form_label": rules.FORM_LABELS.get(form, "") if form else "",
        "period_end": period_end,
        "permanent": bool(permanent),
        "in_period": bool(period_end and period_end >= timezone.localdate()) or bool(permanent),
    }


def documents_of(case: Case) -> list[CaseDocument]:
    return list(
        CaseDocument.objects.filter(case=case)
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.select_related("created_by").order_by("number"),
            )
        )
        .order_by("created_at", "id")
    )


def stage_documents(person: CasePerson, signed: set[str], drafted: set[str]) -> list[dict]:
    """The documents of the person's current stage and whether each is signed."""
    from jiandu.cases.documents import DOCUMENT_KINDS

    rows = []
    for kind, required in rules.STAGE_DOCUMENTS.get(person.stage, ()):
        rows.append(
            {
                "kind": kind,
                "label": DOCUMENT_KINDS[kind].label,
                "required": required,
                "signed": kind in signed,
                "drafted": kind in drafted,
            }
        )
    return rows


def similar_panel(*, user: Any, person: CasePerson, proposed: list[str] | None = None) -> dict:
    """Consistent sanctions (issue part 8): earlier decided people like this one — same
    categories and discipline, similar amounts, same rank band — with the distribution of
    their sanctions and a warning when the proposal falls outside it. Only cases the
    user may see are compared."""
    from jiandu.cases import similarity

    target = profile_for(person)
    candidates = []
    visible = Case.objects.visible_to(user).exclude(pk=person.case_id).values("pk")
    decisions = (
        Decision.objects.filter(superseded=False, person__case__in=visible, person__is_unit=False)
        .select_related("person", "person__case")
        .prefetch_related("measures", "person__case__categories")
        .order_by("-decided_on")[:2000]
    )
    for d in decisions:
        candidates.append(profile_for(d.person, decision=d))
    matches = similarity.similar_cases(target, candidates, k=10)
    proposed = proposed if proposed is not None else list(target.measures)
    return {
        "target": target,
        "matches": matches,
        "rows": [
            {
                "key": m.profile.key,
                "decided_on": m.profile.decided_on,
                "score": m.score,
                "measures": [similarity.measure_name(c) for c in m.profile.measures],
                "reasons": m.reasons,
            }
            for m in matches
        ],
        "distribution": [
            (code, similarity.measure_name(code), n)
            for code, n in similarity.sanction_distribution(matches)
        ],
        "forms": [
            (rules.FORM_LABELS[form], n) for form, n in similarity.four_form_distribution(matches)
        ],
        "flag": similarity.outlier_flag(proposed, matches) if proposed else None,
        "proposed": [similarity.measure_name(c) for c in proposed],
    }


def profile_for(person: CasePerson, decision: Decision | None = None):
    from jiandu.cases import similarity
    from jiandu.core.models import CategoryGroup

    case = person.case
    cats = list(case.categories.all())
    if decision is None:
        decision = person.decisions.filter(superseded=False).order_by("-decided_on").first()
    measures = tuple(m.measure for m in decision.measures.all()) if decision else ()
    return similarity.CaseProfile(
        key=f"{case.number}·{person.name}",
        categories=frozenset(c.name for c in cats if c.group != CategoryGroup.DISCIPLINE),
        disciplines=frozenset(c.name for c in cats if c.group == CategoryGroup.DISCIPLINE),
        amount=person.amount_involved,
        rank_band=person.rank,
        measures=measures,
        decided_on=decision.decided_on if decision else None,
    )


STAGE_BADGE = Badges(
    Stage,
    {
        Stage.PROPOSED: "bg-purple-lt",
        Stage.FILED: "bg-blue-lt",
        Stage.INVESTIGATION: "bg-cyan-lt",
        Stage.SUPPLEMENTARY: "bg-orange-lt",
        Stage.REFERRED: "bg-indigo-lt",
        Stage.REVIEW: "bg-indigo-lt",
        Stage.PROSECUTION: "bg-red-lt",
        Stage.PROSECUTION_SUPPLEMENTARY: "bg-orange-lt",
        Stage.DECIDED: "bg-yellow-lt",
        Stage.EXECUTION: "bg-yellow-lt",
        Stage.CLOSED: "bg-green-lt",
        Stage.APPEAL: "bg-pink-lt",
        Stage.REVOKED: "bg-secondary-lt",
        Stage.WITHDRAWN: "bg-secondary-lt",
    },
)


def properties_visible_to(user: Any) -> QuerySet:
    """涉案财物 of the cases the user may see (the case's scope), for the ledger."""
    from jiandu.cases.models import CaseProperty

    return CaseProperty.objects.filter(case__in=Case.objects.visible_to(user)).select_related(
        "case", "person"
    )
