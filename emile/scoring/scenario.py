"""A named scenario: everything needed to reproduce a ranking (level, criteria and weights, method, normalisation,
thresholds) plus the data vintage it was computed on. Saved and reloaded as JSON by the planner.

A file the planner uploads may be anything, so loading validates it with pydantic and answers in French.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from emile.indicators import Indicator
from emile.scoring.ranking import Threshold

FORMAT_VERSION = 1


class ScenarioError(ValueError):
    """A scenario file that cannot be used, explained in French."""


class Scenario(BaseModel):
    """``criteria`` maps each chosen indicator id to its slider value within its theme; ``theme_weights`` holds the
    theme sliders; ``data_vintage`` maps indicator ids to the vintage of the data the scenario was built on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = FORMAT_VERSION
    name: str = Field(min_length=1, max_length=120)
    level: Literal["departement", "commune", "bassin"]
    departements: list[str] = []
    theme_weights: dict[str, float]
    criteria: dict[str, float] = Field(min_length=1)
    method: Literal["somme_ponderee", "topsis"]
    normalisation: Literal["min_max", "rang_centile", "z_score"]
    thresholds: list[Threshold] = []
    data_vintage: dict[str, str] = {}


def to_json(scenario: Scenario) -> str:
    """Indented JSON, readable in a text editor."""
    return scenario.model_dump_json(indent=2)


def from_json(text: str | bytes) -> Scenario:
    """Parse a scenario file; ScenarioError in French naming the faulty field when it is not a valid scenario."""
    try:
        return Scenario.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "fichier"
        if first["type"] == "json_invalid":
            raise ScenarioError(
                "Le fichier n'est pas un JSON valide : est-ce bien un scénario enregistré ici ?"
            ) from exc
        raise ScenarioError(f"Scénario invalide (champ « {where} ») : {first['msg']}") from exc


def vintage_changes(scenario: Scenario, criteria: Sequence[Indicator]) -> list[str]:
    """French lines naming each criterion whose data vintage differs from the one the scenario was saved with,
    and each saved criterion that is no longer available."""
    current = {c.id: c for c in criteria}
    lines = []
    for indicator_id, saved in scenario.data_vintage.items():
        if indicator_id not in current:
            lines.append(f"{indicator_id} : critère absent des données actuelles")
        elif current[indicator_id].vintage != saved:
            now = current[indicator_id]
            lines.append(f"{now.label} : millésime {saved} à l'enregistrement, {now.vintage} aujourd'hui")
    return lines
