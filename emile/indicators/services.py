"""Catalogue entries for the « services » theme."""

from __future__ import annotations

from emile.indicators.model import REFERENCE_POPULATION, Indicator

_LEVELS = ("commune", "epci", "bassin", "departement")
_AGGREGATED = ("epci", "bassin", "departement")
# Distance beyond which a household without a car is « far » from each kind of service (used by the build and
# named in the labels): a walk or a short bus ride for daily needs (pharmacy, school), a longer trip otherwise.
FAR_KM = {"pharmacie": 5, "ecole": 5, "grande_surface": 10, "gare": 10, "france_services": 10}
_BPE_DISTANCE = (
    "Distance à vol d'oiseau depuis la mairie : 0 si la commune en compte au moins un, sinon distance "
    "à la mairie la plus proche d'une commune qui en compte (BPE 2020, par commune), calculée en "
    "Lambert-93 (EPSG:2154) en métropole et dans la projection UTM officielle de chaque département "
    "d'outre-mer, sans traverser la mer entre deux départements."
)
_RATE = "Nombre d'équipements pour 10 000 habitants. " + REFERENCE_POPULATION


_FS_DISTANCE = (
    "Distance à vol d'oiseau depuis la mairie jusqu'au site le plus proche (coordonnées publiées par "
    "l'ANCT, bus compris à leur adresse de rattachement), en Lambert-93 (EPSG:2154) en métropole et en "
    "UTM outre-mer."
)


def _equipment(
    key: str, plural: str, nearest: str, what: str, source_id: str, vintage: str, distance: str = _BPE_DISTANCE
) -> tuple[Indicator, ...]:
    """The figures kept for each kind of equipment: its density; the distance to the nearest one for a commune;
    for départements, bassins and EPCI, the share of the population living far from one (scored) and the mean distance
    (shown). A population-weighted median distance was 0 almost everywhere and said nothing."""
    far = FAR_KM[key]
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
            levels=("commune",),
        ),
        Indicator(
            id=f"part_pop_{key}_plus_{far}km",
            label=f"Part de la population à plus de {far} km de {nearest}",
            definition=(
                f"{what}. Part de la population (recensement 2021) des communes dont la mairie est à plus de "
                f"{far} km de {nearest}, en %. {distance}"
            ),
            unit="%",
            theme="services",
            higher_is_better=False,
            source_id=source_id,
            vintage=vintage,
            levels=_AGGREGATED,
        ),
        Indicator(
            id=f"distance_moyenne_{key}_km",
            label=f"Distance moyenne à {nearest}",
            definition=(
                f"{what}. Moyenne des distances des communes pondérée par leur population (recensement 2021), "
                f"affichée pour situer le territoire ; le classement retient la part de la population à plus de "
                f"{far} km. {distance}"
            ),
            unit="km",
            theme="services",
            higher_is_better=None,
            source_id=source_id,
            vintage=vintage,
            levels=_AGGREGATED,
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
