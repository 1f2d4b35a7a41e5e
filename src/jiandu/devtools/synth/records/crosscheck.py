"""Cross-check hits (疑点) of one commission's jurisdiction, for the statistics'
cross-check table: a comparison run a month (started by the jurisdiction's handler),
each finding hits about cadres of the supervised units under the rules of the library;
the hits behind the clues whose source is the cross-check are confirmed on the clue's
receipt date (转为线索), most others are dismissed within two months, the rest await
triage."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings

from jiandu.crosscheck.models import Hit, HitStatus, Run, Severity
from jiandu.devtools.synth.records.loader import Ids, write
from jiandu.devtools.synth.records.org import Jurisdiction

START = date(2024, 1, 10)
TODAY = date(2026, 12, 4)
# Hits found for every clue the cross-check gives (most are dismissed).
HITS_PER_CLUE = 4


@cache
def _rules() -> tuple[tuple[str, str], ...]:
    from jiandu.crosscheck.engine.rules import load_rules

    return tuple((r.code, str(getattr(r, "version", "1"))) for r in load_rules())


def generate(
    j: Jurisdiction, xc_clues: list[tuple], *, n_clues: int, rng: random.Random, ids: Ids
) -> dict[str, int]:
    tz = ZoneInfo(settings.TIME_ZONE)
    rules = _rules()
    run_days = []
    d = START
    while d <= TODAY:
        run_days.append(d)
        d += timedelta(days=30)
    first_run = ids.take(Run, len(run_days))
    runs = []
    for k, day in enumerate(run_days):
        at = datetime.combine(day, time(20), tzinfo=tz)
        runs.append(
            (first_run + k, "succeeded", at, at, at + timedelta(minutes=12), j.handler, [], {})
        )
    hits = []

    def hit(day_index: int, cadre: tuple) -> list:
        hid = ids.take(Hit)
        code, version = rules[rng.randrange(len(rules))]
        return [
            hid,
            code,
            version,
            f"syn{hid:012d}",
            rng.choice(Severity.values),
            "比对发现疑点",
            cadre[1],
            cadre[0],
            cadre[3],
            first_run + day_index,
            first_run + day_index,
            HitStatus.NEW,
            None,
            None,
            None,
            None,
            None,
            datetime.combine(run_days[day_index], time(20, 30), tzinfo=tz),
            [],
        ]

    for cid, received, cadre in xc_clues:
        k = (received - START).days // 30 - 1  # a run 1–2 months before the clue
        if k < 0:
            continue
        row = hit(k, cadre)
        row[11:17] = [
            HitStatus.CONFIRMED,
            j.handler,
            datetime.combine(received, time(16), tzinfo=tz),
            received,
            None,
            cid,
        ]
        hits.append(row)
    others = max(HITS_PER_CLUE * len(xc_clues), n_clues // 5, 12)
    cadres = j.cadres
    for _ in range(others):
        k = rng.randrange(len(run_days))
        row = hit(k, rng.choice(cadres))
        dismissed = run_days[k] + timedelta(days=rng.randint(5, 60))
        if dismissed <= TODAY and rng.random() < 0.85:
            row[11:17] = [
                HitStatus.DISMISSED,
                j.handler,
                datetime.combine(dismissed, time(16), tzinfo=tz),
                None,
                dismissed,
                None,
            ]
        hits.append(row)
    counts = {
        "cross-check runs": write(
            Run,
            [
                "id",
                "status",
                "created_at",
                "started_at",
                "finished_at",
                "started_by_id",
                "rule_codes",
                "rule_versions",
            ],
            runs,
        )
    }
    counts["cross-check hits"] = write(
        Hit,
        [
            "id",
            "rule_code",
            "rule_version",
            "identity",
            "severity",
            "summary",
            "subject_name",
            "subject_cadre_id",
            "subject_unit_id",
            "first_run_id",
            "last_run_id",
            "status",
            "decided_by_id",
            "decided_at",
            "confirmed_on",
            "dismissed_on",
            "clue_id",
            "created_at",
            "evidence",
        ],
        hits,
    )
    return counts
