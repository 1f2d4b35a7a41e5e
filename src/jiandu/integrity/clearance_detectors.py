"""Early-alert detectors of clearance replies (``integrity.detectors`` registry):

- ``after_clearance`` (意见回复后新发现问题): a new report, clue or case about a person
  cleared by a reply (未发现不良反映 / 有问题反映但已了结), received after the reply's
  target date and within ``clearance.after_reply_months`` (policy, 12) of the reply;
  key ``after_clearance:<person_row_id>:<kind>:<record_id>``;
- ``clearance_barred`` (意见回复对象处于影响期或有未结线索): a person named in a request
  still being handled while an influence period runs or a clue about them is open;
  key ``clearance_barred:<person_row_id>``.

Both read the whole record (no user scope); the alert is scoped by the unit of the
person's current post. Keys identify what raised an alert, so a re-run creates nothing
twice.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from datetime import date

from jiandu.core import calendar
from jiandu.core.policy import policy_value
from jiandu.integrity import clearance_rules as crules
from jiandu.integrity.detectors import (
    AlertCandidate,
    evidence,
    register_detector,
    register_evidence_kind,
)
from jiandu.integrity.models import AlertKind, ClearancePerson

# A reply is opened by whoever may see the request (the commission: 案管室, leaders).
register_evidence_kind("clearance", "integrity.ClearanceRequest")


def _units(cadre_ids: Iterable[int], on: date) -> dict[int, int]:
    from jiandu.org.models import Post

    units: dict[int, int] = {}
    for cadre_id, unit_id in (
        Post.objects.current(on)
        .filter(cadre_id__in=list(set(cadre_ids)))
        .order_by("-is_head", "start_date", "id")
        .values_list("cadre_id", "unit_id")
    ):
        units.setdefault(cadre_id, unit_id)
    return units


def _months_before(on: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day when it has none)."""
    year, month = divmod(on.year * 12 + on.month - 1 - months, 12)
    return date(year, month + 1, min(on.day, monthrange(year, month + 1)[1]))


# What a reason says of a record found after a reply (never its number or title).
FACT_NOUNS = {"report": "信访举报", "clue": "问题线索", "case": "立案审查调查"}


@register_detector("after_clearance")
def after_clearance(*, on: date) -> Iterable[AlertCandidate]:
    from jiandu.integrity.record import person_records

    months = policy_value("clearance.after_reply_months", on=on)
    earliest = _months_before(on, months)
    people = list(
        ClearancePerson.objects.filter(
            request__status__in=crules.REPLY_STATES,
            request__approved_on__gte=earliest,
            request__approved_on__lte=on,
            answer__in=list(crules.CLEARED_ANSWERS),
        ).select_related("request")
    )
    if not people:
        return []
    records = person_records([p.cadre_id for p in people], on=on)
    units = _units([p.cadre_id for p in people], on)
    out: list[AlertCandidate] = []
    for person in people:
        req = person.request
        start = req.target_date or req.approved_on
        assert start is not None and req.approved_on is not None
        end = calendar.add_months(req.approved_on, months, roll_over_rest_days=False)
        known = {(f.get("kind"), f.get("id")) for f in person.facts}
        record = records[person.cadre_id]
        for fact in (*record.reports, *record.clues, *record.cases):
            if fact.on is None or not (start <= fact.on <= end):
                continue
            if (fact.kind, fact.object_id) in known:
                continue
            out.append(
                AlertCandidate(
                    kind=AlertKind.FOUND_AFTER_CLEARANCE,
                    key=f"after_clearance:{person.pk}:{fact.kind}:{fact.object_id}",
                    cadre_id=person.cadre_id,
                    unit_id=units.get(person.cadre_id),
                    # The reason names the kind of record only: its number and label
                    # are in the evidence, shown to whoever may open the record.
                    reason=(
                        f"{req.approved_on.year}年{req.approved_on.month}月{req.approved_on.day}日"
                        f"意见回复（{person.get_answer_display()}）后，"
                        f"又发现{FACT_NOUNS.get(fact.kind, '问题')}"
                    )[:300],
                    evidence=[
                        evidence(
                            "clearance",
                            req.pk,
                            req.number,
                            f"意见回复：{person.get_answer_display()}",
                            req.get_absolute_url(),
                        ),
                        evidence(fact.kind, fact.object_id, fact.number, fact.label, fact.url),
                    ],
                )
            )
    return out


@register_detector("clearance_barred")
def clearance_barred(*, on: date) -> Iterable[AlertCandidate]:
    from jiandu.integrity.record import person_records

    open_states = list(crules.OPEN_STATES)
    people = list(
        ClearancePerson.objects.filter(request__status__in=open_states).select_related("request")
    )
    if not people:
        return []
    records = person_records([p.cadre_id for p in people], on=on)
    units = _units([p.cadre_id for p in people], on)
    out: list[AlertCandidate] = []
    for person in people:
        record = records[person.cadre_id]
        open_clues = [f for f in record.clues if f.open]
        if not (record.in_period or open_clues):
            continue
        req = person.request
        why = []
        if record.in_period:
            why.append(
                "处于影响期（无期限）"
                if record.permanent
                else f"处于影响期（至{record.influence_end:%Y年%m月%d日}）"
            )
        if open_clues:
            # No count: the alerting office may not open every clue (the evidence
            # lists those it may).
            why.append("有问题线索正在办理")
        behind = [evidence("clearance", req.pk, req.number, "征求意见", req.get_absolute_url())]
        behind += [evidence(f.kind, f.object_id, f.number, f.label, f.url) for f in open_clues]
        behind += [
            evidence(m.record_kind, m.object_id, m.number, f"{m.kind_label}：{m.label}", m.url)
            for m in record.measures
            if m.permanent or (m.own_end and m.own_end >= on)
        ]
        out.append(
            AlertCandidate(
                kind=AlertKind.CLEARANCE_WHILE_BARRED,
                key=f"clearance_barred:{person.pk}",
                cadre_id=person.cadre_id,
                unit_id=units.get(person.cadre_id),
                reason=(f"{req.asking_body}就{person.name}征求意见，该同志" + "，".join(why))[:300],
                evidence=behind,
            )
        )
    return out
