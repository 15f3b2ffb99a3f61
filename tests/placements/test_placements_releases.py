"""Dated public releases on both databases: the public figures move only when a release is published, a release reads
back exactly as published, and its date is shown on the Placements page and on the briefing."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import FIXTURES, run_import
from operator_files import many_households
from streamlit.testing.v1 import AppTest

from emile.config import PROJECT_ROOT, load_config
from emile.geography import load_communes
from emile.placements import releases
from emile.placements.public import public_source
from emile.placements.releases import NothingToPublishError, latest_release, next_release, publish_release
from emile.placements.store import open_store

VALID = (FIXTURES / "valid.csv").read_bytes()
APP = str(PROJECT_ROOT / "app.py")


def run(store, content, communes, settings):
    report = run_import(store, content, communes, settings)
    assert report.applied, report.errors
    return report


def frames_equal(left, right) -> bool:
    return all(
        getattr(left, name).reset_index(drop=True).equals(getattr(right, name).reset_index(drop=True))
        for name in ("by_commune", "by_departement", "flows", "funnel", "outcomes", "delays")
    )


def test_public_figures_move_only_with_a_release(store, communes, settings):
    run(store, many_households(12), communes, settings)
    assert public_source(store, communes, 5).publication is None  # imported, not yet published
    first = publish_release(store, communes, settings, actor="planificateur@test")
    shown = public_source(store, communes, 5)
    assert shown.published_at == first.local_time and shown.publication.installed_households == 12
    run(store, many_households(13), communes, settings)  # one more household: the public sees no change
    again = public_source(store, communes, 5)
    assert again.publication.installed_households == 12 and frames_equal(again.publication, shown.publication)
    second = publish_release(store, communes, settings, actor="planificateur@test")
    assert second.id > first.id and latest_release(store).id == second.id
    # One household since the last release: the new total would give it, so it is hidden.
    assert second.publication.installed_households is None
    assert store.audit_log()["action"].tolist()[:2] == ["publication", "import"]


def test_a_release_reads_back_exactly_as_published(store, communes, settings):
    run(store, many_households(14) + VALID.split(b"\n", 1)[1], communes, settings)
    preview = next_release(store, communes, settings).publication
    published = publish_release(store, communes, settings, actor="test")
    read_back = latest_release(store).publication
    assert frames_equal(read_back, published.publication) and frames_equal(read_back, preview)
    for frame in ("by_departement", "funnel", "outcomes", "delays"):
        assert getattr(read_back, frame).dtypes.to_dict() == getattr(published.publication, frame).dtypes.to_dict()
    figures = ("installed_households", "installed_people", "hidden_cells")
    assert [getattr(read_back, f) for f in figures] == [getattr(published.publication, f) for f in figures]


def test_nothing_real_is_nothing_to_publish(store, communes, settings):
    with pytest.raises(NothingToPublishError, match="rien à publier"):
        publish_release(store, communes, settings, actor="test")


def test_scheduled_publication_from_the_command_line(tmp_path, monkeypatch, capsys, settings):
    url = f"sqlite:///{tmp_path / 'placements.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert releases.main() == 1 and "rien à publier" in capsys.readouterr().err
    store = open_store(url)
    run(store, many_households(6), load_communes(), settings)
    assert releases.main() == 0 and "Publication n° 1 du " in capsys.readouterr().out
    assert latest_release(store).publication.installed_households == 6


@pytest.fixture
def published_store(tmp_path, monkeypatch, settings):
    url = f"sqlite:///{tmp_path / 'placements.sqlite'}"
    store = open_store(url)
    communes = load_communes()
    run(store, many_households(7), communes, settings)
    release = publish_release(store, communes, load_config().placements, actor="test")
    monkeypatch.setenv("DATABASE_URL", url)
    return release


def test_the_release_date_is_on_the_placements_page_and_on_the_briefing(published_store):
    day = f"{published_store.local_time:%d/%m/%Y}"
    app = AppTest.from_file(APP, default_timeout=120)
    app.switch_page("pages/placements.py")
    app.run()
    assert not app.exception, app.exception
    assert any(f"Chiffres publiés le {day}" in info.value for info in app.info)
    assert [m.value for m in app.metric if m.label == "Ménages installés"] == ["7"]
    fiche = AppTest.from_file(APP, default_timeout=120)
    fiche.switch_page("pages/fiche.py")
    fiche.query_params["dep"] = "15"
    fiche.run()
    assert not fiche.exception, fiche.exception
    text = " ".join(m.value for m in fiche.markdown)
    assert f"chiffres publiés le {day}" in text and "Ménages installés\u202f: 7" in text
    assert pd.Timestamp(published_store.local_time).tz is not None
