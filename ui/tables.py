"""Tables as a French reader expects them: numbers written by ``emile.formatting.number`` (decimal comma, narrow
no-break spaces) and a missing cell said in words, the same on every page.

The numbers are formatted through a pandas Styler, so that a click on a column header still sorts by value; missing
cells use Streamlit's ``placeholder``, which replaces the « None » it writes otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from emile.formatting import MISSING, number


def decimals_for(values: pd.Series) -> int:
    """Whole numbers without decimals; otherwise one decimal for values of 10 or more, two below, three for
    scores between 0 and 1."""
    present = pd.to_numeric(values, errors="coerce").dropna()
    if present.empty or np.allclose(present, present.round()):
        return 0
    size = present.abs().median()
    return 1 if size >= 10 else 2 if size >= 1 else 3


def french_style(frame: pd.DataFrame, decimals: Mapping[str, int] | None = None, missing: str = MISSING):
    """``frame`` as a Styler whose numeric columns are written in French (``decimals`` per column, else
    ``decimals_for``); other columns are left as they are."""
    chosen = dict(decimals or {})
    formatters = {}
    for column in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column]):
            places = chosen.get(column, decimals_for(frame[column]))
            formatters[column] = lambda value, places=places: number(value, places) if pd.notna(value) else missing
    # Streamlit finds each formatted value by its cell's id (« row3_col1 »): without ids the browser would get the
    # raw numbers, written the English way.
    return Styler(frame).format(formatters, na_rep=missing)


def dataframe(
    frame: pd.DataFrame, *, decimals: Mapping[str, int] | None = None, missing: str = MISSING, **options: Any
) -> Any:
    """``st.dataframe`` with French numbers and ``missing`` (« non disponible », or « masqué » for a suppressed
    count) in empty cells."""
    return st.dataframe(french_style(frame, decimals, missing), placeholder=missing, **options)


def spelled_out(frame: pd.DataFrame, missing_words: Mapping[str, str]) -> pd.DataFrame:
    """A copy where each column named in ``missing_words`` shows its word (e.g. « masqué ») in empty cells and
    whole numbers elsewhere. For display only: the columns become text."""
    shown = frame.copy()
    for column, word in missing_words.items():
        shown[column] = [word if pd.isna(v) else f"{int(v)}" for v in frame[column]]
    return shown
