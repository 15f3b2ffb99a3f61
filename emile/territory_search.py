"""Find a commune or an EPCI the way an elected official types it: « saint flour » finds the commune Saint-Flour
and Saint-Flour Communauté, « 15187 » the commune by its INSEE code, « 200066660 » the EPCI by its SIREN.

One table holds both kinds (``territories``); the matching rules are the commune search's
(``emile.commune_search``: accents, case, hyphens and « st » optional; exact name, then names starting with the
query, then names containing it; ties by decreasing population).
"""

from __future__ import annotations

import re

import pandas as pd

from emile import commune_search

COMMUNE = "commune"
EPCI = "epci"
KIND_LABELS = {COMMUNE: "commune", EPCI: "EPCI"}


def territories(communes: pd.DataFrame, epci: pd.DataFrame) -> pd.DataFrame:
    """Communes (code, nom, departement, population) and EPCI (code, nom, departement = main one, population) in
    one table with a ``type`` column."""
    columns = ["code", "nom", "departement", "population"]
    return pd.concat(
        [pd.DataFrame(communes[columns]).assign(type=COMMUNE), pd.DataFrame(epci[columns]).assign(type=EPCI)],
        ignore_index=True,
    )


def search(
    table: pd.DataFrame, query: str, keys: pd.Series | None = None, limit: int = commune_search.MAX_RESULTS
) -> pd.DataFrame:
    """Rows of ``table`` (from ``territories``) matching ``query``, best first: a SIREN of nine digits finds its
    EPCI, anything else is searched like a commune name or code."""
    text = query.strip()
    if re.fullmatch(r"\d{9}", text):
        return table[(table["type"] == EPCI) & (table["code"] == text)].head(limit)
    return commune_search.search(table, text, keys, limit)


def label(row: pd.Series) -> str:
    """« Saint-Flour (commune, 15187, dép. 15) », as a list of results shows it."""
    return f"{row['nom']} ({KIND_LABELS[row['type']]}, {row['code']}, dép. {row['departement']})"
