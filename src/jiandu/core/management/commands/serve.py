"""``jiandu serve``: the web server (gunicorn) and a background worker together, for the
embedded setup. Production runs gunicorn and ``jiandu worker`` separately.

The command is the supervisor of its two parts, and the service is one unit: it is
either whole or stopped.

- SIGTERM (systemd, a container runtime) and SIGINT (Ctrl+C) alike stop it: each part
  is asked to stop (SIGTERM to its whole process group, so gunicorn's own workers get it
  too), given ``STOP_TIMEOUT`` seconds, then killed (SIGKILL to the group). The command
  returns only when every process it started is gone and the port is free.
- If a part ends by itself (the worker killed, gunicorn unable to bind its port…), the
  other part is stopped the same way and the command exits with status 1 and a Chinese
  message naming the part that died and its exit status: no half a system keeps running.

Each part runs in its own session (process group), so a signal from the terminal reaches
the supervisor only, and the supervisor decides how its children stop.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

from django.core.management import call_command
from django.core.management.base import BaseCommand

STOP_TIMEOUT = 15.0  # seconds a part gets to stop before it is killed
POLL_SECONDS = 0.2


@dataclass
class Part:
    label: str  # Chinese, for messages
    process: subprocess.Popen

    def running(self) -> bool:
        return self.process.poll() is None

    def signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signum)


def describe_exit(returncode: int) -> str:
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = str(-returncode)
        return f"退出码 {returncode}（被信号 {name} 终止）"
    return f"退出码 {returncode}"


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
        stop_requested: list[int] = []

        def request_stop(signum, frame):
            stop_requested.append(signum)

        previous = {
            signum: signal.signal(signum, request_stop)
            for signum in (signal.SIGTERM, signal.SIGINT)
        }
        parts: list[Part] = []
        try:
            if not no_worker:
                parts.append(
                    Part(
                        "后台任务进程",
                        subprocess.Popen(
                            [sys.executable, "-m", "jiandu.cli", "worker"],
                            env=env,
                            start_new_session=True,
                        ),
                    )
                )
            parts.append(Part("网页服务（gunicorn）", self._start_web(bind, workers, env)))
            self.stdout.write(f"jiandu 已启动：http://{bind}/ （按 Ctrl+C 停止）")
            self.stdout.flush()
            died = self._watch(parts, stop_requested)
        finally:
            self._stop(parts)
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if died is not None:
            self.stderr.write(
                f"jiandu 已停止：{died.label}意外退出（{describe_exit(died.process.returncode)}），"
                "其余部分已一并停止。请查看上面的日志。"
            )
            raise SystemExit(1)
        self.stdout.write("jiandu 已停止。")

    @staticmethod
    def _start_web(bind: str, workers: int, env: dict[str, str]) -> subprocess.Popen:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
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
            start_new_session=True,
        )

    @staticmethod
    def _watch(parts: list[Part], stop_requested: list[int]) -> Part | None:
        """Until a stop signal (returns None) or until a part ends (returns it)."""
        while not stop_requested:
            for part in parts:
                if not part.running():
                    return part
            time.sleep(POLL_SECONDS)
        return None

    @staticmethod
    def _stop(parts: list[Part]) -> None:
        """SIGTERM to every part's process group, wait, then SIGKILL what is left."""
        for part in parts:
            part.signal_group(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for part in parts:
            with contextlib.suppress(subprocess.TimeoutExpired):
                part.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        for part in parts:
            # Also the group of a part that already ended: its children may live on.
            part.signal_group(signal.SIGKILL)
            part.process.wait()
