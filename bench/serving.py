"""Start and stop the processes of a scaled-out eBOK on loopback: the backend in Reflex's production
mode (Granian workers) and a private Redis. Used by the load test and the fault tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from ebok_app.settings import PROJECT_ROOT

START_TIMEOUT_S = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/ping", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def start_backend(env: dict[str, str], port: int, workers: int, log_path: Path) -> subprocess.Popen:
    """`reflex run --env prod --backend-only` with `workers` Granian workers; returns once it answers."""
    env = {
        **env,
        "GRANIAN_WORKERS": str(workers),
        "EBOK_ALLOWED_ORIGINS": f"http://127.0.0.1:{port}",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_CHECK_LATEST_VERSION": "false",
    }
    args = [
        sys.executable,
        "-m",
        "reflex",
        "run",
        "--env",
        "prod",
        "--backend-only",
        "--backend-host",
        "127.0.0.1",
    ]
    with log_path.open("a") as log:
        process = subprocess.Popen(
            [*args, "--backend-port", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while not answers(url):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise RuntimeError(f"the backend on {url} did not start:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.3)  # polling interval while the port comes up
    return process


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Stop a process started here and everything it started (its own process group)."""
    with contextlib.suppress(ProcessLookupError):  # its children may outlive it: the group, always
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def start_redis(port: int, data_dir: Path | None = None) -> subprocess.Popen:
    """A private redis-server on `port` (never the machine's shared one): memory only, or with an
    append-only file in `data_dir` (as production should run it), so that a restart keeps the states."""
    persistence = ["--appendonly", "no"]
    if data_dir is not None:
        persistence = ["--appendonly", "yes", "--appendfsync", "always", "--dir", str(data_dir)]
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", *persistence],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop(process)
                raise RuntimeError("redis-server did not start") from None
            time.sleep(0.1)  # polling interval while the port comes up
