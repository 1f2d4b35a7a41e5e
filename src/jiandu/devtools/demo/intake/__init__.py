"""The demo county's report register: three years of 信访举报 (two per cadre, 6,000 for
the default county of 3,000 cadres).

Two steps, as in ``jiandu.devtools.demo.org``:
- ``generate(seed=…, roster=…, today=…, reports=…)`` is a pure function: the same
  arguments give the same ``IntakeSpec``. It uses only ``random.Random`` seeded from
  ``seed`` and the bundled legal calendar, and never iterates over a set.
- ``load(…)`` reads the roster of the county already loaded (``roster_from_db``) and
  writes the spec with ``write``: a bulk writer that uses the register's own helpers
  (numbering, reporter-identity encryption, deadlines) and records one audit event per
  batch, because running duplicate detection and subject matching for each of
  thousands of reports would make the demo slow to load. The duplicate index is then
  built in bulk, and the registration hooks run for the few reports still waiting for
  the clerk (so their duplicate and subject suggestions are there to confirm).

What the register shows: channels weighted as in a real county (letters, visits, calls
and online reports most), about 40% named reporters (identities encrypted, half with a
valid citizen ID), subjects mostly cadres of the register with their unit written into
the text as a clerk or a villager would write it (at the post they held on that day),
some people who are not in the register, texts from many patterns (80–400 characters,
with amounts, dates, villages, projects and companies of the county), about 10% repeat
reports of an earlier matter (sentences reordered, other punctuation, words added,
sometimes another channel or reporter; half of them confirmed as duplicates by the
clerk), old reports accepted or closed (acceptance and result notices mostly on time,
some late, a few overdue), a handful forwarded, and about thirty portal submissions of
the last week waiting to be registered.

The data (channels, roster, specs, text tables) is :mod:`.spec`, re-exported here; the
generator :mod:`.generator` with its wording in :mod:`.wording`.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from jiandu.devtools.demo import org as org_demo
from jiandu.devtools.demo.intake.generator import (
    _Gen,
)
from jiandu.devtools.demo.intake.spec import (
    ACCEPT,
    ACCEPTED,
    ASSETS,
    BATCH,
    CASE_MATTERS,
    CHANNELS,
    CLOSED,
    CLOSERS,
    COMPANY_KINDS,
    COMPANY_TRADES,
    COUNTY_PROJECTS,
    COVERS,
    CROPS,
    DATA_DIR,
    DRUG_TYPES,
    DUP_PREFIXES,
    DUP_SUFFIXES,
    DUPLICATE_SHARE,
    EQUIPMENT,
    FILLERS,
    FORWARD_LOWER,
    FORWARD_OTHER,
    FORWARD_TARGETS,
    FORWARDED,
    ISSUES,
    KINDS,
    KINDS_BY_CODE,
    N_REPORTS_PER_CADRE,
    OPENERS,
    OPENERS_OWN,
    ORDINALS,
    OUT_OF_SCOPE,
    PORTAL_PENDING,
    POST_TYPES,
    PROJECT_PATTERNS,
    REGISTERED,
    REPORTER_ROLES,
    RESTAURANTS,
    SCENIC,
    SECRETS,
    SERVICES,
    SHOPS,
    STAT_ITEMS,
    SUBMITTED,
    SUBSIDIES,
    SURRENDER_FACTS,
    TASKS,
    TOUR_PLACES,
    TRANSFER_CHANNELS,
    TRANSFER_KINDS,
    WORKDAY_CHANNELS,
    YEARS,
    IntakeSpec,
    Kind,
    PersonPost,
    RelativeRef,
    ReporterSpec,
    ReportSpec,
    Roster,
    SubjectSpec,
    UnitRef,
    _company_of,
    _gender_of,
    _roster,
    roster_from_db,
    roster_from_spec,
)


def text_writer(*, seed: int, roster: Roster, today: date) -> _Gen:
    """The generator's text machinery on its own (``transfer_matter``), for the clue
    demo."""
    return _Gen(seed=seed, roster=roster, today=today, n=0, stream="clues")


def generate(*, seed: int = 2026, roster: Roster, today: date, reports: int) -> IntakeSpec:
    """The report register as row specs: a pure function of its arguments."""
    return _Gen(seed=seed, roster=roster, today=today, n=reports).build()


# --- writing -------------------------------------------------------------------------------


def _reserve_numbers(prefix: str, year: int, count: int) -> list[str]:
    """``count`` consecutive register numbers: the first through ``next_number`` (which
    creates and locks the year's counter in this transaction), the rest by moving the
    counter on in one step."""
    from django.db.models import F

    from jiandu.core.models import Sequence
    from jiandu.core.numbering import next_number

    first = next_number(prefix, year)
    name, _, digits = first.rpartition("-")
    if count > 1:
        Sequence.objects.filter(name=name).update(value=F("value") + count - 1)
    start = int(digits)
    return [first, *(f"{name}-{start + i:0{len(digits)}d}" for i in range(1, count))]


def insert_rows(rows: list[Any]) -> None:
    """Insert rows whose ids nobody needs back in one ``executemany`` (``bulk_create``
    spends most of its time assembling SQL, which matters for thousands of rows)."""
    from django.db import connection

    if not rows:
        return
    meta = rows[0]._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    params = [
        [f.get_db_prep_save(f.pre_save(row, add=True), connection) for f in fields] for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def write(spec: IntakeSpec, *, actor: Any = None, clerk: Any = None) -> dict[str, int]:
    """Write a report spec in bulk; ``clerk`` (the petition office's user) is recorded as
    the registering and deciding clerk. One audit event per batch."""
    from django.db import transaction
    from django.utils import timezone

    from jiandu.audit.services import event_record
    from jiandu.core import calendar
    from jiandu.core.crypto import encrypt_json
    from jiandu.core.models import ProblemCategory
    from jiandu.intake import matching, similarity
    from jiandu.intake.models import DuplicateLinkStatus, DuplicateSuggestion, Report, ReportSubject
    from jiandu.intake.services import _identity_context, _set_deadlines, receipt_code_hash
    from jiandu.org.models import Cadre, Unit

    tz = timezone.get_current_timezone()
    units = dict(Unit.objects.values_list("code", "id"))
    cadres = dict(Cadre.objects.values_list("citizen_id", "id"))
    categories = dict(ProblemCategory.objects.values_list("code", "id"))
    petition = units.get(org_demo.PETITION_OFFICE)
    clerk_id = getattr(clerk, "pk", None)

    def aware(d: date, hour: int = 10, minute: int = 0) -> datetime:
        return datetime.combine(d, time(hour, minute), tzinfo=tz)

    by_key: dict[int, Report] = {}
    created: list[Report] = []
    with transaction.atomic():
        wanted: dict[tuple[str, int], int] = defaultdict(int)
        for r in spec.reports:
            wanted["WJ" if r.from_portal else "XF", r.received_at.year] += 1
        numbers = {key: iter(_reserve_numbers(*key, count)) for key, count in wanted.items()}
        for start in range(0, len(spec.reports), BATCH):
            batch = spec.reports[start : start + BATCH]
            rows: list[Report] = []
            for r in batch:
                received = r.received_at.replace(tzinfo=tz)
                minimal = r.about_principal_leader
                number = next(numbers["WJ" if r.from_portal else "XF", r.received_at.year])
                report = Report(
                    number=number,
                    channel=r.channel,
                    received_at=received,
                    is_named=r.is_named and not minimal,
                    # [检举控告规则] 15: nothing of a report about the principal leader
                    # is kept here (``services.report_register``).
                    content="" if minimal else r.content,
                    subject_text="" if minimal else "、".join(s.name for s in r.subjects)[:200],
                    unit_text=""
                    if minimal
                    else "、".join(dict.fromkeys(s.unit_text for s in r.subjects))[:200],
                    status=r.status,
                    handling_unit_id=petition,
                    jurisdiction=r.jurisdiction,
                    jurisdiction_decided_at=aware(r.decided_on, 15, 30) if r.decided_on else None,
                    forward_to=r.forward_to,
                    about_principal_leader=r.about_principal_leader,
                    ack_sent_on=r.ack_sent_on,
                    closed_on=r.closed_on,
                    result_sent_on=r.result_sent_on,
                    from_portal=r.from_portal,
                    receipt_code_hash=receipt_code_hash(secrets.token_hex(8))
                    if r.from_portal
                    else None,
                    registered_by_id=None if r.status == "submitted" else clerk_id,
                    registered_at=None
                    if r.status == "submitted"
                    else received + timedelta(minutes=20 + r.key % 200),
                )
                if r.reporter is not None and not minimal:
                    identity = {
                        k: v
                        for k, v in (
                            ("name", r.reporter.name),
                            ("id_number", r.reporter.id_number),
                            ("phone", r.reporter.phone),
                            ("address", r.reporter.address),
                        )
                        if v
                    }
                    report.reporter_identity = encrypt_json(
                        identity, context=_identity_context(number)
                    )
                _set_deadlines(report)
                if r.duplicate_of is not None and r.duplicate_confirmed:
                    report.ack_due = None  # no acceptance notice for a duplicate
                if r.closed_on and r.is_named:
                    report.result_due = calendar.add_working_days(r.closed_on, 15)
                rows.append(report)
            Report.objects.bulk_create(rows)
            for r, report in zip(batch, rows, strict=True):
                by_key[r.key] = report
            created.extend(rows)
            event_record(
                actor=actor,
                action="intake.report.bulk_create",
                object_type="intake.report",
                object_repr=f"{rows[0].number}…{rows[-1].number}",
                payload={"count": len(rows), "first": rows[0].number, "last": rows[-1].number},
            )
        duplicates, suggestions = [], []
        for r in spec.reports:
            if r.duplicate_of is None or not r.duplicate_confirmed:
                continue
            report, original = by_key[r.key], by_key[r.duplicate_of]
            report.duplicate_of = original
            duplicates.append(report)
            suggestions.append(
                DuplicateSuggestion(
                    report=report,
                    candidate=original,
                    similarity=r.similarity,
                    same_subject=True,
                    status=DuplicateLinkStatus.CONFIRMED,
                )
            )
        Report.objects.bulk_update(duplicates, ["duplicate_of"], batch_size=BATCH)
        DuplicateSuggestion.objects.bulk_create(suggestions, batch_size=BATCH)
        subjects, links = [], []
        through = Report.categories.through
        for r in spec.reports:
            report = by_key[r.key]
            if r.about_principal_leader:
                continue
            for s in r.subjects:
                confirmed = r.subjects_confirmed and bool(s.cadre)
                subjects.append(
                    ReportSubject(
                        report=report,
                        name=s.name[:40],
                        cadre_id=cadres.get(s.cadre) if confirmed else None,
                        unit_id=units.get(s.unit) if r.subjects_confirmed else None,
                        unit_text=s.unit_text[:100],
                        confirmed=confirmed,
                    )
                )
            for code in r.categories:
                if code in categories:
                    links.append(through(report_id=report.pk, problemcategory_id=categories[code]))
        insert_rows(subjects)
        insert_rows(links)
        # Signatures for duplicate detection, in bulk (the registration hook does it
        # one report at a time) …
        similarity.reindex_all()
        # … and the hook's suggestions for the reports still waiting for the clerk.
        waiting = [by_key[r.key] for r in spec.reports if r.status == "registered"]
        for report in waiting:
            similarity.suggest_duplicates(report)
            matching.suggest_subjects(report)
    return {
        "reports": len(created),
        "reports_named": sum(1 for r in spec.reports if r.is_named),
        "reports_duplicate": len(duplicates),
    }


COUNT_LABELS = {
    "reports": "信访举报",
    "reports_named": "其中实名",
    "reports_duplicate": "已确认重复件",
}


def load(
    *,
    seed: int = 2026,
    cadres: int = 3000,
    reports: int | None = None,
    today: date | None = None,
) -> dict[str, int]:
    """Register three years of reports for the county already in the database (the
    petition office's demo user, if there is one, is the registering clerk)."""
    from django.utils import timezone

    from jiandu.accounts.models import User

    today = today or timezone.localdate()
    size = reports if reports is not None else cadres * N_REPORTS_PER_CADRE
    spec = generate(seed=seed, roster=roster_from_db(), today=today, reports=size)
    clerk = User.objects.filter(username="xinfang").first()
    return write(spec, actor=None, clerk=clerk)


__all__ = [
    "ACCEPT",
    "ACCEPTED",
    "ASSETS",
    "BATCH",
    "CASE_MATTERS",
    "CHANNELS",
    "CLOSED",
    "CLOSERS",
    "COMPANY_KINDS",
    "COMPANY_TRADES",
    "COUNTY_PROJECTS",
    "COUNT_LABELS",
    "COVERS",
    "CROPS",
    "DATA_DIR",
    "DRUG_TYPES",
    "DUPLICATE_SHARE",
    "DUP_PREFIXES",
    "DUP_SUFFIXES",
    "EQUIPMENT",
    "FILLERS",
    "FORWARDED",
    "FORWARD_LOWER",
    "FORWARD_OTHER",
    "FORWARD_TARGETS",
    "ISSUES",
    "KINDS",
    "KINDS_BY_CODE",
    "N_REPORTS_PER_CADRE",
    "OPENERS",
    "OPENERS_OWN",
    "ORDINALS",
    "OUT_OF_SCOPE",
    "PORTAL_PENDING",
    "POST_TYPES",
    "PROJECT_PATTERNS",
    "REGISTERED",
    "REPORTER_ROLES",
    "RESTAURANTS",
    "SCENIC",
    "SECRETS",
    "SERVICES",
    "SHOPS",
    "STAT_ITEMS",
    "SUBMITTED",
    "SUBSIDIES",
    "SURRENDER_FACTS",
    "TASKS",
    "TOUR_PLACES",
    "TRANSFER_CHANNELS",
    "TRANSFER_KINDS",
    "WORKDAY_CHANNELS",
    "YEARS",
    "IntakeSpec",
    "Kind",
    "PersonPost",
    "RelativeRef",
    "ReportSpec",
    "ReporterSpec",
    "Roster",
    "SubjectSpec",
    "UnitRef",
    "_company_of",
    "_gender_of",
    "_roster",
    "generate",
    "insert_rows",
    "load",
    "roster_from_db",
    "roster_from_spec",
    "text_writer",
    "write",
]
