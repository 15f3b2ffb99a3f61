"""Estimate of public costs avoided by installations, from parameters a planner sets in ``config.toml``.

Estimate = people installed × nights of emergency accommodation avoided per person × cost of a night in
Île-de-France − households installed × cost of EMILE support. It is an order of magnitude, not an evaluation (DARES
runs that). Every parameter is shown with its source; while any of them is still a hypothesis to fill in, the estimate
is not computed rather than built on an invented figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emile.config import CostParameter

NIGHTLY_COST = "cout_nuitee_hebergement_idf"
NIGHTS_AVOIDED = "nuitees_evitees_par_personne"
SUPPORT_COST = "cout_accompagnement_par_menage"
REQUIRED_PARAMETERS = (NIGHTLY_COST, NIGHTS_AVOIDED, SUPPORT_COST)


@dataclass(frozen=True)
class CostEstimate:
    """``value`` in euros, or None with the reason in ``missing`` (parameters still to fill in, or hidden counts)."""

    value: float | None
    missing: tuple[str, ...]


def parameters_table(parameters: dict[str, CostParameter]) -> pd.DataFrame:
    """Every parameter with its value (empty when not filled in), unit and source, for display next to the estimate."""
    return pd.DataFrame(
        [(key, p.label, p.value, p.unit, p.source) for key, p in parameters.items()],
        columns=["key", "parameter", "value", "unit", "source"],
    ).astype({"value": "Float64"})


def estimate(people: int | None, households: int | None, parameters: dict[str, CostParameter]) -> CostEstimate:
    """Costs avoided for ``people`` installed in ``households``; None while an input is unknown."""
    missing = tuple(
        parameters[key].label if key in parameters else key
        for key in REQUIRED_PARAMETERS
        if key not in parameters or parameters[key].is_hypothesis
    )
    if people is None or households is None:
        missing += ("nombre de ménages et de personnes installés (masqué : effectif trop faible)",)
    if missing:
        return CostEstimate(None, missing)
    avoided = people * parameters[NIGHTS_AVOIDED].value * parameters[NIGHTLY_COST].value
    return CostEstimate(avoided - households * parameters[SUPPORT_COST].value, ())
