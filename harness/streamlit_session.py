"""A Streamlit session without a browser: Streamlit's own websocket protocol with the protobuf messages the
``streamlit`` package ships (``BackMsg.rerun_script`` out, ``ForwardMsg`` deltas and ``script_finished`` in).

It is what the load benchmark replays by the dozen and what the replica test reads a page with: each rerun returns
the texts the page wrote, its widgets and how long the server took, from the request to ``script_finished``. It
sees what the server sends, not what a browser draws (maps and charts are specs here); the browser tests cover that.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

T = TypeVar("T")

_TEXT_FIELDS = ("body", "label", "title")
_FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


class SessionError(Exception):
    """The server closed the session, showed a traceback or did not finish the script in time."""


@dataclass
class Run:
    """What one rerun produced."""

    seconds: float
    texts: list[str] = field(default_factory=list)
    widgets: dict[str, object] = field(default_factory=dict)  # label → the widget's proto (id, value, bounds…)
    exceptions: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(self.texts)


class SimulatedSession:
    """One visitor's session on ``base_url`` (``http://host:port``); use as ``async with``."""

    def __init__(self, base_url: str, timeout_s: float = 30.0, cookies: dict[str, str] | None = None) -> None:
        parts = urlsplit(base_url)
        self._uri = f"ws://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self._origin = f"{parts.scheme}://{parts.netloc}"
        self.timeout_s = timeout_s
        # Cookies go with the websocket handshake, as a browser's do (the proxy's sticky-session key among them).
        self._headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else None
        self.pages: dict[str, str] = {}  # page title → page_script_hash, from the navigation message
        self.page_hash = ""
        self._socket: websockets.ClientConnection | None = None

    async def __aenter__(self) -> SimulatedSession:
        self._socket = await websockets.connect(
            self._uri,
            subprotocols=["streamlit"],
            origin=self._origin,
            max_size=None,
            open_timeout=self.timeout_s,
            compression=None,
            additional_headers=self._headers,
        )
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._socket is not None:
            await self._socket.close()

    async def open_page(self, title: str = "", query_string: str = "") -> Run:
        """Rerun on the page called ``title`` in the navigation (the default page when empty), as a click on its
        link does."""
        if title:
            self.page_hash = self.pages[title]
        return await self.rerun(query_string=query_string)

    async def rerun(self, widgets: Iterable[WidgetState] = (), query_string: str = "") -> Run:
        """Send ``rerun_script`` with these widget states and collect every message until ``script_finished``."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string = query_string
        state.page_script_hash = self.page_hash
        state.widget_states.widgets.extend(widgets)
        started = time.perf_counter()
        await self._socket.send(message.SerializeToString())
        run = Run(seconds=0.0)
        try:
            async with asyncio.timeout(self.timeout_s):
                while True:
                    forward = ForwardMsg.FromString(await self._socket.recv())
                    if self._absorb(forward, run):
                        break
        except TimeoutError as error:
            raise SessionError(f"script non terminé après {self.timeout_s} s") from error
        except websockets.ConnectionClosed as error:
            raise SessionError(f"session fermée par le serveur ({error})") from error
        run.seconds = time.perf_counter() - started
        return run

    def _absorb(self, forward: ForwardMsg, run: Run) -> bool:
        """Record one message; True once the script has finished."""
        kind = forward.WhichOneof("type")
        if kind == "navigation":
            self.pages = {page.page_name: page.page_script_hash for page in forward.navigation.app_pages}
            self.page_hash = forward.navigation.page_script_hash or self.page_hash
        elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            element = forward.delta.new_element
            name = element.WhichOneof("type")
            body = getattr(element, name)
            if name == "exception":
                run.exceptions.append(f"{body.type}: {body.message}")
            for attribute in _TEXT_FIELDS:
                if attribute in body.DESCRIPTOR.fields_by_name and getattr(body, attribute):
                    run.texts.append(getattr(body, attribute))
            if "id" in body.DESCRIPTOR.fields_by_name and getattr(body, "label", ""):
                run.widgets[body.label] = body
        elif kind == "script_finished":
            if forward.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                raise SessionError(f"script terminé en erreur ({forward.script_finished})")
            return forward.script_finished in _FINISHED
        return False


def slider_state(slider: object, value: float) -> WidgetState:
    """The widget state a browser sends when a single-value slider is moved to ``value``."""
    state = WidgetState(id=slider.id)
    state.double_array_value.data.append(value)
    return state


def run_sessions(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to completion in a thread of its own: Playwright's sync API keeps an event loop running in
    the main thread once a browser is started (the test session's browser), where ``asyncio.run`` is refused."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
