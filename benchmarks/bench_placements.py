"""Timings of the placement store on inputs of production size (targets from issue 6: importing 10,000 journey rows
≤ 5 s; Placements page rerun ≤ 300 ms with 10,000 households).

Inputs are the fictitious demo cohort (random journeys between real communes), written as an operator file: only the
time matters here. ``baseline`` is the naive way of doing the same work, measured in the same run; ``ratio`` is
value / baseline (below 1: faster).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from emile.config import PROJECT_ROOT, load_config
from emile.geography import load_communes
from emile.placements.aggregates import publish
from emile.placements.demo import create_demo, programme_cohort
from emile.placements.importer import import_file
from emile.placements.models import Household, JourneyStep, Operator
from emile.placements.store import open_store
from emile.placements.template import COLUMN_NAMES, FIELD_OF
from emile.uploads.reading import SEPARATOR

ROWS = 10_000
NAIVE_SAMPLE = 500
TODAY = dt.date(2025, 6, 30)


def _communes() -> pd.DataFrame:
    return load_communes()[["code", "nom", "departement", "population", "lon", "lat"]]


def _cohort(households: int, communes: pd.DataFrame) -> pd.DataFrame:
    return programme_cohort(load_config(), communes, size=households, today=TODAY, seed=6)


def _operator_file(records: pd.DataFrame) -> bytes:
    """The records as the operator template (French headers, ``;``, oui/non, ISO dates)."""
    names = {field: name for name, field in FIELD_OF.items()}
    frame = records.assign(operator="AURORE").rename(columns=names)[list(COLUMN_NAMES)]
    for column in frame.columns:
        frame[column] = frame[column].map(
            lambda v: (
                ""
                if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v))
                else (
                    "oui"
                    if v is True
                    else "non"
                    if v is False
                    else v.strftime("%Y-%m-%d")
                    if hasattr(v, "strftime")
                    else str(v)
                )
            )
        )
    return frame.to_csv(sep=SEPARATOR, index=False).encode("utf-8")


def _naive_seconds_per_row(records: pd.DataFrame, folder: Path) -> float:
    """Row-by-row ORM inserts with a commit per row (no validation at all), on ``NAIVE_SAMPLE`` rows."""
    store = open_store(f"sqlite:///{folder / 'naive.sqlite'}")
    sample = records.head(NAIVE_SAMPLE)
    with store.sessions() as session:
        operator = Operator(code="AURORE", name="Aurore", is_demo=False)
        session.add(operator)
        session.commit()
        start = time.perf_counter()
        households: dict[str, Household] = {}
        for row in sample.to_dict("records"):
            household = households.get(row["external_id"])
            if household is None:
                household = Household(
                    operator_id=operator.id,
                    external_id=row["external_id"],
                    is_demo=False,
                    size=row["size"],
                    adults=row["adults"],
                    children=row["children"],
                    origin_commune=row["origin_commune"],
                    destination_commune=row["destination_commune"],
                )
                households[row["external_id"]] = household
                session.add(household)
                session.commit()
            session.add(JourneyStep(household_id=household.id, step=row["step"], date=row["date"].date()))
            session.commit()
        elapsed = time.perf_counter() - start
    store.engine.dispose()
    return elapsed / len(sample)


def import_10k_rows(communes: pd.DataFrame) -> dict[str, object]:
    records = _cohort(2_600, communes).head(ROWS)
    content = _operator_file(records)
    settings = load_config().placements
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        start = time.perf_counter()
        report = import_file(
            store,
            content,
            "bench.csv",
            operator_code="AURORE",
            actor="bench",
            communes=set(communes["code"]),
            settings=settings,
            today=TODAY,
        )
        value = time.perf_counter() - start
        assert report.ok and report.rows_added == len(records), report.errors[:3]
        store.engine.dispose()
        baseline = _naive_seconds_per_row(records, Path(folder)) * len(records)
    return {
        "name": "import_10k_rows_s",
        "value": value,
        "unit": "s",
        "baseline": baseline,
        "ratio": value / baseline,
        "note": f"baseline: naive row-by-row ORM insert, commit per row, no validation, timed on {NAIVE_SAMPLE} "
        f"rows and extrapolated to {len(records)}",
    }


def page_rerun_10k_households(communes: pd.DataFrame) -> dict[str, object]:
    """AppTest rerun of the Placements page over 10,000 demo households (aggregates cached by store version).
    Baseline: the same rerun with the cache cleared, i.e. reading the store and recomputing every aggregate."""
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'page.sqlite'}"
        create_demo(open_store(url), _cohort(10_000, communes))
        previous = os.environ.get("DATABASE_URL")
        os.environ["DATABASE_URL"] = url
        try:
            app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=300)
            app.switch_page("pages/placements.py")
            app.run()
            timings, cold = [], []
            for _ in range(5):
                start = time.perf_counter()
                app.run()
                timings.append(time.perf_counter() - start)
            store = open_store(url)
            households = store.households(demo=True)
            for _ in range(3):
                start = time.perf_counter()
                publish(store.households(demo=True), communes, threshold=5)
                cold.append(time.perf_counter() - start)
            store.engine.dispose()
            assert len(households) == 10_000
        finally:
            if previous is None:
                os.environ.pop("DATABASE_URL", None)
            else:
                os.environ["DATABASE_URL"] = previous
    value, baseline = statistics.median(timings), statistics.median(cold)
    return {
        "name": "placements_page_rerun_10k_households_s",
        "value": value,
        "unit": "s",
        "baseline": baseline,
        "ratio": value / baseline,
        "note": "baseline: reading the 10,000 households and recomputing the suppressed aggregates (cache miss)",
    }


def run() -> list[dict[str, object]]:
    communes = _communes()
    return [import_10k_rows(communes), page_rerun_10k_households(communes)]


if __name__ == "__main__":
    for result in run():
        print(result)
