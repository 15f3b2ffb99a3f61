"""« Carte » in a real browser (Chromium, software WebGL): a click on Cantal draws its communes, the search opens a
commune's panel."""

import pytest

from emile import geography
from emile.maps import classes, overlay
from emile.maps.view import fit_view
from harness.browser import click_map, coloured_pixels, wait_for_map_colour

pytestmark = pytest.mark.browser
EMPLOI_DARKEST = classes.PALETTES["emploi"].steps[-1]


def _open_carte(page, app_url: str, query: str = "") -> None:
    page.goto(app_url)  # the app's entry script first: it declares the pages, so /carte resolves to this page
    page.get_by_role("heading", name="EMILE Territoires").wait_for(timeout=60_000)
    page.goto(f"{app_url}/carte{query}")
    page.get_by_role("heading", name="Carte des territoires").wait_for(timeout=60_000)


def test_a_click_on_cantal_draws_its_communes(page, app_url):
    _open_carte(page, app_url)
    wait_for_map_colour(page, EMPLOI_DARKEST, minimum=300)
    page.wait_for_timeout(1000)  # deck.gl picks only once its first frame is settled

    departements = geography.load_departements()
    metropole = departements[~departements["code"].map(geography.is_overseas)]
    view = fit_view(metropole.total_bounds, overlay.MAP_WIDTH_PX, overlay.MAP_HEIGHT_PX, overlay.FIT_PADDING)
    cantal = metropole.set_index("code").loc["15", "geometry"].representative_point()
    cantal_button = page.get_by_role("button", name="Cantal (15)")
    click_map(page, cantal.x, cantal.y, view, lambda: cantal_button.wait_for(timeout=5_000))
    cantal_button.wait_for(timeout=30_000)
    assert "dep=15" in page.url and "niveau=communes" in page.url
    # Faded neighbours over a good part of the map: the national map, dimmed by Streamlit after the click, already
    # shows some 2,000 pixels of nearly that colour.
    wait_for_map_colour(page, overlay.NEIGHBOUR_FILL, minimum=15_000, timeout_s=30)
    # The communes are coloured in at least three classes of the emploi palette.
    shot = page.locator("canvas").first.screenshot()
    drawn = [c for c in classes.palette("emploi", 5) if coloured_pixels(shot, c, tolerance=12) > 200]
    assert len(drawn) >= 3


def test_the_search_opens_a_commune_panel(page, app_url):
    _open_carte(page, app_url)
    search = page.get_by_label("Rechercher une commune")
    search.fill("saint flour")
    search.press("Enter")
    page.get_by_role("heading", name="Saint-Flour (15187)").wait_for(timeout=30_000)
    assert "commune=15187" in page.url
    panel = page.get_by_role("table").first
    assert "Médiane du département" in panel.inner_text() and "Taux de vacance du parc privé" in panel.inner_text()
    wait_for_map_colour(page, overlay.SELECTED_OUTLINE, minimum=40, timeout_s=30)
