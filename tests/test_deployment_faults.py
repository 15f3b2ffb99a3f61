"""Faults a shared deployment must survive, on a real PostgreSQL (and SQLite where the fault applies to it too):

- PostgreSQL restarted while a visitor's session is open: the Placements page says so in French (no SQL, no
  traceback) and shows the figures again at the next rerun once the server is back, without restarting the app;
- PostgreSQL restarted in the middle of an import: the import fails with a French message, nothing of it is written,
  and the same store (no restart) takes the import again once the server is back;
- the process running an import killed half-way (``kill -9``, as a replica killed by its orchestrator): nothing of it
  is written and the write lock is free for the next import.

Disk full during a snapshot build is in ``test_build.py``; a replica down behind the proxy in ``test_replicas.py``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from operator_files import many_households

from emile.config import PROJECT_ROOT, load_config
from emile.geography import load_communes
from emile.placements import importer
from emile.placements.releases import publish_release
from emile.placements.store import Store, StoreError, open_store
from harness.server import serving
from harness.streamlit_session import SimulatedSession, run_sessions

TECHNICAL = ("Traceback", "psycopg", "sqlalchemy", "SELECT", "OperationalError", "DatabaseError")
UNAVAILABLE = "La base des placements est inaccessible pour le moment"


@pytest.fixture(scope="module")
def communes():
    return load_communes()


def _import(store: Store, communes, count: int = 7) -> importer.ImportPlan:
    return importer.import_file(
        store,
        many_households(count),
        "suivi.csv",
        operator_code="AURORE",
        actor="planificateur@test",
        communes=set(communes["code"]),
        settings=load_config().placements,
    )


def _nothing_real(store: Store) -> bool:
    return store.count_households(demo=False) == 0 and store.audit_log().empty


async def _placements_through_a_restart(url: str, cluster) -> list[str]:
    async with SimulatedSession(url, timeout_s=120) as session:
        await session.open_page()
        texts = [(await session.open_page("Placements")).text()]
        cluster.stop()
        down = await session.rerun()
        assert not down.exceptions, down.exceptions
        texts.append(down.text())
        cluster.start()
        texts.append((await session.rerun()).text())
        return texts


def test_postgresql_restarted_during_a_session_is_said_in_french_and_the_page_recovers(own_postgres, communes):
    url = f"{own_postgres.url}/postgres"
    store = open_store(url)
    assert _import(store, communes).applied
    release = publish_release(store, communes, load_config().placements, actor="planificateur@test")
    store.engine.dispose()
    published = f"Chiffres publiés le {release.local_time:%d/%m/%Y}"
    with serving({"DATABASE_URL": url}) as app:
        before, down, after = run_sessions(_placements_through_a_restart(app.url, own_postgres))
        assert app.process.poll() is None
    assert published in before
    assert UNAVAILABLE in down and "le serveur de base de données ne répond pas" in down and published not in down
    assert not any(word in down for word in TECHNICAL)
    assert published in after and UNAVAILABLE not in after


def test_postgresql_restarted_during_an_import_writes_nothing_and_the_same_store_recovers(
    own_postgres, communes, monkeypatch
):
    store = open_store(f"{own_postgres.url}/postgres")
    write_changes = importer.write_changes

    def write_then_crash(session, *args, **kwargs) -> None:
        write_changes(session, *args, **kwargs)
        session.flush()  # the rows are in the server's transaction when it goes down
        own_postgres.stop()

    monkeypatch.setattr(importer, "write_changes", write_then_crash)
    with pytest.raises(StoreError) as failed:
        _import(store, communes)
    assert str(failed.value).startswith(f"Rien n'a été enregistré. {UNAVAILABLE}")
    assert not any(word in str(failed.value) for word in TECHNICAL)

    own_postgres.start()
    monkeypatch.setattr(importer, "write_changes", write_changes)
    assert _nothing_real(store)
    assert _import(store, communes).applied
    assert store.count_households(demo=False) == 7
    store.engine.dispose()


# Stands for an app replica that an import is running in: the import writes its rows, says so, and waits.
_KILLED_IMPORT = textwrap.dedent(
    """
    import sys, time
    from emile.config import load_config
    from emile.geography import load_communes
    from emile.placements import importer
    from emile.placements.store import open_store
    sys.path.insert(0, "tests")
    from operator_files import many_households

    write_changes = importer.write_changes

    def write_and_hang(session, *args, **kwargs):
        write_changes(session, *args, **kwargs)
        session.flush()
        print("rows written", flush=True)
        time.sleep(600)

    importer.write_changes = write_and_hang
    communes = set(load_communes()["code"])
    importer.import_file(
        open_store(sys.argv[1]), many_households(50), "suivi.csv", operator_code="AURORE", actor="planificateur@test",
        communes=communes, settings=load_config().placements,
    )
    """
)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'placements.sqlite'}"
    return request.getfixturevalue("postgres_url")


def test_a_process_killed_during_an_import_leaves_nothing_half_written(store_url, communes):
    open_store(store_url).engine.dispose()  # migrated beforehand, so the child's only write is the import
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_IMPORT, store_url],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "rows written"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    store = open_store(store_url, busy_timeout_s=5)
    assert _nothing_real(store)
    assert _import(store, communes).applied  # within 5 s: the dead import's lock went with it
    assert store.count_households(demo=False) == 7
    store.engine.dispose()
