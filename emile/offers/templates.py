"""The file templates of offers (one row per offer) and household projects (one row per household), and the names
the forms share with them.

A form is a one-row file: its fields carry the same names as the template's columns, so a form and a file are
checked by the same rules and give the same French errors.
"""

from __future__ import annotations

from emile.offers.vocabulary import (
    CHILD_BANDS,
    HOUSING,
    JOB,
    JOB_KINDS,
    LANDLORD_TYPES,
    PROJECT_STATUSES,
    STATUSES,
    TYPOLOGIES,
)
from emile.uploads.checks import DATE_HINT
from emile.uploads.template import TemplateColumn

_REFERENCE = TemplateColumn(
    "reference",
    "reference",
    "Votre référence de l'offre, unique chez vous : un nouvel import avec la même référence met l'offre à jour",
    True,
    "LGT-2025-001",
)
_STATUS = TemplateColumn(
    "statut",
    "status",
    "Statut : " + ", ".join(STATUSES) + " (vide : disponible pour une nouvelle offre, inchangé sinon)",
    False,
    "disponible",
)

HOUSING_COLUMNS: tuple[TemplateColumn, ...] = (
    _REFERENCE,
    TemplateColumn("bailleur", "landlord_name", "Nom du bailleur (organisme, commune ou intermédiaire)", True, ""),
    TemplateColumn(
        "type_bailleur", "landlord_type", "Type de bailleur : " + ", ".join(LANDLORD_TYPES), True, "bailleur_social"
    ),
    TemplateColumn("commune", "commune", "Code INSEE de la commune du logement (pas d'adresse)", True, "15014"),
    TemplateColumn("typologie", "typology", "Typologie : " + ", ".join(TYPOLOGIES), True, "T3"),
    TemplateColumn("surface_m2", "surface_m2", "Surface habitable en m²", True, "64,5"),
    TemplateColumn("loyer_hors_charges", "rent_eur", "Loyer mensuel hors charges, en euros", True, "410"),
    TemplateColumn("charges", "charges_eur", "Charges mensuelles, en euros (0 si aucune)", True, "55"),
    TemplateColumn(
        "plain_pied",
        "step_free",
        "Accessible sans marche (plain-pied ou ascenseur) : oui ou non",
        True,
        "oui",
    ),
    TemplateColumn("disponible_le", "available_from", f"Date de disponibilité ({DATE_HINT})", True, "2025-09-01"),
    TemplateColumn("expire_le", "expires_on", f"Date où l'offre cesse de compter ({DATE_HINT})", True, "2025-12-31"),
    _STATUS,
)

JOB_COLUMNS: tuple[TemplateColumn, ...] = (
    _REFERENCE,
    TemplateColumn("employeur", "employer_name", "Nom de l'employeur ou de l'organisme de formation", True, ""),
    TemplateColumn("siret", "siret", "SIRET de l'établissement (14 chiffres, espaces permis)", True, "12345678200002"),
    TemplateColumn("commune", "commune", "Code INSEE de la commune du poste", True, "15014"),
    TemplateColumn("rome", "rome", "Code ROME du métier (ex. J1501)", True, "J1501"),
    TemplateColumn(
        "famille_fap",
        "fap",
        "Famille professionnelle FAP 2009, à préciser seulement quand le code ROME relève de plusieurs familles",
        False,
        "",
    ),
    TemplateColumn("contrat", "contract", "Contrat : " + ", ".join(JOB_KINDS), True, "cdi"),
    TemplateColumn("heures_hebdo", "weekly_hours", "Durée hebdomadaire en heures", True, "35"),
    TemplateColumn("debut_le", "start_date", f"Date de début ({DATE_HINT})", True, "2025-10-01"),
    TemplateColumn("expire_le", "expires_on", f"Date où l'offre cesse de compter ({DATE_HINT})", True, "2025-11-30"),
    TemplateColumn("permis_requis", "driving_licence", "Permis B nécessaire pour le poste : oui ou non", True, "non"),
    _STATUS,
)

PROJECT = "projet"
PROJECT_COLUMNS: tuple[TemplateColumn, ...] = (
    TemplateColumn(
        "id_menage", "external_id", "Identifiant pseudonyme du ménage, comme dans le fichier de suivi", True, "M-0042"
    ),
    *(
        TemplateColumn(
            f"metier_{n}", f"rome_{n}", f"Code ROME du métier recherché n° {n}", n == 1, "J1501" if n == 1 else ""
        )
        for n in (1, 2, 3)
    ),
    TemplateColumn("adultes", "adults", "Nombre d'adultes", True, "2"),
    *(
        TemplateColumn(field.replace("children", "enfants"), field, f"Enfants de {label}", False, "0")
        for field, label in CHILD_BANDS.items()
    ),
    TemplateColumn(
        "suivi_sante", "health_follow_up", "Un suivi médical régulier est nécessaire : oui ou non", True, "non"
    ),
    TemplateColumn("plain_pied", "step_free", "Logement sans marche nécessaire : oui ou non", True, "non"),
    TemplateColumn("permis", "driving_licence", "Un adulte a le permis B : oui ou non", True, "oui"),
    TemplateColumn("voiture", "own_car", "Le ménage a une voiture : oui ou non", True, "non"),
    TemplateColumn(
        "departements_exclus",
        "vetoed_departements",
        "Départements où le ménage refuse d'aller, séparés par des espaces (ex. 15 48)",
        False,
        "",
    ),
    *(
        TemplateColumn(f"voeu_{n}", f"wish_{n}", f"Département souhaité, rang {n}", False, "15" if n == 1 else "")
        for n in (1, 2, 3)
    ),
    TemplateColumn(
        "demenagement_des_le",
        "earliest_move",
        f"Date de déménagement possible au plus tôt ({DATE_HINT})",
        True,
        "2025-10-01",
    ),
    TemplateColumn("statut", "status", "Statut du projet : " + ", ".join(PROJECT_STATUSES), True, "en_preparation"),
)

COLUMNS: dict[str, tuple[TemplateColumn, ...]] = {HOUSING: HOUSING_COLUMNS, JOB: JOB_COLUMNS, PROJECT: PROJECT_COLUMNS}
FILE_NAMES: dict[str, str] = {
    HOUSING: "modele_emile_offres_logement",
    JOB: "modele_emile_offres_emploi",
    PROJECT: "modele_emile_projets_menages",
}


def field_of(kind: str) -> dict[str, str]:
    """Template column → store attribute, for ``kind``."""
    return {column.name: column.field for column in COLUMNS[kind]}
