"""The EPCI scale of the « Carte »: the switch between the communes and the EPCI of a département, the EPCI scene
and outlines, the chosen EPCI's panel, and the links to the sheet of a commune or an EPCI (« Fiche territoire »).

Kept apart from ``pages/carte.py`` so that the page only says where each piece goes.
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import pandas as pd
import pydeck as pdk
import streamlit as st

from emile import commune_profile, indicators
from emile.formatting import MISSING
from emile.maps import epci_view, overlay
from emile.maps import state as ms
from emile.medians import MIN_VALUES
from ui import carte, data, map_data, territory_shapes
from ui.commune_panel import profile_table

FICHE_PAGE = "pages/fiche.py"
# What an EPCI map of a theme without any EPCI figure says instead.
NO_THEME_FIGURE = {
    "emploi": "Aucun chiffre d'emploi n'est publié par EPCI : les projets de recrutement (BMO) le sont par bassin "
    "d'emploi. La fiche de chaque EPCI donne les métiers les plus recherchés de son bassin.",
}


def scale_control(current: ms.MapState) -> None:
    """Communes or EPCI, once a département is open."""
    if not current.departement:
        return
    st.session_state["carte_echelle"] = current.level
    st.segmented_control(
        "Échelle",
        options=list(ms.SCALES),
        format_func=ms.SCALES.get,
        key="carte_echelle",
        on_change=carte.on_scale,
        label_visibility="collapsed",
    )


def scene(current: ms.MapState, departements: gpd.GeoDataFrame) -> overlay.Scene:
    """The EPCI of the open département, the chosen one outlined."""
    code = current.departement
    return epci_view.epci_scene(
        territory_shapes.zones_of("epci", (code,)),
        departements.loc[departements["code"] == code].total_bounds,
        map_data.neighbours(code),
        map_data.surroundings(code),
        neighbours_id=carte.layer_id(overlay.NEIGHBOURS),
        chosen=current.epci,
    )


def outlines(departement: str) -> pdk.Layer:
    """The EPCI borders over the communes of ``departement``."""
    return epci_view.epci_outlines(territory_shapes.zones_of("epci", (departement,)))


def sheet_link(kind: str, code: str) -> None:
    """A link to the sheet of commune or EPCI ``code`` (``kind`` is ``commune`` or ``epci``)."""
    name = data.indicators(kind).at[code, "nom"]
    st.page_link(
        FICHE_PAGE,
        label=f"Ouvrir la fiche de {name} (écran et PDF)",
        icon=":material/description:",
        query_params={kind: code},
    )


def panel(code: str, indicator_ids: Sequence[str | None]) -> None:
    """The chosen EPCI's figures of the three maps beside the medians of the EPCI of its département and of
    France, each with the number of EPCI behind it, and the link to its sheet."""
    table = data.indicators("epci")
    row = table.loc[code]
    st.subheader(f"{row['nom']} ({code})")
    st.caption(f"{row['nature']} · département principal {row['departement']}")
    rows = commune_profile.profile(table, code, [i for i in indicator_ids if i])
    st.table(
        profile_table(
            rows,
            ("EPCI", [_with_secret(table, code, r.value, r.indicator) for r in rows]),
            "Médiane des EPCI du département",
            "Médiane nationale (EPCI)",
        )
    )
    st.caption(
        f"Médianes des EPCI ayant une valeur, leur nombre entre parenthèses (pas de médiane sur moins de "
        f"{MIN_VALUES} EPCI) ; « {MISSING} » : donnée absente ou couverte par le secret statistique ; * : somme des "
        "seules communes publiées, le nombre de communes sous secret entre crochets (la valeur est un minorant)."
    )
    sheet_link("epci", code)


def _with_secret(table: pd.DataFrame, code: str, value: float, indicator: indicators.Indicator) -> str:
    """The EPCI's value, starred with the number of its communes withheld from the sum when there are some."""
    text = overlay.value_text(value, indicator)
    secret = table[f"{indicator.id}__secret"].get(code, 0) if f"{indicator.id}__secret" in table else 0
    return f"{text} * [{int(secret)}]" if pd.notna(value) and pd.notna(secret) and secret > 0 else text
