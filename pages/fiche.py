"""Fiche territoire: the one-page prefecture briefing of a département, on screen and as PDF, and the ZIP of a list.

Screen and PDF render the same ``Briefing`` object and the same text helpers, so they never disagree.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from emile import maps
from emile.briefing import Briefing, build_briefing, load_context, text
from emile.briefing.batch import export_zip, file_name, territory_lists
from emile.briefing.context import BriefingContext, public_placements
from emile.briefing.pdf import render_pdf
from emile.briefing.territory_map import DEFAULT_HEADLINE, fit_view, headline_choices
from emile.overlay_map import COMMUNE_GAP_DEG, COMMUNE_PRECISION
from emile.placements.settings import placement_settings
from emile.placements.store import Store, database_url, open_store
from emile.scoring.settings import parse_settings
from ui import data, layout

MAP_HEIGHT = 430
MAP_WIDTH = 400
MISSING_COLOUR = [255, 255, 255, 255]
SURROUNDING_COLOURS = {True: [200, 200, 200, 255], False: [240, 240, 240, 255]}


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return open_store(url)


@st.cache_resource(show_spinner="Préparation des données de la fiche…", max_entries=4)
def _context(preset_id: str, store_url: str, store_version: int) -> BriefingContext:
    """Keyed by the placement store's version, so an import shows up in the next briefing."""
    threshold = placement_settings(data.config()).seuil_secret
    placements = public_placements(_store(store_url), data.communes(), threshold)
    return load_context(
        data.config(), placements, preset_id, communes=data.communes(), departements=data.departements()
    )


@st.cache_resource(show_spinner="Mise en page du PDF…", max_entries=16)
def _pdf(preset_id: str, store_url: str, store_version: int, code: str, headline: str) -> bytes:
    context = _context(preset_id, store_url, store_version)
    return render_pdf(build_briefing(context, code, headline))


def _map(briefing: Briefing) -> None:
    territory = briefing.map
    colours = [
        maps.rgb_list(territory.classes[c].colour) if c >= 0 else MISSING_COLOUR for c in territory.communes["classe"]
    ]
    # Shrunk like the Carte page's communes, so that a thin white border shows between them.
    communes = maps.with_gap(territory.communes, COMMUNE_GAP_DEG, COMMUNE_PRECISION).assign(
        couleur=colours, valeur_texte=[text.value_text(v, territory.unit) for v in territory.communes["valeur"]]
    )
    around = maps.with_gap(territory.surroundings, COMMUNE_GAP_DEG, COMMUNE_PRECISION).assign(
        couleur=[SURROUNDING_COLOURS[s != "autre"] for s in territory.surroundings["statut"]]
    )
    layers = [
        maps.polygon_layer("voisins", around, ["nom", "statut_libelle"], pickable=False),
        maps.polygon_layer("communes", communes, ["nom", "valeur_texte"]),
        maps.outline_layer("contour", gpd.GeoDataFrame(geometry=[territory.outline]), [22, 22, 22], 2.5),
    ]
    view = fit_view(territory.bounds, MAP_WIDTH, MAP_HEIGHT)
    st.pydeck_chart(maps.deck(layers, view, "<b>{nom}</b><br/>{valeur_texte}"), height=MAP_HEIGHT, key="carte_fiche")
    legend = " ".join(
        f"<span style='display:inline-flex;align-items:center;margin-right:12px'><span style='width:14px;height:14px;"
        f"border:1px solid #999;margin-right:5px;background:rgb{c.colour}'></span>"
        f"{text.class_range(c)}"
        f"</span>"
        for c in territory.classes
    )
    legend += (
        f"<span style='display:inline-flex;align-items:center'><span style='width:14px;height:14px;"
        f"border:1px solid #999;margin-right:5px;background:#fff'></span>non disponible "
        f"({territory.missing_count})</span>"
    )
    st.markdown(legend, unsafe_allow_html=True)
    st.caption(
        f"Communes : {territory.label} ({territory.unit}), classes d'effectifs égaux (quantiles). "
        "Départements voisins en gris foncé lorsqu'ils participent au programme."
    )


def _side(briefing: Briefing) -> None:
    st.markdown(f"**Programme** — {text.french(briefing.status.detail)}.")
    st.markdown(f"**Population** — {text.french(text.population_text(briefing))}")
    score = briefing.score
    st.markdown(f"**Classement** — {text.french(text.score_headline(score))}")
    if score.rank is not None:
        st.caption(text.french(text.score_method(score)))
        for theme in score.themes:
            st.progress(
                min(max(theme.contribution / theme.weight, 0.0), 1.0),
                text=f"{theme.label} : {text.theme_share(theme.contribution, theme.weight)}",
            )
    st.markdown(text.french(score.sentence))
    facts = briefing.placements
    if facts.recorded and facts.fictitious:
        st.warning(text.FICTITIOUS, icon=":material/science:")
    st.markdown(f"**Placements EMILE** — {text.french(text.placement_text(facts))}")


def _tables(briefing: Briefing) -> None:
    st.subheader("Chiffres clés")
    rows = [[theme.label, *text.figure_cells(figure)] for theme in briefing.themes for figure in theme.figures]
    st.table(pd.DataFrame(rows, columns=["Thème", *text.FIGURE_COLUMNS]).set_index("Thème"))
    # Escaped: a caption starting with "* " would be read as a Markdown list.
    st.caption(
        f"\\{text.SECRET_NOTE} Médianes sur les 101 départements et sur ceux de la région {briefing.region_name}."
    )
    table = briefing.metiers
    st.subheader(f"Les {len(table.rows)} métiers les plus recherchés (BMO {table.year})")
    columns = text.metier_columns(table.year, table.previous_year, table.nomenclature)
    st.table(pd.DataFrame([text.metier_cells(m) for m in table.rows], columns=columns).set_index(columns[0]))
    st.caption(table.note)
    st.subheader("Sources")
    st.caption(text.french(text.sources_text(briefing)))


def _batch(context: BriefingContext, headline: str) -> None:
    st.subheader("Export par lot")
    lists = {item.id: item for item in territory_lists(context.config)}
    chosen = st.selectbox(
        "Liste de territoires",
        list(lists),
        key="liste_lot",
        format_func=lambda i: f"{lists[i].label} ({len(lists[i].codes)} départements)",
    )
    if st.button("Préparer le ZIP des fiches", icon=":material/folder_zip:"):
        bar = st.progress(0.0, text="Préparation…")

        def advance(done: int, total: int, name: str) -> None:
            bar.progress(done / total, text=f"{done} / {total} — {name}")

        st.session_state["zip_fiches"] = (chosen, export_zip(context, lists[chosen].codes, headline, advance))
    ready = st.session_state.get("zip_fiches")
    if ready and ready[0] == chosen:
        st.download_button(
            "Télécharger le ZIP",
            ready[1],
            file_name=f"fiches_{chosen}.zip",
            mime="application/zip",
            icon=":material/download:",
            key="telecharger_zip",
        )


st.title("Fiche territoire")
st.caption(
    "Une page par département, à poser sur la table : pourquoi il est (ou non) un bon territoire d'accueil "
    "EMILE, avec des chiffres citables et leurs sources. La même fiche s'imprime en PDF."
)

config = data.config()
presets = {p.id: p for p in parse_settings(config.section("scoring")).presets}
names = data.departements().set_index("code")["nom"]
current = layout.selected_departement_param()
left, middle, right = st.columns([2, 2, 1])
code = left.selectbox(
    "Département",
    list(names.index),
    format_func=lambda c: f"{names[c]} ({c})",
    index=list(names.index).index(current) if current in names else None,
    placeholder="Choisir un département…",
    key="fiche_departement",
)
choices = {i.id: i for i in headline_choices(data.indicators("commune"))}
headline = middle.selectbox(
    "Indicateur de la carte",
    list(choices),
    format_func=lambda i: choices[i].label,
    index=list(choices).index(DEFAULT_HEADLINE),
    key="fiche_indicateur",
)
preset_id = right.selectbox(
    "Préréglage du classement", list(presets), format_func=lambda p: presets[p].label, key="fiche_preset"
)

url = database_url()
version = _store(url).version()
context = _context(preset_id, url, version)
if code is None:
    st.info("Choisissez un département pour afficher sa fiche.")
else:
    if code != current:
        st.query_params["dep"] = code
    briefing = build_briefing(context, code, headline)
    st.header(briefing.title)
    st.caption(
        f"Région {briefing.region_name} · {briefing.status_label} · instantané de données du "
        f"{briefing.snapshot_date.strftime('%d/%m/%Y')}"
    )
    st.download_button(
        "Télécharger la fiche (PDF)",
        _pdf(preset_id, url, version, code, headline),
        file_name=file_name(code, briefing.name),
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        type="primary",
        key="telecharger_pdf",
    )
    map_column, side_column = st.columns([3, 2], gap="large")
    with map_column:
        _map(briefing)
    with side_column:
        _side(briefing)
    _tables(briefing)
st.divider()
_batch(context, headline)
