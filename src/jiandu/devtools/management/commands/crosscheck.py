"""``jiandu crosscheck`` with the developer subcommand ``synth``: synthetic source files
for the demo county (planted anomalies of every rule) or at province scale.

    jiandu crosscheck synth --scale county|province [--out DIR] [--seed N] [--factor F]

The other subcommands are the runtime command's (``jiandu.crosscheck``); this app is
listed before it in ``INSTALLED_APPS``, so ``jiandu crosscheck`` is this class.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from jiandu.crosscheck.management.commands import crosscheck

# The county generator spreads its planted anomalies over this many of the roster's units.
MIN_ROSTER_UNITS = 20


class Command(crosscheck.Command):
    help = "数据比对：导入数据集、运行比对规则、导出疑点、生成模拟数据"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        sub = next(a for a in parser._actions if a.dest == "action")
        p = sub.add_parser("synth", help="生成模拟数据（演示县或全省规模）")
        p.add_argument("--scale", default="county", choices=["county", "province"])
        p.add_argument("--out", default="", help="输出目录（默认 var/crosscheck/synth-<规模>）")
        p.add_argument("--seed", type=int, default=2026)
        p.add_argument("--factor", type=float, default=1.0, help="全省规模的缩放系数（默认1）")

    def do_synth(self, *, scale: str, out: str, seed: int, factor: float, **_: Any) -> None:
        from jiandu.crosscheck import services
        from jiandu.devtools import synth
        from jiandu.devtools.demo.crosscheck import register_roster

        target = Path(out) if out else services.storage_root() / f"synth-{scale}"
        target.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        if scale == "province":
            files = synth.generate_province(target, seed=seed, scale=factor)
        else:
            roster, relatives = register_roster()
            if len({r["unit"] for r in roster}) < MIN_ROSTER_UNITS:
                self.stdout.write(
                    f"干部名册中的单位少于{MIN_ROSTER_UNITS}个，使用模拟的干部名册生成数据"
                )
                roster = relatives = None
            files = synth.generate_county(target, seed=seed, roster=roster, relatives=relatives)
        elapsed = time.perf_counter() - started
        for dataset_type, path in sorted(files.items()):
            self.stdout.write(f"  {dataset_type:<18} {path}")
        self.stdout.write(self.style.SUCCESS(f"模拟数据已生成（用时{elapsed:.1f}秒）：{target}"))
