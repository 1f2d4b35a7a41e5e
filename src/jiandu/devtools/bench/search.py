"""Benchmark of the search box (``jiandu.core.search``) on the database ``DATABASE_URL``
points at (e.g. after ``jiandu synth --scale city``):

    DATABASE_URL=postgres://… python -m jiandu.devtools.bench.search [--runs 15]

For a leader (everything) and a resident team (its departments), each query runs the
page's work (every kind's count and first five rows) ``--runs`` times; the median is
printed. On PostgreSQL the plans of the index query (one for all kinds, through the GIN
index on the tokens) and of one kind's scoped selector on the matched ids are printed
(EXPLAIN ANALYZE). The resident team account is made for the
run and removed afterwards."""

from __future__ import annotations

import argparse
import os
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.db.models import F

    from jiandu.accounts.models import User
    from jiandu.clues.models import Clue
    from jiandu.core import search
    from jiandu.core.models import SearchEntry
    from jiandu.intake.models import Report
    from jiandu.org.models import Cadre, Unit

    search.warm_up()
    leader = User.objects.filter(role="leader").order_by("pk").first()
    team_unit = Unit.objects.filter(kind="resident_team", liaisons_out__isnull=False).first()
    report = Report.objects.exclude(subject_text="").order_by("pk")[1000]
    clue = Clue.objects.order_by("-pk").first()
    cadre = Cadre.objects.order_by("pk").first()
    queries = [
        ("被反映人姓名", report.subject_text),
        ("信访件编号", report.number),
        ("线索编号前缀", clue.number[:6] if clue else "XS"),
        ("两个词", "礼金 违规"),
        ("一句话", "低保审核中优亲厚友"),
        ("身份证号", cadre.citizen_id if cadre else "110101199003071234"),
        ("无结果", "查无此人此事"),
    ]
    print(f"{connection.vendor}: {search.REGISTRY.keys().__len__()} kinds, runs={args.runs}")
    print(f"entries: {search_entry_count()}")
    with transaction.atomic():
        team = User.objects.create_user(
            username="bench_search_team", role="resident_team", unit=team_unit
        )
        for who, user in (("委领导", leader), (f"派驻组（{team_unit}）", team)):
            for label, q in queries:
                query = search.parse_query(q)
                times = []
                for _ in range(args.runs):
                    started = time.perf_counter()
                    groups = search.search(user, query)
                    times.append((time.perf_counter() - started) * 1000)
                counts = ", ".join(f"{g.kind.label}{g.count}" for g in groups) or "—"
                print(
                    f"{who:<22} {label:<8} {q[:18]:<20} median {statistics.median(times):7.1f} ms"
                    f"  ({counts})"
                )
        if connection.vendor == "postgresql":
            # The page's two kinds of query: the one index query for all kinds, and a
            # kind's scoped selector on the matched ids (the reports of a resident team).
            query = search.parse_query("礼金 违规")
            kinds = search.kinds_for(leader)
            ids = search.matched_ids(kinds, leader, query)["report"]
            kind = search.REGISTRY["report"]
            entries = SearchEntry.objects.filter(kind__in=[k.key for k in kinds]).filter(
                search.TokensMatch(F("tokens"), query=query.text)
            )
            for title, rows in (
                ("index, all kinds", entries.values_list("kind", "object_id")),
                ("reports of the resident team", search.scoped(kind, team, ids)),
            ):
                sql, params = rows.order_by().values("pk").query.sql_with_params()
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL enable_seqscan = off")
                    cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
                    plan = [r[0] for r in cursor.fetchall()]
                    cursor.execute("SET LOCAL enable_seqscan = on")
                print(f"\n{title} ({len(ids)} reports match):")
                print("\n".join(line[:160] for line in plan))
        transaction.set_rollback(True)


def search_entry_count() -> int:
    from jiandu.core.models import SearchEntry

    return SearchEntry.objects.count()


if __name__ == "__main__":
    main()
