"""Catalogue entries for the « logement » theme."""

from __future__ import annotations

from emile.indicators.model import Indicator

_LEVELS = ("commune", "epci", "bassin", "departement")
_LOVAC_VINTAGE = "LOVAC 2024 (départements) ; 01/01/2021 (communes, bassins d'emploi, EPCI)"
_LOVAC_BREAK = (
    "Le millésime 2025 n'est pas retenu : son total national de logements vacants est inférieur d'environ 35 % à "
    "celui de chaque année 2020-2024 alors que la vacance longue augmente, signe d'un changement de méthode "
    "(« rupture de série », voir la page Données et sources), et il ne donne pas le parc total."
)
_LOVAC_COMMUNES = (
    "Communes : seules les communes hors secret statistique sont publiées (01/01/2021, rapporté au "
    "parc privé des Fichiers fonciers 2022) ; les autres restent sans valeur et sont comptées secrètes. "
    "Bassins d'emploi et EPCI : somme des communes publiées, le nombre de communes sous secret est indiqué."
)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="lovac_taux_vacance",
        label="Taux de vacance du parc privé",
        definition="Logements privés vacants / parc privé total × 100. Départements : millésime 2024, le dernier "
        "pour lequel le fichier donne le parc total, comme le nombre de logements vacants. "
        + _LOVAC_BREAK
        + " "
        + _LOVAC_COMMUNES,
        unit="%",
        theme="logement",
        higher_is_better=True,
        source_id="lovac_departements",
        vintage=_LOVAC_VINTAGE,
        levels=_LEVELS,
    ),
    Indicator(
        id="lovac_taux_vacance_longue",
        label="Taux de vacance de longue durée (2 ans ou plus) du parc privé",
        definition="Logements privés vacants depuis 2 ans ou plus / parc privé total × 100 (vacance structurelle). "
        "Départements : millésime 2024. " + _LOVAC_BREAK + " " + _LOVAC_COMMUNES,
        unit="%",
        theme="logement",
        higher_is_better=True,
        source_id="lovac_departements",
        vintage=_LOVAC_VINTAGE,
        levels=_LEVELS,
    ),
    Indicator(
        id="lovac_vacants",
        label="Logements privés vacants",
        definition="Nombre de logements du parc privé vacants (LOVAC). Départements : millésime 2024, le même "
        "que le taux. " + _LOVAC_BREAK + " " + _LOVAC_COMMUNES,
        unit="logements",
        theme="logement",
        higher_is_better=True,
        source_id="lovac_departements",
        vintage=_LOVAC_VINTAGE,
        levels=_LEVELS,
    ),
    Indicator(
        id="lovac_vacants_longue",
        label="Logements privés vacants depuis 2 ans ou plus",
        definition="Nombre de logements du parc privé vacants depuis 2 ans ou plus (LOVAC). Départements : "
        "millésime 2024, le même que le taux. " + _LOVAC_BREAK + " " + _LOVAC_COMMUNES,
        unit="logements",
        theme="logement",
        higher_is_better=True,
        source_id="lovac_departements",
        vintage=_LOVAC_VINTAGE,
        levels=_LEVELS,
    ),
    Indicator(
        id="rpls_logements_sociaux",
        label="Logements sociaux",
        definition="Nombre de logements du parc locatif social au 1er janvier 2024 (RPLS), arrondissements et "
        "communes fusionnées additionnés (bassins d'emploi, EPCI et départements : somme des communes) ; 0 "
        "pour une commune absente du RPLS, qui ne compte aucun logement social.",
        unit="logements",
        theme="logement",
        higher_is_better=True,
        source_id="rpls_indicateurs",
        vintage="01/01/2024",
        levels=_LEVELS,
    ),
    Indicator(
        id="rpls_logements_vacants",
        label="Logements sociaux vacants",
        definition="Logements sociaux vacants au 1er janvier 2024 (RPLS). Les petites communes n'ont pas leurs "
        "effectifs diffusés : la commune reste sans valeur et le total du département, du bassin "
        "d'emploi ou de l'EPCI, qui ne les contient pas, indique combien de communes manquent.",
        unit="logements",
        theme="logement",
        higher_is_better=True,
        source_id="rpls_parc",
        vintage="01/01/2024",
        levels=_LEVELS,
    ),
    Indicator(
        id="rpls_taux_vacance",
        label="Taux de vacance du parc social",
        definition="Logements sociaux vacants / logements proposés à la location (loués ou vacants) × 100, taux "
        "publié par commune (RPLS) ; pour les communes fusionnées, les bassins d'emploi, les EPCI "
        "et les départements, moyenne des taux communaux pondérée par le nombre de logements sociaux.",
        unit="%",
        theme="logement",
        higher_is_better=True,
        source_id="rpls_indicateurs",
        vintage="01/01/2024",
        levels=_LEVELS,
    ),
    Indicator(
        id="rpls_taux_mobilite",
        label="Taux de mobilité dans le parc social",
        definition="Part des logements sociaux ayant changé de locataire au cours de 2023 (emménagements / parc "
        "proposé à la location depuis au moins un an × 100, RPLS) ; pour les communes fusionnées, les "
        "bassins d'emploi, les EPCI et les départements, moyenne des taux communaux pondérée par le nombre de "
        "logements sociaux.",
        unit="%",
        theme="logement",
        higher_is_better=True,
        source_id="rpls_indicateurs",
        vintage="2023 (RPLS 2024)",
        levels=_LEVELS,
    ),
    Indicator(
        id="loyer_m2",
        label="Loyer d'annonce des appartements",
        definition="Loyer prédit charges comprises par m² pour un appartement (Carte des loyers, annonces 2018), "
        "prédit à la commune ou à la maille selon le nombre d'annonces ; communes fusionnées : moyenne "
        "pondérée par le nombre d'annonces ; départements, bassins d'emploi et EPCI : moyenne des communes "
        "pondérée par la population.",
        unit="€/m²",
        theme="logement",
        higher_is_better=None,
        source_id="loyers",
        vintage="2018",
        levels=_LEVELS,
    ),
)
