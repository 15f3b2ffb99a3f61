"""Cached access to the configuration, the snapshot and the store (placements, offers), for every page.

``st.cache_resource`` rather than ``st.cache_data``: the tables are immutable for the life of the process and
cache_data would copy them on every hit (over a second for the communes). Callers must not mutate what they get.
Snapshot tables are keyed by the snapshot folder (``ui.cache.by_snapshot``), and what is read from the store by the
store's version (every import and publication adds an audit entry), so a change shows at the next rerun. A store
that cannot be opened is never cached: each rerun tries again until it is back.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from emile import geography, snapshot
from emile import indicators as catalogue
from emile.config import ProgrammeConfig, config_path, load_config
from emile.indicators import Level
from emile.maps import geometry
from emile.matching.inputs import SERVICE_COLUMNS, MatchingContext, bmo_tension
from emile.matching.store import MatchingOutcome, replay
from emile.offers import aggregates as offer_aggregates
from emile.offers import capacity as offer_capacity
from emile.offers import store as offer_store
from emile.offers.access import Principal
from emile.offers.metiers import Metiers
from emile.offers.places import commune_places
from emile.placements import releases
from emile.placements.aggregates import Aggregation
from emile.placements.public import PlacementSource, planner_source, public_source
from emile.placements.store import Store, StoreError, database_url, open_store
from emile.scoring import sensitivity
from emile.scoring.ranking import Ranking, Threshold, rank_territories, within_departements
from ui.cache import by_snapshot


def config() -> ProgrammeConfig:
    return _config(str(config_path()))


@st.cache_resource(show_spinner=False)
def _config(path: str) -> ProgrammeConfig:
    return load_config(Path(path))


@by_snapshot()
def manifest() -> dict[str, Any]:
    return snapshot.load_manifest()


def check_startup() -> None:
    """What every page needs, checked before any is drawn: the configuration and the snapshot (manifest and the
    files it lists). Raises ``ConfigError`` or ``SnapshotError`` in French naming the file and key or column."""
    config()
    _checked_files()


@by_snapshot(spinner="Vérification des données…")
def _checked_files() -> bool:
    snapshot.check_files(manifest())
    return True


@by_snapshot(spinner="Chargement des communes…")
def communes() -> gpd.GeoDataFrame:
    return geography.load_communes()


@by_snapshot()
def departements() -> gpd.GeoDataFrame:
    return geography.load_departements()


@by_snapshot()
def indicators(level: Level) -> pd.DataFrame:
    return snapshot.load_indicators(level)


@by_snapshot()
def table(name: str) -> pd.DataFrame:
    """A plain table of the snapshot (``france_services``, ``bmo_metiers``…)."""
    return snapshot.load_table(name)


@by_snapshot()
def geotable(name: str) -> gpd.GeoDataFrame:
    """A geometry table of the snapshot (``bassins``…)."""
    return snapshot.load_geotable(name)


@by_snapshot()
def departements_for_display() -> gpd.GeoDataFrame:
    """Départements with geometry simplified for the national view, joined with their programme status."""
    frame = departements().copy()
    frame["geometry"] = geometry.display_geometry(
        frame.geometry, geometry.NATIONAL_TOLERANCE_DEG, geometry.NATIONAL_PRECISION
    )
    return frame.join(geography.status_table(config(), frame["code"]), on="code")


@by_snapshot()
def departement_fills() -> gpd.GeoDataFrame:
    """``departements_for_display`` shrunk by ``NATIONAL_GAP_DEG``: filled side by side, they show a thin white
    border."""
    return geometry.with_gap(departements_for_display(), geometry.NATIONAL_GAP_DEG, geometry.NATIONAL_PRECISION)


def store() -> Store:
    """The placement store of ``DATABASE_URL`` (or the local SQLite file), opened and migrated once. Raises
    ``StoreUnavailableError`` (in French) while it cannot be opened; a failed opening is not cached, so the next
    rerun tries again and the page recovers as soon as the database is back."""
    return _store(database_url())


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return open_store(url)


def store_state() -> tuple[str, int | None]:
    """Which store, and at which version (None while it cannot be read): the cache key of anything computed from
    it."""
    url = database_url()
    try:
        return url, _store(url).version()
    except StoreError:
        return url, None


def public_placements() -> PlacementSource:
    """What the public sees (the last release, or the demo cohort), recomputed when the store changes. An
    unavailable store gives an empty source saying why, so that pages which only mention placements keep working."""
    threshold = config().placements.suppression_threshold
    try:
        url = database_url()
        return _public_placements(url, _store(url).version(), threshold)
    except StoreError as error:
        return PlacementSource(None, False, threshold, unavailable=str(error))


@by_snapshot()
def metiers() -> Metiers:
    """ROME métiers and their FAP 2009 families (``rome_fap``)."""
    return Metiers(table("rome_fap"))


@by_snapshot()
def places() -> pd.DataFrame:
    """Every commune's département and bassin d'emploi, where offers are counted."""
    return commune_places(communes(), geotable("bassins"))


@by_snapshot()
def commune_departements() -> dict[str, str]:
    return communes().set_index("code")["departement"].to_dict()


@by_snapshot()
def bassin_fills() -> gpd.GeoDataFrame:
    """Bassins d'emploi simplified for the national view and shrunk, like ``departement_fills``."""
    frame = geotable("bassins").copy()
    frame["geometry"] = geometry.display_geometry(
        frame.geometry, geometry.NATIONAL_TOLERANCE_DEG, geometry.NATIONAL_PRECISION, geometry.NATIONAL_GAP_DEG
    )
    return frame


def offers_state() -> tuple[str, int, dt.date]:
    """Which store, at which offers version, on which day (an offer stops counting at its expiry date): the cache
    key of anything computed from the offers."""
    url = database_url()
    return url, offer_store.version(_store(url)), dt.date.today()


def offers_demo() -> bool | None:
    """Whether the offers page shows the fictitious set (True), the real records (False) or nothing (None)."""
    return _offers_demo(*offers_state())


@st.cache_resource(show_spinner=False, max_entries=4)
def _offers_demo(url: str, version: int, today: dt.date) -> bool | None:
    return offer_store.shows_demo(_store(url))


def offer_publication(kind: str, threshold: int) -> offer_aggregates.OfferPublication:
    """The published offer tables of ``kind`` with ``threshold`` (0 for a planner), recomputed when offers change."""
    return _offer_publication(*offers_state(), kind, threshold)


@by_snapshot(spinner="Calcul des agrégats…", max_entries=8)
def _offer_publication(url: str, version: int, today: dt.date, kind: str, threshold: int):
    rows = offer_store.publication_rows(_store(url), kind, demo=bool(_offers_demo(url, version, today)))
    return offer_aggregates.publish(kind, rows, places(), threshold=threshold, today=today)


def structural_capacity() -> pd.DataFrame:
    """« Capacité structurelle » by bassin, with whether registered offers count there today."""
    return _structural_capacity(*offers_state())


@by_snapshot(max_entries=4)
def _structural_capacity(url: str, version: int, today: dt.date) -> pd.DataFrame:
    store = _store(url)
    demo = bool(_offers_demo(url, version, today))
    counted = {}
    for kind in ("logement", "emploi"):
        rows = offer_store.publication_rows(store, kind, demo=demo)
        where = places().reindex(rows.loc[offer_store.open_mask(rows, today), "commune"])
        counted[kind] = set(where["bassin"].dropna())
    return offer_capacity.structural_capacity(
        indicators("bassin"), _difficult_projects(), with_housing=counted["logement"], with_jobs=counted["emploi"]
    )


@by_snapshot()
def _difficult_projects() -> pd.DataFrame:
    return offer_capacity.difficult_projects(table("bmo_metiers"))


@by_snapshot(spinner="Calcul des agrégats…", max_entries=4)
def _public_placements(url: str, version: int, threshold: int) -> PlacementSource:
    return public_source(_store(url), communes(), threshold, config().placements.targets.departements)


def planner_placements() -> PlacementSource:
    """The live, unsuppressed records a planner sees (or an empty source saying why the store cannot be read)."""
    try:
        url = database_url()
        return _planner_placements(url, _store(url).version())
    except StoreError as error:
        return PlacementSource(None, False, 0, unavailable=str(error))


@by_snapshot(spinner="Calcul des agrégats…", max_entries=4)
def _planner_placements(url: str, version: int) -> PlacementSource:
    return planner_source(_store(url), communes(), config().placements.targets.departements)


def next_release() -> Aggregation:
    """What a release published now would show (planner's preview), recomputed when the store changes."""
    url = database_url()
    return _next_release(url, _store(url).version())


@by_snapshot(spinner="Calcul de la prochaine publication…", max_entries=2)
def _next_release(url: str, version: int) -> Aggregation:
    return releases.next_release(_store(url), communes(), config().placements)


@by_snapshot(spinner="Chargement des lieux, services et tensions…")
def matching_context() -> MatchingContext:
    """Places, services near each commune, BMO tension and métier families, for the matching."""
    return MatchingContext(places().join(indicators("commune")[list(SERVICE_COLUMNS)]), _bmo_tension(), metiers())


@by_snapshot()
def _bmo_tension() -> pd.Series:
    return bmo_tension(table("bmo_metiers"))


def matching_outcome(run_id: int, principal: Principal) -> tuple[MatchingOutcome, bool]:
    """A saved run (and whether solving it again from its inputs gives the saved result), solved once per process
    and planner: the page's reruns change the view, never re-solve. A run just computed is not solved again."""
    return _matching_outcome(database_url(), run_id, principal)


# Runs computed in this process, handed to the cache below on their first read.
_JUST_RUN: dict[tuple[str, int], MatchingOutcome] = {}


@st.cache_resource(show_spinner="Lecture du calcul…", max_entries=8)
def _matching_outcome(url: str, run_id: int, principal: Principal) -> tuple[MatchingOutcome, bool]:
    computed = _JUST_RUN.pop((url, run_id), None)
    if computed is not None:
        return computed, True
    return replay(_store(url), principal, run_id, matching_context())


def remember_outcome(outcome: MatchingOutcome) -> None:
    """Keep a run just computed, so that showing it does not solve it again."""
    _JUST_RUN[(database_url(), outcome.run_id)] = outcome


@by_snapshot(spinner="Calcul du classement…", max_entries=64)
def ranking(
    level: Level,
    departements: tuple[str, ...],
    weights: tuple[tuple[str, float], ...],
    method: str,
    normalisation: str,
    thresholds: tuple[tuple[str, float | None, float | None], ...],
) -> tuple[Ranking, pd.DataFrame | None]:
    """A ranking and its weight draws (probability of the top k, rank intervals), shared by every session: visitors
    opening the page on the default scenario, or trying the same weights, get them without computing them again.
    ``weights`` are the effective weights by criterion id; ``thresholds`` (id, minimum, maximum)."""
    frame = indicators(level)
    if level != "departement":
        frame = within_departements(frame, list(departements))
    criteria = [catalogue.get(i) for i, _ in weights]
    result = rank_territories(
        frame,
        criteria,
        pd.Series(dict(weights), dtype=float),
        method,
        normalisation,
        geography.origins(config()),
        [Threshold(*t) for t in thresholds],
    )
    settings = config().scoring
    top_k = min(settings.top_k, len(result.table))
    enough = len(result.table) >= 2  # below two territories the page says there is nothing to rank
    draws = sensitivity.monte_carlo(result, top_k, settings.draws, settings.concentration) if enough else None
    return result, draws
