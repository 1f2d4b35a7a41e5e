"""`make bench`: speed figures of the foundation, measured on a throw-away SQLite
database holding the full demo county (3,000 cadres). Prints one line per figure.

Speed targets live here, not in unit tests (DEVELOPERS.md 5).
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _report(name: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(
        f"{name:<58} median {statistics.median(times):8.2f} ms   p95 {p95:8.2f} ms   n={len(times)}"
    )


def main() -> None:
    # The cross-check benchmark (province-scale set kept under var/, reused);
    # `--crosscheck-scale S` (or `--crosscheck-only`) runs it alone.
    from jiandu.devtools.bench import crosscheck as crosscheck_bench

    crosscheck, argv = crosscheck_bench.options(sys.argv[1:])
    if crosscheck.alone:
        crosscheck_bench.run(crosscheck)
        return
    tmp = tempfile.mkdtemp(prefix="jiandu-bench-")
    os.environ["JIANDU_VAR"] = tmp
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client

    from jiandu.core.testing import patch_test_client_login

    patch_test_client_login()  # the bench's client logins pass the TOTP step (leader)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("demo", stdout=io.StringIO())
    print(f"{'demo county (3,000 cadres) built':<58} {time.perf_counter() - started:8.2f} s")

    from jiandu.accounts.models import User
    from jiandu.audit.services import chain_verify, event_record
    from jiandu.core import calendar
    from jiandu.org import selectors

    start = date(2026, 1, 20)
    _report(
        "calendar.add_working_days(15) across Spring Festival",
        _timed(lambda: calendar.add_working_days(start, 15), 2000),
    )
    _report(
        "calendar.add_months(1) with roll-over", _timed(lambda: calendar.add_months(start, 1), 2000)
    )

    paizhu = User.objects.get(username="paizhu1")
    leader = User.objects.get(username="leader")

    def scoped_page(user):
        def run():
            user.__dict__.pop("_unit_scope_cache", None)
            list(selectors.cadre_list(user=user)[:50])

        return run

    _report(
        "cadre list page query, resident team (scope computed)", _timed(scoped_page(paizhu), 200)
    )
    _report("cadre list page query, leader (everything)", _timed(scoped_page(leader), 200))

    client = Client()
    client.force_login(paizhu)
    _report(
        "GET /org/cadres/ as 派驻组 (full page render)",
        _timed(lambda: client.get("/org/cadres/"), 100),
    )
    client.force_login(leader)
    _report("GET /org/cadres/?q=王 as 委领导", _timed(lambda: client.get("/org/cadres/?q=王"), 100))

    def append():
        with transaction.atomic():
            event_record(actor=None, action="bench.append", object_type="bench")

    _report("audit event_record (one event, own transaction)", _timed(append, 500))
    started = time.perf_counter()
    report = chain_verify()
    elapsed = time.perf_counter() - started
    label = f"audit chain_verify ({report.checked} events)"
    print(f"{label:<58} {elapsed * 1000:8.2f} ms   ok={report.ok}")

    # Clearance: proposing answers for a batch of 200 people (target ≤ 1 s), measured on
    # the demo county before the synthetic clues below are added.
    from jiandu.devtools.bench import integrity_clearance as bench_clearance

    bench_clearance.bench_clearance()
    # The integrity file of a cadre with ten years of history (target ≤ 150 ms median).
    from jiandu.devtools.bench import integrity as integrity_bench

    file_readers, file_staff = integrity_bench.bench_users()
    integrity_bench.run(client, file_readers, file_staff)

    _bench_export(client, leader)
    _bench_clue_ledger(client, leader, paizhu)

    # Subject matching on the demo register, then duplicate detection against
    # 1,000,000 synthetic reports (about 3.5 minutes and 2 GB; `--reports N` runs smaller).
    from jiandu.devtools.bench import dedup as bench_dedup

    bench_dedup.bench_matching()
    bench_dedup.main(argv)

    if not crosscheck.crosscheck_skip:
        crosscheck_bench.run(crosscheck)

    # The statistics at province scale need PostgreSQL: a process of their own, on the
    # database JIANDU_BENCH_DATABASE_URL names (``make bench-province`` runs it alone).
    if os.environ.get("JIANDU_BENCH_DATABASE_URL"):
        import subprocess

        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "JIANDU_VAR")}
        subprocess.run([sys.executable, "-m", "jiandu.devtools.bench.stats"], env=env, check=False)
    else:
        print("statistics at province scale: set JIANDU_BENCH_DATABASE_URL (make bench-province)")


def _bench_export(client, leader) -> None:
    """The clue ledger's Excel export on the demo county (about 1,200 clues), as a leader
    (issue 15: it took 1.1 s with openpyxl's cells; target well under 0.5 s)."""
    from jiandu.clues.models import Clue

    client.force_login(leader)
    total = Clue.objects.count()
    response = client.get("/clues/export.xlsx")
    assert response.status_code == 200, response.status_code
    _report(
        f"GET /clues/export.xlsx as 委领导 ({total:,} clues)",
        _timed(lambda: client.get("/clues/export.xlsx"), 5),
    )


def _bench_clue_ledger(client, leader, team_user, total: int = 200_000) -> None:
    """The clue ledger with 200,000 clues. The rows are synthetic and inserted in bulk
    for the measurement only (a real register grows through the services)."""
    import random
    from datetime import date, timedelta

    from jiandu.clues.models import Clue, ClueDeadline, ClueStatus
    from jiandu.org.models import Cadre, Unit

    rng = random.Random(7)
    bodies = list(
        Unit.objects.filter(
            kind__in=["supervision_office", "resident_team", "township_commission"]
        ).values_list("pk", flat=True)
    )
    units = list(Unit.objects.values_list("pk", flat=True))
    cadres = list(Cadre.objects.values_list("pk", "name")[:3000])
    statuses = list(ClueStatus.values)
    started = time.perf_counter()
    batch, deadlines = [], []
    today = date.today()
    for i in range(total):
        cadre_id, name = rng.choice(cadres)
        batch.append(
            Clue(
                number=f"BX{i:07d}",
                source="report",
                received_on=today - timedelta(days=rng.randrange(1500)),
                summary="反映其违规收受礼金、插手工程项目等问题。",
                subject_cadre_id=cadre_id,
                subject_name=name,
                subject_unit_id=rng.choice(units),
                status=rng.choice(statuses),
                handling_unit_id=rng.choice(bodies),
            )
        )
        if len(batch) == 5000:
            created = Clue.objects.bulk_create(batch)
            deadlines += [
                ClueDeadline(
                    clue=c,
                    kind="disposition",
                    started_on=c.received_on,
                    due_on=c.received_on + timedelta(days=30),
                    basis="bench",
                    met_on=None if rng.random() < 0.3 else c.received_on,
                )
                for c in created
            ]
            ClueDeadline.objects.bulk_create(deadlines)
            batch, deadlines = [], []
    label = f"clue ledger: {total:,} synthetic clues inserted"
    print(f"{label:<58} {time.perf_counter() - started:8.2f} s")
    client.force_login(leader)
    _report("GET /clues/ as 委领导 (200,000 clues)", _timed(lambda: client.get("/clues/"), 30))
    _report(
        "GET /clues/?overdue=true as 委领导", _timed(lambda: client.get("/clues/?overdue=true"), 30)
    )
    _report(
        "GET /clues/?status=inquiry&q=王 as 委领导",
        _timed(lambda: client.get("/clues/?status=inquiry&q=王"), 30),
    )
    client.force_login(team_user)
    _report("GET /clues/ as 派驻组 (its own share)", _timed(lambda: client.get("/clues/"), 30))
