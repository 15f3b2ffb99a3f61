"""Debian's nginx in front of app replicas on 127.0.0.1, with the deployment's own configuration (deploy/nginx.conf),
for the replica test: a temporary prefix, its own pid file and logs, never as root, stopped by its pid."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from string import Template

from harness.server import PROJECT_ROOT, free_port

NGINX_SNIPPET = PROJECT_ROOT / "deploy" / "nginx.conf"
UNPRIVILEGED_USER = "nobody"

# The deployment's snippet wrapped in what the nginx image provides around it, plus an access log naming the replica
# that answered each request (the test reads it to tell the replicas apart).
_MAIN = """
pid {folder}/nginx.pid;
error_log {folder}/error.log notice;
worker_processes 1;
events {{ worker_connections 512; }}
http {{
    log_format replica '$cookie_emile_replica $status $upstream_addr';
    access_log {folder}/access.log replica;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/emile.conf;
}}
"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


@dataclass
class Proxy:
    url: str
    folder: Path

    def served_by(self) -> list[tuple[str, str]]:
        """(replica that answered, sticky key) of every request logged so far, oldest first. A request that nginx
        passed on after a replica refused it lists every address tried; the last one answered."""
        log = self.folder / "access.log"
        lines = log.read_text().splitlines() if log.exists() else []
        return [(fields[-1], fields[0]) for fields in (line.split() for line in lines)]


def render(upstreams: Sequence[str], listen: str) -> str:
    """deploy/nginx.conf with its two placeholders filled, as envsubst fills them in the nginx image."""
    servers = " ".join(f"server {address} max_fails=1 fail_timeout=10s;" for address in upstreams)
    return Template(NGINX_SNIPPET.read_text()).safe_substitute(
        EMILE_PROXY_LISTEN=listen, EMILE_UPSTREAM_SERVERS=servers
    )


@contextmanager
def reverse_proxy(upstreams: Sequence[str], timeout_s: float = 15.0) -> Iterator[Proxy]:
    """Start nginx on a free loopback port in front of ``upstreams`` (``host:port``); stop it by its pid on exit."""
    binary = nginx_binary()
    if binary is None:
        raise FileNotFoundError("nginx introuvable (make test installe le paquet Debian nginx)")
    folder = Path(tempfile.mkdtemp(prefix="emile-nginx-"))
    port = free_port()
    (folder / "emile.conf").write_text(render(upstreams, f"127.0.0.1:{port}"))
    (folder / "nginx.conf").write_text(_MAIN.format(folder=folder))
    as_root = os.geteuid() == 0
    if as_root:
        shutil.chown(folder, UNPRIVILEGED_USER)
    command = [binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")]
    process = subprocess.Popen(
        [*command, "-g", "daemon off;"],
        user=UNPRIVILEGED_USER if as_root else None,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_listening(process, port, folder, timeout_s)
        yield Proxy(f"http://127.0.0.1:{port}", folder)
    finally:
        pid_file = folder / "nginx.pid"
        pid = int(pid_file.read_text()) if pid_file.exists() else process.pid
        if process.poll() is None and pid == process.pid:
            os.kill(pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)


def _wait_listening(process: subprocess.Popen, port: int, folder: Path, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        if process.poll() is not None:
            log = folder / "error.log"
            raise RuntimeError(f"nginx s'est arrêté au démarrage :\n{log.read_text() if log.exists() else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nginx n'écoute pas sur le port {port} après {timeout_s} s") from None
            time.sleep(0.1)
