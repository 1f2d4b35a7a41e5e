"""Bench: the statistics at province scale on PostgreSQL (issue 14 item 8).

Builds (or reuses, when a complete one is there) the synthetic province history
(``jiandu.devtools.synth.records``: 100+ counties, 3 years, 1,000,000 reports, 200,000
clues, 50,000 cases) in the PostgreSQL database ``JIANDU_BENCH_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/jiandu_bench_province``; created when missing),
then measures every registered standard table (``stats.standard.REGISTRY`` through
``stats.selectors.table_compute``, with 同比 and 环比 as the page computes them) and
the dashboard data (when ``jiandu.stats.dashboard`` offers it) for a county, a city and
the province root, for the year 2026 and for October 2026: median and p95 over
``--runs`` runs (default 20), in ms. Target: p95 ≤ 300 ms. The slowest queries are then
shown with ``EXPLAIN ANALYZE``.

Until the statistics app registers tables, grouped counts of the same shape are measured
instead (reports per handling unit by channel, clues disposed per unit by method, cases
filed per lead unit, people decided per lead unit).

    make bench-province            # or: python -m jiandu.devtools.bench.stats [--runs N]
    python -m jiandu.devtools.bench.stats --scale city --fraction 0.1   # a quick try
    python -m jiandu.devtools.bench.stats --placeholders   # and the grouped counts
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jiandu_bench_province"
TARGET_MS = 300.0
TODAY = date(2026, 12, 4)  # the generated history's "today"


@dataclass
class Measured:
    name: str
    times: list[float]
    queries: list[tuple[float, str]] = field(default_factory=list)  # (ms, sql) of one run

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        times = sorted(self.times)
        return times[max(0, -(-len(times) * 95 // 100) - 1)]


def _ensure_database(url: str) -> None:
    """Create the bench database when it does not exist (its name must start with
    ``jiandu_bench`` so that the bench never writes into another database)."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("the statistics bench needs PostgreSQL (JIANDU_BENCH_DATABASE_URL)")
    name = cfg["NAME"]
    if not str(name).startswith("jiandu_bench"):
        raise SystemExit(f"the bench database's name must start with jiandu_bench (not {name})")
    conninfo = {
        "host": cfg.get("HOST") or None,
        "port": cfg.get("PORT") or None,
        "user": cfg.get("USER") or None,
        "password": cfg.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")
    if "JIANDU_VAR" not in os.environ:
        import tempfile

        os.environ["JIANDU_VAR"] = tempfile.mkdtemp(prefix="jiandu-bench-stats-")
    import django

    django.setup()


def _build(scale: str, fraction: float) -> None:
    from django.core.management import call_command

    from jiandu.devtools.synth import records
    from jiandu.org.models import Unit

    call_command("migrate", verbosity=0)
    n = records.complete()
    if n is not None:
        print(f"{'province history reused (reports)':<58} {n:>10,}")
        return
    if Unit.objects.filter(code__startswith="SY").exists():
        raise SystemExit(
            "the bench database holds an incomplete synthetic history: drop it "
            "(dropdb jiandu_bench_province) and run again"
        )
    summary = records.build(scale, fraction=fraction, progress=lambda m: print("  " + m))
    c = summary.counts
    print(
        f"{'province history built':<58} {summary.seconds:8.1f} s   units={summary.units:,} "
        f"reports={c.reports:,} clues={c.clues:,} cases={c.cases:,} people={c.people:,}"
    )


def _counts() -> None:
    from jiandu.cases.models import Case, CasePerson, Decision
    from jiandu.clues.models import Clue
    from jiandu.intake.models import Report
    from jiandu.org.models import Unit, UnitKind

    print(
        f"{'rows':<58} units={Unit.objects.count():,} "
        f"commissions={Unit.objects.filter(kind=UnitKind.COMMISSION).count():,} "
        f"reports={Report.objects.count():,} clues={Clue.objects.count():,} "
        f"cases={Case.objects.count():,} people={CasePerson.objects.count():,} "
        f"decisions={Decision.objects.count():,}"
    )


def _timed(fn: Callable[[], Any], runs: int) -> Measured:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm-up (not counted): caches, plans
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        fn()
    queries = sorted(
        ((float(q["time"]) * 1000, q["sql"]) for q in ctx.captured_queries), reverse=True
    )
    return Measured("", times, queries)


def _roots() -> list[tuple[str, Any, int]]:
    """(label, user, root commission id) for the first county, the first city, the
    province."""
    from jiandu.accounts.models import User
    from jiandu.devtools.synth.records import bench_users

    out = []
    for level, user_id in bench_users().items():
        user = User.objects.select_related("unit").get(pk=user_id)
        out.append((f"{level} {user.unit.name}", user, user.unit_id))
    return out


@dataclass(frozen=True)
class _Period:
    """A stand-in for ``stats.periods.Period`` until the statistics app is there."""

    code: str
    start: date
    end: date


def _periods_module() -> Any:
    try:
        from jiandu.stats import periods
    except ImportError:
        return None
    return periods


def _periods() -> list[Any]:
    P = _periods_module()
    if P is not None:
        return [P.year(2026), P.month(2026, 10)]
    return [
        _Period("2026", date(2026, 1, 1), date(2026, 12, 31)),
        _Period("2026-10", date(2026, 10, 1), date(2026, 10, 31)),
    ]


def _compared(period: Any) -> list[Any]:
    """The period, the same period a year earlier (同比) and the preceding one (环比)."""
    from datetime import timedelta

    P = _periods_module()
    if P is not None:
        return [period, P.year_earlier(period), P.preceding(period)]
    s, e = period.start, period.end
    before = s - timedelta(days=(e - s).days + 1)
    return [
        period,
        _Period("", s.replace(year=s.year - 1), e.replace(year=e.year - 1)),
        _Period("", before, s - timedelta(days=1)),
    ]


def _fresh(user: Any) -> Any:
    """A request's user: its scope computed again."""
    user.__dict__.pop("_unit_scope_cache", None)
    return user


def _tables(placeholders: bool = False) -> list[tuple[str, Callable[[Any, Any, int], Any]]]:
    """What to measure: the registered standard tables and the dashboard, and the
    placeholder counts when asked or when no table is registered."""
    out: list[tuple[str, Callable[[Any, Any, int], Any]]] = []
    try:
        from jiandu.stats.selectors import table_compute
        from jiandu.stats.standard import REGISTRY
    except ImportError:
        REGISTRY, table_compute = {}, None
    for key in sorted(REGISTRY):
        table = REGISTRY[key]

        def run(user, period, root, table=table):
            return table_compute(user=_fresh(user), table=table, period=period, root_id=root)

        out.append((f"table {key}", run))
    dashboard = _dashboard()
    if dashboard is not None:
        out.append(("dashboard", dashboard))
    if placeholders or not out:
        out += _placeholders()
    return out


def _dashboard() -> Callable[[Any, Any, int], Any] | None:
    """The dashboard's data function, if the statistics app has one (called with the
    keyword arguments it declares among user, period, root_id, year)."""
    import importlib
    import inspect

    try:
        module = importlib.import_module("jiandu.stats.dashboard")
    except ImportError:
        return None
    for name in ("dashboard_compute", "dashboard_data", "compute", "data"):
        fn = getattr(module, name, None)
        if callable(fn):
            params = inspect.signature(fn).parameters

            def run(user, period, root, fn=fn, params=params):
                kwargs = {"user": _fresh(user), "period": period, "root_id": root}
                kwargs["year"] = period.start.year
                return fn(**{k: v for k, v in kwargs.items() if k in params})

            return run
    return None


def _placeholders() -> list[tuple[str, Callable[[Any, Any, int], Any]]]:
    """Grouped counts of the standard tables' shape, scoped like them, over the root's
    subtree (one query each for the period, the year before and the preceding period)."""
    from django.db.models import Count

    from jiandu.cases.models import Case, Decision
    from jiandu.clues.models import ClueApproval
    from jiandu.intake.models import Report
    from jiandu.org.tree import unit_subtree

    three = _compared

    def bounds(p) -> dict[str, Any]:
        """A period as a range of aware date-times (local midnights): sargable, so an
        index on the date-time column serves it (``__date__range`` casts every row)."""
        from datetime import datetime, time, timedelta

        from django.utils import timezone

        tz = timezone.get_current_timezone()
        return {
            "gte": datetime.combine(p.start, time.min, tzinfo=tz),
            "lt": datetime.combine(p.end + timedelta(days=1), time.min, tzinfo=tz),
        }

    def dated(field: str, p, sargable: bool) -> dict[str, Any]:
        if not sargable:
            return {f"{field}__date__range": (p.start, p.end)}
        return {f"{field}__{op}": v for op, v in bounds(p).items()}

    def reports(user, period, root, sargable=True):
        units = unit_subtree(root)
        for p in three(period):
            list(
                Report.objects.visible_to(_fresh(user))
                .filter(handling_unit__in=units, **dated("received_at", p, sargable))
                .values("handling_unit", "channel")
                .annotate(n=Count("pk"))
                .order_by()
            )

    def clues(user, period, root, sargable=True):
        units = unit_subtree(root)
        for p in three(period):
            list(
                ClueApproval.objects.filter(
                    step="disposition",
                    approved=True,
                    clue__handling_unit__in=units,
                    **dated("decided_at", p, sargable),
                )
                .values("clue__handling_unit", "clue__disposition")
                .annotate(n=Count("clue", distinct=True))
                .order_by()
            )

    def cases(user, period, root):
        units = unit_subtree(root)
        for p in three(period):
            list(
                Case.objects.visible_to(_fresh(user))
                .filter(filed_on__range=(p.start, p.end), lead_unit__in=units)
                .values("lead_unit")
                .annotate(n=Count("pk"))
                .order_by()
            )

    def decisions(user, period, root):
        units = unit_subtree(root)
        for p in three(period):
            list(
                Decision.objects.filter(
                    decided_on__range=(p.start, p.end), person__case__lead_unit__in=units
                )
                .values("person__case__lead_unit", "measures__measure")
                .annotate(n=Count("pk", distinct=True))
                .order_by()
            )

    def unsargable(fn):
        return lambda user, period, root: fn(user, period, root, sargable=False)

    return [
        ("placeholder reports by unit × channel", reports),
        ("placeholder reports … (__date__range)", unsargable(reports)),
        ("placeholder clues disposed by unit × method", clues),
        ("placeholder clues disposed … (__date__range)", unsargable(clues)),
        ("placeholder cases filed by lead unit", cases),
        ("placeholder decisions by unit × measure", decisions),
    ]


def _try_sargable_periods() -> None:
    """An experiment for the report, not the product: ``Figure.period`` with a date-time
    field filtered on aware local midnights (``>= start, < end + 1 day``) instead of
    ``__date__range`` (which casts every row and so leaves the column's index unused).
    The same rows: a date-time is on a local day d exactly when it lies in [d 00:00,
    d+1 00:00) local time."""
    from datetime import datetime, timedelta
    from datetime import time as dtime

    from django.db import models
    from django.utils import timezone

    from jiandu.core import figures

    def period(self, qs, start, end):
        if self.in_period is not None:
            return self.in_period(qs, start, end)
        field_obj = figures._resolve_field(self.model, self.dated)
        if isinstance(field_obj, models.DateTimeField):
            tz = timezone.get_current_timezone()
            return qs.filter(
                **{
                    f"{self.dated}__gte": datetime.combine(start, dtime.min, tzinfo=tz),
                    f"{self.dated}__lt": datetime.combine(
                        end + timedelta(days=1), dtime.min, tzinfo=tz
                    ),
                }
            )
        return qs.filter(**{f"{self.dated}__range": (start, end)})

    figures.Figure.period = period  # type: ignore[method-assign]


def _explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def run(
    *,
    runs: int = 20,
    scale: str = "province",
    fraction: float = 1.0,
    explain: int = 3,
    placeholders: bool = False,
    sargable: bool = False,
):
    url = os.environ.get("JIANDU_BENCH_DATABASE_URL") or DEFAULT_URL
    _ensure_database(url)
    _setup(url)
    from django.utils import timezone

    timezone.localdate = lambda *a, **k: TODAY  # the history's "today"
    _build(scale, fraction)
    _counts()
    results: list[Measured] = []
    targets = _tables(placeholders)
    if sargable:
        _try_sargable_periods()
        print("experiment: Figure.period on aware local-midnight bounds (not __date__range)")
    for label, user, root in _roots():
        for period in _periods():
            for name, fn in targets:
                m = _timed(
                    lambda fn=fn, user=user, period=period, root=root: fn(user, period, root), runs
                )
                m.name = f"{name} · {label} · {period.code}"
                results.append(m)
                flag = "" if m.p95 <= TARGET_MS else "  > target"
                print(
                    f"{m.name:<70} median {m.median:8.1f} ms   p95 {m.p95:8.1f} ms   "
                    f"n={len(m.times)} q={len(m.queries)}{flag}",
                    flush=True,
                )
    over = [m for m in results if m.p95 > TARGET_MS]
    print(
        f"\n{len(results) - len(over)}/{len(results)} measurements within p95 ≤ {TARGET_MS:.0f} ms"
    )
    if explain:
        slow = sorted(
            ((ms, sql, m.name) for m in results for ms, sql in m.queries[:1]), reverse=True
        )
        seen: set[str] = set()
        shown = 0
        for ms, sql, name in slow:
            shape = sql[:200]
            if shape in seen:
                continue
            seen.add(shape)
            print(f"\n--- slowest query of {name}: {ms:.1f} ms\n{sql}\n--- EXPLAIN ANALYZE")
            print(_explain(sql))
            shown += 1
            if shown >= explain:
                break
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--scale", default="province", choices=["province", "city", "county"])
    parser.add_argument("--fraction", type=float, default=1.0)
    parser.add_argument("--explain", type=int, default=3, help="slowest queries explained")
    parser.add_argument(
        "--placeholders", action="store_true", help="also the grouped counts of the tables' shape"
    )
    parser.add_argument(
        "--try-sargable",
        action="store_true",
        help="experiment: date-time periods as aware ranges instead of __date__range",
    )
    args = parser.parse_args(argv)
    run(
        sargable=args.try_sargable,
        runs=args.runs,
        scale=args.scale,
        fraction=args.fraction,
        explain=args.explain,
        placeholders=args.placeholders,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
