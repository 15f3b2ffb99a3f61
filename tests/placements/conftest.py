"""Fixtures for the placement tests: small commune table and settings (the ``store`` fixture, on SQLite and on a
real PostgreSQL, is in ``tests/conftest.py``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from emile.config import Operator, PlacementSettings

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
