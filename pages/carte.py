"""Carte : emploi, logement and services side by side, from the départements of France down to the communes of one
département, with the programme's territories outlined on every map. The view lives in the link (``ui.carte``);
classes, layers and the commune panel come from ``emile``."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from emile import data_quality, geography, indicators, territory_search
from emile.formatting import MISSING, unit_decimals
from emile.maps import classes, deck, epci_view, overlay
from emile.maps import state as ms
from emile.maps.classes import LegendEntry
from ui import carte, commune_panel, data, epci_panel, map_data, tables
from ui.legend import legend

current = carte.current()
departements = data.departements_for_display()
names = departements.set_index("code")["nom"]

st.title("Carte des territoires")
st.caption(
    "Emploi, logement et services côte à côte. Cliquez un département pour voir ses communes ou ses EPCI, une "
    "commune ou un EPCI pour ouvrir sa fiche. Le lien de la page reproduit la vue affichée."
)

# Breadcrumbs: France › département › commune.
with st.container(horizontal=True, vertical_alignment="center", gap="small"):
    st.button(
        "France",
        icon=":material/public:",
        type="tertiary",
        disabled=current.level == ms.NATIONAL,
        on_click=carte.navigate,
        args=(current.national(),),
    )
    if current.departement:
        st.markdown(":material/chevron_right:")
        st.button(
            f"{names[current.departement]} ({current.departement})",
            type="tertiary",
            disabled=current.commune is None and current.epci is None,
            on_click=carte.go,
            args=(
                current.in_epci_view(current.departement)
                if current.level == ms.EPCI
                else current.in_departement(current.departement),
            ),
        )
    if current.commune:
        st.markdown(f":material/chevron_right: {data.indicators('commune').at[current.commune, 'nom']}")
    if current.epci:
        st.markdown(f":material/chevron_right: {data.indicators('epci').at[current.epci, 'nom']}")
    epci_panel.scale_control(current)

# Controls: département (keyboard alternative to clicking), search, classes, point layers.
left, middle, right, points = st.columns([3, 3, 3, 2])
st.session_state["carte_departement"] = current.departement
left.selectbox(
    "Département",
    options=list(names.index),
    format_func=lambda c: f"{names[c]} ({c})",
    key="carte_departement",
    on_change=carte.on_departement,
    placeholder="France entière",
)
middle.text_input(
    "Rechercher une commune ou un EPCI",
    key="carte_recherche",
    on_change=carte.on_search,
    placeholder="Nom, code INSEE ou SIREN, ex. Saint-Flour ou 15187",
)
st.session_state["carte_classes"] = current.method
right.selectbox(
    "Classes",
    options=list(classes.METHODS),
    format_func=classes.METHODS.get,
    key="carte_classes",
    on_change=carte.on_method,
    help=classes.METHOD_HELP,
)
results = st.session_state.get("carte_resultats")
if results is not None and st.session_state.get("carte_recherche"):
    if not results:
        middle.warning("Aucune commune ni aucun EPCI ne correspond à cette recherche.", icon=":material/search_off:")
    elif len(results) > 1:
        lookup = map_data.search_table()[0].set_index("code", drop=False)
        chosen = current.commune or current.epci
        st.session_state["carte_choix"] = chosen if chosen in results else None
        middle.selectbox(
            f"{len(results)} territoires trouvés",
            options=results,
            key="carte_choix",
            on_change=carte.on_result,
            format_func=lambda c: territory_search.label(lookup.loc[c]),
        )
with points:
    for layer, label in ms.POINT_LAYERS.items():
        key = f"carte_points_{layer}"
        st.session_state[key] = layer in current.points
        st.checkbox(
            label,
            key=key,
            on_change=carte.on_points,
            args=(layer, key),
            disabled=layer == "mairies" and current.level == ms.NATIONAL,
            help="Affichées à l'échelle d'un département (près de 35 000 en France)." if layer == "mairies" else None,
        )
show_services = "france_services" in current.points
show_town_halls = "mairies" in current.points and current.level == ms.COMMUNES

# What the three maps share: the territories drawn, the view, the context and point layers.
if current.level == ms.NATIONAL:
    scene = overlay.national_scene(data.departement_fills())
elif current.level == ms.EPCI:
    scene = epci_panel.scene(current, departements)
else:
    code = current.departement
    scene = overlay.departement_scene(
        map_data.departement_communes(code),
        departements.loc[departements["code"] == code].total_bounds,
        map_data.neighbours(code),
        map_data.departement_bassins(code),
        map_data.surroundings(code),
        neighbours_id=carte.layer_id(overlay.NEIGHBOURS),
        commune=current.commune,
        town_halls=show_town_halls,
    ).with_points(epci_panel.outlines(code))
if show_services:
    scene = scene.with_points(overlay.france_services_layer(data.table("france_services"), current.departement))
values = data.indicators(scene.level)
sources = data.manifest()["sources"]

for theme, column in zip(ms.THEMES, st.columns(3, gap="medium")):
    with column:
        st.subheader(indicators.THEME_LABELS[theme], divider="gray")
        if current.indicator(theme) is None:
            st.info(epci_panel.NO_THEME_FIGURE[theme], icon=":material/info:")
            continue
        key = f"carte_indicateur_{theme}_{current.level}"
        st.session_state[key] = current.indicator(theme)
        st.selectbox(
            "Indicateur",
            options=ms.available_options(current.level, theme, values.columns),
            key=key,
            format_func=lambda i: indicators.get(i).label,
            on_change=carte.on_indicator,
            args=(theme, key),
            label_visibility="collapsed",
        )
        indicator = indicators.get(current.indicator(theme))
        layer, classification = overlay.choropleth(
            carte.layer_id(f"{overlay.CHOROPLETH}{theme}_"),
            scene.territories,
            values,
            indicator,
            current.method,
        )
        st.pydeck_chart(
            deck.deck(scene.layers(layer), scene.view, overlay.TOOLTIP),
            on_select="rerun",
            selection_mode="single-object",
            key=f"carte_{theme}",
            height=overlay.MAP_HEIGHT_PX,
        )
        source = sources.get(indicator.source_id, {}).get("editeur", indicator.source_id)
        series_break = data_quality.series_break_note(data.manifest(), indicator.source_id)
        legend(
            classification.legend,
            f"Légende {indicators.THEME_LABELS[theme]}",
            notes=(
                f"{indicator.unit} · {indicator.vintage} · {source}",
                f"Classes : {classes.METHODS[current.method].lower()}, calculées sur {scene.scope}.",
                *([series_break] if series_break else []),
            ),
        )

undrawn = scene.territories.loc[scene.territories.geometry.isna(), "nom"]
if len(undrawn):
    st.caption(
        "Sans contour dans les données géographiques, donc absentes des cartes mais présentes dans le tableau "
        f"et la recherche : {', '.join(undrawn)}."
    )
outlined = [
    LegendEntry(geography.STATUS_LABELS[status], geography.STATUS_COLOURS[status], 0)
    for status in overlay.context_legend_statuses()
]
if current.level == ms.COMMUNES:
    outlined.append(LegendEntry("Bassins d'emploi", overlay.BASSIN_OUTLINE, 0))
    outlined.append(LegendEntry("EPCI", epci_view.EPCI_OUTLINE, 0))
legend(outlined, "Contours du programme", outline=True, counts=False, inline=True)
dots = [LegendEntry("Site France services", overlay.FRANCE_SERVICES_COLOUR, 0)] if show_services else []
dots += [LegendEntry("Mairie", overlay.TOWN_HALL_COLOUR, 0)] if show_town_halls else []
if dots:
    legend(dots, "Points affichés", dot=True, counts=False, inline=True)

if current.commune:
    commune_panel.draw(current.commune, [current.indicator(t) for t in ms.THEMES])
    epci_panel.sheet_link("commune", current.commune)
if current.epci:
    epci_panel.panel(current.epci, [current.indicator(t) for t in ms.THEMES])

st.subheader("Valeurs affichées", divider="gray")
territories = scene.territories
table = pd.DataFrame({"Territoire": territories["nom"].to_numpy(), "Code": territories["code"].to_numpy()})
decimals = {}
for indicator in (indicators.get(current.indicator(t)) for t in ms.THEMES if current.indicator(t)):
    header = f"{indicator.label} ({indicator.unit})"
    table[header] = values[indicator.id].reindex(territories["code"]).to_numpy()
    decimals[header] = unit_decimals(indicator.unit)
tables.dataframe(table, decimals=decimals, hide_index=True, width="stretch")
st.caption(f"Cliquez un en-tête de colonne pour trier ; « {MISSING} » : donnée absente ou couverte par le secret.")
