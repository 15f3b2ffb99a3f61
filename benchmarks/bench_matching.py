"""Timings and quality of the matching (targets from issue 16: 300 households × 2,000 offers ≤ 2 s; 5,000
households × 50,000 offers ≤ 30 s, solved by Lagrangian relaxation with its proven gap; optimal total score
against the best greedy one; « Appariement » page rerun ≤ 300 ms when only the view changes).

Inputs are fictitious: offers from the demo generators (the snapshot's real distributions of social housing and
hard-to-fill recruitment), household projects from the demo generator, in the programme's host départements for
300 × 2,000 and in every metropolitan département for 5,000 × 50,000. ``baseline`` is measured in the same run:
the dense check of every household × dwelling × job triple (what building only feasible pairs avoids), timed on a
few households and extrapolated; for the page, a rerun that solves again.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.measure import median_seconds, result
from emile.config import PROJECT_ROOT, load_config
from emile.geography import load_communes
from emile.matching.candidates import unit_vectors
from emile.matching.inputs import HOUSEHOLD_COLUMNS, MatchingContext, MatchingInputs, empty_exclusions
from emile.matching.solve import proof
from emile.matching.store import compute
from emile.offers import capacity, demo
from emile.offers.places import commune_places
from emile.snapshot import load_geotable, load_indicators, load_table

TODAY = dt.date(2026, 1, 5)
DENSE_SAMPLE = 3


def _inputs(households: int, offers: int, hosts: list[str], seed: int = 7) -> MatchingInputs:
    """``offers`` offers (half dwellings, half jobs) in ``hosts`` and ``households`` projects wishing for them."""
    communes = load_communes()
    places = commune_places(communes, load_geotable("bassins"))
    bmo = capacity.difficult_projects(load_table("bmo_metiers"))
    rome_fap = load_table("rome_fap")
    housing = demo.housing_offers(load_indicators("commune"), hosts, size=offers // 2, today=TODAY, seed=seed)
    jobs = demo.job_offers(
        places, communes.set_index("code")["population"], bmo, rome_fap, hosts, size=offers // 2, today=TODAY, seed=seed
    )
    rng = np.random.default_rng(seed)
    adults = rng.integers(1, 3, households)
    children = rng.choice([0, 0, 1, 2, 3], households)
    cohort = pd.DataFrame({"id": np.arange(1, households + 1), "adults": adults, "children": children})
    projects = demo.household_projects(cohort, bmo, rome_fap, hosts, today=TODAY, seed=seed)
    origins = communes[communes["departement"].isin(["75", "93", "94", "92"])]["code"].to_numpy()
    frame = projects.rename(columns={"vetoed_departements": "vetoed"}).assign(
        origin_commune=rng.choice(origins, households),
        size=adults + children,
        children=children,
        applied_on=[TODAY - dt.timedelta(days=int(d)) for d in rng.integers(0, 400, households)],
    )
    housing = housing.assign(id=np.arange(1, len(housing) + 1))
    jobs = jobs.assign(id=np.arange(1, len(jobs) + 1))
    open_housing = housing[housing["status"].isin(["disponible", "propose"])].drop(columns="status")
    open_jobs = jobs[jobs["status"].isin(["disponible", "propose"])].drop(columns="status")
    return MatchingInputs(frame[list(HOUSEHOLD_COLUMNS)], open_housing, open_jobs, empty_exclusions(), TODAY)


def _dense_seconds(inputs: MatchingInputs, context: MatchingContext) -> float:
    """Seconds to check every dwelling × job pair for ``DENSE_SAMPLE`` households (distance, typology, métier,
    dates), extrapolated to all households: the dense matrix the sparse build never forms."""
    settings = load_config().matching
    places = context.places
    dwellings = places.reindex(inputs.housing["commune"])
    jobs = places.reindex(inputs.jobs["commune"])
    a = unit_vectors(dwellings["lon"].fillna(0), dwellings["lat"].fillna(0))
    b = unit_vectors(jobs["lon"].fillna(0), jobs["lat"].fillna(0))
    started = time.perf_counter()
    for row in inputs.households.head(DENSE_SAMPLE).itertuples():
        chord = np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2))
        near = 2 * 6371 * np.arcsin(np.clip(chord / 2, 0, 1)) <= settings.max_commute_km
        fits = inputs.housing["typology"].isin(settings.typologies_for(int(row.size))).to_numpy()
        wanted = inputs.jobs["rome"].isin({row.rome_1, row.rome_2, row.rome_3}).to_numpy()
        dated = pd.to_datetime(inputs.housing["expires_on"]).to_numpy() >= np.datetime64(row.earliest_move)
        (near & (fits & dated)[:, None] & wanted[None, :]).sum()
    return (time.perf_counter() - started) / DENSE_SAMPLE * len(inputs.households)


def _timed(inputs: MatchingInputs, context: MatchingContext):
    started = time.perf_counter()
    outcome = compute(inputs, context, load_config().matching)
    return outcome, time.perf_counter() - started


def matching_at_scale(context: MatchingContext) -> list[dict[str, object]]:
    hosts = sorted(load_config().territories.host_codes)
    small = _inputs(300, 2000, hosts)
    outcome, seconds = _timed(small, context)
    totals = {s.method: s.objective for s in (outcome.optimal, outcome.first_come, outcome.best_score)}
    best_greedy = max(totals["fcfs"], totals["best"])
    rows = [
        result(
            "matching_300x2000_s",
            seconds,
            baseline=_dense_seconds(small, context),
            note=f"300 households, {len(small.housing)} dwellings and {len(small.jobs)} jobs in force in the host "
            f"départements: {len(outcome.candidates.combos)} feasible combinations, HiGHS {outcome.optimal.status} "
            f"(gap {outcome.optimal.gap}) in {outcome.optimal.seconds:.2f} s, both greedy methods included; baseline: "
            f"dense check of every household × dwelling × job triple, on {DENSE_SAMPLE} households, extrapolated",
        ),
        result(
            "matching_score_vs_greedy_ratio",
            outcome.optimal.objective / best_greedy,
            unit="ratio",
            optimal_total=round(totals["optimal"], 2),
            greedy_best_score_total=round(totals["best"], 2),
            greedy_first_come_total=round(totals["fcfs"], 2),
            households_matched={
                k: len(s.chosen)
                for k, s in zip(totals, (outcome.optimal, outcome.first_come, outcome.best_score), strict=True)
            },
            note="optimal total score / the better of the two greedy methods, same 300 × 2,000 combinations",
        ),
    ]
    metropolitan = sorted(c for c in load_communes()["departement"].unique() if len(c) == 2 or c in ("2A", "2B"))
    large = _inputs(5000, 50000, metropolitan)
    outcome, seconds = _timed(large, context)
    rows.append(
        result(
            "matching_5000x50000_s",
            seconds,
            baseline=_dense_seconds(large, context),
            optimal_total=round(outcome.optimal.objective, 2),
            upper_bound=None if outcome.optimal.bound is None else round(outcome.optimal.bound, 2),
            gap=None if outcome.optimal.gap is None else round(outcome.optimal.gap, 4),
            greedy_best_score_total=round(outcome.best_score.objective, 2),
            greedy_first_come_total=round(outcome.first_come.objective, 2),
            note=f"5,000 households, {len(large.housing)} dwellings and {len(large.jobs)} jobs in force in "
            f"{len(metropolitan)} metropolitan départements: {len(outcome.candidates.combos)} feasible combinations, "
            f"{proof(outcome.optimal)}, solved in {outcome.optimal.seconds:.2f} s; baseline: dense triples, on "
            f"{DENSE_SAMPLE} households, extrapolated",
        )
    )
    return rows


def page_rerun() -> dict[str, object]:
    """AppTest of the page as a planner on the demo cohort (300 households, 300 offers of each kind): a rerun that
    only changes the view, against one that solves again (the « Lancer l'appariement » button)."""
    from streamlit.testing.v1 import AppTest

    from emile.offers import demo as offers_demo
    from emile.placements.demo import create_demo, programme_cohort
    from emile.placements.store import open_store

    today = dt.date.today()
    planner = "mesure@dihal.gouv.fr"
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'page.sqlite'}"
        store = open_store(url)
        config = load_config()
        create_demo(store, programme_cohort(config, load_communes(), size=300, today=today))
        offers, projects = offers_demo.programme_demo(config, store, size=300, today=today)
        offers_demo.create_demo(store, offers, projects, today=today)
        store.engine.dispose()
        text = (PROJECT_ROOT / "config.toml").read_text(encoding="utf-8")
        path = Path(folder) / "config.toml"
        path.write_text(text.replace("emails_planificateurs = []", f'emails_planificateurs = ["{planner}"]'), "utf-8")
        saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "EMILE_CONFIG")}
        os.environ.update(DATABASE_URL=url, EMILE_CONFIG=str(path))
        try:
            import secrets

            app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=600)
            app.secrets["auth"] = {
                "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
                "cookie_secret": secrets.token_hex(32),
                "client_id": "emile",
                "client_secret": "secret",
                "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
            }
            app.user = {"is_logged_in": True, "email": planner, "email_verified": True}
            app.switch_page("pages/appariement.py")
            app.run()
            launch = next(b for b in app.button if b.label == "Lancer l'appariement")
            launch.click().run()
            assert not app.exception, app.exception
            views = iter(["carte", "tableau"] * 10)

            def change_view() -> None:
                app.segmented_control(key="appariement_vue").set_value(next(views)).run()

            change_view()
            value = median_seconds(change_view)

            def solve_again() -> None:
                next(b for b in app.button if b.label == "Lancer l'appariement").click().run()

            baseline = median_seconds(solve_again, repeats=3)
            assert not app.exception, app.exception
        finally:
            for key, previous in saved.items():
                if previous is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = previous
    return result(
        "matching_page_rerun_s",
        value,
        baseline=baseline,
        note="planner's rerun switching between the table and the map of a saved run (no solve); baseline: a rerun "
        "that computes and saves a new run",
    )


def run() -> list[dict[str, object]]:
    return [*matching_at_scale(MatchingContext.from_snapshot()), page_rerun()]
