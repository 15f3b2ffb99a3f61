"""Catalogue entries for the « contexte » theme."""

from __future__ import annotations

from emile.indicators.model import Indicator

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="population",
        label="Population",
        definition="Communes : population municipale du recensement 2021 (arrondissements et communes fusionnées "
        "additionnés) ; bassins d'emploi et EPCI : somme de leurs communes. Départements : estimation INSEE au "
        "1er janvier 2021 (provisoire, mars 2021). C'est la population de référence de tous les taux par "
        "habitant, au même niveau.",
        unit="habitants",
        theme="contexte",
        higher_is_better=None,
        source_id="population_communes",
        vintage="2021",
        levels=("commune", "epci", "bassin", "departement"),
    ),
    Indicator(
        id="population_evolution_annuelle",
        label="Évolution annuelle de la population 2015-2021",
        definition="Taux de variation annuel moyen ((P2021 / P2015)^(1/6) − 1) × 100, avec les populations "
        "municipales des recensements pour les communes, les bassins d'emploi et les EPCI (somme de leurs communes) "
        "et les estimations au 1er janvier pour les départements.",
        unit="% par an",
        theme="contexte",
        higher_is_better=None,
        source_id="population_communes",
        vintage="2015-2021",
        levels=("commune", "epci", "bassin", "departement"),
    ),
)
