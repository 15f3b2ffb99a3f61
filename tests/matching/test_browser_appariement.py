"""The journey of issue 16 in a real browser: a planner signs in (st.login against a local OpenID Connect provider),
runs the matching on the demo cohort, reads why a household got its proposal and not another territory, accepts two
proposals and declines one; the decisions are in the store and the run replays to the same result. The screen after
the run is kept in test-artifacts/journeys/appariement.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from login_support import identity_provider, write_auth_secrets
from matching_support import PLANNER, config_file, demo_store_url
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from emile.config import PROJECT_ROOT
from emile.matching import store as matching_store
from emile.matching.inputs import MatchingContext
from emile.offers.access import Principal
from emile.placements.store import open_store
from harness.server import free_port, serving

pytestmark = pytest.mark.browser
pytest.importorskip("oidc_provider_mock", reason="oidc-provider-mock absent (requirements-dev.txt)")
TIMEOUT = 120_000
SHOTS = PROJECT_ROOT / "test-artifacts" / "journeys"  # kept for review, like the other journeys' screens


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[str, str]]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    database = demo_store_url(tmp_path)
    env = {"DATABASE_URL": database, "EMILE_CONFIG": config_file(tmp_path)}
    with identity_provider([PLANNER]) as provider:
        secrets_file = write_auth_secrets(tmp_path / "secrets.toml", url, provider)
        with serving(env=env, port=port, extra_args=["--secrets.files", str(secrets_file)]):
            yield url, database


def choose_household(page, household: int) -> None:
    """Pick the household in the searchable selector. A rerun still drawing the panel can swallow what was typed
    (seen on a loaded machine): then the list is closed and the household typed again."""
    option = page.get_by_role("option", name=re.compile(f"^Ménage {household} ")).first
    for _ in range(3):
        page.get_by_role("combobox", name="Ménage").click(timeout=TIMEOUT)
        page.keyboard.type(f"Ménage {household} ")
        try:
            option.click(timeout=20_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    else:
        raise AssertionError(f"Ménage {household} introuvable dans la liste après trois saisies")
    page.get_by_text("Pourquoi pas les autres territoires").wait_for(timeout=TIMEOUT)


def test_a_planner_runs_reads_a_reason_accepts_two_and_declines_one(app, page):
    url, database = app
    page.goto(f"{url}/appariement")
    page.get_by_role("button", name="Connexion planificateur").click(timeout=TIMEOUT)
    page.get_by_role("button", name=PLANNER).first.click()
    page.wait_for_url(f"{url}/**", timeout=TIMEOUT)
    page.goto(f"{url}/appariement")
    page.get_by_text("Données fictives").first.wait_for(timeout=TIMEOUT)
    page.get_by_role("button", name="Lancer l'appariement").click()
    page.get_by_text("optimalité prouvée").wait_for(timeout=TIMEOUT)
    page.get_by_text("Meilleur score d'abord").first.wait_for(state="attached", timeout=TIMEOUT)
    page.wait_for_timeout(3000)  # the data grids draw their canvases after their cells are in the page
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "appariement.png"), full_page=True)
    store = open_store(database)
    planner = Principal("planificateur", actor=PLANNER)
    run_id = int(matching_store.runs(store, planner)["id"].iloc[0])
    outcome, _ = matching_store.replay(store, planner, run_id, MatchingContext.from_snapshot())
    households = outcome.proposals["household_id"].tolist()[:3]

    page.get_by_text("Ménage par ménage").click()
    for household, button in zip(households, ["Accepter", "Accepter", "Refuser"], strict=True):
        choose_household(page, household)
        # The reasons table is a data grid drawn in a canvas; its cells are in the page for assistive technologies.
        page.get_by_text("Territoire proposé").first.wait_for(state="attached", timeout=TIMEOUT)
        page.get_by_role("button", name=f"{button} la proposition").click()
        word = "acceptée" if button == "Accepter" else "refusée"
        page.get_by_text(f"Proposition {word} par {PLANNER}").wait_for(timeout=TIMEOUT)

    decided = matching_store.decisions(store, planner, run_id)
    assert decided["household_id"].tolist() == households
    assert decided["decision"].tolist() == ["accepte", "accepte", "refuse"]
    page.get_by_role("button", name="Rejouer ce calcul depuis ses entrées enregistrées").click()
    page.get_by_text("Même résultat").wait_for(timeout=TIMEOUT)
    page.get_by_role("heading", name="Situations à 6 et 12 mois").scroll_into_view_if_needed(timeout=TIMEOUT)
    page.screenshot(path=str(SHOTS / "appariement_bas.png"))
    store.engine.dispose()
