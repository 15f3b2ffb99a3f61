"""The three journeys of the people who tried the app, played in a real browser on the committed snapshot:

- a DIHAL planner preparing a 2027 call in « Classement »: preset, a weight moved by hand, TOPSIS, a name, another
  page and back, the link reopened in a fresh browser, the XLSX export;
- a prefecture officer of Lozère: the Carte, then the sidebar's « Fiche territoire » on Lozère with the population
  the home page shows (one vintage, read from the snapshot), and the PDF;
- the mayor of Saint-Flour: the commune search on the Carte and the commune panel with its bassin's BMO figures.

Each journey keeps screenshots of its key screens in test-artifacts/journeys/ for review.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from emile import snapshot
from emile.commune_profile import bassin_profile
from emile.config import PROJECT_ROOT
from emile.formatting import indicator_value, number
from emile.geography import load_communes
from emile.offers.places import commune_places

pytestmark = pytest.mark.browser
SHOTS = PROJECT_ROOT / "test-artifacts" / "journeys"
WAIT = 90_000  # the machine is shared: a rerun may take seconds


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _open(page, url: str, heading: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name=heading).first.wait_for(timeout=WAIT)


def _choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label`` as a person does: open it, type, choose."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.press("Control+A")
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()


def _selected(page, label: str) -> str:
    """The option a selectbox shows."""
    return page.get_by_role("combobox", name=label).input_value()


def _slider_value(page, name: str) -> str:
    return page.get_by_role("slider", name=name).evaluate("e => String(e.value ?? e.getAttribute('aria-valuenow'))")


def _wait_for_value(page, label: str, value: str) -> None:
    """Wait until the field labelled ``label`` holds ``value`` (the page may still be drawing it)."""
    page.wait_for_function(
        "([label, value]) => [...document.querySelectorAll('input')].some("
        "i => i.getAttribute('aria-label') === label && i.value === value)",
        arg=[label, value],
        timeout=WAIT,
    )


def _settled(page) -> None:
    """Wait until the app has finished its rerun: no element left from the previous run, no « running » status."""
    script = (
        "() => !document.querySelector('[data-stale=\"true\"]') "
        "&& !document.querySelector('[data-testid=\"stStatusWidget\"]')"
    )
    for _ in range(2):  # twice, a moment apart: a rerun may start right after a callback
        page.wait_for_function(script, timeout=WAIT)
        page.wait_for_timeout(700)


def _leader(page) -> str:
    _settled(page)
    return page.get_by_text(re.compile(r"^En tête : ")).first.inner_text()


def _sidebar(page, name: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=name).click()


def test_a_planner_prepares_a_2027_call_and_finds_it_again_by_its_link(page, browser, app_url):
    _open(page, f"{app_url}/classement", "Classement des territoires")
    page.get_by_text("En tête").first.wait_for(timeout=WAIT)

    _choose(page, "Préréglage", "Emploi d'abord")
    page.wait_for_url("**prereglage=emploi**", timeout=WAIT)
    assert _selected(page, "Préréglage") == "Emploi d'abord"

    # A criterion weight moved by hand: the preset box no longer names a preset.
    slider = page.get_by_role("slider", name="Projets de recrutement pour 1 000 habitants (BMO 2025)")
    slider.focus()
    slider.press("End")
    page.wait_for_function(
        "() => document.querySelector('input[aria-label=\"Préréglage\"]').value === 'Personnalisé'", timeout=WAIT
    )

    _choose(page, "Méthode", "TOPSIS (proximité à l'idéal)")
    page.wait_for_url("**methode=topsis**", timeout=WAIT)
    name = page.get_by_label("Nom du scénario")
    name.fill("Appel 2027")
    name.press("Enter")
    page.wait_for_url("**nom=Appel*2027**", timeout=WAIT)
    page.get_by_text("En tête").first.wait_for(timeout=WAIT)
    leader = _leader(page)
    link = page.url
    page.get_by_text(leader, exact=True).first.scroll_into_view_if_needed()
    _shot(page, "planificateur_1_classement")

    # Another page and back through the sidebar: the work is still there.
    _sidebar(page, "Carte du programme")
    page.get_by_role("heading", name="EMILE Territoires").wait_for(timeout=WAIT)
    _sidebar(page, "Classement")
    page.get_by_text("En tête").first.wait_for(timeout=WAIT)
    page.wait_for_url("**methode=topsis**", timeout=WAIT)
    assert _selected(page, "Méthode") == "TOPSIS (proximité à l'idéal)"
    _wait_for_value(page, "Nom du scénario", "Appel 2027")
    assert _slider_value(page, "Projets de recrutement pour 1 000 habitants (BMO 2025)") == "10"

    # The link, opened by a colleague in a browser of their own, gives the same ranking.
    colleague = browser.new_context(viewport={"width": 1400, "height": 900}, locale="fr-FR")
    try:
        shared = colleague.new_page()
        shared.goto(app_url)
        shared.get_by_role("heading", name="EMILE Territoires").wait_for(timeout=WAIT)
        shared.goto(link)
        shared.get_by_text("En tête").first.wait_for(timeout=WAIT)
        assert _leader(shared) == leader
        assert _selected(shared, "Méthode") == "TOPSIS (proximité à l'idéal)"
        assert _selected(shared, "Préréglage") == "Personnalisé"
        _wait_for_value(shared, "Nom du scénario", "Appel 2027")
        shared.get_by_text(leader, exact=True).first.scroll_into_view_if_needed()
        _shot(shared, "planificateur_2_lien_partage")
    finally:
        colleague.close()

    with page.expect_download(timeout=WAIT) as download_info:
        page.get_by_role("button", name="Exporter le classement (XLSX)").click()
    book = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()), read_only=True)
    ranking = book[book.sheetnames[0]]
    header = [cell.value for cell in next(ranking.iter_rows(max_row=1))]
    assert "Territoire" in header and "Rang" in header
    assert ranking.max_row > 50  # every ranked département
    parameters = "\n".join(
        str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value
    )
    assert "Appel 2027" in parameters and "TOPSIS" in parameters


def test_a_prefecture_officer_of_lozere_goes_from_the_map_to_the_sheet_and_its_pdf(page, app_url):
    population = number(snapshot.load_indicators("departement").at["48", "population"])
    _open(page, app_url, "EMILE Territoires")
    _sidebar(page, "Carte des territoires")
    page.get_by_role("heading", name="Carte des territoires").wait_for(timeout=WAIT)
    _choose(page, "Département", "Lozère (48)")
    page.wait_for_url("**dep=48**", timeout=WAIT)
    page.get_by_role("button", name="Lozère (48)").wait_for(timeout=WAIT)
    _shot(page, "prefecture_1_carte_lozere")

    # The sidebar's link carries no parameter: the sheet opens on the département of the map.
    _sidebar(page, "Fiche territoire")
    page.get_by_role("heading", name="Lozère (48)").wait_for(timeout=WAIT)
    page.wait_for_url("**dep=48**", timeout=WAIT)
    page.get_by_text(f"{population} hab. (2021)").first.wait_for(timeout=WAIT)
    _shot(page, "prefecture_2_fiche_lozere")

    with page.expect_download(timeout=WAIT) as download_info:
        page.get_by_role("button", name="Télécharger la fiche (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "fiche_48_lozere.pdf"
    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    printed = reader.pages[0].extract_text()
    assert len(reader.pages) == 1 and "Lozère (48)" in printed
    assert f"{population}\u00a0hab. (2021)" in printed or f"{population} hab. (2021)" in printed

    # The home page gives the same population for the département chosen.
    _sidebar(page, "Carte du programme")
    page.get_by_role("heading", name="Lozère (48)").wait_for(timeout=WAIT)
    habitants = page.locator('[data-testid="stMetric"]').filter(has_text="Habitants")
    assert habitants.locator('[data-testid="stMetricValue"]').inner_text().strip() == population
    vintage = snapshot.load_manifest()["populations_reference"]["departement"]
    page.get_by_text(f"Population : {vintage}").wait_for(timeout=WAIT)
    _shot(page, "prefecture_3_accueil_lozere")


def test_the_mayor_of_saint_flour_finds_the_commune_and_its_bassin_figures(page, app_url):
    bassins = snapshot.load_indicators("bassin")
    places = commune_places(load_communes(), snapshot.load_geotable("bassins"))
    bassin = bassin_profile(places, bassins, "15187")
    assert bassin is not None
    projects = indicator_value(bassins.at[bassin.code, "bmo_projets"], "projets")

    _open(page, app_url, "EMILE Territoires")
    _sidebar(page, "Carte des territoires")
    page.get_by_role("heading", name="Carte des territoires").wait_for(timeout=WAIT)
    search = page.get_by_label("Rechercher une commune")
    search.fill("Saint-Flour")
    search.press("Enter")
    page.get_by_role("heading", name="Saint-Flour (15187)").wait_for(timeout=WAIT)
    title = page.get_by_text("Recrutements dans le bassin d'emploi de Saint-Flour (valeurs du bassin)", exact=True)
    title.wait_for(timeout=WAIT)
    title.scroll_into_view_if_needed()
    figures = page.get_by_role("table").nth(1).inner_text()
    assert "Médiane des bassins" in figures and projects in figures
    assert "BMO 2025" in figures
    _shot(page, "maire_1_saint_flour")
