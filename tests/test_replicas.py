"""The shared deployment of deploy/compose.yaml, with processes instead of containers: two app replicas on 127.0.0.1
against one PostgreSQL (the session's server), Debian's nginx in front with deploy/nginx.conf.

It shows that the replicas share nothing but the database: a write to the store through the domain API (the import
and publication a planner makes in whichever replica holds their session) shows at the next rerun of sessions
already open on both replicas, whose caches are keyed by the store's version, and both then serve the same public
release; that the proxy keeps a browser on one replica and spreads new browsers over both; and that with one
replica killed the proxy still serves new sessions while a session on the other one carries on, through that
replica's restart. Sessions speak Streamlit's websocket protocol (``harness.streamlit_session``).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import psycopg
import pytest
import requests
from operator_files import many_households

from emile.config import load_config
from emile.geography import load_communes
from emile.placements.importer import import_file
from emile.placements.releases import publish_release
from emile.placements.store import open_store
from harness.proxy import Proxy, nginx_binary, reverse_proxy
from harness.server import AppProcess, serving
from harness.streamlit_session import SimulatedSession, run_sessions

pytestmark = pytest.mark.replicas

PLACEMENTS = "Placements"
NOTHING_PUBLISHED = "Aucun chiffre de placement publié pour l'instant."


@dataclass
class Deployment:
    database_url: str
    replicas: list[AppProcess]
    proxy: Proxy

    def address(self, replica: AppProcess) -> str:
        return replica.url.removeprefix("http://")


@pytest.fixture(scope="module")
def deployment(postgres_server: str) -> Iterator[Deployment]:
    if nginx_binary() is None:
        pytest.skip("nginx absent (make test installe le paquet Debian nginx)")
    name = f"replicas_{secrets.token_hex(4)}"
    admin = postgres_server.replace("postgresql+psycopg", "postgresql") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = f"{postgres_server}/{name}"
    try:
        with ExitStack() as stack:
            replicas = [stack.enter_context(serving({"DATABASE_URL": url})) for _ in range(2)]
            proxy = stack.enter_context(reverse_proxy([r.url.removeprefix("http://") for r in replicas]))
            yield Deployment(url, replicas, proxy)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_proxy_keeps_a_browser_on_one_replica_and_spreads_new_ones(deployment: Deployment):
    before = len(deployment.proxy.served_by())
    browser = requests.Session()
    for _ in range(5):
        assert browser.get(f"{deployment.proxy.url}/_stcore/health", timeout=10).ok
    key = browser.cookies["emile_replica"]
    newcomers = [requests.get(f"{deployment.proxy.url}/_stcore/health", timeout=10) for _ in range(20)]
    assert all(reply.ok for reply in newcomers)
    served = deployment.proxy.served_by()[before:]
    assert len({address for address, _ in served[:5]}) == 1 and {sticky for _, sticky in served[1:5]} == {key}
    assert {address for address, _ in served[5:]} == {deployment.address(r) for r in deployment.replicas}


async def _placements_pages(deployment: Deployment) -> tuple[list[str], list[str]]:
    """The Placements page of a session opened directly on each replica, before and after a store write."""
    async with (
        SimulatedSession(deployment.replicas[0].url, timeout_s=120) as first,
        SimulatedSession(deployment.replicas[1].url, timeout_s=120) as second,
    ):
        for session in (first, second):
            await session.open_page()
            assert NOTHING_PUBLISHED in (await session.open_page(PLACEMENTS)).text()

        store = open_store(deployment.database_url)
        communes = load_communes()
        settings = load_config().placements
        report = import_file(
            store,
            many_households(7),
            "suivi.csv",
            operator_code="AURORE",
            actor="planificateur@test",
            communes=set(communes["code"]),
            settings=settings,
        )
        assert report.applied, report.errors
        release = publish_release(store, communes, settings, actor="planificateur@test")
        store.engine.dispose()

        after = [await session.rerun() for session in (first, second)]
        for run in after:
            assert not run.exceptions, run.exceptions
            assert any(f"Chiffres publiés le {release.local_time:%d/%m/%Y}" in text for text in run.texts), run.texts
            assert NOTHING_PUBLISHED not in run.text()
        return after[0].texts, after[1].texts


def test_a_store_write_shows_in_both_replicas_which_serve_the_same_release(deployment: Deployment):
    first, second = run_sessions(_placements_pages(deployment))
    assert first == second
    assert "Ménages installés" in first and "7" in first


@pytest.mark.browser
def test_a_browser_through_the_proxy_gets_the_map_and_keeps_its_replica(deployment: Deployment, page):
    from emile import geography
    from harness.browser import wait_for_map_colour

    page.goto(deployment.proxy.url)
    page.get_by_role("heading", name="EMILE Territoires").wait_for(timeout=60_000)
    wait_for_map_colour(page, geography.STATUS_COLOURS[geography.Status.PILOTE], minimum=300)
    keys = {c["value"] for c in page.context.cookies() if c["name"] == "emile_replica"}
    assert len(keys) == 1
    answered = {address for address, sticky in deployment.proxy.served_by() if sticky in keys}
    assert len(answered) == 1  # every request that carried the key, websocket included, reached one replica


async def _open_home(url: str, cookies: dict[str, str] | None = None) -> None:
    async with SimulatedSession(url, timeout_s=120, cookies=cookies) as session:
        run = await session.open_page()
        assert not run.exceptions and "Classement" in session.pages, run.exceptions


async def _survives(deployment: Deployment) -> None:
    """A session through the proxy on one replica while the other is killed, new sessions arrive, and the killed one
    comes back on its port."""
    proxy = deployment.proxy
    browser = requests.Session()
    assert browser.get(f"{proxy.url}/_stcore/health", timeout=10).ok
    holder = proxy.served_by()[-1][0]
    other = next(r for r in deployment.replicas if deployment.address(r) != holder)
    async with SimulatedSession(proxy.url, timeout_s=120, cookies=dict(browser.cookies)) as session:
        assert not (await session.open_page()).exceptions

        other.process.kill()
        other.process.wait()
        assert not (await session.open_page("Classement")).exceptions
        before = len(proxy.served_by())
        for _ in range(6):
            newcomer = requests.Session()
            assert newcomer.get(f"{proxy.url}/_stcore/health", timeout=10).ok
            page = newcomer.get(f"{proxy.url}/", timeout=10)
            assert page.ok and "<noscript>" in page.text
        assert {address for address, _ in proxy.served_by()[before:]} == {holder}
        for _ in range(2):
            await _open_home(proxy.url)

        port = int(other.url.rsplit(":", 1)[1])
        with serving({"DATABASE_URL": deployment.database_url}, port=port) as restarted:
            assert requests.get(f"{restarted.url}/_stcore/health", timeout=10).ok
            assert not (await session.rerun()).exceptions
            await _open_home(restarted.url)


def test_with_one_replica_killed_the_proxy_serves_new_sessions_and_the_other_carries_on(deployment: Deployment):
    run_sessions(_survives(deployment))
