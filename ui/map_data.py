"""Cached geometry and lookups for the « Carte » page.

One département's communes are simplified the first time it is opened and kept for the life of the process
(no copy on a hit), so drilling down again, or changing an indicator, re-sends colours only after a dictionary
lookup. Callers must not mutate what they get.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from emile import commune_search, territory_search
from emile.maps import geometry, overlay
from ui import data
from ui.cache import by_snapshot


@by_snapshot(max_entries=128)
def departement_communes(code: str) -> gpd.GeoDataFrame:
    """The communes of département ``code``: code, nom, population, town-hall lon/lat and shrunk geometry."""
    communes = data.communes()
    own = communes.loc[communes["departement"] == code, ["code", "nom", "population", "lon", "lat", "geometry"]]
    return geometry.for_commune_view(own.reset_index(drop=True), geometry.COMMUNE_GAP_DEG)


@by_snapshot(max_entries=128)
def departement_bassins(code: str) -> gpd.GeoDataFrame:
    """The bassins d'emploi reaching into département ``code``, simplified like its communes."""
    return geometry.for_commune_view(overlay.bassins_of(data.geotable("bassins"), code).reset_index(drop=True))


@by_snapshot(max_entries=128)
def surroundings(code: str) -> gpd.GeoDataFrame:
    """Département ``code`` and those touching it, as drawn on national maps (with ``status``)."""
    return overlay.surrounding(data.departements_for_display(), code)


@by_snapshot(max_entries=128)
def neighbours(code: str) -> gpd.GeoDataFrame:
    """The départements touching ``code``, shrunk like the communes so that a thin border shows between them."""
    around = surroundings(code)
    return geometry.with_gap(around[around["code"] != code], geometry.COMMUNE_GAP_DEG, geometry.COMMUNE_PRECISION)


@by_snapshot()
def commune_departements() -> dict[str, str]:
    """Commune code → département code, to open a link or a search result in the right département."""
    communes = data.communes()
    return dict(zip(communes["code"], communes["departement"]))


@by_snapshot()
def search_table() -> tuple[pd.DataFrame, pd.Series]:
    """The communes and EPCI as the search reads them (``emile.territory_search``), with their normalised names
    computed once."""
    table = territory_search.territories(data.communes(), data.geotable("epci"))
    return table, commune_search.search_key(table["nom"])


@by_snapshot()
def epci_departements() -> dict[str, tuple[str, ...]]:
    """EPCI code → the départements its communes lie in (the first is its main one by population)."""
    epci = data.geotable("epci")
    return {
        code: (main, *sorted(set(spans.split(",")) - {main}))
        for code, main, spans in zip(epci["code"], epci["departement"], epci["departements"], strict=True)
    }
