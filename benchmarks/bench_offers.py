"""Timings of offers on inputs of production size (targets from issue 15: importing an offer file of 10,000 rows
≤ 5 s; « Offres des territoires » page rerun ≤ 300 ms with 50,000 offers in the store).

Inputs are the fictitious demo offers (drawn from the snapshot's real distributions), written as an employer's file
for the import: only the time matters here. ``baseline`` is the naive way of doing the same work, measured in the
same run; ``ratio`` is value / baseline (below 1: faster).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from pathlib import Path

import pandas as pd

from benchmarks.measure import median_seconds, result
from emile.config import PROJECT_ROOT, OffererAccount, load_config
from emile.geography import load_communes
from emile.offers import aggregates, capacity, demo, templates
from emile.offers import store as offer_store
from emile.offers.access import Principal
from emile.offers.importer import import_file
from emile.offers.metiers import Metiers
from emile.offers.models import JobOffer, Offerer
from emile.offers.places import commune_places
from emile.placements.store import open_store
from emile.snapshot import load_geotable, load_indicators, load_table
from emile.uploads.reading import SEPARATOR
from emile.uploads.template import column_names

ROWS = 10_000
NAIVE_SAMPLE = 500
PAGE_OFFERS = 50_000
TODAY = dt.date(2025, 6, 30)


def _hosts() -> list[str]:
    return sorted(load_config().territories.host_codes)


def _job_file(jobs: pd.DataFrame) -> bytes:
    """The demo jobs as the employer template (French headers, ``;``, oui/non, ISO dates, a valid SIRET)."""
    frame = pd.DataFrame(
        {
            "reference": [f"EMP-{n:05d}" for n in range(len(jobs))],
            "employeur": "Employeur de mesure",
            "siret": "12345678200002",
            "commune": jobs["commune"],
            "rome": jobs["rome"],
            "famille_fap": jobs["fap"],
            "contrat": jobs["contract"],
            "heures_hebdo": jobs["weekly_hours"].map(lambda h: f"{h:g}"),
            "debut_le": pd.to_datetime(jobs["start_date"]).dt.strftime("%Y-%m-%d"),
            "expire_le": (pd.Timestamp(TODAY) + pd.Timedelta(days=90)).strftime("%d/%m/%Y"),
            "permis_requis": jobs["driving_licence"].map({True: "oui", False: "non"}),
            "statut": "",
        }
    )[list(column_names(templates.JOB_COLUMNS))]
    return frame.to_csv(sep=SEPARATOR, index=False).encode("utf-8")


def _demo_jobs(size: int) -> pd.DataFrame:
    communes = load_communes()
    places = commune_places(communes, load_geotable("bassins"))
    projects = capacity.difficult_projects(load_table("bmo_metiers"))
    population = communes.set_index("code")["population"]
    return demo.job_offers(places, population, projects, load_table("rome_fap"), _hosts(), size=size, today=TODAY)


def _naive_seconds_per_row(jobs: pd.DataFrame, folder: Path) -> float:
    """Row-by-row ORM inserts with a commit per row (no validation, no audit), on ``NAIVE_SAMPLE`` rows."""
    store = open_store(f"sqlite:///{folder / 'naive.sqlite'}")
    with store.session() as session:
        owner = Offerer(code="MESURE", name="Employeur de mesure", role="employeur", is_demo=False)
        session.add(owner)
        session.commit()
        start = time.perf_counter()
        for n, row in enumerate(jobs.head(NAIVE_SAMPLE).to_dict("records")):
            session.add(
                JobOffer(
                    offerer_id=owner.id,
                    reference=f"EMP-{n:05d}",
                    is_demo=False,
                    commune=row["commune"],
                    expires_on=TODAY + dt.timedelta(days=90),
                    status="disponible",
                    status_date=TODAY,
                    created_on=TODAY,
                    employer_name="Employeur de mesure",
                    siret="12345678200002",
                    rome=row["rome"],
                    fap=row["fap"],
                    contract=row["contract"],
                    weekly_hours=float(row["weekly_hours"]),
                    start_date=row["start_date"],
                    driving_licence=bool(row["driving_licence"]),
                )
            )
            session.commit()
        elapsed = time.perf_counter() - start
    store.engine.dispose()
    return elapsed / NAIVE_SAMPLE


def import_offers_10k_rows() -> dict[str, object]:
    jobs = _demo_jobs(ROWS)
    content = _job_file(jobs)
    account = OffererAccount(code="MESURE", name="Employeur de mesure", role="employeur", departements=_hosts())
    employer = Principal("employeur", actor="mesure", account="MESURE", departements=frozenset(_hosts()))
    communes = load_communes().set_index("code")["departement"].to_dict()
    metiers = Metiers(load_table("rome_fap"))
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        start = time.perf_counter()
        report = import_file(
            store,
            employer,
            account,
            "emploi",
            content,
            "offres.csv",
            max_bytes=50_000_000,
            communes=communes,
            metiers=metiers,
            today=TODAY,
        )
        value = time.perf_counter() - start
        assert report.ok and report.rows_added == ROWS, report.errors[:3]
        store.engine.dispose()
        baseline = _naive_seconds_per_row(jobs, Path(folder)) * ROWS
    return result(
        "import_offers_10k_rows_s",
        value,
        baseline=baseline,
        note=f"employer file of {ROWS} job offers, validated (pandera, ROME and FAP, SIRET, communes), one audit and "
        f"one status row per offer; baseline: naive row-by-row ORM insert, commit per row, no validation, timed on "
        f"{NAIVE_SAMPLE} rows and extrapolated",
    )


def page_rerun_50k_offers() -> dict[str, object]:
    """AppTest rerun of the page over 50,000 demo offers (aggregates cached by offers version). Baseline: what a
    rerun without the cache does, i.e. reading the offers and recomputing the suppressed aggregates."""
    from streamlit.testing.v1 import AppTest

    today = dt.date.today()
    hosts = _hosts()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'page.sqlite'}"
        store = open_store(url)
        half = PAGE_OFFERS // 2
        housing = demo.housing_offers(load_indicators("commune"), hosts, size=half, today=today)
        jobs = _demo_jobs(half)
        demo.create_demo(store, {"logement": housing, "emploi": jobs}, pd.DataFrame(), today=today)
        previous = os.environ.get("DATABASE_URL")
        os.environ["DATABASE_URL"] = url
        try:
            app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=600)
            app.switch_page("pages/offres.py")
            app.run()
            assert not app.exception, app.exception
            value = median_seconds(app.run)
            places = commune_places(load_communes(), load_geotable("bassins"))
            bassins, projects = load_indicators("bassin"), capacity.difficult_projects(load_table("bmo_metiers"))

            def cold() -> None:
                counted = {}
                for kind in ("logement", "emploi"):
                    rows = offer_store.publication_rows(store, kind, demo=True)
                    if kind == "logement":
                        aggregates.publish(kind, rows, places, threshold=5, today=today)
                    where = places.reindex(rows.loc[offer_store.open_mask(rows, today), "commune"])
                    counted[kind] = set(where["bassin"].dropna())
                capacity.structural_capacity(
                    bassins, projects, with_housing=counted["logement"], with_jobs=counted["emploi"]
                )

            baseline = median_seconds(cold, repeats=3)
        finally:
            if previous is None:
                os.environ.pop("DATABASE_URL", None)
            else:
                os.environ["DATABASE_URL"] = previous
        store.engine.dispose()
    return result(
        "offers_page_rerun_s",
        value,
        baseline=baseline,
        note=f"{PAGE_OFFERS} offers (half dwellings, half jobs) in the store; baseline: what the default view "
        "recomputes on a cache miss (dwellings' suppressed aggregates, bassins with offers of both kinds, capacity)",
    )


def run() -> list[dict[str, object]]:
    return [import_offers_10k_rows(), page_rerun_50k_offers()]


if __name__ == "__main__":
    for row in run():
        print(row)
