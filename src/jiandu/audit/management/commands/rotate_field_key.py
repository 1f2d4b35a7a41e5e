"""``jiandu rotate_field_key``: re-encrypt every encrypted field with a new key.

All registered fields (``jiandu.core.crypto.ENCRYPTED_FIELDS``: reporter identities) are
decrypted with the current key and encrypted with the new one in one transaction; a
value that does not decrypt stops the rotation with nothing changed. Afterwards the old
key decrypts nothing. An audit event names both keys by fingerprint, never the keys
(which is why the command belongs to the audit app: ``core`` records no events).

Usage:
  jiandu rotate_field_key
      the key is kept in var/field_key (the demo setup): a new random key is generated,
      written to var/field_key.new first, the data re-encrypted, then the file renamed
      over var/field_key. Restart the web server and worker afterwards.
  jiandu rotate_field_key --new-key-file /secure/path/new_key
      the file holds the new key as base64 of 32 bytes (e.g. ``openssl rand -base64 32``).
      With JIANDU_FIELD_KEY in the environment this form is required: after the
      rotation set JIANDU_FIELD_KEY to the new key and restart every process.
Take a backup first; stop the web server and worker while rotating (a process still
holding the old key cannot read what was rotated).
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jiandu.audit.services import event_record
from jiandu.core.crypto import DecryptionError, key_fingerprint, parse_key, reencrypt_all


class Command(BaseCommand):
    help = (
        "更换字段加密密钥：用新密钥重新加密所有加密字段（举报人信息），在一个事务中完成，"
        "旧密钥随即失效；审计事件只记录密钥指纹。"
        "不带参数时生成新密钥并替换 var/field_key；"
        "使用环境变量 JIANDU_FIELD_KEY 时须用 --new-key-file 指定新密钥文件"
        "（32字节的 base64，如 openssl rand -base64 32），完成后改设该环境变量并重启。"
        "执行前请备份，并停止 web 服务和后台任务。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--new-key-file",
            help="新密钥文件（32字节的 base64 文本）；不指定则生成新密钥写入 var/field_key",
        )

    def handle(self, *args, new_key_file: str | None = None, **options):
        old_key = bytes(settings.FIELD_ENCRYPTION_KEY)
        key_file = getattr(settings, "FIELD_KEY_FILE", None)
        if new_key_file:
            try:
                new_key = parse_key(Path(new_key_file).read_text())
            except (OSError, ValueError) as exc:
                raise CommandError(f"无法读取新密钥：{exc}") from None
        elif key_file is None:
            raise CommandError(
                "密钥来自环境变量 JIANDU_FIELD_KEY：请用 --new-key-file 指定新密钥文件"
            )
        else:
            new_key = secrets.token_bytes(32)
        if new_key == old_key:
            raise CommandError("新密钥与当前密钥相同")
        old_fp, new_fp = key_fingerprint(old_key), key_fingerprint(new_key)

        staged = None
        if key_file is not None:  # the new key is on disk before any row uses it
            staged = Path(f"{key_file}.new")
            fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(base64.b64encode(new_key).decode())
                out.flush()
                os.fsync(out.fileno())
        try:
            with transaction.atomic():
                count = reencrypt_all(old_key=old_key, new_key=new_key)
                event_record(
                    actor=None,
                    action="core.field_key.rotate",
                    object_type="core.field_key",
                    object_repr="字段加密密钥",
                    from_state=old_fp,
                    to_state=new_fp,
                    payload={"old": old_fp, "new": new_fp, "values": count},
                )
        except DecryptionError:
            if staged is not None:
                staged.unlink(missing_ok=True)
            raise CommandError("有加密字段无法用当前密钥解密，未做任何更改") from None
        if staged is not None and key_file is not None:
            os.replace(staged, key_file)
        settings.FIELD_ENCRYPTION_KEY = new_key  # this process goes on with the new key
        self.stdout.write(
            self.style.SUCCESS(f"已用新密钥重新加密 {count} 个字段值（{old_fp} → {new_fp}）")
        )
        if key_file is None:
            self.stdout.write("请将环境变量 JIANDU_FIELD_KEY 改为新密钥，并重启所有进程。")
        else:
            self.stdout.write(f"新密钥已写入 {key_file}；请重启 web 服务和后台任务。")
