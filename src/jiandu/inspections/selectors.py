"""Reads of the inspection and rectification registers, limited to what the user may see.

The rates are counted in the database with the definitions of ``rules.rates`` (a test
checks that both agree): closed = 已销号 + 长期坚持; on time = closed and reported done
by the deadline; overdue = not started or in progress past the deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from jiandu.core.errors import NotFound
from jiandu.core.scoping import get_visible_or_404, scoped_refs
from jiandu.inspections import rules
from jiandu.inspections.models import (
    Escalation,
    Evidence,
    Finding,
    FindingCategory,
    InspectedOrganisation,
    InspectionRound,
    ItemProgress,
    ItemStatus,
    RectificationItem,
    TransferredClue,
)

# --- rates ------------------------------------------------------------------------------------


def _rate_counts(today: date) -> dict[str, Any]:
    closed = Q(status__in=list(rules.CLOSED_STATES))
    return {
        "total": Count("id"),
        "closed": Count("id", filter=closed),
        "closed_on_time": Count("id", filter=closed & Q(completed_on__lte=F("deadline"))),
        "overdue": Count("id", filter=Q(status__in=list(rules.OPEN_STATES), deadline__lt=today)),
        "done_pending": Count("id", filter=Q(status=ItemStatus.DONE)),
    }


@dataclass(frozen=True)
class RateRow:
    key: Any
    label: str
    rates: rules.Rates

    @property
    def rate(self) -> str:
        return rules.percent(self.rates.rate)

    @property
    def on_time_rate(self) -> str:
        return rules.percent(self.rates.on_time_rate)

    @property
    def rate_value(self) -> int:
        return round((self.rates.rate or 0) * 100)


GROUPINGS: dict[str, tuple[str, str]] = {
    # by → (value field, label field)
    "round": ("finding__target__round_id", "finding__target__round__name"),
    "target": ("finding__target__unit_id", "finding__target__unit__name"),
    "category": ("finding__category", ""),
    "responsible_unit": ("responsible_unit_id", "responsible_unit__name"),
}
GROUPING_LABELS = {
    "round": "巡察轮次",
    "target": "被巡察单位",
    "category": "问题类别",
    "responsible_unit": "责任单位",
}


def _rates_of(row: dict[str, Any]) -> rules.Rates:
    return rules.Rates(
        total=row["total"],
        closed=row["closed"],
        closed_on_time=row["closed_on_time"],
        overdue=row["overdue"],
        done_pending=row["done_pending"],
    )


def rates_by(*, user: Any, by: str, filters: dict | None = None) -> list[RateRow]:
    """Rectification rates grouped by round, inspected organisation, category or
    responsible unit; one query."""
    from jiandu.inspections.filters import ItemFilter

    value, label = GROUPINGS[by]
    qs = ItemFilter(filters or {}, queryset=RectificationItem.objects.visible_to(user)).qs
    fields = [value] + ([label] if label else [])
    rows = qs.order_by().values(*fields).annotate(**_rate_counts(timezone.localdate()))
    result = []
    for row in rows:
        text = FindingCategory(row[value]).label if by == "category" else row[label]
        result.append(RateRow(key=row[value], label=text, rates=_rates_of(row)))
    if by == "round":
        result.sort(key=lambda r: r.key, reverse=True)
    else:
        result.sort(key=lambda r: (-(r.rates.total), str(r.label)))
    return result


def rates_total(*, user: Any, filters: dict | None = None) -> rules.Rates:
    from jiandu.inspections.filters import ItemFilter

    qs = ItemFilter(filters or {}, queryset=RectificationItem.objects.visible_to(user)).qs
    return _rates_of(qs.order_by().aggregate(**_rate_counts(timezone.localdate())))


# --- rounds and inspected organisations ----------------------------------------------------------


def round_list(*, user: Any) -> QuerySet[InspectionRound]:
    visible_targets = InspectedOrganisation.objects.visible_to(user)
    return (
        InspectionRound.objects.visible_to(user)
        .annotate(
            target_count=Count(
                "targets", filter=Q(targets__in=visible_targets.values("pk")), distinct=True
            )
        )
        .order_by("-year", "-ordinal", "-id")
    )


def round_get_for(*, user: Any, pk: Any) -> InspectionRound:
    return get_visible_or_404(InspectionRound.objects.all(), user=user, pk=pk)


def targets_of(*, user: Any, round: InspectionRound) -> list[InspectedOrganisation]:
    """The round's organisations the user may see, each with its rates (two queries)."""
    targets = list(
        InspectedOrganisation.objects.visible_to(user)
        .filter(round=round)
        .select_related("unit", "group")
        .annotate(finding_count=Count("findings", distinct=True))
        .order_by("unit__sort_order", "unit__code")
    )
    counts = {
        row["finding__target_id"]: _rates_of(row)
        for row in RectificationItem.objects.filter(finding__target__round=round)
        .order_by()
        .values("finding__target_id")
        .annotate(**_rate_counts(timezone.localdate()))
    }
    empty = rules.Rates(0, 0, 0, 0, 0)
    for target in targets:
        target.rates = counts.get(target.pk, empty)
        target.rate_text = rules.percent(target.rates.rate)
        target.on_time_text = rules.percent(target.rates.on_time_rate)
    return targets


def target_get_for(*, user: Any, pk: Any) -> InspectedOrganisation:
    return get_visible_or_404(
        InspectedOrganisation.objects.select_related("round", "unit", "group"), user=user, pk=pk
    )


def target_ledger(*, user: Any, target: InspectedOrganisation) -> dict[str, Any]:
    """An organisation's ledger: its findings with their items (those the user may see),
    the transferred clues and the rates."""
    items = (
        RectificationItem.objects.visible_to(user)
        .filter(finding__target=target)
        .select_related("responsible_unit")
        .annotate(evidence_count=Count("evidence", distinct=True))
        .order_by("seq", "id")
    )
    findings = list(
        Finding.objects.filter(target=target)
        .prefetch_related(Prefetch("items", queryset=items, to_attr="visible_items"))
        .order_by("id")
    )
    today = timezone.localdate()
    all_items = [i for f in findings for i in f.visible_items]
    for item in all_items:
        item.overdue = rules.is_overdue(item.status, item.deadline, today)
    # The clues a tour transferred are known to the office that transferred them and to
    # those who read the clue register, never to the inspected organisation itself.
    # The clue's number and status are shown only to whoever may open the clue (the
    # inspection office reads what it transferred, not the clue register).
    clues = None
    if user.has_capability("inspections.manage") or user.has_capability("clues.view"):
        clues = list(
            TransferredClue.objects.filter(target=target).select_related("clue", "finding")
        )
        refs = scoped_refs(user, [t.clue for t in clues], hidden="each")
        for transferred, ref in zip(clues, refs, strict=True):
            transferred.clue_ref = ref
    facts = [rules.ItemFacts(i.status, i.deadline, i.completed_on) for i in all_items]
    return {
        "findings": findings,
        "items": all_items,
        "clues": clues,
        "rates": rules.rates(facts, today),
    }


# --- items ------------------------------------------------------------------------------------


def item_list(*, user: Any, filters: dict | None = None) -> QuerySet[RectificationItem]:
    from jiandu.inspections.filters import ItemFilter

    qs = (
        RectificationItem.objects.visible_to(user)
        .select_related(
            "responsible_unit",
            "finding",
            "finding__target",
            "finding__target__unit",
            "finding__target__round",
        )
        .order_by(
            "-finding__target__round__year",
            "-finding__target__round__ordinal",
            "finding__target_id",
            "seq",
            "id",
        )
    )
    return ItemFilter(filters or {}, queryset=qs).qs


def item_get_for(*, user: Any, pk: Any) -> RectificationItem:
    return get_visible_or_404(
        RectificationItem.objects.select_related(
            "responsible_unit",
            "finding",
            "finding__target",
            "finding__target__unit",
            "finding__target__round",
            "reported_by",
            "checked_by",
        ),
        user=user,
        pk=pk,
    )


def item_detail(*, item: RectificationItem) -> dict[str, Any]:
    return {
        "reports": list(ItemProgress.objects.filter(item=item).select_related("author")),
        "evidence": list(Evidence.objects.filter(item=item).select_related("uploaded_by")),
        "escalations": list(Escalation.objects.filter(item=item).select_related("issued_by")),
    }


def evidence_get_for(*, user: Any, pk: Any) -> Evidence:
    """Evidence is visible with its item (it has no scope of its own)."""
    try:
        evidence = Evidence.objects.get(pk=pk)
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    item_get_for(user=user, pk=evidence.item_id)
    return evidence


def escalation_get_for(*, user: Any, pk: Any) -> Escalation:
    try:
        escalation = Escalation.objects.get(pk=pk)
    except (Escalation.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    item_get_for(user=user, pk=escalation.item_id)
    return escalation


def overdue_items(*, user: Any) -> QuerySet[RectificationItem]:
    """Open items past their deadline, the longest overdue first."""
    return item_list(user=user, filters={"overdue": "true"}).order_by("deadline", "id")


def escalation_intervals(on: date) -> dict[str, int]:
    """The escalation intervals (policy defaults) that apply on ``on``."""
    from jiandu.core.policy import policy_value

    return {level: policy_value(key, on=on) for level, key in rules.POLICY_KEYS.items()}


def escalation_due(item: RectificationItem, issued: list[tuple[str, date]], on: date) -> Any:
    return rules.next_escalation(
        status=item.status,
        deadline=item.deadline,
        issued=issued,
        intervals=escalation_intervals(on),
    )


def reports_due(*, user: Any) -> QuerySet[InspectedOrganisation]:
    """Organisations whose 2-month rectification report ([巡视条例] 27) is not in yet."""
    return (
        InspectedOrganisation.objects.visible_to(user)
        .filter(report_due_on__isnull=False, report_submitted_on__isnull=True)
        .select_related("unit", "round")
        .order_by("report_due_on", "id")
    )


# --- the unit profile -------------------------------------------------------------------------


def unit_profile(*, user: Any, unit: Any) -> dict[str, Any]:
    """An inspected organisation across rounds: its findings by round, the repeat
    problems (a category found again in a later round), the rates, and the clues and
    cases about its people (as far as the user may see them)."""
    targets = list(
        InspectedOrganisation.objects.visible_to(user)
        .filter(unit=unit)
        .select_related("round")
        .order_by("round__year", "round__ordinal")
    )
    findings = list(
        Finding.objects.filter(target__in=targets)
        .select_related("target__round")
        .annotate(item_count=Count("items"))
        .order_by("target__round__year", "target__round__ordinal", "id")
    )
    repeats = rules.repeat_categories((f.target.round_id, f.category) for f in findings)
    rounds = {t.round_id: t.round for t in targets}
    repeat_rows = [
        {
            "category": FindingCategory(category).label,
            "rounds": [rounds[r].name for r in round_ids],
            "findings": [f for f in findings if f.category == category],
        }
        for category, round_ids in sorted(repeats.items())
    ]
    for finding in findings:
        finding.repeat = finding.category in repeats and finding.target.round_id != min(
            repeats[finding.category]
        )
    rates = rates_by(user=user, by="round", filters={"unit": unit.pk})
    return {
        "unit": unit,
        "targets": targets,
        "findings": findings,
        "repeats": repeat_rows,
        "rates": rates,
        "clues": _clues_about(user=user, unit=unit),
        "cases": _cases_about(user=user, unit=unit),
    }


def _unit_and_subunits(unit: Any) -> set[int]:
    from jiandu.org.models import Unit

    ids = {unit.pk}
    frontier = [unit.pk]
    while frontier:  # the unit's sub-units (a few levels at most)
        frontier = list(Unit.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier = [i for i in frontier if i not in ids]
        ids.update(frontier)
    return ids


def _clues_about(*, user: Any, unit: Any) -> list[Any] | None:
    """Clues about the unit's people (subject unit is the unit or one of its
    sub-units); None when the user's role does not read the clue register."""
    if not user.has_capability("clues.view"):
        return None
    from jiandu.clues.models import Clue

    return list(
        Clue.objects.visible_to(user)
        .filter(subject_unit_id__in=_unit_and_subunits(unit))
        .select_related("handling_unit")
        .order_by("-received_on")[:100]
    )


def _cases_about(*, user: Any, unit: Any) -> list[Any] | None:
    """Cases about the unit's people (a person of the case belongs to the unit or one of
    its sub-units), as far as the user may see cases; None when the role reads no cases."""
    if not user.has_capability("cases.view"):
        return None
    from jiandu.cases.models import Case, CasePerson

    people = CasePerson.objects.filter(unit_id__in=_unit_and_subunits(unit)).values("case_id")
    return list(
        Case.objects.visible_to(user)
        .filter(pk__in=people)
        .select_related("lead_unit")
        .order_by("-proposed_on", "-id")[:100]
    )
