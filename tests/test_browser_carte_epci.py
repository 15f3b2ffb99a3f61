"""« Carte » at the EPCI scale in a real browser: a click on Saint-Flour Communauté opens its panel, whose link opens
its sheet."""

import pytest

from emile import geography
from emile.maps import classes, overlay
from emile.maps.view import fit_view
from emile.snapshot import load_geotable
from harness.browser import click_map, wait_for_map_colour

pytestmark = pytest.mark.browser
LOGEMENT_DARKEST = classes.PALETTES["logement"].steps[-1]
COMMUNAUTE = "200066660"


def test_a_click_on_an_epci_opens_its_panel_then_its_sheet(page, app_url):
    page.goto(app_url)  # the entry script first: it declares the pages
    page.get_by_role("heading", name="EMILE Territoires").wait_for(timeout=60_000)
    page.goto(f"{app_url}/carte?niveau=epci&dep=15")
    page.get_by_role("heading", name="Carte des territoires").wait_for(timeout=60_000)
    wait_for_map_colour(page, LOGEMENT_DARKEST, minimum=200)
    page.wait_for_timeout(1000)  # deck.gl picks only once its first frame is settled

    cantal = geography.load_departements().set_index("code").loc["15", "geometry"]
    view = fit_view(cantal.bounds, overlay.MAP_WIDTH_PX, overlay.MAP_HEIGHT_PX, overlay.FIT_PADDING)
    epci = load_geotable("epci").set_index("code").loc[COMMUNAUTE, "geometry"]
    point = epci.intersection(cantal).representative_point()
    panel = page.get_by_role("heading", name=f"Saint-Flour Communauté ({COMMUNAUTE})")
    click_map(page, point.x, point.y, view, lambda: panel.wait_for(timeout=5_000))
    panel.wait_for(timeout=30_000)
    assert f"epci={COMMUNAUTE}" in page.url and "niveau=epci" in page.url

    page.get_by_role("link", name="Ouvrir la fiche de Saint-Flour Communauté (écran et PDF)").click()
    page.get_by_role("heading", name=f"Saint-Flour Communauté ({COMMUNAUTE})").wait_for(timeout=90_000)
    page.get_by_text("Rang dans son niveau").wait_for(timeout=30_000)
    assert "/fiche" in page.url
