"""``jiandu crosscheck``: the cross-checks from the command line, for batch use and
scripts. The system is the actor (the audit events say 系统). The developer tools add
``synth`` (synthetic source files) to this command: ``jiandu.devtools``.

    jiandu crosscheck import TYPE FILE [--mapping M]
    jiandu crosscheck run [--rules R01,R05] [--engine duckdb|spark]
    jiandu crosscheck hits [--rule R] [--status new] [--format csv|xlsx] [--output F]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiandu.core.errors import DomainError


class Command(BaseCommand):
    help = "数据比对：导入数据集、运行比对规则、导出疑点"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="命令")

        p = sub.add_parser("import", help="导入数据文件（CSV、XLSX或Parquet）为新版本")
        p.add_argument("dataset_type", metavar="TYPE", help="数据类型，如 payments、deaths")
        p.add_argument("file", metavar="FILE")
        p.add_argument("--mapping", metavar="M", help="列对应文件（JSON或两列CSV）")

        p = sub.add_parser("run", help="运行比对规则（在本进程中执行，显示进度）")
        p.add_argument("--rules", default="", help="规则代码，逗号分隔，如 R01,R05（默认全部）")
        p.add_argument("--engine", default="duckdb", choices=["duckdb", "spark"])

        sub.add_parser(
            "sweep", help="清理被中断的后台任务留下的临时文件，并将心跳停止的任务标为失败"
        )

        p = sub.add_parser("hits", help="导出比对疑点")
        p.add_argument("--rule", default="", help="只导出该规则的疑点")
        p.add_argument("--status", default="", choices=["", "new", "confirmed", "dismissed"])
        p.add_argument("--new-in", type=int, default=None, help="只导出第N次比对新发现的疑点")
        p.add_argument("--format", default="csv", choices=["csv", "xlsx"])
        p.add_argument("--output", "-o", default="", help="输出文件（csv默认输出到屏幕）")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, f"do_{action}")(**options)
        except DomainError as exc:
            raise CommandError(exc.message) from None

    # --- import ---

    def do_import(self, *, dataset_type: str, file: str, mapping: str | None, **_: Any) -> None:
        from jiandu.crosscheck import services
        from jiandu.crosscheck.engine.datasets import read_mapping_file

        source = Path(file)
        if not source.is_file():
            raise CommandError(f"文件不存在：{file}")
        columns = read_mapping_file(mapping) if mapping else None
        try:
            version = services.dataset_import(
                actor=None,
                dataset_type=dataset_type,
                source=source,
                original_name=source.name,
                mapping=columns,
            )
        except services.ImportRejected as exc:
            for r in exc.rejections[:20]:
                self.stderr.write(f"  第{r['row']}行 {r['column']}：{r['reason']}")
            raise CommandError(exc.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入{version.label}第{version.version}版：共{version.rows_total}行，"
                f"导入{version.rows_accepted}行，拒收{version.rows_rejected}行"
            )
        )
        if version.rejections_path:
            report = services.storage_root() / version.rejections_path
            self.stdout.write(f"拒收行报告：{report}")

    # --- run ---

    def do_sweep(self, **_: Any) -> None:
        from jiandu.crosscheck import services

        removed = services.temp_sweep()
        for path in removed:
            self.stdout.write(f"  已删除：{path}")
        self.stdout.write(self.style.SUCCESS(f"清理完成：删除{len(removed)}个遗留文件"))

    def do_run(self, *, rules: str, engine: str, **_: Any) -> None:
        from jiandu.crosscheck import services

        codes = [c for c in rules.split(",") if c.strip()]
        run = services.run_start(actor=None, rule_codes=codes, engine=engine, enqueue=False)
        self.stdout.write(f"{run}开始（引擎 {engine}）")
        started = time.perf_counter()
        run = services.run_execute(run_id=run.pk)
        elapsed = time.perf_counter() - started
        if run.status != "succeeded":
            raise CommandError(f"{run}失败：{run.error}")
        for code, reason in sorted(run.skipped.items()):
            self.stdout.write(f"  {code} 未运行：{reason}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{run}完成，用时{elapsed:.1f}秒：发现疑点{run.hits_total}条，"
                f"其中新发现{run.hits_new}条"
            )
        )

    # --- hits ---

    def do_hits(
        self,
        *,
        rule: str,
        status: str,
        new_in: int | None,
        format: str,
        output: str,
        **_: Any,
    ) -> None:
        from jiandu.crosscheck import exports
        from jiandu.crosscheck.filters import HitFilter
        from jiandu.crosscheck.models import Hit

        filters = {"rule": rule.upper(), "status": status}
        if new_in:
            filters["new_in"] = str(new_in)
        hit_filter = HitFilter(filters, queryset=Hit.objects.all())
        if not hit_filter.is_valid():
            raise CommandError(f"参数有误：{dict(hit_filter.errors)}")
        qs = hit_filter.qs
        if format == "xlsx":
            target = Path(output or "crosscheck-hits.xlsx")
            _write_atomically(target, exports.xlsx_bytes(qs))
            self.stdout.write(self.style.SUCCESS(f"已导出{qs.count()}条疑点：{target}"))
            return
        text = exports.csv_text(qs)
        if output:
            _write_atomically(Path(output), text.encode("utf-8"))
            self.stdout.write(self.style.SUCCESS(f"已导出{qs.count()}条疑点：{output}"))
        else:
            sys.stdout.write(text.lstrip("\ufeff"))


def _write_atomically(target: Path, content: bytes) -> None:
    """The export appears under its name only when complete."""
    from jiandu.crosscheck.engine.datasets import partial_path

    partial = partial_path(target.resolve())
    try:
        partial.write_bytes(content)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
