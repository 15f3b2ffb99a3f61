"""Where a commune is, for counting offers: its département and its bassin d'emploi (BMO zoning).

The snapshot keeps the bassins as outlines dissolved from their communes, not a commune → bassin table, so a commune
belongs to the bassin whose outline holds its town hall; the few town halls that simplified coastlines leave just
outside every outline (about thirty, mostly on islands) take the nearest bassin of their own département. A commune
without a town hall in the snapshot has no bassin (``<NA>``), and its offers count in its département only.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely


def commune_places(communes: pd.DataFrame, bassins: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per commune (index ``code``): ``departement``, ``bassin`` (string, ``<NA>`` when unknown), ``lon``,
    ``lat``."""
    located = communes.dropna(subset=["lon", "lat"])
    points = gpd.GeoDataFrame(
        located[["code", "departement"]],
        geometry=gpd.points_from_xy(located["lon"], located["lat"]),
        crs=bassins.crs,
    )
    outlines = bassins[["code", "departements", "geometry"]].rename(columns={"code": "bassin"})
    inside = gpd.sjoin(points, outlines, how="left", predicate="within").drop_duplicates("code")
    lost = inside[inside["bassin"].isna()]
    found = inside.dropna(subset=["bassin"]).set_index("code")["bassin"]
    nearest = {}
    served = outlines["departements"].str.split(",")
    for code, departement, point in lost[["code", "departement", "geometry"]].itertuples(index=False, name=None):
        candidates = outlines[[departement in codes for codes in served]]
        if len(candidates):
            # In degrees: enough to pick the closest of a few neighbouring outlines.
            distances = shapely.distance(candidates.geometry.to_numpy(), point)
            nearest[code] = candidates["bassin"].iloc[int(distances.argmin())]
    bassin = pd.concat([found, pd.Series(nearest, dtype="object")]).astype("string")
    places = communes.set_index("code")[["departement", "lon", "lat"]]
    return places.assign(bassin=bassin.reindex(places.index))
