"""Fixtures for the placement tests: small commune table, settings and one way to import an operator file (the
``store`` fixture, on SQLite and on a real PostgreSQL, is in ``tests/conftest.py``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from emile.config import Operator, PlacementSettings
from emile.placements.importer import ImportPlan, import_file
from emile.placements.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "placements"
TODAY = dt.date(2025, 6, 30)


@pytest.fixture(scope="session")
def communes() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "communes.csv", dtype={"code": "string", "departement": "string"})


@pytest.fixture(scope="session")
def settings() -> PlacementSettings:
    return PlacementSettings(
        suppression_threshold=5,
        max_file_mb=20,
        operators=[Operator(code="AURORE", name="Aurore"), Operator(code="ACSC", name="ACSC")],
    )


def run_import(
    store: Store,
    content: bytes,
    communes: pd.DataFrame,
    settings: PlacementSettings,
    *,
    filename: str = "suivi.csv",
    operator: str = "AURORE",
    dry_run: bool = False,
) -> ImportPlan:
    """``import_file`` (check, plan and apply in one call) for ``operator``, on the fixtures' date and over the
    ``communes`` fixture: how every placement test imports a file."""
    return import_file(
        store,
        content,
        filename,
        operator_code=operator,
        actor="test@example.org",
        communes=set(communes["code"]),
        settings=settings,
        today=TODAY,
        dry_run=dry_run,
    )
