"""Backup and restore: ``jiandu backup [--output FILE]`` and ``jiandu restore FILE``.

One ``.tar.gz`` holds everything needed to rebuild the system except its keys:

- ``database.jsonl``: every row of every model, one JSON object a line (Django's
  serialisation format, so any backend loads it), with primary keys and every value
  exactly as stored. Django's own JSON encoder cuts datetimes to milliseconds; the audit
  chain hashes microseconds, so this dump writes datetimes and times in full
  (``ExactEncoder``). Content types and permissions are dumped with their ids too: the
  restore empties every table first and loads them back as they were, so nothing is
  remapped and every foreign key, generic relation and audit ``object_id`` still holds.
- ``files/<root>/…``: the files under var/ that the database points at: ``files``
  (``MEDIA_ROOT``: report attachments, generated and signed documents, imports) and
  ``crosscheck`` (the Parquet dataset versions and rejection reports).
- ``manifest.json``: the SHA-256 and size of the dump and of every file, the row count of
  every model, the applied migrations, the audit chain's verification at backup time, and
  the **fingerprints** (SHA-256) of the keys the data depends on: the field encryption
  key (reporter identities), the audit chain key and the secret key (receipt codes are
  keyed by it). Never the keys themselves: they live outside the database
  (``JIANDU_FIELD_KEY`` …) and are kept separately, and the ``var/`` files that hold the
  demo's keys are not part of the backup.

The archive is written under a temporary name next to the target and renamed when
complete, so a backup that is interrupted never looks like one.

``restore`` refuses, with a Chinese message and before touching anything, when an archive
file is missing or altered, when the keys' fingerprints differ from the manifest (the
identities could not be decrypted, the chain would not verify), when the migrations
differ, or when the database is not empty (it must be freshly migrated). It then empties
every table, loads the dump in one transaction, resets the id sequences, puts the files
in place and verifies: ``jiandu audit verify`` and every file's SHA-256 against the
manifest. It prints both results and fails if either fails.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

from jiandu.core.storage import file_sha256

FORMAT = "jiandu-backup/1"
MANIFEST = "manifest.json"
DUMP = "database.jsonl"
FILES = "files"
CHUNK = 2000


# --- what is backed up --------------------------------------------------------------
def file_roots() -> dict[str, Path]:
    """The directories under var/ whose files belong to the data (name → path): the
    default file storage's directory (``MEDIA_ROOT``), and ``crosscheck``, where
    ``jiandu.crosscheck.services.storage_root`` keeps datasets."""
    location = getattr(storages["default"], "location", None) or settings.MEDIA_ROOT
    return {
        "files": Path(location),
        "crosscheck": Path(
            getattr(settings, "CROSSCHECK_DIR", None) or Path(settings.VAR_DIR) / "crosscheck"
        ),
    }


def key_fingerprints() -> dict[str, str]:
    """SHA-256 of each key the data depends on; never the key."""

    def digest(value: Any) -> str:
        raw = value if isinstance(value, bytes) else str(value).encode()
        return hashlib.sha256(raw).hexdigest()

    return {
        "field_encryption_key": digest(settings.FIELD_ENCRYPTION_KEY),
        "audit_chain_key": digest(settings.AUDIT_CHAIN_KEY),
        "secret_key": digest(settings.SECRET_KEY),
    }


KEY_LABELS = {
    "field_encryption_key": "字段加密密钥（JIANDU_FIELD_KEY，举报人信息）",
    "audit_chain_key": "审计链密钥（JIANDU_AUDIT_KEY）",
    "secret_key": "系统密钥（JIANDU_SECRET_KEY，查询码）",
}


def dumped_models() -> list[type[Model]]:
    """Every concrete, managed model that lives in the default database, in an order
    where a model comes after the models it points at."""
    models = [
        model
        for model in serializers.sort_dependencies(
            [(config, None) for config in apps.get_app_configs()], allow_cycles=True
        )
        if model._meta.managed
        and not model._meta.proxy
        and router.allow_migrate_model(DEFAULT_DB_ALIAS, model)
    ]
    return models


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connections[DEFAULT_DB_ALIAS])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


class ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but datetimes and times keep their microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime):
            return o.isoformat().replace("+00:00", "Z")
        if isinstance(o, dt.time):
            return o.isoformat()
        return super().default(o)


# Not data: files being written (hidden, renamed when complete) and the synthetic
# source files ``jiandu crosscheck synth`` generates (crosscheck/synth-*, gigabytes at
# province scale, regenerable from their seed).
def _skipped(relative: PurePosixPath) -> bool:
    return any(part.startswith(".") for part in relative.parts) or (
        relative.parts[0].startswith("synth-") and len(relative.parts) > 1
    )


def _walk(root: Path) -> Iterator[Path]:
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            relative = PurePosixPath(path.relative_to(root).as_posix())
            if path.is_file() and not path.is_symlink() and not _skipped(relative):
                yield path


def audit_verify() -> tuple[bool, str]:
    """``jiandu audit verify``: (passed, its message)."""
    out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=out, no_color=True)
    except CommandError as exc:
        return False, str(exc)
    return True, out.getvalue().strip()


# --- backup -------------------------------------------------------------------------
@dataclass
class BackupResult:
    path: Path
    rows: int
    files: int
    audit: str


def dump_database(stream: IO[str]) -> dict[str, int]:
    """Every row, model after model, one JSON object a line; returns rows per model."""
    counts: dict[str, int] = {}
    for model in dumped_models():
        queryset = model._base_manager.using(DEFAULT_DB_ALIAS).order_by(model._meta.pk.name)
        count = 0

        def rows(queryset=queryset) -> Iterator[Any]:
            nonlocal count
            for obj in queryset.iterator(chunk_size=CHUNK):
                count += 1
                yield obj

        serializers.serialize("jsonl", rows(), stream=stream, cls=ExactEncoder)
        counts[model._meta.label_lower] = count
    return counts


def backup(output: Path) -> BackupResult:
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    connection = connections[DEFAULT_DB_ALIAS]
    with tempfile.TemporaryDirectory(prefix="jiandu-backup-", dir=output.parent) as work:
        dump_path = Path(work) / DUMP
        # One transaction, one snapshot: the chain verified is the chain dumped. SQLite
        # holds its write lock from BEGIN (transaction_mode IMMEDIATE); PostgreSQL needs
        # REPEATABLE READ, or each table would be read at a different moment.
        with transaction.atomic(), open(dump_path, "w", encoding="utf-8") as stream:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            audit_ok, audit_message = audit_verify()
            counts = dump_database(stream)
            migrations = applied_migrations()
        files: list[dict[str, Any]] = []
        for name, root in file_roots().items():
            for path in _walk(root):
                relative = path.relative_to(root).as_posix()
                files.append(
                    {
                        "path": f"{FILES}/{name}/{relative}",
                        "size": path.stat().st_size,
                        "sha256": file_sha256(path),
                    }
                )
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connections[DEFAULT_DB_ALIAS].vendor,
            "migrations": migrations,
            "rows": counts,
            "database": {"path": DUMP, "sha256": file_sha256(dump_path)},
            "files": files,
            "key_fingerprints": key_fingerprints(),
            "audit_verify": {"ok": audit_ok, "message": audit_message},
        }
        temporary = output.with_name(f".{output.name}.{os.getpid()}.partial")
        try:
            with tarfile.open(temporary, "w:gz") as archive:
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
                archive.add(dump_path, arcname=DUMP)
                roots = file_roots()
                for entry in files:
                    _, name, relative = entry["path"].split("/", 2)
                    archive.add(roots[name] / relative, arcname=entry["path"])
            with open(temporary, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(temporary, output)
        finally:
            temporary.unlink(missing_ok=True)
    return BackupResult(
        path=output, rows=sum(counts.values()), files=len(files), audit=audit_message
    )


# --- restore ------------------------------------------------------------------------
class RestoreRefused(CommandError):
    """Refused before anything was changed."""


@dataclass
class RestoreResult:
    rows: int
    files: int
    audit_ok: bool
    audit: str
    audit_at_backup: str
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.audit_ok and not self.file_errors


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
        manifest = json.loads(archive.extractfile(member).read())  # type: ignore[union-attr]
    except (KeyError, AttributeError, ValueError):
        raise RestoreRefused("备份文件无效：缺少或无法读取清单 manifest.json。") from None
    if manifest.get("format") != FORMAT:
        raise RestoreRefused(f"备份文件格式不受支持：{manifest.get('format')!r}。")
    return manifest


def check_keys(manifest: dict[str, Any]) -> None:
    current = key_fingerprints()
    differing = [
        KEY_LABELS.get(name, name)
        for name, value in manifest.get("key_fingerprints", {}).items()
        if current.get(name) != value
    ]
    if differing:
        raise RestoreRefused(
            "当前配置的密钥与备份时不一致，拒绝恢复："
            + "、".join(differing)
            + "。请先配置备份时使用的密钥（备份中只有密钥的指纹，没有密钥本身），再执行恢复。"
        )


def check_target(manifest: dict[str, Any]) -> None:
    if applied_migrations() != manifest.get("migrations"):
        raise RestoreRefused(
            "当前数据库的结构版本（已执行的迁移）与备份不一致。"
            "请使用与备份时相同版本的程序，在新建的空数据库上执行 jiandu migrate 后再恢复。"
        )
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    events = apps.get_model("audit", "Event")
    users, chain = user_model._base_manager.count(), events._base_manager.count()
    if users or chain:
        raise RestoreRefused(
            f"目标数据库不是空的（已有{users}个用户、{chain}条审计事件），拒绝恢复。"
            "恢复只能在新建并执行过 jiandu migrate 的空数据库上进行。"
        )


def _extract_verified(archive: tarfile.TarFile, entry: dict[str, Any], target: Path) -> str | None:
    """Copy one archive member to ``target`` while hashing it; the problem, or None."""
    name = entry["path"]
    if not _safe_member(name):
        return f"{name}：路径不安全"
    try:
        member = archive.getmember(name)
    except KeyError:
        return f"{name}：备份中缺少该文件"
    source = archive.extractfile(member)
    if source is None:
        return f"{name}：不是普通文件"
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with source, open(target, "wb") as out:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
            out.write(block)
    if digest.hexdigest() != entry["sha256"]:
        return f"{name}：SHA-256 与清单不符（文件已损坏或被改动）"
    return None


def load_database(stream: IO[str]) -> int:
    """Empty every table, load the dump and reset the id sequences (one transaction)."""
    connection = connections[DEFAULT_DB_ALIAS]
    models = dumped_models()
    loaded = 0
    with transaction.atomic():
        call_command(
            "flush",
            interactive=False,
            inhibit_post_migrate=True,
            verbosity=0,
            database=DEFAULT_DB_ALIAS,
        )
        with connection.constraint_checks_disabled():
            for obj in serializers.deserialize("jsonl", stream):
                obj.save(using=DEFAULT_DB_ALIAS)
                loaded += 1
        connection.check_constraints()
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
    apps.get_model("contenttypes", "ContentType").objects.clear_cache()
    return loaded


def restore(path: Path) -> RestoreResult:
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 - closed by the `with` below
    except (OSError, tarfile.TarError) as exc:
        raise RestoreRefused(f"无法打开备份文件：{exc}") from None
    with archive, tempfile.TemporaryDirectory(prefix="jiandu-restore-") as work:
        manifest = read_manifest(archive)
        check_keys(manifest)
        check_target(manifest)
        # Everything is checked against the manifest before the database is touched.
        staged = Path(work)
        dump_path = staged / DUMP
        problem = _extract_verified(archive, manifest["database"], dump_path)
        if problem:
            raise RestoreRefused(f"备份文件已损坏，拒绝恢复：{problem}")
        problems = [
            p
            for entry in manifest["files"]
            if (p := _extract_verified(archive, entry, staged / entry["path"]))
        ]
        if problems:
            raise RestoreRefused("备份文件已损坏，拒绝恢复：" + "；".join(problems[:5]))
        with open(dump_path, encoding="utf-8") as stream:
            rows = load_database(stream)
        roots = file_roots()
        for entry in manifest["files"]:
            _, name, relative = entry["path"].split("/", 2)
            target = roots[name] / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(staged / entry["path"], target)
    # Verification, after the fact, on what is now in place.
    audit_ok, audit_message = audit_verify()
    file_errors = []
    roots = file_roots()
    for entry in manifest["files"]:
        _, name, relative = entry["path"].split("/", 2)
        target = roots[name] / relative
        if not target.is_file():
            file_errors.append(f"{entry['path']}：恢复后不存在")
        elif file_sha256(target) != entry["sha256"]:
            file_errors.append(f"{entry['path']}：恢复后 SHA-256 不符")
    return RestoreResult(
        rows=rows,
        files=len(manifest["files"]),
        audit_ok=audit_ok,
        audit=audit_message,
        audit_at_backup=manifest.get("audit_verify", {}).get("message", ""),
        file_errors=file_errors,
    )
