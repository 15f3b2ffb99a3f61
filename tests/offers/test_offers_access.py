"""Who may do what, decided in the domain: identities → roles (verified e-mails only), the role × object matrix run
against the real store functions on SQLite and PostgreSQL, and the configuration of accounts in ``[roles]``."""

from __future__ import annotations

import re

import pytest
from offers_support import (
    COMMUNE_15,
    COMMUNES,
    DEPARTEMENTS,
    EMPLOYER_15,
    IDENTITIES,
    LANDLORD_15,
    LANDLORD_48,
    METIERS,
    ORIGINS,
    ROLES,
    TODAY,
    add_households,
    csv_file,
    housing_row,
    job_row,
    project_row,
    signed_in,
)

from emile.config import DEFAULT_CONFIG_PATH, ConfigError, parse_config
from emile.offers import projects
from emile.offers import store as offer_store
from emile.offers.access import AccessDeniedError, principal_for
from emile.offers.importer import declare_form, import_file

CONTEXT = {"communes": COMMUNES, "metiers": METIERS, "today": TODAY}
PROJECT_CONTEXT = {"metiers": METIERS, "departements": DEPARTEMENTS, "origins": ORIGINS, "today": TODAY}


# ---------------------------------------------------------------------------------------------------------------------
# Identities


def claims(**values):
    return {"is_logged_in": True, "email_verified": True, **values}


@pytest.mark.parametrize("verified", [None, False, "true", 1])
def test_an_identity_counts_only_when_its_email_is_verified_exactly(verified):
    identity = claims(email="agent@cantal-habitat.fr")
    identity.pop("email_verified")
    if verified is not None:
        identity["email_verified"] = verified
    assert principal_for(identity, ROLES).role == "public"
    assert principal_for(claims(email="agent@dihal.gouv.fr", email_verified=verified), ROLES).role == "public"


def test_accounts_are_found_by_email_domain_or_claim_and_a_planner_comes_first():
    assert signed_in("planificateur").role == "planificateur"
    landlord = signed_in("bailleur_15")
    assert (landlord.role, landlord.account, landlord.departements) == ("bailleur", "CANTAL_HABITAT", {"15"})
    assert signed_in("bailleur_48").account == "LOZERE_HAB"  # by domain
    assert signed_in("employeur_15").account == "EHPAD_AURILLAC"  # by claim
    assert signed_in("operateur_acsc").account == "ACSC"  # by domain
    assert principal_for(claims(email="AGENT@Cantal-Habitat.fr"), ROLES).account == "CANTAL_HABITAT"
    assert principal_for(claims(email="visiteur@example.org"), ROLES).role == "public"
    assert principal_for({"is_logged_in": False, "email": "agent@dihal.gouv.fr"}, ROLES).role == "public"


def test_an_identity_named_by_two_accounts_alike_gets_neither_but_an_email_beats_a_domain():
    double = ROLES.model_copy(
        update={"offerers": [*ROLES.offerers, LANDLORD_48.model_copy(update={"code": "AUTRE", "emails": []})]}
    )
    assert principal_for(claims(email="x@lozere-hab.fr"), double).role == "public"
    precise = ROLES.model_copy(
        update={
            "offerers": [
                *ROLES.offerers,
                LANDLORD_15.model_copy(update={"code": "AUTRE", "emails": ["a@lozere-hab.fr"]}),
            ]
        }
    )
    assert principal_for(claims(email="a@lozere-hab.fr"), precise).account == "AUTRE"


# ---------------------------------------------------------------------------------------------------------------------
# Role × object matrix

EVERYONE = tuple(IDENTITIES)
ALLOWED = {
    "logement: lire": {"planificateur", "bailleur_15"},
    "logement: changer le statut": {"planificateur", "bailleur_15"},
    "logement: déclarer pour Cantal Habitat": {"planificateur", "bailleur_15"},
    "logement: retirer le fichier": {"planificateur", "bailleur_15"},
    "logement: historique": {"planificateur", "bailleur_15"},
    "emploi: lire": {"planificateur", "employeur_15"},
    "emploi: changer le statut": {"planificateur", "employeur_15"},
    "emploi: déclarer pour l'EHPAD": {"planificateur", "employeur_15"},
    "ménages d'Aurore: lire": {"planificateur", "operateur_aurore"},
    "projets d'Aurore: lire": {"planificateur", "operateur_aurore"},
    "projets d'Aurore: enregistrer": {"planificateur", "operateur_aurore"},
    "journal: lire": {"planificateur"},
    "imports: lister": {"planificateur", "bailleur_15"},
}


def _seed(store):
    landlord, employer, planner = signed_in("bailleur_15"), signed_in("employeur_15"), signed_in("planificateur")
    content = csv_file("logement", [housing_row("LGT-1")])
    assert import_file(store, landlord, LANDLORD_15, "logement", content, "f.csv", max_bytes=10**6, **CONTEXT).ok
    assert declare_form(store, employer, EMPLOYER_15, "emploi", job_row("EMP-1"), **CONTEXT).ok
    add_households(store, "AURORE", ["M-1", "M-2"])
    done = projects.declare_project_form(store, planner, "AURORE", project_row("M-1"), **PROJECT_CONTEXT)
    assert done.ok, done.errors
    offer_ids = {
        kind: int(offer_store.offers(store, planner, kind, today=TODAY)["id"].iloc[0])
        for kind in ("logement", "emploi")
    }
    import_id = int(offer_store.imports(store, planner)["id"].iloc[0])
    return offer_ids, import_id


def _outcomes(store, principal, offer_ids, import_id) -> dict[str, bool]:
    """Run every action as ``principal`` and say whether it went through (an empty answer counts as refused)."""

    def visible(kind: str) -> bool:
        return offer_ids[kind] in set(offer_store.offers(store, principal, kind, today=TODAY)["id"])

    def status(kind: str) -> bool:
        offer_store.change_status(
            store, principal, kind, offer_ids[kind], "propose", date=TODAY, communes=COMMUNES, today=TODAY
        )
        return True

    actions = {
        "logement: lire": lambda: visible("logement"),
        "logement: changer le statut": lambda: status("logement"),
        "logement: déclarer pour Cantal Habitat": lambda: (
            declare_form(store, principal, LANDLORD_15, "logement", housing_row("LGT-X"), **CONTEXT).ok
        ),
        "logement: retirer le fichier": lambda: (
            offer_store.withdraw_import(store, principal, import_id, today=TODAY) >= 0
        ),
        "logement: historique": lambda: (
            not offer_store.history(store, principal, "logement", offer_ids["logement"]).empty
        ),
        "emploi: lire": lambda: visible("emploi"),
        "emploi: changer le statut": lambda: status("emploi"),
        "emploi: déclarer pour l'EHPAD": lambda: (
            declare_form(store, principal, EMPLOYER_15, "emploi", job_row("EMP-X"), **CONTEXT).ok
        ),
        "ménages d'Aurore: lire": lambda: not projects.households_of(store, principal, "AURORE").empty,
        "projets d'Aurore: lire": lambda: "M-1" in set(projects.projects(store, principal, "AURORE")["external_id"]),
        "projets d'Aurore: enregistrer": lambda: (
            projects.declare_project_form(store, principal, "AURORE", project_row("M-2"), **PROJECT_CONTEXT).ok
        ),
        "journal: lire": lambda: not offer_store.audit_log(store, principal).empty,
        "imports: lister": lambda: import_id in set(offer_store.imports(store, principal)["id"]),
    }
    outcomes = {}
    for name, action in actions.items():
        try:
            outcomes[name] = bool(action())
        except AccessDeniedError:
            outcomes[name] = False
    return outcomes


@pytest.mark.parametrize("who", EVERYONE)
def test_role_object_matrix(store, who):
    offer_ids, import_id = _seed(store)
    principal = signed_in(who)
    expected = {action: who in allowed for action, allowed in ALLOWED.items()}
    assert _outcomes(store, principal, offer_ids, import_id) == expected


def test_offerers_declare_only_the_kinds_of_their_role_and_in_their_departements(store):
    commune, employer, landlord_48 = signed_in("commune_15"), signed_in("employeur_15"), signed_in("bailleur_48")
    assert declare_form(store, commune, COMMUNE_15, "logement", housing_row(type_bailleur="commune"), **CONTEXT).ok
    assert declare_form(store, commune, COMMUNE_15, "emploi", job_row(), **CONTEXT).ok
    with pytest.raises(AccessDeniedError):
        declare_form(store, employer, EMPLOYER_15, "logement", housing_row(), **CONTEXT)
    with pytest.raises(AccessDeniedError):
        declare_form(store, signed_in("bailleur_15"), LANDLORD_15, "emploi", job_row(), **CONTEXT)
    outside = declare_form(store, landlord_48, LANDLORD_48, "logement", housing_row(), **CONTEXT)
    assert [(e.column, e.expected) for e in outside.errors] == [("commune", "une commune de vos départements (48)")]
    with pytest.raises(AccessDeniedError):
        offer_store.offers(store, signed_in("public"), "logement", today=TODAY)


def test_a_planner_changes_an_offer_anywhere_but_an_offerer_never_another_ones(store):
    offer_ids, _ = _seed(store)
    with pytest.raises(AccessDeniedError):
        offer_store.change_status(
            store,
            signed_in("commune_15"),
            "logement",
            offer_ids["logement"],
            "retire",
            date=TODAY,
            communes=COMMUNES,
            today=TODAY,
        )
    assert offer_store.history(store, signed_in("bailleur_15"), "logement", offer_ids["logement"])[
        "status"
    ].tolist() == ["disponible"]


# ---------------------------------------------------------------------------------------------------------------------
# Configuration

SHIPPED = DEFAULT_CONFIG_PATH.read_text(encoding="utf-8")
ROLES_LINE = 'valeur_claim_planificateur = "planificateur"'


def with_roles(extra: str) -> str:
    assert ROLES_LINE in SHIPPED
    return SHIPPED.replace(ROLES_LINE, ROLES_LINE + "\n" + extra)


def test_accounts_are_read_from_french_keys():
    config = parse_config(
        with_roles(
            '[[roles.operateurs]]\ncode = "AURORE"\ndomaines = ["aurore.asso.fr"]\n'
            '[[roles.offreurs]]\ncode = "CANTAL_HABITAT"\nnom = "Cantal Habitat"\nrole = "bailleur"\n'
            'departements = ["15"]\nclaim = "emile_compte"\nvaleur_claim = "CANTAL_HABITAT"\n'
        )
    )
    assert config.roles.operators[0].domains == ["aurore.asso.fr"]
    account = config.roles.offerer("CANTAL_HABITAT")
    assert (account.name, account.role, account.departements, account.claim_value) == (
        "Cantal Habitat",
        "bailleur",
        ["15"],
        "CANTAL_HABITAT",
    )
    assert config.roles.planner_claim == "emile_role"  # the planner mapping keeps working


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            '[[roles.offreurs]]\ncode = "DEMO_B15"\nnom = "x"\nrole = "bailleur"\ndepartements = ["15"]\n',
            "réservé aux données fictives",
        ),
        (
            '[[roles.offreurs]]\ncode = "B15"\nnom = "x"\nrole = "proprietaire"\ndepartements = ["15"]\n',
            "roles.offreurs[0].role",
        ),
        (
            '[[roles.offreurs]]\ncode = "B15"\nnom = "x"\nrole = "bailleur"\ndepartements = []\n',
            "roles.offreurs[0].departements",
        ),
        (
            '[[roles.offreurs]]\ncode = "B15"\nnom = "x"\nrole = "bailleur"\ndepartements = ["15"]\nclaim = "c"\n',
            "ensemble",
        ),
        ('[[roles.operateurs]]\ncode = "INCONNU"\nemails = ["a@b.fr"]\n', "roles.operateurs[0].code"),
        ('[[roles.operateurs]]\ncode = "AURORE"\n[[roles.operateurs]]\ncode = "AURORE"\n', "codes en double : AURORE"),
        (
            '[[roles.offreurs]]\ncode = "B15"\nnom = "x"\nrole = "bailleur"\ndepartements = ["15"]\nemail = "a"\n',
            "clé inconnue",
        ),
    ],
)
def test_account_mistakes_are_named_in_french(extra, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_config(with_roles(extra))


def test_a_real_operator_can_never_be_coded_like_the_demo_one():
    shipped_operator = '[[placements.operateurs]]\ncode = "ACSC"'
    assert shipped_operator in SHIPPED
    demo_like = SHIPPED.replace(shipped_operator, '[[placements.operateurs]]\ncode = "DEMO"', 1)
    with pytest.raises(ConfigError, match="placements.operateurs\\[0\\].code.*réservé aux données fictives"):
        parse_config(demo_like)
