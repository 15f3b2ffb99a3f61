"""A broken snapshot or configuration at start-up gives one French message naming the file and the key or column,
never a traceback; and Streamlit itself shows visitors no error details."""

from __future__ import annotations

import json
import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit import config as streamlit_config
from streamlit.testing.v1 import AppTest

from emile import snapshot
from emile.config import DEFAULT_CONFIG_PATH, PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture(autouse=True)
def fresh_caches():
    """AppTest runs share the process's st.cache_resource: nothing read from a sound snapshot may hide a broken one."""
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def edit_manifest(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        change(manifest)
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    return edit


def truncate(name: str) -> Callable[[Path], None]:
    def cut(folder: Path) -> None:
        content = (folder / name).read_bytes()
        (folder / name).unlink()
        (folder / name).write_bytes(content[: len(content) // 2])

    return cut


def without_column(folder: Path) -> None:
    """A rebuilt table that lacks a column the app reads, consistent with its manifest (the checksum is not the
    check that catches it)."""
    table = snapshot.load_geotable("departements").drop(columns="nom")
    (folder / "departements.parquet").unlink()
    table.to_parquet(folder / "departements.parquet")
    edit_manifest(lambda m: m["fichiers"].pop("departements"))(folder)


SNAPSHOT_FAULTS = {
    "clé absente du manifeste": (
        edit_manifest(lambda m: m.pop("date_construction")),
        ["manifest.json", "clé « date_construction » : clé obligatoire absente"],
    ),
    "clé imbriquée absente": (
        edit_manifest(lambda m: m["sources"]["bmo_2024"].pop("millesime")),
        ["manifest.json", "clé « sources.bmo_2024.millesime » : clé obligatoire absente"],
    ),
    "JSON tronqué": (truncate("manifest.json"), ["manifest.json n'est pas un JSON valide (ligne"]),
    "parquet tronqué": (truncate("departements.parquet"), ["departements.parquet ne correspond pas au manifeste"]),
    "fichier absent": (
        lambda folder: (folder / "departements.parquet").unlink(),
        ["Fichier de données absent", "departements.parquet"],
    ),
    "colonne absente": (without_column, ["departements.parquet : colonne « nom » absente"]),
}


def broken_copy(tmp_path: Path, damage: Callable[[Path], None]) -> Path:
    """The committed snapshot, linked file by file into ``tmp_path``, then damaged."""
    for source in snapshot.geodata_dir().iterdir():
        (tmp_path / source.name).symlink_to(source.resolve())
    (tmp_path / "manifest.json").unlink()
    shutil.copy(snapshot.geodata_dir() / "manifest.json", tmp_path / "manifest.json")
    damage(tmp_path)
    return tmp_path


def single_french_error(app: AppTest, expected: list[str]) -> None:
    assert not app.exception, app.exception
    assert len(app.error) == 1, [e.value for e in app.error]
    message = app.error[0].value
    for part in expected:
        assert part in message, message
    assert "Traceback" not in message and "Error" not in message


@pytest.mark.parametrize("case", SNAPSHOT_FAULTS, ids=list(SNAPSHOT_FAULTS))
def test_a_broken_snapshot_gives_one_french_message(case, tmp_path, monkeypatch):
    damage, expected = SNAPSHOT_FAULTS[case]
    monkeypatch.setenv("EMILE_GEODATA_DIR", str(broken_copy(tmp_path, damage)))
    app = AppTest.from_file(APP, default_timeout=120).run()
    single_french_error(app, expected)


CONFIG_FAULTS = {
    "valeur [placements] hors bornes": (
        lambda text: text.replace("seuil_secret = 5", "seuil_secret = 1").encode("utf-8"),
        ["config.toml", "clé « placements.seuil_secret » : un nombre supérieur ou égal à 2 est attendu"],
    ),
    "valeur [placements] d'un autre type": (
        lambda text: text.replace("taille_max_fichier_mo = 20", 'taille_max_fichier_mo = "20"').encode("utf-8"),
        ["config.toml", "clé « placements.taille_max_fichier_mo » : un nombre entier est attendu"],
    ),
    "opérateur au code réservé": (
        lambda text: text.replace('code = "AURORE"', 'code = "DEMO"').encode("utf-8"),
        ["config.toml", "placements.operateurs[2].code", "réservé aux données fictives"],
    ),
    "opérateur en double": (
        lambda text: text.replace('code = "ADDSEA"', 'code = "ACSC"').encode("utf-8"),
        ["config.toml", "clé « placements.operateurs » : chaque code d'opérateur une seule fois (en double : ACSC)"],
    ),
    "config.toml en Windows-1252": (
        lambda text: text.replace("# Every count below", "# Tout effectif sous le seuil, écrit en cp1252").encode(
            "cp1252", errors="replace"
        ),
        ["config.toml n'est pas encodé en UTF-8 (ligne"],
    ),
}


@pytest.mark.parametrize("case", CONFIG_FAULTS, ids=list(CONFIG_FAULTS))
def test_a_broken_configuration_gives_one_french_message(case, tmp_path, monkeypatch):
    change, expected = CONFIG_FAULTS[case]
    broken = tmp_path / "config.toml"
    broken.write_bytes(change(DEFAULT_CONFIG_PATH.read_text(encoding="utf-8")))
    monkeypatch.setenv("EMILE_CONFIG", str(broken))
    app = AppTest.from_file(APP, default_timeout=120).run()
    single_french_error(app, expected)


def test_a_table_broken_after_start_up_is_said_in_french_on_the_page(tmp_path, monkeypatch):
    """The check at start-up passed; a table the page then reads is unreadable: the entry script's guard says so."""
    folder = broken_copy(tmp_path, edit_manifest(lambda m: m["fichiers"].pop("departements")))
    truncate("departements.parquet")(folder)
    monkeypatch.setenv("EMILE_GEODATA_DIR", str(folder))
    app = AppTest.from_file(APP, default_timeout=120).run()
    single_french_error(app, ["departements.parquet est illisible (fichier tronqué ou endommagé)"])


def test_visitors_get_no_error_details_from_streamlit():
    """The last line of defence, for an error the app did not foresee: "none" (the legacy false still shows the
    stack trace), a value this Streamlit accepts."""
    settings = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    value = settings["client"]["showErrorDetails"]
    assert value == streamlit_config.ShowErrorDetailsConfigOptions.NONE.value
    assert value in {option.value for option in streamlit_config.ShowErrorDetailsConfigOptions}


def test_a_sound_snapshot_passes_the_start_up_check():
    snapshot.check_files(snapshot.load_manifest())
    assert isinstance(snapshot.load_geotable("departements"), pd.DataFrame)
