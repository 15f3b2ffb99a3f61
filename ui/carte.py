"""The « Carte » page's navigation: the view lives in the link (``emile.maps.state``), and clicks, the search and the
lists move it. The callbacks run before the page is drawn again, so the page reads one settled view.

A counter, bumped on every change of view, is written into the clickable layers' ids. The three maps keep their
keys, so the browser updates each deck in place (no new WebGL context, no shader compiled again: seconds in software
rendering), while a selection left from the previous view names a layer that no longer exists: the next click on the
same shape is a new selection, not a deselection.
"""

from __future__ import annotations

import streamlit as st

from emile import commune_search
from emile.maps import classes, overlay
from emile.maps import state as ms
from ui import data, map_data

NAV_COUNTER = "carte_navigation"
FOLLOWED = "carte_clics_suivis"
MAP_KEYS = tuple(f"carte_{theme}" for theme in ms.THEMES)


def _read() -> ms.MapState:
    names = data.departements_for_display()["code"]
    available = {level: set(data.indicators(table).columns) for level, table in ms.LEVEL_OF_VIEW.items()}
    return ms.from_params(st.query_params.to_dict(), set(names), map_data.commune_departements(), available)


def current() -> ms.MapState:
    """The view of the link, cleaned (unknown values dropped and the link rewritten), after any new map click."""
    state = _read()
    if st.query_params.to_dict() != state.to_params():
        go(state)
    _follow_clicks(state)
    return _read()


def navigation() -> int:
    return st.session_state.get(NAV_COUNTER, 0)


def go(state: ms.MapState) -> None:
    """Show ``state`` in the same view (same territories drawn)."""
    st.query_params.from_dict(state.to_params())


def navigate(state: ms.MapState) -> None:
    """Show ``state`` as a new view (other territories drawn)."""
    st.session_state[NAV_COUNTER] = navigation() + 1
    go(state)


def on_indicator(theme: str, key: str) -> None:
    go(_read().with_indicator(theme, st.session_state[key]))


def on_method() -> None:
    state = _read()
    method = st.session_state["carte_classes"] or classes.DEFAULT_METHOD
    go(ms.MapState(state.level, state.departement, state.commune, state.chosen, method))


def open_commune(code: str) -> None:
    state = _read()
    departement = map_data.commune_departements()[code]
    move = go if departement == state.departement else navigate
    move(state.in_departement(departement, code))


def on_search() -> None:
    table, keys = map_data.search_table()
    found = commune_search.search(table, st.session_state["carte_recherche"], keys)
    st.session_state["carte_resultats"] = list(found["code"])
    if not found.empty:
        open_commune(found["code"].iloc[0])


def on_result() -> None:
    if st.session_state["carte_choix"]:
        open_commune(st.session_state["carte_choix"])


def on_departement() -> None:
    state, code = _read(), st.session_state["carte_departement"]
    navigate(state.in_departement(code) if code else state.national())


def _follow_clicks(state: ms.MapState) -> None:
    """Act on a new click on one of the maps, read from the maps' state before they are drawn again: a département
    opens its communes, a commune its panel, a faded neighbour that département. A selection stays in the map's state
    after it has been followed, so only one that differs from the last followed counts; a second click on the same
    shape deselects it (empty selection): nothing to do then."""
    followed = st.session_state.setdefault(FOLLOWED, {})
    for key in MAP_KEYS:
        event = st.session_state.get(key)
        objects = {layer: found for layer, found in (event.selection.objects if event else {}).items() if found}
        if not objects or followed.get(key) == objects:
            continue
        followed[key] = objects
        layer_id, found = next(iter(objects.items()))
        if not layer_id.startswith((overlay.CHOROPLETH, overlay.NEIGHBOURS)):
            continue  # a France services site or a town hall: its tooltip says enough
        code = found[0]["properties"]["code"]
        if layer_id.startswith(overlay.NEIGHBOURS) or state.level == ms.NATIONAL:
            navigate(state.in_departement(code))
        else:
            open_commune(code)
        return
