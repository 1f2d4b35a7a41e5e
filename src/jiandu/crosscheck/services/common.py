"""Where the cross-check module keeps its files: dataset versions, temporary uploads and
their sweep."""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from jiandu.crosscheck import jobs
from jiandu.crosscheck.models import (
    DatasetImport,
    DatasetVersion,
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


def next_version(dataset_type: str) -> int:
    latest = DatasetVersion.objects.filter(dataset_type=dataset_type).aggregate(v=Max("version"))
    return (latest["v"] or 0) + 1


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


UPLOADS = "crosscheck-uploads"


# Anything else in the temporary directory untouched for this long was left by a
# killed process (a live job beats and writes far more often).
TEMP_MAX_AGE = timedelta(hours=6)


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
