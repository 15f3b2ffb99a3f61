"""A shared link opened as the very first request of a freshly started server shows the app, not a bare page.

Streamlit 1.67 has no supported way to make a folder named ``pages/`` run through ``app.py``'s ``st.navigation`` on a
first deep link (no configuration option; the issue tracker only documents the behaviour), so ``ui/serve.py`` sets
the flag ``st.navigation`` itself sets. The second test watches the premise: when a Streamlit upgrade makes a plain
``streamlit run`` behave, it fails and says the launcher can go.
"""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from streamlit.runtime.pages_manager import PagesManager

from harness.server import serving

pytestmark = pytest.mark.browser


def _first_page_shows_the_app_navigation(page, through_launcher: bool) -> bool:
    with serving(through_launcher=through_launcher) as app:  # a server of its own: nothing served before
        page.goto(f"{app.url}/sources")
        page.get_by_role("heading", name="Données et sources").wait_for(timeout=60_000)
        navigation = page.get_by_test_id("stSidebarNav")
        try:
            navigation.get_by_text("Carte du programme").wait_for(timeout=10_000)
        except PlaywrightTimeout:  # no such entry: the bare first-generation page
            return False
        return navigation.get_by_text("accueil", exact=True).count() == 0


def test_first_request_on_a_deep_link_gets_the_app_navigation(page):
    assert _first_page_shows_the_app_navigation(page, through_launcher=True)


def test_the_launcher_is_still_needed(page):
    assert hasattr(PagesManager, "uses_pages_directory"), (
        "Streamlit no longer has PagesManager.uses_pages_directory: ui/serve.py must be revisited."
    )
    assert not _first_page_shows_the_app_navigation(page, through_launcher=False), (
        "A plain `streamlit run app.py` now runs app.py's navigation on a first deep link: drop ui/serve.py and "
        "make `make run` a plain `streamlit run app.py`."
    )
