"""A synthetic history of the domain records at province, city or county scale, for the
statistics benchmark (issue 14 item 8) and for trying the statistics pages on a large
register.

**Synthetic bulk data, written straight into the tables**: the services (and their
audit events) are bypassed, because a province's three years go through them in days,
not minutes. The rows are nevertheless complete and consistent with what the services
write, so that the pages work on them: every report is numbered, has its jurisdiction
decision, notices and closing dated; every clue has its routing and disposition approvals
(the dated events the statistics count), its disposition deadline, its outcome and
first-form measures and the dated events the statistics count (first disposition and its
method, shelving, verification, case filing); every case its filing approval, people,
decisions with measures, detentions, referrals, recoveries, investigation and review
time limits, the designation and the closing date; a monthly cross-check run per
commission with its hits (confirmed into the cross-check clues, dismissed or open).
Reporters' identities are left empty (nothing to encrypt). No audit events.

Scale ``province``: one province commission, 15 city commissions and 100 county
commissions (each with 信访室, 案管室, 6 纪检监察室, 审理室, 巡察办, 7 resident teams; a
county also 20 township commissions and towns), supervised departments and towns under
each level's Party committee, cadres, and 2024-01-01 … 2026-12-04 of 1,000,000 reports,
200,000 clues and 50,000 cases, with inspection rounds and their rectification items and
deployed tasks (``oversight``). ``city``: one city of 7 counties, ``county``: one county,
with the same volumes per commission. ``fraction`` scales the volumes (a test runs with a
small one on SQLite).

On PostgreSQL the rows are loaded with ``COPY``; elsewhere with ``executemany``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction

from jiandu.devtools.synth.records import history, org, oversight
from jiandu.devtools.synth.records.loader import Ids, reset_sequences

SCALES = ("province", "city", "county")
# Volumes of the full province, and how they are shared between the levels.
TOTALS = {"reports": 1_000_000, "clues": 200_000, "cases": 50_000}
LEVEL_SHARE = {"province": 0.02, "city": 0.08, "county": 0.90}
LEVEL_COUNT = {"province": 1, "city": 15, "county": 100}
# A row of ``core.Sequence`` says the history is complete (its value: the number of reports).
MARKER = "synth-records"


@dataclass
class Summary:
    scale: str
    fraction: float
    seconds: float
    units: int
    counts: history.Counts
    users: dict[str, int]


def complete() -> int | None:
    """The number of reports of a complete synthetic history in this database, or None."""
    from jiandu.core.models import Sequence

    row = Sequence.objects.filter(name=MARKER).first()
    return int(row.value) if row else None


def bench_users() -> dict[str, int]:
    """The accounts the bench computes as: a county, a city and the province leader."""
    from jiandu.accounts.models import User

    ids = dict(
        User.objects.filter(
            username__in=["syn-c01-01-leader", "syn-c01-leader", "syn-p-leader"]
        ).values_list("username", "id")
    )
    return {
        "county": ids["syn-c01-01-leader"],
        "city": ids["syn-c01-leader"],
        "province": ids["syn-p-leader"],
    }


def build(
    scale: str = "province",
    *,
    fraction: float = 1.0,
    seed: int = 2026,
    progress: Callable[[str], None] | None = None,
) -> Summary:
    """Write the history (one transaction per commission's jurisdiction; the marker is
    written last, so an interrupted build is recognised as incomplete)."""
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}")
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    rng = random.Random(seed)
    ids = Ids()
    with transaction.atomic():
        province = org.build(scale, rng=rng, ids=ids, cadre_fraction=min(1.0, fraction * 10))
    n_units = sum(1 for _ in province.jurisdictions)
    say(f"组织机构：{n_units}个纪委监委，用时{time.perf_counter() - started:.1f}秒")
    categories = history.Categories()
    counties = province.of_level("county")
    county_weight = sum(j.weight for j in counties) / len(counties)
    total = history.Counts()
    for n, j in enumerate(province.jurisdictions, start=1):
        share = LEVEL_SHARE[j.level] / LEVEL_COUNT[j.level]
        if j.level == "county":
            share *= j.weight / county_weight
        volumes = {k: max(1, round(v * share * fraction)) for k, v in TOTALS.items()}
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
            counts = history.generate(
                j,
                n_reports=volumes["reports"],
                n_clues=volumes["clues"],
                n_cases=volumes["cases"],
                rng=rng,
                ids=ids,
                categories=categories,
            )
            counts.rows.update(
                oversight.generate(
                    j, number=n, today=history.TODAY, rng=rng, ids=ids, fraction=fraction
                )
            )
        total.add(counts)
        if n % 10 == 0 or n == len(province.jurisdictions):
            say(
                f"{n}/{len(province.jurisdictions)} {j.name}：累计信访举报{total.reports:,}件，"
                f"问题线索{total.clues:,}件，案件{total.cases:,}件"
                f"（{time.perf_counter() - started:.0f}秒）"
            )
    _finish(total.reports)
    from jiandu.org.models import Unit

    return Summary(
        scale=scale,
        fraction=fraction,
        seconds=time.perf_counter() - started,
        units=Unit.objects.filter(code__startswith="SY").count(),
        counts=total,
        users=province.users,
    )


def _finish(n_reports: int) -> None:
    from django.apps import apps

    from jiandu.core.models import Sequence

    reset_sequences(
        m
        for app in (
            "org",
            "accounts",
            "intake",
            "clues",
            "cases",
            "inspections",
            "directives",
            "crosscheck",
        )
        for m in apps.get_app_config(app).get_models()
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    Sequence.objects.update_or_create(name=MARKER, defaults={"value": n_reports})
