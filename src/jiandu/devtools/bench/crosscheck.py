"""The cross-check benchmark (part of ``make bench``; alone:
``python -m jiandu.devtools.bench --crosscheck-scale 1.0`` or
``python -m jiandu.devtools.bench.crosscheck``).

1. The province-scale set (10M payments, 2M public employees, 6M company people, 1M
   contracts, 500k deaths, and the other datasets) is generated once into
   ``<var>/bench-crosscheck/province-<scale>`` and reused.
2. All rules run on DuckDB in a child process: wall time per rule and in all (SQL, name
   pass, evidence read back, hits built), and the child's peak resident memory (VmHWM
   from /proc, i.e. everything DuckDB and Python allocated).
3. R01, R02 and R05 written in straightforward pandas run in another child process over
   the same files; the same three rules are timed on DuckDB (exact keys, as pandas does)
   and the ratio is reported. Both produce the same hit keys (checked).

Targets: all rules within 60 s on the 2-core machine, peak memory under 8 GiB,
DuckDB at least 20× faster than pandas.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

GENERATOR_VERSION = "2"
TARGET_SECONDS = 60.0
TARGET_MEMORY_GIB = 8.0
TARGET_RATIO = 20.0
PANDAS_RULES = ("R01", "R02", "R05")


def default_root() -> Path:
    var = os.environ.get("JIANDU_VAR")
    if var:
        return Path(var).resolve() / "bench-crosscheck"
    return Path(__file__).resolve().parents[4] / "var" / "bench-crosscheck"


def options(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Parse the cross-check flags out of ``argv``; returns them and the other flags.
    ``alone`` is set when ``--crosscheck-scale`` or ``--crosscheck-only`` was given."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--crosscheck-scale", type=float, default=None)
    parser.add_argument("--crosscheck-only", action="store_true")
    parser.add_argument("--crosscheck-data", type=Path, default=None)
    parser.add_argument("--crosscheck-skip", action="store_true")
    args, rest = parser.parse_known_args(argv)
    args.alone = args.crosscheck_only or args.crosscheck_scale is not None
    args.scale = 1.0 if args.crosscheck_scale is None else args.crosscheck_scale
    args.data = args.crosscheck_data or default_root() / f"province-{args.scale:g}"
    return args, rest


# --------------------------------------------------------------------------- data


def ensure_data(directory: Path, scale: float, seed: int = 2026) -> dict[str, Path]:
    """Generate the province set once; reuse it while the marker matches."""
    from jiandu.crosscheck.engine.datasets import DATASET_TYPES
    from jiandu.devtools.synth import generate_province

    marker = directory / "generated.json"
    wanted = {"scale": scale, "seed": seed, "version": GENERATOR_VERSION}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return {p.stem: p for p in directory.glob("*.parquet") if p.stem in DATASET_TYPES}
    started = time.perf_counter()
    paths = generate_province(directory, seed=seed, scale=scale)
    marker.write_text(json.dumps(wanted))
    label = f"crosscheck: province set generated (scale {scale:g})"
    print(f"{label:<58} {time.perf_counter() - started:8.2f} s", flush=True)
    return paths


def cpu_seconds() -> float:
    """CPU time (user + system) of this process so far, all threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_bytes() -> int:
    """This process's peak resident set size (VmHWM), in bytes."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# --------------------------------------------------------------------------- children


def child_duckdb(directory: Path) -> dict[str, Any]:
    from jiandu.crosscheck.engine.datasets import DATASET_TYPES
    from jiandu.crosscheck.engine.rules import load_rules
    from jiandu.crosscheck.engine.run import run_rules

    datasets = {p.stem: p for p in directory.glob("*.parquet") if p.stem in DATASET_TYPES}
    rows = _row_counts(datasets)
    started, cpu = time.perf_counter(), cpu_seconds()
    result = run_rules(datasets)
    total = time.perf_counter() - started
    total_cpu = cpu_seconds() - cpu
    out: dict[str, Any] = {
        "total_s": total,
        "total_cpu_s": total_cpu,
        "rules_s": result.seconds,
        "hits": {code: len(hits) for code, hits in result.items()},
        "name_hits": {code: sum(h.match == "name" for h in hits) for code, hits in result.items()},
        "skipped": result.skipped,
        "rows": rows,
    }
    # the three rules pandas does, exact keys only (as the pandas version)
    started, cpu = time.perf_counter(), cpu_seconds()
    three = run_rules(
        datasets,
        rules=load_rules(PANDAS_RULES),
        params={"name_fallback": False},
        fetch_evidence=False,
    )
    out["three_s"] = time.perf_counter() - started
    out["three_cpu_s"] = cpu_seconds() - cpu
    out["three_rules_s"] = three.seconds
    out["three_keys"] = {code: len(hits) for code, hits in three.items()}
    out["peak_rss"] = peak_rss_bytes()
    return out


def _row_counts(datasets: dict[str, Path]) -> dict[str, int]:
    import pyarrow.parquet as pq

    return {name: pq.ParquetFile(path).metadata.num_rows for name, path in sorted(datasets.items())}


def pandas_r01(directory: Path):
    import pandas as pd

    pay = pd.read_parquet(
        directory / "payments.parquet", columns=["_row", "payee_citizen_id", "program", "amount"]
    )
    emp = pd.read_parquet(
        directory / "public_employees.parquet", columns=["citizen_id", "name", "unit"]
    )
    emp = emp.drop_duplicates("citizen_id")
    m = pay.merge(emp, left_on="payee_citizen_id", right_on="citizen_id")
    m["amount"] = m["amount"].astype(float)
    hits = m.groupby(["citizen_id", "program"]).agg(
        amount=("amount", "sum"),
        rows=("_row", list),
        name=("name", "first"),
        unit=("unit", "first"),
    )
    return {(cid, program) for cid, program in hits.index}


def pandas_r02(directory: Path):
    import pandas as pd

    pay = pd.read_parquet(
        directory / "payments.parquet",
        columns=["_row", "payee_citizen_id", "program", "amount", "paid_on"],
    )
    deaths = pd.read_parquet(
        directory / "deaths.parquet", columns=["citizen_id", "name", "died_on"]
    )
    deaths = deaths.groupby("citizen_id", as_index=False).agg(
        died_on=("died_on", "min"), name=("name", "first")
    )
    m = pay.merge(deaths, left_on="payee_citizen_id", right_on="citizen_id")
    m = m[pd.to_datetime(m["paid_on"]) > pd.to_datetime(m["died_on"])].copy()
    m["amount"] = m["amount"].astype(float)
    hits = m.groupby(["citizen_id", "program"]).agg(amount=("amount", "sum"), rows=("_row", list))
    return {(cid, program) for cid, program in hits.index}


def pandas_r05(directory: Path, window_days: int = 90):
    import pandas as pd

    from jiandu.crosscheck.engine.config import TENDER_THRESHOLDS, threshold_rows

    c = pd.read_parquet(directory / "contracts.parquet")
    c["ptype"] = c["procurement_type"].fillna("货物")
    c["subject_key"] = c["subject"].str.replace(
        r"[0-9零〇一二三四五六七八九十百]+|[期批次标段包第()（）_#、,，. -]", "", regex=True
    )
    c["amount"] = c["amount"].astype(float)
    t = pd.DataFrame(threshold_rows(TENDER_THRESHOLDS))
    t["threshold"] = t["threshold"].astype(float)
    m = c.merge(t, left_on="ptype", right_on="procurement_type", suffixes=("", "_t"))
    m = m[(m["signed_on"] >= m["valid_from"]) & (m["signed_on"] < m["valid_to"])]
    m = m[m["amount"] < m["threshold"]].copy()
    group = ["buyer_unit", "supplier_uscc", "subject_key"]
    m = m.sort_values([*group, "signed_on", "contract_id", "_row"])
    m["signed_on"] = pd.to_datetime(m["signed_on"])
    previous = m.groupby(group)["signed_on"].shift()
    m["new_island"] = (
        previous.isna() | ((m["signed_on"] - previous).dt.days > window_days)
    ).astype(int)
    m["island"] = m.groupby(group)["new_island"].cumsum()
    islands = m.groupby([*group, "island"]).agg(
        total=("amount", "sum"),
        contracts=("contract_id", "nunique"),
        threshold=("threshold", "max"),
        first_on=("signed_on", "min"),
    )
    islands = islands[(islands["contracts"] >= 2) & (islands["total"] >= islands["threshold"])]
    firsts = m.merge(islands.reset_index(), on=[*group, "island"])
    firsts = firsts[firsts["signed_on"] == firsts["first_on"]]
    first_ids = firsts.groupby([*group, "island"])["contract_id"].min()
    return {(b, s, k, cid) for (b, s, k, _), cid in first_ids.items()}


PANDAS = {"R01": pandas_r01, "R02": pandas_r02, "R05": pandas_r05}


def child_pandas(directory: Path) -> dict[str, Any]:
    import pandas  # noqa: F401 - imported before the clock starts, as duckdb is

    out: dict[str, Any] = {"rules_s": {}, "keys": {}}
    started, cpu = time.perf_counter(), cpu_seconds()
    for code, fn in PANDAS.items():
        t = time.perf_counter()
        keys = fn(directory)
        out["rules_s"][code] = time.perf_counter() - t
        out["keys"][code] = len(keys)
    out["three_s"] = time.perf_counter() - started
    out["three_cpu_s"] = cpu_seconds() - cpu
    out["peak_rss"] = peak_rss_bytes()
    return out


def _spawn(kind: str, directory: Path) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "jiandu.devtools.bench.crosscheck", "--child", kind, str(directory)],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"crosscheck bench child {kind} failed:\n{proc.stderr[-4000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_wall_s"] = wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["rusage_children_maxrss"] = after * 1024 if after > before else None
    return result


# --------------------------------------------------------------------------- report


def _line(label: str, value: str) -> None:
    print(f"{label:<58} {value}", flush=True)


def run(args: argparse.Namespace) -> dict[str, Any]:
    directory = Path(args.data)
    directory.mkdir(parents=True, exist_ok=True)
    ensure_data(directory, args.scale)
    load = os.getloadavg()
    duck = _spawn("duckdb", directory)
    pandas_result = _spawn("pandas", directory)
    gib = 1024**3
    rows = duck["rows"]
    _line(
        f"crosscheck: province set (scale {args.scale:g})",
        ", ".join(f"{k} {v:,}" for k, v in rows.items()),
    )
    for code, seconds in sorted(duck["rules_s"].items()):
        _line(f"crosscheck DuckDB {code}", f"{seconds:8.2f} s   hits {duck['hits'][code]:,}")
    verdict = "ok" if duck["total_s"] <= TARGET_SECONDS else "OVER TARGET"
    _line(
        "crosscheck DuckDB all rules (incl. evidence, hits)",
        f"{duck['total_s']:8.2f} s   target {TARGET_SECONDS:.0f} s {verdict}",
    )
    _line("crosscheck DuckDB all rules: CPU time (2 threads)", f"{duck['total_cpu_s']:8.2f} s")
    peak = duck["peak_rss"] / gib
    verdict = "ok" if peak < TARGET_MEMORY_GIB else "OVER TARGET"
    _line(
        "crosscheck DuckDB peak memory (child VmHWM)",
        f"{peak:8.2f} GiB target {TARGET_MEMORY_GIB:.0f} GiB {verdict}",
    )
    same = duck["three_keys"] == pandas_result["keys"]
    for code in PANDAS_RULES:
        _line(
            f"crosscheck {code}: DuckDB vs pandas",
            f"{duck['three_rules_s'][code]:8.2f} s vs {pandas_result['rules_s'][code]:8.2f} s   "
            f"hits {duck['three_keys'][code]:,} vs {pandas_result['keys'][code]:,}",
        )
    duck_three = duck["three_s"]  # the whole run of the three rules, set-up included
    ratio = pandas_result["three_s"] / duck_three if duck_three else float("inf")
    verdict = "ok" if ratio >= TARGET_RATIO else "UNDER TARGET"
    _line(
        "crosscheck R01+R02+R05 pandas / DuckDB",
        f"{pandas_result['three_s']:8.2f} s / {duck_three:.2f} s = {ratio:.1f}x   "
        f"target {TARGET_RATIO:.0f}x {verdict}",
    )
    _line(
        "crosscheck R01+R02+R05 CPU time pandas / DuckDB",
        f"{pandas_result['three_cpu_s']:8.2f} s / {duck['three_cpu_s']:.2f} s = "
        f"{pandas_result['three_cpu_s'] / max(duck['three_cpu_s'], 1e-9):.1f}x",
    )
    _line(
        "crosscheck pandas peak memory (child VmHWM)", f"{pandas_result['peak_rss'] / gib:8.2f} GiB"
    )
    _line("crosscheck same hit keys on both", "yes" if same else "NO")
    _line("crosscheck load average at start (1/5/15 min)", " ".join(f"{x:.2f}" for x in load))
    end_load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    _line("crosscheck load average at end (1/5/15 min)", end_load)
    return {
        "duckdb": duck,
        "pandas": pandas_result,
        "ratio": ratio,
        "same_keys": same,
        "load": load,
    }


def main(argv: list[str] | None = None) -> dict[str, Any] | None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        kind, directory = argv[1], Path(argv[2])
        result = child_duckdb(directory) if kind == "duckdb" else child_pandas(directory)
        print(json.dumps(result, default=str))
        return None
    args, _ = options(argv)
    return run(args)


if __name__ == "__main__":
    main()
