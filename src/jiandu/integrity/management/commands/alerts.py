"""``jiandu alerts compute [--on DATE]``: compute the early alerts now (the daily
schedule of ``jiandu worker`` does the same each day)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "廉政风险提示：compute 立即计算（--on 指定日期，默认今天）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        compute = sub.add_parser("compute", help="计算廉政风险提示（重复计算不会重复提示）")
        compute.add_argument("--on", help="计算日期 YYYY-MM-DD（默认今天）")

    def handle(self, *args, action: str, on: str | None = None, **options):
        from jiandu.integrity.alert_services import alerts_compute
        from jiandu.integrity.models import AlertKind, AlertRunTrigger

        try:
            day = date.fromisoformat(on) if on else timezone.localdate()
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{on}") from None
        summary = alerts_compute(on=day, trigger=AlertRunTrigger.COMMAND)
        labels = dict(AlertKind.choices)
        self.stdout.write(
            f"{day.isoformat()}：识别{summary['candidates']}条，新提示{summary['raised']}条"
        )
        for kind, n in summary["by_kind"].items():
            self.stdout.write(f"  {labels.get(kind, kind)}：{n}")
        if summary["failed"]:
            failed = "；".join(f"{k}：{v}" for k, v in summary["failed"].items())
            raise CommandError(f"部分提示未能计算（{failed}）")
