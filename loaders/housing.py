"""Housing theme: private vacant dwellings (LOVAC), social housing (RPLS 2024) and advertised rents (2018).

EMILE households are offered social housing, and host territories are chosen where dwellings stand empty, so
vacancy is read from both stocks. Each source keeps its own vintage; nothing is mixed across vintages.

- LOVAC départements: counts and rates both come from the latest millésime with a total private stock (2024), so
  a count is never shown beside a rate of another year. A national total that moves by more than
  ``BREAK_THRESHOLD`` between consecutive millésimes is a method change, not a trend: it is flagged « rupture de
  série » in the manifest (2025: about -35 % of vacant dwellings while long-term vacancy rises), and no evolution is
  computed across it. LOVAC communes (01/01/2021): communes under secrecy are absent from the file; they stay
  missing and are counted as secret. Bassins d'emploi and EPCI add up their communes (01/01/2021), counting those
  withheld.
- RPLS: the commune counts file leaves the small communes' let/vacant counts blank (withheld), while the indicators
  file gives every commune's rates; rates of merged communes, bassins, EPCI and départements are means weighted by
  the stock.
- Rents: predicted €/m² (charges included) for apartments, a context figure.

Bassins come from the one commune → bassin table of the labour theme (``zoning.read_bassins``), EPCI from the
geography (``loaders.context.COMMUNE_GROUPS``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from loaders import communal
from loaders.cog import CommuneCodes
from loaders.context import COMMUNE_GROUPS, BuildContext, ThemeTables
from loaders.readers import drop_exact_duplicates, read_csv, read_excel, require_unique, secret_mask, to_number
from loaders.schema import DEPARTEMENT_PATTERN, pad_departement, validate

LOVAC_YEARS = (2020, 2021, 2022, 2023, 2024, 2025)
# A national change larger than this between two consecutive millésimes is read as a series break.
BREAK_THRESHOLD = 0.20
# Commune file: vacancy at 01/01/2021 is measured against the 2022 private stock (Fichiers fonciers 2022), as the
# publisher's own share Prop_logvac_pp_010121 does.
LOVAC_COMMUNE_COLUMNS = {
    "INSEE_COM": "code_source",
    "Nb_log_pp_2022": "parc",
    "Nb_logvac_pp_010121": "vacants",
    "Nb_logvac_2A_010121": "vacants_2ans",
}
RPLS_COUNT_COLUMNS = {"DEPCOM_ARM": "code_source", "nb_loues": "loues", "nb_vacants": "vacants"}
RPLS_RATE_COLUMNS = {"DEPCOM_ARM": "code_source", "nb_ls": "parc", "tx_vac": "taux_vacance", "tx_mob": "taux_mobilite"}
LOYER_COLUMNS = {"INSEE": "code_source", "loypredm2": "loyer_m2", "NBobs_commune": "annonces"}

_count = pa.Column(float, pa.Check.ge(0), nullable=True)
_percent = pa.Column(float, pa.Check.in_range(0, 100), nullable=True)
_commune = pa.Column("string", pa.Check.str_matches(communal.COMMUNE_PATTERN))
_current = pa.Column("string", pa.Check.str_matches(communal.COMMUNE_PATTERN), nullable=True)

LOVAC_DEPARTEMENTS_SCHEMA = pa.DataFrameSchema(
    {
        "departement": pa.Column("string", pa.Check.str_matches(DEPARTEMENT_PATTERN)),
        "millesime": pa.Column(int, pa.Check.isin(LOVAC_YEARS)),
        "parc": _count,
        "vacants": _count,
        "vacants_2ans": _count,
        "vacants_secret": pa.Column(bool),
        "vacants_2ans_secret": pa.Column(bool),
    },
    unique=["departement", "millesime"],
    checks=pa.Check(lambda f: ~(f["vacants_2ans"] > f["vacants"]), error="vacants_2ans <= vacants"),
)
LOVAC_COMMUNES_SCHEMA = pa.DataFrameSchema(
    {"code_source": _commune, "commune": _current, "parc": _count, "vacants": _count, "vacants_2ans": _count},
    unique=["code_source"],
    checks=[
        pa.Check(lambda f: ~(f["vacants"] > f["parc"]), error="vacants <= parc"),
        pa.Check(lambda f: ~(f["vacants_2ans"] > f["vacants"]), error="vacants_2ans <= vacants"),
    ],
)
RPLS_SCHEMA = pa.DataFrameSchema(
    {
        "code_source": _commune,
        "commune": _current,
        "parc": _count,
        "loues": _count,
        "vacants": _count,
        "vacants_secret": pa.Column(bool),
        "taux_vacance": _percent,
        "taux_mobilite": _percent,
    },
    unique=["code_source"],
)
LOYERS_SCHEMA = pa.DataFrameSchema(
    {
        "code_source": _commune,
        "commune": _current,
        "loyer_m2": pa.Column(float, pa.Check.in_range(1, 100), nullable=True),
        "annonces": _count,
    },
    unique=["code_source"],
)


def _numbers(frame: pd.DataFrame, columns: dict[str, str], path: Path, decimal: str = ".") -> pd.DataFrame:
    """The renamed numeric columns of ``frame`` as floats (withheld markers → NaN)."""
    return pd.DataFrame(
        {new: to_number(frame, old, path, decimal=decimal) for old, new in columns.items() if new != "code_source"},
        index=frame.index,
    )


def _with_current_codes(
    frame: pd.DataFrame, source: pd.DataFrame, column: str, path: Path, codes: CommuneCodes
) -> pd.DataFrame:
    frame.insert(0, "code_source", communal.check_codes(source, column, path))
    frame.insert(1, "commune", codes.to_current(frame["code_source"]))
    return frame


def parse_lovac_departements(path: Path) -> pd.DataFrame:
    """LOVAC département file → one row per département and millésime (``parc`` missing for 2025, which the file
    does not give). Thousands are written with spaces ('19 805'), which are removed before conversion."""
    required = (
        ["DEP"] + [f"pp_vacant_{y % 100}" for y in LOVAC_YEARS] + [f"pp_total_{y % 100}" for y in LOVAC_YEARS[:-1]]
    )
    raw, _ = drop_exact_duplicates(read_csv(path, required))
    raw = raw.apply(lambda column: column.str.replace(r"(?<=\d)\s+(?=\d)", "", regex=True))  # thousands only
    raw["DEP"] = pad_departement(raw["DEP"])
    require_unique(raw, ["DEP"], path)
    years = []
    for year in LOVAC_YEARS:
        suffix = year % 100
        total = f"pp_total_{suffix}"
        years.append(
            pd.DataFrame(
                {
                    "departement": raw["DEP"].astype("string"),
                    "millesime": year,
                    "parc": to_number(raw, total, path) if total in raw else float("nan"),
                    "vacants": to_number(raw, f"pp_vacant_{suffix}", path),
                    "vacants_2ans": to_number(raw, f"pp_vacant_plus_2ans_{suffix}", path),
                    "vacants_secret": secret_mask(raw, f"pp_vacant_{suffix}"),
                    "vacants_2ans_secret": secret_mask(raw, f"pp_vacant_plus_2ans_{suffix}"),
                },
                index=raw.index,
            )
        )
    return validate(LOVAC_DEPARTEMENTS_SCHEMA, pd.concat(years), path)


def parse_lovac_communes(path: Path, codes: CommuneCodes) -> pd.DataFrame:
    """LOVAC commune workbook (sheet « Données ») → one row per listed commune at 01/01/2021, with its current code."""
    raw, _ = drop_exact_duplicates(read_excel(path, list(LOVAC_COMMUNE_COLUMNS), sheet="Données"))
    require_unique(raw, ["INSEE_COM"], path)
    tidy = _with_current_codes(_numbers(raw, LOVAC_COMMUNE_COLUMNS, path), raw, "INSEE_COM", path, codes)
    return validate(LOVAC_COMMUNES_SCHEMA, tidy, path)


def parse_rpls(counts_path: Path, rates_path: Path, codes: CommuneCodes) -> pd.DataFrame:
    """RPLS 2024: the indicators file (stock, vacancy and mobility rates, every commune) joined with the counts
    file's let and vacant dwellings (blank = withheld). Rows are named by their line in the indicators file."""
    rates_raw, _ = drop_exact_duplicates(read_csv(rates_path, list(RPLS_RATE_COLUMNS)))
    require_unique(rates_raw, ["DEPCOM_ARM"], rates_path)
    counts_raw, _ = drop_exact_duplicates(read_csv(counts_path, list(RPLS_COUNT_COLUMNS)))
    require_unique(counts_raw, ["DEPCOM_ARM"], counts_path)
    counts = _numbers(counts_raw, RPLS_COUNT_COLUMNS, counts_path)
    counts["vacants_secret"] = counts["vacants"].isna()
    counts.index = communal.check_codes(counts_raw, "DEPCOM_ARM", counts_path).to_numpy()
    tidy = _with_current_codes(
        _numbers(rates_raw, RPLS_RATE_COLUMNS, rates_path), rates_raw, "DEPCOM_ARM", rates_path, codes
    )
    joined = counts.reindex(tidy["code_source"].to_numpy())
    for column in ("loues", "vacants", "vacants_secret"):
        tidy[column] = joined[column].to_numpy()
    tidy["vacants_secret"] = tidy["vacants_secret"].fillna(True).astype(bool)
    return validate(RPLS_SCHEMA, tidy, rates_path)


def parse_loyers(path: Path, codes: CommuneCodes) -> pd.DataFrame:
    """Carte des loyers 2018 (apartments): ';', Latin-1, decimal comma, codes without their leading zero."""
    raw, _ = drop_exact_duplicates(read_csv(path, list(LOYER_COLUMNS)))
    require_unique(raw, ["INSEE"], path)
    tidy = _with_current_codes(_numbers(raw, LOYER_COLUMNS, path, decimal=","), raw, "INSEE", path, codes)
    return validate(LOYERS_SCHEMA, tidy, path)


def series_breaks(tidy: pd.DataFrame, column: str, threshold: float = BREAK_THRESHOLD) -> list[dict[str, object]]:
    """Millésimes whose national total of ``column`` differs from the previous millésime's by more than
    ``threshold`` (relative), with both totals and the change in %: a method change, never an evolution."""
    national = tidy.groupby("millesime")[column].sum(min_count=1).dropna().sort_index()
    breaks = []
    for (before, previous), (year, total) in zip(national.iloc[:-1].items(), national.iloc[1:].items()):
        change = total / previous - 1 if previous else float("inf")
        if abs(change) > threshold:
            breaks.append(
                {
                    "millesime": int(year),
                    "millesime_precedent": int(before),
                    "total": float(total),
                    "total_precedent": float(previous),
                    "variation_pct": round(change * 100, 1),
                }
            )
    return breaks


def departement_year(tidy: pd.DataFrame) -> int:
    """The millésime of every département figure: the latest one whose file gives the total private stock, so that
    counts and rates are of the same year."""
    with_stock = tidy.groupby("millesime")["parc"].sum(min_count=1).dropna()
    return int(with_stock.index.max())


def _lovac_departement_level(tidy: pd.DataFrame, year: int) -> pd.DataFrame:
    rows = tidy[tidy["millesime"] == year].set_index("departement")
    return pd.DataFrame(
        {
            "lovac_taux_vacance": communal.rate(rows["vacants"], rows["parc"]),
            "lovac_taux_vacance_longue": communal.rate(rows["vacants_2ans"], rows["parc"]),
            "lovac_vacants": rows["vacants"],
            "lovac_vacants_longue": rows["vacants_2ans"],
            "lovac_vacants__secret": rows["vacants_secret"].astype("int64"),
            "lovac_vacants_longue__secret": rows["vacants_2ans_secret"].astype("int64"),
        }
    )


def _lovac_commune_sums(tidy: pd.DataFrame, communes: pd.Index, partial: pd.Series) -> pd.DataFrame:
    """Stock and vacant dwellings per current commune, with ``secret`` = 1 for a commune the file does not list
    (under secrecy, per the publisher), and the number of secret parts for a merged commune whose sum misses
    some (``partial``, from ``communal.missing_parts``): its figures are then flagged, never presented as
    complete."""
    sums = communal.sum_by(tidy.dropna(subset=["commune"]), "commune", ["parc", "vacants", "vacants_2ans"])
    sums = sums.reindex(communes)
    secret = sums["vacants"].isna().astype("int64")
    secret = secret.where(secret > 0, partial.reindex(communes).fillna(0).astype("int64"))
    return sums.assign(secret=secret)


def _lovac_level(sums: pd.DataFrame) -> pd.DataFrame:
    """Rates and counts from summed communes; every figure carries the number of communes withheld from it."""
    level = pd.DataFrame(
        {
            "lovac_taux_vacance": communal.rate(sums["vacants"], sums["parc"]),
            "lovac_taux_vacance_longue": communal.rate(sums["vacants_2ans"], sums["parc"]),
            "lovac_vacants": sums["vacants"],
            "lovac_vacants_longue": sums["vacants_2ans"],
        }
    )
    for column in list(level.columns):
        level[f"{column}__secret"] = sums["secret"].astype("int64")
    return level


def _rpls_level(tidy: pd.DataFrame, key: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rpls_logements_sociaux": communal.sum_by(tidy, key, ["parc"])["parc"],
            "rpls_logements_vacants": communal.sum_by(tidy, key, ["vacants"])["vacants"],
            "rpls_logements_vacants__secret": communal.secret_counts(tidy["vacants_secret"], tidy[key]),
            "rpls_taux_vacance": communal.weighted_mean(tidy, key, "taux_vacance", "parc"),
            "rpls_taux_mobilite": communal.weighted_mean(tidy, key, "taux_mobilite", "parc"),
        }
    )


def _rpls_levels(tidy: pd.DataFrame, communes: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Communes absent from RPLS have no social housing: their stock is 0 (a real zero, as the publisher lists
    every commune with at least one social dwelling) and their rates are undefined. Départements and bassins add
    up (or weigh by stock) the communes listed."""
    tidy = tidy.dropna(subset=["commune"]).copy()
    for key in ("departement", *COMMUNE_GROUPS):
        tidy[key] = tidy["commune"].map(communes[key])
    commune_level = _rpls_level(tidy, "commune").reindex(communes.index)
    commune_level["rpls_logements_sociaux"] = commune_level["rpls_logements_sociaux"].fillna(0.0)
    commune_level["rpls_logements_vacants__secret"] = commune_level["rpls_logements_vacants__secret"].fillna(0)
    commune_level["rpls_logements_vacants__secret"] = commune_level["rpls_logements_vacants__secret"].astype("int64")
    return {
        "commune": commune_level,
        **{key: _rpls_level(tidy.dropna(subset=[key]), key) for key in ("departement", *COMMUNE_GROUPS)},
    }


def _loyer_levels(tidy: pd.DataFrame, communes: pd.DataFrame) -> dict[str, pd.Series]:
    """Merged communes: mean weighted by the number of ads (plain mean when none had ads). Départements and
    bassins: mean of their communes weighted by their census population (the build's reference)."""
    tidy = tidy.dropna(subset=["commune"]).copy()
    tidy["poids"] = tidy["annonces"].where(tidy.groupby("commune")["annonces"].transform("sum") > 0, 1.0)
    commune_rent = communal.weighted_mean(tidy, "commune", "loyer_m2", "poids").reindex(communes.index)
    frame = pd.DataFrame(
        {
            "loyer": commune_rent,
            "population": communes["population"].astype("float64"),
            **{key: communes[key] for key in ("departement", *COMMUNE_GROUPS)},
        }
    )
    return {
        "commune": commune_rent,
        **{key: communal.weighted_mean(frame, key, "loyer", "population") for key in ("departement", *COMMUNE_GROUPS)},
    }


def build(ctx: BuildContext) -> ThemeTables:
    """Housing indicators at commune, bassin d'emploi, EPCI and département levels. Départements read LOVAC's own
    département file; bassins and EPCI add up the communes (LOVAC 2021)."""
    communes = ctx.communes_with_bassin()
    lovac_dep = parse_lovac_departements(ctx.path("lovac_departements"))
    year = departement_year(lovac_dep)
    ctx.record(
        "lovac_departements",
        rows_read=len(lovac_dep) // len(LOVAC_YEARS),
        rows_kept=len(lovac_dep) // len(LOVAC_YEARS),
        note=f"taux et effectifs : millésime {year}, le dernier pour lequel le fichier donne le parc total",
    )
    _flag_series_breaks(ctx, lovac_dep, year)

    lovac_com = parse_lovac_communes(ctx.path("lovac_communes"), ctx.codes)
    ctx.record_communal(
        "lovac_communes",
        lovac_com,
        note="communes absentes du fichier = secret statistique (valeur manquante)",
    )

    rpls = parse_rpls(ctx.path("rpls_parc"), ctx.path("rpls_indicateurs"), ctx.codes)
    for source in ("rpls_parc", "rpls_indicateurs"):
        ctx.record_communal(source, rpls)
    ctx.record(
        "rpls_parc",
        note=f"{int(rpls['vacants_secret'].sum())} communes aux effectifs non diffusés",
    )

    loyers = parse_loyers(ctx.path("loyers"), ctx.codes)
    ctx.record_communal("loyers", loyers)

    rpls_levels = _rpls_levels(rpls, communes)
    loyer_levels = _loyer_levels(loyers, communes)
    partial = communal.missing_parts(lovac_com, ctx.population.parts)
    ctx.files.flag(
        "lovac_communes",
        "somme partielle",
        "commune issue d'une fusion dont le fichier publie une partie et tait une autre (secret statistique) : "
        "la somme ne couvre que les parties publiées, elle est signalée comme incomplète (parties secrètes "
        "comptées) et non présentée comme complète",
        sorted(partial.index),
    )
    lovac_sums = _lovac_commune_sums(lovac_com, communes.index, partial)
    levels = {
        "commune": pd.concat([_lovac_level(lovac_sums), rpls_levels["commune"]], axis=1),
        "departement": pd.concat([_lovac_departement_level(lovac_dep, year), rpls_levels["departement"]], axis=1),
    }
    for key in COMMUNE_GROUPS:
        groups = communal.sum_by(
            lovac_sums.assign(**{key: communes[key]}).dropna(subset=[key]),
            key,
            ["parc", "vacants", "vacants_2ans", "secret"],
        )
        levels[key] = pd.concat([_lovac_level(groups), rpls_levels[key]], axis=1)
    for level, frame in levels.items():
        frame["loyer_m2"] = loyer_levels[level]
        frame.index.name = "code"
    return ThemeTables(levels=levels)


def _flag_series_breaks(ctx: BuildContext, tidy: pd.DataFrame, year: int) -> None:
    """Every series break of the département file, in the manifest; the figures of the build use ``year``."""
    labels = {"vacants": "logements privés vacants", "vacants_2ans": "logements privés vacants depuis 2 ans ou plus"}
    for column, label in labels.items():
        for found in series_breaks(tidy, column):
            change = str(found["variation_pct"]).replace(".", ",")
            ctx.files.flag(
                "lovac_departements",
                "rupture de série",
                f"{label} : total national {found['millesime']} différent de {change} % de celui de "
                f"{found['millesime_precedent']} (seuil {BREAK_THRESHOLD * 100:.0f} %) ; changement de méthode "
                f"probable, aucune évolution calculée à travers cette rupture ; chiffres affichés : millésime {year}",
                [str(found["millesime"])],
                **found,
            )
