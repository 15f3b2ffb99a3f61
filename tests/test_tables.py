"""What a table sends to the browser: the French writing of its numbers (Streamlit replaces each cell by the value
the Styler formatted, found by the cell's id), and the word for a missing value."""

from __future__ import annotations

import pandas as pd
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.elements.lib.pandas_styler_utils import marshall_styler
from streamlit.proto.ArrowData_pb2 import ArrowData

from emile.formatting import MISSING
from ui.tables import french_style


def sent_to_browser(frame: pd.DataFrame, decimals: dict[str, int] | None = None) -> pd.DataFrame:
    proto = ArrowData()
    marshall_styler(proto, french_style(frame, decimals), "test")
    return convert_arrow_bytes_to_pandas_df(proto.styler.display_values)


def test_numbers_reach_the_browser_written_in_french():
    frame = pd.DataFrame({"Score total": [2723.6663, None], "Ménages": [33, 29]}, index=["Optimisation", "Glouton"])
    shown = sent_to_browser(frame, {"Score total": 1})
    assert shown["Score total"].tolist() == ["2\u202f723,7", MISSING]
    assert shown["Ménages"].tolist() == ["33", "29"]
