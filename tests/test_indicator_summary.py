"""Key figures: the territory's value beside the median, missing written out, unknown columns skipped, and the range
secrecy leaves around a share written wherever the share is."""

import math

import pandas as pd

from emile.briefing.model import KeyFigure
from emile.briefing.text import figure_cells
from emile.formatting import MISSING
from emile.indicators import get
from emile.indicators.bounds import range_texts
from emile.indicators.summary import key_figures
from emile.medians import Median


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


def test_a_share_is_shown_with_the_range_secrecy_leaves():
    table = pd.DataFrame(
        {
            "bmo_part_difficiles": [65.08, 40.0],
            "bmo_part_difficiles__min": [54.58, 40.0],
            "bmo_part_difficiles__max": [70.71, 40.0],
        },
        index=["15", "48"],
    )
    cantal, lozere = (key_figures(table, code, ("bmo_part_difficiles",))[0] for code in ("15", "48"))
    assert cantal.value == "65,1\u00a0% (secret : entre 54,6 et 70,7\u00a0%)"
    assert lozere.value == "40,0\u00a0%"  # no secret cell: no range


def test_briefing_and_map_write_the_same_range():
    medians = Median(50.0, 101), Median(51.0, 12)
    figure = KeyFigure("bmo_part_difficiles", "Part", "%", "BMO 2025", "bmo_2025", 65.08, *medians, 3, 54.58, 70.71)
    assert figure_cells(figure)[1].endswith("(54,6-70,7)")
    table = pd.DataFrame(
        {"bmo_part_difficiles": [65.08], "bmo_part_difficiles__min": [54.58], "bmo_part_difficiles__max": [70.71]},
        index=["15"],
    )
    assert range_texts(table, "bmo_part_difficiles", get("bmo_part_difficiles").unit)["15"].startswith(
        " (secret : entre 54,6"
    )
