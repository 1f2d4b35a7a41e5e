"""``jiandu restore FILE``: into an empty, migrated database, with the same keys; then
verifies the audit chain and every file's hash (see ``jiandu.core.backup``)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiandu.core.backup import restore


class Command(BaseCommand):
    help = "从 jiandu backup 生成的备份文件恢复（目标须为已迁移的空数据库，密钥须与备份时相同）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件（.tar.gz）")

    def handle(self, *args, file: str, **options):
        result = restore(Path(file))
        self.stdout.write(f"已恢复{result.rows}行数据、{result.files}个文件。")
        self.stdout.write(f"备份时审计链校验：{result.audit_at_backup}")
        self.stdout.write(f"恢复后审计链校验：{result.audit}")
        if result.file_errors:
            self.stdout.write("文件校验未通过：" + "；".join(result.file_errors))
        else:
            self.stdout.write(f"文件校验通过：{result.files}个文件的 SHA-256 与清单一致。")
        if not result.ok:
            raise CommandError("恢复后的校验未通过，请勿使用该数据库，并检查备份文件。")
        self.stdout.write(self.style.SUCCESS("恢复完成，校验通过。"))
