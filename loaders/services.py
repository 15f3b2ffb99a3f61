"""Services theme: everyday equipment (INSEE BPE 2020), France services sites (ANCT 2024) and access to general
practitioners (DREES APL 2023).

A household moving from Île-de-France without a car needs a pharmacy, a food store, a school and a station within
reach, and a France services desk for its paperwork. For each kind the build gives a count per 10,000 inhabitants
of the reference population and the straight-line distance from each town hall to the nearest one (see
``loaders.distance``); départements and bassins get the share of their population living far from one and the mean
distance. BPE only counts
equipment per commune, so its distance is 0 for a commune that has one and otherwise the distance to the nearest town
hall of a commune that has one; France services sites have their own coordinates.

APL is published by bassin de vie / canton-ville, and no table in the raw data maps communes to bassins de vie:
it is kept at that level as the extra table ``apl_medecins`` and not attached to communes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from emile.indicators.services import FAR_KM
from loaders import communal
from loaders.cog import CommuneCodes
from loaders.context import COMMUNE_GROUPS, BuildContext, ThemeTables
from loaders.distance import nearest_km, town_halls, zone_of
from loaders.readers import drop_exact_duplicates, read_csv, read_excel, require_unique, to_number
from loaders.schema import DEPARTEMENT_PATTERN, pad_departement, validate


@dataclass(frozen=True)
class Equipment:
    """One kind of BPE equipment: the source file and the BPE count columns added up for it."""

    key: str
    source_id: str
    columns: tuple[str, ...]
    sheet: str | None = None


EQUIPMENTS = (
    Equipment("pharmacie", "bpe_sante", ("NB_D307",), sheet="COM"),
    Equipment("grande_surface", "bpe_commerce", ("NB_B101", "NB_B102")),  # hypermarchés + supermarchés
    Equipment("ecole", "bpe_enseignement", ("NB_C104", "NB_C105")),  # écoles élémentaires (dont RPI dispersés)
    Equipment("gare", "bpe_transport", ("NB_E107", "NB_E108", "NB_E109")),  # gares nationales, régionales, locales
)
# Levels whose figures add up communes (bassins from the labour theme's commune → bassin table, EPCI from the
# geography).
AGGREGATED_LEVELS = ("departement", *COMMUNE_GROUPS)
FRANCE_SERVICES = "france_services"
FS_COLUMNS = {
    "id_fs": "id",
    "lib_fs": "nom",
    "insee_com": "code_source",
    "insee_dep": "departement",
    "longitude": "lon",
    "latitude": "lat",
    "format_fs": "format",
}
APL_COLUMN = "APL Médecins généralistes 2023"
# The CartoSanté export writes unavailable results in words in the numeric column.
APL_UNAVAILABLE = ("N/A - résultat non disponible", "N/A - secret statistique")

_commune = pa.Column("string", pa.Check.str_matches(communal.COMMUNE_PATTERN))
_current = pa.Column("string", pa.Check.str_matches(communal.COMMUNE_PATTERN), nullable=True)
FRANCE_SERVICES_SCHEMA = pa.DataFrameSchema(
    {
        "id": pa.Column("string"),
        "nom": pa.Column("string"),
        "code_source": _commune,
        "commune": _current,
        "departement": pa.Column("string", pa.Check.str_matches(DEPARTEMENT_PATTERN)),
        "lon": pa.Column(float, pa.Check.in_range(-64, 56)),
        "lat": pa.Column(float, pa.Check.in_range(-22, 52)),
        "format": pa.Column("string", nullable=True),
    },
    unique=["id"],
)
APL_SCHEMA = pa.DataFrameSchema(
    {
        "code": pa.Column("string", pa.Check.str_matches(r"^(\d{4,5}|2[AB]\d{2,3}|97\dZZ)$")),
        "libelle": pa.Column("string"),
        "niveau": pa.Column("string", pa.Check.isin(["bassin de vie", "canton-ville"])),
        "apl": pa.Column(float, pa.Check.in_range(0, 20), nullable=True),
    },
    unique=["code"],
)


def bpe_schema(equipment: Equipment) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {"code_source": _commune, "commune": _current, equipment.key: pa.Column(float, pa.Check.ge(0), nullable=True)},
        unique=["code_source"],
    )


def parse_bpe(path: Path, equipment: Equipment, codes: CommuneCodes) -> pd.DataFrame:
    """A BPE commune file → one row per commune with the equipment count. Arrondissements municipaux are dropped:
    the files list Paris, Lyon and Marseille both as a whole and by arrondissement."""
    raw, _ = drop_exact_duplicates(
        read_excel(path, ["CODGEO", *equipment.columns], sheet=equipment.sheet)
        if path.suffix.lower() in (".xlsx", ".xls")
        else read_csv(path, ["CODGEO", *equipment.columns])
    )
    require_unique(raw, ["CODGEO"], path)
    source_codes = communal.check_codes(raw, "CODGEO", path)
    raw = raw[~communal.is_arrondissement(source_codes)]
    source_codes = source_codes[raw.index]
    counts = sum(to_number(raw, column, path) for column in equipment.columns)
    tidy = pd.DataFrame(
        {"code_source": source_codes, "commune": codes.to_current(source_codes), equipment.key: counts}, index=raw.index
    )
    return validate(bpe_schema(equipment), tidy, path)


def parse_france_services(path: Path, codes: CommuneCodes) -> pd.DataFrame:
    """ANCT list of France services sites → one row per site with its WGS84 point and current commune."""
    raw, _ = drop_exact_duplicates(read_csv(path, list(FS_COLUMNS)))
    require_unique(raw, ["id_fs"], path)
    tidy = pd.DataFrame(
        {new: raw[old].astype("string").str.strip() for old, new in FS_COLUMNS.items()}, index=raw.index
    )
    tidy["code_source"] = communal.check_codes(raw, "insee_com", path)
    tidy["commune"] = codes.to_current(tidy["code_source"])
    tidy["departement"] = pad_departement(tidy["departement"])
    tidy["lon"], tidy["lat"] = to_number(raw, "longitude", path), to_number(raw, "latitude", path)
    return validate(FRANCE_SERVICES_SCHEMA, tidy, path)


def parse_apl(path: Path) -> pd.DataFrame:
    """CartoSanté APL export (two title lines, ';', UTF-8 with BOM) → one row per bassin de vie or canton-ville.
    Four-character codes are cantons-villes (département + canton), others bassins de vie (pole commune code)."""
    raw, _ = drop_exact_duplicates(read_csv(path, ["Code", "Libellé", APL_COLUMN]))
    require_unique(raw, ["Code"], path)
    raw[APL_COLUMN] = raw[APL_COLUMN].mask(raw[APL_COLUMN].str.strip().isin(APL_UNAVAILABLE))
    code = raw["Code"].astype("string").str.strip()
    tidy = pd.DataFrame(
        {
            "code": code,
            "libelle": raw["Libellé"].astype("string").str.strip(),
            "niveau": code.str.len().map({4: "canton-ville"}).fillna("bassin de vie").astype("string"),
            "apl": to_number(raw, APL_COLUMN, path),
        },
        index=raw.index,
    )
    return validate(APL_SCHEMA, tidy, path)


def _equipment_columns(
    key: str, counts: pd.Series, distances: pd.Series, communes: pd.DataFrame, population: dict[str, pd.Series]
) -> dict:
    """Per-10,000 rate and distance at commune level; for départements and bassins, the rate from summed counts
    over the level's reference population, and two distance figures that tell territories apart: the share of the
    population whose town hall is more than ``FAR_KM[key]`` km from the nearest one, and the population-weighted
    mean distance. (A population-weighted median was 0 almost everywhere: most people live in a commune that has a
    pharmacy or a school.)"""
    frame = pd.DataFrame(
        {
            "n": counts,
            "population": communes["population"].astype("float64"),
            "km": distances,
            **{level: communes[level] for level in AGGREGATED_LEVELS},
        }
    )
    far = FAR_KM[key]
    frame["loin"] = (frame["km"] > far).astype("float64").where(frame["km"].notna())
    columns = {
        "commune": {
            f"{key}_pour_10000_hab": communal.rate(counts, population["commune"], per=10_000),
            f"distance_{key}_km": distances,
        }
    }
    for level in AGGREGATED_LEVELS:
        sums = communal.sum_by(frame, level, ["n"])
        columns[level] = {
            f"{key}_pour_10000_hab": communal.rate(sums["n"], population[level].reindex(sums.index), per=10_000),
            f"part_pop_{key}_plus_{far}km": communal.weighted_mean(frame, level, "loin", "population") * 100,
            f"distance_moyenne_{key}_km": communal.weighted_mean(frame, level, "km", "population"),
        }
    return columns


def _departement_from_commune(ctx: BuildContext, sites: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """A site whose département field disagrees with its commune code is placed in its commune's département
    (the code is checked against the COG, the field is not), so that counts, rates, distances and the site list
    agree; each such site is listed in the manifest."""
    of_commune = sites["commune"].map(communes["departement"]).astype("string")
    conflict = of_commune.notna() & (of_commune != sites["departement"])
    ctx.files.flag(
        FRANCE_SERVICES,
        "correction",
        "site dont le champ département contredit le code commune : rattaché au département de sa commune "
        "(code vérifié dans le COG), dans les effectifs, les taux, les distances et la liste des sites",
        sorted(sites.loc[conflict, "id"]),
        sites={
            str(site): f"{declared} → {actual} (commune {commune})"
            for site, declared, actual, commune in zip(
                sites.loc[conflict, "id"],
                sites.loc[conflict, "departement"],
                of_commune[conflict],
                sites.loc[conflict, "commune"],
                strict=True,
            )
        },
    )
    return sites.assign(departement=of_commune.fillna(sites["departement"]))


def build(ctx: BuildContext) -> ThemeTables:
    """Equipment rates and distances at commune, bassin d'emploi, EPCI and département levels; France services points
    and APL by bassin de vie as extra tables."""
    communes = ctx.communes_with_bassin()
    population = {level: ctx.population_of(level) for level in ("commune", *AGGREGATED_LEVELS)}
    halls = town_halls(communes)
    levels: dict[str, dict[str, pd.Series]] = {"commune": {}, **{level: {} for level in AGGREGATED_LEVELS}}

    for equipment in EQUIPMENTS:
        tidy = parse_bpe(ctx.path(equipment.source_id), equipment, ctx.codes)
        ctx.record_communal(
            equipment.source_id,
            tidy,
            note="arrondissements municipaux écartés (Paris, Lyon, Marseille comptés une fois)",
        )
        counts = communal.sum_by(tidy.dropna(subset=["commune"]), "commune", [equipment.key])[equipment.key]
        counts = counts.reindex(communes.index)
        distances = nearest_km(halls, halls[counts > 0]).where(counts.notna())
        for level, columns in _equipment_columns(equipment.key, counts, distances, communes, population).items():
            levels[level].update(columns)

    sites = parse_france_services(ctx.path(FRANCE_SERVICES), ctx.codes)
    ctx.record_communal(
        FRANCE_SERVICES,
        sites,
        note="distance mesurée jusqu'aux coordonnées de chaque site (bus compris, à leur adresse de base), "
        "depuis les mairies vérifiées par la géographie (manifeste : « mairies_remplacees »)",
    )
    sites = _departement_from_commune(ctx, sites, communes)
    counts = sites.groupby("commune").size().reindex(communes.index, fill_value=0).astype("float64")
    targets = sites.assign(zone=zone_of(sites["departement"]))
    for level, columns in _equipment_columns(
        FRANCE_SERVICES, counts, nearest_km(halls, targets), communes, population
    ).items():
        levels[level].update(columns)

    apl = parse_apl(ctx.path("apl_medecins"))
    ctx.record(
        "apl_medecins",
        rows_read=len(apl),
        rows_kept=int(apl["apl"].notna().sum()),
        note="publié par bassin de vie / canton-ville ; aucune table commune → bassin de vie "
        "dans les données : non rattaché aux communes",
    )
    frames = {}
    for level, columns in levels.items():
        frames[level] = pd.DataFrame(columns)
        frames[level].index.name = "code"
    points = sites[["id", "nom", "commune", "departement", "lon", "lat", "format"]].reset_index(drop=True)
    return ThemeTables(levels=frames, extras={"france_services": points, "apl_medecins": apl.reset_index(drop=True)})
