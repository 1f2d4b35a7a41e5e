"""The rule library on DuckDB: every rule finds its planted anomalies and none of the
clean look-alikes in the hand-made fixture (engine_fixture.py)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from jiandu.crosscheck.engine.config import TENDER_THRESHOLDS, Threshold
from jiandu.crosscheck.engine.datasets import DATASET_TYPES
from jiandu.crosscheck.engine.rules import RuleFileError, load_rules, parse_rule
from jiandu.crosscheck.engine.run import hit_identity, run_rules, to_spark_sql
from jiandu.crosscheck.tests import engine_fixture as fx

CODES = [f"R{i:02d}" for i in range(1, 11)]


@pytest.fixture(scope="module")
def datasets(tmp_path_factory):
    return fx.build(tmp_path_factory.mktemp("fixture"))


@pytest.fixture(scope="module")
def result(datasets):
    return run_rules(datasets, params=fx.PARAMS)


def test_the_library_holds_r01_to_r10_with_complete_metadata():
    rules = load_rules()
    assert [r.code for r in rules] == CODES
    for rule in rules:
        assert re.search(r"[\u4e00-\u9fff]", rule.name) and re.search(
            r"[\u4e00-\u9fff]", rule.meaning
        )
        assert rule.severity in ("high", "medium", "low")
        assert rule.domain.startswith("DOMAIN.md §10")
        assert rule.key and re.fullmatch(r"[0-9a-f]{12}", rule.version)
        for name, columns in rule.datasets.items():
            assert name in DATASET_TYPES, (rule.code, name)
            known = DATASET_TYPES[name].column_names
            assert set(columns) <= set(known), (rule.code, name, set(columns) - set(known))
        assert rule.name_fallback == bool(rule.fallback_sql)
        to_spark_sql(rule.sql.replace("{{", "").replace("}}", ""))  # transpiles
    marked = {r.code for r in rules if r.name_fallback}
    assert marked == {"R01", "R08"}


def test_load_rules_by_code_and_unknown_codes():
    assert [r.code for r in load_rules(["r05", "R01"])] == ["R01", "R05"]
    with pytest.raises(KeyError, match="R99"):
        load_rules(["R01", "R99"])


def test_a_rule_file_without_metadata_or_with_a_stray_fallback_is_refused():
    with pytest.raises(RuleFileError):
        parse_rule("-- code: R99\nSELECT 1")
    header = (
        "-- code: R99\n-- name: 测试\n-- datasets: deaths(name)\n-- meaning: 测试\n"
        "-- key: name\n-- severity: low\n-- source: DOMAIN.md §10\n-- name_fallback: no\n"
    )
    assert parse_rule(header + "SELECT 1").sql == "SELECT 1"
    with pytest.raises(RuleFileError):
        parse_rule(header + "SELECT 1\n-- @fallback\nSELECT 2")


@pytest.mark.parametrize("code", CODES)
def test_each_rule_finds_exactly_its_planted_anomalies(result, code):
    found = {h.identity: h for h in result[code]}
    expected = fx.expected_identities()[code]
    assert set(found) == expected, [h.summary for h in result[code]]
    for key in fx.EXPECTED[code]:
        hit = found[hit_identity(code, key)]
        by_name = (code, key) in fx.NAME_ONLY
        assert hit.match == ("name" if by_name else "id")
        assert (hit.confidence < 1.0) == by_name or code == "R02"
        assert hit.summary and hit.subject_name and hit.evidence
        for ev in hit.evidence:
            assert ev["dataset"] in DATASET_TYPES and ev["values"]


def test_evidence_rows_amounts_and_confidence(result):
    by_rule = {code: {h.identity: h for h in hits} for code, hits in result.items()}
    r01 = by_rule["R01"][hit_identity("R01", (fx.ZHANG_WEI[1], "城乡低保"))]
    assert r01.amount == Decimal("1360.00") and r01.confidence == 1.0
    assert r01.subject_unit == fx.FINANCE and r01.subject_citizen_id == fx.ZHANG_WEI[1]
    assert sorted((e["dataset"], e["row"]) for e in r01.evidence) == [
        ("payments", 1),
        ("payments", 2),
        ("public_employees", 1),  # the roster lists him twice: both rows are evidence
        ("public_employees", 2),
    ]
    twin = by_rule["R01"][hit_identity("R01", (fx.WANG_FANG_TWIN[1], "临时救助"))]
    assert twin.confidence == 0.5 and "同音" in twin.summary
    assert twin.subject_citizen_id == fx.WANG_FANG[1]
    # R02: only the payments after death; the January one is not evidence
    r02 = result["R02"][0]
    paid = sorted(e["values"]["paid_on"] for e in r02.evidence if e["dataset"] == "payments")
    assert paid == ["2025-02-10", "2025-03-10"] and r02.amount == Decimal("2200.00")
    assert "2025年2月1日" in r02.summary
    r05 = by_rule["R05"][hit_identity("R05", (fx.EDUCATION, fx.C[8], "办公设备采购", "HT-05"))]
    assert sorted(e["values"]["contract_id"] for e in r05.evidence) == ["HT-05", "HT-06", "HT-07"]
    assert r05.amount == Decimal("2300000.00")
    r10 = {h.key["reason"]: h for h in result["R10"]}
    assert r10["over_tank"].amount == Decimal("520.00") and len(r10["over_tank"].evidence) == 2


def test_contract_splitting_thresholds_are_dated_configuration(datasets):
    # a county limit of 500,000 for goods from 2025: the 2025 pattern of 3 × 400,000 is a hit
    local = (*TENDER_THRESHOLDS, Threshold("货物", date(2025, 1, 1), Decimal("500000"), "本县"))
    hits = run_rules(datasets, rules=load_rules(["R05"]), params={"tender_thresholds": local})
    keys = {tuple(h.key.values()) for h in hits["R05"]}
    assert (fx.CIVIL, fx.C[3], "电脑采购", "HT-23") in keys
    assert (fx.CIVIL, fx.C[2], "电脑采购", "HT-20") in keys  # 2017 still under the old value
    # a shorter window splits the office-equipment contracts (gaps of 19 and 40 days)
    short = run_rules(datasets, rules=load_rules(["R05"]), params={"split_window_days": 30})
    assert {h.key["first_contract_id"] for h in short["R05"]} == {"HT-20"}


def test_fuel_on_a_make_up_working_day_is_not_a_hit_and_rest_days_can_be_given(datasets):
    rules = load_rules(["R10"])
    default = run_rules(datasets, rules=rules, params=fx.PARAMS)
    assert "2025-10-11" not in {h.key["day"] for h in default["R10"]}
    given = run_rules(
        datasets, rules=rules, params={**fx.PARAMS, "rest_days": [date(2025, 10, 11)]}
    )
    assert {h.key["day"] for h in given["R10"] if h.key["reason"] == "rest_day"} == {"2025-10-11"}
    # without configured areas the home area is the most frequent one (兰江县)
    auto = run_rules(datasets, rules=rules)
    assert {h.key["reason"] for h in auto["R10"]} == {h.key["reason"] for h in default["R10"]}


def test_name_fallback_can_be_switched_off(datasets):
    result = run_rules(datasets, rules=load_rules(["R01", "R08"]), params={"name_fallback": False})
    assert all(h.match == "id" for hits in result.values() for h in hits)
    assert len(result["R01"]) == 1 and len(result["R08"]) == 2


def test_rules_whose_datasets_are_missing_are_skipped_with_a_reason(datasets):
    progress = []
    partial = {k: v for k, v in datasets.items() if k in ("payments", "deaths")}
    result = run_rules(
        partial,
        rules=load_rules(["R01", "R02", "R09"]),
        progress=lambda done, total, msg: progress.append((done, total)),
    )
    assert set(result) == {"R02", "R09"} and len(result["R02"]) == 1
    assert result.skipped == {"R01": "缺少数据集：财政供养人员"}
    assert progress[0] == (0, 3) and progress[-1] == (3, 3)


def test_unknown_engine_is_refused(datasets):
    with pytest.raises(ValueError, match="引擎"):
        run_rules(datasets, engine="oracle")


def test_every_rule_names_its_source_and_key_fields_in_chinese():
    """What staff read about a rule: the laws and the method in words (no developer
    reference such as DOMAIN.md), and every key field by a Chinese name."""
    from jiandu.crosscheck.labels import field_labels

    for rule in load_rules():
        assert rule.source.startswith("可能涉及：") and "比对方法：" in rule.source, rule.code
        assert not re.search(r"[A-Za-z§]", rule.source), (rule.code, rule.source)
        for label in field_labels(rule.key, rule.datasets):
            assert label != "其他字段" and not re.search(r"[A-Za-z_]", label), (rule.code, label)


def test_rewording_a_rule_is_not_a_new_version():
    rule = load_rules(["R01"])[0]
    assert rule.path is not None
    text = rule.path.read_text(encoding="utf-8")
    reworded = text.replace(rule.source, "可能涉及：另一种说法。比对方法：同上。")
    assert reworded != text
    assert parse_rule(reworded).version == rule.version
    assert parse_rule(text.replace("SELECT", "SELECT ", 1)).version != rule.version
