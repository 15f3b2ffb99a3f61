"""The words of offers and household projects, as they are stored, typed in files and shown (French labels).

One place for each list, so that the store, the templates, the forms, the validation and the page agree.
"""

from __future__ import annotations

from typing import Literal

OfferKind = Literal["logement", "emploi"]
HOUSING: OfferKind = "logement"
JOB: OfferKind = "emploi"
KIND_LABELS: dict[str, str] = {HOUSING: "Logements", JOB: "Emplois et formations"}

# Status of an offer, in the order an offer usually goes through them; every change is dated.
STATUSES: tuple[str, ...] = ("disponible", "propose", "reserve", "attribue", "retire")
STATUS_LABELS: dict[str, str] = {
    "disponible": "Disponible",
    "propose": "Proposé",
    "reserve": "Réservé",
    "attribue": "Attribué",
    "retire": "Retiré",
}
AVAILABLE = "disponible"
WITHDRAWN = "retire"
# Offers that still count: not yet reserved, attributed or withdrawn (a proposal may still fall through), and not
# past their expiry date (see ``store.is_open``).
OPEN_STATUSES: tuple[str, ...] = ("disponible", "propose")
EXPIRED_LABEL = "Expirée"

TYPOLOGIES: tuple[str, ...] = ("T1", "T2", "T3", "T4", "T5", "T6")
LANDLORD_TYPES: dict[str, str] = {
    "bailleur_social": "Bailleur social",
    "commune": "Commune",
    "prive_intermediation": "Propriétaire privé (intermédiation locative)",
}
JOB_KINDS: dict[str, str] = {
    "cdi": "CDI",
    "cdd_6_mois_et_plus": "CDD de 6 mois ou plus",
    "cdd_moins_6_mois": "CDD de moins de 6 mois",
    "interim": "Intérim",
    "alternance": "Alternance",
    "formation_qualifiante": "Formation qualifiante",
}

# Children of a household project by age band, each band being the school level it needs.
CHILD_BANDS: dict[str, str] = {
    "children_0_2": "0-2 ans (crèche)",
    "children_3_5": "3-5 ans (école maternelle)",
    "children_6_10": "6-10 ans (école élémentaire)",
    "children_11_14": "11-14 ans (collège)",
    "children_15_17": "15-17 ans (lycée)",
}
PROJECT_STATUSES: dict[str, str] = {
    "en_preparation": "En préparation",
    "pret": "Prêt pour une proposition",
    "propose": "Proposition faite",
    "oriente": "Orienté vers un territoire",
    "installe": "Installé",
    "suspendu": "Suspendu",
    "clos": "Clos",
}
MAX_WANTED_METIERS = 3
MAX_WISHES = 3
