"""``jiandu search_reindex [--kind KIND ...]``: rebuild the search index (``jiandu.core.
search``) from the registers, e.g. after ``jiandu synth``, a bulk load that bypassed the
services, a restore, or ``jiandu rotate_field_key`` (the reporter tokens are keyed)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "重建全局检索索引（批量导入、恢复备份或更换字段密钥后运行）"

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", help="只重建这一类（可多次指定）")

    def handle(self, *args, kind: list[str] | None = None, **options):
        from jiandu.core.search import REGISTRY, reindex

        unknown = sorted(set(kind or []) - set(REGISTRY))
        if unknown:
            raise CommandError(f"没有这一类：{'、'.join(unknown)}；可选：{'、'.join(REGISTRY)}")
        started = time.perf_counter()
        counts = reindex(kind)
        summary = "，".join(f"{REGISTRY[k].label}{n:,}条" for k, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"检索索引已重建（用时{time.perf_counter() - started:.1f}秒）：{summary}"
            )
        )
