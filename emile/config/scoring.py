"""``[scoring]``: the weight presets and the default method, normalisation and sensitivity settings of the ranking."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from emile.config.base import Section

Method = Literal["somme_ponderee", "topsis"]
Normalisation = Literal["min_max", "rang_centile", "z_score"]
ScoredTheme = Literal["emploi", "logement", "services"]


class Preset(Section):
    """A named set of relative theme weights a planner can start from (brought to 100 % by the ranking)."""

    label: str = Field(alias="libelle", min_length=1)
    theme_weights: dict[ScoredTheme, Annotated[float, Field(ge=0)]] = Field(alias="poids")

    @field_validator("theme_weights")
    @classmethod
    def _not_all_zero(cls, weights: dict[str, float]) -> dict[str, float]:
        if sum(weights.values()) <= 0:
            raise ValueError("au moins un thème doit avoir un poids positif")
        return weights

    def weight(self, theme: str) -> float:
        """The preset's weight of ``theme``, 0 when the preset does not name it."""
        return float(self.theme_weights.get(theme, 0.0))


EQUAL_THEMES = Preset(label="Équilibré", theme_weights={"emploi": 1.0, "logement": 1.0, "services": 1.0})


class ScoringSettings(Section):
    method: Method = Field(alias="methode", default="somme_ponderee")
    normalisation: Normalisation = "min_max"
    draws: int = Field(alias="tirages", default=1000, ge=10)
    concentration: float = Field(default=100.0, ge=1)
    top_k: int = Field(default=10, ge=1)
    presets: dict[str, Preset] = Field(min_length=1, default_factory=lambda: {"equilibre": EQUAL_THEMES})

    @property
    def default_preset_id(self) -> str:
        """The first preset of the file: where the Classement page and the briefings start."""
        return next(iter(self.presets))
