"""Offres des territoires: the dwellings, jobs and trainings that landlords, employers and communes offer EMILE
households, by département and bassin d'emploi, and what public statistics suggest where nothing is registered.

The public sees ``emile.offers.aggregates`` output only, small counts suppressed: no address, no name, no household.
A signed-in landlord, employer or commune also declares and edits its own offers (``ui.offers_space``); an operator
records its households' projects (``ui.projects_space``); a planner sees and does everything.
"""

from __future__ import annotations

import streamlit as st

from emile.formatting import HIDDEN, number
from emile.offers import store as offer_store
from emile.offers.aggregates import SOON_DAYS
from emile.offers.vocabulary import HOUSING, JOB, KIND_LABELS
from ui import data, identity, offers_space, offers_views, projects_space

settings = data.config().placements
store = data.store()
principal = identity.principal()
demo = data.offers_demo()

st.title("Offres des territoires")
st.caption(
    "Logements, emplois et formations que bailleurs, employeurs et communes proposent aux ménages EMILE, et la "
    "capacité que la statistique publique laisse attendre là où rien n'est encore déclaré."
)
if demo:
    st.warning(
        "**Données fictives** — offres et projets de ménages générés au hasard pour la démonstration, d'après la "
        "répartition réelle du parc social (RPLS) et des recrutements difficiles (BMO) : ils ne décrivent aucune "
        "offre ni aucun ménage. Ils disparaissent dès la première offre ou le premier projet réel.",
        icon=":material/science:",
    )
identity.sign_in_box(label="Se connecter (bailleurs, employeurs, communes, opérateurs)")

threshold = 0 if principal.is_planner else settings.suppression_threshold
# An employer starts on jobs, everybody else on dwellings.
first = JOB if principal.offer_kinds == {JOB} else HOUSING
kind = st.segmented_control(
    "Offres", [HOUSING, JOB], format_func=KIND_LABELS.get, default=first, key="offres_sorte", required=True
)
level = st.segmented_control(
    "Territoires",
    list(offers_views.LEVELS),
    format_func=offers_views.LEVELS.get,
    default="departement",
    key="offres_niveau",
    required=True,
)
publication = data.offer_publication(kind, threshold)
if not principal.is_planner:
    audience = "Vue publique" if principal.role == "public" else "Agrégats publics, les mêmes pour tous"
    st.info(
        f"{audience} : seuls des agrégats sont montrés, sans adresse ni nom. Tout effectif inférieur à "
        f"{settings.suppression_threshold}, et tout effectif qui permettrait de le retrouver par différence, est "
        f"remplacé par « masqué » ({number(publication.hidden_cells)} effectifs masqués pour ces offres).",
        icon=":material/visibility_off:",
    )

counted = publication.by_departement
columns = st.columns(3)
columns[0].metric(f"{KIND_LABELS[kind]} en cours", HIDDEN if publication.total is None else number(publication.total))
columns[1].metric("Départements avec des offres publiées", number(int(counted["offres"].notna().sum())))
columns[2].metric(
    "Bassins d'emploi avec des offres publiées", number(int(publication.by_bassin["offres"].notna().sum()))
)

own = None
if principal.is_offerer:
    today = data.offers_state()[2]
    mine = offer_store.offers(store, principal, kind, today=today)
    own = mine[offer_store.open_mask(mine, today)] if len(mine) else mine

st.subheader(f"{KIND_LABELS[kind]} en cours par {offers_views.LEVELS[level].lower()}")
offers_views.offer_map_chart(publication, level, own)
offers_views.territory_table(publication, level)

departement = None
if kind == JOB:
    st.subheader("Par famille de métiers")
    names = offers_views.names("departement")
    published = sorted(set(publication.by_family["departement"]) - {"FR"})
    departement = st.selectbox(
        "Périmètre",
        [None, *published],
        format_func=lambda c: "France entière" if c is None else f"{names.get(c, c)} ({c})",
    )
    offers_views.family_table(publication, departement)
    st.caption(
        "Familles professionnelles FAP 2009 (DARES), déduites du code ROME de chaque offre ou précisées par "
        "l'employeur quand le métier relève de plusieurs familles."
    )
elif publication.total:
    st.caption(f"Typologies : offres en cours par nombre de pièces ; fraîcheur : part expirant sous {SOON_DAYS} jours.")

offers_views.capacity_section(kind, departement)

if principal.is_offerer or principal.is_planner:
    offers_space.draw(store, principal)
if principal.role == "operateur" or principal.is_planner:
    projects_space.draw(store, principal)
