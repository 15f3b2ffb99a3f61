"""A shared link opened as the very first request of a freshly started server shows the app, not a bare page."""

import pytest

from harness.server import running_app

pytestmark = pytest.mark.browser


def test_first_request_on_a_deep_link_gets_the_app_navigation(page):
    with running_app() as url:  # a server of its own: the shared one has already served other pages
        page.goto(f"{url}/sources")
        page.get_by_role("heading", name="Données et sources").wait_for(timeout=60_000)
        navigation = page.get_by_test_id("stSidebarNav")
        navigation.get_by_text("Carte du programme").wait_for(timeout=10_000)
        assert navigation.get_by_text("accueil", exact=True).count() == 0
