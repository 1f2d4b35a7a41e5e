"""DuckDB and Spark run the same rule files over the same fixture and find the same hits
(identities, evidence rows, amounts, confidence). Not skipped: CI installs the ``spark``
extra and Java. One SparkSession for the whole module."""

from __future__ import annotations

import pytest

from jiandu.crosscheck.engine import run as engine_run
from jiandu.crosscheck.engine.rules import load_rules
from jiandu.crosscheck.tests import engine_fixture as fx


@pytest.fixture(scope="module")
def spark():
    session = engine_run.spark_session(engine_run.SMALL_DATA_CONF)
    yield session
    engine_run.stop_spark()


@pytest.fixture(scope="module")
def datasets(tmp_path_factory):
    return fx.build(tmp_path_factory.mktemp("fixture"))


def _signature(hits):
    return {
        h.identity: (
            h.amount,
            h.confidence,
            h.match,
            h.subject_name,
            h.subject_citizen_id,
            h.subject_unit,
            h.summary,
            tuple((e["dataset"], e["row"]) for e in h.evidence),
        )
        for h in hits
    }


@pytest.fixture(scope="module")
def both(spark, datasets):
    duck = engine_run.run_rules(datasets, params=fx.PARAMS, engine="duckdb")
    sparked = engine_run.run_rules(datasets, params=fx.PARAMS, engine="spark")
    return duck, sparked


def test_the_session_is_local_without_ui(spark):
    conf = spark.sparkContext.getConf()
    assert conf.get("spark.master") == "local[2]"
    assert conf.get("spark.ui.enabled") == "false"
    assert conf.get("spark.driver.bindAddress") == "127.0.0.1"


@pytest.mark.parametrize("code", [f"R{i:02d}" for i in range(1, 11)])
def test_duckdb_and_spark_find_the_same_hits(both, code):
    duck, sparked = both
    assert sparked.engine == "spark" and not sparked.skipped
    assert _signature(duck[code]) == _signature(sparked[code])
    assert {h.identity for h in sparked[code]} == fx.expected_identities()[code]


def test_spark_reuses_the_session_and_keeps_it(spark, datasets):
    result = engine_run.run_rules(datasets, rules=load_rules(["R09"]), engine="spark")
    assert engine_run.spark_session() is spark
    assert len(result["R09"]) == 1
    assert not spark.catalog.listTables()  # the run's temp views are dropped


def test_rule_sql_is_transpiled_to_spark_dialect():
    [rule] = load_rules(["R05"])
    sql = engine_run.to_spark_sql(
        engine_run.substitute(
            rule.sql, fx.PARAMS | {"split_window_days": 90, "default_procurement_type": "货物"}
        )
    )
    assert "INTERVAL '90' DAY" in sql and "REGEXP_REPLACE" in sql and "'g'" not in sql
