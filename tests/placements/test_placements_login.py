"""Planner login through Streamlit's st.login against a real local OpenID Connect provider (oidc-provider-mock),
driven in headless Chromium: before login the page is public, after login the planner sees household records.

Both servers listen on 127.0.0.1 and are stopped by the test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from login_support import identity_provider, write_auth_secrets

from emile.config import load_config
from emile.geography import load_communes
from emile.placements.demo import create_demo, programme_cohort
from emile.placements.store import open_store
from harness.server import free_port, serving

pytest.importorskip("oidc_provider_mock", reason="oidc-provider-mock absent (requirements-dev.txt)")
pytestmark = pytest.mark.browser
PLANNER = "agent@dihal.gouv.fr"


@pytest.fixture
def provider() -> Iterator[str]:
    """A local provider with one predefined account carrying the planner claim of config.toml."""
    roles = load_config().roles
    if not roles.planner_claim:
        pytest.skip("config.toml ne définit pas de claim planificateur (roles)")
    with identity_provider([PLANNER], {roles.planner_claim: roles.planner_claim_value}) as address:
        yield address


@pytest.fixture
def app_with_login(provider: str, tmp_path: Path) -> Iterator[str]:
    """The app with an [auth] section pointing at the local provider, over a store holding a demo cohort."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    secrets_file = write_auth_secrets(tmp_path / "secrets.toml", url, provider)
    database = f"sqlite:///{tmp_path / 'placements.sqlite'}"
    create_demo(open_store(database), programme_cohort(load_config(), load_communes(), size=40, today=dt.date.today()))
    with serving(env={"DATABASE_URL": database}, port=port, extra_args=["--secrets.files", str(secrets_file)]):
        yield url


def test_planner_logs_in_with_oidc_and_sees_records(app_with_login: str, page):
    page.goto(f"{app_with_login}/placements")
    page.get_by_text("Vue publique").wait_for(timeout=60_000)
    assert page.get_by_text("Espace planificateur").count() == 0
    page.get_by_role("button", name="Connexion planificateur").click()
    page.get_by_role("button", name=PLANNER).click()
    page.wait_for_url(f"{app_with_login}/**", timeout=60_000)
    page.goto(f"{app_with_login}/placements")
    page.get_by_text("Espace planificateur").wait_for(timeout=60_000)
    assert page.get_by_text(f"Connecté : {PLANNER} — rôle planificateur").count() == 1
    assert page.get_by_text("Vue publique").count() == 0
    for tab in ("Importer un fichier", "Ménages", "Journal"):
        assert page.get_by_role("tab", name=tab).count() == 1
