"""Finding a commune as people type it: accents, case, hyphens optional, or the INSEE code."""

import pandas as pd
import pytest

from emile import commune_search
from emile.commune_search import normalise, search

COMMUNES = pd.DataFrame(
    {
        "code": ["15187", "48150", "2A004", "15014", "75056", "42218"],
        "nom": ["Saint-Flour", "Saint-Flour-de-Mercoire", "Ajaccio", "Aurillac", "Paris", "Saint-Étienne"],
        "departement": ["15", "48", "2A", "15", "75", "42"],
        "population": [6_500, 170, 71_000, 25_000, 2_100_000, 171_000],
    }
)


@pytest.mark.parametrize("query", ["Saint-Flour", "saint flour", "SAINT FLOUR", "St-Flour", "15187", " saint-flour "])
def test_the_three_forms_find_saint_flour_first(query):
    assert search(COMMUNES, query)["code"].iloc[0] == "15187"


def test_a_name_finds_every_commune_that_starts_with_it_exact_first():
    assert list(search(COMMUNES, "saint flour")["code"]) == ["15187", "48150"]


def test_accents_are_optional_both_ways():
    assert list(search(COMMUNES, "saint etienne")["code"]) == ["42218"]
    assert list(search(COMMUNES, "Aurillâc")["code"]) == ["15014"]


def test_names_containing_the_query_come_after_those_starting_with_it():
    assert list(search(COMMUNES, "flour")["code"]) == ["15187", "48150"]
    assert list(search(COMMUNES, "saint")["code"]) == ["42218", "15187", "48150"]  # by population


def test_corsican_code_and_unknown_code():
    assert list(search(COMMUNES, "2a004")["code"]) == ["2A004"]
    assert search(COMMUNES, "99999").empty


def test_nothing_typed_or_nothing_found_gives_an_empty_table():
    assert search(COMMUNES, "").empty and search(COMMUNES, " - ").empty
    assert search(COMMUNES, "Trifouilly").empty


def test_normalise():
    assert normalise("L'Haÿ-les-Roses") == "l hay les roses"
    assert normalise("Ste  Marie") == "sainte marie"


def test_real_communes_table_finds_the_three_forms():
    from emile.geography import load_communes

    communes = load_communes()[["code", "nom", "departement", "population"]]
    keys = commune_search.search_key(communes["nom"])
    for query in ("Saint-Flour", "saint flour", "15187"):
        found = search(communes, query, keys)
        assert (found["code"].iloc[0], found["nom"].iloc[0]) == ("15187", "Saint-Flour"), query
