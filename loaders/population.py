"""Context theme: population and its trend.

Communes: census populations municipales 2013-2021 (arrondissements and merged communes added up to the current
commune); bassins d'emploi add up their communes. Départements: INSEE's estimates at 1 January (one sheet per year,
2019-2021 provisional). The trend is the mean annual change between 2015 and 2021, ((P2021 / P2015)^(1/6) - 1) × 100,
the same formula at every level.

These are also the reference populations of the whole build (``ReferencePopulation``): every per-inhabitant rate
of every theme divides by the census 2021 population (communes, and bassins as the sum of their communes) or by the
estimate at 1 January 2021 (départements), the figures the « population » column shows.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from loaders import communal
from loaders.cog import CommuneCodes
from loaders.context import COMMUNE_GROUPS, BuildContext, ReferencePopulation, ThemeTables
from loaders.readers import drop_exact_duplicates, read_csv, read_excel, require_unique, to_number
from loaders.schema import DEPARTEMENT_PATTERN, validate
from loaders.sources import SourceFiles

CENSUS_YEARS = tuple(range(2013, 2022))
TREND_START, TREND_END = 2015, 2021
DEPARTEMENT_TOTAL = "Ensemble / Total"

_population = pa.Column(float, pa.Check.ge(0), nullable=True)
COMMUNES_SCHEMA = pa.DataFrameSchema(
    {
        "code_source": pa.Column("string", pa.Check.str_matches(communal.COMMUNE_PATTERN)),
        "commune": pa.Column("string", nullable=True),
        **{f"p{year}": _population for year in CENSUS_YEARS},
    },
    unique=["code_source"],
)
DEPARTEMENTS_SCHEMA = pa.DataFrameSchema(
    {
        "departement": pa.Column("string", pa.Check.str_matches(DEPARTEMENT_PATTERN)),
        "annee": pa.Column(int),
        "population": pa.Column(float, pa.Check.gt(0)),
    },
    unique=["departement", "annee"],
)


def annual_change(start: pd.Series, end: pd.Series, years: int = TREND_END - TREND_START) -> pd.Series:
    """Mean annual change in %, NaN where the start is missing or zero."""
    return ((end / start.where(start > 0)) ** (1 / years) - 1) * 100


def repair_overseas_codes(raw: pd.DataFrame) -> pd.Series:
    """This export writes some overseas codes as the 3-digit département followed by the commune's last three
    digits ('973353' for Maripasoula, 97353). Such a code is rebuilt only when its first three characters are the
    row's own département; anything else is left for the code check to reject."""
    code = raw["codgeo"].astype("string").str.strip()
    departement = raw["dep"].astype("string").str.strip()
    garbled = (code.str.len() == 6) & departement.str.startswith("97") & (code.str[:3] == departement)
    return code.mask(garbled.fillna(False).astype(bool), "97" + code.str[3:])


def parse_population_communes(path: Path, codes: CommuneCodes) -> pd.DataFrame:
    """Census populations by commune (or arrondissement) → one row per source code with its current code."""
    columns = {f"p{year % 100}_pop": f"p{year}" for year in CENSUS_YEARS}
    raw, _ = drop_exact_duplicates(read_csv(path, ["codgeo", "dep", *columns]))
    raw["codgeo"] = repair_overseas_codes(raw)
    require_unique(raw, ["codgeo"], path)
    source_codes = communal.check_codes(raw, "codgeo", path)
    tidy = pd.DataFrame({new: to_number(raw, old, path) for old, new in columns.items()}, index=raw.index)
    tidy.insert(0, "code_source", source_codes)
    tidy.insert(1, "commune", codes.to_current(source_codes))
    return validate(COMMUNES_SCHEMA, tidy, path)


def parse_population_departements(path: Path, years: tuple[int, ...] = (TREND_START, TREND_END)) -> pd.DataFrame:
    """INSEE département estimates: one sheet per year, a two-line header (« Ensemble / Total »). Rows whose first
    cell is not a département code (France métropolitaine, DOM, source notes) are left out."""
    frames = []
    for year in years:
        raw = read_excel(path, ["Départements", DEPARTEMENT_TOTAL], sheet=str(year), header_rows=2)
        code = raw["Départements"].astype("string").str.strip()
        raw = raw[code.str.fullmatch(DEPARTEMENT_PATTERN).fillna(False).astype(bool)]
        raw, _ = drop_exact_duplicates(raw)
        require_unique(raw, ["Départements"], path)
        frames.append(
            pd.DataFrame(
                {
                    "departement": raw["Départements"].astype("string").str.strip(),
                    "annee": year,
                    "population": to_number(raw, DEPARTEMENT_TOTAL, path),
                },
                index=raw.index,
            )
        )
    return validate(DEPARTEMENTS_SCHEMA, pd.concat(frames), path)


VINTAGES = {
    "commune": f"recensement {TREND_END} (population municipale, INSEE)",
    "bassin": f"recensement {TREND_END} (somme des populations municipales de ses communes, INSEE)",
    "epci": f"recensement {TREND_END} (somme des populations municipales de ses communes, INSEE)",
    "departement": f"estimation au 1er janvier {TREND_END} (INSEE, provisoire)",
}


def reference_population(files: SourceFiles, codes: CommuneCodes) -> ReferencePopulation:
    """Read the census and the estimates once, for the whole build: merged communes and arrondissements are added
    up to the current commune; a commune absent from the census stays missing (never 0)."""
    census = parse_population_communes(files.path("population_communes"), codes)
    files.record(
        "population_communes",
        rows_read=len(census),
        rows_kept=int(census["commune"].notna().sum()),
        unmapped_codes=codes.unmapped(census["code_source"]),
    )
    sums = communal.sum_by(census.dropna(subset=["commune"]), "commune", [f"p{TREND_START}", f"p{TREND_END}"])
    estimates = parse_population_departements(files.path("population_departements"))
    files.record(
        "population_departements",
        rows_read=len(estimates),
        rows_kept=len(estimates),
        note="estimations 2019-2021 provisoires (arrêtées en mars 2021)",
    )
    wide = estimates.pivot(index="departement", columns="annee", values="population")
    parts = census.loc[census["commune"].notna(), ["code_source", "commune"]].reset_index(drop=True)
    return ReferencePopulation(census=sums, estimates=wide, latest=TREND_END, vintages=dict(VINTAGES), parts=parts)


def build(ctx: BuildContext) -> ThemeTables:
    """Population and its 2015-2021 trend at commune, bassin d'emploi and EPCI (sums of their communes) and
    département levels, from the build's reference population."""
    communes = ctx.communes_with_bassin()
    sums = ctx.population.census.reindex(communes.index)
    commune_level = _population_level(sums)
    groups = {
        key: _population_level(
            communal.sum_by(
                sums.assign(**{key: communes[key]}).dropna(subset=[key]), key, [f"p{TREND_START}", f"p{TREND_END}"]
            )
        )
        for key in COMMUNE_GROUPS
    }
    wide = ctx.population.estimates
    departement_level = pd.DataFrame(
        {
            "population": wide[TREND_END],
            "population_evolution_annuelle": annual_change(wide[TREND_START], wide[TREND_END]),
        }
    )
    levels = {"commune": commune_level, **groups, "departement": departement_level}
    for frame in levels.values():
        frame.index.name = "code"
    return ThemeTables(levels=levels)


def _population_level(sums: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "population": sums[f"p{TREND_END}"],
            "population_evolution_annuelle": annual_change(sums[f"p{TREND_START}"], sums[f"p{TREND_END}"]),
        }
    )
