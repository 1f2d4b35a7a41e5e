"""``jiandu serve`` stops all it started, on SIGTERM and SIGINT
alike, and goes down whole (with a clear message) when one of its parts dies.

These tests run the real command in a subprocess on a free port with a temporary SQLite
database, and look at the real process tree in /proc. Every wait polls with a generous
limit, so a slow machine makes them slower, not failing.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

START_LIMIT = 180.0  # seconds for serve to answer (migrate check + gunicorn + worker)
STOP_LIMIT = 60.0  # seconds for everything to be gone (the command's own timeout is 15)
REPORTER_AGENT = "Mozilla/5.0 (Reporter-Phone-Serve-Test)"


def _env(var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_ALLOW"))}
    env.pop("DATABASE_URL", None)  # a temporary SQLite database, whatever the suite uses
    env.update(
        JIANDU_VAR=str(var),
        DJANGO_SETTINGS_MODULE="jiandu.settings",
        PYTHONUNBUFFERED="1",
    )
    src = str(Path(__file__).resolve().parents[3])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    return env


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """One migrated SQLite database for the module; each test copies it."""
    var = tmp_path_factory.mktemp("serve-var")
    subprocess.run(
        [sys.executable, "-m", "jiandu.cli", "migrate", "-v", "0"],
        env=_env(var),
        check=True,
        timeout=600,
    )
    return var


@pytest.fixture
def var(migrated, tmp_path) -> Path:
    target = tmp_path / "var"
    target.mkdir()
    for name in ("jiandu.sqlite3", "secret_key", "field_key"):
        (target / name).write_bytes((migrated / name).read_bytes())
    return target


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, start time) of a live process, None if it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return fields[0], int(fields[1]), int(fields[19])


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _descendants(root: int) -> dict[int, int]:
    """Every process below ``root``: pid → start time (to tell a reused pid apart)."""
    children: dict[int, list[int]] = {}
    starts: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            children.setdefault(stat[1], []).append(int(entry.name))
            starts[int(entry.name)] = stat[2]
    found: dict[int, int] = {}
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found[child] = starts[child]
            todo.append(child)
    return found


def _alive(pid: int, start: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[2] == start and stat[0] != "Z"


def _poll(predicate, limit: float) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


class Serve:
    def __init__(self, var: Path):
        self.port = _free_port()
        self.out = var / "serve.out"
        self.err = var / "serve.err"
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "jiandu.cli",
                    "serve",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "1",
                ],
                env=_env(var),
                stdout=out,
                stderr=err,
            )
        self.tree: dict[int, int] = {}

    def answers(self) -> bool:
        assert self.process.poll() is None, self.output()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/jubao/", headers={"User-Agent": REPORTER_AGENT}
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                return response.status == 200
        except OSError:
            return False

    def start(self) -> None:
        assert _poll(self.answers, START_LIMIT), self.output()
        # gunicorn master and worker, and the background worker, are all up.
        assert _poll(lambda: len(_descendants(self.process.pid)) >= 3, START_LIMIT)
        self.tree = _descendants(self.process.pid)

    def all_gone(self) -> bool:
        return self.process.poll() is not None and not any(
            _alive(pid, start) for pid, start in self.tree.items()
        )

    def output(self) -> str:
        return self.out.read_text(errors="replace") + self.err.read_text(errors="replace")

    def cleanup(self) -> None:
        for pid, start in self.tree.items():
            if _alive(pid, start):
                os.kill(pid, signal.SIGKILL)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def serve(var):
    started = Serve(var)
    yield started
    started.cleanup()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_ends_the_command_and_every_process_it_started(serve, signum):
    serve.start()
    commands = [_cmdline(pid) for pid in serve.tree]
    assert any("gunicorn" in c for c in commands)
    assert any("jiandu.cli worker" in c for c in commands)
    serve.process.send_signal(signum)
    assert _poll(serve.all_gone, STOP_LIMIT), (
        f"still running: {[_cmdline(p) for p, s in serve.tree.items() if _alive(p, s)]}"
    )
    assert serve.process.returncode == 0, serve.output()
    assert _poll(lambda: _port_is_free(serve.port), STOP_LIMIT)
    output = serve.output()
    assert "jiandu 已停止" in output
    # The access log of the portal request names no client.
    portal_lines = [line for line in output.splitlines() if "GET /jubao/" in line]
    assert portal_lines, output
    for line in portal_lines:
        assert "127.0.0.1" not in line and "Reporter-Phone" not in line


def test_a_part_that_dies_takes_the_whole_service_down_with_a_message(serve):
    serve.start()
    worker = next(
        pid
        for pid in serve.tree
        if _stat(pid)
        and _stat(pid)[1] == serve.process.pid
        and "jiandu.cli worker" in _cmdline(pid)
    )
    os.kill(worker, signal.SIGKILL)
    assert _poll(serve.all_gone, STOP_LIMIT), (
        f"still running: {[_cmdline(p) for p, s in serve.tree.items() if _alive(p, s)]}"
    )
    assert serve.process.returncode == 1
    assert _poll(lambda: _port_is_free(serve.port), STOP_LIMIT)
    error = serve.err.read_text()
    assert "后台任务进程意外退出" in error and "退出码 -9" in error, serve.output()
