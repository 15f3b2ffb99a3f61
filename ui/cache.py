"""``by_snapshot``: ``st.cache_resource`` keyed by the snapshot folder as well as the arguments.

The app reads one snapshot, but tests (and a rebuilt snapshot served from another folder) point
``EMILE_GEODATA_DIR`` elsewhere: a table cached from one folder must never be served for another.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import streamlit as st

from emile import snapshot

P = ParamSpec("P")
R = TypeVar("R")


def by_snapshot(
    *, spinner: str | bool = False, max_entries: int | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Cache the decorated function for the life of the process, per snapshot folder and arguments. Values are
    shared, not copied: callers must not mutate them."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        def cached(root: str, *args: P.args, **kwargs: P.kwargs) -> R:
            return function(*args, **kwargs)

        # Streamlit tells caches apart by module and qualified name: give each wrapped function its own.
        cached.__module__ = function.__module__
        cached.__qualname__ = f"{function.__qualname__}[snapshot]"
        resource = st.cache_resource(show_spinner=spinner, max_entries=max_entries)(cached)

        @functools.wraps(function)
        def read(*args: P.args, **kwargs: P.kwargs) -> R:
            return resource(str(snapshot.geodata_dir()), *args, **kwargs)

        return read

    return decorate
