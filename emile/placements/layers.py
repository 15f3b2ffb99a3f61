"""pydeck layers of the Placements map: households placed per destination commune (dots) and flows (arcs).

They take only published tables (``aggregates.Publication``), so nothing below the threshold ever reaches the browser.
"""

from __future__ import annotations

import math

import pandas as pd
import pydeck as pdk

from emile import maps

DOT_COLOUR = [0, 0, 145, 200]
ARC_SOURCE = [225, 0, 15, 170]
ARC_TARGET = [0, 0, 145, 200]
TOOLTIP = "{texte}"


def _households(n: int) -> str:
    return f"{n} ménage{'s' if n > 1 else ''}"


def commune_dots(by_commune: pd.DataFrame) -> pdk.Layer:
    """One dot per destination commune, area proportional to the households placed there."""
    data = [
        {
            "position": [round(row.lon, 4), round(row.lat, 4)],
            "rayon": 1500 * math.sqrt(int(row.menages)),
            "texte": f"{row.nom} : {_households(int(row.menages))} installés",
        }
        for row in by_commune.dropna(subset=["menages", "lon", "lat"]).itertuples()
    ]
    return pdk.Layer(
        "ScatterplotLayer",
        id="communes",
        data=data,
        get_position="position",
        get_radius="rayon",
        get_fill_color=DOT_COLOUR,
        radius_min_pixels=3,
        pickable=True,
        stroked=True,
        get_line_color=maps.OUTLINE_COLOUR,
        line_width_min_pixels=1,
    )


def flow_arcs(flows: pd.DataFrame, names: dict[str, str]) -> pdk.Layer:
    """One arc per published origin → destination département pair, width growing with the households."""
    data = [
        {
            "source": [round(row.origine_lon, 3), round(row.origine_lat, 3)],
            "target": [round(row.destination_lon, 3), round(row.destination_lat, 3)],
            "largeur": 1 + math.sqrt(int(row.menages)),
            "texte": f"{names.get(row.origine, row.origine)} → {names.get(row.destination, row.destination)} : "
            f"{_households(int(row.menages))}",
        }
        for row in flows.itertuples()
    ]
    return pdk.Layer(
        "ArcLayer",
        id="flux",
        data=data,
        get_source_position="source",
        get_target_position="target",
        get_source_color=ARC_SOURCE,
        get_target_color=ARC_TARGET,
        get_width="largeur",
        width_units="pixels",
        pickable=True,
    )


def departements_shaded(background: pd.DataFrame, by_departement: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The département outlines coloured by the published households installed there (darker = more), with a
    tooltip; a suppressed total stays light and says « masqué ». Only the published table is read."""
    published = by_departement.set_index("departement")["menages"]
    peak = float(published.max()) if published.notna().any() else 1.0
    colours, texts = [], []
    for code in background["code"]:
        households = published.get(code)
        name = names.get(code, code)
        if code not in published.index:
            colours.append([240, 240, 240, 255])
            texts.append(name)
        elif pd.isna(households):
            colours.append([225, 225, 240, 255])
            texts.append(f"{name} : effectif masqué (inférieur au seuil de diffusion)")
        else:
            strength = 0.25 + 0.55 * float(households) / peak
            colours.append([int(255 - strength * 255), int(255 - strength * 255), int(255 - strength * 110), 255])
            texts.append(f"{name} : {_households(int(households))} installés")
    return background.assign(couleur=colours, texte=texts)
