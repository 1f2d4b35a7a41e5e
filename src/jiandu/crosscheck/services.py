"""Every write of the cross-check module: importing a dataset version, exporting the
organisation register as internal datasets, starting and executing a run (storing its
hits under their stable identity), and triaging a hit (confirm → a clue with source
大数据比对 and the evidence; dismiss with a reason; reopen a dismissal).

The data engine (``jiandu.crosscheck.engine``) is imported lazily: DuckDB and pyarrow
are loaded by the processes that import or run, not by every web request.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Iterable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_tasks import task

from jiandu.audit.services import event_record
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.permissions import require_capability
from jiandu.core.services import locked
from jiandu.core.storage import file_sha256
from jiandu.crosscheck import jobs, triage
from jiandu.crosscheck.models import (
    DatasetImport,
    DatasetVersion,
    Engine,
    Hit,
    HitStatus,
    Run,
    RunStatus,
)

log = logging.getLogger(__name__)

# Rejected rows kept on the version for the page (the full list is in the report file).
REJECTIONS_SHOWN = 1000
# The organisation register's datasets, exported before every run.
INTERNAL_TYPES = ("officials", "relatives", "companies", "company_people")
INTERNAL_SOURCE = "干部名册和企业库（系统导出）"


def storage_root() -> Path:
    """Where dataset versions and reports live (``settings.CROSSCHECK_DIR`` in tests)."""
    root = Path(getattr(settings, "CROSSCHECK_DIR", None) or settings.VAR_DIR / "crosscheck")
    root.mkdir(parents=True, exist_ok=True)
    return root


def dataset_path(version: DatasetVersion) -> Path:
    return storage_root() / version.parquet_path


def _next_version(dataset_type: str) -> int:
    latest = DatasetVersion.objects.filter(dataset_type=dataset_type).aggregate(v=Max("version"))
    return (latest["v"] or 0) + 1


# --- importing a dataset ---------------------------------------------------------------------


class ImportRejected(DomainError):
    """Nothing could be imported: every row was rejected. ``rejections`` says why."""

    def __init__(self, message: str, rejections: list[dict[str, Any]]):
        super().__init__(message)
        self.rejections = rejections


def _rejection_dict(r: Any) -> dict[str, Any]:
    return {"row": r.row, "column": r.column, "value": str(r.value)[:100], "reason": r.reason}


def importable_types() -> dict[str, Any]:
    """The dataset types a person may upload (the internal ones come from the register)."""
    from jiandu.crosscheck.engine.datasets import DATASET_TYPES

    return {code: t for code, t in DATASET_TYPES.items() if not t.internal}


def dataset_import(
    *,
    actor: Any,
    dataset_type: str,
    source: Path,
    original_name: str = "",
    mapping: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> DatasetVersion:
    """Import a CSV, XLSX or Parquet file as the next version of ``dataset_type``.

    Headers are mapped automatically (or by ``mapping``: canonical column → source
    header); values are normalised and validated by the engine. Rejected rows do not
    stop the import: they go to the downloadable report. The same file (same SHA-256)
    is not imported twice for a type.

    The file is read and written outside the database transaction (a large file takes a
    while, and SQLite would hold its write lock all that time); the version is numbered
    and recorded, with its audit event, in one short transaction at the end. The file is
    streamed (memory bounded whatever its length); ``progress(rows_read)`` is called as
    it goes. Pages and the API run this in a background task (:func:`dataset_upload`);
    the CLI and the demo call it directly.
    """
    from jiandu.crosscheck.engine.datasets import MappingError, import_file

    require_capability(actor, "crosscheck.import")
    kinds = importable_types()
    if dataset_type not in kinds:
        raise DomainError("数据类型不存在", fields={"dataset_type": ["请选择数据类型"]})
    source = Path(source)
    name = (original_name or source.name)[:200]
    if Path(name).suffix.lower() not in (".csv", ".xlsx", ".parquet"):
        raise DomainError(
            "只能导入CSV、XLSX或Parquet文件", fields={"file": ["文件格式应为.csv、.xlsx或.parquet"]}
        )
    sha = file_sha256(source)
    _refuse_repeat(dataset_type, sha)
    stem = Path("datasets") / dataset_type / f"{sha[:16]}-{uuid.uuid4().hex[:8]}"
    out = storage_root() / stem.with_suffix(".parquet")
    report = str(stem) + "-rejections.xlsx"
    # The engine writes both files under temporary names and renames them when complete;
    # they are removed again on every way out but success (a refusal, an error, a cancel).
    try:
        try:
            result = import_file(
                dataset_type,
                source,
                out,
                mapping=mapping or None,
                original_name=name,
                report_path=storage_root() / report,
                progress=progress,
            )
        except MappingError as exc:
            raise DomainError(exc.message, fields={"mapping": [exc.message]}) from None
        rejections = [_rejection_dict(r) for r in result.rejections]
        if result.rows_accepted == 0:
            raise ImportRejected(
                f"文件共{result.rows_total}行，全部未通过校验，未导入。请按下表修改后重新上传。",
                rejections[:REJECTIONS_SHOWN],
            )
        return _record_import(
            actor=actor,
            dataset_type=dataset_type,
            name=name,
            sha=sha,
            parquet=str(stem.with_suffix(".parquet")),
            result=result,
            rejections=rejections,
            report=report if result.report_path else "",
        )
    except BaseException:
        out.unlink(missing_ok=True)
        (storage_root() / report).unlink(missing_ok=True)
        raise


def _refuse_repeat(dataset_type: str, sha: str) -> None:
    earlier = (
        DatasetVersion.objects.filter(dataset_type=dataset_type, source_sha256=sha)
        .order_by("-version")
        .first()
    )
    if earlier is not None:
        raise DomainError(
            f"该文件已于{timezone.localtime(earlier.imported_at):%Y年%m月%d日}导入为"
            f"{earlier.label}第{earlier.version}版，无需重复导入",
            fields={"file": ["该文件已导入过"]},
        )


@transaction.atomic
def _record_import(
    *,
    actor: Any,
    dataset_type: str,
    name: str,
    sha: str,
    parquet: str,
    result: Any,
    rejections: list[dict[str, Any]],
    report: str,
) -> DatasetVersion:
    _refuse_repeat(dataset_type, sha)  # again, now under the write lock
    version = _next_version(dataset_type)
    dv = DatasetVersion.objects.create(
        dataset_type=dataset_type,
        version=version,
        source_name=name,
        source_sha256=sha,
        parquet_path=parquet,
        rows_total=result.rows_total,
        rows_accepted=result.rows_accepted,
        rows_rejected=result.rows_rejected or len({r["row"] for r in rejections}),
        header_mapping=dict(result.header_mapping),
        rejections=rejections[:REJECTIONS_SHOWN],
        rejections_path=report,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    event_record(
        actor=actor,
        action="crosscheck.dataset.import",
        obj=dv,
        to_state=f"第{version}版",
        payload={
            "type": dataset_type,
            "file": name,
            "sha256": sha,
            "rows": result.rows_total,
            "accepted": result.rows_accepted,
            "rejected": dv.rows_rejected,
        },
    )
    return dv


# --- the organisation register as internal datasets -----------------------------------------


def _register_rows() -> dict[str, list[dict[str, Any]]]:
    """The organisation register in the engine's internal columns, in a stable order."""
    from jiandu.org.models import (
        Company,
        CompanyPerson,
        CompanyRole,
        Post,
        Rank,
        Relation,
        Relative,
    )

    ranks = dict(Rank.choices)
    officials = [
        {
            "name": p.cadre.name,
            "citizen_id": p.cadre.citizen_id,
            "unit": p.unit.name,
            "post": p.title,
            "rank": ranks.get(p.cadre.rank, p.cadre.rank),
        }
        for p in Post.objects.current()
        .select_related("cadre", "unit")
        .only("title", "cadre__name", "cadre__citizen_id", "cadre__rank", "unit__name")
        .order_by("cadre__citizen_id", "unit__name", "title", "id")
    ]
    relations = dict(Relation.choices)
    relatives = [
        {
            "official_citizen_id": r.cadre.citizen_id,
            "official_name": r.cadre.name,
            "name": r.name,
            "citizen_id": r.citizen_id,
            "relation": relations.get(r.relation, r.relation),
        }
        for r in Relative.objects.select_related("cadre")
        .only("name", "citizen_id", "relation", "cadre__name", "cadre__citizen_id")
        .order_by("cadre__citizen_id", "id")
    ]
    companies = [
        {
            "uscc": c.uscc,
            "name": c.name,
            "address": c.address,
            "phone": c.phone,
            "registered_on": c.registered_on,
        }
        for c in Company.objects.order_by("uscc").only(
            "uscc", "name", "address", "phone", "registered_on"
        )
    ]
    roles = dict(CompanyRole.choices)
    company_people = [
        {
            "uscc": p.company.uscc,
            "person_name": p.person_name,
            "person_citizen_id": p.person_citizen_id,
            "role": roles.get(p.role, p.role),
            "share_ratio": p.share_ratio,
        }
        for p in CompanyPerson.objects.select_related("company")
        .only("person_name", "person_citizen_id", "role", "share_ratio", "company__uscc")
        .order_by("company__uscc", "id")
    ]
    return {
        "officials": officials,
        "relatives": relatives,
        "companies": companies,
        "company_people": company_people,
    }


def _rows_sha256(rows: list[dict[str, Any]]) -> str:
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def internal_datasets_export(*, actor: Any) -> list[DatasetVersion]:
    """Export the organisation register (cadres' current posts, relatives, companies and
    their people) as internal dataset versions; a type whose content has not changed
    since its last export keeps its version. Returns the versions created."""
    from jiandu.crosscheck.engine.datasets import write_internal

    require_capability(actor, "crosscheck.run")
    created = []
    for dataset_type, rows in _register_rows().items():
        sha = _rows_sha256(rows)
        latest = (
            DatasetVersion.objects.filter(dataset_type=dataset_type, internal=True)
            .order_by("-version")
            .first()
        )
        if latest is not None and latest.source_sha256 == sha and dataset_path(latest).exists():
            continue
        version = _next_version(dataset_type)
        relative = Path("datasets") / dataset_type / f"v{version}-register.parquet"
        out = storage_root() / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        count = write_internal(dataset_type, rows, out)
        created.append(
            DatasetVersion.objects.create(
                dataset_type=dataset_type,
                version=version,
                internal=True,
                source_name=INTERNAL_SOURCE,
                source_sha256=sha,
                parquet_path=str(relative),
                rows_total=count,
                rows_accepted=count,
                imported_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        )
    if created:
        event_record(
            actor=actor,
            action="crosscheck.dataset.export_register",
            object_type="crosscheck.datasetversion",
            object_repr="干部名册导出为比对数据集",
            payload={v.dataset_type: v.version for v in created},
        )
    return created


def current_versions() -> dict[str, DatasetVersion]:
    """The version of each dataset type a run reads: the latest imported one, or for a
    type never imported (officials, relatives; companies and their people until a
    registration file is imported) the latest export of the organisation register."""
    chosen: dict[str, DatasetVersion] = {}
    for dv in DatasetVersion.objects.order_by("dataset_type", "internal", "-version"):
        chosen.setdefault(dv.dataset_type, dv)
    return chosen


# --- runs -------------------------------------------------------------------------------------


def _rules(codes: Iterable[str] | None = None) -> list[Any]:
    from jiandu.crosscheck.engine.rules import load_rules

    return load_rules(list(codes) if codes else None)


def active_run() -> Run | None:
    """The run that is queued or running; a run whose worker died (its heartbeat
    stopped) is marked failed first, so it never blocks the next one."""
    jobs.reap_stale(Run)
    return (
        Run.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
        .order_by("-created_at")
        .first()
    )


@locked("run")
def run_cancel(*, actor: Any, run: Run) -> Run:
    """Cancel a run: a queued one at once, a running one at the engine's next step
    (between rules); it ends as 已取消. Audit event ``crosscheck.run.cancel``."""
    require_capability(actor, "crosscheck.run")
    return jobs.request_cancel(actor=actor, job=run)


@transaction.atomic
def run_start(
    *,
    actor: Any,
    rule_codes: list[str] | None = None,
    engine: str = Engine.DUCKDB,
    enqueue: bool = True,
) -> Run:
    """Queue a run of ``rule_codes`` (all rules when empty) on ``engine``; the background
    task (``jiandu worker``) executes it after this transaction commits. ``enqueue=False``
    leaves the execution to the caller (the CLI and the demo run it in-process)."""
    require_capability(actor, "crosscheck.run")
    if engine not in Engine.values:
        raise DomainError("比对引擎不存在", fields={"engine": ["请选择DuckDB或Spark"]})
    known = {rule.code: rule for rule in _rules()}
    codes = sorted(dict.fromkeys(c.strip().upper() for c in rule_codes or [] if c.strip()))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise DomainError(
            f"比对规则不存在：{'、'.join(unknown)}", fields={"rule_codes": ["规则不存在"]}
        )
    running = active_run()
    if running is not None:
        raise DomainError(f"{running}正在{running.get_status_display()}，请等它完成后再发起")
    run = Run.objects.create(
        engine=engine,
        rule_codes=codes,
        rule_versions={c: known[c].version for c in (codes or sorted(known))},
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    event_record(
        actor=actor,
        action="crosscheck.run.start",
        obj=run,
        to_state=RunStatus.QUEUED.label,
        payload={"engine": engine, "rules": codes or "全部"},
    )
    if enqueue:
        run_id = run.pk
        transaction.on_commit(lambda: run_checks_task.enqueue(run_id=run_id))
    return run


def run_params() -> dict[str, Any]:
    """The rules' parameters: the engine's defaults (``engine.config.DEFAULT_PARAMS``:
    the national tender thresholds by procurement type and date, the splitting window,
    the legal calendar's rest days …), overridden by ``settings.CROSSCHECK_PARAMS`` where
    a county configures its own (e.g. lower local procurement limits, its fuel areas)."""
    return dict(getattr(settings, "CROSSCHECK_PARAMS", None) or {})


def _progress_writer(run_id: int) -> Callable[[int, int, str], None]:
    """Progress goes straight to the row (its own autocommit statement), so the page
    polling it sees each step while the run is still going."""

    def write(done: int, total: int, note: str) -> None:
        # One step more than the engine's: storing the hits is the last one. Each step
        # is a heartbeat and a point where a cancel request stops the run.
        jobs.beat(Run, run_id, progress_done=done, progress_total=total + 1, note=note)
        jobs.check_cancel(Run, run_id)

    return write


def run_execute(*, run_id: int) -> Run:
    """Execute a queued run (the background task's body): export the register, read the
    current dataset versions, run the rules on the engine, store the hits. A run that is
    not queued any more is left alone (a task delivered twice does nothing)."""
    now = timezone.now()
    claimed = Run.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=now, heartbeat_at=now, progress_note="准备数据"
    )
    run = Run.objects.get(pk=run_id)
    if not claimed:
        return run
    try:
        with jobs.heartbeat(Run, run_id):
            internal_datasets_export(actor=None)
            jobs.check_cancel(Run, run_id)
            versions = current_versions()
            rules = _rules(run.rule_codes or None)
            result = _engine_run(run, rules, versions)
            jobs.check_cancel(Run, run_id)
            _finish(run, rules, versions, result)
    except jobs.Cancelled:
        jobs.end_cancelled(run)
    except Exception as exc:  # the run failed: say so on the run, keep the worker alive
        log.exception("crosscheck run %s failed", run_id)
        _fail(run, exc)
    run.refresh_from_db()
    return run


def _engine_run(run: Run, rules: list[Any], versions: dict[str, DatasetVersion]) -> Any:
    from jiandu.crosscheck.engine.run import run_rules

    today = timezone.localdate()
    paths = {t: dataset_path(v) for t, v in versions.items() if dataset_path(v).exists()}
    return run_rules(
        paths,
        rules=rules,
        engine=run.engine,
        params=run_params(),
        today=today,
        progress=_progress_writer(run.pk),
    )


def _skipped(result: Any, rules: list[Any]) -> dict[str, str]:
    """The rules the engine did not run, with its reason (a missing dataset …)."""
    skipped = getattr(result, "skipped", None)
    if isinstance(skipped, dict):
        return {str(k): str(v) for k, v in skipped.items()}
    return {r.code: "未运行（所需数据集缺失）" for r in rules if r.code not in result}


@transaction.atomic
def _fail(run: Run, exc: Exception) -> None:
    if Run.objects.select_for_update().get(pk=run.pk).status != RunStatus.RUNNING:
        return  # already ended (taken for dead, or cancelled)
    run.status = RunStatus.FAILED
    run.error = (getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}")[:2000]
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    event_record(
        actor=None,
        action="crosscheck.run.fail",
        obj=run,
        from_state=RunStatus.RUNNING.label,
        to_state=RunStatus.FAILED.label,
        reason=run.error[:200],
    )


class _SubjectMatcher:
    """Match a hit's subject to the organisation register: the cadre with that citizen
    ID (and the unit of their current post, head posts first), else the unit whose name
    (or short name) is the one in the data. Two queries for units, two per batch of IDs."""

    def __init__(self) -> None:
        from jiandu.org.models import Unit

        self.units: dict[str, int] = {}
        self.keys: dict[str, int | None] = {}
        rows = list(Unit.objects.values_list("id", "name", "short_name"))
        for uid, _name, short in rows:
            if short:
                self.units.setdefault(short.strip(), uid)
        for uid, name, _short in rows:
            self.units[name.strip()] = uid
        for uid, name, _short in rows:  # an ambiguous key matches nothing
            key = triage.unit_key(name)
            self.keys[key] = None if key in self.keys and self.keys[key] != uid else uid
        self.cadres: dict[str, tuple[int, int | None]] = {}

    def load_cadres(self, citizen_ids: set[str]) -> None:
        from jiandu.org.models import Cadre, Post

        ids = sorted(i for i in citizen_ids if i and i not in self.cadres)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            found = dict(Cadre.objects.filter(citizen_id__in=chunk).values_list("citizen_id", "id"))
            post_units: dict[int, int] = {}
            for cadre_id, unit_id in (
                Post.objects.current()
                .filter(cadre_id__in=found.values())
                .order_by("-is_head", "-is_leadership", "start_date", "id")
                .values_list("cadre_id", "unit_id")
            ):
                post_units.setdefault(cadre_id, unit_id)
            for citizen_id, cadre_id in found.items():
                self.cadres[citizen_id] = (cadre_id, post_units.get(cadre_id))

    def match(self, citizen_id: str | None, unit_name: str | None) -> tuple[int | None, int | None]:
        cadre_id, unit_id = self.cadres.get(citizen_id or "", (None, None))
        if unit_id is None and unit_name:
            unit_id = self.units.get(unit_name.strip()) or self.keys.get(triage.unit_key(unit_name))
        return cadre_id, unit_id


def _amount(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except ArithmeticError:
        return None


def _store_hits(
    run: Run, rules: list[Any], versions: dict[str, DatasetVersion], result: Any
) -> tuple[int, int]:
    """Add the hits not seen before (first found by this run), mark the others as seen
    again; returns (hits found by this run, of which new)."""
    rule_by_code = {r.code: r for r in rules}
    found = [(code, h) for code, hits in result.items() for h in hits]
    matcher = _SubjectMatcher()
    matcher.load_cadres({h.subject_citizen_id for _, h in found if h.subject_citizen_id})
    seen: set[tuple[str, str]] = set()
    new_hits: list[Hit] = []
    again: list[tuple[str, str]] = []
    existing: set[tuple[str, str]] = set()
    for code in {c for c, _ in found}:
        identities = [h.identity for c, h in found if c == code]
        for start in range(0, len(identities), 1000):
            existing.update(
                (code, i)
                for i in Hit.objects.filter(
                    rule_code=code, identity__in=identities[start : start + 1000]
                ).values_list("identity", flat=True)
            )
    for code, h in found:
        key = (code, h.identity)
        if key in seen:
            continue
        seen.add(key)
        if key in existing:
            again.append(key)
            continue
        rule = rule_by_code[code]
        cadre_id, unit_id = matcher.match(h.subject_citizen_id, h.subject_unit)
        new_hits.append(
            Hit(
                rule_code=code,
                rule_version=rule.version,
                identity=h.identity,
                severity=rule.severity,
                summary=(h.summary or "")[:300],
                confidence=float(h.confidence),
                amount=_amount(h.amount),
                subject_name=(h.subject_name or "")[:100],
                subject_citizen_id=(h.subject_citizen_id or "")[:18],
                subject_unit_name=(h.subject_unit or "")[:120],
                subject_cadre_id=cadre_id,
                subject_unit_id=unit_id,
                evidence=json.loads(json.dumps(h.evidence, default=str, ensure_ascii=False)),
                first_run=run,
                last_run=run,
            )
        )
    Hit.objects.bulk_create(new_hits, batch_size=500)
    if any(hit.pk is None for hit in new_hits):  # a backend that returns no ids
        ids = {
            (code, identity): pk
            for code, identity, pk in Hit.objects.filter(first_run=run).values_list(
                "rule_code", "identity", "id"
            )
        }
        for hit in new_hits:
            hit.pk = ids[(hit.rule_code, hit.identity)]
    through = Hit.dataset_versions.through
    links = [
        through(hit_id=hit.pk, datasetversion_id=versions[dataset].pk)
        for hit in new_hits
        for dataset in rule_by_code[hit.rule_code].datasets
        if dataset in versions
    ]
    through.objects.bulk_create(links, batch_size=1000)
    for code in {c for c, _ in again}:
        identities = [i for c, i in again if c == code]
        for start in range(0, len(identities), 1000):
            Hit.objects.filter(
                rule_code=code, identity__in=identities[start : start + 1000]
            ).update(last_run=run)
    return len(seen), len(new_hits)


@transaction.atomic
def _finish(run: Run, rules: list[Any], versions: dict[str, DatasetVersion], result: Any) -> None:
    if Run.objects.select_for_update().get(pk=run.pk).status != RunStatus.RUNNING:
        return  # taken for dead meanwhile: its failure stands, the hits are not stored
    skipped = _skipped(result, rules)
    used = {d for r in rules if r.code not in skipped for d in r.datasets}
    run.dataset_versions.set([v for t, v in versions.items() if t in used])
    total, new = _store_hits(run, rules, versions, result)
    run.hits_total, run.hits_new, run.skipped = total, new, skipped
    run.status = RunStatus.SUCCEEDED
    run.finished_at = timezone.now()
    run.progress_done = run.progress_total = max(run.progress_total, 1)
    run.progress_note = "已完成"
    run.save(
        update_fields=[
            "hits_total",
            "hits_new",
            "skipped",
            "status",
            "finished_at",
            "progress_done",
            "progress_total",
            "progress_note",
        ]
    )
    event_record(
        actor=None,
        action="crosscheck.run.finish",
        obj=run,
        from_state=RunStatus.RUNNING.label,
        to_state=RunStatus.SUCCEEDED.label,
        payload={
            "hits": total,
            "new": new,
            "skipped": skipped,
            "datasets": {t: v.version for t, v in versions.items() if t in used},
        },
    )


# --- triage ----------------------------------------------------------------------------------


def _visible_hit(actor: Any, hit: Hit) -> Hit:
    """The hit, locked for the decision; ``NotFound`` if the actor may not see it."""
    qs = Hit.objects.select_for_update().filter(pk=hit.pk)
    if actor is not None:
        visible = Hit.objects.visible_to(actor).filter(pk=hit.pk)
        if not visible.exists():
            raise NotFound()
    locked = qs.first()
    if locked is None:
        raise NotFound()
    return locked


def rule_names() -> dict[str, str]:
    return {r.code: r.name for r in _rules()}


def evidence_lines(hit: Hit, limit: int = 10) -> list[str]:
    """The evidence rows as short lines (dataset, row, values), for the clue."""
    from jiandu.crosscheck.engine.datasets import DATASET_TYPES

    lines = []
    for row in hit.evidence[:limit]:
        kind = DATASET_TYPES.get(str(row.get("dataset", "")))
        labels = {c.field: c.header for c in kind.columns} if kind else {}
        given = row.get("values") or {}
        # In the catalogue's column order (PostgreSQL's jsonb does not keep key order).
        names = [n for n in labels if n in given] + sorted(k for k in given if k not in labels)
        values = "，".join(
            f"{labels.get(k, k)}：{given[k]}"
            for k in names
            if given[k] not in (None, "") and not k.startswith("_")
        )
        label = triage.dataset_label(str(row.get("dataset", "")))
        lines.append(f"{label}第{row.get('row', '?')}行：{values}"[:300])
    if len(hit.evidence) > limit:
        lines.append(f"另有{len(hit.evidence) - limit}行证据，见比对疑点页面")
    return lines


def _decide(hit: Hit, actor: Any, action: str, reason: str, fields: list[str]) -> Hit:
    before = hit.status
    hit.status = triage.MACHINE.check(hit.status, action)
    hit.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    hit.decided_at = timezone.now()
    hit.save(update_fields=["status", "decided_by", "decided_at", *fields])
    event_record(
        actor=actor,
        action=f"crosscheck.hit.{action}",
        obj=hit,
        from_state=HitStatus(before).label,
        to_state=HitStatus(hit.status).label,
        reason=reason,
        payload={"rule": hit.rule_code, "identity": hit.identity}
        | ({"clue": hit.clue.number} if hit.clue is not None else {}),
    )
    return hit


@locked("hit")
def hit_confirm(*, actor: Any, hit: Hit, note: str = "") -> Hit:
    """Confirm a hit: it becomes a clue with the source 大数据比对, its summary carrying
    the rule and the evidence rows, linked both ways (``hit.clue``). Clues are registered
    by 案管室 ([规则] 21): when the confirming office may not register clues itself, the
    system registers it on its behalf (the hit's event names who confirmed)."""
    from jiandu.clues import services as clue_services
    from jiandu.clues.models import ClueSource
    from jiandu.core.models import ProblemCategory

    require_capability(actor, "crosscheck.triage")
    hit = _visible_hit(actor, hit)
    triage.MACHINE.check(hit.status, "confirm")
    names = rule_names()
    summary = triage.clue_summary(
        rule_code=hit.rule_code,
        rule_name=names.get(hit.rule_code, hit.rule_code),
        summary=hit.summary,
        evidence_lines=evidence_lines(hit),
        note=note,
    )
    rule_codes = triage.RULE_CATEGORIES.get(hit.rule_code, ())
    codes = list(ProblemCategory.objects.filter(code__in=rule_codes).values_list("code", flat=True))
    registrar = actor if actor is None or actor.has_capability("clues.register") else None
    clue = clue_services.clue_create(
        actor=registrar,
        source=ClueSource.CROSSCHECK,
        summary=summary,
        received_on=timezone.localdate(),
        subject_name=hit.subject_name[:40],
        subject_cadre=hit.subject_cadre,
        subject_unit=hit.subject_unit,
        category_codes=codes,
        transfer_ref=f"比对疑点{hit.rule_code}-{hit.pk}",
    )
    hit.clue = clue
    return _decide(hit, actor, "confirm", note.strip()[:300], ["clue"])


@locked("hit")
def hit_dismiss(*, actor: Any, hit: Hit, reason: str) -> Hit:
    """Dismiss a hit, with the reason (counted against the rule's precision)."""
    require_capability(actor, "crosscheck.triage")
    hit = _visible_hit(actor, hit)
    triage.MACHINE.check(hit.status, "dismiss")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("排除疑点须说明理由", fields={"reason": ["请说明排除理由"]})
    hit.reason = reason[:300]
    return _decide(hit, actor, "dismiss", hit.reason, ["reason"])


@locked("hit")
def hit_reopen(*, actor: Any, hit: Hit, reason: str) -> Hit:
    """Put a dismissed hit back to 待研判 (e.g. the dismissal was a mistake)."""
    require_capability(actor, "crosscheck.triage")
    hit = _visible_hit(actor, hit)
    triage.MACHINE.check(hit.status, "reopen")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("重新研判须说明理由", fields={"reason": ["请说明理由"]})
    hit.reason = ""
    return _decide(hit, actor, "reopen", reason[:300], ["reason"])


def temp_dir(*parts: str) -> Path:
    """Where the module's temporary files go: ``VAR_DIR/tmp`` (``settings.JIANDU_TMP_DIR``),
    never the system's temporary directory; :func:`temp_sweep` clears what a killed
    process left there."""
    root = Path(getattr(settings, "JIANDU_TMP_DIR", None) or settings.VAR_DIR / "tmp")
    path = root.joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_upload(upload: Any, directory: Path | None = None, prefix: str = "upload-") -> Path:
    """An uploaded file written in chunks under a random name in ``directory`` (default
    :func:`temp_dir`), keeping its suffix (the engine reads a file by its suffix). The
    caller deletes it; a partly written file is removed here."""
    suffix = Path(getattr(upload, "name", "") or "upload").suffix.lower()[:10]
    directory = directory or temp_dir()
    path = directory / f"{prefix}{uuid.uuid4().hex}{suffix}"
    received = getattr(upload, "temporary_file_path", None)
    if received is not None:  # Django already wrote it to VAR_DIR/tmp: move, not copy
        try:
            os.replace(received(), path)
            return path
        except OSError:
            pass  # another filesystem: copy below
    try:
        with open(path, "xb") as handle:
            if hasattr(upload, "chunks"):
                for chunk in upload.chunks():
                    handle.write(chunk)
            else:
                shutil.copyfileobj(upload, handle)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


# --- importing a dataset in the background ---------------------------------------------------

UPLOADS = "crosscheck-uploads"
UPLOAD_MAX_BYTES = 200 * 1024 * 1024  # larger files: the CLI
# Anything else in the temporary directory untouched for this long was left by a
# killed process (a live job beats and writes far more often).
TEMP_MAX_AGE = timedelta(hours=6)


def dataset_upload(
    *,
    actor: Any,
    dataset_type: str,
    upload: Any,
    mapping: dict[str, str] | None = None,
) -> DatasetImport:
    """Accept an uploaded dataset file: it is saved (in chunks, under a random name in
    ``VAR_DIR/tmp``) and imported by a background task (:func:`dataset_import_execute`)
    that streams it; the returned job shows its progress and outcome. Audit event
    ``crosscheck.import.start``."""
    require_capability(actor, "crosscheck.import")
    if dataset_type not in importable_types():
        raise DomainError("数据类型不存在", fields={"dataset_type": ["请选择数据类型"]})
    name = Path(getattr(upload, "name", "") or "").name[:200]
    if Path(name).suffix.lower() not in (".csv", ".xlsx", ".parquet"):
        raise DomainError(
            "只能导入CSV、XLSX或Parquet文件", fields={"file": ["文件格式应为.csv、.xlsx或.parquet"]}
        )
    size = getattr(upload, "size", None)
    if size is not None and size > UPLOAD_MAX_BYTES:  # the API as well as the page
        limit = UPLOAD_MAX_BYTES // (1 << 20)
        raise DomainError(
            f"文件超过{limit}MB，请用命令行导入（jiandu crosscheck import）",
            fields={"file": ["文件过大"]},
        )
    path = save_upload(upload, temp_dir(UPLOADS), prefix="import-")
    try:
        with transaction.atomic():
            job = DatasetImport.objects.create(
                dataset_type=dataset_type,
                source_name=name,
                upload_name=path.name,
                mapping=mapping or {},
                progress_note="等待后台任务",
                started_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            event_record(
                actor=actor,
                action="crosscheck.import.start",
                obj=job,
                to_state=RunStatus.QUEUED.label,
                payload={"type": dataset_type, "file": name, "bytes": path.stat().st_size},
            )
            job_id = job.pk
            transaction.on_commit(lambda: dataset_import_task.enqueue(import_id=job_id))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return job


def dataset_import_execute(*, import_id: int) -> DatasetImport:
    """The background task's body: import the waiting upload (streamed), beating and
    checking for a cancel request every 10,000 rows; the upload is removed on every way
    out. A job that is not queued any more is left alone."""
    temp_sweep()
    now = timezone.now()
    claimed = DatasetImport.objects.filter(pk=import_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=now, heartbeat_at=now, progress_note="读取文件"
    )
    job = DatasetImport.objects.select_related("started_by").get(pk=import_id)
    source = temp_dir(UPLOADS) / job.upload_name if job.upload_name else None
    if not claimed:
        if job.finished and source is not None:  # cancelled while it waited
            source.unlink(missing_ok=True)
        return job

    def progress(rows: int) -> None:
        jobs.beat(DatasetImport, import_id, rows_read=rows, note=f"已读取{rows:,}行")
        jobs.check_cancel(DatasetImport, import_id)

    try:
        if source is None or not source.exists():
            raise DomainError("待导入的文件已不存在，请重新上传")
        with jobs.heartbeat(DatasetImport, import_id):
            version = dataset_import(
                actor=job.started_by,
                dataset_type=job.dataset_type,
                source=source,
                original_name=job.source_name,
                mapping=job.mapping or None,
                progress=progress,
            )
        _import_end(job, RunStatus.SUCCEEDED, version=version)
    except jobs.Cancelled:
        jobs.end_cancelled(job)
    except ImportRejected as exc:
        _import_end(job, RunStatus.FAILED, error=exc.message, rejections=exc.rejections)
    except DomainError as exc:
        _import_end(job, RunStatus.FAILED, error=exc.message)
    except Exception as exc:  # the import failed: say so on the job, keep the worker alive
        log.exception("crosscheck import %s failed", import_id)
        _import_end(job, RunStatus.FAILED, error=f"导入出错：{type(exc).__name__}")
    finally:
        if source is not None:
            source.unlink(missing_ok=True)
    job.refresh_from_db()
    return job


@transaction.atomic
def _import_end(
    job: DatasetImport,
    status: str,
    *,
    version: DatasetVersion | None = None,
    error: str = "",
    rejections: list[dict[str, Any]] | None = None,
) -> None:
    locked = DatasetImport.objects.select_for_update().get(pk=job.pk)
    if locked.status != RunStatus.RUNNING:
        return  # taken for dead meanwhile
    locked.status = status
    locked.version = version
    locked.error = error[:2000]
    locked.rejections = (rejections or [])[:REJECTIONS_SHOWN]
    locked.finished_at = timezone.now()
    locked.progress_note = "已完成" if status == RunStatus.SUCCEEDED else "未导入"
    if version is not None:
        locked.rows_read = version.rows_total
    locked.save(
        update_fields=[
            "status",
            "version",
            "error",
            "rejections",
            "finished_at",
            "progress_note",
            "rows_read",
        ]
    )
    if status == RunStatus.FAILED:  # success has its own event (crosscheck.dataset.import)
        event_record(
            actor=None,
            action="crosscheck.import.fail",
            obj=locked,
            from_state=RunStatus.RUNNING.label,
            to_state=RunStatus.FAILED.label,
            reason=locked.error[:200],
        )


@locked("job")
def dataset_import_cancel(*, actor: Any, job: DatasetImport) -> DatasetImport:
    """Cancel an upload's import: a queued one at once, a running one within 10,000
    rows; nothing of it is kept. Audit event ``crosscheck.import.cancel``."""
    require_capability(actor, "crosscheck.import")
    job = jobs.request_cancel(actor=actor, job=job)
    if job.finished and job.upload_name:  # it never started: its upload goes now
        (temp_dir(UPLOADS) / job.upload_name).unlink(missing_ok=True)
    return job


def temp_sweep(*, now: Any = None) -> list[Path]:
    """Remove what a killed process left behind (run by every cross-check task as the
    worker picks it up, and by ``jiandu crosscheck sweep``): jobs whose heartbeat
    stopped are failed first; then the waiting uploads of jobs that are not queued or
    running, the ``*.partial`` outputs under the storage directory, the partial files of
    the file storage (``core.storage``) and anything else in the temporary directory
    untouched for :data:`TEMP_MAX_AGE`. Returns what it removed."""
    now = now or timezone.now()
    jobs.reap_stale(Run, now=now)
    jobs.reap_stale(DatasetImport, now=now)
    cutoff = (now - TEMP_MAX_AGE).timestamp()
    live_uploads = set(
        DatasetImport.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).values_list(
            "upload_name", flat=True
        )
    )
    live_since = (now - jobs.stale_after()).timestamp()
    removed: list[Path] = []

    def remove(path: Path) -> None:
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except FileNotFoundError:
            return
        removed.append(path)

    uploads = temp_dir(UPLOADS)
    for path in uploads.iterdir():
        if path.name not in live_uploads:
            remove(path)
    for path in temp_dir().iterdir():
        if path != uploads and path.lstat().st_mtime < cutoff:
            remove(path)
    from django.core.files.storage import default_storage

    from jiandu.core.storage import sweep_partials

    location = getattr(default_storage, "location", None)  # attachments, documents
    if location:
        removed += sweep_partials(Path(location), older_than=TEMP_MAX_AGE.total_seconds())
    for path in storage_root().rglob("*.partial"):
        # A partial output is being written by a live job (it writes every few seconds)
        # or was left by a dead one.
        if path.stat().st_mtime < live_since:
            remove(path)
    if removed:
        log.info("crosscheck: removed %d leftover temporary files", len(removed))
    return removed


# --- background tasks (run by ``jiandu worker`` / ``jiandu serve``) ----------------------
# Defined here, next to the services that enqueue them and the ones they run, so that
# the module and its tasks do not import each other.


@task()
def run_checks_task(run_id: int) -> dict:
    """Execute a queued run; its progress and outcome are stored on the run."""
    temp_sweep()  # what a killed worker left behind
    run = run_execute(run_id=run_id)
    return {"run": run.pk, "status": run.status, "hits": run.hits_total, "new": run.hits_new}


@task()
def dataset_import_task(import_id: int) -> dict:
    """Import an uploaded dataset file (streamed); the outcome is stored on the job."""
    job = dataset_import_execute(import_id=import_id)
    return {"import": job.pk, "status": job.status, "version": job.version_id}
