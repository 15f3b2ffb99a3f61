"""ROME métiers → FAP 2009 families (DARES correspondence), written as ``geodata/rome_fap.parquet``.

Offers and household projects name a métier by its ROME v3 code; the dashboard groups them by family (FAP 2009
« famille professionnelle détaillée », the nomenclature of BMO 2023) with this table. The correspondence is not
one-to-one: 201 of the 531 ROME codes belong to two or three families (a ROME code does not say the level of
qualification, a FAP family does), so the table keeps one row per (ROME, family) pair and lets whoever declares an
offer say which family it is. Family and domain labels come from DARES's list of FAP 2009 titles.

Sources (ids in ``config.toml``): ``fap_rome_2009`` (DARES, FAP 225 × ROME v3) and ``fap_2009_intitules``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from loaders.context import BuildContext, ThemeTables
from loaders.errors import SourceError
from loaders.readers import read_csv, require_unique
from loaders.schema import validate

CORRESPONDENCE_SOURCE = "fap_rome_2009"
TITLES_SOURCE = "fap_2009_intitules"
TABLE = "rome_fap"
# DARES marks some ROME titles with one or two asterisks (no legend in the file); they are not part of the title.
_ASTERISKS = r"\s*\*+\s*$"
_CORRESPONDENCE_COLUMNS = ["Fap", "Rome", "intitule_rome"]
_TITLE_COLUMNS = {
    "Code FAP détaillées": "fap",
    "FAP détaillées": "fap_libelle",
    "Code domaines professionnels": "domaine",
    "domaines professionnels": "domaine_libelle",
}

SCHEMA = pa.DataFrameSchema(
    {
        "rome": pa.Column(str, pa.Check.str_matches(r"^[A-N]\d{4}$")),
        "rome_libelle": pa.Column(str, pa.Check.str_length(min_value=2)),
        "fap": pa.Column(str, pa.Check.str_matches(r"^[A-X]\d[A-Z]\d{2}$")),
        "fap_libelle": pa.Column(str, pa.Check.str_length(min_value=2)),
        "domaine": pa.Column(str, pa.Check.str_matches(r"^[A-X]$")),
        "domaine_libelle": pa.Column(str, pa.Check.str_length(min_value=2)),
    },
    strict=True,
)


def parse_titles(path: Path) -> pd.DataFrame:
    """FAP 2009 detailed families with their title and professional domain, indexed by family code."""
    raw = read_csv(path, list(_TITLE_COLUMNS), sep=";")
    titles = raw[list(_TITLE_COLUMNS)].rename(columns=_TITLE_COLUMNS).apply(lambda c: c.str.strip())
    require_unique(titles, ["fap"], path)
    return titles.set_index("fap")


def parse_correspondence(path: Path, titles: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """One row per (ROME, family) pair with both titles; also the rows read and the asterisks removed. Families
    without a ROME (the self-employed, written ``NA``) are left out; a family missing from ``titles`` is an error."""
    raw = read_csv(path, _CORRESPONDENCE_COLUMNS, sep=";", encoding="cp1252")
    rows_read = len(raw)
    raw = raw.apply(lambda column: column.str.strip())
    pairs = raw[raw["Rome"].notna() & (raw["Rome"] != "NA")]
    unknown = ~pairs["Fap"].isin(titles.index)
    if unknown.any():
        line = int(pairs.index[unknown.to_numpy().nonzero()[0][0]])
        raise SourceError(
            path, f"famille « {pairs.loc[line, 'Fap']} » absente de la liste des FAP 2009", line=line, column="Fap"
        )
    marked = pairs["intitule_rome"].str.contains(_ASTERISKS, regex=True)
    tidy = pd.DataFrame(
        {
            "rome": pairs["Rome"],
            "rome_libelle": pairs["intitule_rome"].str.replace(_ASTERISKS, "", regex=True),
            "fap": pairs["Fap"],
        },
        index=pairs.index,
    ).join(titles, on="fap")
    require_unique(tidy, ["rome", "fap"], path)
    source_columns = {"rome": "Rome", "rome_libelle": "intitule_rome", "fap": "Fap"}
    tidy = validate(SCHEMA, tidy.astype(str), path, source_columns)
    return tidy.sort_values(["rome", "fap"]).reset_index(drop=True), rows_read, int(marked.sum())


def build(ctx: BuildContext) -> ThemeTables:
    """The ``rome_fap`` table; no indicator."""
    titles = parse_titles(ctx.path(TITLES_SOURCE))
    ctx.record(TITLES_SOURCE, rows_read=len(titles), rows_kept=len(titles))
    table, rows_read, marked = parse_correspondence(ctx.path(CORRESPONDENCE_SOURCE), titles)
    shared = int((table.groupby("rome")["fap"].transform("size") > 1).groupby(table["rome"]).first().sum())
    ctx.record(
        CORRESPONDENCE_SOURCE,
        rows_read=rows_read,
        rows_kept=len(table),
        note=f"{table['rome'].nunique()} codes ROME, dont {shared} rattachés à plusieurs familles FAP ; "
        f"{marked} libellés ROME suivis d'astérisques dans le fichier (retirés du libellé)",
    )
    return ThemeTables(extras={TABLE: table})
