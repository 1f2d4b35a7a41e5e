"""``jiandu stats_definitions``: print the standard tables' definitions (docs/STATISTICS.md)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "输出各标准报表的统计口径（Markdown），即 docs/STATISTICS.md 的内容"

    def handle(self, *args, **options):
        from jiandu.stats.standard import definitions_markdown

        self.stdout.write(definitions_markdown(), ending="")
