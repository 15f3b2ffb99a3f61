"""The « Fiche territoire » on screen: the briefing context and PDF cached, and the parts of the sheet drawn from one
``Briefing`` with the same text helpers as the PDF, so that screen and paper never disagree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd
import streamlit as st

from emile.briefing import Briefing, BriefingContext, build_briefing, load_context, text
from emile.briefing.batch import export_zip
from emile.briefing.pdf import COMMENT_LIMIT, render_pdf
from emile.geography import programme_lists
from emile.maps.briefing import briefing_deck
from ui import data
from ui.cache import by_snapshot
from ui.legend import legend

MAP_HEIGHT = 430
MAP_WIDTH = 400
COMMENT_MAX_CHARS = COMMENT_LIMIT


def context(preset_id: str) -> BriefingContext:
    """Everything the sheets read, with the placement figures the public sees now (the last release); a store that
    cannot be read leaves the sheet without them, saying so, and the next rerun tries again."""
    return _context(preset_id, data.store_state())


@by_snapshot(spinner="Préparation des données de la fiche…", max_entries=4)
def _context(preset_id: str, store: tuple[str, int | None]) -> BriefingContext:
    placements = data.public_placements()
    return load_context(
        data.config(), placements, preset_id, communes=data.communes(), departements=data.departements()
    )


def pdf(preset_id: str, code: str, headline: str, comment: str = "") -> bytes:
    return _pdf(preset_id, data.store_state(), code, headline, comment)


@by_snapshot(spinner="Mise en page du PDF…", max_entries=16)
def _pdf(preset_id: str, store: tuple[str, int | None], code: str, headline: str, comment: str) -> bytes:
    return render_pdf(build_briefing(_context(preset_id, store), code, headline), comment)


def draw_map(briefing: Briefing) -> None:
    territory = briefing.map
    st.pydeck_chart(briefing_deck(territory, MAP_WIDTH, MAP_HEIGHT), height=MAP_HEIGHT, key="carte_fiche")
    entries = [replace(entry, label=entry.bounds) for entry in territory.classification.legend]
    legend(
        entries,
        f"Légende : {territory.label}",
        inline=True,
        notes=(
            f"Communes : {territory.label} ({territory.unit}), classes d'effectifs égaux (quantiles). "
            "Départements voisins en gris foncé lorsqu'ils participent au programme.",
        ),
    )


def draw_side(briefing: Briefing) -> None:
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


def draw_tables(briefing: Briefing) -> None:
    st.subheader("Chiffres clés")
    rows = [[theme.label, *text.figure_cells(figure)] for theme in briefing.themes for figure in theme.figures]
    st.table(pd.DataFrame(rows, columns=["Thème", *text.FIGURE_COLUMNS]).set_index("Thème"))
    # Escaped: a caption starting with "* " would be read as a Markdown list.
    st.caption("\\" + text.french(text.figures_note(briefing)))
    table = briefing.occupations
    st.subheader(f"Les {len(table.rows)} métiers les plus recherchés (BMO {table.year})")
    columns = text.occupation_columns(table.year, table.previous_year, table.nomenclature)
    st.table(pd.DataFrame([text.occupation_cells(m) for m in table.rows], columns=columns).set_index(columns[0]))
    st.caption(table.note)
    st.subheader("Sources")
    st.caption(text.french(text.sources_text(briefing)))


def zip_download(preset_id: str, codes: Sequence[str], headline: str, name: str, key: str) -> None:
    """A button that prepares the ZIP of the sheets of ``codes`` behind a progress bar, then the download button of
    the prepared file (kept for the session, so the download survives the rerun that the button causes)."""
    if st.button("Préparer le ZIP des fiches", icon=":material/folder_zip:", key=f"{key}_preparer"):
        bar = st.progress(0.0, text="Préparation…")

        def advance(done: int, total: int, territory: str) -> None:
            bar.progress(done / total, text=f"{done} / {total} — {territory}")

        st.session_state[key] = (tuple(codes), export_zip(context(preset_id), codes, headline, advance))
    ready = st.session_state.get(key)
    if ready and ready[0] == tuple(codes):
        st.download_button(
            "Télécharger le ZIP",
            ready[1],
            file_name=f"fiches_{name}.zip",
            mime="application/zip",
            icon=":material/download:",
            key=f"{key}_telecharger",
        )


def draw_batch(preset_id: str, headline: str) -> None:
    """The ZIP of the sheets of a list of départements."""
    st.subheader("Export par lot")
    lists = {item.id: item for item in programme_lists(data.config())}
    chosen = st.selectbox(
        "Liste de territoires",
        list(lists),
        key="liste_lot",
        format_func=lambda i: f"{lists[i].label} ({len(lists[i].codes)} départements)",
    )
    zip_download(preset_id, lists[chosen].codes, headline, chosen, "zip_fiches")
