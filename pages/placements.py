"""Placements: where EMILE households have been placed, how the programme progresses and what happened to them.

The public sees only ``emile.placements.aggregates`` output, with small counts suppressed. A planner, once logged in
(st.login), also sees household records, the audit log, and can import operator files (``ui.planner_space``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from emile import geography
from emile.formatting import number
from emile.maps import deck
from emile.maps import placements as placement_map
from emile.maps.view import METROPOLE, VIEWS
from emile.placements import costs
from emile.placements.public import shows_records
from emile.placements.roles import PLANNER, PUBLIC, suppression_threshold
from ui import data, identity, planner_space, tables
from ui.legend import legend

HIDDEN = "masqué"  # the word a public visitor reads in a suppressed cell

settings = data.config().placements
store = data.store()
role = identity.role()
demo = shows_records(store)

st.title("Placements")
st.caption("Où les ménages EMILE ont été installés, l'avancement du programme et la situation à 6 et 12 mois.")
if demo:
    st.warning(
        "**Données fictives** — ménages générés au hasard pour la démonstration : ils ne décrivent personne. "
        "Ils disparaissent dès le premier import d'un fichier d'opérateur.",
        icon=":material/science:",
    )
identity.sign_in_box()

publication = data.placements(suppression_threshold(role, settings)).publication
if publication is None:
    st.info(
        "Aucun placement enregistré pour l'instant. Un planificateur connecté importe les fichiers de suivi des "
        "opérateurs.",
        icon=":material/inbox:",
    )
    if role == PLANNER:
        planner_space.draw(store, settings, demo=False)
    st.stop()

names = data.departements().set_index("code")["nom"].to_dict()
if role == PUBLIC:
    st.info(
        f"Vue publique : seuls des agrégats sont montrés. Tout effectif inférieur à {settings.suppression_threshold}, "
        "et tout effectif qui permettrait de le retrouver par différence, est remplacé par « masqué » "
        f"({number(publication.hidden_cells)} effectifs masqués sur cette page).",
        icon=":material/visibility_off:",
    )

target = settings.targets.national_people
people = publication.installed_people
columns = st.columns(3)
columns[0].metric(
    "Ménages installés", publication.installed_households if publication.installed_households is not None else "masqué"
)
columns[1].metric("Personnes installées", people if people is not None else "masqué")
columns[2].metric(
    "Avancement de l'objectif national",
    f"{people / target:.0%}" if people is not None and target else "non disponible",
    help=f"Objectif : {target} personnes — {settings.targets.national_source}" if target else None,
)

st.subheader("Où les ménages sont installés")
background = data.departement_fills()
background = background[~background["code"].map(geography.is_overseas)]
shaded, shading_legend = placement_map.departements_shaded(background, publication.by_departement, names)
layers = [
    deck.polygon_layer("departements", shaded, ["text"]),
    placement_map.flow_arcs(publication.flows, names),
    placement_map.commune_dots(publication.by_commune),
]
st.pydeck_chart(deck.deck(layers, VIEWS[METROPOLE], placement_map.TOOLTIP), height=560)
legend(shading_legend, "Légende : ménages installés par département", inline=True)
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
        "objectif_personnes": st.column_config.TextColumn("Objectif (personnes)"),
        "progression": st.column_config.ProgressColumn("Avancement", format="percent", min_value=0, max_value=1),
    },
)
if not settings.targets.departements:
    st.caption("Objectifs par département : hypothèse à renseigner (aucune source publique ne les donne).")

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
estimate = costs.estimate(publication.installed_people, publication.installed_households, settings.costs)
if estimate.value is None:
    st.info("Estimation non calculable : " + " ; ".join(estimate.missing) + ".", icon=":material/pending:")
else:
    st.metric("Estimation des coûts publics évités", f"{estimate.value:,.0f} €".replace(",", " "))
st.dataframe(
    costs.parameters_table(settings.costs).drop(columns="key"),
    hide_index=True,
    column_config={"parameter": "Paramètre", "value": "Valeur", "unit": "Unité", "source": "Source"},
)
st.caption("Ordre de grandeur, pas une évaluation : l'évaluation d'impact du programme est conduite par la DARES.")

if role == PLANNER:
    planner_space.draw(store, settings, demo=bool(demo))
