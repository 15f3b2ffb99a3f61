"""Run the Streamlit app in a child process on 127.0.0.1, and stop it afterwards."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class AppProcess:
    url: str
    process: subprocess.Popen

    def peak_rss_mb(self) -> float:
        """The server's peak resident memory so far (VmHWM), in MB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("VmHWM absent de /proc")


@contextmanager
def serving(
    env: dict[str, str] | None = None,
    timeout_s: float = 60.0,
    script: Path = PROJECT_ROOT / "app.py",
    port: int | None = None,
    extra_args: Sequence[str] = (),
    through_launcher: bool | None = None,
) -> Iterator[AppProcess]:
    """Start ``streamlit run <script>``; yield it once the health endpoint answers; stop it on exit. ``port`` is for
    callers that must know the address beforehand (e.g. an OIDC redirect URI). The app goes through its launcher
    (``ui/serve.py``), other scripts (benchmark baselines) through plain streamlit, unless ``through_launcher``
    says otherwise."""
    port = port or free_port()
    if through_launcher is None:
        through_launcher = script == PROJECT_ROOT / "app.py"
    launcher = ["ui.serve"] if through_launcher else ["streamlit", "run", str(script)]
    command = [
        sys.executable,
        "-m",
        *launcher,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *extra_args,
    ]
    # A file, not a pipe: an unread pipe fills up and blocks a chatty server.
    with tempfile.TemporaryFile(mode="w+") as log:
        yield from _supervised(command, env, port, timeout_s, log)


def _supervised(
    command: list[str], env: dict[str, str] | None, port: int, timeout_s: float, log
) -> Iterator[AppProcess]:
    """Start ``command``, wait for Streamlit's health endpoint, yield the process, then stop it by its id."""
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"L'application s'est arrêtée au démarrage :\n{log.read()}")
            try:
                if requests.get(f"{url}/_stcore/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"L'application ne répond pas sur {url} après {timeout_s} s")
            time.sleep(0.2)
        yield AppProcess(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running_app(
    env: dict[str, str] | None = None, timeout_s: float = 60.0, script: Path = PROJECT_ROOT / "app.py"
) -> Iterator[str]:
    """Like ``serving`` but yields only the base URL, which is all most tests need."""
    with serving(env, timeout_s, script) as app:
        yield app.url
