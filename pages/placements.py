"""Placements: where EMILE households have been placed, how the programme progresses and what happened to them.

The public sees the last dated release (``emile.placements.releases``), with small counts suppressed, or the
flagged demo cohort before any real record. A planner, once logged in (st.login), sees the live records, the audit
log, imports operator files and publishes releases (``ui.planner_space``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from emile import geography
from emile.formatting import HIDDEN, MISSING, number, percent
from emile.maps import deck
from emile.maps import placements as placement_map
from emile.maps.view import METROPOLE, VIEWS
from emile.placements import costs
from emile.placements.aggregates import MIN_QUARTILE_GROUP
from emile.placements.roles import PLANNER, PUBLIC
from ui import data, identity, planner_space, tables
from ui.legend import legend

settings = data.config().placements
role = identity.role()

st.title("Placements")
st.caption("Où les ménages EMILE ont été installés, l'avancement du programme et la situation à 6 et 12 mois.")
identity.sign_in_box()
source = data.planner_placements() if role == PLANNER else data.public_placements()
if source.unavailable:
    st.error(source.unavailable, icon=":material/cloud_off:")
    st.stop()

if source.fictitious:
    st.warning(
        "**Données fictives** — ménages générés au hasard pour la démonstration : ils ne décrivent personne. "
        "Ils disparaissent dès le premier import d'un fichier d'opérateur.",
        icon=":material/science:",
    )
publication = source.publication
if publication is None:
    st.info(
        "Aucun chiffre de placement publié pour l'instant. Un planificateur connecté importe les fichiers de suivi "
        "des opérateurs et publie les chiffres à date.",
        icon=":material/inbox:",
    )
    if role == PLANNER:
        planner_space.draw(data.store(), settings, demo=False)
    st.stop()

names = data.departements().set_index("code")["nom"].to_dict()
if role == PUBLIC:
    dated = (
        f"Chiffres publiés le {source.published_at:%d/%m/%Y} ; ils sont mis à jour à chaque publication par "
        "l'équipe du programme, pas à chaque import. "
        if source.published_at
        else ""
    )
    st.info(
        f"{dated}Vue publique : seuls des agrégats sont montrés. Tout effectif inférieur à {source.threshold}, et "
        "tout effectif qui permettrait de le retrouver par différence (entre deux tableaux ou entre deux "
        f"publications), est remplacé par « masqué » ({number(publication.hidden_cells)} effectifs masqués).",
        icon=":material/visibility_off:",
    )
else:
    st.info(
        "Vue planificateur : données en direct, non masquées. Le public voit la dernière publication (onglet "
        "« Publication » plus bas).",
        icon=":material/admin_panel_settings:",
    )

target = settings.targets.national_people
people = publication.installed_people
columns = st.columns(3)
households = publication.installed_households
columns[0].metric("Ménages installés", HIDDEN if households is None else number(households))
columns[1].metric("Personnes installées", HIDDEN if people is None else number(people))
columns[2].metric(
    "Avancement de l'objectif national",
    percent(100 * people / target, 0) if people is not None and target else MISSING,
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
progress = publication.by_departement.assign(name=lambda f: f["departement"].map(names).fillna("non renseigné"))
progress = tables.spelled_out(progress, {"households": HIDDEN, "people": HIDDEN, "target_people": "non fixé"})
st.dataframe(
    progress[["departement", "name", "households", "people", "target_people", "progress"]],
    hide_index=True,
    column_config={
        "departement": "Code",
        "name": "Département",
        "households": "Ménages installés",
        "people": "Personnes",
        "target_people": st.column_config.TextColumn("Objectif (personnes)"),
        "progress": st.column_config.ProgressColumn("Avancement", format="percent", min_value=0, max_value=1),
    },
)
if not settings.targets.departements:
    st.caption("Objectifs par département : hypothèse à renseigner (aucune source publique ne les donne).")

funnel_column, outcome_column = st.columns(2, gap="large")
with funnel_column:
    st.subheader("Parcours")
    top = publication.funnel["households"].max()
    st.dataframe(
        publication.funnel[["label", "households"]],
        hide_index=True,
        column_config={
            "label": "Étape atteinte",
            "households": st.column_config.ProgressColumn(
                "Ménages", format="%d", min_value=0, max_value=int(top) if pd.notna(top) else 1
            ),
        },
    )
with outcome_column:
    st.subheader("Situation à 6 et 12 mois")
    st.dataframe(
        tables.spelled_out(publication.outcomes, {"yes": HIDDEN, "no": HIDDEN}),
        hide_index=True,
        column_config={
            "horizon": "Après l'installation",
            "outcome": "Situation",
            "yes": "Oui",
            "no": "Non",
            "rate": st.column_config.NumberColumn("Taux", format="percent"),
        },
    )
    st.caption("Parmi les ménages installés dont la situation est connue.")

st.subheader("Délai entre candidature et installation")
delays = publication.delays.assign(scope=lambda f: f["scope"].map(lambda p: names.get(p, p)))
st.dataframe(
    delays,
    hide_index=True,
    column_config={
        "scope": "Périmètre",
        "q1_days": st.column_config.NumberColumn("1er quartile (jours)", format="%.0f"),
        "median_days": st.column_config.NumberColumn("Médiane (jours)", format="%.0f"),
        "q3_days": st.column_config.NumberColumn("3e quartile (jours)", format="%.0f"),
    },
)
if role == PUBLIC:
    st.caption(
        f"Quartiles donnés pour les périmètres publiés d'au moins {MIN_QUARTILE_GROUP} ménages dont les deux dates "
        "sont connues."
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
    planner_space.draw(data.store(), settings, demo=source.fictitious)
