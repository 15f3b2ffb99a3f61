"""Find a commune by name or INSEE code the way people type it: accents, case, hyphens and apostrophes optional
(« Saint-Flour », « saint flour », « ST FLOUR » and « 15187 » all find Saint-Flour)."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

MAX_RESULTS = 12
_SEPARATORS = re.compile(r"[\s\-'’_.,/]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def normalise(text: str) -> str:
    """Lower case, no accents, words separated by single spaces, « st »/« ste » spelled out."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = [_ABBREVIATIONS.get(word, word) for word in _SEPARATORS.split(plain) if word]
    return " ".join(words)


def search_key(names: pd.Series) -> pd.Series:
    """The normalised names, computed once for the whole table and reused by every search."""
    return names.map(normalise)


def search(communes: pd.DataFrame, query: str, keys: pd.Series | None = None, limit: int = MAX_RESULTS) -> pd.DataFrame:
    """Communes matching ``query`` (columns of ``communes`` kept, best first): an INSEE code, else the exact name,
    then names starting with the query, then names containing it; ties by decreasing population."""
    text = query.strip()
    if not text:
        return communes.iloc[0:0]
    code = text.upper()
    if re.fullmatch(r"\d[\dAB]\d{3}", code):
        return communes[communes["code"] == code].head(limit)
    wanted = normalise(text)
    if not wanted:
        return communes.iloc[0:0]
    keys = search_key(communes["nom"]) if keys is None else keys
    rank = pd.Series(3, index=communes.index)
    rank[keys.str.contains(wanted, regex=False)] = 2
    rank[keys.str.startswith(wanted)] = 1
    rank[keys == wanted] = 0
    found = communes.assign(_rank=rank, _population=communes.get("population", 0))[rank < 3]
    ordered = found.sort_values(["_rank", "_population"], ascending=[True, False], na_position="last")
    return ordered.drop(columns=["_rank", "_population"]).head(limit)
