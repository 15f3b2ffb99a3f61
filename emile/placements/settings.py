"""The ``[placements]`` table of ``config.toml``, validated so that a typo comes back as a French sentence naming the key."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from emile.config import ConfigError, DepartementCode, ProgrammeConfig, _describe

HYPOTHESIS = "hypothèse à renseigner"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Operator(_Strict):
    code: str = Field(pattern=r"^[A-Z0-9_]{2,20}$")
    nom: str


class Targets(_Strict):
    national_personnes: int | None = Field(default=None, ge=1)
    source_national: str = HYPOTHESIS
    departements: dict[DepartementCode, int] = {}

    @field_validator("departements")
    @classmethod
    def _positive(cls, value: dict[str, int]) -> dict[str, int]:
        for code, target in value.items():
            if target < 1:
                raise ValueError(f"l'objectif du département {code} doit être un entier positif")
        return value


class Roles(_Strict):
    emails_planificateurs: list[str] = []
    domaines_planificateurs: list[str] = []
    claim_planificateur: str = ""
    valeur_claim_planificateur: str = ""


class CostParameter(_Strict):
    """One input of the cost estimate. ``valeur`` stays None until someone fills it in together with its source."""

    libelle: str
    unite: str
    source: str = HYPOTHESIS
    valeur: float | None = Field(default=None, ge=0)

    @property
    def is_hypothesis(self) -> bool:
        return self.valeur is None or self.source.strip().lower() == HYPOTHESIS


class PlacementSettings(_Strict):
    seuil_secret: int = Field(default=5, ge=2, le=100)
    taille_max_fichier_mo: int = Field(default=20, ge=1, le=500)
    operateurs: list[Operator] = []
    objectifs: Targets = Targets()
    roles: Roles = Roles()
    couts: dict[str, CostParameter] = {}

    def operator_name(self, code: str) -> str:
        """The operator's full name, or the code itself when the operator is not listed."""
        return next((o.nom for o in self.operateurs if o.code == code), code)


def placement_settings(config: ProgrammeConfig) -> PlacementSettings:
    """Validate ``config.section("placements")``; raise ConfigError naming each faulty ``placements.…`` key."""
    raw: dict[str, Any] = config.section("placements")
    try:
        return PlacementSettings.model_validate(raw)
    except ValidationError as exc:
        details = "\n".join(f"- {_describe({**error, 'loc': ('placements', *error['loc'])})}" for error in exc.errors())
        raise ConfigError(f"config.toml contient des erreurs :\n{details}") from exc
