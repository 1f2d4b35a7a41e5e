"""``jiandu backup`` and ``jiandu restore``: a round trip gives the same database (every
row, ids and microseconds included), the same ``jiandu audit verify`` result and the same
files. Runs on the suite's database: SQLite, and PostgreSQL when DATABASE_URL is set."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jiandu.conftest import PASSWORD
from jiandu.core import backup
from jiandu.core.testing import build_county

pytestmark = pytest.mark.django_db(transaction=True)

FILES = {
    "files/intake/2026/11/ab12cd.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
    "files/cases/docs/立案决定书.docx": b"PK\x03\x04" + "立案决定书".encode() * 500,
    "crosscheck/datasets/payments/v3.parquet": b"PAR1" + bytes(4096) + b"PAR1",
}


@pytest.fixture
def var(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "var" / "files")},
        },
    }
    settings.CROSSCHECK_DIR = str(tmp_path / "var" / "crosscheck")
    return tmp_path / "var"


NOT_DATA = {
    "files/cases/.立案决定书.docx.partial": b"half a file",  # being written
    "crosscheck/synth-county/payments.csv": b"id,amount\n1,2\n",  # regenerable source
}


def _write_files(var: Path) -> None:
    for name, data in {**FILES, **NOT_DATA}.items():
        path = var / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _files(var: Path) -> dict[str, str]:
    return {
        p.relative_to(var).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(var.rglob("*"))
        if p.is_file() and p.relative_to(var).as_posix() not in NOT_DATA
    }


def _dump() -> list[str]:
    stream = io.StringIO()
    backup.dump_database(stream)
    return stream.getvalue().splitlines()


def _empty_database() -> None:
    """What a new, migrated database looks like (content types made afresh)."""
    call_command("flush", interactive=False, verbosity=0)


def test_a_round_trip_gives_the_same_rows_audit_result_and_files(var, tmp_path):
    build_county(PASSWORD)
    _write_files(var)
    rows, files = _dump(), _files(var)
    audit_ok, audit_message = backup.audit_verify()
    assert audit_ok, audit_message
    assert any('"model": "audit.event"' in line for line in rows)

    out = io.StringIO()
    archive = tmp_path / "out" / "jiandu.tar.gz"
    call_command("backup", output=str(archive), stdout=out)
    assert "备份完成" in out.getvalue()
    assert archive.is_file() and not list(archive.parent.glob(".*partial"))
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        names = set(tar.getnames())
    assert {f["path"] for f in manifest["files"]} == {f"files/{n}" for n in FILES}
    assert {f"files/{n}" for n in FILES} <= names
    # Key fingerprints, never keys.
    from django.conf import settings

    text = archive.read_bytes()
    for key in (settings.FIELD_ENCRYPTION_KEY, settings.AUDIT_CHAIN_KEY):
        assert key not in text
    assert manifest["key_fingerprints"]["field_encryption_key"] == (
        hashlib.sha256(settings.FIELD_ENCRYPTION_KEY).hexdigest()
    )

    _empty_database()
    for path in list(var.rglob("*"))[::-1]:
        path.unlink() if path.is_file() else path.rmdir()
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    printed = out.getvalue()
    assert "恢复后审计链校验" in printed and "文件校验通过" in printed and "校验通过" in printed

    assert backup.audit_verify() == (audit_ok, audit_message)
    assert _files(var) == files
    assert _dump() == rows  # every row, with its id and its microseconds

    # The id sequences go on after the restored rows: new work is recorded and chained.
    from jiandu.org import services as org

    org.unit_create(actor=None, name="恢复后新建单位", code="AFTER1", kind="petition_office")
    assert backup.audit_verify()[0]


def test_restore_refuses_other_keys_and_a_database_that_is_not_empty(var, tmp_path, settings):
    build_county(PASSWORD)
    _write_files(var)
    archive = tmp_path / "b.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    rows = _dump()

    with pytest.raises(CommandError, match="目标数据库不是空的"):
        call_command("restore", str(archive), stdout=io.StringIO())

    _empty_database()
    settings.FIELD_ENCRYPTION_KEY = bytes(32)
    with pytest.raises(CommandError, match=r"密钥与备份时不一致.*字段加密密钥"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert not any('"model": "audit.event"' in line for line in _dump())  # nothing loaded
    assert any('"model": "audit.event"' in line for line in rows)


def test_restore_refuses_an_altered_archive(var, tmp_path):
    build_county(PASSWORD)
    _write_files(var)
    archive = tmp_path / "b.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    altered = tmp_path / "altered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(altered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.endswith(".parquet"):
                data = data[:-1] + b"X"
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    _empty_database()
    with pytest.raises(CommandError, match=r"备份文件已损坏.*parquet"):
        call_command("restore", str(altered), stdout=io.StringIO())
    assert not any('"model": "audit.event"' in line for line in _dump())
