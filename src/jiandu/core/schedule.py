"""Daily background jobs, run by the task worker (``jiandu worker``, ``jiandu serve``).

jiandu has no separate scheduler: the worker process starts one thread
(``Scheduler``) that asks every registered daily job, every ``SCHEDULE_SECONDS``,
whether today's work is due (``run_due``). A job is ``job(*, today) -> bool``: it
records that it ran today in the database (so a restart, or a second worker, does not
run it again) and enqueues its django-tasks task; it answers whether it enqueued. The
apps register their jobs in ``AppConfig.ready`` (``daily_job(name)(job)``), so ``core``
imports none of them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date

from django.db import connections
from django.utils import timezone

logger = logging.getLogger(__name__)

DailyJob = Callable[..., bool]
_DAILY: dict[str, DailyJob] = {}
SCHEDULE_SECONDS = 300.0


def daily_job(name: str) -> Callable[[DailyJob], DailyJob]:
    def register(job: DailyJob) -> DailyJob:
        _DAILY[name] = job
        return job

    return register


def daily_jobs() -> dict[str, DailyJob]:
    return dict(_DAILY)


def run_due(*, today: date | None = None) -> dict[str, bool]:
    """Ask every daily job once; a failing job is logged and does not stop the others."""
    today = today or timezone.localdate()
    done: dict[str, bool] = {}
    for name, job in sorted(_DAILY.items()):
        try:
            done[name] = bool(job(today=today))
        except Exception:
            logger.exception("daily job %s failed", name)
            done[name] = False
    return done


class Scheduler(threading.Thread):
    """The worker's schedule thread (a daemon: it ends with the worker process)."""

    def __init__(self, interval: float = SCHEDULE_SECONDS) -> None:
        super().__init__(name="jiandu-schedule", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                for name, enqueued in run_due().items():
                    if enqueued:
                        logger.info("daily job %s enqueued", name)
            finally:
                connections.close_all()  # this thread's connections only
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()
