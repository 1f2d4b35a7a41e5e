"""Findings 6b and 13: the dataset upload is imported by a background task that streams
the file; temporary files live under VAR_DIR/tmp and are removed on every way out;
outputs appear only when complete; a sweep clears what a killed process left behind."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jiandu.audit.models import Event
from jiandu.core.testing import make_citizen_id, subprocess_env, xlsx_bomb
from jiandu.crosscheck import jobs, services
from jiandu.crosscheck.models import DatasetImport, DatasetVersion, RunStatus
from jiandu.crosscheck.tests.conftest import PAYMENT_HEADERS, payment_rows

pytestmark = pytest.mark.django_db


def _big_csv(path: Path, rows: int) -> Path:
    """``rows`` valid payment rows (distinct people)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(PAYMENT_HEADERS)
        for n in range(rows):
            born = date(1950 + n % 50, 1 + n % 12, 1 + n % 28)
            citizen_id = make_citizen_id(n % 500, born=born)
            writer.writerow([f"人{n}", citizen_id, "高龄津贴", "200", "2025-06-10", "东镇"])
    return path


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _csv_upload(county, rows=None, name="payments.csv") -> SimpleUploadedFile:
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows([PAYMENT_HEADERS, *(rows or payment_rows(county))])
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8-sig"), "text/csv")


def test_the_upload_waits_under_var_tmp_and_is_removed_once_imported(
    county, settings, django_capture_on_commit_callbacks
):
    actor = county.users["case_management"]
    uploads = Path(settings.JIANDU_TMP_DIR) / services.UPLOADS
    job = services.dataset_upload(actor=actor, dataset_type="payments", upload=_csv_upload(county))
    [waiting] = _files(uploads)  # saved in chunks under a random name, not in /tmp
    assert waiting.name == job.upload_name and waiting.name.startswith("import-")
    assert "payments" not in waiting.name and waiting.suffix == ".csv"
    assert job.status == RunStatus.QUEUED
    job = services.dataset_import_execute(import_id=job.pk)
    assert job.status == RunStatus.SUCCEEDED and job.version.rows_accepted == 5
    assert _files(uploads) == []
    assert Event.objects.filter(action="crosscheck.import.start").count() == 1


def test_a_failure_mid_import_leaves_no_temporary_file_and_no_partial_parquet(
    county, storage, settings, tmp_path
):
    """An exception after 10,000 rows: no Parquet (partial or not), no report, no upload."""
    big = _big_csv(tmp_path / "big.csv", 12_000)

    def fail(rows: int) -> None:
        if rows >= 10_000:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        services.dataset_import(
            actor=county.users["case_management"],
            dataset_type="payments",
            source=big,
            progress=fail,
        )
    assert _files(storage) == [] and not DatasetVersion.objects.exists()
    assert _files(Path(settings.JIANDU_TMP_DIR)) == []


def test_cancel_during_an_import_keeps_nothing(county, storage, settings, tmp_path, monkeypatch):
    actor = county.users["case_management"]
    big = _big_csv(tmp_path / "big.csv", 12_000)
    with big.open("rb") as handle:
        upload = SimpleUploadedFile("big.csv", handle.read(), "text/csv")
    job = services.dataset_upload(actor=actor, dataset_type="payments", upload=upload)
    beat = jobs.beat

    def cancelling_beat(model, pk, note=None, **fields):  # someone presses 取消导入
        beat(model, pk, note=note, **fields)
        if fields.get("rows_read", 0) >= 10_000:
            services.dataset_import_cancel(actor=actor, job=DatasetImport.objects.get(pk=pk))

    monkeypatch.setattr(jobs, "beat", cancelling_beat)
    job = services.dataset_import_execute(import_id=job.pk)
    assert job.status == RunStatus.CANCELLED and job.version is None
    assert _files(storage) == [] and _files(Path(settings.JIANDU_TMP_DIR)) == []
    assert list(
        Event.objects.filter(action__startswith="crosscheck.import")
        .order_by("seq")
        .values_list("action", flat=True)
    ) == ["crosscheck.import.start", "crosscheck.import.cancel", "crosscheck.import.cancelled"]


def test_a_refused_file_is_a_failed_job_with_its_rejections(county, settings):
    from jiandu.crosscheck.tests.conftest import BAD_ID

    actor = county.users["case_management"]
    rows = [["赵六", BAD_ID, "低保", "1", "2025-01-01", "东镇"]]
    job = services.dataset_upload(
        actor=actor, dataset_type="payments", upload=_csv_upload(county, rows)
    )
    job = services.dataset_import_execute(import_id=job.pk)
    assert job.status == RunStatus.FAILED and "全部未通过校验" in job.error
    assert job.rejections[0]["row"] == 2 and job.rejections[0]["value"] == BAD_ID
    assert _files(Path(settings.JIANDU_TMP_DIR)) == []


def test_an_xlsx_bomb_upload_is_refused_before_it_is_parsed(county, storage, settings):
    actor = county.users["case_management"]
    bomb = xlsx_bomb([["姓名", "身份证号", "死亡日期"], ["孙秀英", "1", "2025-05-01"]])
    upload = SimpleUploadedFile("deaths.xlsx", bomb)
    job = services.dataset_upload(actor=actor, dataset_type="deaths", upload=upload)
    job = services.dataset_import_execute(import_id=job.pk)
    assert job.status == RunStatus.FAILED
    assert "解压后过大" in job.error or "压缩比异常" in job.error
    assert _files(storage) == [] and _files(Path(settings.JIANDU_TMP_DIR)) == []


def test_the_sweep_removes_leftovers_but_not_a_waiting_upload(county, storage, settings):
    actor = county.users["case_management"]
    tmp = Path(settings.JIANDU_TMP_DIR)
    job = services.dataset_upload(actor=actor, dataset_type="payments", upload=_csv_upload(county))
    waiting = tmp / services.UPLOADS / job.upload_name
    orphan = tmp / services.UPLOADS / "import-0123.csv"  # its job is gone
    orphan.write_text("x")
    old = tmp / "tmpabc.upload.csv"  # e.g. Django's copy of an upload, from a killed process
    old.write_text("x")
    partial = storage / "datasets" / "payments" / "x.parquet.123-ab.partial"
    partial.parent.mkdir(parents=True)
    partial.write_bytes(b"PAR1")
    fresh = tmp / "tmpdef.upload.csv"  # being received right now
    fresh.write_text("x")
    hours_ago = time.time() - 7 * 3600
    for path in (old, partial):
        os.utime(path, (hours_ago, hours_ago))
    removed = services.temp_sweep()
    assert set(removed) == {orphan, old, partial}
    assert waiting.exists() and fresh.exists()


@pytest.mark.django_db(transaction=True)
def test_kill_9_during_an_import_then_the_sweep_cleans_and_no_version_appears(tmp_path, settings):
    """A real worker process killed with SIGKILL in the middle of an import."""
    var = tmp_path / "var"
    settings.CROSSCHECK_DIR = var / "crosscheck"
    settings.JIANDU_TMP_DIR = var / "tmp"
    uploads = Path(settings.JIANDU_TMP_DIR) / services.UPLOADS
    uploads.mkdir(parents=True)
    _big_csv(uploads / "import-kill.csv", 300_000)
    job = DatasetImport.objects.create(
        dataset_type="payments", source_name="big.csv", upload_name="import-kill.csv"
    )
    env = subprocess_env(var)
    code = (
        "import django; django.setup();"
        "from jiandu.crosscheck.services import dataset_import_execute;"
        f"dataset_import_execute(import_id={job.pk})"
    )
    worker = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # until it has written part of the Parquet
            job.refresh_from_db()
            if job.rows_read >= 60_000 or worker.poll() is not None:
                break
            time.sleep(0.2)
        assert worker.poll() is None, "the import ended before it could be killed"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    job.refresh_from_db()
    assert job.status == RunStatus.RUNNING  # as the dead worker left it
    storage = Path(settings.CROSSCHECK_DIR)
    assert [p.suffix for p in _files(storage)] == [".partial"]  # never under its final name
    assert not DatasetVersion.objects.exists()
    later = timezone.now() + timedelta(minutes=10)  # the heartbeat has been silent since
    removed = services.temp_sweep(now=later)
    job.refresh_from_db()
    assert job.status == RunStatus.FAILED and "后台进程中断" in job.error
    assert _files(storage) == [] and _files(uploads) == []
    assert uploads / "import-kill.csv" in removed
    assert not DatasetVersion.objects.exists()


def test_a_large_upload_is_moved_from_djangos_temporary_file_not_copied(county, settings):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    settings.FILE_UPLOAD_TEMP_DIR = str(settings.JIANDU_TMP_DIR)
    Path(settings.JIANDU_TMP_DIR).mkdir(parents=True, exist_ok=True)
    upload = TemporaryUploadedFile("payments.csv", "text/csv", 0, "utf-8")
    upload.write(_csv_upload(county).read())
    upload.flush()
    received = Path(upload.temporary_file_path())
    assert received.parent == Path(settings.JIANDU_TMP_DIR)  # not the system's /tmp
    job = services.dataset_upload(
        actor=county.users["case_management"], dataset_type="payments", upload=upload
    )
    upload.close()  # Django closes it at the end of the request
    assert not received.exists()
    assert _files(Path(settings.JIANDU_TMP_DIR)) == [
        Path(settings.JIANDU_TMP_DIR) / services.UPLOADS / job.upload_name
    ]


def test_an_oversized_upload_is_refused_by_the_service_for_page_and_api(
    county, settings, monkeypatch
):
    from jiandu.core.errors import DomainError

    monkeypatch.setattr(services.uploads, "UPLOAD_MAX_BYTES", 10)
    with pytest.raises(DomainError, match="请用命令行导入"):
        services.dataset_upload(
            actor=county.users["case_management"],
            dataset_type="payments",
            upload=_csv_upload(county),
        )
    assert not DatasetImport.objects.exists()
    assert _files(Path(settings.JIANDU_TMP_DIR)) == []


def test_imports_through_the_api_read_and_cancel(client_for, county, settings):
    actor = county.users["case_management"]
    job = services.dataset_upload(actor=actor, dataset_type="payments", upload=_csv_upload(county))
    client = client_for(actor)
    listed = client.get("/api/crosscheck/imports/").json()
    assert [j["id"] for j in listed["results"]] == [job.pk]
    response = client.post(f"/api/crosscheck/imports/{job.pk}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert _files(Path(settings.JIANDU_TMP_DIR)) == []  # its waiting upload is gone
    again = client.post(f"/api/crosscheck/imports/{job.pk}/cancel/")
    assert again.status_code == 400 and "无法取消" in again.json()["message"]
    other = client_for(county.users["leader"])
    assert other.get(f"/api/crosscheck/imports/{job.pk}/").status_code in (403, 404)
