"""The « Carte » page's navigation: the view lives in the link (``emile.maps.state``), and clicks, the search and the
lists move it. The callbacks run before the page is drawn again, so the page reads one settled view.

The three maps keep their keys, so the browser updates each deck in place (no new WebGL context, no shader compiled
again: seconds in software rendering); their clickable layers' ids carry a counter (``ui.map_clicks``), renewed at
every change of view and every followed click, so that no selection is left to fade the maps or to turn the next
click on the same shape into a deselection.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from emile import territory_search
from emile.maps import classes, overlay
from emile.maps import state as ms
from ui import data, layout, map_clicks, map_data

MAPS = "carte"  # the group of the three maps, for their layer ids
MAP_KEYS = tuple(f"carte_{theme}" for theme in ms.THEMES)
SEARCH_KEYS = ("carte_recherche", "carte_resultats", "carte_choix")


def _read() -> ms.MapState:
    names = data.departements_for_display()["code"]
    available = {level: set(data.indicators(table).columns) for level, table in ms.LEVEL_OF_VIEW.items()}
    return ms.from_params(
        st.query_params.to_dict(), set(names), map_data.commune_departements(), available, map_data.epci_departements()
    )


def current() -> ms.MapState:
    """The view of the link, cleaned (unknown values dropped and the link rewritten), after any new map click; its
    département is remembered for the other pages of the visit."""
    state = _read()
    if st.query_params.to_dict() != state.to_params():
        go(state)
    _follow_clicks(state)
    state = _read()
    if state.departement:  # the sidebar's links carry no parameter: the Fiche territoire opens this one
        layout.remember_departement(state.departement)
    return state


def layer_id(base: str) -> str:
    return map_clicks.layer_id(base, MAPS)


def go(state: ms.MapState) -> None:
    """Show ``state`` in the same view (same territories drawn)."""
    st.query_params.from_dict(state.to_params())


def navigate(state: ms.MapState, keep_search: bool = False) -> None:
    """Show ``state`` as a new view (other territories drawn); a search typed for the previous view is cleared
    unless it is what leads to the new view."""
    map_clicks.renew(MAPS)
    if not keep_search:
        for key in SEARCH_KEYS:
            st.session_state.pop(key, None)
    go(state)


def on_indicator(theme: str, key: str) -> None:
    go(_read().with_indicator(theme, st.session_state[key]))


def on_method() -> None:
    state = _read()
    method = st.session_state["carte_classes"] or classes.DEFAULT_METHOD
    go(replace(state, method=method))


def on_points(layer: str, key: str) -> None:
    go(_read().showing(layer, st.session_state[key]))


def open_commune(code: str, from_search: bool = False) -> None:
    state = _read()
    departement = map_data.commune_departements()[code]
    if departement == state.departement:
        go(state.in_departement(departement, code))
    else:
        navigate(state.in_departement(departement, code), keep_search=from_search)


def open_epci(code: str, from_search: bool = False) -> None:
    """The EPCI view of the EPCI's main département, ``code`` chosen."""
    state = _read()
    departement = map_data.epci_departements()[code][0]
    if state.level == ms.EPCI and departement == state.departement:
        go(state.in_epci_view(departement, code))
    else:
        navigate(state.in_epci_view(departement, code), keep_search=from_search)


def _open_found(code: str) -> None:
    (open_epci if code in map_data.epci_departements() else open_commune)(code, from_search=True)


def on_search() -> None:
    table, keys = map_data.search_table()
    found = territory_search.search(table, st.session_state["carte_recherche"], keys)
    st.session_state["carte_resultats"] = list(found["code"])
    if not found.empty:
        _open_found(found["code"].iloc[0])


def on_result() -> None:
    if st.session_state["carte_choix"]:
        _open_found(st.session_state["carte_choix"])


def on_scale() -> None:
    """Communes or EPCI of the same département."""
    state = _read()
    code = state.departement
    navigate(state.in_epci_view(code) if st.session_state["carte_echelle"] == ms.EPCI else state.in_departement(code))


def on_departement() -> None:
    state, code = _read(), st.session_state["carte_departement"]
    navigate(state.in_departement(code) if code else state.national())


def _follow_clicks(state: ms.MapState) -> None:
    """Act on a new click on one of the maps, read before they are drawn again: a département opens its communes,
    a commune or an EPCI its panel, a faded neighbour that département (at the same scale); a France services site
    or a town hall says enough in its tooltip."""
    for key in MAP_KEYS:
        click = map_clicks.new_click(key, MAPS)
        if click is None:
            continue
        layer_id_clicked, feature = click
        if not layer_id_clicked.startswith((overlay.CHOROPLETH, overlay.NEIGHBOURS)):
            continue
        code = feature["properties"]["code"]
        if state.level == ms.EPCI and layer_id_clicked.startswith(overlay.NEIGHBOURS):
            navigate(state.in_epci_view(code))
        elif state.level == ms.EPCI:
            go(state.in_epci_view(state.departement, code))
        elif layer_id_clicked.startswith(overlay.NEIGHBOURS) or state.level == ms.NATIONAL:
            navigate(state.in_departement(code))
        else:
            open_commune(code)
        return
