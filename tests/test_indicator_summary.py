"""Key figures: the territory's value beside the median, missing written out, unknown columns skipped."""

import math

import pandas as pd

from emile.formatting import MISSING
from emile.indicators.summary import key_figures


def test_value_and_median_are_formatted_with_unit_count_and_vintage():
    values = [8.26, 10.0, 9.0, 11.0, 12.0, math.nan]
    table = pd.DataFrame({"lovac_taux_vacance": values}, index=["15", "48", "46", "25", "49", "75"])
    [figure] = key_figures(table, "15", ("lovac_taux_vacance", "absent_du_tableau"))
    assert figure.value == "8,3\u00a0%"
    assert figure.median == "10,0\u00a0% (5)"  # median of the five known values, the missing one ignored
    assert figure.vintage.startswith("LOVAC")


def test_no_median_is_shown_from_fewer_than_five_values():
    table = pd.DataFrame({"lovac_taux_vacance": [8.0, 10.0, 12.0]}, index=["15", "48", "46"])
    assert key_figures(table, "15", ("lovac_taux_vacance",))[0].median == "non calculée (3 valeurs)"


def test_missing_value_is_said_not_zero():
    table = pd.DataFrame({"lovac_taux_vacance": [math.nan, 10.0]}, index=["15", "48"])
    assert key_figures(table, "15", ("lovac_taux_vacance",))[0].value == MISSING
