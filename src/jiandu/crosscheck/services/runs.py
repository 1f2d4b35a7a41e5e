"""Runs: starting one, executing it with the engine (DuckDB or Spark), storing its hits
under their stable identity; the background task that executes a queued run."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from jiandu.audit.services import event_record
from jiandu.core.errors import DomainError
from jiandu.core.permissions import require_capability
from jiandu.core.search import index_objects
from jiandu.core.services import locked
from jiandu.crosscheck import jobs, triage
from jiandu.crosscheck.models import (
    DatasetVersion,
    Engine,
    Hit,
    Run,
    RunStatus,
)
from jiandu.crosscheck.services.common import dataset_path, log, temp_sweep
from jiandu.crosscheck.services.datasets import current_versions, internal_datasets_export


def selected_rules(codes: Iterable[str] | None = None) -> list[Any]:
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
    known = {rule.code: rule for rule in selected_rules()}
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
            rules = selected_rules(run.rule_codes or None)
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
    index_objects("hit", [hit.pk for hit in new_hits])  # bulk_create sends no signals
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


# Defined here, next to the services that enqueue them and the ones they run, so that
# the module and its tasks do not import each other.
@task()
def run_checks_task(run_id: int) -> dict:
    """Execute a queued run; its progress and outcome are stored on the run."""
    temp_sweep()  # what a killed worker left behind
    run = run_execute(run_id=run_id)
    return {"run": run.pk, "status": run.status, "hits": run.hits_total, "new": run.hits_new}
