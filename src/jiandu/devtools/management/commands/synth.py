"""``jiandu synth``: a synthetic history of the domain records (reports, clues, cases with
their dated approvals, people and decisions) at province, city or county scale, written
straight into the tables for the statistics benchmark (``jiandu.devtools.synth.records``).

    jiandu synth --scale province|city|county [--fraction F] [--seed N] [--force]

A developer tool: synthetic bulk data, no audit events, services bypassed. Use an empty
database (``DATABASE_URL`` pointing at a PostgreSQL database of its own).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "生成模拟的信访举报、问题线索和案件历史数据（全省、市或县规模，仅用于性能测试）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", default="province", choices=["province", "city", "county"])
        parser.add_argument(
            "--fraction",
            type=float,
            default=1.0,
            help="数据量缩放系数（默认1：全省100万件信访举报）",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--force", action="store_true", help="数据库中已有模拟数据时仍再生成一份"
        )

    def handle(self, *, scale: str, fraction: float, seed: int, force: bool, **_: Any) -> None:
        from jiandu.devtools.synth import records

        if settings.SETTINGS_MODULE.endswith("settings_production"):
            raise CommandError("生产环境不能生成模拟数据")
        if fraction <= 0:
            raise CommandError("--fraction 须大于0")
        existing = records.complete()
        if existing is not None and not force:
            self.stdout.write(f"数据库中已有模拟历史数据（信访举报{existing:,}件），未重复生成")
            return
        summary = records.build(scale, fraction=fraction, seed=seed, progress=self.stdout.write)
        from jiandu.core.search import reindex

        self.stdout.write("重建全局检索索引……")
        reindex()
        c = summary.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"模拟历史数据已生成（用时{summary.seconds:.1f}秒）：单位{summary.units:,}个，"
                f"信访举报{c.reports:,}件，问题线索{c.clues:,}件，案件{c.cases:,}件，"
                f"被审查调查人{c.people:,}人，处理决定{c.decisions:,}个"
            )
        )
