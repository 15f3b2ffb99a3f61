"""Key figures: the territory's value beside the median, missing written out, unknown columns skipped."""

import math

import pandas as pd

from emile.formatting import MISSING
from emile.indicators.summary import key_figures


def test_value_and_median_are_formatted_with_unit_and_vintage():
    table = pd.DataFrame({"lovac_taux_vacance": [8.26, 10.0, math.nan]}, index=["15", "48", "75"])
    [figure] = key_figures(table, "15", ("lovac_taux_vacance", "absent_du_tableau"))
    assert figure.value == "8,3\u00a0%"
    assert figure.median == "9,1\u00a0%"  # median of the two known values, the missing one ignored
    assert figure.vintage.startswith("LOVAC")


def test_missing_value_is_said_not_zero():
    table = pd.DataFrame({"lovac_taux_vacance": [math.nan, 10.0]}, index=["15", "48"])
    assert key_figures(table, "15", ("lovac_taux_vacance",))[0].value == MISSING
