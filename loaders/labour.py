"""Theme « emploi »: turn the labour sources into indicators per département, bassin d'emploi and commune.

Sources (ids in ``config.toml``): BMO 2023-2025 recruitment projects, the commune → bassin table, DARES tension 2019,
Pôle emploi tension classes 2021 by bassin × ROME métier,
INSEE unemployment rates by département and by zone d'emploi, the INSEE zones d'emploi composition, and France
Travail's registered jobseekers (communes of 5,000 inhabitants or more, départements). Per-inhabitant rates divide
by the build's reference population (``ctx.population_of``): census 2021 for communes and bassins (sum of their
communes), INSEE's estimate at 1 January 2021 for départements, the figures the « population » column shows.
"""

from __future__ import annotations

import pandas as pd

from loaders import bmo, jobseekers, tensions, tensions_bassin, unemployment, zoning
from loaders.context import BuildContext, ThemeTables

BMO_YEARS = (2023, 2024, 2025)
FIRST_YEAR, LATEST_YEAR = 2023, 2025
BMO_SOURCE = "bmo_{year}"
BASSINS_SOURCE = zoning.BASSINS_SOURCE
TENSIONS_SOURCE = "dares_tensions_2019"
TENSIONS_BASSIN_SOURCE = "tensions_bassin_rome_2021"
TENSIONS_BASSIN_YEAR = 2021
CHOMAGE_DEPARTEMENTS_SOURCE = "chomage_departements"
CHOMAGE_ZONES_SOURCE = "chomage_zones_emploi"
ZONES_EMPLOI_SOURCE = "zones_emploi_2020"
JOBSEEKERS_SOURCE = "demandeurs_emploi"


def build(ctx: BuildContext) -> ThemeTables:
    """Indicators of the theme at each level, the per-métier BMO table and the bassin polygons."""
    surveys = {year: _read_bmo(ctx, year) for year in BMO_YEARS}
    commune_bassin, bassin_names = _read_bassins(ctx, surveys[LATEST_YEAR])
    population = ctx.population_of("commune")
    departement_population = ctx.population_of("departement")
    bassin_population = ctx.population_of("bassin")

    departement = bmo_indicators(surveys, "departement", departement_population)
    departement = departement.join(_read_tensions(ctx), how="outer")
    departement = departement.join(_read_chomage_departements(ctx), how="outer")
    bassin = bmo_indicators(surveys, "bassin", bassin_population)
    comparable, not_comparable = bmo.comparable_bassins(surveys[FIRST_YEAR], surveys[LATEST_YEAR])
    bassin.loc[bassin.index.isin(not_comparable), "bmo_evolution_2023_2025"] = float("nan")
    ctx.files.flag(
        BMO_SOURCE.format(year=LATEST_YEAR),
        "non comparable",
        f"évolution {FIRST_YEAR}-{LATEST_YEAR} par bassin laissée sans valeur : bassin absent de l'une des deux "
        "enquêtes, ou situé dans un département dont les bassins ont changé entre les deux zonages (périmètre "
        "modifié)",
        list(not_comparable),
    )
    known_bassins = bassin.index.union(pd.Index(commune_bassin.unique()))
    bassin = bassin.join(_read_tensions_bassin(ctx, known_bassins), how="outer")
    commune = _read_chomage_communes(ctx)
    jobseekers_levels = _read_jobseekers(ctx, {"commune": population, "departement": departement_population})
    departement = departement.join(jobseekers_levels["departement"], how="outer")
    commune = commune.join(jobseekers_levels["commune"], how="left")

    metiers = pd.concat(
        [bmo.metiers_table(tidy, level, level) for tidy in surveys.values() for level in ("departement", "bassin")],
        ignore_index=True,
    )
    shapes = zoning.zone_shapes(ctx.communes, commune_bassin, bassin_names)
    return ThemeTables(
        levels={"departement": departement, "bassin": bassin, "commune": commune},
        extras={"bmo_metiers": metiers, "bassins": shapes},
    )


def bmo_indicators(surveys: dict[int, pd.DataFrame], key: str, population: pd.Series) -> pd.DataFrame:
    """BMO indicators per territory of ``key`` (``departement`` or ``bassin``), with secret-cell counts.

    Sums cover published cells only; every ``__secret`` column says how many cells were withheld from the figure.
    """
    latest = bmo.totals(surveys[LATEST_YEAR], key)
    first = bmo.totals(surveys[FIRST_YEAR], key)
    first = first.reindex(latest.index.union(first.index))
    latest = latest.reindex(first.index)
    people = population.reindex(latest.index)
    table = pd.DataFrame(
        {
            "bmo_projets": latest["met"],
            "bmo_projets__secret": latest["met_secret"],
            "bmo_projets_pour_1000": latest["met"] / people.where(people > 0) * 1000,
            "bmo_projets_pour_1000__secret": latest["met_secret"],
            **_share_columns("bmo_part_difficiles", bmo.share_bounds(surveys[LATEST_YEAR], key, "xmet")),
            **_share_columns("bmo_part_saisonniers", bmo.share_bounds(surveys[LATEST_YEAR], key, "smet")),
            "bmo_evolution_2023_2025": (latest["met"] / first["met"].where(first["met"] > 0) - 1) * 100,
            "bmo_evolution_2023_2025__secret": latest["met_secret"] + first["met_secret"],
        },
        index=latest.index,
    )
    secret_columns = [c for c in table.columns if c.endswith("__secret")]
    table[secret_columns] = table[secret_columns].fillna(0).astype("int64")
    table.index.name = "code"
    return table


def _share_columns(column: str, bounds: pd.DataFrame) -> dict[str, pd.Series]:
    """A BMO share (on the cells where both counts are published), the bounds secrecy leaves around it
    (``__min``/``__max``, companions like ``__secret``) and the number of cells withheld from it."""
    return {
        column: bounds["part"],
        f"{column}__min": bounds["min"],
        f"{column}__max": bounds["max"],
        f"{column}__secret": bounds["secret"],
    }


def _read_bmo(ctx: BuildContext, year: int) -> pd.DataFrame:
    source = BMO_SOURCE.format(year=year)
    tidy, duplicates = bmo.parse_bmo(ctx.path(source), year)
    secrets = {c: int(tidy[f"{c}_secret"].sum()) for c in bmo.COUNTS}
    ctx.record(
        source,
        rows_read=len(tidy) + duplicates,
        rows_kept=len(tidy),
        note=f"cellules secrètes (*) : met {secrets['met']}, xmet {secrets['xmet']}, smet {secrets['smet']} ; "
        f"lignes en double retirées : {duplicates}",
    )
    return tidy


def _read_bassins(ctx: BuildContext, latest: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Commune → bassin of every current commune, and bassin names (BMO's own, else the mapping's)."""
    bassins = ctx.bassins
    not_in_table = sorted(set(latest["bassin"]) - set(bassins.of_commune))
    ctx.record(
        BASSINS_SOURCE,
        note=f"bassins BMO {LATEST_YEAR} absents de la table (ni population ni contour) : "
        f"{', '.join(not_in_table) or 'aucun'}",
    )
    names = latest.drop_duplicates("bassin").set_index("bassin")["bassin_nom"]
    return bassins.of_commune, names.combine_first(bassins.names)


def _read_tensions(ctx: BuildContext) -> pd.DataFrame:
    tidy, rows_read = tensions.parse_dares_tensions(ctx.path(TENSIONS_SOURCE))
    by_departement = tensions.departement_tension(tidy)
    missing = int(by_departement["sans_valeur"].sum())
    ctx.record(
        TENSIONS_SOURCE,
        rows_read=rows_read,
        rows_kept=len(tidy),
        note=f"lignes département × FAP 225 sans valeur de tension : {missing}",
    )
    return by_departement.rename(columns={"tension": "dares_tension_2019", "sans_valeur": "dares_tension_2019__secret"})


def _read_tensions_bassin(ctx: BuildContext, bassins: pd.Index) -> pd.DataFrame:
    """Share of high-tension métiers per bassin; codes that are neither BMO bassins nor in the commune → bassin
    table are reported and left out."""
    tidy, rows_read = tensions_bassin.parse_tensions_bassin_rome(ctx.path(TENSIONS_BASSIN_SOURCE), TENSIONS_BASSIN_YEAR)
    by_bassin = tensions_bassin.bassin_high_tension(tidy)
    unknown = sorted(set(by_bassin.index) - set(bassins))
    without = sorted(set(bassins) - set(by_bassin.index))
    ctx.record(
        TENSIONS_BASSIN_SOURCE,
        rows_read=rows_read,
        rows_kept=int(tidy["bassin"].isin(bassins).sum()),
        unmapped_codes=unknown,
        note=f"bassins absents du fichier (sans valeur) : {', '.join(without) or 'aucun'} ; "
        f"métiers sans classe de tension : {int(by_bassin['sans_classe'].sum())}",
    )
    kept = by_bassin.loc[by_bassin.index.isin(bassins), ["part_forte", "metiers"]]
    return kept.rename(
        columns={"part_forte": "tension_bassin_part_forte_2021", "metiers": "tension_bassin_metiers_2021"}
    )


def _record_rates(ctx: BuildContext, source: str, rates: pd.DataFrame, quarter: str) -> None:
    """The manifest line of an unemployment-rate file (départements or zones d'emploi): both are read the same way,
    one rate (``taux``) per row of the latest quarter, so their lines say the same things."""
    ctx.record(
        source, rows_read=len(rates), rows_kept=int(rates["taux"].notna().sum()), note=f"dernier trimestre : {quarter}"
    )


def _read_chomage_departements(ctx: BuildContext) -> pd.DataFrame:
    tidy, quarter = unemployment.parse_chomage_departements(ctx.path(CHOMAGE_DEPARTEMENTS_SOURCE))
    _record_rates(ctx, CHOMAGE_DEPARTEMENTS_SOURCE, tidy, quarter)
    return tidy.set_index("code")[["taux"]].rename(columns={"taux": "chomage_departement"})


def _read_jobseekers(ctx: BuildContext, population: dict[str, pd.Series]) -> dict[str, pd.DataFrame]:
    """Registered jobseekers of the latest month and per 1,000 inhabitants, for communes (5,000 inhabitants or
    more only) and départements."""
    tidy, rows_read = jobseekers.parse_demandeurs(ctx.path(JOBSEEKERS_SOURCE), ctx.codes)
    frames, month = {}, ""
    for level, people in population.items():
        counts, month = jobseekers.latest(tidy, level)
        if level == "commune":
            counts = counts.reindex(people.index)
            excluded = jobseekers.implausible(counts, people)
            counts[excluded.index] = float("nan")
            for reason, rows in excluded.groupby("raison"):
                ctx.files.flag(
                    JOBSEEKERS_SOURCE,
                    "exclusion",
                    f"valeur invraisemblable écartée, affichée comme manquante : {reason}",
                    sorted(rows.index),
                    valeurs={code: int(v) for code, v in rows["demandeurs"].items()},
                )
        frames[level] = pd.DataFrame(
            {
                "demandeurs_emploi": counts,
                "demandeurs_emploi_pour_1000_hab": counts / people.reindex(counts.index).where(lambda p: p > 0) * 1000,
            }
        )
        frames[level].index.name = "code"
    used = (tidy["mois"] == month) & (tidy["niveau"] != "region")
    ctx.record(
        JOBSEEKERS_SOURCE,
        rows_read=rows_read,
        rows_kept=int(used.sum()),
        unmapped_codes=ctx.codes.unmapped(tidy.loc[tidy["niveau"] == "commune", "code_source"]),
        note=f"dernier mois retenu : {month} ; catégories de demandeurs (A ou A, B, C) non précisées par le "
        "fichier ; communes de 5 000 habitants ou plus seulement, les autres restent sans valeur ; "
        f"codes listés plusieurs fois avec des effectifs différents, laissés sans valeur : "
        f"{', '.join(jobseekers.conflicts(tidy, month)) or 'aucun'}",
    )
    return frames


def _read_chomage_communes(ctx: BuildContext) -> pd.DataFrame:
    """Each current commune gets the rate of its zone d'emploi (the rate is a zone figure, labelled as such)."""
    rates, quarter = unemployment.parse_chomage_zones(ctx.path(CHOMAGE_ZONES_SOURCE))
    _record_rates(ctx, CHOMAGE_ZONES_SOURCE, rates, quarter)
    composition = zoning.parse_zones_emploi(ctx.path(ZONES_EMPLOI_SOURCE), ctx.codes)
    no_rate = sorted(set(composition.loc[composition["commune"].notna(), "zone"]) - set(rates["code"]))
    commune_zone = zoning.zones_of_communes(
        ctx.files,
        ZONES_EMPLOI_SOURCE,
        composition,
        ctx.communes,
        "zone d'emploi",
        note=f"zones sans taux de chômage publié : {', '.join(no_rate) or 'aucune'}",
    )
    rate = commune_zone.map(rates.set_index("code")["taux"]).astype("float64")
    frame = pd.DataFrame({"chomage_zone_emploi": rate}).reindex(sorted(ctx.communes["code"]))
    frame.index.name = "code"
    return frame
