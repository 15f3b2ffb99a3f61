"""In a real browser: moving the theme sliders of the Classement page changes who leads the ranking.

The app runs on a fixture snapshot (fictitious values under the real catalogue's ids): département 01 is best on
every employment criterion, 02 on every housing criterion, and services are equal everywhere, so the leader is known
for each extreme setting of the sliders.
"""

from __future__ import annotations

import datetime
import json

import pandas as pd
import pytest

from emile import indicators, snapshot
from harness.server import running_app

pytestmark = pytest.mark.browser
CODES = [f"{n:02d}" for n in range(1, 13)]


def _snapshot(root) -> None:
    scorable = [i for i in indicators.for_level("departement") if i.higher_is_better is not None]
    if not {"emploi", "logement"} <= {i.theme for i in scorable}:
        pytest.skip("le catalogue n'a pas encore d'indicateurs d'emploi et de logement au niveau départemental")
    frame = pd.DataFrame(index=pd.Index(CODES, name="code"))
    frame["nom"] = [f"Département test {c}" for c in CODES]
    middling = [float(n % 5 + 3) for n in range(len(CODES))]
    for indicator in scorable:
        values = pd.Series(middling if indicator.theme != "services" else 5.0, index=frame.index)
        leader = {"emploi": "01", "logement": "02"}.get(indicator.theme)
        if leader:
            values[leader] = 10.0 if indicator.higher_is_better else 0.0
        frame[indicator.id] = values
    frame.to_parquet(root / "indicators_departement.parquet")
    manifest = {**snapshot.load_manifest(), "date_construction": datetime.date.today().isoformat(), "fichiers": {}}
    (root / "manifest.json").write_text(json.dumps(manifest))


@pytest.fixture(scope="module")
def classement_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("geodata")
    _snapshot(root)
    with running_app(env={"EMILE_GEODATA_DIR": str(root)}) as url:
        yield f"{url}/classement"


def _set_slider(page, name: str, key: str) -> None:
    slider = page.get_by_role("slider", name=name)
    slider.focus()
    slider.press(key)


def test_moving_theme_sliders_changes_the_leader(page, classement_url):
    page.goto(classement_url)
    page.get_by_text("En tête").wait_for(timeout=60_000)
    _set_slider(page, "Thème Emploi", "End")
    _set_slider(page, "Thème Logement", "Home")
    page.get_by_text("En tête : 1er Département test 01").wait_for(timeout=30_000)
    _set_slider(page, "Thème Logement", "End")
    _set_slider(page, "Thème Emploi", "Home")
    page.get_by_text("En tête : 1er Département test 02").wait_for(timeout=30_000)


def _slider_values(page) -> dict[str, str]:
    return dict(
        page.locator('[data-testid="stSlider"] input[type=range]').evaluate_all(
            "inputs => inputs.map(i => [i.getAttribute('aria-label'), i.value])"
        )
    )


def test_bassin_level_keeps_the_weights_and_leaving_the_page_keeps_the_work(page, app_url):
    """A fresh session at the bassin level used to show every slider at 0 while ranking with hidden weights; and
    visiting another page used to lose the work."""
    page.goto(f"{app_url}/classement")
    page.get_by_text("En tête").first.wait_for(timeout=60_000)
    page.get_by_text("Bassin d'emploi", exact=True).click()
    page.get_by_text("Choisissez au moins un département").wait_for(timeout=30_000)
    page.get_by_role("combobox", name="Départements étudiés").click()
    page.keyboard.type("Cantal")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.get_by_text("En tête").first.wait_for(timeout=60_000)
    page.wait_for_function("document.querySelectorAll('[data-testid=stSlider]').length > 20", timeout=30_000)
    values = _slider_values(page)
    assert {v for k, v in values.items() if k.startswith("Thème")} == {"1"}
    assert {v for k, v in values.items() if not k.startswith("Thème")} == {"5"}, values

    _set_slider(page, "Thème Logement", "End")
    page.wait_for_url("**themes=1-10-1**", timeout=30_000)
    page.get_by_role("link", name="Carte du programme").click()
    page.get_by_role("heading", name="EMILE Territoires").wait_for(timeout=60_000)
    page.get_by_role("link", name="Classement").click()
    page.get_by_text("En tête").first.wait_for(timeout=60_000)
    page.wait_for_url("**niveau=bassin**", timeout=30_000)
    assert "dep=15" in page.url and "themes=1-10-1" in page.url
    assert _slider_values(page)["Thème Logement"] == "10"
