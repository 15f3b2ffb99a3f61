"""The operator's part of the « Offres des territoires » page (or a planner's, for any operator): record what each of
its households seeks, by form or file, and see its projects. Never drawn for offerers, who see no household; the
domain (``emile.offers.projects``) refuses them anyway."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from emile.config.base import DEPARTEMENT_CODES
from emile.formatting import MISSING
from emile.offers import projects, templates
from emile.offers.access import Principal
from emile.offers.vocabulary import CHILD_BANDS, PROJECT_STATUSES
from emile.placements.store import Store
from emile.uploads.template import csv_template, documentation, xlsx_template
from ui import data
from ui.layout import CHOOSE

YES_NO = ("oui", "non")
NEEDS = {
    "suivi_sante": "Suivi médical régulier",
    "plain_pied": "Logement sans marche",
    "permis": "Permis B",
    "voiture": "Voiture",
}


def _context() -> dict:
    origins = data.config().territories.origins.departements
    return {
        "metiers": data.metiers(),
        "departements": DEPARTEMENT_CODES,
        "origins": origins,
        "today": dt.date.today(),
    }


def _form(store: Store, principal: Principal, operator: str, households: pd.DataFrame) -> None:
    metiers = data.metiers()
    names = data.departements().set_index("code")["nom"].to_dict()
    hosts = sorted(set(names) - set(data.config().territories.origins.departements))
    external_id = st.selectbox(
        "Ménage", households["external_id"].tolist(), index=None, placeholder=CHOOSE, key="projet_menage"
    )
    if external_id is None:
        return
    household = households.set_index("external_id").loc[external_id]
    with st.form("projet", enter_to_submit=True):
        st.caption(
            f"Composition du suivi des placements : {household['adults']} adulte(s), {household['children']} enfant(s)."
        )
        left, right = st.columns(2)
        values: dict[str, object] = {"id_menage": external_id}
        for n, column in zip((1, 2, 3), (left, right, left), strict=True):
            values[f"metier_{n}"] = column.selectbox(
                f"Métier recherché {n}", metiers.romes, format_func=metiers.rome_choice, index=None, placeholder=CHOOSE
            )
        values["adultes"] = right.number_input("Adultes", min_value=1, value=int(household["adults"]), step=1)
        for band, label in CHILD_BANDS.items():
            values[band.replace("children", "enfants")] = st.number_input(f"Enfants de {label}", min_value=0, value=0)
        for column, (name, label) in zip(st.columns(len(NEEDS)), NEEDS.items(), strict=True):
            values[name] = column.radio(label, YES_NO, index=1, horizontal=True)
        vetoed = st.multiselect(
            "Départements exclus", hosts, format_func=lambda c: f"{names[c]} ({c})", placeholder="aucun"
        )
        values["departements_exclus"] = " ".join(vetoed)
        wishes = st.columns(3)
        for n, column in enumerate(wishes, start=1):
            values[f"voeu_{n}"] = column.selectbox(
                f"Vœu {n}", hosts, format_func=lambda c: f"{names[c]} ({c})", index=None, placeholder=CHOOSE
            )
        values["demenagement_des_le"] = left.date_input("Déménagement possible dès le", format="DD/MM/YYYY")
        values["statut"] = right.selectbox("Statut", list(PROJECT_STATUSES), format_func=PROJECT_STATUSES.get)
        submitted = st.form_submit_button("Enregistrer le projet", type="primary")
    if submitted:
        text = {
            k: v.isoformat() if isinstance(v, dt.date) else (None if v is None else str(v)) for k, v in values.items()
        }
        report = projects.declare_project_form(store, principal, operator, text, **_context())
        if report.ok:
            st.success(f"Projet du ménage {external_id} enregistré.")
        else:
            st.error(f"Refusé, rien n'a été enregistré : {len(report.errors)} erreur(s).")
            st.dataframe(report.errors_frame(), hide_index=True, placeholder=MISSING)


def _import(store: Store, principal: Principal, operator: str) -> None:
    columns = templates.PROJECT_COLUMNS
    name = templates.FILE_NAMES[templates.PROJECT]
    left, right = st.columns(2)
    left.download_button("Modèle CSV", csv_template(columns), f"{name}.csv", mime="text/csv", key="projets_csv")
    right.download_button("Modèle Excel (.xlsx)", xlsx_template(columns), f"{name}.xlsx", key="projets_xlsx")
    with st.expander("Colonnes du modèle"):
        st.dataframe(documentation(columns), hide_index=True, placeholder=MISSING)
    uploaded = st.file_uploader("Fichier de projets (.csv ou .xlsx)", type=["csv", "xlsx"], key="projets_fichier")
    if uploaded is None:
        return
    arguments = dict(max_bytes=data.config().placements.max_file_mb * 1_000_000, **_context())
    preview = projects.import_projects_file(
        store, principal, operator, uploaded.getvalue(), uploaded.name, dry_run=True, **arguments
    )
    if not preview.ok:
        st.error(f"Fichier refusé, rien n'a été enregistré : {len(preview.errors)} erreur(s).")
        st.dataframe(preview.errors_frame(), hide_index=True, placeholder=MISSING)
        return
    st.success(f"Aperçu : {preview.rows_added} projet(s) nouveau(x), {preview.rows_changed} modifié(s).")
    if st.button("Confirmer l'import", type="primary", key="projets_confirmer"):
        projects.import_projects_file(store, principal, operator, uploaded.getvalue(), uploaded.name, **arguments)
        st.success("Import enregistré.")


def draw(store: Store, principal: Principal) -> None:
    """Projects of the operator's households; a planner picks the operator."""
    st.divider()
    st.header("Projets des ménages")
    if principal.is_planner:
        operators = [o.code for o in data.config().placements.operators]
        operator = st.selectbox("Opérateur", operators, format_func=data.config().placements.operator_name)
    else:
        operator = principal.account
    households = projects.households_of(store, principal, operator)
    if households.empty:
        st.info("Aucun ménage de cet opérateur dans le suivi des placements : importez d'abord son fichier de suivi.")
        return
    form, upload, listed = st.tabs(["Enregistrer un projet", "Importer un fichier", "Projets enregistrés"])
    with form:
        _form(store, principal, operator, households)
    with upload:
        _import(store, principal, operator)
    with listed:
        # A planner reads every operator's projects (the fictitious ones flagged by is_demo), an operator its own.
        shown = projects.projects(store, principal, None if principal.is_planner else operator)
        st.dataframe(shown.drop(columns=["id", "household_id"]), hide_index=True, placeholder=MISSING)
