"""The « Carte » view as a link: what goes in comes back out, and a bad link falls back to defaults."""

import pytest

from emile.indicators import get
from emile.maps import state as ms

DEPARTEMENTS = {"15", "48", "75"}
COMMUNES = {"15187": "15", "48150": "48"}


def _round_trip(state: ms.MapState) -> ms.MapState:
    return ms.from_params(state.to_params(), DEPARTEMENTS, COMMUNES)


@pytest.mark.parametrize(
    "state",
    [
        ms.MapState(),
        ms.MapState(method="seuils_naturels").with_indicator("emploi", "dares_tension_2019"),
        ms.MapState().in_departement("15", "15187").with_indicator("services", "distance_gare_km"),
        ms.MapState(method="intervalles_egaux").in_departement("48"),
    ],
)
def test_a_state_survives_the_link(state):
    assert _round_trip(state) == state


def test_defaults_are_left_out_of_the_link():
    assert ms.MapState().to_params() == {"niveau": "departements"}
    state = ms.MapState().with_indicator("emploi", ms.DEFAULT_INDICATORS[ms.NATIONAL]["emploi"])
    assert state.to_params() == {"niveau": "departements"}


def test_every_default_indicator_exists_at_its_level():
    for level, chosen in ms.DEFAULT_INDICATORS.items():
        for theme, indicator_id in chosen.items():
            assert get(indicator_id).theme == theme
            assert indicator_id in ms.indicator_options(level, theme)


def test_a_commune_alone_opens_its_departement():
    state = ms.from_params({"commune": "48150"}, DEPARTEMENTS, COMMUNES)
    assert (state.level, state.departement, state.commune) == (ms.COMMUNES, "48", "48150")


def test_bad_values_fall_back_to_defaults():
    state = ms.from_params(
        {"dep": "99", "commune": "00000", "emploi": "inconnu", "classes": "au_hasard", "logement": "bmo_projets"},
        DEPARTEMENTS,
        COMMUNES,
    )
    assert state == ms.MapState()


def test_a_commune_outside_the_departement_is_dropped():
    state = ms.from_params({"dep": "15", "commune": "48150"}, DEPARTEMENTS, COMMUNES)
    assert (state.departement, state.commune) == ("15", None)


def test_indicators_of_the_other_level_are_dropped_when_changing_level():
    national = ms.MapState().with_indicator("emploi", "bmo_part_difficiles").with_indicator("logement", "loyer_m2")
    inside = national.in_departement("15")
    assert inside.indicator("emploi") == "chomage_zone_emploi"  # BMO is not published per commune
    assert inside.indicator("logement") == "loyer_m2"
    assert inside.national().indicator("logement") == "loyer_m2"


def test_indicators_missing_from_the_snapshot_are_neither_offered_nor_kept():
    columns = {ms.NATIONAL: {"lovac_taux_vacance", "loyer_m2"}, ms.COMMUNES: {"loyer_m2"}}
    assert ms.available_options(ms.NATIONAL, "logement", columns[ms.NATIONAL]) == ["lovac_taux_vacance", "loyer_m2"]
    state = ms.from_params({"logement": "rpls_taux_vacance", "services": "loyer_m2"}, DEPARTEMENTS, COMMUNES, columns)
    assert state == ms.MapState()
    assert ms.from_params({"logement": "loyer_m2"}, DEPARTEMENTS, COMMUNES, columns).indicator("logement") == "loyer_m2"


EPCI_OF = {"200066660": ("15",), "200069045": ("48", "12")}


def test_the_epci_view_survives_the_link_and_drops_an_epci_of_another_departement():
    state = ms.MapState().in_departement("15").in_epci_view("15", "200066660")
    params = state.to_params()
    assert params == {"niveau": "epci", "dep": "15", "epci": "200066660"}
    assert ms.from_params(params, DEPARTEMENTS, COMMUNES, epci_departements=EPCI_OF) == state
    elsewhere = ms.from_params({**params, "dep": "48"}, DEPARTEMENTS, COMMUNES, epci_departements=EPCI_OF)
    assert (elsewhere.level, elsewhere.departement, elsewhere.epci) == (ms.EPCI, "48", None)
    # No emploi figure is published by EPCI: that map has no indicator rather than one of another level.
    assert state.indicator("emploi") is None and state.indicator("logement") == "lovac_taux_vacance"
