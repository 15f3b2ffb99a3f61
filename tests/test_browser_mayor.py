"""The mayor's journey in a real browser: on the home page she types « saint flour », reads her commune's sheet,
downloads its PDF, switches to Saint-Flour Communauté and sees where it ranks among the EPCI of Cantal and of
France."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("EMILE_SCREENSHOTS")  # a folder to keep the screens in, for a person to look at


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_the_mayor_of_saint_flour_finds_her_sheets_and_the_rank_of_her_epci(page, app_url):
    page.goto(app_url)
    page.get_by_role("heading", name="EMILE Territoires").wait_for(timeout=60_000)
    search = page.get_by_label("Mon territoire : tapez le nom de votre commune ou de votre EPCI")
    search.fill("saint flour")
    search.press("Enter")
    commune_link = page.get_by_role("link", name="Saint-Flour (commune, 15187, dép. 15)")
    commune_link.wait_for(timeout=30_000)
    page.get_by_role("link", name="Saint-Flour Communauté (EPCI, 200066660, dép. 15)").wait_for(timeout=5_000)
    _shot(page, "accueil_mon_territoire")

    commune_link.click()
    page.get_by_role("heading", name="Saint-Flour (15187)").wait_for(timeout=90_000)
    page.get_by_text(re.compile(r"sur\s37\scommunes du département \(Cantal\) classées")).wait_for(timeout=30_000)
    page.wait_for_url("**commune=15187**", timeout=10_000)
    page.get_by_text("Métiers les plus recherchés · bassin d'emploi Saint-Flour").wait_for(timeout=10_000)
    _shot(page, "fiche_commune")

    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="Télécharger la fiche (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "fiche_15187_saint-flour.pdf"
    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    assert len(reader.pages) == 1 and "Saint-Flour (15187)" in reader.pages[0].extract_text()

    page.get_by_role("link", name="Fiche de Saint-Flour Communauté").click()
    page.get_by_role("heading", name="Saint-Flour Communauté (200066660)").wait_for(timeout=90_000)
    page.wait_for_url("**epci=200066660**", timeout=10_000)
    page.get_by_text(re.compile(r"sur\s9\sEPCI du département \(Cantal\) classés")).wait_for(timeout=30_000)
    page.get_by_text(re.compile(r"sur\s1\u202f171\sEPCI de France classés")).wait_for(timeout=10_000)
    _shot(page, "fiche_epci")
