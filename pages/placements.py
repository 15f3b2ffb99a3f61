"""Placements: where EMILE households have been placed, how the programme progresses and what happened to them.

The public sees only ``emile.placements.aggregates`` output, with small counts suppressed. A planner, once logged in
(st.login), also sees household records, the audit log, and can import operator files.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from emile import geography, maps
from emile.placements import costs, template
from emile.placements import layers as placement_layers
from emile.placements.aggregates import Publication, publish
from emile.placements.importer import import_file
from emile.placements.roles import role_for
from emile.placements.settings import placement_settings
from emile.placements.store import Store, database_url, open_store
from ui import data, tables

HIDDEN = "masqué"  # the word a public visitor reads in a suppressed cell


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return open_store(url)


@st.cache_resource(show_spinner=False)
def _commune_codes() -> frozenset[str]:
    return frozenset(data.communes()["code"])


@st.cache_resource(show_spinner="Calcul des agrégats…", max_entries=8)
def _publication(url: str, version: int, demo: bool, threshold: int, targets: tuple) -> Publication:
    """Keyed by the store's version (latest audit id), so any import or demo change recomputes it."""
    communes = data.communes()[["code", "nom", "departement", "lon", "lat"]]
    return publish(_store(url).households(demo=demo), communes, threshold=threshold, targets=dict(targets))


def _auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


settings = placement_settings(data.config())
url = database_url()
store = _store(url)
logged_in = st.user.get("is_logged_in") is True
role = role_for(st.user.to_dict(), settings.roles)
demo = store.shows_demo()
threshold = 0 if role == "planificateur" else settings.seuil_secret

st.title("Placements")
st.caption("Où les ménages EMILE ont été installés, l'avancement du programme et la situation à 6 et 12 mois.")
if demo:
    st.warning(
        "**Données fictives** — ménages générés au hasard pour la démonstration : ils ne décrivent personne. "
        "Ils disparaissent dès le premier import d'un opérateur (ou avec `python -m loaders.demo_placements --supprimer`).",
        icon=":material/science:",
    )

with st.sidebar:
    if logged_in:
        st.caption(f"Connecté : {st.user.get('email') or st.user.get('name') or 'compte'} — rôle {role}")
        st.button("Se déconnecter", on_click=st.logout)
    elif _auth_configured():
        st.button("Connexion planificateur", on_click=st.login, icon=":material/login:")

if not demo and not store.has_real_records():
    st.info(
        "Aucun placement enregistré pour l'instant. Un planificateur connecté importe les fichiers de suivi des "
        "opérateurs ; pour une démonstration, `python -m loaders.demo_placements` crée une cohorte fictive.",
        icon=":material/inbox:",
    )
    if role != "planificateur":
        st.stop()

publication = _publication(
    url, store.version(), demo, threshold, tuple(sorted(settings.objectifs.departements.items()))
)
names = data.departements().set_index("code")["nom"].to_dict()
if role == "public":
    st.info(
        f"Vue publique : seuls des agrégats sont montrés. Tout effectif inférieur à {settings.seuil_secret}, et tout "
        "effectif qui permettrait de le retrouver par différence, est remplacé par « masqué ».",
        icon=":material/visibility_off:",
    )

target = settings.objectifs.national_personnes
people = publication.installed_people
columns = st.columns(3)
columns[0].metric(
    "Ménages installés", publication.installed_households if publication.installed_households is not None else "masqué"
)
columns[1].metric("Personnes installées", people if people is not None else "masqué")
columns[2].metric(
    "Avancement de l'objectif national",
    f"{people / target:.0%}" if people is not None and target else "non disponible",
    help=f"Objectif : {target} personnes — {settings.objectifs.source_national}" if target else None,
)

st.subheader("Où les ménages sont installés")
background = data.departement_fills()
background = background[~background["code"].map(geography.is_overseas)]
layers = [
    maps.polygon_layer(
        "departements", placement_layers.departements_shaded(background, publication.by_departement, names), ["texte"]
    ),
    placement_layers.flow_arcs(publication.flows, names),
    placement_layers.commune_dots(publication.by_commune),
]
st.pydeck_chart(maps.deck(layers, geography.VIEWS[geography.METROPOLE], placement_layers.TOOLTIP), height=560)
st.caption(
    "Départements : plus foncés quand plus de ménages y sont installés. Points : communes d'installation "
    "(surface proportionnelle aux ménages). Arcs : du département d'origine au département d'accueil. "
    "Effectifs sous le seuil non représentés."
)

st.subheader("Avancement par département d'accueil")
progress = publication.by_departement.assign(nom=lambda f: f["departement"].map(names).fillna("non renseigné"))
progress = tables.spelled_out(progress, {"menages": HIDDEN, "personnes": HIDDEN, "objectif_personnes": "non fixé"})
st.dataframe(
    progress[["departement", "nom", "menages", "personnes", "objectif_personnes", "progression"]],
    hide_index=True,
    column_config={
        "departement": "Code",
        "nom": "Département",
        "menages": "Ménages installés",
        "personnes": "Personnes",
        "objectif_personnes": st.column_config.TextColumn("Objectif (personnes)", help="config.toml"),
        "progression": st.column_config.ProgressColumn("Avancement", format="percent", min_value=0, max_value=1),
    },
)
if not settings.objectifs.departements:
    st.caption("Objectifs par département : hypothèse à renseigner dans config.toml (placements.objectifs).")

funnel_column, outcome_column = st.columns(2, gap="large")
with funnel_column:
    st.subheader("Parcours")
    top = publication.funnel["menages"].max()
    st.dataframe(
        publication.funnel[["libelle", "menages"]],
        hide_index=True,
        column_config={
            "libelle": "Étape atteinte",
            "menages": st.column_config.ProgressColumn(
                "Ménages", format="%d", min_value=0, max_value=int(top) if pd.notna(top) else 1
            ),
        },
    )
with outcome_column:
    st.subheader("Situation à 6 et 12 mois")
    st.dataframe(
        tables.spelled_out(publication.outcomes, {"oui": HIDDEN, "non": HIDDEN}),
        hide_index=True,
        column_config={
            "horizon": "Après l'installation",
            "resultat": "Situation",
            "oui": "Oui",
            "non": "Non",
            "taux": st.column_config.NumberColumn("Taux", format="percent"),
        },
    )
    st.caption("Parmi les ménages installés dont la situation est connue.")

st.subheader("Délai entre candidature et installation")
delays = publication.delays.assign(perimetre=lambda f: f["perimetre"].map(lambda p: names.get(p, p)))
st.dataframe(
    delays,
    hide_index=True,
    column_config={
        "perimetre": "Périmètre",
        "menages": "Ménages",
        "q1_jours": "1er quartile (jours)",
        "mediane_jours": "Médiane (jours)",
        "q3_jours": "3e quartile (jours)",
    },
)

st.subheader("Coûts publics évités — estimation")
estimate = costs.estimate(publication.installed_people, publication.installed_households, settings.couts)
if estimate.value is None:
    st.info("Estimation non calculable : " + " ; ".join(estimate.missing) + ".", icon=":material/pending:")
else:
    st.metric("Estimation des coûts publics évités", f"{estimate.value:,.0f} €".replace(",", " "))
st.dataframe(
    costs.parameters_table(settings.couts).drop(columns="cle"),
    hide_index=True,
    column_config={"parametre": "Paramètre (config.toml)", "valeur": "Valeur", "unite": "Unité", "source": "Source"},
)
st.caption("Ordre de grandeur, pas une évaluation : l'évaluation d'impact du programme est conduite par la DARES.")

if role == "planificateur":
    st.divider()
    st.header("Espace planificateur")
    imports, records, journal = st.tabs(["Importer un fichier", "Ménages", "Journal"])
    with imports:
        st.download_button(
            "Télécharger le modèle (CSV)", template.template_csv(), "modele_emile_placements.csv", mime="text/csv"
        )
        st.dataframe(template.documentation(), hide_index=True)
        operator = st.selectbox("Opérateur", [o.code for o in settings.operateurs], format_func=settings.operator_name)
        uploaded = st.file_uploader("Fichier de suivi (.csv ou .xlsx)", type=["csv", "xlsx"])
        if uploaded is not None and operator:
            arguments = dict(
                operator_code=operator,
                actor=str(st.user.get("email") or "planificateur"),
                communes=_commune_codes(),
                settings=settings,
            )
            preview = import_file(store, uploaded.getvalue(), uploaded.name, dry_run=True, **arguments)
            if not preview.ok:
                st.error(f"Fichier refusé, rien n'a été enregistré : {len(preview.errors)} erreur(s).")
                st.dataframe(preview.errors_frame(), hide_index=True)
            else:
                st.success(
                    f"Aperçu : {preview.rows_added} ligne(s) nouvelle(s), {preview.rows_changed} modifiée(s), "
                    f"{preview.rows_unchanged} inchangée(s)."
                )
                st.dataframe(preview.preview, hide_index=True)
                if st.button("Confirmer l'import", type="primary"):
                    done = import_file(store, uploaded.getvalue(), uploaded.name, **arguments)
                    st.success(f"Import enregistré : {done.rows_added} ajoutée(s), {done.rows_changed} modifiée(s).")
    with records:
        st.dataframe(store.households(demo=demo), hide_index=True)
    with journal:
        st.dataframe(store.audit_log(), hide_index=True)
        if demo and st.button("Supprimer les données fictives"):
            store.remove_demo(actor=str(st.user.get("email") or "planificateur"))
            st.rerun()
