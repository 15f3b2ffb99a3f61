"""Fictitious offers and household projects, so that the « Offres des territoires » page can be explored before any
landlord, employer or operator has declared anything.

    python -m emile.offers.demo             # create the demo set (if the store holds no real offer or project)
    python -m emile.offers.demo --si-vide   # same, only when the store holds no offer or project at all (first run)
    python -m emile.offers.demo --supprimer # remove every fictitious offer, demo offerer and demo project

Drawn from real distributions, in the programme's host départements (the same number in each, so that every one
has something to show): dwellings in communes in proportion to their social housing stock (RPLS), jobs in bassins
and métier families in proportion to the recruitment projects employers judge difficult (BMO 2023), each job's ROME
code among the codes of its family. What no public source gives here is a
stated assumption: typologies (``TYPOLOGY_SHARES``), rents, hours, contracts and every household's answers. Projects
are attached to the demo households of the placement store only.

Demo records belong to offerers coded ``DEMO_…`` (a code no real account may have, see ``emile.config``) and carry
``is_demo``; the page shows them under a « Données fictives » banner and only while no real record exists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

import numpy as np
import pandas as pd
from sqlalchemy import insert, select

from emile.config import DEMO_CODE, ProgrammeConfig, load_config
from emile.geography import load_communes
from emile.offers.capacity import difficult_projects
from emile.offers.importer import MODELS, TARGET
from emile.offers.models import HouseholdProject, OfferAudit, Offerer, StatusChange
from emile.offers.places import commune_places
from emile.offers.store import remove_demo, shows_demo
from emile.offers.vocabulary import CHILD_BANDS, HOUSING, JOB
from emile.placements.models import Household
from emile.placements.store import Store, open_store
from emile.snapshot import load_geotable, load_indicators, load_table

# Assumptions (no public source in the snapshot): share of each typology among offered dwellings, of each contract.
TYPOLOGY_SHARES = {"T1": 0.10, "T2": 0.25, "T3": 0.35, "T4": 0.20, "T5": 0.08, "T6": 0.02}
SURFACES = {"T1": (18, 32), "T2": (35, 52), "T3": (55, 72), "T4": (70, 90), "T5": (85, 110), "T6": (100, 140)}
CONTRACT_SHARES = {
    "cdi": 0.35,
    "cdd_6_mois_et_plus": 0.2,
    "cdd_moins_6_mois": 0.1,
    "interim": 0.1,
    "alternance": 0.1,
    "formation_qualifiante": 0.15,
}
STATUS_SHARES = {"disponible": 0.8, "propose": 0.1, "reserve": 0.05, "attribue": 0.05}


def demo_offerer(kind: str, departement: str) -> tuple[str, str, str]:
    """Code, name and role of the fictitious offerer of ``kind`` in ``departement``."""
    if kind == HOUSING:
        return f"{DEMO_CODE}_BAILLEUR_{departement}", f"Bailleur fictif ({departement})", "bailleur"
    return f"{DEMO_CODE}_EMPLOYEUR_{departement}", f"Employeur fictif ({departement})", "employeur"


def _dates(rng: np.random.Generator, size: int, today: dt.date) -> pd.DataFrame:
    """Creation in the last four months, expiry two to eight months later (so a few have already expired)."""
    created = pd.Timestamp(today) - pd.to_timedelta(rng.integers(0, 120, size), unit="D")
    expires = created + pd.to_timedelta(rng.integers(60, 240, size), unit="D")
    start = created + pd.to_timedelta(rng.integers(0, 60, size), unit="D")
    status = rng.choice(list(STATUS_SHARES), size, p=list(STATUS_SHARES.values()))
    return pd.DataFrame(
        {
            "created_on": created.date,
            "status_date": created.date,
            "expires_on": expires.date,
            "start": start.date,
            "status": status,
        }
    )


def _quotas(hosts: list[str], size: int) -> dict[str, int]:
    """``size`` offers shared evenly between the host départements, so that every one of them has some to show."""
    share, extra = divmod(size, len(hosts))
    return {code: share + (rank < extra) for rank, code in enumerate(hosts)}


def housing_offers(
    communes: pd.DataFrame, hosts: list[str], *, size: int, today: dt.date, seed: int = 2024
) -> pd.DataFrame:
    """Dwellings shared evenly between host départements and, within each, drawn among communes in proportion to
    their social stock (``communes``: index code, columns departement and rpls_logements_sociaux)."""
    rng = np.random.default_rng(seed)
    chosen = []
    for departement, quota in _quotas(hosts, size).items():
        pool = communes[(communes["departement"] == departement) & (communes["rpls_logements_sociaux"] > 0)]
        if pool.empty:
            raise ValueError(f"aucune commune du {departement} avec un parc social connu pour les données fictives")
        weights = (pool["rpls_logements_sociaux"] / pool["rpls_logements_sociaux"].sum()).to_numpy()
        chosen += [(departement, code) for code in rng.choice(pool.index.to_numpy(), quota, p=weights)]
    typology = rng.choice(list(TYPOLOGY_SHARES), size, p=list(TYPOLOGY_SHARES.values()))
    surface = np.array([rng.uniform(*SURFACES[t]) for t in typology]).round(1)
    dates = _dates(rng, size, today)
    return pd.DataFrame(
        {
            **pd.DataFrame(chosen, columns=["departement", "commune"]),
            "reference": [f"DEMO-LGT-{n:05d}" for n in range(1, size + 1)],
            "landlord_type": "bailleur_social",
            "typology": typology,
            "surface_m2": surface,
            "rent_eur": (surface * rng.uniform(5.5, 7.5, size)).round(0),
            "charges_eur": rng.uniform(30, 90, size).round(0),
            "step_free": rng.random(size) < 0.3,
            "available_from": dates["start"],
            **dates.drop(columns="start"),
        }
    )


def job_offers(
    places: pd.DataFrame,
    population: pd.Series,
    projects: pd.DataFrame,
    rome_fap: pd.DataFrame,
    hosts: list[str],
    *,
    size: int,
    today: dt.date,
    seed: int = 2024,
) -> pd.DataFrame:
    """Jobs shared evenly between host départements and, within each, in (bassin, family) pairs drawn in proportion
    to BMO difficult projects of the bassins that reach the département; each in one of the bassin's communes of
    that département (by population) with a ROME code of its family."""
    rng = np.random.default_rng(seed)
    located = places.assign(population=population.reindex(places.index).fillna(0))
    located = located[located["bassin"].notna() & (located["population"] > 0)]
    known = projects.dropna(subset=["projets_difficiles"])
    known = known[(known["projets_difficiles"] > 0) & known["fap"].isin(set(rome_fap["fap"]))]
    romes = rome_fap.groupby("fap")["rome"].agg(list)
    rows = []
    for departement, quota in _quotas(hosts, size).items():
        communes = located[located["departement"] == departement]
        pool = known[known["bassin"].isin(set(communes["bassin"]))]
        if pool.empty:
            raise ValueError(
                f"aucun projet de recrutement BMO dans les bassins du {departement} pour les données fictives"
            )
        weights = (pool["projets_difficiles"] / pool["projets_difficiles"].sum()).to_numpy()
        for bassin, fap in pool.iloc[rng.choice(len(pool), quota, p=weights)][["bassin", "fap"]].itertuples(
            index=False
        ):
            group = communes[communes["bassin"] == bassin]
            commune = rng.choice(group.index.to_numpy(), p=(group["population"] / group["population"].sum()).to_numpy())
            rows.append((departement, commune, rng.choice(romes[fap]), fap))
    dates = _dates(rng, size, today)
    return pd.DataFrame(
        {
            **pd.DataFrame(rows, columns=["departement", "commune", "rome", "fap"]),
            "reference": [f"DEMO-EMP-{n:05d}" for n in range(1, size + 1)],
            "siret": "00000000000000",
            "contract": rng.choice(list(CONTRACT_SHARES), size, p=list(CONTRACT_SHARES.values())),
            "weekly_hours": rng.choice([20.0, 24.0, 28.0, 30.0, 35.0, 35.0, 35.0, 39.0], size),
            "driving_licence": rng.random(size) < 0.4,
            "start_date": dates["start"],
            **dates.drop(columns="start"),
        }
    )


def household_projects(
    households: pd.DataFrame,
    projects: pd.DataFrame,
    rome_fap: pd.DataFrame,
    hosts: list[str],
    *,
    today: dt.date,
    seed: int = 2024,
) -> pd.DataFrame:
    """A project for each demo household (id, adults, children): wanted métiers drawn in proportion to national
    difficult projects by family, children spread over age bands, random needs, vetoes and wishes among hosts."""
    rng = np.random.default_rng(seed)
    national = projects.dropna(subset=["projets_difficiles"]).groupby("fap")["projets_difficiles"].sum()
    national = national[national.index.isin(set(rome_fap["fap"]))]
    romes = rome_fap.groupby("fap")["rome"].agg(list)
    rows = []
    for household_id, adults, children in households[["id", "adults", "children"]].itertuples(index=False, name=None):
        families = rng.choice(national.index.to_numpy(), 3, p=(national / national.sum()).to_numpy())
        wanted = list(dict.fromkeys(rng.choice(romes[f]) for f in families))[: int(rng.integers(1, 4))]
        bands = rng.multinomial(int(children), [0.2, 0.2, 0.3, 0.2, 0.1])
        vetoes = sorted(rng.choice(hosts, int(rng.integers(0, 3)), replace=False).tolist())
        wishes = [h for h in rng.permutation(hosts) if h not in vetoes][: int(rng.integers(1, 4))]
        rows.append(
            {
                "household_id": int(household_id),
                **{f"rome_{n}": wanted[n - 1] if n <= len(wanted) else None for n in (1, 2, 3)},
                "adults": int(adults),
                **{band: int(count) for band, count in zip(CHILD_BANDS, bands, strict=True)},
                "health_follow_up": bool(rng.random() < 0.2),
                "step_free": bool(rng.random() < 0.1),
                "driving_licence": bool(rng.random() < 0.6),
                "own_car": bool(rng.random() < 0.3),
                "vetoed_departements": vetoes,
                **{f"wish_{n}": str(wishes[n - 1]) if n <= len(wishes) else None for n in (1, 2, 3)},
                "earliest_move": today + dt.timedelta(days=int(rng.integers(0, 180))),
                "status": rng.choice(["en_preparation", "pret", "pret", "pret"]),
            }
        )
    return pd.DataFrame(rows)


def _offer_rows(frame: pd.DataFrame, model) -> list[dict]:
    columns = set(model.__table__.columns.keys())
    return [
        {key: (value.item() if hasattr(value, "item") else value) for key, value in row.items() if key in columns}
        for row in frame.to_dict("records")
    ]


def create_demo(
    store: Store, offers: dict[str, pd.DataFrame], projects: pd.DataFrame, *, today: dt.date, actor: str = "demo"
) -> int:
    """Write the fictitious offers and projects; refuse when real records exist. Returns how many were written."""
    if shows_demo(store) is False:
        raise RuntimeError(
            "Le registre contient des offres ou des projets réels : les données fictives ne sont pas ajoutées."
        )
    if shows_demo(store):
        return 0
    written = 0
    with store.writing() as session:
        for kind, frame in offers.items():
            model, target = MODELS[kind], TARGET[kind]
            owners, names = {}, {}
            for departement in sorted(set(frame["departement"])):
                code, names[departement], role = demo_offerer(kind, departement)
                owners[departement] = session.scalar(
                    insert(Offerer)
                    .values(code=code, name=names[departement], role=role, is_demo=True)
                    .returning(Offerer.id)
                )
            name_column = "landlord_name" if kind == HOUSING else "employer_name"
            named = frame.assign(
                offerer_id=frame["departement"].map(owners),
                is_demo=True,
                **{name_column: frame["departement"].map(names)},
            )
            rows = _offer_rows(named, model)
            ids = session.execute(insert(model).returning(model.id, sort_by_parameter_order=True), rows).scalars().all()
            session.execute(
                insert(StatusChange),
                [
                    {target: i, "status": row["status"], "date": row["status_date"]}
                    for i, row in zip(ids, rows, strict=True)
                ],
            )
            written += len(ids)
        if len(projects):
            rows = [
                {**row, "is_demo": True, "status_date": today, "created_on": today}
                for row in projects.to_dict("records")
            ]
            ids = (
                session.execute(
                    insert(HouseholdProject).returning(HouseholdProject.id, sort_by_parameter_order=True), rows
                )
                .scalars()
                .all()
            )
            session.execute(
                insert(StatusChange),
                [{"project_id": i, "status": r["status"], "date": today} for i, r in zip(ids, rows, strict=True)],
            )
            written += len(ids)
        session.add(OfferAudit(actor=actor, action="creation_demo", source="demonstration", changes={"crees": written}))
    return written


def demo_households(store: Store) -> pd.DataFrame:
    """The placement store's demo households (id, adults, children), to give projects to."""
    with store.reading() as session:
        rows = session.execute(
            select(Household.id, Household.adults, Household.children).where(Household.is_demo.is_(True))
        ).all()
    return pd.DataFrame(rows, columns=["id", "adults", "children"])


def programme_demo(
    config: ProgrammeConfig, store: Store, *, size: int, today: dt.date, seed: int = 2024
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The demo offers (``size`` of each kind) in the programme's host départements, from the snapshot, and a project
    for each demo household of ``store``."""
    hosts = sorted(config.territories.host_codes)
    communes = load_communes()
    indicators = load_indicators("commune")
    places = commune_places(communes, load_geotable("bassins"))
    rome_fap = load_table("rome_fap")
    bmo = difficult_projects(load_table("bmo_metiers"))
    offers = {
        HOUSING: housing_offers(indicators, hosts, size=size, today=today, seed=seed),
        JOB: job_offers(
            places, communes.set_index("code")["population"], bmo, rome_fap, hosts, size=size, today=today, seed=seed
        ),
    }
    projects = household_projects(demo_households(store), bmo, rome_fap, hosts, today=today, seed=seed)
    return offers, projects


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Données fictives de la page Offres des territoires")
    parser.add_argument("--supprimer", action="store_true", help="supprimer toutes les données fictives")
    parser.add_argument("--si-vide", action="store_true", help="ne créer que si aucune offre ni aucun projet n'existe")
    parser.add_argument("--offres", type=int, default=300, help="offres fictives de chaque sorte (300 par défaut)")
    args = parser.parse_args(argv)
    store = open_store()
    if args.supprimer:
        print(f"{remove_demo(store, actor='demo')} offres et projets fictifs supprimés.")
        return 0
    if args.si_vide and shows_demo(store) is not None:
        return 0
    today = dt.date.today()
    offers, projects = programme_demo(load_config(), store, size=args.offres, today=today)
    try:
        written = create_demo(store, offers, projects, today=today)
    except RuntimeError as refused:
        print(refused, file=sys.stderr)
        return 1
    print(f"{written} offres et projets fictifs créés." if written else "Les données fictives sont déjà présentes.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
