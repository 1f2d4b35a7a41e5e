"""Running the rules: DuckDB in-process by default, Apache Spark for data beyond one machine.

Both engines run the same rule files (``jiandu/crosscheck/rules/R*.sql``): each dataset's
Parquet file is registered as a table (a view, or a Spark temp view) under its type's
name, the run's parameters become helper tables (``rest_days``, ``tender_thresholds``,
``fuel_areas``) and literal placeholders, and for Spark the DuckDB SQL is transpiled by
sqlglot. A rule returns one row per (hit, evidence row); here the rows are grouped into
:class:`Hit` objects with a stable identity (sha256 of the rule code and key values), the
evidence rows' values (read back from the Parquet files), the amount and a one-line
Chinese summary.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa

from jiandu.crosscheck.engine.config import DEFAULT_PARAMS, threshold_rows
from jiandu.crosscheck.engine.datasets import DATASET_TYPES
from jiandu.crosscheck.engine.names import LABELS as NAME_LABELS
from jiandu.crosscheck.engine.names import name_confidence
from jiandu.crosscheck.engine.rules import Rule, load_rules

ENGINES = ("duckdb", "spark")
STANDARD_COLUMNS = (
    "subject_name",
    "subject_citizen_id",
    "subject_unit",
    "ev_dataset",
    "ev_row",
    "confidence",
    "name_a",
    "name_b",
)


@dataclass
class Hit:
    rule: str
    identity: str
    summary: str
    subject_name: str
    subject_citizen_id: str | None
    subject_unit: str | None
    amount: Decimal | None
    confidence: float
    evidence: list[dict]
    key: dict[str, Any] = field(default_factory=dict)  # JSON-safe key values
    match: str = "id"  # "id" (exact key) or "name" (name-only second pass)


class RunResult(dict):
    """rule code → hits (a ``dict[str, list[Hit]]``), plus what was skipped and timings."""

    def __init__(self) -> None:
        super().__init__()
        self.skipped: dict[str, str] = {}
        self.seconds: dict[str, float] = {}
        self.engine = "duckdb"

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.values())


# --------------------------------------------------------------------------- values


def _canon(value: Any) -> str:
    """A key value as text, the same whichever engine produced it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.quantize(Decimal("0.01")), "f")
    if isinstance(value, float):
        return repr(round(value, 6))
    return str(value)


def hit_identity(rule_code: str, key_values: Iterable[Any]) -> str:
    """The stable identity of a hit: sha256 of the rule code and its key values (24 hex)."""
    text = "\x1f".join([rule_code, *(_canon(v) for v in key_values)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def json_safe(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float) and value.is_integer():
        return int(value) if abs(value) < 2**53 else value
    return value


def money_text(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


def _shown(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, int) and name.endswith("_month") and 190001 <= value <= 210012:
        return f"{value // 100}年{value % 100}月"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return ""


# --------------------------------------------------------------------------- engines


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def substitute(sql: str, params: dict[str, Any]) -> str:
    """Replace ``{{name}}`` placeholders by the parameters as SQL literals."""
    for name, value in params.items():
        token = "{{" + name + "}}"
        if token in sql:
            sql = sql.replace(token, _literal(value))
    if "{{" in sql:
        start = sql.index("{{")
        raise KeyError(f"rule parameter {sql[start : sql.index('}}', start) + 2]} is not set")
    return sql


HELPER_SCHEMAS = {
    "rest_days": pa.schema([("day", pa.date32())]),
    "fuel_areas": pa.schema([("area", pa.string())]),
    "tender_thresholds": pa.schema(
        [
            ("procurement_type", pa.string()),
            ("valid_from", pa.date32()),
            ("valid_to", pa.date32()),
            ("threshold", pa.decimal128(18, 2)),
        ]
    ),
}


class DuckDBEngine:
    name = "duckdb"

    def __init__(self, datasets: dict[str, Path], *, threads: int = 2, memory_limit: str = "6GB"):
        import duckdb

        self.tmp = tempfile.mkdtemp(prefix="jiandu-duckdb-")
        self.con = duckdb.connect(config={"threads": threads, "memory_limit": memory_limit})
        self.con.execute(f"SET temp_directory = '{self.tmp}'")
        self.con.execute("SET preserve_insertion_order = false")
        for name, path in datasets.items():
            self.con.execute(
                f'CREATE VIEW "{name}" AS SELECT * FROM read_parquet({_literal(str(path))})'  # noqa: S608 - name is a known dataset type, the path a literal
            )

    def add_table(self, name: str, table: pa.Table) -> None:
        self.con.register(f"_arrow_{name}", table)
        sql = f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM "_arrow_{name}"'  # noqa: S608 - our helper names
        self.con.execute(sql)
        self.con.unregister(f"_arrow_{name}")

    def query(self, sql: str) -> pa.Table:
        return self.con.sql(sql).to_arrow_table()

    def close(self) -> None:
        import shutil

        self.con.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


_spark_lock = threading.Lock()
_spark: Any = None


#: For small data (tests, a county): compiling generated code costs more than it saves.
SMALL_DATA_CONF = {
    "spark.sql.shuffle.partitions": "1",
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",
}


def spark_session(conf: dict[str, str] | None = None) -> Any:
    """The process's local SparkSession (created once: local[2], no UI, few shuffle
    partitions, bound to 127.0.0.1 — no network). ``conf`` adds settings when the session
    is created (e.g. :data:`SMALL_DATA_CONF`)."""
    global _spark
    with _spark_lock:
        if _spark is None:
            import os

            from pyspark.sql import SparkSession

            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            os.environ.setdefault("PYSPARK_PYTHON", os.sys.executable)
            builder = (
                SparkSession.builder.master("local[2]")
                .appName("jiandu-crosscheck")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .config("spark.driver.memory", "2g")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.ansi.enabled", "false")
                .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            )
            for key, value in (conf or {}).items():
                builder = builder.config(key, value)
            _spark = builder.getOrCreate()
            _spark.sparkContext.setLogLevel("ERROR")
        return _spark


def stop_spark() -> None:
    global _spark
    with _spark_lock:
        if _spark is not None:
            _spark.stop()
            _spark = None


def to_spark_sql(sql: str) -> str:
    """The DuckDB SQL of a rule in Spark's dialect (sqlglot)."""
    import sqlglot

    return sqlglot.transpile(sql, read="duckdb", write="spark")[0]


class SparkEngine:
    name = "spark"

    def __init__(self, datasets: dict[str, Path]):
        self.owns_session = _spark is None
        self.spark = spark_session()
        self.views: list[str] = []
        for name, path in datasets.items():
            self.spark.read.parquet(str(path)).createOrReplaceTempView(name)
            self.views.append(name)

    def add_table(self, name: str, table: pa.Table) -> None:
        self.spark.createDataFrame(table).createOrReplaceTempView(name)
        self.views.append(name)

    def query(self, sql: str) -> pa.Table:
        return self.spark.sql(to_spark_sql(sql)).toArrow()

    def close(self) -> None:
        for name in self.views:
            self.spark.catalog.dropTempView(name)
        if self.owns_session:
            stop_spark()


# --------------------------------------------------------------------------- the run


def _legal_rest_days(first_year: int, last_year: int) -> list[date]:
    """Rest days from the legal calendar (DOMAIN.md §1): the database tables when Django
    is set up, else the bundled calendar."""
    from jiandu.core import calendar

    cal = None
    try:
        from django.conf import settings

        if settings.configured:
            cal = calendar.default_calendar()
    except Exception:
        cal = None
    cal = cal or calendar.bundled_calendar()
    day, last = date(first_year, 1, 1), date(last_year, 12, 31)
    days = []
    while day <= last:
        if cal.is_rest_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _helper_tables(
    engine: Any, datasets: dict[str, Path], params: dict[str, Any], today: date
) -> None:
    rest = params.get("rest_days")
    if rest is None:
        rest = _legal_rest_days(2004, today.year + 1)
    engine.add_table("rest_days", pa.table({"day": pa.array(sorted(set(rest)), pa.date32())}))
    areas = params.get("fuel_areas")
    if areas is None:
        areas = []
        if "fuel_transactions" in datasets:
            top = engine.query(
                "SELECT area FROM fuel_transactions GROUP BY area "
                "ORDER BY COUNT(*) DESC, area LIMIT 1"
            )
            areas = top.column("area").to_pylist()
    engine.add_table("fuel_areas", pa.table({"area": pa.array(list(areas), pa.string())}))
    rows = threshold_rows(params["tender_thresholds"])
    engine.add_table(
        "tender_thresholds",
        pa.Table.from_pylist(rows, schema=HELPER_SCHEMAS["tender_thresholds"])
        if rows
        else HELPER_SCHEMAS["tender_thresholds"].empty_table(),
    )


def _group(rule: Rule, table: pa.Table, match: str) -> dict[tuple, dict[str, Any]]:
    """Rows → {key tuple: {"first": row, "evidence": [(dataset, row)], "confidence": c}}."""
    groups: dict[tuple, dict[str, Any]] = {}
    if table.num_rows == 0:
        return groups
    names = table.column_names
    missing = [k for k in (*rule.key, "ev_dataset", "ev_row", "subject_name") if k not in names]
    if missing:
        raise ValueError(f"rule {rule.code} does not return the columns {missing}")
    rows = table.to_pylist()
    for row in rows:
        if match == "name":
            score = name_confidence(row.get("name_a"), row.get("name_b"))
            if score is None:
                continue
            row["confidence"] = score
            row["name_match"] = NAME_LABELS[score]
        key = tuple(row[k] for k in rule.key)
        group = groups.get(key)
        if group is None:
            group = groups[key] = {"first": row, "evidence": {}, "confidence": 1.0}
        ev = (row["ev_dataset"], int(row["ev_row"]))
        group["evidence"][ev] = None
        conf = row.get("confidence")
        if conf is not None:
            group["confidence"] = min(group["confidence"], float(conf))
    return groups


def _fetch_evidence(
    datasets: dict[str, Path], wanted: dict[str, set[int]]
) -> dict[tuple[str, int], dict[str, Any]]:
    """The values of the evidence rows, read back from the Parquet files (DuckDB)."""
    import duckdb

    found: dict[tuple[str, int], dict[str, Any]] = {}
    con = duckdb.connect(config={"threads": 2})
    try:
        for name, rows in wanted.items():
            if not rows:
                continue
            con.register("_wanted", pa.table({"r": pa.array(sorted(rows), pa.int64())}))
            table = con.sql(
                f"SELECT * FROM read_parquet({_literal(str(datasets[name]))}) "  # noqa: S608 - a literal
                "WHERE _row IN (SELECT r FROM _wanted)"
            ).to_arrow_table()
            con.unregister("_wanted")
            for record in table.to_pylist():
                found[(name, int(record.pop("_row")))] = record
    finally:
        con.close()
    return found


def _build_hits(
    rule: Rule,
    groups: dict[tuple, dict[str, Any]],
    values: dict[tuple[str, int], dict[str, Any]],
    match: str,
) -> list[Hit]:
    amount_ds, _, amount_col = rule.amount.partition(".")
    count_ds = amount_ds or next(iter(rule.datasets))
    hits = []
    for key, group in groups.items():
        first = group["first"]
        evidence_keys = sorted(
            group["evidence"],
            key=lambda e: (list(rule.datasets).index(e[0]) if e[0] in rule.datasets else 99, e[1]),
        )
        amount = None
        if amount_ds:
            amount = sum(
                (
                    Decimal(values[e][amount_col])
                    for e in evidence_keys
                    if e[0] == amount_ds and e in values and values[e].get(amount_col) is not None
                ),
                Decimal("0.00"),
            )
        count = sum(1 for e in evidence_keys if e[0] == count_ds)
        fields = _Fields({k: _shown(k, v) for k, v in first.items()})
        fields["count"] = str(count)
        fields["amount"] = money_text(amount) if amount is not None else ""
        summary = rule.summary.format_map(fields).rstrip("；，") if rule.summary else rule.name
        if match == "name":
            names = f"{first.get('name_a')}／{first.get('name_b')}，{first.get('name_match')}"
            summary += f"（按姓名比对：{names}，置信度较低）"
        evidence = [
            {
                "dataset": ds,
                "label": DATASET_TYPES[ds].label if ds in DATASET_TYPES else ds,
                "row": row,
                "values": {k: json_safe(v) for k, v in values.get((ds, row), {}).items()},
            }
            for ds, row in evidence_keys
        ]
        hits.append(
            Hit(
                rule=rule.code,
                identity=hit_identity(rule.code, key),
                summary=summary,
                subject_name=str(first.get("subject_name") or ""),
                subject_citizen_id=first.get("subject_citizen_id") or None,
                subject_unit=first.get("subject_unit") or None,
                amount=amount,
                confidence=round(group["confidence"], 3),
                evidence=evidence,
                key={k: json_safe(v) for k, v in zip(rule.key, key, strict=True)},
                match=match,
            )
        )
    hits.sort(key=lambda h: (-h.confidence, h.identity))
    return hits


def run_rules(
    datasets: dict[str, Path],
    *,
    rules: list[Rule] | None = None,
    engine: str = "duckdb",
    params: dict | None = None,
    today: date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    fetch_evidence: bool = True,
) -> RunResult:
    """Run ``rules`` (default: all) over ``datasets`` (type → Parquet path).

    Returns a :class:`RunResult`: rule code → hits; ``result.skipped`` says why a rule did
    not run (a dataset it needs is missing). ``params`` override
    :data:`config.DEFAULT_PARAMS`. ``progress(done, total, message)`` is called before
    each rule and at the end.
    """
    if engine not in ENGINES:
        raise ValueError(f"未知的比对引擎“{engine}”，可选：duckdb、spark")
    rules = load_rules() if rules is None else rules
    params = {**DEFAULT_PARAMS, **(params or {})}
    today = today or date.today()
    unknown = sorted(set(datasets) - set(DATASET_TYPES))
    if unknown:
        raise ValueError(f"未知的数据集类型：{'、'.join(unknown)}")
    datasets = {k: Path(v) for k, v in datasets.items()}
    result = RunResult()
    result.engine = engine
    runner = DuckDBEngine(datasets) if engine == "duckdb" else SparkEngine(datasets)
    total = len(rules)
    try:
        _helper_tables(runner, datasets, params, today)
        pending: list[tuple[Rule, dict, str]] = []
        for done, rule in enumerate(rules):
            if progress:
                progress(done, total, f"{rule.code} {rule.name}")
            missing = [d for d in rule.datasets if d not in datasets]
            if missing:
                labels = "、".join(
                    DATASET_TYPES[d].label if d in DATASET_TYPES else d for d in missing
                )
                result.skipped[rule.code] = f"缺少数据集：{labels}"
                continue
            started = time.perf_counter()
            groups = _group(rule, runner.query(substitute(rule.sql, params)), "id")
            pending.append((rule, groups, "id"))
            if rule.name_fallback and rule.fallback_sql and params.get("name_fallback", True):
                fallback = _group(rule, runner.query(substitute(rule.fallback_sql, params)), "name")
                fallback = {k: v for k, v in fallback.items() if k not in groups}
                pending.append((rule, fallback, "name"))
            result.seconds[rule.code] = time.perf_counter() - started
    finally:
        runner.close()
    wanted: dict[str, set[int]] = {}
    if fetch_evidence:
        for _, groups, _ in pending:
            for group in groups.values():
                for ds, row in group["evidence"]:
                    wanted.setdefault(ds, set()).add(row)
    values = _fetch_evidence(datasets, wanted) if wanted else {}
    for rule, groups, match in pending:
        result.setdefault(rule.code, []).extend(_build_hits(rule, groups, values, match))
    for rule in rules:
        if rule.code not in result.skipped:
            result.setdefault(rule.code, [])
    if progress:
        progress(total, total, "完成")
    return result
