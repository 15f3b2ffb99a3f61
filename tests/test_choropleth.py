"""Classes, colours and legend of the « Carte » maps: they must agree with each other and with the values."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emile.formatting import MISSING
from emile.maps import classes as choropleth
from emile.maps.classes import GREY as MISSING_COLOUR
from emile.maps.classes import classify

VALUES = pd.Series(
    [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 10.0, 20.0, np.nan, np.nan], index=[f"c{i}" for i in range(12)]
)


@pytest.mark.parametrize("method", list(choropleth.METHODS))
def test_legend_counts_match_the_colours_of_the_territories(method):
    result = classify(VALUES, method, "emploi", "%")
    assert result.missing == 2
    assert result.legend[-1] == choropleth.LegendEntry(MISSING, MISSING_COLOUR, 2, MISSING)
    drawn = result.colours.map(tuple).value_counts()
    for entry in result.legend:
        assert drawn[entry.colour] == entry.count
    assert sum(e.count for e in result.entries) == VALUES.notna().sum()
    # Classes are ordered: every value of a class is below every value of the next one.
    for lower, upper in zip(range(len(result.entries) - 1), range(1, len(result.entries))):
        assert VALUES[result.classes == lower].max() < VALUES[result.classes == upper].min()


def test_quantiles_with_ties_give_fewer_classes_and_say_so():
    result = classify(VALUES, "quantiles", "logement", "%")
    assert [e.count for e in result.entries] == [5, 1, 2, 2]
    assert [e.label for e in result.entries] == ["0\u00a0%", "1\u00a0%", "2 à 3\u00a0%", "10 à 20\u00a0%"]


def test_equal_intervals_drop_empty_classes_from_the_legend():
    result = classify(VALUES, "intervalles_egaux", "services", "km")
    # Bounds 4, 8, 12, 16, 20: only the first, third and fifth classes hold territories.
    assert [e.count for e in result.entries] == [8, 1, 1]
    assert result.entries[0].colour == choropleth.PALETTES["services"].steps[0]
    assert result.entries[-1].colour == choropleth.PALETTES["services"].steps[-1]


def test_fisher_jenks_separates_the_outliers():
    result = classify(VALUES, "seuils_naturels", "emploi", "projets")
    assert result.classes["c9"] == len(result.entries) - 1 and result.entries[-1].count == 1


def test_no_value_at_all_gives_only_the_missing_entry():
    result = classify(pd.Series([np.nan, np.nan], index=["a", "b"]), "quantiles", "emploi", "%")
    assert result.entries == () and result.legend == (choropleth.LegendEntry(MISSING, MISSING_COLOUR, 2, MISSING),)


def test_a_single_value_is_one_class_written_once():
    result = classify(pd.Series([4.1, 4.1, np.nan]), "seuils_naturels", "emploi", "%")
    assert [(e.label, e.count) for e in result.entries] == [("4,1\u00a0%", 2)]


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="inconnue"):
        classify(VALUES, "au_hasard", "emploi", "%")


def test_palettes_go_from_light_to_dark_and_keep_their_ends():
    for theme, palette in choropleth.PALETTES.items():
        steps = palette.steps
        brightness = [sum(c) for c in steps]
        assert brightness == sorted(brightness, reverse=True), theme
        assert palette.missing not in steps
        five = choropleth.palette(theme, 5)
        assert five[0] == steps[0] and five[-1] == steps[-1] and len(set(five)) == 5


# Published indicators have at most four decimals (classes.MAX_DECIMALS): values are drawn at that precision.
@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: round(v, 4))), min_size=1, max_size=60
    ),
    st.sampled_from(list(choropleth.METHODS)),
    st.integers(2, 7),
)
def test_every_territory_is_in_exactly_one_legend_entry(values, method, classes):
    series = pd.Series([np.nan if v is None else v for v in values], dtype="float64")
    result = classify(series, method, "logement", "%", classes)
    assert sum(e.count for e in result.legend) == len(series)
    assert len(result.entries) <= classes
    assert len({e.label for e in result.entries}) == len(result.entries)  # labels tell classes apart
