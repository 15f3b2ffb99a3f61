"""Place names as a French reader expects them, from names written in capitals by statistical files."""

import pytest

from emile.place_names import french_title, of_place, official_spellings, proper_name

SPELLINGS = official_spellings(["Saint-Flour", "Aurillac", "Bourg-en-Bresse", "L'Isle-Jourdain", "Mauriac"])


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("SAINT FLOUR", "Saint-Flour"),
        ("ST FLOUR", "Saint-Flour"),
        ("AURILLAC", "Aurillac"),
        ("BOURG-EN-BRESSE", "Bourg-en-Bresse"),
        ("L'ISLE JOURDAIN", "L'Isle-Jourdain"),
        ("VAL DE SAONE", "Val de Saone"),
        ("PAYS D'AUGE", "Pays d'Auge"),
        ("Mende", "Mende"),  # already written by hand: left alone
    ],
)
def test_names_in_capitals_get_the_commune_spelling_or_french_title_case(written, expected):
    assert proper_name(written, SPELLINGS) == expected


def test_title_case_keeps_small_words_low_but_not_at_the_start():
    assert french_title("LE PUY EN VELAY") == "Le Puy en Velay"
    assert french_title("LES SABLES D'OLONNE") == "Les Sables d'Olonne"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Saint-Flour", "de Saint-Flour"),
        ("Aurillac", "d'Aurillac"),
        ("Le Puy-en-Velay", "du Puy-en-Velay"),
        ("Les Sables-d'Olonne", "des Sables-d'Olonne"),
        ("La Flèche", "de La Flèche"),
        ("Épinal", "d'Épinal"),
    ],
)
def test_of_place_contracts_and_elides_as_french_does(name, expected):
    assert of_place(name) == expected
