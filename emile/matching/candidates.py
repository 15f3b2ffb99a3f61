"""The feasible combinations household × (dwelling, job or training), built sparsely, and their additive score.

Never the dense household × dwelling × job matrix: each household first meets the jobs of its wanted métiers (same
ROME code, or same FAP family at a lower score) it can take (driving licence, dates); it keeps the best
``jobs_per_territory`` of them in each département; each of those jobs meets only the dwellings within commuting
distance of its commune (straight line between town halls, or the same bassin d'emploi), of a typology that fits the
household's size, step-free when the household needs it (only in the départements the household wished for and
the ``other_territories`` where its best jobs are); the best ``dwellings_per_job`` of them in each département
are ranked once per kind of household (children, car, step-free), which is what the dwelling's score depends on.
Then dates, vetoed départements and declined proposals are applied to each household, and each keeps its best
``combinations_per_territory`` in each host département (the dwelling's). The optimisation chooses among these.

The score is a sum of terms (``TERMS``), each in the frame, weights from ``[appariement.poids]``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from emile.config import MatchingSettings
from emile.matching.inputs import MatchingContext, MatchingInputs

EARTH_RADIUS_KM = 6371.0
FULL_TIME_HOURS = 35.0
TERMS: dict[str, str] = {
    "socle": "Socle (un ménage placé)",
    "metier": "Métier voulu (ROME, ou famille FAP)",
    "tension": "Recrutements difficiles du métier dans le bassin (BMO)",
    "contrat": "Qualité de l'emploi : contrat",
    "heures": "Qualité de l'emploi : heures",
    "ecole": "École proche (ménage avec enfants)",
    "pharmacie": "Pharmacie proche",
    "france_services": "France services proche",
    "gare": "Gare proche (ménage sans voiture)",
    "voeu": "Vœu du ménage",
    "loyer": "Loyer et charges",
    "trajet": "Trajet logement-emploi",
}
JOB_TERMS = ("metier", "tension", "contrat", "heures")
DWELLING_TERMS = ("ecole", "pharmacie", "france_services", "gare", "loyer")
SERVICES = {
    "ecole": "distance_ecole_km",
    "pharmacie": "distance_pharmacie_km",
    "france_services": "distance_france_services_km",
    "gare": "distance_gare_km",
}


@dataclass(frozen=True)
class Candidates:
    """The combinations (``combos``: household_id, housing_id, job_id, departement of the dwelling, job_departement,
    month, distance_km, level, wish_rank, one column per term of ``TERMS`` and ``score``), and what the explanations
    need: the households with their move date, the job matches before the licence and date checks (``job_matches``),
    the offers with their place, the départements declines ruled out for each household and
    the communes' places (``MatchingContext.places``)."""

    combos: pd.DataFrame
    households: pd.DataFrame
    job_matches: pd.DataFrame
    housing: pd.DataFrame
    jobs: pd.DataFrame
    settings: MatchingSettings
    declined_territories: dict[int, tuple[str, ...]]
    places: pd.DataFrame
    declined_households: frozenset[int] = frozenset()


def unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lon, lat = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def great_circle_km(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance between unit vectors, row by row, along the Earth's surface."""
    chord = np.linalg.norm(a - b, axis=1)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord / 2, 0, 1))


def reachable_communes(origins: pd.DataFrame, targets: pd.DataFrame, max_km: float) -> pd.DataFrame:
    """Pairs (origin, target, distance_km) of communes (frames indexed by code with lon, lat, bassin) within
    ``max_km`` of each other or in the same bassin: a k-d tree on the sphere, never all pairs."""
    origins = origins.dropna(subset=["lon", "lat"])
    targets = targets.dropna(subset=["lon", "lat"])
    empty = pd.DataFrame({"origin": [], "target": [], "distance_km": []})
    if origins.empty or targets.empty:
        return empty
    a, b = unit_vectors(origins["lon"], origins["lat"]), unit_vectors(targets["lon"], targets["lat"])
    radius = 2 * np.sin(max_km / (2 * EARTH_RADIUS_KM))
    near = cKDTree(b).query_ball_point(a, radius)
    rows = np.repeat(np.arange(len(origins)), [len(n) for n in near])
    cols = np.fromiter((j for n in near for j in n), dtype=np.int64, count=len(rows))
    same = origins[["bassin"]].reset_index(names="o").merge(targets[["bassin"]].reset_index(names="t"), on="bassin")
    extra_rows = pd.Index(origins.index).get_indexer(same["o"])
    extra_cols = pd.Index(targets.index).get_indexer(same["t"])
    rows, cols = np.concatenate([rows, extra_rows]), np.concatenate([cols, extra_cols])
    pairs = pd.DataFrame({"r": rows, "c": cols}).drop_duplicates()
    r, c = pairs["r"].to_numpy(), pairs["c"].to_numpy()
    return pd.DataFrame(
        {
            "origin": origins.index.to_numpy()[r],
            "target": targets.index.to_numpy()[c],
            "distance_km": great_circle_km(a[r], b[c]),
        }
    )


def _top(frame: pd.DataFrame, by: list[str], score: str, keep: int) -> pd.DataFrame:
    """The ``keep`` best rows by ``score`` in each group of ``by`` (ties: the earlier rows), sorted by group then
    decreasing score. One numpy sort on integer codes: pandas' own sort and cumcount are ten times slower here."""
    if frame.empty:
        return frame
    keys = [pd.factorize(frame[column], sort=True)[0] for column in by]
    order = np.lexsort((-frame[score].to_numpy(dtype=float), *reversed(keys)))
    ordered = np.column_stack([key[order] for key in keys])
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    positions = np.arange(len(order))
    rank = positions - np.maximum.accumulate(np.where(starts, positions, 0))
    return frame.iloc[order[rank < keep]]


def _pairs_in(frame: pd.DataFrame, columns: list[str], pairs: pd.DataFrame) -> np.ndarray:
    """Whether each row's values of ``columns`` are one of the rows of ``pairs`` (same columns), vectorised."""
    if pairs.empty:
        return np.zeros(len(frame), dtype=bool)
    wanted = pd.MultiIndex.from_frame(pairs[columns].astype(object))
    return pd.MultiIndex.from_frame(frame[columns].astype(object)).isin(wanted)


def _plain_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """String columns as Python objects: pandas' arrow-backed strings are slow to merge, hash and iterate here."""
    text = [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c]) and frame[c].dtype != object]
    return frame.astype({c: object for c in text}) if text else frame


def prepared_households(inputs: MatchingInputs, settings: MatchingSettings) -> pd.DataFrame:
    """Households with their move date (earliest move, not before today), the latest start of an offer, the
    typologies that fit them and their kind for the dwelling's score (children, car, step-free)."""
    h = inputs.households.copy()
    h["move"] = pd.to_datetime(h["earliest_move"]).clip(lower=pd.Timestamp(inputs.today))
    h["deadline"] = h["move"] + pd.Timedelta(days=settings.date_window_days)
    h["typologies"] = h["size"].map(lambda size: settings.typologies_for(int(size)))
    h["with_children"] = h["children"].astype(int) > 0
    h["without_car"] = ~h["own_car"].astype(bool)
    h["step_free"] = h["step_free"].astype(bool)
    h["driving_licence"] = h["driving_licence"].astype(bool)
    return h.reset_index(drop=True)


def placed(frame: pd.DataFrame, context: MatchingContext) -> pd.DataFrame:
    """Offers with the département and bassin of their commune."""
    where = context.places.reindex(frame["commune"])
    return frame.assign(departement=where["departement"].to_numpy(), bassin=where["bassin"].to_numpy())


def job_matches(h: pd.DataFrame, jobs: pd.DataFrame, context: MatchingContext) -> pd.DataFrame:
    """Every (household, job) whose métier the household wants: level « rome » (same code) or « famille » (same FAP
    family), with whether the licence and the dates allow it."""
    wanted = (
        h.melt(id_vars=["household_id"], value_vars=["rome_1", "rome_2", "rome_3"], value_name="rome")
        .dropna(subset=["rome"])[["household_id", "rome"]]
        .drop_duplicates()
    )
    families = wanted.assign(fap=wanted["rome"].map(lambda r: list(context.metiers.families(r))))
    families = families.explode("fap").dropna(subset=["fap"])[["household_id", "fap"]].drop_duplicates()
    exact = wanted.merge(jobs[["id", "rome"]], on="rome")[["household_id", "id"]].assign(level="rome")
    family = families.merge(jobs[["id", "fap"]], on="fap")[["household_id", "id"]].assign(level="famille")
    matches = pd.concat([exact, family], ignore_index=True).drop_duplicates(["household_id", "id"])
    matches = matches.rename(columns={"id": "job_id"}).reset_index(drop=True)
    hp = pd.Index(h["household_id"]).get_indexer(matches["household_id"])
    jp = pd.Index(jobs["id"]).get_indexer(matches["job_id"])
    needs = jobs["driving_licence"].astype(bool).to_numpy()[jp]
    licence_ok = ~needs | h["driving_licence"].to_numpy()[hp]
    expires = pd.to_datetime(jobs["expires_on"]).to_numpy()[jp]
    starts = pd.to_datetime(jobs["start_date"]).to_numpy()[jp]
    dates_ok = (expires >= h["move"].to_numpy()[hp]) & (starts <= h["deadline"].to_numpy()[hp])
    return matches.assign(licence_ok=licence_ok, dates_ok=dates_ok, job_departement=jobs["departement"].to_numpy()[jp])


def _job_terms(matches: pd.DataFrame, jobs: pd.DataFrame, context: MatchingContext, settings: MatchingSettings):
    w = settings.weights
    jp = pd.Index(jobs["id"]).get_indexer(matches["job_id"])
    keys = pd.MultiIndex.from_arrays([jobs["bassin"].astype(str).to_numpy()[jp], jobs["fap"].to_numpy()[jp]])
    share = context.tension.reindex(keys).fillna(0.0).to_numpy()
    quality = jobs["contract"].map(settings.contract_quality).fillna(0.0).to_numpy()[jp]
    hours = np.minimum(jobs["weekly_hours"].astype(float).to_numpy()[jp] / FULL_TIME_HOURS, 1.0)
    return {
        "metier": np.where(matches["level"].to_numpy() == "rome", w.same_rome, w.same_family),
        "tension": w.tension * share,
        "contrat": w.contract * quality,
        "heures": w.hours * hours,
    }


def dwelling_service_points(
    housing: pd.DataFrame, context: MatchingContext, settings: MatchingSettings
) -> pd.DataFrame:
    """Points of each service near each dwelling's commune (full weight at the town hall, none beyond the reference
    distance, none when the distance is unknown) and the rent term."""
    w = settings.weights
    where = context.places.reindex(housing["commune"])
    weights = {"ecole": w.school, "pharmacie": w.pharmacy, "france_services": w.france_services, "gare": w.station}
    points = {
        term: weights[term] * np.clip(1 - where[column].to_numpy(dtype=float) / settings.service_reference_km, 0, 1)
        for term, column in SERVICES.items()
    }
    points = {term: np.nan_to_num(values, nan=0.0) for term, values in points.items()}
    cost = housing["rent_eur"].astype(float).to_numpy() + housing["charges_eur"].astype(float).to_numpy()
    return pd.DataFrame({**points, "loyer": -w.rent_per_100_eur * cost / 100}, index=housing.index)


def build_candidates(inputs: MatchingInputs, context: MatchingContext, settings: MatchingSettings) -> Candidates:
    """The feasible combinations of ``inputs`` with their score terms (see the module's docstring)."""
    w = settings.weights
    h = _plain_strings(prepared_households(inputs, settings))
    jobs = _plain_strings(placed(inputs.jobs.reset_index(drop=True), context))
    housing = _plain_strings(placed(inputs.housing.reset_index(drop=True), context))
    housing = housing.join(dwelling_service_points(housing, context, settings))
    matches = job_matches(h, jobs, context)
    excluded = inputs.exclusions
    job_only = excluded[excluded["job_offer_id"].notna() & excluded["housing_offer_id"].isna()]
    usable = matches[matches["licence_ok"] & matches["dates_ok"]]
    if len(job_only):
        ruled = job_only.rename(columns={"job_offer_id": "job_id"}).astype({"job_id": int})
        usable = usable[~_pairs_in(usable, ["household_id", "job_id"], ruled)]
    usable = usable.assign(**_job_terms(usable, jobs, context, settings))
    usable = usable.assign(job_score=usable[list(JOB_TERMS)].sum(axis=1))
    usable = _top(usable, ["household_id", "job_departement"], "job_score", settings.jobs_per_territory)
    usable = _examined_territories(usable, h, settings.other_territories)

    job_commune = jobs.set_index("id")["commune"]
    usable = usable.assign(job_commune=job_commune.reindex(usable["job_id"]).to_numpy())
    places = context.places
    reach = reachable_communes(
        places.reindex(pd.Index(usable["job_commune"].unique())),
        places.reindex(pd.Index(housing["commune"].unique())),
        settings.max_commute_km,
    )
    near = reach.merge(housing.reset_index(names="hp")[["hp", "commune"]], left_on="target", right_on="commune")
    hp = near["hp"].to_numpy()
    typology = housing["typology"].to_numpy()[hp]
    step_free = housing["step_free"].astype(bool).to_numpy()[hp]
    near = near.assign(departement=housing["departement"].to_numpy()[hp])
    points = {term: housing[term].to_numpy()[hp] for term in DWELLING_TERMS}
    trajet = -w.distance_per_10_km * near["distance_km"].to_numpy() / 10

    hh = h.set_index("household_id")
    kinds = usable.assign(
        typologies=hh["typologies"].reindex(usable["household_id"]).to_numpy(),
        with_children=hh["with_children"].reindex(usable["household_id"]).to_numpy(),
        without_car=hh["without_car"].reindex(usable["household_id"]).to_numpy(),
        step_free=hh["step_free"].reindex(usable["household_id"]).to_numpy(),
    )
    parts = []
    for (typologies, children, no_car, needs_step_free), group in kinds.groupby(
        ["typologies", "with_children", "without_car", "step_free"], sort=False
    ):
        keep = np.isin(typology, typologies) & near["origin"].isin(set(group["job_commune"])).to_numpy()
        if needs_step_free:
            keep &= step_free
        rows = near.loc[keep, ["origin", "hp", "departement", "distance_km"]]
        score = points["pharmacie"][keep] + points["france_services"][keep] + points["loyer"][keep] + trajet[keep]
        if children:
            score = score + points["ecole"][keep]
        if no_car:
            score = score + points["gare"][keep]
        best = _top(
            rows.assign(dwelling_score=score),
            ["origin", "departement"],
            "dwelling_score",
            2 * settings.dwellings_per_job,
        )
        parts.append(
            group[["household_id", "job_id", "job_commune", "job_departement", "level", *JOB_TERMS]].merge(
                best, left_on="job_commune", right_on="origin"
            )
        )
    columns = ["household_id", "job_id", "job_departement", "level", *JOB_TERMS, "hp", "departement", "distance_km"]
    combos = pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
    combos = _household_filters(combos, h, housing, inputs)
    combos = _score(combos, h, housing, settings)
    combos = _top(combos, ["household_id", "job_id", "departement"], "score", settings.dwellings_per_job)
    combos = _top(combos, ["household_id", "departement"], "score", settings.combinations_per_territory)
    combos = combos.sort_values(["household_id", "score"], ascending=[True, False], kind="stable")
    territory = excluded[excluded["departement"].notna()]
    declined = territory.groupby("household_id")["departement"].agg(tuple).to_dict() if len(territory) else {}
    return Candidates(
        combos.reset_index(drop=True),
        h,
        matches,
        housing,
        jobs,
        settings,
        declined,
        context.places,
        frozenset(excluded["household_id"]),
    )


def _examined_territories(usable: pd.DataFrame, h: pd.DataFrame, others: int) -> pd.DataFrame:
    """Each household's jobs in the départements it wished for and in the ``others`` départements where its best
    job scores highest: at national scale a household is not examined in every département of France."""
    best = usable.groupby(["household_id", "job_departement"], as_index=False)["job_score"].max()
    wishes = h.melt(id_vars=["household_id"], value_vars=["wish_1", "wish_2", "wish_3"], value_name="job_departement")
    wished = _pairs_in(best, ["household_id", "job_departement"], wishes.dropna())
    others_ranked = _top(best[~wished], ["household_id"], "job_score", others)
    kept = pd.concat([best[wished], others_ranked])[["household_id", "job_departement"]]
    return usable[_pairs_in(usable, ["household_id", "job_departement"], kept)]


def _household_filters(combos: pd.DataFrame, h: pd.DataFrame, housing: pd.DataFrame, inputs: MatchingInputs):
    """Dates of the dwelling, vetoed départements and declined proposals, household by household."""
    hp_household = pd.Index(h["household_id"]).get_indexer(combos["household_id"])
    hp = combos["hp"].to_numpy(dtype=int)
    expires = pd.to_datetime(housing["expires_on"]).to_numpy()[hp]
    available = pd.to_datetime(housing["available_from"]).to_numpy()[hp]
    keep = (expires >= h["move"].to_numpy()[hp_household]) & (available <= h["deadline"].to_numpy()[hp_household])
    vetoes = h[["household_id", "vetoed"]].explode("vetoed").dropna().rename(columns={"vetoed": "departement"})
    keep &= ~_pairs_in(combos, ["household_id", "departement"], vetoes)
    combos = combos[keep].assign(housing_id=housing["id"].to_numpy()[hp[keep]])
    excluded = inputs.exclusions
    if len(excluded):
        territory = excluded[excluded["departement"].notna()]
        dwelling = excluded[excluded["housing_offer_id"].notna() & excluded["job_offer_id"].isna()]
        both = excluded[excluded["housing_offer_id"].notna() & excluded["job_offer_id"].notna()]
        ids = {"housing_offer_id": "housing_id", "job_offer_id": "job_id"}
        dwelling, both = (f.rename(columns=ids).astype({"housing_id": int}) for f in (dwelling, both))
        ruled = _pairs_in(combos, ["household_id", "departement"], territory)
        ruled |= _pairs_in(combos, ["household_id", "housing_id"], dwelling)
        ruled |= _pairs_in(combos, ["household_id", "housing_id", "job_id"], both.astype({"job_id": int}))
        combos = combos[~ruled]
    return combos


def _score(combos: pd.DataFrame, h: pd.DataFrame, housing: pd.DataFrame, settings: MatchingSettings) -> pd.DataFrame:
    """Every term of every combination, their sum, the wish rank and the month of arrival (capacities count by it)."""
    w = settings.weights
    hh = h.set_index("household_id")
    hp = combos["hp"].to_numpy(dtype=int)
    ids = combos["household_id"]
    wishes = np.column_stack([hh[f"wish_{n}"].reindex(ids).to_numpy() for n in (1, 2, 3)])
    departement = combos["departement"].to_numpy()
    rank = np.select([wishes[:, n] == departement for n in range(3)], [1, 2, 3], default=0)
    children = hh["with_children"].reindex(ids).to_numpy(dtype=bool)
    no_car = hh["without_car"].reindex(ids).to_numpy(dtype=bool)
    move = hh["move"].reindex(ids).to_numpy()
    available = pd.to_datetime(housing["available_from"]).to_numpy()[hp]
    terms = {
        "socle": np.full(len(combos), w.base),
        **{term: combos[term].to_numpy(dtype=float) for term in JOB_TERMS},
        "ecole": np.where(children, housing["ecole"].to_numpy()[hp], 0.0),
        "pharmacie": housing["pharmacie"].to_numpy()[hp],
        "france_services": housing["france_services"].to_numpy()[hp],
        "gare": np.where(no_car, housing["gare"].to_numpy()[hp], 0.0),
        "voeu": np.select([rank == 1, rank == 2, rank == 3], [w.wish_1, w.wish_2, w.wish_3], default=0.0),
        "loyer": housing["loyer"].to_numpy()[hp],
        "trajet": -w.distance_per_10_km * combos["distance_km"].to_numpy(dtype=float) / 10,
    }
    codes, months = pd.factorize(np.maximum(move, available).astype("datetime64[M]"))
    arrival = np.asarray(pd.Index(months).strftime("%Y-%m"), dtype=object)[codes]
    scored = combos.drop(columns=[*JOB_TERMS, "hp"]).assign(wish_rank=rank, month=arrival, **terms)
    scored["score"] = scored[list(TERMS)].sum(axis=1).round(6)
    return scored[
        [
            "household_id",
            "housing_id",
            "job_id",
            "departement",
            "job_departement",
            "month",
            "distance_km",
            "level",
            "wish_rank",
            *TERMS,
            "score",
        ]
    ]
