"""``jiandu demo``: load the demo county (青山县) and print one login per role.

Each app's part lives in its ``demo.py``; ``DEMO_MODULES`` lists them in dependency
order. A module's ``load`` is called with the keyword arguments it declares among
``seed``, ``cadres`` and ``password``; it returns counts (a dict, labelled by the module's
``COUNT_LABELS``) or account rows (a list of (username, role, unit) tuples). A module
may offer ``existing()`` to list its accounts when the data is already there; a module
returning counts that offers it has those accounts listed after loading too.

The demo password (``JIANDU_DEMO_PASSWORD``, default ``jiandu-demo-2026``) is for the
demo only.
"""

from __future__ import annotations

import inspect
import os
import time
import unicodedata
from importlib import import_module
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEMO_MODULES = [
    "jiandu.devtools.demo.org",
    "jiandu.devtools.demo.accounts",
    "jiandu.devtools.demo.intake",
    "jiandu.devtools.demo.clues",
    "jiandu.devtools.demo.cases",
    "jiandu.devtools.demo.inspections",
    "jiandu.devtools.demo.directives",
    "jiandu.devtools.demo.crosscheck",
    "jiandu.devtools.demo.integrity_register",
    "jiandu.devtools.demo.integrity_profiles",
    "jiandu.devtools.demo.integrity_clearance",
    "jiandu.devtools.demo.integrity_alerts",
]
DEFAULT_PASSWORD = "jiandu-demo-2026"  # noqa: S105 - the documented demo-only password
URL = "http://127.0.0.1:8000/"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "生成演示县（青山县）的数据，并列出各角色的演示账号（仅用于演示）"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（默认 2026）")
        parser.add_argument("--cadres", type=int, default=3000, help="干部人数（默认 3000）")
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--if-empty",
            action="store_true",
            help="数据库中已有单位时不生成，只列出演示账号",
        )
        group.add_argument("--reset", action="store_true", help="先清空数据库（flush）再生成")

    def handle(self, *args: Any, seed: int, cadres: int, if_empty: bool, reset: bool, **options):
        from jiandu.org.models import Unit

        password = os.environ.get("JIANDU_DEMO_PASSWORD") or DEFAULT_PASSWORD
        modules = [import_module(path) for path in DEMO_MODULES]
        if reset:
            call_command("flush", interactive=False, verbosity=0)
            _reseed_migration_data()
        elif Unit.objects.exists():
            if not if_empty:
                raise CommandError(
                    "数据库中已有数据，未生成演示数据。"
                    "如需重新生成，请使用 --reset（将清空数据库）。"
                )
            self.stdout.write("数据库中已有数据，保留现有数据，未重新生成演示数据。")
            existing = [row for m in modules if hasattr(m, "existing") for row in m.existing()]
            self.print_accounts(existing, password)
            self.print_two_factor()
            return

        context = {"seed": seed, "cadres": cadres, "password": password}
        counts: dict[str, int] = {}
        labels: dict[str, str] = {}
        accounts: list[tuple[str, str, str]] = []
        started = time.perf_counter()
        with transaction.atomic():
            for module in modules:
                params = inspect.signature(module.load).parameters
                result = module.load(**{k: v for k, v in context.items() if k in params})
                if isinstance(result, dict):
                    counts.update(result)
                    labels.update(getattr(module, "COUNT_LABELS", {}))
                    if hasattr(module, "existing"):  # counts, and accounts of its own
                        accounts.extend(module.existing())
                elif result:
                    accounts.extend(result)
            # Some modules write in bulk (no signals): the search index is built once, here.
            from jiandu.core.search import reindex

            reindex()
        elapsed = time.perf_counter() - started
        if accounts:
            counts["users"] = len(accounts)
            labels["users"] = "演示账号"
        summary = "，".join(f"{labels.get(k, k)} {v}" for k, v in counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"演示数据已生成（随机种子 {seed}，用时 {elapsed:.1f} 秒）")
        )
        self.stdout.write(summary)
        self.print_accounts(accounts, password)
        self.print_two_factor()

    def print_accounts(self, accounts: list[tuple[str, str, str]], password: str) -> None:
        header = ("角色", "用户名", "单位")
        rows = [header, *((role, username, unit) for username, role, unit in accounts)]
        widths = [max(_width(row[i]) for row in rows) + 2 for i in range(3)]
        self.stdout.write("")
        for row in rows:
            line = "".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True))
            self.stdout.write(line.rstrip())
        self.stdout.write("")
        self.stdout.write(f"密码（所有演示账号相同，仅用于演示）：{password}")
        self.stdout.write(f"访问地址：{URL}")

    def print_two_factor(self) -> None:
        """Accounts that must pass a TOTP step get a device; say how to get their codes."""
        from jiandu.devtools.demo.accounts import enrol_two_factor

        rows = enrol_two_factor()
        if not rows:
            return
        names = "、".join(username for username, _ in rows)
        self.stdout.write("")
        self.stdout.write(f"两步验证（仅用于演示）：{names} 登录时还须输入动态验证码。")
        self.stdout.write(
            "  取得当前验证码：jiandu otp code <用户名>（例如 jiandu otp code leader）"
        )
        self.stdout.write("  或在任一身份验证器应用中添加以下地址（扫码或手动输入密钥）：")
        for username, uri in rows:
            self.stdout.write(f"  {username}：{uri}")


def _reseed_migration_data() -> None:
    """``flush`` empties every table, including the rows migrations put there: the
    bundled holiday calendar 2004–2026 and the audit chain head. Put them back."""
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    editor = SimpleNamespace(connection=connection)
    for path in (
        "jiandu.core.migrations.0002_seed_calendar",
        "jiandu.core.migrations.0003_policyvalue",
        "jiandu.intake.migrations.0002_seed_categories",
        "jiandu.audit.migrations.0002_chain_head",
        "jiandu.inspections.migrations.0002_policy_defaults",
        "jiandu.cases.migrations.0004_compulsory_measures",
        "jiandu.integrity.migrations.0002_register",
        "jiandu.integrity.migrations.0004_alerts_runs",
        "jiandu.integrity.migrations.0005_clearance",
        "jiandu.stats.migrations.0003_assessment_seed_schemes",
        "jiandu.stats.migrations.0004_bulletin_templates",
        "jiandu.stats.migrations.0005_policy_thresholds",
    ):
        module = import_module(path)
        (module.seed if hasattr(module, "seed") else module.create_head)(apps, editor)
