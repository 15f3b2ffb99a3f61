"""Declaring offers by file and by form, on SQLite and PostgreSQL: a valid file lands whole with an audit row per
offer; a bad one is refused whole with French errors naming the row and the column; a form is checked like a file;
re-importing changes nothing; a file's offers can be withdrawn together; expired offers stop counting."""

from __future__ import annotations

import datetime as dt

import pytest
from offers_support import (
    COMMUNE_15,
    COMMUNES,
    EMPLOYER_15,
    IDENTITIES,
    LANDLORD_15,
    METIERS,
    TODAY,
    csv_file,
    housing_row,
    job_row,
    signed_in,
    xlsx_file,
)

from emile.offers import store as offer_store
from emile.offers import templates
from emile.offers.access import Principal
from emile.offers.importer import declare_form, import_file
from emile.uploads.reading import read_table
from emile.uploads.template import column_names, csv_template, xlsx_template

CONTEXT = {"communes": COMMUNES, "metiers": METIERS, "today": TODAY}


@pytest.fixture
def principals() -> dict[str, Principal]:
    """The visitor behind each identity of ``offers_support.IDENTITIES``."""
    return {name: signed_in(name) for name in IDENTITIES}


def run(store, principal, account, kind, content, filename="offres.csv", dry_run=False):
    return import_file(
        store, principal, account, kind, content, filename, max_bytes=1_000_000, dry_run=dry_run, **CONTEXT
    )


def housing(store, principal):
    return offer_store.offers(store, principal, "logement", today=TODAY)


def errors_of(report) -> list[tuple[int | None, str | None, str]]:
    return [(e.line, e.column, e.expected) for e in report.errors]


def test_a_valid_housing_file_lands_whole_with_an_audit_row_per_offer(store, principals):
    landlord = principals["bailleur_15"]
    rows = [housing_row(f"LGT-{n}", typologie=f"T{n}") for n in range(1, 4)]
    report = run(store, landlord, LANDLORD_15, "logement", csv_file("logement", rows))
    assert report.ok, report.errors
    assert (report.rows_added, report.rows_changed, report.rows_unchanged) == (3, 0, 0)
    offers = housing(store, landlord).set_index("reference")
    assert offers.loc["LGT-2", "typology"] == "T2"
    assert offers.loc["LGT-1", "surface_m2"] == 64.5  # decimal comma read
    assert offers.loc["LGT-1", "status"] == "disponible" and offers.loc["LGT-1", "status_date"] == TODAY
    assert bool(offers.loc["LGT-1", "step_free"]) is True
    log = offer_store.audit_log(store, principals["planificateur"])
    assert len(log) == 3 and set(log["action"]) == {"creation"} and set(log["source"]) == {"fichier"}
    assert set(log["filename"]) == {"offres.csv"} and set(log["actor"]) == {"agent@cantal-habitat.fr"}
    assert log.iloc[0]["changes"]["typology"] == [None, "T3"]


def test_reimporting_the_same_file_changes_nothing_and_a_change_is_audited(store, principals):
    landlord = principals["bailleur_15"]
    content = csv_file("logement", [housing_row("LGT-1"), housing_row("LGT-2")])
    run(store, landlord, LANDLORD_15, "logement", content)
    version = offer_store.version(store)
    again = run(store, landlord, LANDLORD_15, "logement", content)
    assert (again.rows_added, again.rows_changed, again.rows_unchanged) == (0, 0, 2)
    assert offer_store.version(store) == version
    changed = csv_file("logement", [housing_row("LGT-1", loyer_hors_charges="420"), housing_row("LGT-2")])
    report = run(store, landlord, LANDLORD_15, "logement", changed)
    assert (report.rows_added, report.rows_changed, report.rows_unchanged) == (0, 1, 1)
    assert housing(store, landlord).set_index("reference").loc["LGT-1", "rent_eur"] == 420
    latest = offer_store.audit_log(store, principals["planificateur"]).iloc[0]
    assert (latest["action"], latest["reference"], latest["changes"]) == (
        "modification",
        "LGT-1",
        {"rent_eur": [410.0, 420.0]},
    )


def test_dry_run_writes_nothing(store, principals):
    report = run(
        store, principals["bailleur_15"], LANDLORD_15, "logement", csv_file("logement", [housing_row()]), dry_run=True
    )
    assert report.ok and report.rows_added == 1 and report.preview["statut"].tolist() == ["nouvelle"]
    assert housing(store, principals["bailleur_15"]).empty and offer_store.version(store) == 0


def test_xlsx_gives_the_same_offers_as_csv(store, principals):
    employer = principals["employeur_15"]
    rows = [job_row("EMP-1"), job_row("EMP-2", rome="F1703", famille_fap="B2Z40", contrat="interim")]
    report = run(store, employer, EMPLOYER_15, "emploi", xlsx_file("emploi", rows), filename="offres.xlsx")
    assert report.ok, report.errors
    jobs = offer_store.offers(store, employer, "emploi", today=TODAY).set_index("reference")
    assert jobs.loc["EMP-1", ["rome", "fap", "siret"]].tolist() == ["J1501", "V0Z60", "12345678200002"]
    assert jobs.loc["EMP-2", "fap"] == "B2Z40"
    assert jobs.loc["EMP-1", "expires_on"] == dt.date(2025, 11, 30)  # JJ/MM/AAAA accepted


@pytest.mark.parametrize(
    ("kind", "row", "column", "expected"),
    [
        ("logement", housing_row(commune="48095"), "commune", "une commune de vos départements (15)"),
        ("logement", housing_row(commune="15999"), "commune", "un code de commune existant"),
        ("logement", housing_row(commune="1501"), "commune", "un code INSEE de commune à 5 caractères"),
        ("logement", housing_row(typologie="T7"), "typologie", "une de ces valeurs : T1, T2, T3, T4, T5, T6"),
        ("logement", housing_row(surface_m2="4"), "surface_m2", "entre 9 et 400 m²"),
        ("logement", housing_row(surface_m2="64 m2"), "surface_m2", "un nombre positif"),
        ("logement", housing_row(plain_pied="peut-être"), "plain_pied", "oui ou non"),
        ("logement", housing_row(type_bailleur="particulier"), "type_bailleur", "une de ces valeurs"),
        ("logement", housing_row(expire_le="2025-08-01"), "expire_le", "postérieure à la date de la colonne"),
        ("logement", housing_row(expire_le="2025-06-01", disponible_le="2025-01-01"), "expire_le", "à venir"),
        ("logement", housing_row(disponible_le="2025-02-30"), "disponible_le", "une date qui existe"),
        ("logement", housing_row(disponible_le="1er septembre"), "disponible_le", "une date AAAA-MM-JJ"),
        ("logement", housing_row(disponible_le="2031-01-01", expire_le="2031-02-01"), "disponible_le", "deux ans"),
        ("logement", housing_row(reference="LGT 1"), "reference", "une référence de 40 caractères"),
        ("logement", housing_row(bailleur=""), "bailleur", "une valeur (colonne obligatoire)"),
        ("logement", housing_row(statut="loue"), "statut", "une de ces valeurs : disponible"),
        ("emploi", job_row(rome="J9999"), "rome", "un code ROME de la nomenclature"),
        ("emploi", job_row(rome="Z1501"), "rome", "un code ROME (une lettre A à N"),
        ("emploi", job_row(rome="F1703"), "famille_fap", "relève de plusieurs familles (B0Z21 — Ouvriers"),
        ("emploi", job_row(famille_fap="T4Z60"), "famille_fap", "une famille du code ROME J1501 : V0Z60"),
        ("emploi", job_row(siret="12345678200003"), "siret", "la clé de contrôle ne correspond pas"),
        ("emploi", job_row(siret="1234567820000"), "siret", "un SIRET de 14 chiffres"),
        ("emploi", job_row(heures_hebdo="60"), "heures_hebdo", "entre 1 et 48 heures"),
        ("emploi", job_row(contrat="CDD"), "contrat", "une de ces valeurs : cdi"),
    ],
)
def test_a_bad_cell_refuses_the_whole_file_naming_row_and_column(store, principals, kind, row, column, expected):
    principal, account = (
        (principals["bailleur_15"], LANDLORD_15) if kind == "logement" else (principals["employeur_15"], EMPLOYER_15)
    )
    good = housing_row("OK-1") if kind == "logement" else job_row("OK-1")
    report = run(store, principal, account, kind, csv_file(kind, [good, row]))
    assert not report.ok
    assert any(line == 3 and col == column and expected in text for line, col, text in errors_of(report)), errors_of(
        report
    )
    assert all(line == 3 for line, _, _ in errors_of(report)), "the good row has no error"
    assert offer_store.offers(store, principal, kind, today=TODAY).empty  # all or nothing
    assert offer_store.version(store) == 0


def test_error_messages_read_as_french_sentences(store, principals):
    report = run(
        store, principals["bailleur_15"], LANDLORD_15, "logement", csv_file("logement", [housing_row(commune="48095")])
    )
    assert str(report.errors[0]) == (
        "Ligne 2, colonne « commune » : valeur « 48095 » — une commune de vos départements (15)"
    )


def test_duplicate_references_and_file_level_problems(store, principals):
    landlord = principals["bailleur_15"]
    twice = run(store, landlord, LANDLORD_15, "logement", csv_file("logement", [housing_row("A"), housing_row("A")]))
    assert errors_of(twice) == [(3, "reference", "une seule ligne par offre (même référence) (doublon de la ligne 2)")]
    header = ";".join(column_names(templates.HOUSING_COLUMNS)).replace("typologie", "pieces")
    unknown = run(store, landlord, LANDLORD_15, "logement", (header + "\n").encode())
    assert "colonnes obligatoires absentes : typologie" in str(unknown.errors[0])
    assert "colonnes inconnues : pieces" in str(unknown.errors[1])
    comma = run(store, landlord, LANDLORD_15, "logement", csv_file("logement", [housing_row()]).replace(b";", b","))
    assert "séparateur trouvé : virgule" in str(comma.errors[0])
    wrong = run(store, landlord, LANDLORD_15, "logement", b"x", filename="offres.ods")
    assert "format « .ods » non pris en charge" in str(wrong.errors[0])
    latin = run(
        store,
        landlord,
        LANDLORD_15,
        "logement",
        csv_file("logement", [housing_row(bailleur="Hé")]).decode().encode("cp1252"),
    )
    assert "UTF-8" in str(latin.errors[0])


def test_a_formula_in_a_workbook_is_refused(store, principals):
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_file("logement", [housing_row()])))
    workbook.active["F2"] = "=60+4"
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(store, principals["bailleur_15"], LANDLORD_15, "logement", buffer.getvalue(), filename="o.xlsx")
    assert errors_of(report) == [(2, "F", "une valeur saisie, pas une formule")]


def test_templates_download_as_csv_and_xlsx_and_read_back_empty():
    for kind in ("logement", "emploi", "projet"):
        columns = templates.COLUMNS[kind]
        for content, name in ((csv_template(columns), "m.csv"), (xlsx_template(columns), "m.xlsx")):
            with pytest.raises(Exception) as refused:
                read_table(content, name, max_bytes=10**6, columns=column_names(columns), required=())
            assert "aucune ligne de données" in str(refused.value)


def test_a_form_is_checked_like_a_file_and_audited_as_a_form(store, principals):
    commune = principals["commune_15"]
    refused = declare_form(store, commune, COMMUNE_15, "logement", housing_row(surface_m2="3"), **CONTEXT)
    assert errors_of(refused) == [(2, "surface_m2", "entre 9 et 400 m²")]
    done = declare_form(store, commune, COMMUNE_15, "logement", housing_row(type_bailleur="commune"), **CONTEXT)
    assert done.ok and done.rows_added == 1
    job = declare_form(store, commune, COMMUNE_15, "emploi", job_row(employeur="Commune d'Aurillac"), **CONTEXT)
    assert job.ok, job.errors
    log = offer_store.audit_log(store, principals["planificateur"])
    assert set(log["source"]) == {"formulaire"} and log["filename"].isna().all()
    assert set(log["entity"]) == {"logement", "emploi"}


def test_status_changes_are_dated_and_kept_in_the_history(store, principals):
    landlord = principals["bailleur_15"]
    run(store, landlord, LANDLORD_15, "logement", csv_file("logement", [housing_row()]))
    offer_id = int(housing(store, landlord)["id"].iloc[0])
    later = TODAY + dt.timedelta(days=3)
    offer_store.change_status(
        store, landlord, "logement", offer_id, "reserve", date=later, communes=COMMUNES, today=later
    )
    with pytest.raises(ValueError, match="entre le"):
        offer_store.change_status(
            store, landlord, "logement", offer_id, "attribue", date=TODAY, communes=COMMUNES, today=later
        )
    history = offer_store.history(store, landlord, "logement", offer_id)
    assert history.values.tolist() == [["disponible", TODAY], ["reserve", later]]
    assert housing(store, landlord).iloc[0][["status", "status_date", "etat"]].tolist() == ["reserve", later, "Réservé"]
    latest = offer_store.audit_log(store, principals["planificateur"]).iloc[0]
    assert latest["action"] == "statut" and latest["changes"]["status"] == ["disponible", "reserve"]


def test_an_offer_past_its_expiry_stops_counting_by_itself(store, principals):
    landlord = principals["bailleur_15"]
    run(
        store,
        landlord,
        LANDLORD_15,
        "logement",
        csv_file("logement", [housing_row(disponible_le="2025-07-01", expire_le="2025-07-15")]),
    )
    rows = offer_store.publication_rows(store, "logement", demo=False)
    assert offer_store.open_mask(rows, TODAY).tolist() == [True]
    assert offer_store.open_mask(rows, dt.date(2025, 7, 16)).tolist() == [False]
    assert housing(store, landlord).iloc[0]["etat"] == "Disponible"
    later = offer_store.offers(store, landlord, "logement", today=dt.date(2025, 7, 16))
    assert later.iloc[0]["etat"] == "Expirée"


def test_a_files_offers_are_withdrawn_together_and_only_those(store, principals):
    landlord = principals["bailleur_15"]
    run(
        store, landlord, LANDLORD_15, "logement", csv_file("logement", [housing_row("A"), housing_row("B")]), "lot1.csv"
    )
    run(store, landlord, LANDLORD_15, "logement", csv_file("logement", [housing_row("C")]), "lot2.csv")
    by_form = declare_form(store, landlord, LANDLORD_15, "logement", housing_row("D"), **CONTEXT)
    assert by_form.ok
    first = offer_store.imports(store, landlord).set_index("filename").loc["lot1.csv", "id"]
    assert offer_store.withdraw_import(store, landlord, int(first), today=TODAY) == 2
    states = housing(store, landlord).set_index("reference")["status"].to_dict()
    assert states == {"A": "retire", "B": "retire", "C": "disponible", "D": "disponible"}
    assert offer_store.withdraw_import(store, landlord, int(first), today=TODAY) == 0  # already withdrawn
    log = offer_store.audit_log(store, principals["planificateur"])
    withdrawn = log[log["action"] == "retrait_fichier"]
    assert sorted(withdrawn["reference"]) == ["A", "B"] and set(withdrawn["filename"]) == {"lot1.csv"}
