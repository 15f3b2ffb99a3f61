"""Following a click on a map exactly once, and leaving no selection on the map afterwards.

Streamlit keeps a pydeck chart's selection in its state after the rerun it causes, and fades every shape but the
selected one while a selection names a layer of the chart: the colours then no longer match the legend. So a map's
clickable layers carry a counter in their id, bumped when a click is followed: the next draw has layers the old
selection does not name, nothing is faded, and the map still updates in place (same chart key, same WebGL context).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

FOLLOWED = "cartes_clics_suivis"


def _counter(group: str) -> str:
    return f"{group}__vue"


def layer_id(base: str, group: str) -> str:
    """The id of a clickable layer ``base`` of the maps of ``group`` (one map's key, or a name several maps showing
    the same territories share), as drawn now."""
    return f"{base}{st.session_state.get(_counter(group), 0)}"


def renew(group: str) -> None:
    """Give the clickable layers of ``group`` new ids at the next draw (a new view, or a followed click)."""
    st.session_state[_counter(group)] = st.session_state.get(_counter(group), 0) + 1


def new_click(key: str, group: str | None = None) -> tuple[str, dict[str, Any]] | None:
    """The layer id and the GeoJSON feature (or data row) of a click on map ``key`` not followed yet, read from the
    map's state before the map is drawn again; ``None`` when there is none. A second click on the same shape clears
    the selection: nothing to follow then. The layers of ``group`` (default: this map) are renewed."""
    event = st.session_state.get(key)
    objects = {layer: found for layer, found in (event.selection.objects if event else {}).items() if found}
    followed = st.session_state.setdefault(FOLLOWED, {})
    if not objects or followed.get(key) == objects:
        return None
    followed[key] = objects
    renew(group or key)
    layer, found = next(iter(objects.items()))
    return layer, found[0]
