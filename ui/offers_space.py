"""The offerer's part of the « Offres des territoires » page (a landlord, an employer, a commune, or a planner acting
for one of them): declare an offer by form, import a file, see and change its offers, withdraw a file's offers.

Forms are keyboard-friendly (Tab between fields, Enter submits) and every value goes through the same checks as a
file (``emile.offers.importer.declare_form``); permissions are checked by the domain, whatever this module shows.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from emile.config import OffererAccount
from emile.formatting import MISSING
from emile.offers import importer, templates
from emile.offers import store as offer_store
from emile.offers.access import KINDS_OF_ROLE, AccessDeniedError, Principal
from emile.offers.importer import OfferReport
from emile.offers.vocabulary import HOUSING, JOB_KINDS, KIND_LABELS, LANDLORD_TYPES, STATUS_LABELS, TYPOLOGIES
from emile.placements.store import Store
from emile.uploads.template import csv_template, documentation, xlsx_template
from ui import data
from ui.layout import CHOOSE

YES_NO = ("oui", "non")
SHOWN_COLUMNS = {
    HOUSING: {
        "reference": "Référence",
        "commune": "Commune",
        "typology": "Typologie",
        "surface_m2": "Surface (m²)",
        "rent_eur": "Loyer (€)",
        "charges_eur": "Charges (€)",
        "available_from": "Disponible le",
        "expires_on": "Expire le",
        "etat": "Statut",
        "status_date": "Depuis le",
    },
    "emploi": {
        "reference": "Référence",
        "commune": "Commune",
        "rome": "ROME",
        "fap": "Famille FAP",
        "contract": "Contrat",
        "weekly_hours": "Heures",
        "start_date": "Début",
        "expires_on": "Expire le",
        "etat": "Statut",
        "status_date": "Depuis le",
    },
}


def _context() -> dict:
    return {"communes": data.commune_departements(), "metiers": data.metiers(), "today": dt.date.today()}


def _report(report: OfferReport, done: str) -> None:
    if report.ok:
        st.success(done.format(added=report.rows_added, changed=report.rows_changed, same=report.rows_unchanged))
    else:
        st.error(f"Refusé, rien n'a été enregistré : {len(report.errors)} erreur(s).")
        st.dataframe(report.errors_frame(), hide_index=True, placeholder=MISSING)


def _commune_choices(account: OffererAccount) -> dict[str, str]:
    communes = data.communes()
    mine = communes[communes["departement"].isin(account.departements)].sort_values("nom")
    return {code: f"{name} ({code})" for code, name in zip(mine["code"], mine["nom"], strict=True)}


REFERENCE_HELP = "Votre référence, unique pour vos offres : saisir une référence existante met cette offre à jour."


def _housing_fields(account: OffererAccount) -> dict[str, str | None]:
    today = dt.date.today()
    communes = _commune_choices(account)
    left, right = st.columns(2)
    values = {
        "reference": left.text_input("Référence de l'offre", max_chars=40, help=REFERENCE_HELP),
        "bailleur": right.text_input("Bailleur", value=account.name),
        "type_bailleur": left.selectbox("Type de bailleur", list(LANDLORD_TYPES), format_func=LANDLORD_TYPES.get),
        "commune": right.selectbox("Commune", list(communes), format_func=communes.get, index=None, placeholder=CHOOSE),
        "typologie": left.selectbox("Typologie", TYPOLOGIES, index=2),
        "surface_m2": right.number_input("Surface (m²)", min_value=0.0, value=None, step=1.0),
        "loyer_hors_charges": left.number_input("Loyer hors charges (€ par mois)", min_value=0.0, value=None),
        "charges": right.number_input("Charges (€ par mois)", min_value=0.0, value=0.0),
        "plain_pied": left.radio("Accessible sans marche", YES_NO, index=1, horizontal=True),
        "disponible_le": right.date_input("Disponible le", value=today, format="DD/MM/YYYY"),
        "expire_le": left.date_input("Expire le", value=today + dt.timedelta(days=90), format="DD/MM/YYYY"),
    }
    return values


def _job_fields(account: OffererAccount) -> dict[str, str | None]:
    today = dt.date.today()
    communes, metiers = _commune_choices(account), data.metiers()
    families = sorted(metiers.family_labels)
    left, right = st.columns(2)
    return {
        "reference": left.text_input("Référence de l'offre", max_chars=40, help=REFERENCE_HELP),
        "employeur": right.text_input("Employeur ou organisme de formation", value=account.name),
        "siret": left.text_input("SIRET (14 chiffres)"),
        "commune": right.selectbox("Commune", list(communes), format_func=communes.get, index=None, placeholder=CHOOSE),
        "rome": left.selectbox(
            "Métier (code ROME)", metiers.romes, format_func=metiers.rome_choice, index=None, placeholder=CHOOSE
        ),
        "famille_fap": right.selectbox(
            "Famille FAP (si le métier en a plusieurs)",
            families,
            format_func=metiers.family_choice,
            index=None,
            placeholder=CHOOSE,
        ),
        "contrat": left.selectbox("Contrat", list(JOB_KINDS), format_func=JOB_KINDS.get),
        "heures_hebdo": right.number_input("Heures par semaine", min_value=0.0, value=35.0, step=1.0),
        "debut_le": left.date_input("Début le", value=today, format="DD/MM/YYYY"),
        "expire_le": right.date_input("Expire le", value=today + dt.timedelta(days=60), format="DD/MM/YYYY"),
        "permis_requis": left.radio("Permis B nécessaire", YES_NO, index=1, horizontal=True),
    }


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _form(store: Store, principal: Principal, account: OffererAccount, kind: str) -> None:
    with st.form(f"offre_{kind}", clear_on_submit=False, enter_to_submit=True):
        values = _housing_fields(account) if kind == HOUSING else _job_fields(account)
        submitted = st.form_submit_button("Enregistrer l'offre", type="primary")
    if submitted:
        text = {name: _as_text(value) for name, value in values.items()}
        report = importer.declare_form(store, principal, account, kind, text, **_context())
        _report(report, f"Offre {text['reference']} enregistrée.")


def _import(store: Store, principal: Principal, account: OffererAccount, kind: str) -> None:
    columns = templates.COLUMNS[kind]
    name = templates.FILE_NAMES[kind]
    left, right = st.columns(2)
    left.download_button("Modèle CSV", csv_template(columns), f"{name}.csv", mime="text/csv", key=f"csv_{kind}")
    right.download_button("Modèle Excel (.xlsx)", xlsx_template(columns), f"{name}.xlsx", key=f"xlsx_{kind}")
    with st.expander("Colonnes du modèle"):
        st.dataframe(documentation(columns), hide_index=True, placeholder=MISSING)
    uploaded = st.file_uploader("Fichier d'offres (.csv ou .xlsx)", type=["csv", "xlsx"], key=f"fichier_{kind}")
    if uploaded is None:
        return
    arguments = dict(max_bytes=data.config().placements.max_file_mb * 1_000_000, **_context())
    content = uploaded.getvalue()
    preview = importer.import_file(store, principal, account, kind, content, uploaded.name, dry_run=True, **arguments)
    if not preview.ok:
        _report(preview, "")
        return
    st.success(
        f"Aperçu : {preview.rows_added} offre(s) nouvelle(s), {preview.rows_changed} modifiée(s), "
        f"{preview.rows_unchanged} inchangée(s)."
    )
    st.dataframe(preview.preview, hide_index=True, placeholder=MISSING)
    if st.button("Confirmer l'import", type="primary", key=f"confirmer_{kind}"):
        done = importer.import_file(store, principal, account, kind, content, uploaded.name, **arguments)
        _report(done, "Import enregistré : {added} ajoutée(s), {changed} modifiée(s), {same} inchangée(s).")


def _mine(store: Store, principal: Principal, account: OffererAccount, kind: str) -> None:
    today = dt.date.today()
    offers = offer_store.offers(store, principal, kind, today=today)
    offers = offers[offers["offerer"] == account.code]
    if offers.empty:
        st.info("Aucune offre déclarée pour l'instant.")
        return
    names = data.communes().set_index("code")["nom"]
    shown = offers.assign(commune=offers["commune"].map(names).fillna(offers["commune"]))
    st.dataframe(
        shown[list(SHOWN_COLUMNS[kind])].rename(columns=SHOWN_COLUMNS[kind]), hide_index=True, placeholder=MISSING
    )
    with st.form(f"statut_{kind}", enter_to_submit=True):
        references = dict(zip(offers["reference"], offers["id"], strict=True))
        left, middle, right = st.columns(3)
        reference = left.selectbox("Offre", list(references), index=None, placeholder=CHOOSE)
        status = middle.selectbox("Nouveau statut", list(STATUS_LABELS), format_func=STATUS_LABELS.get)
        since = right.date_input("À compter du", value=today, format="DD/MM/YYYY")
        if st.form_submit_button("Changer le statut") and reference:
            try:
                offer_id = int(references[reference])
                departements = data.commune_departements()
                offer_store.change_status(
                    store, principal, kind, offer_id, status, date=since, communes=departements, today=today
                )
                st.success(f"Statut de {reference} : {STATUS_LABELS[status]}.")
            except (ValueError, AccessDeniedError) as refused:
                st.error(str(refused))


def _files(store: Store, principal: Principal, account: OffererAccount) -> None:
    imports = offer_store.imports(store, principal)
    imports = imports[imports["offerer"] == account.code]
    if imports.empty:
        st.info("Aucun fichier importé.")
        return
    imports = imports.assign(kind=imports["kind"].map(KIND_LABELS))
    columns = {"at": "Importé le", "filename": "Fichier", "kind": "Offres", "actor": "Par", "rows_added": "Créées"}
    st.dataframe(imports[list(columns)].rename(columns=columns), hide_index=True, placeholder=MISSING)
    choices = dict(
        zip(imports["id"], imports["filename"] + " (" + imports["at"].astype(str).str[:16] + ")", strict=True)
    )
    chosen = st.selectbox(
        "Fichier", list(choices), format_func=choices.get, index=None, placeholder=CHOOSE, key="retrait_fichier"
    )
    if chosen is not None and st.button("Retirer toutes les offres créées par ce fichier"):
        count = offer_store.withdraw_import(store, principal, int(chosen), today=dt.date.today())
        st.success(f"{count} offre(s) retirée(s).")


def draw(store: Store, principal: Principal) -> None:
    """The offerer's space; a planner picks the account it acts for."""
    roles = data.config().roles
    st.divider()
    st.header("Mes offres" if principal.is_offerer else "Offres des comptes")
    if principal.is_offerer:
        account = roles.offerer(principal.account)
    else:
        accounts = {a.code: a for a in roles.offerers}
        if not accounts:
            st.info("Aucun compte de bailleur, d'employeur ou de commune dans config.toml ([[roles.offreurs]]).")
            return
        account = accounts[st.selectbox("Compte", list(accounts), format_func=lambda c: accounts[c].name)]
    kinds = [k for k in KIND_LABELS if k in principal.offer_kinds and k in KINDS_OF_ROLE[account.role]]
    kind = kinds[0] if len(kinds) == 1 else st.radio("Offres", kinds, format_func=KIND_LABELS.get, horizontal=True)
    form, upload, mine, files = st.tabs(
        ["Déclarer une offre", "Importer un fichier", "Mes offres", "Fichiers importés"]
    )
    with form:
        _form(store, principal, account, kind)
    with upload:
        _import(store, principal, account, kind)
    with mine:
        _mine(store, principal, account, kind)
    with files:
        _files(store, principal, account)
