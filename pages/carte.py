"""Carte : emploi, logement and services side by side, from the départements of France down to the communes of one
département, with the programme's territories outlined on every map. The view lives in the link (``emile.map_state``);
classes, layers and the commune panel come from ``emile``."""

from __future__ import annotations

from html import escape

import pandas as pd
import streamlit as st

from emile import choropleth, commune_profile, commune_search, geography, indicators, maps, overlay_map
from emile import map_state as ms
from emile.formatting import MISSING, NARROW_NBSP, number
from ui import data, map_data

# Bumped on every change of view and written into the clickable layers' ids. The three maps keep their keys, so the
# browser updates each deck in place (no new WebGL context, no shader compiled again: seconds in software rendering),
# while a selection left from the previous view names a layer that no longer exists: the next click on the same
# shape is a new selection, not a deselection.
NAV_COUNTER = "carte_navigation"
CHOROPLETH = "choroplethe_"
NEIGHBOURS = "voisins_"


def _go(state: ms.MapState) -> None:
    st.query_params.from_dict(state.to_params())


def _navigate(state: ms.MapState) -> None:
    st.session_state[NAV_COUNTER] = st.session_state.get(NAV_COUNTER, 0) + 1
    _go(state)


def _on_indicator(theme: str, key: str) -> None:
    _go(current.with_indicator(theme, st.session_state[key]))


def _on_method() -> None:
    _go(
        ms.MapState(
            current.level,
            current.departement,
            current.commune,
            current.chosen,
            st.session_state["carte_classes"] or choropleth.DEFAULT_METHOD,
        )
    )


def _open_commune(code: str) -> None:
    departement = map_data.commune_departements()[code]
    if departement == current.departement:
        _go(current.in_departement(departement, code))
    else:
        _navigate(current.in_departement(departement, code))


def _on_search() -> None:
    table, keys = map_data.search_table()
    found = commune_search.search(table, st.session_state["carte_recherche"], keys)
    st.session_state["carte_resultats"] = list(found["code"])
    if not found.empty:
        _open_commune(found["code"].iloc[0])


def _on_result() -> None:
    if st.session_state["carte_choix"]:
        _open_commune(st.session_state["carte_choix"])


def _on_departement() -> None:
    code = st.session_state["carte_departement"]
    _navigate(current.in_departement(code) if code else current.national())


def _follow_clicks(keys: list[str]) -> None:
    """Act on a new click on one of the maps, read from the maps' state before they are drawn again: a département
    opens its communes, a commune its panel, a faded neighbour that département. A selection stays in the map's state
    after it has been followed, so only one that differs from the last followed counts; a second click on the same
    shape deselects it (empty selection): nothing to do then."""
    followed = st.session_state.setdefault("carte_clics_suivis", {})
    for key in keys:
        event = st.session_state.get(key)
        objects = {layer: found for layer, found in (event.selection.objects if event else {}).items() if found}
        if not objects or followed.get(key) == objects:
            continue
        followed[key] = objects
        layer_id, found = next(iter(objects.items()))
        if not layer_id.startswith((CHOROPLETH, NEIGHBOURS)):
            continue  # a France services site or a town hall: its tooltip says enough
        code = found[0]["properties"]["code"]
        if layer_id.startswith(NEIGHBOURS) or current.level == ms.NATIONAL:
            _navigate(current.in_departement(code))
        else:
            _open_commune(code)
        return


def _legend(
    theme: str, indicator: indicators.Indicator, classification: choropleth.Classification, territories: str
) -> str:
    source = data.manifest()["sources"].get(indicator.source_id, {}).get("editeur", indicator.source_id)
    swatches = "".join(
        f"<div style='display:flex;align-items:center;gap:6px;margin:2px 0'>"
        f"<span style='width:16px;height:12px;border:1px solid #777;background:rgb{entry.colour}'></span>"
        f"{escape(entry.label)} ({number(entry.count)})</div>"
        for entry in classification.legend
    )
    method = choropleth.METHODS[current.method].lower()
    return (
        f"<div role='list' aria-label='Légende {indicators.THEME_LABELS[theme]}' style='font-size:0.85rem'>"
        f"{swatches}<div style='color:#555;margin-top:4px'>{escape(indicator.unit)} · {escape(indicator.vintage)}"
        f" · {escape(source)}<br/>Classes : {escape(method)}, calculées sur {escape(territories)}.</div></div>"
    )


def _context_legend() -> str:
    return " ".join(
        f"<span style='display:inline-flex;align-items:center;margin-right:14px'>"
        f"<span style='width:16px;height:12px;border:3px solid rgb{geography.STATUS_COLOURS[status]};"
        f"margin-right:6px'></span>{geography.STATUS_LABELS[status]}</span>"
        for status in reversed(overlay_map.CONTEXT_OUTLINES)
    )


departements = data.departements_for_display()
names = departements.set_index("code")["nom"]
available = {level: set(data.indicators(table).columns) for level, table in ms.LEVEL_OF_VIEW.items()}
current = ms.from_params(st.query_params.to_dict(), set(names.index), map_data.commune_departements(), available)
if st.query_params.to_dict() != current.to_params():
    _go(current)
_follow_clicks([f"carte_{theme}" for theme in ms.THEMES])
current = ms.from_params(st.query_params.to_dict(), set(names.index), map_data.commune_departements(), available)
nav = st.session_state.get(NAV_COUNTER, 0)

st.title("Carte des territoires")
st.caption(
    "Emploi, logement et services côte à côte. Cliquez un département pour voir ses communes, une commune "
    "pour ouvrir sa fiche. Le lien de la page reproduit la vue affichée."
)

# Breadcrumbs: France › département › commune.
with st.container(horizontal=True, vertical_alignment="center", gap="small"):
    st.button(
        "France",
        icon=":material/public:",
        type="tertiary",
        disabled=current.level == ms.NATIONAL,
        on_click=_navigate,
        args=(current.national(),),
    )
    if current.departement:
        st.markdown(":material/chevron_right:")
        st.button(
            f"{names[current.departement]} ({current.departement})",
            type="tertiary",
            disabled=current.commune is None,
            on_click=_go,
            args=(current.in_departement(current.departement),),
        )
    if current.commune:
        st.markdown(f":material/chevron_right: {data.indicators('commune').at[current.commune, 'nom']}")

# Controls: département (keyboard alternative to clicking), search, classes, point layers.
left, middle, right, points = st.columns([3, 3, 3, 2])
st.session_state["carte_departement"] = current.departement
left.selectbox(
    "Département",
    options=list(names.index),
    format_func=lambda c: f"{names[c]} ({c})",
    key="carte_departement",
    on_change=_on_departement,
    placeholder="France entière",
)
middle.text_input(
    "Rechercher une commune",
    key="carte_recherche",
    on_change=_on_search,
    placeholder="Nom ou code INSEE, ex. Saint-Flour ou 15187",
)
st.session_state["carte_classes"] = current.method
right.segmented_control(
    "Classes",
    options=list(choropleth.METHODS),
    format_func=choropleth.METHODS.get,
    key="carte_classes",
    on_change=_on_method,
    help=choropleth.METHOD_HELP,
)
results = st.session_state.get("carte_resultats")
if results is not None and st.session_state.get("carte_recherche"):
    if not results:
        middle.warning("Aucune commune ne correspond à cette recherche.", icon=":material/search_off:")
    elif len(results) > 1:
        lookup = map_data.search_table()[0].set_index("code")
        st.session_state["carte_choix"] = current.commune if current.commune in results else None
        middle.selectbox(
            f"{len(results)} communes trouvées",
            options=results,
            key="carte_choix",
            on_change=_on_result,
            format_func=lambda c: f"{lookup.at[c, 'nom']} ({c}, dép. {lookup.at[c, 'departement']})",
        )
with points:
    show_services = st.checkbox("Sites France services", key="carte_france_services")
    show_town_halls = st.checkbox(
        "Mairies",
        key="carte_mairies",
        disabled=current.level == ms.NATIONAL,
        help="Affichées à l'échelle d'un département (près de 35 000 en France).",
    )

# What the three maps share: the territories drawn, the view, the context and point layers.
if current.level == ms.NATIONAL:
    fills = data.departement_fills()
    territories = fills[~fills["code"].map(geography.is_overseas)]
    values = data.indicators("departement")
    view = overlay_map.fit_view(territories.total_bounds, overlay_map.MAP_WIDTH_PX, overlay_map.MAP_HEIGHT_PX)
    scope = f"les {number(len(territories))} départements métropolitains"
    below: list = []
    above = overlay_map.context_layers(territories)
else:
    territories = map_data.departement_communes(current.departement)
    values = data.indicators("commune")
    view = overlay_map.fit_view(
        departements.loc[departements["code"] == current.departement].total_bounds,
        overlay_map.MAP_WIDTH_PX,
        overlay_map.MAP_HEIGHT_PX,
    )
    scope = f"les {number(len(territories))} communes du département"
    below = [overlay_map.neighbours_layer(f"{NEIGHBOURS}{nav}", map_data.neighbours(current.departement))]
    above = [
        maps.outline_layer(
            "bassins", map_data.departement_bassins(current.departement), overlay_map.BASSIN_OUTLINE, 1.2
        ),
        *overlay_map.context_layers(map_data.surroundings(current.departement)),
    ]
    if show_town_halls:
        above.append(
            overlay_map.points_layer("mairies", territories.assign(valeur="Mairie"), overlay_map.TOWN_HALL_COLOUR, 2)
        )
    if current.commune:
        commune_shape = territories[territories["code"] == current.commune]
        above.append(maps.outline_layer("commune_choisie", commune_shape, overlay_map.SELECTED_OUTLINE, 3))
if show_services:
    sites = map_data.france_services()
    if current.departement:
        sites = sites[sites["departement"] == current.departement]
    above.append(
        overlay_map.points_layer(
            "france_services",
            sites.assign(code=sites["commune"], valeur="France services"),
            overlay_map.FRANCE_SERVICES_COLOUR,
            4,
        )
    )

columns = st.columns(3, gap="medium")
for theme, column in zip(ms.THEMES, columns):
    with column:
        st.subheader(indicators.THEME_LABELS[theme], divider="gray")
        key = f"carte_indicateur_{theme}_{current.level}"
        st.session_state[key] = current.indicator(theme)
        options = ms.available_options(current.level, theme, available[current.level])
        st.selectbox(
            "Indicateur",
            options=options,
            key=key,
            format_func=lambda i: indicators.get(i).label,
            on_change=_on_indicator,
            args=(theme, key),
            label_visibility="collapsed",
        )
        indicator = indicators.get(current.indicator(theme))
        layer, classification = overlay_map.choropleth(
            f"{CHOROPLETH}{theme}_{nav}", territories, values[indicator.id], indicator, current.method
        )
        map_key = f"carte_{theme}"
        st.pydeck_chart(
            maps.deck([*below, layer, *above], view, overlay_map.TOOLTIP),
            on_select="rerun",
            selection_mode="single-object",
            key=map_key,
            height=overlay_map.MAP_HEIGHT_PX,
        )
        st.markdown(_legend(theme, indicator, classification, scope), unsafe_allow_html=True)

undrawn = territories.loc[territories.geometry.isna(), "nom"]
if len(undrawn):
    st.caption(
        "Sans contour dans les données géographiques, donc absentes des cartes mais présentes dans le tableau "
        f"et la recherche : {', '.join(undrawn)}."
    )
st.markdown(
    f"<div style='font-size:0.85rem'>Contours du programme : {_context_legend()}"
    f"{' ; traits gris foncé : bassins d’emploi' if current.departement else ''}</div>",
    unsafe_allow_html=True,
)

if current.commune:
    commune_table = data.indicators("commune")
    st.subheader(f"{commune_table.at[current.commune, 'nom']} ({current.commune})")
    rows = commune_profile.profile(commune_table, current.commune, [current.indicator(t) for t in ms.THEMES])
    st.table(
        pd.DataFrame(
            {
                "Thème": [indicators.THEME_LABELS[r.indicator.theme] for r in rows],
                "Indicateur": [r.indicator.label for r in rows],
                "Commune": [overlay_map.value_text(r.value, r.indicator) for r in rows],
                "Médiane du département": [overlay_map.value_text(r.departement_median, r.indicator) for r in rows],
                "Médiane nationale": [overlay_map.value_text(r.national_median, r.indicator) for r in rows],
                "Millésime": [r.indicator.vintage for r in rows],
            }
        ).set_index("Thème")
    )
    st.caption(
        f"Médianes des communes ayant une valeur ; « {MISSING} » : donnée absente ou couverte par le secret "
        "statistique."
    )

st.subheader("Valeurs affichées", divider="gray")
shown = [indicators.get(current.indicator(t)) for t in ms.THEMES]
table = pd.DataFrame({"Territoire": territories["nom"].to_numpy(), "Code": territories["code"].to_numpy()})
for indicator in shown:
    table[f"{indicator.label} ({indicator.unit})"] = values[indicator.id].reindex(territories["code"]).to_numpy()
# Styler: French display (decimal comma, narrow spaces) while sorting still uses the numbers. Streamlit writes an
# empty cell « None » whatever the Styler says, hence the caption.
st.dataframe(table.style.format(precision=1, decimal=",", thousands=NARROW_NBSP), hide_index=True, width="stretch")
st.caption("Cliquez un en-tête de colonne pour trier ; « None » : donnée absente ou secrète.")
