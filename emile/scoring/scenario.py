"""A named scenario: everything needed to reproduce a ranking (level, départements, criteria and weights, method,
normalisation, thresholds, the territories compared) plus the data vintage it was computed on.

It is the Classement page's state (kept in the session and in the link, see ``emile.scoring.link``) and the file a
planner saves and reloads. An uploaded file may be anything, so loading is bounded (size, counts, finite numbers,
weights 0 to 10) and every refusal is one French message naming the field as the planner knows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from emile import indicators
from emile.config import ScoringSettings
from emile.config.base import DepartementCode
from emile.config.scoring import Method, Normalisation, ScoredTheme
from emile.indicators import Indicator, Level
from emile.scoring.ranking import Threshold
from emile.validation import french_message

FORMAT_VERSION = 1
MAX_FILE_BYTES = 64_000
MAX_CRITERIA = 60  # above the catalogue's size: a file naming more cannot be a scenario saved here
MAX_COMPARED = 4
WEIGHT_MAX = 10
DEFAULT_CRITERION_WEIGHT = 5
DEFAULT_NAME = "Mon scénario"
CUSTOM_PRESET = "personnalise"

Weight = Annotated[int, Field(ge=0, le=WEIGHT_MAX)]
CriterionId = Annotated[str, Field(min_length=1, max_length=60)]
# French names of the fields, for the messages a planner reads.
FIELD_LABELS = {
    "version": "version",
    "name": "nom",
    "level": "niveau",
    "departements": "départements",
    "preset": "préréglage",
    "theme_weights": "poids des thèmes",
    "criteria": "critères",
    "method": "méthode",
    "normalisation": "normalisation",
    "thresholds": "seuils",
    "shortlist": "territoires comparés",
    "data_vintage": "millésimes",
}


class ScenarioError(ValueError):
    """A scenario file that cannot be used, explained in French."""


class ThresholdSpec(BaseModel):
    """A threshold as saved: the indicator and its bounds (either optional), finite, minimum not above maximum."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    indicator_id: CriterionId
    minimum: float | None = None
    maximum: float | None = None

    @model_validator(mode="after")
    def _ordered(self) -> ThresholdSpec:
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            label = _label(self.indicator_id)
            raise ValueError(f"le minimum de « {label} » dépasse son maximum")
        return self

    def threshold(self) -> Threshold:
        return Threshold(self.indicator_id, self.minimum, self.maximum)


class Scenario(BaseModel):
    """``criteria`` maps each chosen indicator id to its slider value (0 to 10) within its theme; ``theme_weights``
    holds the theme sliders; ``preset`` names the preset the weights are exactly those of (``None`` once changed by
    hand); ``data_vintage`` maps indicator ids to the vintage of the data the scenario was built on."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    version: Literal[1] = FORMAT_VERSION
    name: str = Field(default=DEFAULT_NAME, min_length=1, max_length=120)
    level: Level = "departement"
    departements: list[DepartementCode] = Field(default=[], max_length=110)
    preset: str | None = Field(default=None, max_length=60)
    theme_weights: dict[ScoredTheme, Weight]
    criteria: dict[CriterionId, Weight] = Field(max_length=MAX_CRITERIA)
    method: Method = "somme_ponderee"
    normalisation: Normalisation = "min_max"
    thresholds: list[ThresholdSpec] = Field(default=[], max_length=MAX_CRITERIA)
    shortlist: list[Annotated[str, Field(max_length=10)]] = Field(default=[], max_length=MAX_COMPARED)
    data_vintage: dict[CriterionId, Annotated[str, Field(max_length=120)]] = Field(default={}, max_length=MAX_CRITERIA)

    def with_changes(self, **changes: object) -> Scenario:
        """A copy with ``changes`` applied, validated like a loaded file."""
        return Scenario.model_validate({**self.model_dump(), **changes})


def _label(indicator_id: str) -> str:
    try:
        return indicators.get(indicator_id).label
    except KeyError:
        return indicator_id


def _where(location: tuple) -> str:
    """The field as a planner reads it: « critères › Taux de vacance du parc privé » rather than an internal id."""
    parts = [str(part) for part in location if part != "[key]"]
    if not parts:
        return "fichier"
    head, rest = FIELD_LABELS.get(parts[0], parts[0]), parts[1:]
    if parts[0] in ("criteria", "data_vintage") and rest:
        rest = [_label(rest[0]), *rest[1:]]
    elif parts[0] == "thresholds" and rest and rest[0].isdigit():
        rest = [f"n° {int(rest[0]) + 1}", *[FIELD_LABELS.get(r, r) for r in rest[1:]]]
    return " › ".join([head, *rest])


def french_error(exc: ValidationError) -> ScenarioError:
    """One message: the first problem found, with the field named in French."""
    first = exc.errors()[0]
    if first["type"] == "json_invalid":
        return ScenarioError("Le fichier n'est pas un JSON valide : est-ce bien un scénario enregistré ici ?")
    detail = french_message(first, missing="champ obligatoire absent", unknown="champ inconnu")
    more = len(exc.errors()) - 1
    extra = f" (et {more} autre{'s' if more > 1 else ''} problème{'s' if more > 1 else ''})" if more else ""
    return ScenarioError(f"Scénario refusé, champ « {_where(first['loc'])} » : {detail}{extra}.")


def to_json(scenario: Scenario) -> str:
    """Indented JSON, readable in a text editor."""
    return scenario.model_dump_json(indent=2)


def from_json(text: str | bytes) -> Scenario:
    """Parse a scenario file; ScenarioError in French naming the faulty field when it is not a valid scenario."""
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > MAX_FILE_BYTES:
        raise ScenarioError(
            f"Scénario refusé : fichier de {size / 1000:.0f} Ko, un scénario enregistré ici en fait moins de "
            f"{MAX_FILE_BYTES // 1000} Ko."
        )
    try:
        return Scenario.model_validate_json(text)
    except ValidationError as exc:
        raise french_error(exc) from exc


def default_scenario(level: Level, criteria: Sequence[Indicator], settings: ScoringSettings) -> Scenario:
    """Where the page starts at ``level``: every criterion at the default weight, the first preset's themes, the
    configured method and normalisation."""
    preset_id = settings.default_preset_id
    return Scenario(
        level=level,
        preset=preset_id,
        theme_weights=preset_theme_weights(settings, preset_id),
        criteria={c.id: DEFAULT_CRITERION_WEIGHT for c in criteria},
        method=settings.method,
        normalisation=settings.normalisation,
    )


def preset_theme_weights(settings: ScoringSettings, preset_id: str) -> dict[str, int]:
    preset = settings.presets[preset_id]
    return {theme: round(preset.weight(theme)) for theme in indicators.SCORED_THEMES}


def applying_preset(scenario: Scenario, settings: ScoringSettings, preset_id: str) -> Scenario:
    """The preset's theme weights, and every chosen criterion back at the default weight: the preset then says all
    there is to know about the weighting."""
    return scenario.with_changes(
        preset=preset_id,
        theme_weights=preset_theme_weights(settings, preset_id),
        criteria={i: DEFAULT_CRITERION_WEIGHT for i in scenario.criteria},
    )


def matching_preset(scenario: Scenario, settings: ScoringSettings) -> str | None:
    """The preset whose weights the scenario has exactly (every criterion at the default weight), else ``None``."""
    if any(w != DEFAULT_CRITERION_WEIGHT for w in scenario.criteria.values()):
        return None
    return next(
        (p for p in settings.presets if preset_theme_weights(settings, p) == dict(scenario.theme_weights)), None
    )


def restricted_to(scenario: Scenario, available: Sequence[Indicator]) -> tuple[Scenario, str | None]:
    """The scenario with only the criteria and thresholds ``available`` at its level, and one French sentence
    naming what was left out (``None`` when nothing was)."""
    known = {c.id for c in available}
    dropped = [i for i in [*scenario.criteria, *(t.indicator_id for t in scenario.thresholds)] if i not in known]
    if not dropped:
        return scenario, None
    kept = scenario.with_changes(
        criteria={i: w for i, w in scenario.criteria.items() if i in known},
        thresholds=[t.model_dump() for t in scenario.thresholds if t.indicator_id in known],
    )
    names = ", ".join(f"« {_label(i)} »" for i in dict.fromkeys(dropped))
    level = indicators.LEVEL_LABELS[scenario.level].lower()
    return kept, f"Critères sans donnée au niveau {level}, laissés de côté : {names}."


def vintage_changes(scenario: Scenario, criteria: Sequence[Indicator]) -> list[str]:
    """French lines naming each criterion whose data vintage differs from the one the scenario was saved with,
    and each saved criterion that is no longer available."""
    current = {c.id: c for c in criteria}
    lines = []
    for indicator_id, saved in scenario.data_vintage.items():
        if indicator_id not in current:
            lines.append(f"{_label(indicator_id)} : critère absent des données actuelles")
        elif current[indicator_id].vintage != saved:
            now = current[indicator_id]
            lines.append(f"{now.label} : millésime {saved} à l'enregistrement, {now.vintage} aujourd'hui")
    return lines
