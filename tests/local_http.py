"""A scripted HTTP server on 127.0.0.1 for the download tests: each path answers with a list of replies played in
order (the last one repeats), so a test can stage « 500, then success » or a body cut short, and read back when each
request arrived."""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Reply:
    """One scripted answer. ``declared_length`` larger than the body makes a truncated download; ``delay_s`` holds
    the answer back (to exceed the client's timeout); ``gzip`` sends the body compressed, as GitHub does for text."""

    body: bytes = b""
    status: int = 200
    content_type: str = "application/octet-stream"
    declared_length: int | None = None
    delay_s: float = 0.0
    gzip: bool = False


class LocalServer:
    """Serve scripted replies on a free 127.0.0.1 port; use as a context manager so the server always stops."""

    def __init__(self) -> None:
        self._scripts: dict[str, list[Reply]] = {}
        self.hits: dict[str, list[float]] = {}
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def script(self, path: str, *replies: Reply) -> str:
        """Answer ``path`` with ``replies`` in turn; return its URL."""
        self._scripts[path] = list(replies)
        self.hits[path] = []
        return self.url(path)

    def url(self, path: str) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stopping.set()  # releases any reply still held back by its delay
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _next_reply(self, path: str) -> Reply | None:
        script = self._scripts.get(path)
        if script is None:
            return None
        hits = self.hits[path]
        hits.append(time.monotonic())
        return script[min(len(hits), len(script)) - 1]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                reply = server._next_reply(self.path)
                if reply is None:
                    self.send_error(404)
                    return
                if reply.delay_s and server._stopping.wait(reply.delay_s):
                    return
                body = gzip.compress(reply.body) if reply.gzip else reply.body
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(reply.declared_length or len(body)))
                if reply.gzip:
                    self.send_header("Content-Encoding", "gzip")
                self.end_headers()
                self.wfile.write(body)
                if reply.declared_length:
                    self.close_connection = True  # the client waits for bytes that never come: end it here

            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

        return Handler
