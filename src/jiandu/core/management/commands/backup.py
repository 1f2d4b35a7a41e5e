"""``jiandu backup [--output FILE]``: database, files under var/ and key fingerprints in
one .tar.gz (see ``jiandu.core.backup``)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from jiandu.core.backup import backup


class Command(BaseCommand):
    help = "备份数据库、var/ 下的文件和密钥指纹（不含密钥本身）到一个 .tar.gz 文件"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="备份文件路径（默认 var/backups/jiandu-年月日-时分秒.tar.gz）",
        )

    def handle(self, *args, output: str | None = None, **options):
        if output:
            path = Path(output)
        else:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = Path(settings.VAR_DIR) / "backups" / f"jiandu-{stamp}.tar.gz"
        result = backup(path)
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{result.path}（{result.rows}行数据，{result.files}个文件）。"
                f"备份时审计链校验：{result.audit}"
            )
        )
        self.stdout.write(
            "注意：备份中没有密钥。恢复时需要同样的 JIANDU_FIELD_KEY、"
            "JIANDU_AUDIT_KEY 和 JIANDU_SECRET_KEY，请另行妥善保管。"
        )
