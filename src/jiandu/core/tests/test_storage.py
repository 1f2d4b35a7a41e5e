"""Stored files (attachments, evidence, generated documents) appear only when complete."""

from __future__ import annotations

import os
import time

import pytest
from django.core.files.base import ContentFile

from jiandu.core.storage import PARTIAL_PREFIX, AtomicFileSystemStorage, sweep_partials


class _Failing(ContentFile):
    """A file whose content stops halfway (a full disk, a broken upload)."""

    def chunks(self, chunk_size=None):
        yield b"first half"
        raise OSError("No space left on device")


def test_a_save_that_fails_midway_leaves_nothing(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    with pytest.raises(OSError, match="No space"):
        storage.save("cases/2026/11/doc.docx", _Failing(b""))
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_complete_save_and_a_taken_name(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    first = storage.save("a/doc.txt", ContentFile(b"one"))
    second = storage.save("a/doc.txt", ContentFile(b"two"))
    assert first == "a/doc.txt" and second != first
    assert (tmp_path / first).read_bytes() == b"one" and (tmp_path / second).read_bytes() == b"two"
    assert not list(tmp_path.rglob(f"{PARTIAL_PREFIX}*"))


def test_the_sweep_removes_old_partials_of_a_killed_writer(tmp_path):
    (tmp_path / "a").mkdir()
    old = tmp_path / "a" / f"{PARTIAL_PREFIX}abc"
    fresh = tmp_path / "a" / f"{PARTIAL_PREFIX}def"
    kept = tmp_path / "a" / "doc.txt"
    for path in (old, fresh, kept):
        path.write_bytes(b"x")
    hours_ago = time.time() - 7 * 3600
    os.utime(old, (hours_ago, hours_ago))
    os.utime(kept, (hours_ago, hours_ago))
    assert sweep_partials(tmp_path, older_than=6 * 3600) == [old]
    assert fresh.exists() and kept.exists()
