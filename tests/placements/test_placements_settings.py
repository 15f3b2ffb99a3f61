"""The [placements] settings, the cost estimate (never built on a missing figure) and the role mapping."""

from __future__ import annotations

import math

import pytest

from emile.config import HYPOTHESIS, ConfigError, CostParameter, RoleMapping, load_config, parse_config
from emile.placements.costs import estimate, parameters_table
from emile.placements.roles import role_for

BASE = """
[territoires]
pilotes_2019 = ["15"]
accueil = []
[territoires.origines]
departements = ["75"]
"""


def test_project_config_has_valid_placement_settings():
    settings = load_config().placements
    assert settings.suppression_threshold >= 2
    assert {o.code for o in settings.operators} >= {"AURORE", "ACSC"}
    for parameter in settings.costs.values():
        assert parameter.source, "every cost parameter names its source or the hypothesis marker"
        if parameter.value is None:
            assert parameter.source == HYPOTHESIS


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ("[placements]\nseuil_secret = 1", "placements.seuil_secret"),
        ("[placements]\nseuil = 5", "placements.seuil"),
        ('[placements.objectifs.departements]\n"99" = 3', "placements.objectifs.departements"),
        ('[placements.couts.x]\nlibelle = "x"\nunite = "€"\nvaleur = -2', "placements.couts.x.valeur"),
    ],
)
def test_errors_name_the_faulty_key_in_french(table, key):
    with pytest.raises(ConfigError, match=f"clé « {key}"):
        parse_config(BASE + table)


def parameters(**values):
    return {
        key: CostParameter(
            label=key, unit="€", value=value, source="source publique" if value is not None else HYPOTHESIS
        )
        for key, value in values.items()
    }


def test_estimate_is_not_computed_while_a_parameter_is_a_hypothesis():
    result = estimate(
        120,
        40,
        parameters(
            cout_nuitee_hebergement_idf=None, nuitees_evitees_par_personne=365, cout_accompagnement_par_menage=1000
        ),
    )
    assert result.value is None and result.missing == ("cout_nuitee_hebergement_idf",)
    table = parameters_table(parameters(cout_nuitee_hebergement_idf=None))
    assert table["value"].isna().all() and table["source"].tolist() == [HYPOTHESIS]


def test_estimate_with_every_parameter_filled_in():
    result = estimate(
        10,
        4,
        parameters(
            cout_nuitee_hebergement_idf=20.0, nuitees_evitees_par_personne=100, cout_accompagnement_par_menage=500
        ),
    )
    assert math.isclose(result.value, 10 * 100 * 20.0 - 4 * 500)


def test_estimate_is_not_computed_on_hidden_counts():
    result = estimate(
        None,
        None,
        parameters(
            cout_nuitee_hebergement_idf=20.0, nuitees_evitees_par_personne=100, cout_accompagnement_par_menage=500
        ),
    )
    assert result.value is None and "masqué" in result.missing[0]


ROLES = RoleMapping(
    planner_emails=["Agent@Dihal.gouv.fr"],
    planner_domains=["prefecture.gouv.fr"],
    planner_claim="groups",
    planner_claim_value="emile-planificateurs",
)


VERIFIED = {"is_logged_in": True, "email_verified": True}


@pytest.mark.parametrize(
    ("claims", "role"),
    [
        (None, "public"),
        ({"is_logged_in": False}, "public"),
        ({**VERIFIED, "email": "agent@dihal.gouv.fr"}, "planificateur"),
        ({**VERIFIED, "email": "x@prefecture.gouv.fr"}, "planificateur"),
        ({**VERIFIED, "email": "x@evil-prefecture.gouv.fr"}, "public"),
        ({**VERIFIED, "email": "x@example.org", "groups": ["emile-planificateurs"]}, "planificateur"),
        ({**VERIFIED, "email": "x@example.org", "groups": "autre"}, "public"),
    ],
)
def test_roles_come_from_email_domain_or_claim(claims, role):
    assert role_for(claims, ROLES) == role


@pytest.mark.parametrize("verified", ["absent", False, "false", "true", 0, 1, None, "True"])
@pytest.mark.parametrize(
    "identity",
    [
        {"email": "agent@dihal.gouv.fr"},
        {"email": "x@prefecture.gouv.fr"},
        {"email": "x@example.org", "groups": ["emile-planificateurs"]},
    ],
    ids=["e-mail", "domaine", "claim"],
)
def test_no_role_without_an_email_verified_exactly_true(identity, verified):
    claims = {"is_logged_in": True, **identity}
    if verified != "absent":
        claims["email_verified"] = verified
    assert role_for(claims, ROLES) == "public"
