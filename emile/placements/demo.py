"""Fictitious cohort of EMILE households, so that the Placements page can be explored before any operator file exists.

    python -m emile.placements.demo             # create the demo cohort (if the store holds no real record)
    python -m emile.placements.demo --si-vide   # same, only when the store is completely empty (first run)
    python -m emile.placements.demo --supprimer # remove every fictitious record

Demo households belong to the operator ``DEMO`` and carry ``is_demo`` in the database; the page shows them under a
permanent "Données fictives" banner and only while the store holds no real record, so they are never mixed: they are
refused once real records or a public release exist, and the first real import removes them.
Every figure is drawn at random: nothing here describes real households.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

import numpy as np
import pandas as pd
from sqlalchemy import func, insert, select

from emile.config import DEMO_CODE, ProgrammeConfig, load_config
from emile.geography import load_communes
from emile.placements.importer import HOUSEHOLD_FIELDS, plan_changes, write_changes
from emile.placements.journey import INSTALLATION_RANK, STEPS
from emile.placements.models import AuditEntry, Household, Operator, PublicRelease
from emile.placements.store import Store, open_store

DEMO_OPERATOR = DEMO_CODE
DEMO_OPERATOR_NAME = "Opérateur fictif (données de démonstration)"
_COMMUNES_PER_DEPARTEMENT = 4
# Days between consecutive steps (low, high) and the share of households that go on to the next step.
_GAPS = {
    "orientation": (15, 60),
    "immersion": (20, 60),
    "validation": (5, 20),
    "installation": (20, 90),
    "fin_accompagnement": (180, 190),
    "sortie": (0, 30),
}
_CONTINUE = 0.85


def cohort(
    communes: pd.DataFrame, *, hosts: list[str], origins: list[str], size: int, today: dt.date, seed: int = 2019
) -> pd.DataFrame:
    """Random journeys (one row per household and step, store field names) between real communes of ``origins``
    and the largest communes of ``hosts``; no date after ``today``."""
    rng = np.random.default_rng(seed)
    ranked = communes.assign(pop=communes["population"].fillna(0)).sort_values("pop", ascending=False)
    destinations = ranked[ranked["departement"].isin(hosts)].groupby("departement").head(_COMMUNES_PER_DEPARTEMENT)
    sources = ranked[ranked["departement"].isin(origins)].head(60)
    if destinations.empty or sources.empty:
        raise ValueError("aucune commune d'accueil ou d'origine trouvée pour générer les données fictives")
    rows = []
    first_day, last_day = pd.Timestamp("2020-01-06"), pd.Timestamp(today) - pd.Timedelta(days=40)
    for number in range(1, size + 1):
        adults = int(rng.integers(1, 3))
        children = int(rng.integers(0, 4))
        date = first_day + pd.Timedelta(days=int(rng.integers(0, (last_day - first_day).days)))
        reached = {"candidature": date}
        for step in STEPS[1:]:
            if step != "fin_accompagnement" and rng.random() > _CONTINUE:
                break
            date = date + pd.Timedelta(days=int(rng.integers(*_GAPS[step])))
            if date.date() > today:
                break
            reached[step] = date
        installed = "installation" in reached
        household = {
            "operator": DEMO_OPERATOR,
            "external_id": f"DEMO-{number:05d}",
            "size": adults + children,
            "adults": adults,
            "children": children,
            "origin_commune": sources["code"].iloc[int(rng.integers(len(sources)))],
            "referring_organisation": "Organisme fictif",
            "destination_commune": destinations["code"].iloc[int(rng.integers(len(destinations)))]
            if len(reached) > STEPS.index("orientation")
            else None,
            "housing_type": rng.choice(["social", "prive"], p=[0.8, 0.2]) if installed else None,
            "landlord_type": None,
            "job_rome": None,
            "job_fap": None,
            "contract_type": rng.choice(["CDI", "CDD", "interim", "formation"]) if installed else None,
            "job_start": (reached["installation"] + pd.Timedelta(days=int(rng.integers(0, 30)))).date()
            if installed and reached["installation"] + pd.Timedelta(days=30) <= pd.Timestamp(today)
            else None,
        }
        for months, work, housed in ((6, "in_work_6m", "housed_6m"), (12, "in_work_12m", "housed_12m")):
            due = installed and reached["installation"] + pd.Timedelta(days=30 * months) <= pd.Timestamp(today)
            household[work] = bool(rng.random() < 0.7) if due else None
            household[housed] = bool(rng.random() < 0.85) if due else None
        rows += [
            {**household, "step": step, "date": when}
            for step, when in reached.items()
            if STEPS.index(step) < INSTALLATION_RANK or installed
        ]
    return pd.DataFrame(rows, columns=["operator", "external_id", "step", "date", *HOUSEHOLD_FIELDS])


def programme_cohort(
    config: ProgrammeConfig, communes: pd.DataFrame, *, size: int, today: dt.date, seed: int = 2019
) -> pd.DataFrame:
    """The demo cohort between the programme's origin départements and its host départements."""
    return cohort(
        communes,
        hosts=sorted(config.territories.host_codes),
        origins=list(config.territories.origins.departements),
        size=size,
        today=today,
        seed=seed,
    )


def create_demo(store: Store, records: pd.DataFrame, *, actor: str = "demo") -> int:
    """Write the fictitious cohort; refuse when real records exist. Returns the number of households written."""
    with store.writing() as session:
        real = session.scalar(select(func.count()).select_from(Household).where(Household.is_demo.is_(False)))
        if real or session.scalar(select(func.count()).select_from(PublicRelease)):
            raise RuntimeError("Le registre contient des données réelles : les données fictives ne sont pas ajoutées.")
        if session.scalar(select(func.count()).select_from(Household).where(Household.is_demo.is_(True))):
            return 0
        empty_households = pd.DataFrame(columns=["id", "external_id", *HOUSEHOLD_FIELDS])
        empty_steps = pd.DataFrame(columns=["id", "external_id", "step", "date"])
        changes = plan_changes(records, empty_households, empty_steps)
        operator_id = session.scalar(
            insert(Operator).values(code=DEMO_OPERATOR, name=DEMO_OPERATOR_NAME, is_demo=True).returning(Operator.id)
        )
        write_changes(session, operator_id, changes, demo=True)
        session.add(
            AuditEntry(
                actor=actor,
                action="creation_demo",
                operator_code=DEMO_OPERATOR,
                rows_added=len(records),
                rows_changed=0,
            )
        )
    return len(changes.new_households)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Données fictives de la page Placements")
    parser.add_argument("--supprimer", action="store_true", help="supprimer toutes les données fictives")
    parser.add_argument("--si-vide", action="store_true", help="ne créer que si le registre est entièrement vide")
    parser.add_argument("--menages", type=int, default=120, help="nombre de ménages fictifs (120 par défaut)")
    args = parser.parse_args(argv)
    store = open_store()
    if args.supprimer:
        print(f"{store.remove_demo(actor='demo')} ménages fictifs supprimés.")
        return 0
    if args.si_vide and store.version() > 0:
        return 0
    records = programme_cohort(load_config(), load_communes(), size=args.menages, today=dt.date.today())
    try:
        written = create_demo(store, records)
    except RuntimeError as refused:
        print(refused, file=sys.stderr)
        return 1
    print(f"{written} ménages fictifs créés." if written else "Les données fictives sont déjà présentes.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
