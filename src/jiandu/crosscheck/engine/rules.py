"""The rule library: one SQL file per rule in ``jiandu/crosscheck/rules/``.

A rule file starts with a metadata header of ``-- field: value`` lines::

    -- code: R01
    -- name: 财政供养人员领取补贴
    -- datasets: payments(payee_name, payee_citizen_id, ...); public_employees(name, ...)
    -- meaning: 一条命中意味着什么（中文）
    -- key: citizen_id, program
    -- severity: high
    -- source: 可能涉及：《…》第…条。比对方法：…   (shown to staff: laws and methods in words)
    -- domain: DOMAIN.md §10 ...          (optional, for developers: never shown)
    -- name_fallback: yes
    -- amount: payments.amount           (optional: the hit's amount is the sum of this column
    --                                    over the distinct evidence rows of that dataset)
    -- summary: {subject_name}（{subject_unit}）...   (one line, Chinese; fields are output
    --                                    columns of the first row, plus {amount} and {count})

followed by the query, written for DuckDB in the portable subset that sqlglot transpiles
to Spark SQL. A query returns one row per (hit, evidence row) with the key columns,
``subject_name``, ``subject_citizen_id``, ``subject_unit``, ``ev_dataset``, ``ev_row``,
optionally ``confidence`` and any other column the summary uses. Rules marked
``name_fallback: yes`` may add, after a line ``-- @fallback``, a second query giving
candidate pairs matched by name only (extra columns ``name_a`` and ``name_b``); the runner
scores them with pypinyin and rapidfuzz and keeps them with a lower confidence.

Placeholders ``{{window_days}}`` and the like are replaced by the run's parameters before
the query runs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
SEVERITIES = ("high", "medium", "low")
SEVERITY_LABELS = {"high": "高", "medium": "中", "low": "低"}
FALLBACK_MARKER = "-- @fallback"
_FIELD = re.compile(r"^--\s*([a-z_]+)\s*:\s*(.*)$")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    datasets: dict[str, tuple[str, ...]]
    meaning: str
    key: tuple[str, ...]
    severity: str
    source: str
    name_fallback: bool
    sql: str
    version: str
    fallback_sql: str = ""
    amount: str = ""  # "dataset.column" summed over the evidence rows, or ""
    summary: str = ""
    domain: str = ""  # the developers' reference (DOMAIN.md §…), never shown to staff
    path: Path | None = None

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]


class RuleFileError(ValueError):
    pass


def _parse_datasets(text: str) -> dict[str, tuple[str, ...]]:
    result: dict[str, tuple[str, ...]] = {}
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        match = re.fullmatch(r"([a-z_]+)\s*\((.*)\)", part)
        if not match:
            raise RuleFileError(f"bad datasets entry: {part!r}")
        result[match.group(1)] = tuple(c.strip() for c in match.group(2).split(",") if c.strip())
    return result


def parse_rule(text: str, path: Path | None = None) -> Rule:
    meta: dict[str, str] = {}
    lines = text.splitlines()
    body_start = 0
    last = None
    for i, line in enumerate(lines):
        match = _FIELD.match(line)
        if match and match.group(1) in _FIELDS:
            last = match.group(1)
            meta[last] = match.group(2).strip()
            continue
        if line.startswith("--  ") and last:  # continuation line
            meta[last] += " " + line[2:].strip()
            continue
        body_start = i
        break
    missing = [f for f in _REQUIRED if f not in meta]
    if missing:
        raise RuleFileError(f"{path}: missing metadata {missing}")
    body = "\n".join(lines[body_start:])
    main, _, fallback = body.partition(FALLBACK_MARKER)
    severity = meta["severity"]
    if severity not in SEVERITIES:
        raise RuleFileError(f"{path}: severity must be one of {SEVERITIES}")
    name_fallback = meta["name_fallback"].lower() in ("yes", "true", "1", "是")
    if fallback.strip() and not name_fallback:
        raise RuleFileError(f"{path}: a fallback query needs name_fallback: yes")
    return Rule(
        code=meta["code"],
        name=meta["name"],
        datasets=_parse_datasets(meta["datasets"]),
        meaning=meta["meaning"],
        key=tuple(k.strip() for k in meta["key"].split(",") if k.strip()),
        severity=severity,
        source=meta["source"],
        name_fallback=name_fallback,
        sql=main.strip().rstrip(";"),
        version=_version(text),
        fallback_sql=fallback.strip().rstrip(";"),
        amount=meta.get("amount", ""),
        summary=meta.get("summary", ""),
        domain=meta.get("domain", ""),
        path=path,
    )


# Header lines that only describe a rule in words: rewording them is not a new version
# of the rule (its hits stay "found by the current rule").
_WORDING_ONLY = ("source", "domain")


def _version(text: str) -> str:
    """The rule's version: a fingerprint of its file without the wording-only lines."""
    kept = [
        line
        for line in text.splitlines()
        if not ((m := _FIELD.match(line)) and m.group(1) in _WORDING_ONLY)
    ]
    return hashlib.sha256("\n".join(kept).encode()).hexdigest()[:12]


_REQUIRED = ("code", "name", "datasets", "meaning", "key", "severity", "source", "name_fallback")
_FIELDS = (*_REQUIRED, "amount", "summary", "domain")


def load_rules(codes: Iterable[str] | None = None) -> list[Rule]:
    """The rules of the library (all, or the given codes in code order). An unknown code
    raises ``KeyError`` naming it."""
    rules = {}
    for path in sorted(RULES_DIR.glob("R*.sql")):
        rule = parse_rule(path.read_text(encoding="utf-8"), path)
        rules[rule.code] = rule
    if codes is None:
        return list(rules.values())
    wanted = [c.strip().upper() for c in codes if c and c.strip()]
    unknown = [c for c in wanted if c not in rules]
    if unknown:
        raise KeyError(f"未知的规则：{'、'.join(unknown)}")
    return [rules[c] for c in sorted(set(wanted))]
