"""Liveness and cancellation of the module's background jobs (runs, dataset imports).

- **Heartbeat**: while a worker executes a job it writes ``heartbeat_at`` at every step
  (progress) and from a small thread every :data:`HEARTBEAT_EVERY` (a long step such as
  reading a big file or a slow query still beats). A job whose heartbeat is older than
  :func:`stale_after` died with its worker (``kill -9``, a reboot): :func:`reap_stale`
  marks it failed with "后台进程中断", with an audit event; it runs whenever someone
  looks at the jobs or asks for a new one, so a dead run never blocks the next.
- **Cancel**: :func:`check_cancel` raises :class:`Cancelled` once someone has asked to
  cancel the job; the worker calls it between steps and ends the job as 已取消.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.db.models import Q
from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.crosscheck.models import BackgroundJob, RunStatus

HEARTBEAT_EVERY = 15.0  # seconds between the thread's beats
DEAD_REASON = "后台进程中断（处理进程意外退出或被终止），请重新发起"


def stale_after() -> timedelta:
    """A running job silent for this long is dead (settings.CROSSCHECK_STALE_SECONDS)."""
    return timedelta(seconds=getattr(settings, "CROSSCHECK_STALE_SECONDS", 180))


def queued_stale_after() -> timedelta:
    """A job still queued after this long was never picked up (no worker running)."""
    return timedelta(hours=6)


class Cancelled(Exception):
    """Someone asked to cancel the job; the worker stops at the next step."""


def beat(model: type[BackgroundJob], pk: int, note: str | None = None, **fields: Any) -> None:
    """Write the heartbeat (and progress fields) in its own autocommit statement."""
    if note is not None:
        fields["progress_note"] = str(note)[:200]
    model.objects.filter(pk=pk).update(heartbeat_at=timezone.now(), **fields)


def check_cancel(model: type[BackgroundJob], pk: int) -> None:
    if model.objects.filter(pk=pk, cancel_requested_at__isnull=False).exists():
        raise Cancelled()


@contextmanager
def heartbeat(model: type[BackgroundJob], pk: int) -> Iterator[None]:
    """Beat from a daemon thread while the body runs (each thread has its own database
    connection, closed when it stops). Off when CROSSCHECK_HEARTBEAT_THREAD is false
    (the tests run jobs inside one transaction, which a second connection would wait on)."""
    if not getattr(settings, "CROSSCHECK_HEARTBEAT_THREAD", True):
        yield
        return
    stop = threading.Event()

    def loop() -> None:
        try:
            while not stop.wait(HEARTBEAT_EVERY):
                try:
                    beat(model, pk)
                except Exception:  # a missed beat is not fatal: retry at the next one
                    close_old_connections()
        finally:
            connections.close_all()

    thread = threading.Thread(target=loop, name=f"heartbeat-{model.__name__}-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def _dead(model: type[BackgroundJob], now: datetime) -> Q:
    limit = now - stale_after()
    running = Q(status=RunStatus.RUNNING) & (
        Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True, started_at__lt=limit)
    )
    queued = Q(status=RunStatus.QUEUED, created_at__lt=now - queued_stale_after())
    return running | queued


def reap_stale(model: type[BackgroundJob], *, now: datetime | None = None) -> list[int]:
    """Mark the jobs of ``model`` whose worker died as failed (后台进程中断), each with
    an audit event; returns their ids. Each is re-checked under its row lock."""
    now = now or timezone.now()
    ids = list(model.objects.filter(_dead(model, now)).values_list("pk", flat=True))
    reaped = []
    for pk in ids:
        with transaction.atomic():
            job = model.objects.select_for_update().filter(_dead(model, now), pk=pk).first()
            if job is None:
                continue
            before = job.status
            job.status = RunStatus.FAILED
            job.error = DEAD_REASON
            job.finished_at = now
            job.save(update_fields=["status", "error", "finished_at"])
            event_record(
                actor=None,
                action=f"{_action_prefix(model)}.fail",
                obj=job,
                from_state=RunStatus(before).label,
                to_state=RunStatus.FAILED.label,
                reason=DEAD_REASON,
                payload={"heartbeat": job.heartbeat_at.isoformat() if job.heartbeat_at else None},
            )
            reaped.append(pk)
    return reaped


def _action_prefix(model: type[BackgroundJob]) -> str:
    return {"Run": "crosscheck.run", "DatasetImport": "crosscheck.import"}[model.__name__]


J = TypeVar("J", bound=BackgroundJob)


def request_cancel(*, actor: Any, job: J) -> J:
    """Cancel ``job`` (the caller checked the capability): a queued job ends at once as
    已取消; a running one gets the cancel flag, and its worker ends it at the next step.
    A finished job cannot be cancelled. One audit event naming who asked."""
    from jiandu.core.errors import DomainError

    model = type(job)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=job.pk)
        if locked.finished:
            raise DomainError(f"{locked}已{locked.get_status_display()}，无法取消")
        if locked.cancel_requested_at is not None:
            raise DomainError(f"{locked}已在取消中，请稍候")
        now = timezone.now()
        before = locked.status
        locked.cancel_requested_at = now
        fields = ["cancel_requested_at"]
        if locked.status == RunStatus.QUEUED:
            locked.status = RunStatus.CANCELLED
            locked.finished_at = now
            locked.progress_note = "已取消"
            fields += ["status", "finished_at", "progress_note"]
        locked.save(update_fields=fields)
        event_record(
            actor=actor,
            action=f"{_action_prefix(model)}.cancel",
            obj=locked,
            from_state=RunStatus(before).label,
            to_state=RunStatus(locked.status).label,
            reason="用户取消",
        )
    return locked


def end_cancelled(job: BackgroundJob) -> None:
    """The worker noticed the cancel request: the job ends as 已取消."""
    model = type(job)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=job.pk)
        if locked.finished:
            return
        locked.status = RunStatus.CANCELLED
        locked.finished_at = timezone.now()
        locked.progress_note = "已取消"
        locked.save(update_fields=["status", "finished_at", "progress_note"])
        event_record(
            actor=None,
            action=f"{_action_prefix(model)}.cancelled",
            obj=locked,
            from_state=RunStatus.RUNNING.label,
            to_state=RunStatus.CANCELLED.label,
            reason="按用户请求在步骤之间停止",
        )
