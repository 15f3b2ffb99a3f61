"""What the offer tests share: accounts of every role and the identities that sign in as them, a few communes and
métiers, rows and files in the templates' layouts, households in the placement store, and a config.toml with
accounts. A plain module, not a ``conftest``: the placement tests import theirs as ``conftest``, and a second module
of that name would shadow it depending on the order of collection.

The ``store`` fixture (SQLite and a real PostgreSQL) comes from ``tests/conftest.py``. The ROME rows below are typed
from the DARES correspondence (titles shortened): J1501 and K2204 have one FAP family, F1703 has two.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pandas as pd

from emile.config import DEFAULT_CONFIG_PATH, OffererAccount, OperatorAccount, RoleMapping
from emile.offers import templates
from emile.offers.access import Principal, principal_for
from emile.offers.metiers import Metiers
from emile.placements.models import Household, Operator
from emile.placements.store import Store
from emile.uploads.reading import SEPARATOR
from emile.uploads.template import column_names

TODAY = dt.date(2025, 6, 30)
COMMUNES = {
    "15014": "15",
    "15187": "15",
    "48095": "48",
    "49007": "49",
    "93066": "93",
    "75056": "75",
}
ORIGINS = ("75", "77", "78", "91", "92", "93", "94", "95")
DEPARTEMENTS = ("15", "48", "49", "75", "93", "03", "18")
METIERS = Metiers(
    pd.DataFrame(
        [
            ("J1501", "Soins d'hygiène, de confort du patient", "V0Z60", "Aides-soignants", "V", "Santé"),
            ("K2204", "Nettoyage de locaux", "T4Z60", "Agents d'entretien de locaux", "T", "Services"),
            ("F1703", "Maçonnerie", "B0Z21", "Ouvriers non qualifiés du gros œuvre", "B", "Bâtiment"),
            ("F1703", "Maçonnerie", "B2Z40", "Maçons", "B", "Bâtiment"),
        ],
        columns=["rome", "rome_libelle", "fap", "fap_libelle", "domaine", "domaine_libelle"],
    )
)

LANDLORD_15 = OffererAccount(
    code="CANTAL_HABITAT",
    name="Cantal Habitat",
    role="bailleur",
    departements=["15"],
    emails=["agent@cantal-habitat.fr"],
)
LANDLORD_48 = OffererAccount(
    code="LOZERE_HAB", name="Lozère Habitations", role="bailleur", departements=["48"], domains=["lozere-hab.fr"]
)
EMPLOYER_15 = OffererAccount(
    code="EHPAD_AURILLAC",
    name="EHPAD d'Aurillac",
    role="employeur",
    departements=["15"],
    claim="emile_compte",
    claim_value="EHPAD_AURILLAC",
)
COMMUNE_15 = OffererAccount(
    code="MAIRIE_AURILLAC", name="Commune d'Aurillac", role="commune", departements=["15"], emails=["rh@aurillac.fr"]
)
ROLES = RoleMapping(
    planner_emails=["agent@dihal.gouv.fr"],
    operators=[
        OperatorAccount(code="AURORE", emails=["cheffe@aurore.asso.fr"]),
        OperatorAccount(code="ACSC", domains=["acsc.asso.fr"]),
    ],
    offerers=[LANDLORD_15, LANDLORD_48, EMPLOYER_15, COMMUNE_15],
)
IDENTITIES = {
    "public": None,
    "planificateur": {"email": "agent@dihal.gouv.fr"},
    "operateur_aurore": {"email": "cheffe@aurore.asso.fr"},
    "operateur_acsc": {"email": "referent@acsc.asso.fr"},
    "bailleur_15": {"email": "agent@cantal-habitat.fr"},
    "bailleur_48": {"email": "gestion@lozere-hab.fr"},
    "employeur_15": {"email": "drh@ehpad.example", "emile_compte": "EHPAD_AURILLAC"},
    "commune_15": {"email": "rh@aurillac.fr"},
}


def signed_in(name: str) -> Principal:
    claims = IDENTITIES[name]
    if claims is None:
        return principal_for(None, ROLES)
    return principal_for({"is_logged_in": True, "email_verified": True, **claims}, ROLES)


def housing_row(reference: str = "LGT-1", **overrides: str) -> dict[str, str]:
    row = {
        "reference": reference,
        "bailleur": "Cantal Habitat",
        "type_bailleur": "bailleur_social",
        "commune": "15014",
        "typologie": "T3",
        "surface_m2": "64,5",
        "loyer_hors_charges": "410",
        "charges": "55",
        "plain_pied": "oui",
        "disponible_le": "2025-09-01",
        "expire_le": "2025-12-31",
        "statut": "",
    }
    return {**row, **overrides}


def job_row(reference: str = "EMP-1", **overrides: str) -> dict[str, str]:
    row = {
        "reference": reference,
        "employeur": "EHPAD d'Aurillac",
        "siret": "123 456 782 00002",
        "commune": "15014",
        "rome": "J1501",
        "famille_fap": "",
        "contrat": "cdi",
        "heures_hebdo": "35",
        "debut_le": "2025-10-01",
        "expire_le": "30/11/2025",
        "permis_requis": "non",
        "statut": "",
    }
    return {**row, **overrides}


def csv_file(kind: str, rows: Sequence[dict[str, str]]) -> bytes:
    names = column_names(templates.COLUMNS[kind])
    lines = [SEPARATOR.join(names)] + [SEPARATOR.join(row.get(name, "") for name in names) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_file(kind: str, rows: Sequence[dict[str, str]]) -> bytes:
    names = column_names(templates.COLUMNS[kind])
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(names))
    for row in rows:
        sheet.append([row.get(name, "") or None for name in names])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def add_households(store: Store, operator_code: str, external_ids: Sequence[str], *, demo: bool = False) -> None:
    """Households of the placement store, as an operator file would have created them."""
    with store.writing() as session:
        operator = Operator(code=operator_code, name=operator_code, is_demo=demo)
        session.add(operator)
        session.flush()
        for external_id in external_ids:
            session.add(
                Household(
                    operator_id=operator.id,
                    external_id=external_id,
                    is_demo=demo,
                    size=3,
                    adults=1,
                    children=2,
                    origin_commune="93066",
                )
            )


ROLES_LINE = 'valeur_claim_planificateur = "planificateur"'
ROLES_TOML = """
emails_planificateurs = ["agent@dihal.gouv.fr"]

[[roles.operateurs]]
code = "AURORE"
emails = ["cheffe@aurore.asso.fr"]

[[roles.offreurs]]
code = "CANTAL_HABITAT"
nom = "Cantal Habitat"
role = "bailleur"
departements = ["15"]
emails = ["agent@cantal-habitat.fr"]

[[roles.offreurs]]
code = "EHPAD_AURILLAC"
nom = "EHPAD d'Aurillac"
role = "employeur"
departements = ["15"]
emails = ["drh@ehpad-aurillac.fr"]
"""


def config_with_accounts(path: Path) -> Path:
    """The shipped config.toml with a planner, an operator account, a landlord and an employer in Cantal."""
    shipped = DEFAULT_CONFIG_PATH.read_text(encoding="utf-8")
    assert ROLES_LINE in shipped and "emails_planificateurs = []" in shipped
    text = shipped.replace("emails_planificateurs = []\n", "").replace(ROLES_LINE, ROLES_LINE + "\n" + ROLES_TOML)
    path.write_text(text, encoding="utf-8")
    return path


def project_row(external_id: str = "M-1", **overrides: str) -> dict[str, str]:
    row = {
        "id_menage": external_id,
        "metier_1": "J1501",
        "adultes": "1",
        "enfants_6_10": "2",
        "suivi_sante": "non",
        "plain_pied": "non",
        "permis": "oui",
        "voiture": "non",
        "voeu_1": "15",
        "demenagement_des_le": "2025-09-01",
        "statut": "pret",
    }
    return {**row, **overrides}
