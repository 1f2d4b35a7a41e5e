"""The benchmark's pandas versions of R01, R02 and R05 find the same hits as the rule
files on DuckDB (so that the speed ratio compares like with like); flags parse."""

from __future__ import annotations

from pathlib import Path

from jiandu.crosscheck.engine.rules import load_rules
from jiandu.crosscheck.engine.run import run_rules
from jiandu.devtools.bench import crosscheck as bench
from jiandu.devtools.synth import generate_province


def test_pandas_versions_agree_with_the_rules(tmp_path):
    paths = generate_province(tmp_path, scale=0.002)
    result = run_rules(paths, rules=load_rules(bench.PANDAS_RULES), params={"name_fallback": False})
    for code, fn in bench.PANDAS.items():
        duck = {tuple(h.key.values()) for h in result[code]}
        if code == "R05":
            duck = {(b, s, k, str(c)) for b, s, k, c in duck}
        assert fn(tmp_path) == duck and duck, code


def test_flags(tmp_path):
    args, rest = bench.options(["--reports", "1000"])
    assert not args.alone and args.scale == 1.0 and rest == ["--reports", "1000"]
    args, rest = bench.options(["--crosscheck-scale", "0.01", "--crosscheck-data", str(tmp_path)])
    assert args.alone and args.scale == 0.01 and args.data == Path(tmp_path) and rest == []


def test_data_is_generated_once_and_reused(tmp_path):
    first = bench.ensure_data(tmp_path, 0.0005)
    stamp = {p: p.stat().st_mtime_ns for p in first.values()}
    again = bench.ensure_data(tmp_path, 0.0005)
    assert {p: p.stat().st_mtime_ns for p in again.values()} == stamp
    assert bench.peak_rss_bytes() > 10 * 1024 * 1024
