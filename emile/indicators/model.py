"""What an indicator is: the fields every catalogue entry carries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Theme = Literal["emploi", "logement", "services", "contexte"]
Level = Literal["commune", "epci", "bassin", "departement"]

# The themes a territory is scored on (« contexte » is shown, never scored), in reading order.
SCORED_THEMES: tuple[Theme, ...] = ("emploi", "logement", "services")
LEVELS: tuple[Level, ...] = ("departement", "bassin", "epci", "commune")

# The one population every per-inhabitant rate divides by, said in each such definition (the build records the same
# in manifest.json, « populations_reference »).
REFERENCE_POPULATION = (
    "Population : recensement 2021 (population municipale, INSEE) pour les communes, les bassins d'emploi et les "
    "EPCI (somme de leurs communes), estimation INSEE au 1er janvier 2021 pour les départements, celle que montre la "
    "colonne « population »."
)

THEME_LABELS: dict[str, str] = {
    "emploi": "Emploi",
    "logement": "Logement",
    "services": "Services",
    "contexte": "Contexte",
}
LEVEL_LABELS: dict[str, str] = {
    "commune": "Commune",
    "bassin": "Bassin d'emploi",
    "epci": "EPCI (intercommunalité)",
    "departement": "Département",
}


@dataclass(frozen=True)
class Indicator:
    """One published figure. ``higher_is_better`` is from the point of view of hosting EMILE households;
    ``None`` marks a context figure that is shown but never scored."""

    id: str
    label: str
    definition: str
    unit: str
    theme: Theme
    higher_is_better: bool | None
    source_id: str
    vintage: str
    levels: tuple[Level, ...]
