"""``[appariement]``: what makes a household × (dwelling, job) combination feasible, the weights of its score and the
limits of the optimisation (« Appariement » page, ``emile.matching``).

Every weight is in points; a combination's score is the sum of its terms, each shown on the page. A planner may
change the weights on the page for one run; the run records the weights it used.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from emile.config.base import DepartementCode, Section
from emile.offers.vocabulary import JOB_KINDS, TYPOLOGIES

Points = Annotated[float, Field(ge=0, le=1000)]


class MatchingWeights(Section):
    """Points of each term of the score (see ``emile.matching.candidates.TERMS`` for what each one measures)."""

    base: Points = Field(alias="socle", default=40.0)
    same_rome: Points = Field(alias="metier_rome", default=30.0)
    same_family: Points = Field(alias="metier_famille", default=12.0)
    tension: Points = Field(alias="tension_bmo", default=10.0)
    contract: Points = Field(alias="qualite_contrat", default=10.0)
    hours: Points = Field(alias="qualite_heures", default=5.0)
    school: Points = Field(alias="service_ecole", default=4.0)
    pharmacy: Points = Field(alias="service_pharmacie", default=2.0)
    france_services: Points = Field(alias="service_france_services", default=2.0)
    station: Points = Field(alias="service_gare", default=4.0)
    wish_1: Points = Field(alias="voeu_1", default=20.0)
    wish_2: Points = Field(alias="voeu_2", default=12.0)
    wish_3: Points = Field(alias="voeu_3", default=6.0)
    rent_per_100_eur: Points = Field(alias="loyer_par_100_euros", default=1.5)
    distance_per_10_km: Points = Field(alias="trajet_par_10_km", default=2.0)


def _default_typologies() -> dict[str, list[str]]:
    return {
        "1": ["T1", "T2"],
        "2": ["T2", "T3"],
        "3": ["T3", "T4"],
        "4": ["T3", "T4", "T5"],
        "5": ["T4", "T5"],
        "6": ["T5", "T6"],
    }


class MatchingSettings(Section):
    max_commute_km: float = Field(alias="trajet_max_km", default=30.0, gt=0, le=200)
    date_window_days: int = Field(alias="delai_max_jours", default=90, ge=0, le=730)
    typologies_by_size: dict[str, list[str]] = Field(alias="typologies_par_taille", default_factory=_default_typologies)
    contract_quality: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(
        alias="qualite_par_contrat",
        default_factory=lambda: {
            "cdi": 1.0,
            "cdd_6_mois_et_plus": 0.7,
            "formation_qualifiante": 0.6,
            "alternance": 0.6,
            "cdd_moins_6_mois": 0.3,
            "interim": 0.3,
        },
    )
    service_reference_km: float = Field(alias="distance_service_reference_km", default=10.0, gt=0)
    support_capacity: int = Field(alias="capacite_accompagnement_mensuelle", default=10, ge=0)
    capacity_by_departement: dict[DepartementCode, Annotated[int, Field(ge=0)]] = Field(
        alias="capacite_par_departement", default={}
    )
    minimum_share: dict[DepartementCode, Annotated[float, Field(ge=0, le=1)]] = Field(alias="part_minimale", default={})
    jobs_per_territory: int = Field(alias="emplois_par_territoire", default=5, ge=1, le=100)
    dwellings_per_job: int = Field(alias="logements_par_emploi", default=4, ge=1, le=100)
    combinations_per_territory: int = Field(alias="combinaisons_par_territoire", default=4, ge=1, le=500)
    other_territories: int = Field(alias="autres_territoires", default=5, ge=0, le=101)
    time_limit_s: float = Field(alias="temps_max_s", default=20.0, gt=0, le=600)
    max_exact_combinations: int = Field(alias="combinaisons_max_exact", default=60_000, ge=0)
    weights: MatchingWeights = Field(alias="poids", default=MatchingWeights())

    @field_validator("typologies_by_size")
    @classmethod
    def _sizes_and_typologies(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        if not value:
            raise ValueError("au moins une taille de ménage")
        for size, typologies in value.items():
            if not size.isdigit() or int(size) < 1:
                raise ValueError(f"« {size} » n'est pas une taille de ménage (un entier à partir de 1)")
            unknown = sorted(set(typologies) - set(TYPOLOGIES))
            if unknown or not typologies:
                raise ValueError(f"taille {size} : typologies parmi {', '.join(TYPOLOGIES)} (inconnues : {unknown})")
        return value

    @field_validator("contract_quality")
    @classmethod
    def _known_contracts(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(JOB_KINDS))
        if unknown:
            raise ValueError(f"contrats inconnus {', '.join(unknown)} (attendus : {', '.join(JOB_KINDS)})")
        return value

    @field_validator("minimum_share")
    @classmethod
    def _shares_fit(cls, value: dict[str, float]) -> dict[str, float]:
        if sum(value.values()) > 1:
            raise ValueError("la somme des parts minimales dépasse 1")
        return value

    def typologies_for(self, size: int) -> tuple[str, ...]:
        """Typologies that fit a household of ``size`` people; above the largest size listed, the largest's."""
        sizes = sorted(int(s) for s in self.typologies_by_size)
        chosen = max((s for s in sizes if s <= size), default=sizes[0])
        return tuple(self.typologies_by_size[str(chosen)])

    def capacity(self, departement: str) -> int:
        """Households the operators can support starting in ``departement`` in one month."""
        return self.capacity_by_departement.get(departement, self.support_capacity)
