"""What the matching tests share: a small context of real communes (town halls rounded, bassins named for the
test), three métiers typed from the DARES correspondence, and builders of households, dwellings and jobs with
sensible defaults. A plain module, not a ``conftest`` (see ``tests/offers/offers_support.py``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from demo_support import demo_store

from emile.config import PROJECT_ROOT, MatchingSettings
from emile.matching.inputs import (
    HOUSEHOLD_COLUMNS,
    HOUSING_COLUMNS,
    JOB_COLUMNS,
    MatchingContext,
    MatchingInputs,
    empty_exclusions,
)
from emile.offers.metiers import Metiers

TODAY = dt.date(2026, 1, 5)
# Aurillac and Arpajon-sur-Cère are 4 km apart; Saint-Flour is about 50 km from Aurillac; Mende and Angers are far.
PLACES = pd.DataFrame(
    [
        ("15014", "15", "B15", 2.444, 44.926),
        ("15012", "15", "B15", 2.457, 44.904),
        ("15187", "15", "B15E", 3.093, 45.034),
        ("48095", "48", "B48", 3.499, 44.518),
        ("49007", "49", "B49", -0.554, 47.474),
        ("93066", "93", "B93", 2.354, 48.936),
    ],
    columns=["code", "departement", "bassin", "lon", "lat"],
).set_index("code")
SERVICES = {"distance_ecole_km": 1.0, "distance_pharmacie_km": 1.0, "distance_france_services_km": 5.0}
METIERS = Metiers(
    pd.DataFrame(
        [
            ("J1501", "Soins d'hygiène, de confort du patient", "V0Z60", "Aides-soignants", "V", "Santé"),
            ("J1301", "Personnel polyvalent des services hospitaliers", "V0Z60", "Aides-soignants", "V", "Santé"),
            ("K2204", "Nettoyage de locaux", "T4Z60", "Agents d'entretien de locaux", "T", "Services"),
            ("F1703", "Maçonnerie", "B0Z21", "Ouvriers non qualifiés du gros œuvre", "B", "Bâtiment"),
            ("F1703", "Maçonnerie", "B2Z40", "Maçons", "B", "Bâtiment"),
        ],
        columns=["rome", "rome_libelle", "fap", "fap_libelle", "domaine", "domaine_libelle"],
    )
)
CONTEXT = MatchingContext(
    PLACES.assign(**SERVICES, distance_gare_km=20.0),
    pd.Series([0.5], index=pd.MultiIndex.from_tuples([("B15", "V0Z60")])),
    METIERS,
)
SETTINGS = MatchingSettings()
PLANNER = "agent@dihal.gouv.fr"


def config_file(folder: Path) -> str:
    """The project's config.toml with a planner's e-mail and an operator account, in ``folder``."""
    text = (PROJECT_ROOT / "config.toml").read_text(encoding="utf-8")
    text = text.replace("emails_planificateurs = []", f'emails_planificateurs = ["{PLANNER}"]', 1)
    marker = 'valeur_claim_planificateur = "planificateur"\n'
    account = '[[roles.operateurs]]\ncode = "AURORE"\nemails = ["cheffe@aurore.asso.fr"]\n'
    path = folder / "config.toml"
    path.write_text(text.replace(marker, marker + account, 1), encoding="utf-8")
    return str(path)


def demo_store_url(folder: Path) -> str:
    """A SQLite store holding the placements demo cohort (80 households) and the offers demo set (150 of each)."""
    return demo_store(f"sqlite:///{folder / 'placements.sqlite'}", households=80, offers=150)


def household(household_id: int, **overrides) -> dict:
    row = {
        "household_id": household_id,
        "origin_commune": "93066",
        "size": 2,
        "children": 0,
        "step_free": False,
        "driving_licence": True,
        "own_car": False,
        "vetoed": [],
        "wish_1": "15",
        "wish_2": None,
        "wish_3": None,
        "rome_1": "J1501",
        "rome_2": None,
        "rome_3": None,
        "earliest_move": TODAY,
        "applied_on": TODAY - dt.timedelta(days=household_id),
    }
    return {**row, **overrides}


def dwelling(offer_id: int, commune: str = "15014", **overrides) -> dict:
    row = {
        "id": offer_id,
        "commune": commune,
        "typology": "T2",
        "rent_eur": 400.0,
        "charges_eur": 50.0,
        "step_free": False,
        "available_from": TODAY,
        "expires_on": TODAY + dt.timedelta(days=120),
    }
    return {**row, **overrides}


def job(offer_id: int, commune: str = "15014", rome: str = "J1501", **overrides) -> dict:
    fap = METIERS.families(rome)[0]
    row = {
        "id": offer_id,
        "commune": commune,
        "rome": rome,
        "fap": fap,
        "contract": "cdi",
        "weekly_hours": 35.0,
        "start_date": TODAY,
        "expires_on": TODAY + dt.timedelta(days=120),
        "driving_licence": False,
    }
    return {**row, **overrides}


def inputs(households: list[dict], housing: list[dict], jobs: list[dict], exclusions=None) -> MatchingInputs:
    return MatchingInputs(
        pd.DataFrame(households, columns=list(HOUSEHOLD_COLUMNS)),
        pd.DataFrame(housing, columns=list(HOUSING_COLUMNS)),
        pd.DataFrame(jobs, columns=list(JOB_COLUMNS)),
        empty_exclusions() if exclusions is None else exclusions,
        TODAY,
    )
