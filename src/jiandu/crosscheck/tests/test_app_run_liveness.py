"""A run whose worker died is marked failed within minutes (heartbeat) and no
longer blocks the next run; a run can be cancelled (between rules), ending as 已取消."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jiandu.audit.models import Event
from jiandu.core.errors import DomainError, PermissionDenied
from jiandu.core.testing import subprocess_env
from jiandu.crosscheck import jobs, services
from jiandu.crosscheck.models import Hit, Run, RunStatus

pytestmark = pytest.mark.django_db


def _running(county, *, beat_ago: timedelta) -> Run:
    """A run as a worker leaves it when it is killed during 准备数据."""
    run = services.run_start(actor=county.users["case_management"], enqueue=False)
    started = timezone.now() - beat_ago
    Run.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=started, heartbeat_at=started, progress_note="准备数据"
    )
    return run


def test_a_run_whose_heartbeat_stopped_is_failed_and_does_not_block_the_next(county, datasets):
    dead = _running(county, beat_ago=timedelta(minutes=10))
    run = services.run_start(actor=county.users["case_management"], enqueue=False)
    dead.refresh_from_db()
    assert dead.status == RunStatus.FAILED and "后台进程中断" in dead.error
    assert run.status == RunStatus.QUEUED
    event = Event.objects.get(action="crosscheck.run.fail", object_id=str(dead.pk))
    assert event.to_state == "失败" and "后台进程中断" in event.reason


def test_staleness_follows_the_clock(county):
    run = _running(county, beat_ago=timedelta(seconds=0))
    beat = Run.objects.get(pk=run.pk).heartbeat_at
    assert jobs.reap_stale(Run, now=beat + timedelta(minutes=2)) == []  # still alive
    with pytest.raises(DomainError, match="正在运行中"):
        services.run_start(actor=county.users["case_management"], enqueue=False)
    assert jobs.reap_stale(Run, now=beat + timedelta(minutes=4)) == [run.pk]
    assert Run.objects.get(pk=run.pk).status == RunStatus.FAILED


def test_a_dead_run_is_failed_when_someone_looks_at_the_runs_page(client_for, county):
    dead = _running(county, beat_ago=timedelta(hours=1))
    page = client_for(county.users["case_management"]).get(
        reverse("crosscheck:run_detail", args=(dead.pk,))
    )
    assert page.status_code == 200 and "后台进程中断" in page.content.decode()


def test_cancel_between_rules_ends_the_run_as_cancelled(county, datasets, monkeypatch):
    actor = county.users["case_management"]
    run = services.run_start(actor=actor, rule_codes=["R01", "R02"], enqueue=False)
    writer = services.runs._progress_writer

    def cancelling_writer(run_id):
        write = writer(run_id)

        def hook(done, total, note):
            if done == 1:  # after R01, before R02: someone presses 取消比对
                services.run_cancel(actor=actor, run=Run.objects.get(pk=run_id))
            write(done, total, note)

        return hook

    monkeypatch.setattr(services.runs, "_progress_writer", cancelling_writer)
    run = services.run_execute(run_id=run.pk)
    assert run.status == RunStatus.CANCELLED and run.finished and run.finished_at
    assert not Hit.objects.exists()  # nothing of a cancelled run is stored
    actions = list(
        Event.objects.filter(action__startswith="crosscheck.run")
        .order_by("seq")
        .values_list("action", "actor_id")
    )
    assert actions == [
        ("crosscheck.run.start", actor.pk),
        ("crosscheck.run.cancel", actor.pk),
        ("crosscheck.run.cancelled", None),
    ]
    services.run_start(actor=actor, enqueue=False)  # the next run is allowed


def test_cancel_a_queued_run_at_once_and_refuse_a_finished_one(county, datasets, run_checks):
    actor = county.users["case_management"]
    queued = services.run_start(actor=actor, enqueue=False)
    queued = services.run_cancel(actor=actor, run=queued)
    assert queued.status == RunStatus.CANCELLED
    assert services.run_execute(run_id=queued.pk).status == RunStatus.CANCELLED  # not run
    done = run_checks()
    with pytest.raises(DomainError, match="已完成，无法取消"):
        services.run_cancel(actor=actor, run=done)
    with pytest.raises(PermissionDenied):
        services.run_cancel(actor=county.users["petition"], run=done)


def test_cancel_through_the_page_and_the_api(client_for, county):
    actor = county.users["case_management"]
    client = client_for(actor)
    run = _running(county, beat_ago=timedelta(seconds=0))
    page = client.get(reverse("crosscheck:run_detail", args=(run.pk,))).content.decode()
    assert 'data-testid="run-cancel"' in page
    response = client.post(reverse("crosscheck:run_cancel", args=(run.pk,)))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.cancel_requested_at is not None and run.status == RunStatus.RUNNING
    response = client.post(f"/api/crosscheck/runs/{run.pk}/cancel/")
    assert response.status_code == 400 and "取消中" in response.json()["message"]
    queued = Run.objects.create(status=RunStatus.QUEUED)
    response = client.post(f"/api/crosscheck/runs/{queued.pk}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    other = client_for(county.users["petition"])
    assert other.post(f"/api/crosscheck/runs/{queued.pk}/cancel/").status_code in (403, 404)


@pytest.mark.django_db(transaction=True)
def test_kill_9_of_the_worker_during_prepare_then_the_next_run_is_allowed(tmp_path, settings):
    """A real worker process, killed with SIGKILL while the run prepares its data (the
    child makes that step long), leaves the run "running"; once its heartbeat is old
    the run is failed (后台进程中断) and a new run is accepted."""
    import os
    import signal
    import subprocess
    import sys
    import time

    var = tmp_path / "var"
    settings.CROSSCHECK_DIR = var / "crosscheck"
    run = services.run_start(actor=None, enqueue=False)
    env = subprocess_env(var)
    code = (
        "import time, django; django.setup();"
        "from jiandu.crosscheck import services;"
        "services.internal_datasets_export = lambda actor: time.sleep(120);"  # a long 准备数据
        f"services.run_execute(run_id={run.pk})"
    )
    worker = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and worker.poll() is None:
            run.refresh_from_db()
            if run.status == RunStatus.RUNNING:
                break
            time.sleep(0.2)
        assert run.status == RunStatus.RUNNING and run.progress_note == "准备数据"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING  # as the dead worker left it
    with pytest.raises(DomainError, match="正在运行中"):  # still within its heartbeat
        services.run_start(actor=None, enqueue=False)
    later = run.heartbeat_at + timedelta(minutes=4)
    assert jobs.reap_stale(Run, now=later) == [run.pk]
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "后台进程中断" in run.error
    assert services.run_start(actor=None, enqueue=False).status == RunStatus.QUEUED


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_beats_while_a_long_step_runs(settings, monkeypatch):
    import threading

    settings.CROSSCHECK_HEARTBEAT_THREAD = True
    monkeypatch.setattr(jobs, "HEARTBEAT_EVERY", 0.05)
    run = Run.objects.create(status=RunStatus.RUNNING)
    beaten = threading.Event()
    with jobs.heartbeat(Run, run.pk):
        for _ in range(200):  # a long step that never reports progress itself
            if Run.objects.filter(pk=run.pk, heartbeat_at__isnull=False).exists():
                beaten.set()
                break
            threading.Event().wait(0.05)
    assert beaten.is_set()
