"""Operator file import: a valid file lands whole and synchronises the operator's records (additions, changes,
removals), a bad one is refused whole with French row-level errors, a failure half-way writes nothing, concurrent
imports are serialised."""

from __future__ import annotations

import dataclasses
import io
import threading
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import FIXTURES, TODAY, run_import

from emile.placements import importer
from emile.placements.importer import StalePreviewError, apply_import, check_file, plan_import
from emile.placements.store import Store, StoreBusyError, StoreError
from emile.placements.template import COLUMN_NAMES, template_csv

VALID = (FIXTURES / "valid.csv").read_bytes()


def state(store: Store) -> tuple[list[dict], int]:
    """Everything stored, comparable before and after an operation."""
    households = store.households(demo=False).astype(object).where(lambda f: f.notna(), None)
    return households.to_dict("records"), len(store.audit_log())


def xlsx(rows: list[list[object]], extra_sheet: bool = False) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        workbook.create_sheet("Notes").append(["commentaire"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def valid_rows() -> list[list[str]]:
    lines = VALID.decode("utf-8").splitlines()
    return [line.split(";") for line in lines]


def test_valid_file_is_imported_with_an_audit_entry(store, communes, settings):
    report = run_import(store, VALID, communes, settings)
    assert report.ok, report.errors
    assert (report.rows_added, report.rows_changed, report.households_added) == (7, 0, 2)
    households = store.households(demo=False).set_index("external_id")
    assert households.loc["M-001", "size"] == 3
    assert households.loc["M-001", "destination_commune"] == "15014"
    assert households.loc["M-001", "validation"] == pd.Timestamp("2023-03-20")  # JJ/MM/AAAA accepted
    assert bool(households.loc["M-001", "in_work_6m"]) is True
    assert pd.isna(households.loc["M-002", "installation"])
    audit = store.audit_log().iloc[0]
    assert (audit["action"], audit["operator_code"], audit["rows_added"]) == ("import", "AURORE", 7)
    assert audit["checksum"] == report.file.checksum and len(report.file.checksum) == 64
    assert report.applied and report.rows_removed == 0


def test_reimporting_the_same_file_changes_nothing(store, communes, settings):
    run_import(store, VALID, communes, settings)
    before, _ = state(store)
    again = run_import(store, VALID, communes, settings)
    assert again.ok and (again.rows_added, again.rows_changed, again.rows_unchanged) == (0, 0, 7)
    assert state(store)[0] == before
    assert store.audit_log()["rows_added"].tolist() == [0, 7]


def test_dry_run_previews_without_writing(store, communes, settings):
    report = run_import(store, VALID, communes, settings, dry_run=True)
    assert report.ok and report.rows_added == 7
    assert report.preview()["statut"].eq("nouvelle").all() and len(report.preview()) == 7
    assert not report.applied and state(store) == ([], 0)


def test_changed_values_update_rows_in_place(store, communes, settings):
    run_import(store, VALID, communes, settings)
    changed = VALID.replace(b"M-002;orientation;2024-03-11", b"M-002;orientation;2024-03-12")
    changed = changed.replace(b"SIAO 93", b"SIAO 93 Nord")
    report = run_import(store, changed, communes, settings)
    assert report.ok, report.errors
    assert (report.rows_added, report.rows_changed, report.rows_unchanged) == (0, 6, 1)
    households = store.households(demo=False).set_index("external_id")
    assert len(households) == 2
    assert households.loc["M-002", "orientation"] == pd.Timestamp("2024-03-12")
    assert households.loc["M-001", "referring_organisation"] == "SIAO 93 Nord"


def test_xlsx_import_gives_the_same_records_as_csv(store, communes, settings):
    rows = valid_rows()
    report = run_import(store, xlsx(rows), communes, settings, filename="suivi.xlsx")
    assert report.ok, report.errors
    assert report.rows_added == 7
    assert store.households(demo=False).set_index("external_id").loc["M-001", "validation"] == pd.Timestamp(
        "2023-03-20"
    )


def test_template_header_is_accepted_as_an_empty_file_with_a_clear_message(store, communes, settings):
    report = run_import(store, template_csv(), communes, settings)
    assert [str(e) for e in report.errors] == ["le fichier ne contient aucune ligne de données sous l'en-tête"]
    assert template_csv().decode("utf-8-sig").strip().split(";") == list(COLUMN_NAMES)


def _replace(old: bytes, new: bytes, count: int = -1):
    return lambda content: content.replace(old, new, count)


BAD_INPUTS = {
    "encodage cp1252": (
        lambda c: c.decode("utf-8").replace("SIAO 93", "Orienté par SIAO 93").encode("cp1252"),
        "suivi.csv",
        "un fichier encodé en UTF-8",
        None,
    ),
    "séparateur virgule": (
        lambda c: c.replace(b";", b","),
        "suivi.csv",
        "séparées par « ; » (séparateur trouvé : virgule)",
        None,
    ),
    "colonne manquante": (
        lambda c: b"\n".join(b";".join(line.split(b";")[:3] + line.split(b";")[4:]) for line in c.split(b"\n")),
        "suivi.csv",
        "colonnes obligatoires absentes : date_etape",
        None,
    ),
    "commune inconnue": (
        _replace(b";75056;", b";75999;"),
        "suivi.csv",
        "un code de commune existant",
        "commune_origine",
    ),
    "commune mal formée": (
        _replace(b";15014;", b";1501;"),
        "suivi.csv",
        "code INSEE de commune",
        "commune_destination",
    ),
    "date future": (_replace(b"2024-03-11", b"2031-03-11"), "suivi.csv", "une date passée", "date_etape"),
    "date inexistante": (
        _replace(b"2024-03-11", b"2024-02-30"),
        "suivi.csv",
        "existe dans le calendrier",
        "date_etape",
    ),
    "dates dans le désordre": (
        _replace(b"2023-04-17", b"2023-01-05"),
        "suivi.csv",
        "postérieure à celles des étapes précédentes",
        "date_etape",
    ),
    "taille négative": (
        _replace(b"M-002;candidature;2024-02-05;1;1;0", b"M-002;candidature;2024-02-05;-1;1;0"),
        "suivi.csv",
        "un nombre entier positif",
        "taille_menage",
    ),
    "taille absurde": (_replace(b";3;1;2;", b";300;1;2;"), "suivi.csv", "entre 1 et 20 personnes", "taille_menage"),
    "composition incohérente": (_replace(b";3;1;2;", b";4;1;2;"), "suivi.csv", "adultes + enfants", "taille_menage"),
    "ligne en double": (lambda c: c + c.splitlines(keepends=True)[1], "suivi.csv", "doublon de la ligne 2", "etape"),
    "ménage décrit deux fois différemment": (
        _replace(b"M-001;orientation;2023-02-01;3;1;2;93066", b"M-001;orientation;2023-02-01;3;1;2;93048"),
        "suivi.csv",
        "la même valeur sur toutes les lignes du ménage",
        "commune_origine",
    ),
    "étape inconnue": (_replace(b"immersion", b"stage"), "suivi.csv", "une de ces valeurs : candidature", "etape"),
    "fichier d'un autre opérateur": (
        _replace(b"AURORE;", b"ACSC;"),
        "suivi.csv",
        "semble venir d'un autre opérateur",
        "operateur",
    ),
    "modèle d'un autre opérateur": (
        lambda c: "n° dossier;nom;date entrée\n12;Dupont;2024-01-01\n".encode(),
        "suivi.csv",
        "colonnes inconnues : n° dossier, nom, date entrée",
        None,
    ),
    "fichier vide": (lambda c: b"", "suivi.csv", "le fichier est vide", None),
    "format inconnu": (lambda c: c, "suivi.ods", "non pris en charge", None),
    "ligne de longueur différente": (
        lambda c: c + b"AURORE;M-003;candidature\n",
        "suivi.csv",
        "champs comme l'en-tête",
        None,
    ),
    "xlsx avec formule": (
        lambda c: xlsx(valid_rows()[:2] + [valid_rows()[2][:4] + ["=1+2"] + valid_rows()[2][5:]]),
        "suivi.xlsx",
        "pas une formule",
        "E",
    ),
    "xlsx à plusieurs feuilles": (
        lambda c: xlsx(valid_rows(), extra_sheet=True),
        "suivi.xlsx",
        "une seule feuille de données (le classeur en contient 2 : Sheet, Notes)",
        None,
    ),
    "xlsx endommagé": (lambda c: b"PK\x03\x04 pas un classeur", "suivi.xlsx", "un classeur .xlsx lisible", None),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_is_refused_whole_with_a_french_error(case, store, communes, settings):
    mutate, filename, expected, column = BAD_INPUTS[case]
    first = run_import(store, VALID.replace(b"M-00", b"X-00"), communes, settings)
    assert first.ok, first.errors
    before = state(store)
    report = run_import(store, mutate(VALID), communes, settings, filename=filename)
    assert not report.ok
    matching = [e for e in report.errors if expected in str(e)]
    assert matching, [str(e) for e in report.errors]
    if column is not None:
        assert any(e.column == column and e.line is not None for e in matching)
    assert state(store) == before


def test_a_corrected_file_withdraws_what_it_no_longer_holds(store, communes, settings):
    """The file is the operator's whole record: a step and a household it drops are removed, previewed first and
    counted in the audit log; another operator's records are untouched."""
    assert run_import(store, VALID, communes, settings).ok
    other = VALID.replace(b"AURORE;M-00", b"ACSC;M-00")
    assert run_import(store, other, communes, settings, operator="ACSC").ok
    lines = VALID.splitlines(keepends=True)
    corrected = b"".join(line for line in lines if b"M-002" not in line and b";immersion;" not in line)
    preview = run_import(store, corrected, communes, settings, dry_run=True)
    assert (preview.rows_added, preview.rows_changed, preview.rows_unchanged, preview.rows_removed) == (0, 0, 4, 3)
    assert preview.households_removed == 1
    removed = preview.preview().query("statut == 'supprimée'")
    assert sorted(zip(removed["id_menage"], removed["etape"], strict=True)) == [
        ("M-001", "immersion"),
        ("M-002", "candidature"),
        ("M-002", "orientation"),
    ]
    assert removed["ligne"].isna().all()
    report = run_import(store, corrected, communes, settings)
    assert report.applied and report.rows_removed == 3
    households = store.households(demo=False)
    aurore = households[households["operator_code"] == "AURORE"].set_index("external_id")
    assert list(aurore.index) == ["M-001"] and pd.isna(aurore.loc["M-001", "immersion"])
    assert len(households[households["operator_code"] == "ACSC"]) == 2
    audit = store.audit_log().iloc[0]
    assert (audit["action"], audit["rows_removed"]) == ("import", 3)
    assert run_import(store, VALID, communes, settings).rows_added == 3  # the full file puts them back


def test_steps_are_in_chronological_order_within_the_file(store, communes, settings):
    late = [
        VALID.splitlines()[0],
        *VALID.splitlines()[6:],
        b"AURORE;M-002;immersion;2024-03-01;1;1;0;75056;;;;;;;;;;;;",
    ]
    report = run_import(store, b"\n".join(late) + b"\n", communes, settings)
    assert [(e.line, e.column) for e in report.errors] == [(4, "date_etape")]
    assert "au plus tôt le 11/03/2024" in report.errors[0].expected  # the orientation date in the same file


def test_unknown_operator_is_refused(store, communes, settings):
    report = run_import(store, VALID, communes, settings, operator="INCONNU")
    assert "un des opérateurs du programme, pas « INCONNU »" in str(report.errors[0])
    assert state(store) == ([], 0)


def test_file_over_the_size_limit_is_refused_before_reading(store, communes, settings, tmp_path: Path):
    big = tmp_path / "gros.csv"
    line = VALID.splitlines(keepends=True)[1]
    with big.open("wb") as handle:
        handle.write(VALID.splitlines(keepends=True)[0])
        handle.write(line * (50_000_000 // len(line) + 1))
    content = big.read_bytes()
    assert len(content) >= 50_000_000
    report = run_import(store, content, communes, settings)
    assert [str(e) for e in report.errors] == [f"fichier trop volumineux ({len(content) / 1e6:.1f} Mo) : 20 Mo au plus"]
    assert state(store) == ([], 0)


def test_a_database_failure_on_row_n_leaves_nothing_written(store, communes, settings, monkeypatch):
    """The import removes, updates and inserts; the database refuses its 2nd new step (a date left empty): the whole
    transaction is rolled back on both databases, and the page gets a French error instead of SQL."""
    assert run_import(store, VALID.replace(b"M-00", b"X-00"), communes, settings).ok
    assert run_import(store, VALID, communes, settings).ok
    before = state(store)
    corrected = VALID.replace(b"SIAO 93", b"SIAO 93 Nord").replace(b"M-002", b"M-003")
    real_write = importer.write_changes

    def fail_on_row(session, operator_id, changes, *, demo):
        steps = list(changes.new_steps)
        steps[1] = {**steps[1], "date": None}
        real_write(session, operator_id, dataclasses.replace(changes, new_steps=tuple(steps)), demo=demo)

    monkeypatch.setattr(importer, "write_changes", fail_on_row)
    with pytest.raises(StoreError, match="rien n'a été enregistré") as raised:
        run_import(store, corrected, communes, settings)
    assert "INSERT" not in str(raised.value) and "IntegrityError" in str(raised.value)
    assert state(store) == before
    monkeypatch.undo()
    assert run_import(store, corrected, communes, settings).rows_removed == 2


def test_the_store_has_changed_since_the_preview(store, communes, settings):
    preview = run_import(store, VALID, communes, settings, dry_run=True)
    assert run_import(store, VALID, communes, settings).applied
    with pytest.raises(StalePreviewError, match="La base a changé depuis l'aperçu"):
        apply_import(store, preview, actor="test", operator_name="Aurore")
    assert store.audit_log()["rows_added"].tolist() == [7]


def test_concurrent_imports_are_serialised(store, communes, settings):
    """Four imports of the same file at once: one writes, the others find their preview outdated or nothing to do;
    never a raw database error, never a household twice."""
    barrier = threading.Barrier(4)
    outcomes: list[object] = []

    def one_import() -> None:
        file = check_file(
            VALID, "suivi.csv", operator_code="AURORE", communes=set(communes["code"]), settings=settings, today=TODAY
        )
        plan = plan_import(store, file)
        barrier.wait()
        try:
            outcomes.append(apply_import(store, plan, actor="test", operator_name="Aurore").rows_added)
        except Exception as error:  # collected: the assertions say which ones are acceptable
            outcomes.append(error)

    threads = [threading.Thread(target=one_import) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert outcomes.count(7) == 1, outcomes
    assert all(o == 7 or o == 0 or isinstance(o, StalePreviewError) for o in outcomes), outcomes
    assert len(store.households(demo=False)) == 2


def test_a_busy_store_answers_in_french_and_writes_nothing(store, communes, settings):
    """Another writer holds the lock longer than the store waits: the import gives up with a French message."""
    impatient = Store(store.engine, busy_timeout_s=0.5)
    holding, release = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        with store.writing():
            holding.set()
            release.wait(timeout=30)

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        assert holding.wait(timeout=30)
        start = time.monotonic()
        with pytest.raises(StoreBusyError, match="Un autre import ou une autre publication est en cours"):
            run_import(impatient, VALID, communes, settings)
        assert time.monotonic() - start < 8
    finally:
        release.set()
        holder.join(timeout=30)
    assert state(store) == ([], 0)
    assert run_import(impatient, VALID, communes, settings).applied
