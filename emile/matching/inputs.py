"""What a matching run reads: the households ready for a proposal and the offers in force (from the store), and the
places, services, BMO tension and métier families (from the snapshot).

``MatchingInputs`` holds the records as plain frames and turns them into JSON and back, so a run saved with its inputs
can be solved again (``emile.matching.store.replay``); its checksum says whether two runs saw the same inputs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import select

from emile.geography import load_communes
from emile.matching.models import ACCEPTED, MatchingDecision
from emile.offers.capacity import BMO_YEAR
from emile.offers.metiers import Metiers
from emile.offers.models import HouseholdProject, HousingOffer, JobOffer
from emile.offers.places import commune_places
from emile.offers.store import open_mask
from emile.placements.models import Household, JourneyStep
from emile.placements.store import Store
from emile.snapshot import load_geotable, load_indicators, load_table

READY = "pret"  # household projects ready for a proposal (``vocabulary.PROJECT_STATUSES``)
HOUSEHOLD_COLUMNS = (
    "household_id",
    "origin_commune",
    "size",
    "children",
    "step_free",
    "driving_licence",
    "own_car",
    "vetoed",
    "wish_1",
    "wish_2",
    "wish_3",
    "rome_1",
    "rome_2",
    "rome_3",
    "earliest_move",
    "applied_on",
)
HOUSING_COLUMNS = (
    "id",
    "commune",
    "typology",
    "rent_eur",
    "charges_eur",
    "step_free",
    "available_from",
    "expires_on",
)
JOB_COLUMNS = (
    "id",
    "commune",
    "rome",
    "fap",
    "contract",
    "weekly_hours",
    "start_date",
    "expires_on",
    "driving_licence",
)
EXCLUSION_COLUMNS = ("household_id", "housing_offer_id", "job_offer_id", "departement")
DATE_COLUMNS = ("earliest_move", "applied_on", "available_from", "expires_on", "start_date")
SERVICE_COLUMNS = ("distance_ecole_km", "distance_pharmacie_km", "distance_france_services_km", "distance_gare_km")


@dataclass(frozen=True)
class MatchingInputs:
    """The records one run matches: ``households`` (one row each, ``HOUSEHOLD_COLUMNS``; ``vetoed`` a list of
    départements, ``applied_on`` the candidature date), ``housing`` and ``jobs`` (offers in force), ``exclusions``
    (what declined proposals rule out: a whole combination, one offer or a territory for one household), ``today``
    and whether the records are the fictitious demo set."""

    households: pd.DataFrame
    housing: pd.DataFrame
    jobs: pd.DataFrame
    exclusions: pd.DataFrame
    today: dt.date
    demo: bool = False

    def to_json(self) -> str:
        """Canonical JSON (sorted rows and keys, ISO dates): equal inputs give equal text, hence equal checksums."""

        def records(frame: pd.DataFrame, columns: tuple[str, ...], key: str) -> list[dict]:
            ordered = frame.loc[:, list(columns)].sort_values(key, kind="stable") if len(frame) else frame
            rows = []
            for row in ordered.to_dict("records"):
                rows.append({name: _plain(row.get(name)) for name in columns})
            return rows

        exclusions = self.exclusions.loc[:, list(EXCLUSION_COLUMNS)]
        payload = {
            "today": self.today.isoformat(),
            "demo": self.demo,
            "households": records(self.households, HOUSEHOLD_COLUMNS, "household_id"),
            "housing": records(self.housing, HOUSING_COLUMNS, "id"),
            "jobs": records(self.jobs, JOB_COLUMNS, "id"),
            "exclusions": sorted(
                ([_plain(v) for v in row] for row in exclusions.itertuples(index=False, name=None)), key=repr
            ),
        }
        return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()

    @classmethod
    def from_json(cls, text: str) -> MatchingInputs:
        payload = json.loads(text)

        def frame(rows: list[dict], columns: tuple[str, ...]) -> pd.DataFrame:
            table = pd.DataFrame(rows, columns=list(columns))
            for column in set(DATE_COLUMNS) & set(columns):
                table[column] = pd.to_datetime(table[column]).dt.date
            return table

        exclusions = pd.DataFrame(payload["exclusions"], columns=list(EXCLUSION_COLUMNS))
        return cls(
            households=frame(payload["households"], HOUSEHOLD_COLUMNS),
            housing=frame(payload["housing"], HOUSING_COLUMNS),
            jobs=frame(payload["jobs"], JOB_COLUMNS),
            exclusions=exclusions,
            today=dt.date.fromisoformat(payload["today"]),
            demo=bool(payload["demo"]),
        )


def _plain(value):
    """A JSON value: dates as ISO text, missing values as null, numpy scalars as Python ones, lists kept."""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, dt.date | pd.Timestamp):
        return pd.Timestamp(value).date().isoformat()
    return value.item() if hasattr(value, "item") else value


def empty_exclusions() -> pd.DataFrame:
    return pd.DataFrame(columns=list(EXCLUSION_COLUMNS))


def read_inputs(store: Store, *, demo: bool, today: dt.date) -> MatchingInputs:
    """Projects ready for a proposal whose household has no accepted proposal yet, offers in force today (open
    status, not expired) that no accepted proposal holds, and the exclusions of every declined proposal; the
    fictitious records or the real ones, never both."""
    with store.reading() as session:
        decisions = pd.DataFrame(
            session.execute(
                select(
                    MatchingDecision.household_id,
                    MatchingDecision.housing_offer_id,
                    MatchingDecision.job_offer_id,
                    MatchingDecision.departement,
                    MatchingDecision.decision,
                    MatchingDecision.scope,
                )
            ).all(),
            columns=["household_id", "housing_offer_id", "job_offer_id", "departement", "decision", "scope"],
        )
        projects = pd.DataFrame(
            session.execute(
                select(
                    HouseholdProject.household_id,
                    Household.origin_commune,
                    Household.size,
                    Household.children,
                    HouseholdProject.step_free,
                    HouseholdProject.driving_licence,
                    HouseholdProject.own_car,
                    HouseholdProject.vetoed_departements.label("vetoed"),
                    HouseholdProject.wish_1,
                    HouseholdProject.wish_2,
                    HouseholdProject.wish_3,
                    HouseholdProject.rome_1,
                    HouseholdProject.rome_2,
                    HouseholdProject.rome_3,
                    HouseholdProject.earliest_move,
                )
                .join(Household, Household.id == HouseholdProject.household_id)
                .where(HouseholdProject.is_demo == demo, HouseholdProject.status == READY)
            ).all(),
            columns=[c for c in HOUSEHOLD_COLUMNS if c != "applied_on"],
        )
        applied = dict(
            session.execute(
                select(JourneyStep.household_id, JourneyStep.date).where(JourneyStep.step == "candidature")
            ).all()
        )
        offers = {}
        for name, model, columns in (("housing", HousingOffer, HOUSING_COLUMNS), ("jobs", JobOffer, JOB_COLUMNS)):
            rows = session.execute(
                select(*(getattr(model, c) for c in columns), model.status).where(model.is_demo == demo)
            ).all()
            offers[name] = pd.DataFrame(rows, columns=[*columns, "status"])
    accepted = decisions[decisions["decision"] == ACCEPTED]
    projects = projects[~projects["household_id"].isin(set(accepted["household_id"]))]
    projects = projects.assign(
        applied_on=projects["household_id"].map(applied), vetoed=projects["vetoed"].map(lambda v: list(v or []))
    )
    held = {"housing": set(accepted["housing_offer_id"].dropna()), "jobs": set(accepted["job_offer_id"].dropna())}
    for name, frame in offers.items():
        in_force = open_mask(frame, today) if len(frame) else pd.Series(dtype=bool)
        offers[name] = frame[in_force & ~frame["id"].isin(held[name])].drop(columns="status").reset_index(drop=True)
    declined = decisions[decisions["decision"] != ACCEPTED]
    exclusions = pd.DataFrame(
        {
            "household_id": declined["household_id"],
            "housing_offer_id": declined["housing_offer_id"].where(declined["scope"].isin(["combinaison", "logement"])),
            "job_offer_id": declined["job_offer_id"].where(declined["scope"].isin(["combinaison", "emploi"])),
            "departement": declined["departement"].where(declined["scope"] == "territoire"),
        }
    )
    return MatchingInputs(
        households=projects.reset_index(drop=True)[list(HOUSEHOLD_COLUMNS)],
        housing=offers["housing"],
        jobs=offers["jobs"],
        exclusions=exclusions.astype(object).where(exclusions.notna(), None).reset_index(drop=True),
        today=today,
        demo=demo,
    )


@dataclass(frozen=True)
class MatchingContext:
    """What the snapshot says about places: each commune's département, bassin, town hall and distances to the
    services a household needs (``places``, index commune code), the share of hard-to-fill recruitment projects by
    bassin × FAP family (``tension``, BMO 2023) and the métier families (``metiers``)."""

    places: pd.DataFrame
    tension: pd.Series
    metiers: Metiers

    @classmethod
    def from_snapshot(cls, root: Path | None = None) -> MatchingContext:
        places = commune_places(load_communes(root), load_geotable("bassins", root))
        services = load_indicators("commune", root)[list(SERVICE_COLUMNS)]
        return cls(places.join(services), bmo_tension(load_table("bmo_metiers", root)), Metiers.from_snapshot(root))


def bmo_tension(bmo: pd.DataFrame) -> pd.Series:
    """Share of recruitment projects employers judge difficult, by (bassin, FAP 2009 family), BMO 2023 (the survey
    in the families ROME codes map to); secret or empty cells are left out, hence count as no tension."""
    rows = bmo[(bmo["annee"] == BMO_YEAR) & (bmo["niveau"] == "bassin") & (bmo["met"] > 0)].dropna(subset=["xmet"])
    share = (rows["xmet"] / rows["met"]).clip(0, 1)
    return pd.Series(share.to_numpy(), index=pd.MultiIndex.from_arrays([rows["code"].astype(str), rows["metier"]]))
