"""The sheet of a commune or an EPCI on the « Fiche territoire » page (``?commune=15187``, ``?epci=200066660``):
the context and PDF cached, every block drawn from one ``LocalBriefing`` with the PDF's text helpers, the search
that leads to another sheet, and the ZIP of the communes of an EPCI or of the EPCI of a département.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pandas as pd
import streamlit as st

from emile import territory_search
from emile.briefing import local_text, text
from emile.briefing.batch import Progress, file_name
from emile.briefing.local import KIND_LABELS, Kind, LocalBriefing, LocalContext, build_local_briefing
from emile.briefing.local import load_local_context as load_context
from emile.briefing.local_pdf import export_local_zip, render_local_pdf
from emile.offers.vocabulary import HOUSING, JOB
from emile.placements.store import StoreError
from ui import data, map_data
from ui.cache import by_snapshot

FICHE_PAGE = "pages/fiche.py"
KINDS: tuple[Kind, ...] = ("commune", "epci")


def requested() -> tuple[Kind, str] | None:
    """The commune or EPCI the page's link asks for (``?commune=`` first), if the snapshot knows it; an unknown
    code is said, and the page falls back to the département sheet."""
    for kind in KINDS:
        code = st.query_params.get(kind)
        if code is None:
            continue
        if code in data.indicators(kind).index:
            # Written back, so the address bar shows the sheet's own link even after a link to this same page.
            st.query_params.from_dict({kind: code})
            return kind, code
        st.warning(f"{KIND_LABELS[kind]} « {code} » inconnu(e) dans les données : choisissez un territoire.")
    return None


def context(preset_id: str) -> LocalContext:
    """The snapshot read once per process, with the offers the public sees today (already suppressed); a store
    that cannot be read leaves the sheet without them (it says none could be read) and the next rerun tries again."""
    threshold = data.config().placements.suppression_threshold
    try:
        offers = {HOUSING: data.offer_publication(HOUSING, threshold), JOB: data.offer_publication(JOB, threshold)}
        fictitious = bool(data.offers_demo())
    except StoreError:
        offers, fictitious = {}, False
    return replace(_context(preset_id), offers=offers, fictitious_offers=fictitious)


def _offers_state() -> tuple:
    """The offers' cache key, or a mark that the store could not be read."""
    try:
        return data.offers_state()
    except StoreError:
        return ("indisponible",)


@by_snapshot(spinner="Préparation des données de la fiche…", max_entries=4)
def _context(preset_id: str) -> LocalContext:
    return load_context(data.config(), preset_id, communes=data.communes())


def search_box(key: str, label: str = "Commune ou EPCI") -> None:
    """A search by name, INSEE code or SIREN; each match is a link to its sheet."""
    query = st.text_input(label, key=key, placeholder="Nom, code INSEE ou SIREN, ex. saint flour")
    if not query:
        return
    table, keys = map_data.search_table()
    found = territory_search.search(table, query, keys, limit=8)
    if found.empty:
        st.warning("Aucune commune ni aucun EPCI ne correspond à cette recherche.", icon=":material/search_off:")
    for row in found.to_dict("records"):
        st.page_link(
            FICHE_PAGE,
            label=territory_search.label(pd.Series(row)),
            icon=":material/description:",
            query_params={row["type"]: row["code"]},
        )


def epci_of(kind: Kind, code: str) -> str | None:
    """The EPCI itself, or the commune's (None for the island communes outside any EPCI)."""
    if kind == "epci":
        return code
    epci = data.indicators("commune").at[code, "epci"]
    return None if pd.isna(epci) else str(epci)


def show(preset_id: str, kind: Kind, code: str) -> None:
    """The whole sheet of ``code``."""
    local = context(preset_id)
    briefing = build_local_briefing(local, kind, code)
    st.header(briefing.title)
    st.caption(
        f"{briefing.nature} · {briefing.departement_name} ({briefing.departement_code}) · {briefing.parent} · "
        f"instantané de données du {briefing.snapshot_date:%d/%m/%Y}"
    )
    st.download_button(
        "Télécharger la fiche (PDF)",
        lambda: pdf(preset_id, kind, code),
        file_name=file_name(code, briefing.name),
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        type="primary",
        key="telecharger_pdf_local",
        on_click="ignore",
    )
    _related(local, briefing)
    left, right = st.columns(2, gap="large")
    left.markdown(f"**Population** — {text.french(local_text.population_text(briefing))}")
    with right:
        st.markdown("**Rang dans son niveau**")
        st.markdown("\n".join(f"- {text.french(local_text.rank_text(rank))}" for rank in briefing.ranks))
        st.caption(text.french(local_text.rank_method(briefing)))
    _figures(briefing)
    _occupations(briefing)
    st.subheader("Offres enregistrées")
    for line in [local_text.offer_text(facts) for facts in briefing.offers] or [local_text.NO_OFFERS]:
        st.markdown(text.french(line))
    st.caption(local_text.OFFERS_NOTE)
    st.subheader(f"Territoires comparables · {briefing.size_class}")
    if briefing.similar:
        rows = [local_text.similar_cells(other) for other in briefing.similar]
        columns = list(local_text.SIMILAR_COLUMNS)
        st.table(pd.DataFrame(rows, columns=columns).set_index(columns[0]))
    st.caption(text.french(briefing.similar_note))
    st.subheader("Sources")
    st.caption(text.french(text.sources_text(briefing)))


def pdf(preset_id: str, kind: Kind, code: str) -> bytes:
    return _pdf(preset_id, _offers_state(), kind, code)


@by_snapshot(spinner="Mise en page du PDF…", max_entries=32)
def _pdf(preset_id: str, offers: tuple, kind: Kind, code: str) -> bytes:
    return render_local_pdf(build_local_briefing(context(preset_id), kind, code))


def _related(local: LocalContext, briefing: LocalBriefing) -> None:
    """Links to the commune's EPCI sheet, or to the Classement of the EPCI of its département, and to the
    département sheet."""
    with st.container(horizontal=True, gap="small"):
        if briefing.kind == "commune":
            epci = local.communes.at[briefing.code, "epci"]
            if pd.notna(epci):
                name = local.tables["epci"].at[epci, "nom"]
                st.page_link(
                    FICHE_PAGE, label=f"Fiche de {name}", icon=":material/groups:", query_params={"epci": epci}
                )
        else:
            st.page_link(
                "pages/classement.py",
                label=f"Classement des EPCI du département {briefing.departement_name}",
                icon=":material/leaderboard:",
                query_params={"niveau": "epci", "dep": briefing.departement_code},
            )
        st.page_link(
            FICHE_PAGE,
            label=f"Fiche du département {briefing.departement_name}",
            icon=":material/map:",
            query_params={"dep": briefing.departement_code},
        )


def _figures(briefing: LocalBriefing) -> None:
    st.subheader("Chiffres clés")
    columns = local_text.figure_columns(briefing)
    rows = []
    for theme in briefing.themes:
        if theme.note:
            rows.append([theme.label, theme.note, *[""] * (len(columns) - 1)])
        rows += [[theme.label, *local_text.figure_cells(figure)] for figure in theme.figures]
    st.table(pd.DataFrame(rows, columns=["Thème", *columns]).set_index("Thème"))
    # Escaped: a caption starting with "* " would be read as a Markdown list.
    st.caption(f"{local_text.medians_note(briefing)} \\{local_text.SECRET_NOTE}")


def _occupations(briefing: LocalBriefing) -> None:
    table = briefing.occupations
    where = f"bassin d'emploi {briefing.bassin}" if briefing.bassin else "bassin d'emploi inconnu"
    st.subheader(f"Métiers les plus recherchés · {where} (BMO {table.year})")
    columns = text.occupation_columns(table.year, table.previous_year, table.nomenclature)
    if table.rows:
        st.table(pd.DataFrame([text.occupation_cells(m) for m in table.rows], columns=columns).set_index(columns[0]))
    else:
        st.info("Aucun métier publié pour ce bassin.")
    st.caption(table.note)


def batch(preset_id: str, epci: str | None, departement: str) -> None:
    """The ZIP of the sheets of every commune of EPCI ``epci`` (when given) or of every EPCI of ``departement``
    (those whose main département it is), behind a progress bar."""
    local = _context(preset_id)
    st.subheader("Export par lot : communes et EPCI")
    table = local.tables["epci"]
    options: dict[str, tuple[Kind, list[str], str]] = {}
    if epci is not None and pd.notna(epci):
        communes = sorted(local.communes.index[local.communes["epci"] == epci])
        options["communes"] = ("commune", communes, f"Les {len(communes)} communes de {table.at[epci, 'nom']}")
    in_departement = sorted(table.index[table["departement"] == departement])
    label = local.departement_names.get(departement, departement)
    options["epci"] = ("epci", in_departement, f"Les {len(in_departement)} EPCI du département {label}")
    chosen = st.radio("Fiches à exporter", list(options), format_func=lambda o: options[o][2], key="lot_local")
    sheets, codes, _ = options[chosen]
    scope = epci if chosen == "communes" else departement
    prepared_download(
        f"zip_local_{chosen}_{scope}",
        f"fiches_{chosen}_{scope}.zip",
        lambda progress: export_local_zip(context(preset_id), sheets, codes, progress),
        len(codes),
    )


def prepared_download(key: str, name: str, make: Callable[[Progress], bytes], count: int) -> None:
    """A button that prepares a ZIP behind a progress bar, then its download button (kept for the session, so the
    download survives the rerun the button causes)."""
    if st.button(f"Préparer le ZIP ({count} fiches)", icon=":material/folder_zip:", key=f"{key}_preparer"):
        bar = st.progress(0.0, text="Préparation…")

        def advance(done: int, total: int, territory: str) -> None:
            bar.progress(done / total, text=f"{done} / {total} — {territory}")

        st.session_state[key] = make(advance)
    if key in st.session_state:
        st.download_button(
            "Télécharger le ZIP",
            st.session_state[key],
            file_name=name,
            mime="application/zip",
            icon=":material/download:",
            key=f"{key}_telecharger",
        )
