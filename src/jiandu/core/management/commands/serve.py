"""``jiandu serve``: the web server (gunicorn) and a background worker together, for the
embedded setup. Production runs gunicorn and ``jiandu worker`` separately."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动网页服务和后台任务进程（一体化部署）"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("JIANDU_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--no-worker", action="store_true", help="不启动后台任务进程")

    def handle(self, *args, bind: str, workers: int, no_worker: bool, **options):
        call_command("migrate", interactive=False, verbosity=0)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "jiandu.settings"),
        }
        children: list[subprocess.Popen] = []
        if not no_worker:
            children.append(
                subprocess.Popen([sys.executable, "-m", "jiandu.cli", "worker"], env=env)
            )
        self.stdout.write(f"jiandu 已启动：http://{bind}/ （按 Ctrl+C 停止）")
        web = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "jiandu.wsgi:application",
                # access log without client addresses, day-key seed (see the module)
                "--config",
                "python:jiandu.core.gunicorn_conf",
                "--bind",
                bind,
                "--workers",
                str(workers),
                "--threads",
                "4",
                "--graceful-timeout",
                "5",
            ],
            env=env,
        )
        children.append(web)
        try:
            web.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
