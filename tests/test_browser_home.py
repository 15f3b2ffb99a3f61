"""What a person sees (real Chromium, software WebGL): the national map draws, a click opens a département."""
import pytest

from emile import geography
from harness.browser import screen_position, wait_for_map_colour

pytestmark = pytest.mark.browser
PILOT_BLUE = geography.STATUS_COLOURS[geography.Status.PILOTE]


def test_map_draws_then_a_click_on_cantal_opens_its_panel(page, app_url):
    page.goto(app_url)
    page.get_by_role("heading", name="EMILE Territoires").wait_for(timeout=60_000)
    wait_for_map_colour(page, PILOT_BLUE, minimum=300)
    page.wait_for_timeout(1000)  # deck.gl picks only once its first frame is settled

    cantal = geography.load_departements().set_index("code").loc["15", "geometry"].representative_point()
    box = page.locator("canvas").first.bounding_box()
    x, y = screen_position(cantal.x, cantal.y, geography.VIEWS[geography.METROPOLE], box["width"], box["height"])
    page.mouse.click(box["x"] + x, box["y"] + y)

    page.get_by_role("heading", name="Cantal (15)").wait_for(timeout=30_000)
    assert page.get_by_text("Pilote 2019; territoire d'accueil (liste 2024)").is_visible()
    assert "dep=15" in page.url
