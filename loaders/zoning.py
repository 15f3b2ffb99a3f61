"""Commune → zone tables: bassins d'emploi BMO (France Travail) and zones d'emploi 2020 (INSEE).

Both tables are keyed by commune codes of an older geography. Codes are mapped to current communes through
``CommuneCodes``; codes that match no current commune are reported, never guessed. When several former communes now
form one commune and sat in different zones, the zone of the former commune that kept the current code wins (else
the first listed), and the number of such conflicts is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pandera.pandas as pa

from emile.place_names import official_spellings, proper_name
from loaders.cog import CommuneCodes
from loaders.geo import dissolve, simplify_coverage
from loaders.readers import drop_exact_duplicates, read_csv, read_excel, require_unique
from loaders.schema import DEPARTEMENT_PATTERN, pad_departement, validate
from loaders.sources import SourceFiles

COMMUNE_PATTERN = r"^(\d{5}|2[AB]\d{3})$"
BASSINS_SOURCE = "bassins_emploi"
# Bassins are drawn at a coarser scale than communes: 0.01° (about 1 km) keeps shared borders and a light file.
BASSIN_TOLERANCE_DEG = 0.01

_ZONE_SCHEMA = pa.DataFrameSchema(
    {
        "code_source": pa.Column(str, pa.Check.str_matches(COMMUNE_PATTERN)),
        "commune": pa.Column(str, nullable=True),
        "zone": pa.Column(str, pa.Check.str_matches(r"^\d{3,4}$")),
        "zone_nom": pa.Column(str, nullable=True),
        "departement": pa.Column(str, pa.Check.str_matches(DEPARTEMENT_PATTERN)),
    },
    strict=True,
)


def _tidy_zones(raw: pd.DataFrame, columns: dict[str, str], codes: CommuneCodes, path: Path) -> pd.DataFrame:
    raw, _ = drop_exact_duplicates(raw[list(columns)])
    tidy = raw.rename(columns=columns)
    tidy = tidy.assign(
        code_source=tidy["code_source"].str.strip().str.zfill(5),
        zone=tidy["zone"].str.strip(),
        departement=pad_departement(tidy["departement"]),
    )
    require_unique(tidy, ["code_source"], path)
    tidy["commune"] = codes.to_current(tidy["code_source"])
    source_columns = {tidy_name: file_name for file_name, tidy_name in columns.items()}
    return validate(_ZONE_SCHEMA, tidy[list(_ZONE_SCHEMA.columns)], path, source_columns)


def parse_bassins(path: Path, codes: CommuneCodes) -> pd.DataFrame:
    """France Travail commune → bassin d'emploi BMO table (``codgeo``, ``codbe``, ``libbe``, ``dep``); commune and
    département codes lose their leading zero in this file and are padded back."""
    raw = read_csv(Path(path), ["codgeo", "codbe", "libbe", "dep"])
    columns = {"codgeo": "code_source", "codbe": "zone", "libbe": "zone_nom", "dep": "departement"}
    return _tidy_zones(raw, columns, codes, Path(path))


def parse_zones_emploi(path: Path, codes: CommuneCodes) -> pd.DataFrame:
    """INSEE composition communale of the zones d'emploi 2020 (sheet ``Composition_communale``)."""
    raw = read_excel(Path(path), ["CODGEO", "ZE2020", "LIBZE2020", "DEP"], sheet="Composition_communale")
    columns = {"CODGEO": "code_source", "ZE2020": "zone", "LIBZE2020": "zone_nom", "DEP": "departement"}
    return _tidy_zones(raw, columns, codes, Path(path))


def one_zone_per_commune(tidy: pd.DataFrame) -> tuple[pd.Series, int]:
    """Zone of each current commune, and how many current communes had former parts in different zones."""
    mapped = tidy[tidy["commune"].notna()]
    zones_per_commune = mapped.groupby("commune")["zone"].nunique()
    ordered = mapped.assign(keeps_code=mapped["code_source"] == mapped["commune"]).sort_values(
        "keeps_code", ascending=False, kind="stable"
    )
    zone = ordered.drop_duplicates("commune").set_index("commune")["zone"].sort_index()
    return zone.rename("zone"), int((zones_per_commune > 1).sum())


@dataclass(frozen=True)
class Bassins:
    """The bassin d'emploi of each current commune (France Travail table) and each bassin's name in that table."""

    of_commune: pd.Series
    names: pd.Series


def zones_of_communes(
    files: SourceFiles, source_id: str, tidy: pd.DataFrame, communes: gpd.GeoDataFrame, zone: str, note: str = ""
) -> pd.Series:
    """The zone of each current commune from a tidy zone table, with what it read, kept and could not map recorded
    for the manifest: current communes outside the table, merged communes whose parts sat in different zones
    (``zone`` names the kind of zone in the note), and ``note`` when given."""
    of_commune, conflicts = one_zone_per_commune(tidy)
    without = sorted(set(communes["code"]) - set(of_commune.index))
    files.record(
        source_id,
        rows_read=len(tidy),
        rows_kept=int(tidy["commune"].notna().sum()),
        unmapped_codes=sorted(tidy.loc[tidy["commune"].isna(), "code_source"]),
        note=f"communes actuelles sans {zone} : {len(without)} {without[:20]} ; communes dont les anciennes parties "
        f"relevaient de zones différentes : {conflicts}" + (f" ; {note}" if note else ""),
    )
    return of_commune


def read_bassins(files: SourceFiles, codes: CommuneCodes, communes: gpd.GeoDataFrame) -> Bassins:
    """The commune → bassin table of the build, with what could not be mapped recorded for the manifest."""
    tidy = parse_bassins(files.path(BASSINS_SOURCE), codes)
    of_commune = zones_of_communes(files, BASSINS_SOURCE, tidy, communes, "bassin")
    return Bassins(of_commune, tidy.drop_duplicates("zone").set_index("zone")["zone_nom"])


def zone_shapes(
    communes: gpd.GeoDataFrame, commune_zone: pd.Series, names: pd.Series, tolerance: float = BASSIN_TOLERANCE_DEG
) -> gpd.GeoDataFrame:
    """Polygons of zones made of whole communes (bassins d'emploi, EPCI) dissolved from current communes, with
    name, population and the départements they span.

    ``commune_zone`` maps commune code → zone code, ``names`` zone code → name, as the files write it (« SAINT
    FLOUR »): a zone named after a commune gets the commune's official spelling (« Saint-Flour »), a name in capitals
    French title case, any other stays as written (``emile.place_names``). Population is the sum of
    ``communes.population`` (NaN-free sum of the communes known); ``departements`` lists the codes of the
    départements the zone's communes belong to and ``departement`` is the main one, where most of its population
    lives (a bassin or an EPCI may cross a border).
    """
    located = communes.assign(zone=communes["code"].map(commune_zone)).dropna(subset=["zone"])
    shapes = dissolve(located, "zone")
    shapes["geometry"] = simplify_coverage(shapes.geometry, tolerance)
    spans = located.groupby("zone")["departement"].agg(lambda codes: ",".join(sorted(set(codes))))
    people = located["population"].astype("float64").fillna(0).groupby([located["zone"], located["departement"]])
    main = people.sum().groupby(level="zone").idxmax().map(lambda pair: pair[1])
    spellings = official_spellings(communes["nom"].dropna())
    named = names.reindex(shapes.index).map(lambda name: proper_name(name, spellings), na_action="ignore")
    shapes = shapes.assign(nom=named, departement=main, departements=spans)
    return shapes.reset_index(names="code")[["code", "nom", "departement", "departements", "population", "geometry"]]
