"""The ``[scoring]`` section of ``config.toml``: weight presets and default method, normalisation and sensitivity.

Planners edit these tables by hand, so every mistake comes back as a French sentence naming the faulty key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from emile.config import ConfigError
from emile.scoring.normalise import NORMALISATIONS
from emile.scoring.ranking import METHODS

SCORED_THEMES: tuple[str, ...] = ("emploi", "logement", "services")


@dataclass(frozen=True)
class Preset:
    """A named set of theme weights a planner can start from."""

    id: str
    label: str
    theme_weights: dict[str, float]


@dataclass(frozen=True)
class ScoringSettings:
    presets: tuple[Preset, ...]
    method: str
    normalisation: str
    draws: int
    concentration: float
    top_k: int


def _number(table: Mapping[str, Any], name: str, key: str, default: float, minimum: float) -> float:
    value = table.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        raise ConfigError(f"clé « {key}.{name} » : un nombre supérieur ou égal à {minimum:g} est attendu")
    return value


def _choice(table: Mapping[str, Any], name: str, choices: Mapping[str, Any], default: str) -> str:
    value = table.get(name, default)
    if value not in choices:
        raise ConfigError(f"clé « scoring.{name} » : valeur attendue parmi {', '.join(choices)}")
    return value


def _preset(preset_id: str, table: Any) -> Preset:
    key = f"scoring.presets.{preset_id}"
    if not isinstance(table, Mapping):
        raise ConfigError(f"clé « {key} » : une table est attendue")
    unknown = sorted(set(table) - {"libelle", "poids"})
    if unknown:
        raise ConfigError(f"clé « {key}.{unknown[0]} » : clé inconnue (faute de frappe ?)")
    label = table.get("libelle")
    if not isinstance(label, str) or not label.strip():
        raise ConfigError(f"clé « {key}.libelle » : un texte entre guillemets est attendu")
    weights = table.get("poids")
    if not isinstance(weights, Mapping):
        expected = "une table { emploi = …, logement = …, services = … } est attendue"
        raise ConfigError(f"clé « {key}.poids » : {expected}")
    for theme in weights:
        if theme not in SCORED_THEMES:
            raise ConfigError(f"clé « {key}.poids.{theme} » : thème inconnu (emploi, logement ou services)")
        _number(weights, theme, f"{key}.poids", 0, 0)
    if sum(weights.values()) <= 0:
        raise ConfigError(f"clé « {key}.poids » : au moins un thème doit avoir un poids positif")
    return Preset(preset_id, label, {t: float(weights.get(t, 0)) for t in SCORED_THEMES})


def parse_settings(section: Mapping[str, Any]) -> ScoringSettings:
    """Validate the ``[scoring]`` table (as returned by ``ProgrammeConfig.section("scoring")``)."""
    unknown = sorted(set(section) - {"presets", "methode", "normalisation", "tirages", "concentration", "top_k"})
    if unknown:
        raise ConfigError(f"clé « scoring.{unknown[0]} » : clé inconnue (faute de frappe ?)")
    tables = section.get("presets")
    if not isinstance(tables, Mapping) or not tables:
        raise ConfigError("clé « scoring.presets » : au moins un préréglage [scoring.presets.<id>] est attendu")
    return ScoringSettings(
        presets=tuple(_preset(preset_id, table) for preset_id, table in tables.items()),
        method=_choice(section, "methode", METHODS, "somme_ponderee"),
        normalisation=_choice(section, "normalisation", NORMALISATIONS, "min_max"),
        draws=int(_number(section, "tirages", "scoring", 1000, 10)),
        concentration=float(_number(section, "concentration", "scoring", 100, 1)),
        top_k=int(_number(section, "top_k", "scoring", 10, 1)),
    )
