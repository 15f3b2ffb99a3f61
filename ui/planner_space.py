"""The planner's part of the Placements page: operator file import (previewed, then confirmed), the household
records and the audit log. Only drawn for the planner role."""

from __future__ import annotations

import streamlit as st

from emile.config import PlacementSettings
from emile.placements import template
from emile.placements.importer import import_file
from emile.placements.store import Store
from ui import data, identity
from ui.cache import by_snapshot


@by_snapshot()
def _commune_codes() -> frozenset[str]:
    return frozenset(data.communes()["code"])


def _import_tab(store: Store, settings: PlacementSettings) -> None:
    st.download_button(
        "Télécharger le modèle (CSV)", template.template_csv(), "modele_emile_placements.csv", mime="text/csv"
    )
    st.dataframe(template.documentation(), hide_index=True)
    operator = st.selectbox("Opérateur", [o.code for o in settings.operators], format_func=settings.operator_name)
    uploaded = st.file_uploader("Fichier de suivi (.csv ou .xlsx)", type=["csv", "xlsx"])
    if uploaded is None or not operator:
        return
    arguments = dict(operator_code=operator, actor=identity.actor(), communes=_commune_codes(), settings=settings)
    preview = import_file(store, uploaded.getvalue(), uploaded.name, dry_run=True, **arguments)
    if not preview.ok:
        st.error(f"Fichier refusé, rien n'a été enregistré : {len(preview.errors)} erreur(s).")
        st.dataframe(preview.errors_frame(), hide_index=True)
        return
    st.success(
        f"Aperçu : {preview.rows_added} ligne(s) nouvelle(s) dont {preview.households_added} nouveau(x) ménage(s), "
        f"{preview.rows_changed} modifiée(s), {preview.rows_unchanged} inchangée(s)."
    )
    st.dataframe(preview.preview, hide_index=True)
    if st.button("Confirmer l'import", type="primary"):
        done = import_file(store, uploaded.getvalue(), uploaded.name, **arguments)
        st.success(
            f"Import enregistré : {done.rows_added} ligne(s) ajoutée(s) dont {done.households_added} nouveau(x) "
            f"ménage(s), {done.rows_changed} modifiée(s)."
        )


def draw(store: Store, settings: PlacementSettings, demo: bool) -> None:
    st.divider()
    st.header("Espace planificateur")
    imports, records, journal = st.tabs(["Importer un fichier", "Ménages", "Journal"])
    with imports:
        _import_tab(store, settings)
    with records:
        st.dataframe(store.households(demo=demo), hide_index=True)
    with journal:
        st.dataframe(store.audit_log(), hide_index=True)
        if demo and st.button("Supprimer les données fictives"):
            store.remove_demo(actor=identity.actor())
            st.rerun()
