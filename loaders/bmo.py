"""France Travail « Besoins en main-d'œuvre » (BMO) survey: recruitment projects by métier × bassin ×
département.

Each yearly workbook has one row per métier, bassin d'emploi and département with three counts: projects (``met``),
projects judged difficult (``xmet``) and seasonal projects (``smet``). Small counts are replaced by ``*``
(statistical secrecy). Secret cells stay missing here and are counted wherever they are summed, so a total always says
how many cells it could not include.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from loaders.readers import drop_exact_duplicates, read_excel, require_unique, secret_mask, to_number
from loaders.schema import DEPARTEMENT_PATTERN, pad_departement, validate

COUNTS = ("met", "xmet", "smet")
# Occupation nomenclature of each survey year's « Code métier BMO ».
NOMENCLATURE = {2023: "FAP 2009", 2024: "FAP 2021", 2025: "FAP 2021"}

TIDY_SCHEMA = pa.DataFrameSchema(
    {
        "annee": pa.Column("float64"),
        "metier": pa.Column(str, pa.Check.str_matches(r"^[A-Z][A-Z0-9]{2}\d{2}$")),
        "metier_libelle": pa.Column(str),
        "departement": pa.Column(str, pa.Check.str_matches(DEPARTEMENT_PATTERN)),
        "bassin": pa.Column(str, pa.Check.str_matches(r"^\d{3,4}$")),
        "bassin_nom": pa.Column(str, nullable=True),
        **{c: pa.Column("float64", pa.Check.ge(0), nullable=True) for c in COUNTS},
        **{f"{c}_secret": pa.Column(bool) for c in COUNTS},
    },
    strict=True,
)


def parse_bmo(path: Path, year: int) -> tuple[pd.DataFrame, int]:
    """Tidy rows of one BMO workbook and the number of verbatim duplicate rows removed.

    The data sheet is ``BMO_<year>_open_data``; the bassin columns are ``BE<yy>``/``NOMBE<yy>``.
    """
    path = Path(path)
    bassin, bassin_name = f"BE{year % 100:02d}", f"NOMBE{year % 100:02d}"
    required = ["annee", "Code métier BMO", "Nom métier BMO", "Dept", bassin, bassin_name, *COUNTS]
    raw = read_excel(path, required, sheet=f"BMO_{year}_open_data")
    raw, duplicates = drop_exact_duplicates(raw[required])
    tidy = pd.DataFrame(
        {
            "annee": to_number(raw, "annee", path),
            "metier": raw["Code métier BMO"].str.strip(),
            "metier_libelle": raw["Nom métier BMO"].str.strip(),
            "departement": pad_departement(raw["Dept"]),
            "bassin": raw[bassin].str.strip(),
            "bassin_nom": raw[bassin_name].str.strip(),
            **{c: to_number(raw, c, path) for c in COUNTS},
            **{f"{c}_secret": secret_mask(raw, c) for c in COUNTS},
        },
        index=raw.index,
    )
    require_unique(tidy, ["metier", "bassin", "departement"], path)
    schema = TIDY_SCHEMA.update_columns({"annee": {"checks": [pa.Check.eq(year)]}})
    source_columns = {
        "metier": "Code métier BMO",
        "metier_libelle": "Nom métier BMO",
        "departement": "Dept",
        "bassin": bassin,
        "bassin_nom": bassin_name,
    }
    tidy = validate(schema, tidy, path, source_columns)
    return tidy.astype({"annee": "int64"}), duplicates


def totals(tidy: pd.DataFrame, by: str | list[str]) -> pd.DataFrame:
    """Sums of the published cells per group, with the number of secret cells behind each sum.

    ``met``/``xmet``/``smet`` add the published cells only (NaN when every cell of the group is secret);
    ``<count>_secret`` counts the cells withheld, so a reader knows each total is a lower bound.
    """
    grouped = tidy.groupby(by, sort=True)
    secrets = [f"{c}_secret" for c in COUNTS]
    return grouped[list(COUNTS)].sum(min_count=1).join(grouped[secrets].sum().astype("int64"))


def share_bounds(tidy: pd.DataFrame, by: str, part: str) -> pd.DataFrame:
    """Share of ``part`` (``xmet`` or ``smet``) in the projects, per group, in %, and the range secrecy leaves.

    ``part``: Σ part / Σ met over the cells where both are published, so numerator and denominator cover the same
    cells (dropping a secret numerator while keeping its projects in the denominator made territories with many
    secret cells, often rural, look lower). ``min``/``max``: over every cell whose projects are published, a secret
    ``part`` cell counted as 0 or as all of its projects; the true share lies between them. ``secret``: cells
    withheld (secret projects plus secret ``part`` cells), as before.
    """
    met, value = tidy["met"], tidy[part]
    both = met.notna() & value.notna()
    frame = pd.DataFrame(
        {
            by: tidy[by],
            "num": value.where(both),
            "den": met.where(both),
            "known_met": met,
            "known_part": value.where(met.notna()),
            "hidden": met.where(met.notna() & value.isna()),
            "secret": tidy["met_secret"].astype("int64") + tidy[f"{part}_secret"].astype("int64"),
        }
    )
    sums = frame.groupby(by, sort=True)[["num", "den", "known_met", "known_part", "hidden"]].sum(min_count=1)
    total = sums["known_met"].where(sums["known_met"] > 0)
    low = sums["known_part"].fillna(0) / total * 100
    return pd.DataFrame(
        {
            "part": sums["num"] / sums["den"].where(sums["den"] > 0) * 100,
            "min": low,
            "max": low + sums["hidden"].fillna(0) / total * 100,
            "secret": frame.groupby(by, sort=True)["secret"].sum().astype("int64"),
        }
    )


def comparable_bassins(first: pd.DataFrame, latest: pd.DataFrame) -> tuple[pd.Index, pd.Index]:
    """Bassins whose perimeter is taken as unchanged between two surveys, and those that are not comparable.

    The surveys give no commune composition per year, only which bassins each département holds. A bassin is
    comparable when it appears in both surveys and every département it lies in (in either survey) holds exactly
    the same bassin codes in both: a new bassin (Monaco in the Alpes-Maritimes), a bassin that leaves or enters a
    département, means communes moved between the bassins of that département (Cannes -77 % beside Nice +29 %).
    """
    zonings = [t.drop_duplicates(["departement", "bassin"])[["departement", "bassin"]] for t in (first, latest)]
    codes = [z.groupby("departement")["bassin"].agg(frozenset) for z in zonings]
    departements = codes[0].index.union(codes[1].index)
    changed = {d for d in departements if codes[0].get(d) != codes[1].get(d)}
    both = pd.concat(zonings)
    in_changed = set(both.loc[both["departement"].isin(changed), "bassin"])
    everywhere = pd.Index(sorted(set(both["bassin"])))
    in_both = set(zonings[0]["bassin"]) & set(zonings[1]["bassin"])
    comparable = everywhere[everywhere.isin(in_both) & ~everywhere.isin(in_changed)]
    return comparable, everywhere.difference(comparable)


def metiers_table(tidy: pd.DataFrame, level: str, key: str) -> pd.DataFrame:
    """Per-territory × métier counts for one survey year: the rows pages use for the top métiers of a territory."""
    sums = totals(tidy, [key, "metier"])
    labels = tidy.drop_duplicates("metier").set_index("metier")["metier_libelle"]
    table = sums.reset_index().rename(columns={key: "code"})
    year = int(tidy["annee"].iloc[0])
    table.insert(0, "niveau", level)
    table.insert(0, "nomenclature", NOMENCLATURE.get(year, ""))
    table.insert(0, "annee", year)
    table.insert(table.columns.get_loc("metier") + 1, "metier_libelle", table["metier"].map(labels))
    return table
