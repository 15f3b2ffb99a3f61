"""The steps of an EMILE journey, in the order a household goes through them.

After a reflection period the household does a five-day immersion in the host territory; the project is validated if
everyone agrees, then the household moves in and is supported for about six months.
"""

from __future__ import annotations

STEPS: tuple[str, ...] = (
    "candidature",
    "orientation",
    "immersion",
    "validation",
    "installation",
    "fin_accompagnement",
    "sortie",
)

STEP_LABELS: dict[str, str] = {
    "candidature": "Candidature",
    "orientation": "Orientation",
    "immersion": "Immersion (5 jours)",
    "validation": "Validation du projet",
    "installation": "Installation",
    "fin_accompagnement": "Fin de l'accompagnement (6 mois)",
    "sortie": "Sortie du dispositif",
}

STEP_RANK: dict[str, int] = {step: rank for rank, step in enumerate(STEPS)}

INSTALLATION_RANK = STEP_RANK["installation"]
