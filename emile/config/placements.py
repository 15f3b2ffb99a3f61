"""``[placements]``: suppression threshold, import limits, operators, targets and the cost-estimate parameters."""

from __future__ import annotations

from pydantic import Field, field_validator

from emile.config.base import AccountCode, DepartementCode, Section

HYPOTHESIS = "hypothèse à renseigner"


class Operator(Section):
    code: AccountCode
    name: str = Field(alias="nom")


class Targets(Section):
    national_people: int | None = Field(alias="national_personnes", default=None, ge=1)
    national_source: str = Field(alias="source_national", default=HYPOTHESIS)
    departements: dict[DepartementCode, int] = {}

    @field_validator("departements")
    @classmethod
    def _positive(cls, value: dict[str, int]) -> dict[str, int]:
        for code, target in value.items():
            if target < 1:
                raise ValueError(f"l'objectif du département {code} doit être un entier positif")
        return value


class CostParameter(Section):
    """One input of the cost estimate. ``value`` stays None until someone fills it in together with its source."""

    label: str = Field(alias="libelle")
    unit: str = Field(alias="unite")
    source: str = HYPOTHESIS
    value: float | None = Field(alias="valeur", default=None, ge=0)

    @property
    def is_hypothesis(self) -> bool:
        return self.value is None or self.source.strip().lower() == HYPOTHESIS


class PlacementSettings(Section):
    suppression_threshold: int = Field(alias="seuil_secret", default=5, ge=2, le=100)
    max_file_mb: int = Field(alias="taille_max_fichier_mo", default=20, ge=1, le=500)
    operators: list[Operator] = Field(alias="operateurs", default=[])
    targets: Targets = Field(alias="objectifs", default=Targets())
    costs: dict[str, CostParameter] = Field(alias="couts", default={})

    @field_validator("operators")
    @classmethod
    def _one_entry_per_code(cls, value: list[Operator]) -> list[Operator]:
        codes = [operator.code for operator in value]
        repeated = sorted({code for code in codes if codes.count(code) > 1})
        if repeated:
            raise ValueError(f"chaque code d'opérateur une seule fois (en double : {', '.join(repeated)})")
        return value

    def operator_name(self, code: str) -> str:
        """The operator's full name, or the code itself when the operator is not listed."""
        return next((o.name for o in self.operators if o.code == code), code)
