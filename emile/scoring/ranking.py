"""Screen territories, normalise the chosen criteria and score them with a pymcdm method.

Missing values are handled by exclusion, never by imputation: a territory missing (or with a secret value for) any
criterion that carries weight is left out of the ranking and listed with the reason, so no score rests on an invented
figure and the planner sees exactly who was not compared. Origin areas (where volunteers come from) are always
excluded; optional thresholds exclude territories below a minimum or above a maximum.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pymcdm.methods import TOPSIS, WSM
from scipy.stats import rankdata

from emile import indicators
from emile.geography import Origins
from emile.indicators import Indicator
from emile.indicators.bounds import HIGH, LOW
from emile.scoring.normalise import NORMALISATIONS, normalise

METHODS = {"somme_ponderee": WSM, "topsis": TOPSIS}
METHOD_LABELS: dict[str, str] = {
    "somme_ponderee": "Somme pondérée",
    "topsis": "TOPSIS (proximité à l'idéal)",
}
ORIGIN_REASON = "zone d'origine des volontaires"
SCORE_DECIMALS = 9


@dataclass(frozen=True)
class Threshold:
    """Keep only territories whose value of ``indicator_id`` lies within [minimum, maximum] (either bound optional)."""

    indicator_id: str
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Ranking:
    """The outcome of one scoring run.

    ``table``: eligible territories sorted by rank (columns ``nom``, ``score``, ``rang``, the raw criterion values
    and, for shares under secrecy, their ``__min``/``__max`` range);
    ``normalised``: criterion values after normalisation, higher is better, same index as ``table``;
    ``weights``: weight per criterion id (sum 1); ``excluded``: territories left out with ``nom`` and ``motif``;
    ``notes``: French remarks on limits of the run (e.g. an exclusion that could not be applied).
    """

    table: pd.DataFrame
    normalised: pd.DataFrame
    weights: pd.Series
    excluded: pd.DataFrame
    method: str
    normalisation: str
    notes: tuple[str, ...] = field(default=())


def rank_scores(scores: np.ndarray) -> np.ndarray:
    """Competition ranks (1 = best, ties share the best rank) along the last axis.

    Scores are rounded to 1e-9 first so that floating-point noise never splits two territories that are tied.
    """
    return rankdata(-np.round(scores, SCORE_DECIMALS), method="min", axis=-1).astype(int)


def within_departements(frame: pd.DataFrame, departements: Iterable[str]) -> pd.DataFrame:
    """Communes or bassins whose ``departement`` column is one of ``departements``."""
    return frame[frame["departement"].isin(list(departements))]


def _catalogue_label(indicator_id: str) -> str:
    try:
        return indicators.get(indicator_id).label
    except KeyError:
        return indicator_id


def _join(parts: Iterable[np.ndarray], length: int, separator: str) -> np.ndarray:
    """Row-wise join of the non-empty strings of ``parts`` (columns of ``length`` strings), with no loop over rows."""
    joined = np.full(length, "", dtype=object)
    for part in parts:
        text = np.asarray(part, dtype=object)
        joined = joined + np.where((joined != "") & (text != ""), separator, "") + text
    return joined


def _exclusion_reasons(
    frame: pd.DataFrame,
    criteria: Sequence[Indicator],
    origins: Origins,
    thresholds: Sequence[Threshold],
    labels: dict[str, str],
) -> tuple[pd.Series, tuple[str, ...]]:
    """A French reason per territory ('' when eligible) and notes on exclusions that could not be applied."""
    reasons = pd.DataFrame(index=frame.index)
    notes: list[str] = []
    departement = frame["departement"] if "departement" in frame else pd.Series(frame.index, index=frame.index)
    is_origin = departement.isin(list(origins.departements))
    if origins.epci:
        if "epci" in frame:
            is_origin |= frame["epci"].isin(list(origins.epci))
        elif "departement" in frame and (
            not origins.epci_departements or frame["departement"].isin(list(origins.epci_departements)).any()
        ):
            names = ", ".join(origins.epci_names) or "une intercommunalité d'origine"
            notes.append(
                f"À ce niveau, seuls les départements d'origine sont écartés : un territoire qui recouvre {names} "
                "reste classé."
            )
    reasons["origine"] = np.where(is_origin, ORIGIN_REASON, "")
    missing = _join((np.where(frame[c.id].isna(), c.label, "") for c in criteria), len(frame), ", ")
    reasons["manquant"] = np.where(missing != "", "donnée manquante : " + missing, "")
    for i, threshold in enumerate(thresholds):
        values = frame[threshold.indicator_id]
        label = labels.get(threshold.indicator_id) or _catalogue_label(threshold.indicator_id)
        reasons[f"seuil_{i}_absent"] = np.where(values.isna(), f"seuil inapplicable (donnée manquante) : {label}", "")
        if threshold.minimum is not None:
            reasons[f"seuil_{i}_min"] = np.where(
                values < threshold.minimum, f"sous le seuil minimal ({threshold.minimum:g}) : {label}", ""
            )
        if threshold.maximum is not None:
            reasons[f"seuil_{i}_max"] = np.where(
                values > threshold.maximum, f"au-dessus du seuil maximal ({threshold.maximum:g}) : {label}", ""
            )
    joined = _join((reasons[column].to_numpy(dtype=object) for column in reasons), len(frame), " ; ")
    return pd.Series(joined, index=frame.index, dtype=object), tuple(notes)


def rank_territories(
    frame: pd.DataFrame,
    criteria: Sequence[Indicator],
    weights: pd.Series,
    method: str = "somme_ponderee",
    normalisation: str = "min_max",
    origins: Origins | None = None,
    thresholds: Sequence[Threshold] = (),
) -> Ranking:
    """Rank the rows of ``frame`` (index = territory code, a ``nom`` column, one column per criterion id).

    Criteria whose weight is zero are dropped before anything else, so they neither score nor exclude anyone.
    ``thresholds`` may name any column of ``frame``, scored or not.
    """
    if method not in METHODS:
        raise ValueError(f"Méthode inconnue : {method} (attendu : {', '.join(METHODS)})")
    if normalisation not in NORMALISATIONS:
        raise ValueError(f"Normalisation inconnue : {normalisation} (attendu : {', '.join(NORMALISATIONS)})")
    used = [c for c in criteria if weights.get(c.id, 0) > 0]
    if not used:
        raise ValueError("Aucun critère pondéré : choisissez au moins un critère avec un poids positif.")
    if any(c.higher_is_better is None for c in used):
        raise ValueError("Un indicateur de contexte ne peut pas servir de critère de classement.")
    ids = [c.id for c in used]
    w = weights.reindex(ids).astype(float)
    w = w / w.sum()

    labels = {c.id: c.label for c in criteria}
    reasons, notes = _exclusion_reasons(frame, used, origins or Origins(), thresholds, labels)
    eligible = frame[reasons == ""]
    excluded = pd.DataFrame({"nom": frame.loc[reasons != "", "nom"], "motif": reasons[reasons != ""]})

    matrix = eligible[ids].to_numpy(dtype=float)
    types = np.array([1 if c.higher_is_better else -1 for c in used])
    if len(eligible) >= 2:
        scorer = METHODS[method](NORMALISATIONS[normalisation])
        with np.errstate(invalid="ignore"):
            scores = scorer(matrix, w.to_numpy(), types, validation=False)
        if np.isnan(scores).any():
            # TOPSIS divides 0 by 0 only when every territory has the same values: they are all tied.
            scores = np.where(np.isnan(scores), 1.0, scores)
            notes = (*notes, "Tous les territoires ont les mêmes valeurs sur les critères retenus : ex æquo.")
        normalised = normalise(matrix, types, normalisation)
    else:
        scores = np.ones(len(eligible))
        normalised = np.ones(matrix.shape)
        notes = (*notes, "Moins de deux territoires à comparer : aucun classement n'a de sens.")

    table = eligible[["nom"]].assign(score=scores, rang=rank_scores(scores) if len(eligible) else [])
    # The range secrecy leaves around a criterion (BMO shares), carried so that explanations can show it.
    bounds = [c for i in ids for c in (f"{i}{LOW}", f"{i}{HIGH}") if c in eligible.columns]
    table = table.join(eligible[ids + bounds]).sort_values(["rang", "nom"], kind="stable")
    normalised_frame = pd.DataFrame(normalised, index=eligible.index, columns=ids).loc[table.index]
    return Ranking(table, normalised_frame, w, excluded, method, normalisation, notes)
