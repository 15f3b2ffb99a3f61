"""Tables as a French reader expects them: a hidden or missing cell says so in words instead of Streamlit's None."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd


def spelled_out(frame: pd.DataFrame, missing_words: Mapping[str, str]) -> pd.DataFrame:
    """A copy where each column named in ``missing_words`` shows its word (e.g. « masqué ») in empty cells and
    whole numbers elsewhere. For display only: the columns become text."""
    shown = frame.copy()
    for column, word in missing_words.items():
        shown[column] = [word if pd.isna(v) else f"{int(v)}" for v in frame[column]]
    return shown
