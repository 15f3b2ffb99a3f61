"""Catalogue entries for the « emploi » theme.

BMO figures add the published cells of France Travail's survey; cells withheld for statistical secrecy (« * ») are
left out and counted, so every BMO total is a lower bound and the count of withheld cells is shown beside it.
"""

from __future__ import annotations

from emile.indicators.model import REFERENCE_POPULATION, Indicator

_BMO_CELLS = (
    "Somme des cellules publiées (métier × bassin × département) ; les cellules couvertes par le secret "
    "statistique (« * ») sont exclues et leur nombre est indiqué."
)

_SHARE_BOUNDS = (
    "Le secret laisse une fourchette, affichée avec la part : minimum si chaque cellule secrète du numérateur "
    "valait 0, maximum si elle valait tous les projets de sa cellule (cellules aux projets publiés)."
)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="bmo_projets",
        label="Projets de recrutement (BMO 2025)",
        definition=f"Nombre de projets de recrutement déclarés par les employeurs pour 2025. {_BMO_CELLS}",
        unit="projets",
        theme="emploi",
        higher_is_better=None,
        source_id="bmo_2025",
        vintage="BMO 2025",
        levels=("bassin", "departement"),
    ),
    Indicator(
        id="bmo_projets_pour_1000",
        label="Projets de recrutement pour 1 000 habitants (BMO 2025)",
        definition=(
            "Projets de recrutement BMO 2025 divisés par la population du territoire, multipliés par 1 000. "
            f"{REFERENCE_POPULATION} Bassins : communes rattachées par la table communes → bassins de France "
            f"Travail. {_BMO_CELLS}"
        ),
        unit="pour 1 000 hab.",
        theme="emploi",
        higher_is_better=True,
        source_id="bmo_2025",
        vintage="BMO 2025",
        levels=("bassin", "departement"),
    ),
    Indicator(
        id="bmo_part_difficiles",
        label="Part des projets jugés difficiles (BMO 2025)",
        definition=(
            "Projets jugés difficiles par les employeurs divisés par l'ensemble des projets de recrutement, "
            f"en %, sur les seules cellules où les deux sont publiés. {_SHARE_BOUNDS} {_BMO_CELLS}"
        ),
        unit="%",
        theme="emploi",
        higher_is_better=True,
        source_id="bmo_2025",
        vintage="BMO 2025",
        levels=("bassin", "departement"),
    ),
    Indicator(
        id="bmo_part_saisonniers",
        label="Part des projets saisonniers (BMO 2025)",
        definition=(
            "Projets de recrutement saisonniers divisés par l'ensemble des projets de recrutement, en %, "
            "sur les seules cellules où les deux sont publiés. Un emploi saisonnier permet moins une "
            f"installation durable du ménage. {_SHARE_BOUNDS} {_BMO_CELLS}"
        ),
        unit="%",
        theme="emploi",
        higher_is_better=False,
        source_id="bmo_2025",
        vintage="BMO 2025",
        levels=("bassin", "departement"),
    ),
    Indicator(
        id="bmo_evolution_2023_2025",
        label="Évolution des projets de recrutement entre BMO 2023 et BMO 2025",
        definition=(
            "(projets BMO 2025 ÷ projets BMO 2023 − 1) × 100, chaque année sommée sur ses cellules "
            "publiées (le nombre de cellules secrètes indiqué additionne les deux années). Un bassin absent de "
            "l'une des deux enquêtes, ou situé dans un département dont les bassins ont changé entre les deux "
            "zonages (périmètre modifié, p. ex. les Alpes-Maritimes avec le nouveau bassin de Monaco), n'a pas de "
            "valeur : il n'est pas comparable."
        ),
        unit="%",
        theme="emploi",
        higher_is_better=True,
        source_id="bmo_2025",
        vintage="BMO 2023 et 2025",
        levels=("bassin", "departement"),
    ),
    Indicator(
        id="dares_tension_2019",
        label="Tension sur le marché du travail (DARES, 2019)",
        definition=(
            "Moyenne, pondérée par l'emploi moyen de chaque métier, de l'indicateur synthétique de tension "
            "DARES / Pôle emploi des métiers détaillés (FAP 2009 ; 186 lignes par département) du "
            "département. L'indicateur est centré-réduit : 0 correspond à une tension moyenne, une valeur "
            "positive à des recrutements plus difficiles. Les métiers sans valeur publiée sont exclus et comptés. "
            "Non publié pour les départements d'Île-de-France ni pour Mayotte."
        ),
        unit="indice (écart à la moyenne)",
        theme="emploi",
        higher_is_better=True,
        source_id="dares_tensions_2019",
        vintage="2019",
        levels=("departement",),
    ),
    Indicator(
        id="tension_bassin_part_forte_2021",
        label="Part des métiers en forte tension dans le bassin (2021)",
        definition=(
            "Part, en %, des métiers (codes ROME) listés pour le bassin d'emploi dans le fichier de tension "
            "Pôle emploi / DARES 2021 dont la classe de tension (ind_tension_d, de 1 = faible à 5 = très "
            "forte) vaut 4 ou 5. Chaque métier compte pour un, quel que soit son volume d'offres. Le fichier ne "
            "liste qu'une partie des métiers de chaque bassin (de 1 à 350, voir « Métiers classés ») : un "
            "métier absent n'est pas compté, et une part calculée sur peu de métiers est fragile. Bassins "
            "absents du fichier : sans valeur."
        ),
        unit="%",
        theme="emploi",
        higher_is_better=True,
        source_id="tensions_bassin_rome_2021",
        vintage="2021",
        levels=("bassin",),
    ),
    Indicator(
        id="tension_bassin_metiers_2021",
        label="Métiers classés en tension dans le bassin (2021)",
        definition=(
            "Nombre de métiers (codes ROME) du bassin d'emploi ayant une classe de tension dans le fichier "
            "Pôle emploi / DARES 2021 : c'est la base de la part des métiers en forte tension."
        ),
        unit="métiers",
        theme="emploi",
        higher_is_better=None,
        source_id="tensions_bassin_rome_2021",
        vintage="2021",
        levels=("bassin",),
    ),
    Indicator(
        id="chomage_departement",
        label="Taux de chômage du département (T4 2021)",
        definition=(
            "Taux de chômage localisé au sens du BIT, données CVS en moyenne trimestrielle, quatrième "
            "trimestre 2021 (dernier trimestre du fichier départemental disponible). Mayotte absente."
        ),
        unit="%",
        theme="emploi",
        higher_is_better=False,
        source_id="chomage_departements",
        vintage="2021-T4",
        levels=("departement",),
    ),
    Indicator(
        id="demandeurs_emploi",
        label="Demandeurs d'emploi inscrits à France Travail (décembre 2024)",
        definition=(
            "Nombre de demandeurs d'emploi inscrits au dernier mois du fichier, arrondi à la dizaine. Le "
            "fichier ne précise pas les catégories comptées (A, ou A, B et C) : à comparer entre territoires, "
            "pas à citer comme un total officiel. Communes de 5 000 habitants ou plus seulement ; les autres "
            "restent sans valeur. Départements : Mayotte et les Yvelines absents du fichier."
        ),
        unit="demandeurs",
        theme="emploi",
        higher_is_better=None,
        source_id="demandeurs_emploi",
        vintage="décembre 2024",
        levels=("commune", "departement"),
    ),
    Indicator(
        id="demandeurs_emploi_pour_1000_hab",
        label="Demandeurs d'emploi inscrits pour 1 000 habitants (décembre 2024)",
        definition=(
            "Demandeurs d'emploi inscrits au dernier mois du fichier rapportés à la population × 1 000. "
            f"{REFERENCE_POPULATION} Catégories (A, ou A, B et C) non précisées par le fichier : à comparer "
            "entre territoires seulement. Communes de 5 000 habitants ou plus seulement ; un effectif "
            "invraisemblable (supérieur à la population, ou taux très au-dessus de ceux des communes du champ) "
            "est écarté et listé dans la page Données et sources. Départements : Mayotte et les Yvelines "
            "absents du fichier."
        ),
        unit="pour 1 000 hab.",
        theme="emploi",
        higher_is_better=None,
        source_id="demandeurs_emploi",
        vintage="décembre 2024",
        levels=("commune", "departement"),
    ),
    Indicator(
        id="chomage_zone_emploi",
        label="Taux de chômage de la zone d'emploi de la commune (T3 2023)",
        definition=(
            "Taux de chômage localisé de la zone d'emploi 2020 (INSEE) à laquelle appartient la commune, "
            "données CVS, troisième trimestre 2023. C'est une valeur de zone d'emploi, identique pour toutes "
            "les communes de la zone, pas un taux mesuré dans la commune. Non publié pour la Guyane et "
            "Mayotte."
        ),
        unit="%",
        theme="emploi",
        higher_is_better=False,
        source_id="chomage_zones_emploi",
        vintage="2023-T3",
        levels=("commune",),
    ),
)
