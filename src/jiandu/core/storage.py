"""Files on disk appear only when complete.

:class:`AtomicFileSystemStorage` (the default storage: attachments, evidence, generated
documents) writes a file under a temporary name in its final directory and links it to
its name only once every byte is written, so a process killed mid-write (``kill -9``,
a full disk) never leaves half a file under a name the database could point to. The
temporary file is removed on every way out; one left by a killed process starts with
:data:`PARTIAL_PREFIX` and :func:`sweep_partials` removes it later.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage

PARTIAL_PREFIX = ".partial-"
_UMASK = os.umask(0)
os.umask(_UMASK)


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        if hasattr(content, "temporary_file_path"):
            # Django renames its temporary upload (same filesystem: atomic).
            return super()._save(name, content)  # type: ignore[misc]
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=directory, prefix=PARTIAL_PREFIX)
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in content.chunks():
                    handle.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(partial, self.file_permissions_mode or (0o666 & ~_UMASK))
            while True:
                try:
                    os.link(partial, full_path)  # never replaces an existing file
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            Path(partial).unlink(missing_ok=True)
        self._ensure_location_group_id(full_path)  # type: ignore[attr-defined]
        return os.path.relpath(full_path, self.location).replace("\\", "/")


def sweep_partials(root: Path, *, older_than: float) -> list[Path]:
    """Remove the temporary files a killed writer left under ``root`` (untouched for
    ``older_than`` seconds); returns them."""
    removed: list[Path] = []
    if not root.exists():
        return removed
    cutoff = time.time() - older_than
    for path in root.rglob(f"{PARTIAL_PREFIX}*"):
        try:
            if path.is_file() and path.lstat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
        except FileNotFoundError:
            continue
    return removed


def file_sha256(path: Path | str | bytes) -> str:
    """SHA-256 of a file on disk, read in 1 MiB blocks, or of a small upload's bytes
    (uploads, imports, datasets, backups)."""
    if isinstance(path, bytes):
        return hashlib.sha256(path).hexdigest()
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
