"""The staleness banner: pages warn when the snapshot is older than config.toml allows, and only then."""

import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from emile import snapshot
from emile.config import PROJECT_ROOT
from harness.server import running_app

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture
def old_snapshot(tmp_path):
    """A snapshot folder whose tables are the committed ones and whose manifest says it was built on 1 Jan 2020."""
    for table in snapshot.geodata_dir().glob("*.parquet"):
        (tmp_path / table.name).symlink_to(table)
    manifest = snapshot.load_manifest()
    manifest["date_construction"] = "2020-01-01T00:00:00+00:00"
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return tmp_path


@pytest.fixture(autouse=True)
def fresh_caches():
    """AppTest runs share the process's st.cache_resource: start and end each test without a cached manifest."""
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def test_an_old_snapshot_is_flagged(old_snapshot, monkeypatch):
    monkeypatch.setenv("EMILE_GEODATA_DIR", str(old_snapshot))
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception
    assert any("Les données datent du 01/01/2020" in w.value for w in app.warning)


def test_a_fresh_snapshot_has_no_banner():
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not any("Les données datent" in w.value for w in app.warning)


@pytest.mark.browser
def test_the_banner_is_on_every_page(old_snapshot, page):
    """AppTest does not show what the entry script draws after a page switch, so this is checked in the browser."""
    with running_app(env={"EMILE_GEODATA_DIR": str(old_snapshot)}) as url:
        for path in ("", "carte", "sources", "classement", "placements", "offres", "fiche"):
            page.goto(f"{url}/{path}")
            page.get_by_text("Les données datent du 01/01/2020").wait_for(timeout=30_000)
