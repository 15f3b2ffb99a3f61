"""The whole of ``config.toml`` as one typed, validated object: ``load_config()`` returns a ``ProgrammeConfig``.

Each section is a pydantic model (``emile.config.<section>``) with English attributes and the French keys planners
write as aliases; any mistake, in any section, comes back as one ``ConfigError`` in French naming each faulty key.
Nothing else in the project reads the file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, model_validator

from emile.config.base import (
    DEFAULT_CONFIG_PATH,
    DEMO_CODE,
    PROJECT_ROOT,
    ConfigError,
    DepartementCode,
    Section,
    french_errors,
    is_demo_code,
)
from emile.config.matching import MatchingSettings, MatchingWeights
from emile.config.placements import HYPOTHESIS, CostParameter, Operator, PlacementSettings, Targets
from emile.config.roles import AccountMatch, OffererAccount, OffererRole, OperatorAccount, RoleMapping
from emile.config.scoring import Preset, ScoringSettings
from emile.config.sources import DownloadSettings, SourceSpec
from emile.config.territories import CandidateList, HostTerritory, OriginAreas, OriginEpci, Territories

__all__ = [
    "DEFAULT_CONFIG_PATH",
    "DEMO_CODE",
    "HYPOTHESIS",
    "PROJECT_ROOT",
    "AccountMatch",
    "Application",
    "CandidateList",
    "ConfigError",
    "CostParameter",
    "DepartementCode",
    "DownloadSettings",
    "HostTerritory",
    "MatchingSettings",
    "MatchingWeights",
    "OffererAccount",
    "OffererRole",
    "Operator",
    "OperatorAccount",
    "OriginAreas",
    "OriginEpci",
    "PlacementSettings",
    "Preset",
    "ProgrammeConfig",
    "RoleMapping",
    "ScoringSettings",
    "SourceSpec",
    "Targets",
    "Territories",
    "config_from_mapping",
    "config_path",
    "is_demo_code",
    "load_config",
    "parse_config",
]


class Application(Section):
    max_data_age_days: int = Field(alias="age_max_donnees_jours", default=400, ge=1)


class ProgrammeConfig(Section):
    application: Application = Application()
    territories: Territories = Field(alias="territoires")
    placements: PlacementSettings = PlacementSettings()
    roles: RoleMapping = RoleMapping()
    matching: MatchingSettings = Field(alias="appariement", default=MatchingSettings())
    scoring: ScoringSettings = ScoringSettings()
    downloads: DownloadSettings = Field(alias="telechargement", default=DownloadSettings())
    sources: dict[str, SourceSpec] = {}

    @model_validator(mode="after")
    def _operator_accounts_name_operators(self) -> ProgrammeConfig:
        known = {operator.code for operator in self.placements.operators}
        for position, account in enumerate(self.roles.operators):
            if account.code not in known:
                raise ValueError(
                    f"clé « roles.operateurs[{position}].code » : « {account.code} » n'est pas le code d'un opérateur "
                    f"de [[placements.operateurs]] ({', '.join(sorted(known)) or 'aucun'})"
                )
        return self


def parse_config(text: str, source: str = "config.toml") -> ProgrammeConfig:
    """Parse and validate the TOML text; raise ConfigError in French naming each faulty key."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source} n'est pas un fichier TOML valide : {exc}") from exc
    return config_from_mapping(raw, source)


def config_from_mapping(raw: Mapping[str, Any], source: str = "config.toml") -> ProgrammeConfig:
    """Validate tables already read (as ``tomllib`` returns them); raise ConfigError in French naming each key."""
    try:
        return ProgrammeConfig.model_validate(raw)
    except ValidationError as exc:
        raise french_errors(exc, source) from exc


def config_path() -> Path:
    """``config.toml`` of the project, or the file ``EMILE_CONFIG`` names (a deployment's own, or a test's)."""
    return Path(os.environ.get("EMILE_CONFIG", DEFAULT_CONFIG_PATH))


def load_config(path: Path | None = None) -> ProgrammeConfig:
    """Read ``config.toml`` (or ``path``) into a validated ProgrammeConfig."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"Fichier de configuration introuvable : {path}") from exc
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"{path.name} n'est pas encodé en UTF-8 (ligne {line}) : enregistrez-le en UTF-8 dans votre éditeur."
        ) from exc
    return parse_config(text, source=path.name)
