"""Synthetic data: the demo county (planted anomalies of every rule, noise, rows the
import must reject) and the province set at a tiny fraction of its scale."""

from __future__ import annotations

import json
from datetime import date

import pyarrow.parquet as pq
import pytest

from jiandu.core.validators import is_valid_citizen_id, is_valid_uscc
from jiandu.crosscheck.engine.datasets import DATASET_TYPES, import_file
from jiandu.crosscheck.engine.run import run_rules
from jiandu.devtools.synth import PROVINCE_SIZES, county_data, generate_county, generate_province

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    out = tmp_path_factory.mktemp("county")
    data = county_data(out, today=TODAY)
    imported, results = {}, {}
    for name, path in data.paths.items():
        if path.suffix == ".parquet":  # internal datasets
            imported[name] = path
            continue
        results[name] = import_file(name, path, out / "pq" / f"{name}.parquet")
        imported[name] = results[name].parquet_path
    return data, imported, results


def test_county_files_use_chinese_headers_and_import_with_only_the_planted_rejections(county):
    data, _, results = county
    assert set(data.paths) == set(DATASET_TYPES)
    assert {p.suffix for p in data.paths.values()} == {".csv", ".xlsx", ".parquet"}
    rejected = sorted(
        (name, r.row, r.column) for name, res in results.items() for r in res.rejections
    )
    assert rejected == sorted((r["dataset"], r["row"], r["column"]) for r in data.rejections)
    assert len(rejected) == 4
    assert results["payments"].rows_accepted > 3000


def test_every_rule_finds_its_planted_anomalies_and_nothing_else(county):
    data, imported, _ = county
    result = run_rules(imported, params=data.params, today=TODAY)
    planted = {p.identity: p for p in data.planted}
    assert {p.rule for p in data.planted} == {f"R{i:02d}" for i in range(1, 11)}
    found = {h.identity: h for hits in result.values() for h in hits}
    assert set(found) == set(planted), [
        h.summary for h in found.values() if h.identity not in planted
    ]
    for identity, p in planted.items():
        assert found[identity].match == p.match, p.note
        assert (found[identity].confidence < 1.0) == (p.match == "name") or p.rule == "R02"


def test_county_noise_is_there(county):
    data, imported, _ = county
    payments = pq.read_table(imported["payments"]).to_pylist()
    raw = data.paths["payments"].read_text(encoding="utf-8-sig")
    assert any("\uff10" <= ch <= "\uff19" for ch in raw)  # full-width digits
    assert any(len(line.split(",")[1]) == 15 for line in raw.splitlines()[1:])  # legacy IDs
    assert all(len(r["payee_citizen_id"]) == 18 for r in payments)  # upgraded on import
    employees = pq.read_table(imported["public_employees"]).to_pylist()
    ids = [r["citizen_id"] for r in employees]
    assert len(ids) > len(set(ids))  # duplicated roster rows
    names = {r["name"] for r in employees}
    namesakes = {r["payee_name"] for r in payments} & names
    assert namesakes  # namesakes of employees are paid, and are no hit
    planted = json.loads((data.paths["payments"].parent / "planted.json").read_text())
    assert len(planted["planted"]) == len(data.planted)


def test_county_with_the_demo_roster_points_hits_at_real_cadres(tmp_path):
    from jiandu.core.testing import make_citizen_id

    roster = [
        {
            "name": f"干部{i}",
            "citizen_id": make_citizen_id(i, born=date(1970 + i % 20, 1 + i % 12, 1 + i % 27)),
            "unit": ["县财政局", "县教育局", "县水利局"][i % 3],
            "post": "科长",
        }
        for i in range(60)
    ]
    paths = generate_county(tmp_path, roster=roster, today=TODAY)
    officials = pq.read_table(paths["officials"]).to_pylist()
    assert {r["citizen_id"] for r in officials} == {r["citizen_id"] for r in roster}
    planted = json.loads((tmp_path / "planted.json").read_text())["planted"]
    r04 = [p for p in planted if p["rule"] == "R04"]
    assert r04 and all(p["key"][0] in {r["citizen_id"] for r in roster} for p in r04)


def test_province_at_a_tiny_scale(tmp_path):
    scale = 0.001
    paths = generate_province(tmp_path, scale=scale)
    assert set(paths) == set(DATASET_TYPES)
    counts = {name: pq.ParquetFile(p).metadata.num_rows for name, p in paths.items()}
    for name in ("public_employees", "company_people", "contracts", "deaths"):
        assert (
            abs(counts[name] - PROVINCE_SIZES[name] * scale)
            <= PROVINCE_SIZES[name] * scale * 0.01 + 10
        )
    assert abs(counts["payments"] - 10_000_000 * scale) < 10_000_000 * scale * 0.1
    ids = pq.read_table(paths["public_employees"], columns=["citizen_id"]).column(0).to_pylist()
    assert all(is_valid_citizen_id(i) for i in ids) and len(set(ids)) == len(ids)
    usccs = pq.read_table(paths["companies"], columns=["uscc"]).column(0).to_pylist()
    assert all(is_valid_uscc(u) for u in usccs)
    result = run_rules(paths)
    assert not result.skipped and result["R05"] and result["R10"] and result["R03"]
