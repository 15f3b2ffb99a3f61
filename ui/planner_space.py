"""The planner's part of the Placements page: operator file import (previewed, then confirmed), the publication of
the figures the public sees, the household records and the audit log. Only drawn for the planner role. A store that
fails or is busy gets its French message, never a traceback.

Reading and validating a file is the costly part and needs no store: it is done once per file (checksum), operator
and day, and kept in the session, so reruns of the page do not read the file again. The preview (what the import
would change) is recomputed only when the store changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import streamlit as st

from emile.config import PlacementSettings
from emile.formatting import MISSING, number
from emile.placements import template
from emile.placements.importer import CheckedFile, ImportPlan, apply_import, check_file, plan_import
from emile.placements.releases import NothingToPublishError, latest_release, publish_release
from emile.placements.store import Store, StoreError
from ui import data, identity
from ui.cache import by_snapshot

_CHECKED = "placements_fichier_verifie"
_PLANNED = "placements_apercu"
_DONE = "placements_import_fait"


@by_snapshot()
def _commune_codes() -> frozenset[str]:
    return frozenset(data.communes()["code"])


def checked_file(content: bytes, filename: str, operator: str, settings: PlacementSettings) -> CheckedFile:
    """The file read and validated, from the session when this very file was already checked today."""
    key = (hashlib.sha256(content).hexdigest(), filename, operator, dt.date.today())
    kept = st.session_state.get(_CHECKED)
    if kept is None or kept[0] != key:
        checked = check_file(content, filename, operator_code=operator, communes=_commune_codes(), settings=settings)
        st.session_state[_CHECKED] = kept = (key, checked)
    return kept[1]


def _planned(store: Store, checked: CheckedFile) -> ImportPlan:
    """The preview of ``checked`` against the store as it is now (recomputed when the store's version changes)."""
    key = (checked.checksum, checked.operator_code, store.version())
    kept = st.session_state.get(_PLANNED)
    if kept is None or kept[0] != key:
        st.session_state[_PLANNED] = kept = (key, plan_import(store, checked))
    return kept[1]


def _summary(plan: ImportPlan) -> str:
    return (
        f"{number(plan.rows_added)} ligne(s) nouvelle(s) dont {number(plan.households_added)} nouveau(x) ménage(s), "
        f"{number(plan.rows_changed)} modifiée(s), {number(plan.rows_unchanged)} inchangée(s), "
        f"{number(plan.rows_removed)} supprimée(s) dont {number(plan.households_removed)} ménage(s) retiré(s)"
    )


def _import_tab(store: Store, settings: PlacementSettings) -> None:
    st.download_button(
        "Télécharger le modèle (CSV)", template.template_csv(), "modele_emile_placements.csv", mime="text/csv"
    )
    st.dataframe(template.documentation(), hide_index=True, placeholder=MISSING)
    st.caption(
        "Le fichier d'un opérateur décrit tous ses ménages : à l'import, la base est alignée sur le fichier (ajouts, "
        "modifications, et suppression des lignes de cet opérateur que le fichier ne contient plus)."
    )
    operator = st.selectbox("Opérateur", [o.code for o in settings.operators], format_func=settings.operator_name)
    uploaded = st.file_uploader("Fichier de suivi (.csv ou .xlsx)", type=["csv", "xlsx"])
    if uploaded is None or not operator:
        return
    checked = checked_file(uploaded.getvalue(), uploaded.name, operator, settings)
    if not checked.ok:
        st.error(f"Fichier « {checked.filename} » refusé, rien n'a été enregistré : {len(checked.errors)} erreur(s).")
        st.dataframe(checked.errors_frame(), hide_index=True, placeholder=MISSING)
        return
    plan = _planned(store, checked)
    st.info(f"Aperçu : {_summary(plan)}.", icon=":material/preview:")
    if plan.rows_removed:
        st.warning(
            f"{number(plan.rows_removed)} ligne(s) de {settings.operator_name(operator)} enregistrée(s) dans la base "
            "ne figurent plus dans ce fichier et seront supprimées (statut « supprimée » ci-dessous).",
            icon=":material/delete:",
        )
    if plan.demo_households:
        st.warning(
            f"Premier import réel : les {number(plan.demo_households)} ménages fictifs de démonstration seront "
            "supprimés.",
            icon=":material/science:",
        )
    st.dataframe(plan.preview(), hide_index=True, placeholder=MISSING)
    if st.button("Confirmer l'import", type="primary"):
        done = apply_import(store, plan, actor=identity.actor(), operator_name=settings.operator_name(operator))
        st.session_state[_DONE] = f"Import de « {checked.filename} » enregistré : {_summary(done)}."
        st.rerun()


def _publication_tab(store: Store, settings: PlacementSettings) -> None:
    st.caption(
        "Le public voit la dernière publication, jamais les chiffres en direct : sinon la différence entre les "
        "chiffres d'avant et d'après un import révélerait les ménages qu'il ajoute. Chaque publication est masquée "
        "en tenant compte de la précédente ; publier souvent masque donc davantage. Une publication peut aussi être "
        "programmée (« python -m emile.placements.releases », par exemple chaque mois)."
    )
    latest = latest_release(store)
    if latest is None:
        st.info("Aucune publication : le public ne voit encore aucun chiffre réel.", icon=":material/public_off:")
    else:
        st.info(
            f"Dernière publication le {latest.local_time:%d/%m/%Y à %H:%M} "
            f"({number(latest.publication.hidden_cells)} effectifs masqués).",
            icon=":material/public:",
        )
    try:
        upcoming = data.next_release().publication
    except NothingToPublishError as nothing:
        st.caption(str(nothing))
        return
    households = upcoming.installed_households
    total = (
        f"{number(households)} ménages installés"
        if households is not None
        else "total des ménages installés masqué (effectif trop faible, ou trop peu de changements depuis la "
        "dernière publication)"
    )
    st.markdown(f"Publier maintenant montrerait : {total} ; {number(upcoming.hidden_cells)} effectifs masqués.")
    if st.button("Publier les chiffres à date", type="primary"):
        release = publish_release(store, data.communes(), settings, actor=identity.actor())
        st.session_state[_DONE] = f"Publication du {release.local_time:%d/%m/%Y à %H:%M} enregistrée."
        st.rerun()


def _records_tab(store: Store, demo: bool) -> None:
    st.dataframe(store.households(demo=demo), hide_index=True, placeholder=MISSING)


def _journal_tab(store: Store, demo: bool) -> None:
    st.dataframe(store.audit_log(), hide_index=True, placeholder=MISSING)
    if demo and st.button("Supprimer les données fictives"):
        store.remove_demo(actor=identity.actor())
        st.rerun()


def draw(store: Store, settings: PlacementSettings, demo: bool) -> None:
    st.divider()
    st.header("Espace planificateur")
    if done := st.session_state.pop(_DONE, None):
        st.success(done, icon=":material/check_circle:")
    tabs = st.tabs(["Importer un fichier", "Publication", "Ménages", "Journal"])
    contents = (
        lambda: _import_tab(store, settings),
        lambda: _publication_tab(store, settings),
        lambda: _records_tab(store, demo),
        lambda: _journal_tab(store, demo),
    )
    for tab, content in zip(tabs, contents):
        with tab:
            try:
                content()
            except StoreError as refused:  # busy, changed since the preview, or unavailable: said, tab by tab
                st.error(str(refused), icon=":material/error:")
