"""The operator file template: one row per household and journey step, with the household's details repeated.

The page offers it for download (``template_csv``) together with this documentation (``documentation``), so the
columns an operator fills in and the checks the import applies come from one place.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emile.placements.journey import STEPS
from emile.uploads import template
from emile.uploads.checks import DATE_HINT

HOUSING_TYPES = ("social", "prive")
LANDLORD_TYPES = ("bailleur_social", "particulier", "agence", "association", "autre")
CONTRACT_TYPES = ("CDI", "CDD", "interim", "alternance", "formation", "autre")


@dataclass(frozen=True)
class TemplateColumn(template.TemplateColumn):
    """A column of the operator file; ``household_level`` ones describe the household and repeat on its rows."""

    household_level: bool = True


COLUMNS: tuple[TemplateColumn, ...] = (
    TemplateColumn(
        "operateur",
        "operator",
        "Code de l'opérateur qui envoie le fichier (ex. AURORE)",
        True,
        "AURORE",
        False,
    ),
    TemplateColumn(
        "id_menage",
        "external_id",
        "Identifiant pseudonyme du ménage (jamais de nom)",
        True,
        "M-0042",
        False,
    ),
    TemplateColumn("etape", "step", "Étape du parcours : " + ", ".join(STEPS), True, "installation", False),
    TemplateColumn(
        "date_etape",
        "date",
        "Date où l'étape a été atteinte (" + DATE_HINT + ")",
        True,
        "2024-03-18",
        False,
    ),
    TemplateColumn("taille_menage", "size", "Nombre de personnes du ménage (adultes + enfants)", True, "3"),
    TemplateColumn("adultes", "adults", "Nombre d'adultes", True, "1"),
    TemplateColumn("enfants", "children", "Nombre d'enfants", True, "2"),
    TemplateColumn("commune_origine", "origin_commune", "Code INSEE de la commune d'origine", True, "93066"),
    TemplateColumn(
        "organisme_orienteur",
        "referring_organisation",
        "Organisme qui a orienté le ménage",
        False,
        "SIAO 93",
    ),
    TemplateColumn(
        "commune_destination",
        "destination_commune",
        "Code INSEE de la commune d'accueil",
        False,
        "15014",
    ),
    TemplateColumn("logement_type", "housing_type", "Logement : " + ", ".join(HOUSING_TYPES), False, "social"),
    TemplateColumn(
        "bailleur_type",
        "landlord_type",
        "Type de bailleur : " + ", ".join(LANDLORD_TYPES),
        False,
        "bailleur_social",
    ),
    TemplateColumn("metier_rome", "job_rome", "Code ROME du métier (ex. J1501)", False, "J1501"),
    TemplateColumn("metier_fap", "job_fap", "Code FAP du métier (ex. V0Z33)", False, ""),
    TemplateColumn("type_contrat", "contract_type", "Contrat : " + ", ".join(CONTRACT_TYPES), False, "CDI"),
    TemplateColumn(
        "date_debut_emploi",
        "job_start",
        "Date de début de l'emploi (" + DATE_HINT + ")",
        False,
        "2024-04-02",
    ),
    TemplateColumn("emploi_6_mois", "in_work_6m", "En emploi 6 mois après l'installation : oui ou non", False, ""),
    TemplateColumn(
        "logement_6_mois",
        "housed_6m",
        "Toujours logé 6 mois après l'installation : oui ou non",
        False,
        "",
    ),
    TemplateColumn(
        "emploi_12_mois",
        "in_work_12m",
        "En emploi 12 mois après l'installation : oui ou non",
        False,
        "",
    ),
    TemplateColumn(
        "logement_12_mois",
        "housed_12m",
        "Toujours logé 12 mois après l'installation : oui ou non",
        False,
        "",
    ),
)

COLUMN_NAMES: tuple[str, ...] = template.column_names(COLUMNS)
REQUIRED: tuple[str, ...] = template.required_names(COLUMNS)
HOUSEHOLD_COLUMNS: tuple[str, ...] = tuple(column.name for column in COLUMNS if column.household_level)
FIELD_OF: dict[str, str] = {column.name: column.field for column in COLUMNS}


def template_csv() -> bytes:
    """The empty template (header line only), UTF-8 with BOM so that spreadsheet software reads accents correctly."""
    return template.csv_template(COLUMNS)


def documentation() -> pd.DataFrame:
    """One row per column: name, meaning, whether it is required and an example value."""
    return template.documentation(COLUMNS)
