"""Jobseekers registered at France Travail (STMT), monthly 2020-2024, as extracted by Data For Good.

One long file mixes three levels in its ``codgeo`` column: communes of 5,000 inhabitants or more (five characters),
départements (« 01 », « 971 ») and régions (« reg84 »). Months are written in French without accents
(« decembre_2024 »). The file does not say which categories it counts (A, or A, B and C): the figures are for
comparing territories with one another, and the catalogue says so. Communes under 5,000 inhabitants are absent:
they stay missing, never 0.

Some codes appear twice in a month with different counts (Saint-Denis 93066 with 14,020 and 3,550: seemingly the
parts of a commune merged since, but identical repeats exist too, so adding them up would be a guess). Such a
territory's month is left missing and flagged ``en_conflit``, and the build reports it.

Some small communes carry a neighbour's count (Mousson, 54390, 102 inhabitants, listed with 1,310 jobseekers).
``implausible`` catches them at load time: a count above the commune's population, or, for a commune below the
file's own scope (5,000 inhabitants), a rate per inhabitant far above those of the communes it is meant to cover.
Such values are excluded, listed in the manifest with their reason, and shown as missing.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from loaders import communal
from loaders.cog import CommuneCodes
from loaders.errors import SourceError
from loaders.readers import drop_exact_duplicates, file_line, read_csv, to_number
from loaders.schema import DEPARTEMENT_PATTERN, validate

MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "janvier",
            "fevrier",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "aout",
            "septembre",
            "octobre",
            "novembre",
            "decembre",
        ),
        start=1,
    )
}
REGION_PATTERN = r"^reg\d{2}$"
# The file's own scope, whose communes serve as the reference of plausible rates.
SCOPE_POPULATION = 5_000
# A rate more than this many median absolute deviations above the reference median is implausible for a commune
# below the scope (the miscoded rows sit at 390 per 1,000 and more, the reference median near 90).
MAX_DEVIATIONS = 10

SCHEMA = pa.DataFrameSchema(
    {
        "niveau": pa.Column("string", pa.Check.isin(["commune", "departement", "region"])),
        "code_source": pa.Column("string"),
        "commune": pa.Column("string", nullable=True),
        "mois": pa.Column("string", pa.Check.str_matches(r"^\d{4}-\d{2}$")),
        "demandeurs": pa.Column(float, pa.Check.ge(0), nullable=True),
        "en_conflit": pa.Column(bool),
    },
    unique=["code_source", "mois"],
)


def _without_accents(text: pd.Series) -> pd.Series:
    return text.map(
        lambda value: (
            unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode() if isinstance(value, str) else value
        )
    ).astype("string")


def _months(raw: pd.DataFrame, path: Path) -> pd.Series:
    """« decembre_2024 » (or « décembre_2024 ») → « 2024-12 »; anything else names its line."""
    parts = _without_accents(raw["YEAR"].astype("string").str.strip().str.lower()).str.extract(r"^([a-z]+)_(\d{4})$")
    number = parts[0].map(MONTHS)
    bad = number.isna()
    if bad.any():
        position = int(bad.to_numpy().nonzero()[0][0])
        raise SourceError(
            path,
            f"mois « {raw['YEAR'].iloc[position]} » illisible (attendu par exemple « decembre_2024 »)",
            line=file_line(raw, position),
            column="YEAR",
        )
    return (parts[1] + "-" + number.astype("Int64").astype("string").str.zfill(2)).astype("string")


def _levels(raw: pd.DataFrame, path: Path) -> pd.Series:
    code = raw["codgeo"].astype("string").str.strip()
    level = pd.Series(pd.NA, index=raw.index, dtype="string")
    level = level.mask(code.str.fullmatch(communal.COMMUNE_PATTERN).fillna(False).astype(bool), "commune")
    level = level.mask(code.str.fullmatch(DEPARTEMENT_PATTERN).fillna(False).astype(bool), "departement")
    level = level.mask(code.str.fullmatch(REGION_PATTERN).fillna(False).astype(bool), "region")
    if level.isna().any():
        position = int(level.isna().to_numpy().nonzero()[0][0])
        raise SourceError(
            path,
            f"code « {code.iloc[position]} » : ni commune, ni département, ni région",
            line=file_line(raw, position),
            column="codgeo",
        )
    return level


def parse_demandeurs(path: Path, codes: CommuneCodes) -> tuple[pd.DataFrame, int]:
    """One row per territory and month, with its level and, for communes, the current commune code; and the number
    of rows read. A territory listed twice in a month with different counts keeps no count for that month
    (``en_conflit``); identical repeats are dropped."""
    raw, duplicates = drop_exact_duplicates(read_csv(path, ["codgeo", "YEAR", "Demandeurs_Emploi"]))
    level = _levels(raw, path)
    code = raw["codgeo"].astype("string").str.strip()
    tidy = pd.DataFrame(
        {
            "niveau": level,
            "code_source": code,
            "commune": codes.to_current(code).where(level == "commune"),
            "mois": _months(raw, path),
            "demandeurs": to_number(raw, "Demandeurs_Emploi", path),
        },
        index=raw.index,
    )
    tidy["en_conflit"] = tidy.duplicated(["code_source", "mois"], keep=False)
    tidy = tidy.drop_duplicates(["code_source", "mois"])
    tidy["demandeurs"] = tidy["demandeurs"].mask(tidy["en_conflit"])
    tidy = validate(SCHEMA, tidy, path, {"code_source": "codgeo", "mois": "YEAR", "demandeurs": "Demandeurs_Emploi"})
    return tidy, len(raw) + duplicates


def latest(tidy: pd.DataFrame, level: str) -> tuple[pd.Series, str]:
    """Jobseekers of the latest month at ``level`` (``commune``: current codes, merged communes added up;
    ``departement``), and that month."""
    month = str(tidy["mois"].max())
    rows = tidy[(tidy["mois"] == month) & (tidy["niveau"] == level)]
    key = "commune" if level == "commune" else "code_source"
    return communal.sum_by(rows.dropna(subset=[key]), key, ["demandeurs"])["demandeurs"], month


def conflicts(tidy: pd.DataFrame, month: str) -> list[str]:
    """Codes listed more than once with different counts in ``month`` (left without a count)."""
    return sorted(tidy.loc[tidy["en_conflit"] & (tidy["mois"] == month), "code_source"])


def implausible(counts: pd.Series, population: pd.Series) -> pd.DataFrame:
    """Commune counts that cannot be the commune's own, with the reason in French (index: commune code):
    a count above the population, or, for a commune under ``SCOPE_POPULATION`` inhabitants (outside the file's
    scope), a rate per 1,000 more than ``MAX_DEVIATIONS`` median absolute deviations above the median rate of the
    communes within the scope. Communes within the scope are never excluded on their rate alone (Réunion's
    high rates are real)."""
    people = population.reindex(counts.index)
    rate = counts / people.where(people > 0) * 1000
    reference = rate[(people >= SCOPE_POPULATION) & (counts <= people)].dropna()
    median = float(reference.median()) if len(reference) else float("nan")
    deviation = float((reference - median).abs().median()) if len(reference) else float("nan")
    ceiling = median + MAX_DEVIATIONS * deviation
    above_population = counts > people
    far_above = ~above_population & (people < SCOPE_POPULATION) & (rate > ceiling)
    reasons = pd.Series(pd.NA, index=counts.index, dtype="string")
    reasons[above_population] = "effectif supérieur à la population de la commune"
    reasons[far_above] = (
        f"commune de moins de {SCOPE_POPULATION // 1000} 000 habitants (hors du champ du fichier) au taux "
        f"supérieur à {ceiling:.0f} pour 1 000 habitants, soit plus de {MAX_DEVIATIONS} écarts absolus médians "
        f"au-dessus de la médiane ({median:.0f}) des communes de {SCOPE_POPULATION // 1000} 000 habitants ou plus"
    )
    found = reasons.dropna()
    return pd.DataFrame({"raison": found, "demandeurs": counts[found.index], "population": people[found.index]})
