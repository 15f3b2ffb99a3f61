"""Household projects recorded by their operator, by form and by file, on SQLite and PostgreSQL: the stored project,
its update with an audit row, and the bad inputs named by row and column."""

from __future__ import annotations

import datetime as dt

import pytest
from offers_support import DEPARTEMENTS, METIERS, ORIGINS, TODAY, add_households, project_row, signed_in

from emile.offers import projects, templates
from emile.offers import store as offer_store
from emile.uploads.reading import SEPARATOR
from emile.uploads.template import column_names

CONTEXT = {"metiers": METIERS, "departements": DEPARTEMENTS, "origins": ORIGINS, "today": TODAY}


def record(store, values, operator="AURORE", who="operateur_aurore"):
    return projects.declare_project_form(store, signed_in(who), operator, values, **CONTEXT)


def test_an_operator_records_a_project_and_updates_it(store):
    add_households(store, "AURORE", ["M-1"])
    done = record(
        store,
        project_row(
            metier_2="F1703",
            enfants_0_2="1",
            departements_exclus="48 03",
            voeu_2="49",
            suivi_sante="oui",
        ),
    )
    assert done.ok, done.errors
    stored = projects.projects(store, signed_in("operateur_aurore")).iloc[0]
    assert stored[["external_id", "rome_1", "rome_2", "rome_3", "adults"]].tolist() == [
        "M-1",
        "J1501",
        "F1703",
        None,
        1,
    ]
    assert (stored["children_0_2"], stored["children_6_10"], stored["children_15_17"]) == (1, 2, 0)
    assert stored["vetoed_departements"] == ["03", "48"]
    assert (stored["wish_1"], stored["wish_2"], stored["wish_3"]) == ("15", "49", None)
    assert bool(stored["health_follow_up"]) and stored["earliest_move"] == dt.date(2025, 9, 1)
    assert (stored["status"], stored["status_date"], bool(stored["is_demo"])) == ("pret", TODAY, False)
    same = record(
        store,
        project_row(metier_2="F1703", enfants_0_2="1", departements_exclus="03 48", voeu_2="49", suivi_sante="oui"),
    )
    assert (same.rows_added, same.rows_changed, same.rows_unchanged) == (0, 0, 1)
    moved = record(store, project_row(statut="oriente"))
    assert moved.rows_changed == 1
    log = offer_store.audit_log(store, signed_in("planificateur"))
    assert log["action"].tolist() == ["modification", "creation"] and set(log["entity"]) == {"projet"}
    assert log.iloc[0]["changes"]["status"] == ["pret", "oriente"]
    assert log.iloc[0]["changes"]["rome_2"] == ["F1703", None]


@pytest.mark.parametrize(
    ("overrides", "column", "expected"),
    [
        ({"metier_1": "J9999"}, "metier_1", "un code ROME de la nomenclature"),
        ({"metier_1": ""}, "metier_1", "une valeur (colonne obligatoire)"),
        ({"metier_2": "J1501"}, "metier_2", "un métier différent des précédents"),
        ({"adultes": "0"}, "adultes", "entre 1 et 20 adultes"),
        ({"enfants_3_5": "deux"}, "enfants_3_5", "un nombre entier positif ou nul"),
        ({"voeu_1": "93"}, "voeu_1", "pas une zone d'origine"),
        ({"voeu_2": "15"}, "voeu_2", "différent des vœux précédents"),
        ({"departements_exclus": "15"}, "voeu_1", "n'est pas exclu par le ménage"),
        ({"departements_exclus": "48,99"}, "departements_exclus", "inconnus : 99"),
        ({"voeu_1": "20"}, "voeu_1", "un département existant"),
        ({"voeu_1": "Cantal"}, "voeu_1", "un code de département"),
        ({"demenagement_des_le": "2025-13-01"}, "demenagement_des_le", "une date qui existe"),
        ({"permis": "yes"}, "permis", "oui ou non"),
        ({"statut": "valide"}, "statut", "une de ces valeurs : en_preparation"),
        ({"id_menage": "M-404"}, "id_menage", "un ménage de l'opérateur AURORE déjà présent"),
    ],
)
def test_bad_project_inputs_are_named_and_nothing_is_written(store, overrides, column, expected):
    add_households(store, "AURORE", ["M-1"])
    report = record(store, project_row(**overrides))
    assert [(e.line, e.column) for e in report.errors] == [(2, column)], report.errors
    assert expected in report.errors[0].expected
    assert projects.projects(store, signed_in("planificateur")).empty


def test_a_project_file_is_all_or_nothing(store):
    add_households(store, "AURORE", ["M-1", "M-2"])
    names = column_names(templates.PROJECT_COLUMNS)
    rows = [project_row("M-1"), project_row("M-2", voeu_1="75")]
    content = "\n".join([SEPARATOR.join(names), *(SEPARATOR.join(r.get(n, "") for n in names) for r in rows)]).encode()
    planner = signed_in("planificateur")
    refused = projects.import_projects_file(
        store, planner, "AURORE", content, "projets.csv", max_bytes=10**6, **CONTEXT
    )
    assert [(e.line, e.column) for e in refused.errors] == [(3, "voeu_1")]
    assert projects.projects(store, planner).empty
    fixed = content.replace(b"M-2;J1501;;;1;;;2;;;non;non;oui;non;;75", b"M-2;J1501;;;1;;;2;;;non;non;oui;non;;18")
    done = projects.import_projects_file(store, planner, "AURORE", fixed, "projets.csv", max_bytes=10**6, **CONTEXT)
    assert done.ok and done.rows_added == 2, done.errors
    log = offer_store.audit_log(store, planner)
    assert set(log["filename"]) == {"projets.csv"} and set(log["source"]) == {"fichier"}
