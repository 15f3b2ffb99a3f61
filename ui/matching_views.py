"""The parts of the « Appariement » page: the weights a planner may change for one run, the comparison of methods,
the proposals table and its exports, the map of arcs, the household panel with its decision, the binding
capacities, the public aggregate and the situations at 6 and 12 months. Decisions and permissions are the domain's
(``emile.matching.store``)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from emile.config import MatchingSettings, MatchingWeights
from emile.formatting import HIDDEN, number
from emile.maps import deck
from emile.maps import matching as matching_map
from emile.maps.view import METROPOLE, VIEWS
from emile.matching import store as matching_store
from emile.matching import views
from emile.matching.explain import binding_capacities, explain
from emile.matching.models import ACCEPTED, DECLINED
from emile.matching.outcomes import outcome_comparison
from emile.matching.solve import proof
from emile.matching.store import MatchingOutcome
from emile.offers.access import Principal
from emile.placements.store import Store
from emile.scoring import export
from ui import data, tables
from ui.cache import by_snapshot

WEIGHT_LABELS = {
    "base": "Socle (un ménage placé)",
    "same_rome": "Même métier (ROME)",
    "same_family": "Même famille de métiers (FAP)",
    "tension": "Recrutements difficiles (BMO), × part",
    "contract": "Qualité du contrat, × 0 à 1",
    "hours": "Heures, × heures / 35",
    "school": "École proche (ménage avec enfants)",
    "pharmacy": "Pharmacie proche",
    "france_services": "France services proche",
    "station": "Gare proche (ménage sans voiture)",
    "wish_1": "1er vœu",
    "wish_2": "2e vœu",
    "wish_3": "3e vœu",
    "rent_per_100_eur": "Loyer et charges : retiré par 100 €",
    "distance_per_10_km": "Trajet logement-emploi : retiré par 10 km",
}
OUTCOME_LABELS = {
    "group": "Groupe",
    "horizon": "Après l'installation",
    "outcome": "Situation",
    "known": "Situation connue (ménages)",
    "yes": "Oui (ménages)",
    "rate": "Part",
}
INDICATOR_LABELS = {
    "total_score": "Score total",
    "households_matched": "Ménages appariés",
    "mean_wish_rank": "Rang moyen du vœu obtenu (hors vœux = 4)",
    "share_top_3": "Part dans les 3 vœux",
}


def weights_form(settings: MatchingSettings) -> MatchingSettings:
    """The weights of ``config.toml``, editable for the next run; the settings with the weights chosen."""
    with st.expander("Poids du score (points de chaque terme, pour le prochain calcul)"):
        columns = st.columns(3)
        chosen = {
            name: columns[position % 3].number_input(
                label,
                min_value=0.0,
                max_value=1000.0,
                value=float(getattr(settings.weights, name)),
                step=1.0,
                key=f"appariement_poids_{name}",
            )
            for position, (name, label) in enumerate(WEIGHT_LABELS.items())
        }
    return settings.model_copy(update={"weights": MatchingWeights(**chosen)})


def run_summary(outcome: MatchingOutcome, same: bool) -> None:
    st.caption(
        f"Calcul n° {outcome.run_id} — {len(outcome.inputs.households)} ménages prêts, "
        f"{number(len(outcome.candidates.combos))} combinaisons faisables, {proof(outcome.optimal)}. "
        f"Entrées : somme de contrôle {outcome.inputs.checksum[:12]}… "
        + ("(rejoué : même résultat)." if same else "(rejoué : résultat différent).")
    )
    shown = outcome.comparison().rename(columns=INDICATOR_LABELS)
    shown["Part dans les 3 vœux"] = shown["Part dans les 3 vœux"].map(lambda v: f"{number(100 * v, 1)} %")
    tables.dataframe(shown, decimals={"Score total": 1, "Rang moyen du vœu obtenu (hors vœux = 4)": 2})
    st.caption(
        "Mêmes combinaisons pour les trois méthodes. Le score mesure l'adéquation aux critères ci-dessus, pas un "
        "résultat : aucun gain d'emploi n'est annoncé tant que les situations à 6 et 12 mois ne sont pas connues."
    )


def exports(frame: pd.DataFrame, outcome: MatchingOutcome) -> None:
    left, right = st.columns(2)
    comparison = outcome.comparison().rename(columns=INDICATOR_LABELS).rename_axis("Méthode").reset_index()
    left.download_button(
        "Exporter les propositions (XLSX)",
        lambda: export.to_xlsx({"Propositions": frame, "Comparaison": comparison}),
        f"appariement_{outcome.run_id}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/table_view:",
    )
    right.download_button(
        "Exporter les propositions (CSV)",
        lambda: export.to_csv(frame),
        f"appariement_{outcome.run_id}.csv",
        "text/csv",
        on_click="ignore",
        icon=":material/download:",
    )


@by_snapshot()
def _background() -> object:
    frame = data.departement_fills()[["code", "nom", "geometry"]]
    return frame.assign(fill=[[232, 232, 232, 255]] * len(frame), text=frame["nom"])


def proposal_map(outcome: MatchingOutcome, selected: int | None) -> None:
    names = data.communes().set_index("code")["nom"].to_dict()
    arcs = views.arcs_frame(outcome, data.places())
    layers = [
        deck.polygon_layer("fond", _background(), ["text"], pickable=False),
        matching_map.proposal_arcs(arcs, names, selected),
    ]
    st.pydeck_chart(deck.deck(layers, VIEWS[METROPOLE], matching_map.TOOLTIP), height=560)
    st.caption("Un arc par proposition, de la commune d'origine du ménage à celle du logement proposé.")


def _explanation(outcome: MatchingOutcome, household_id: int):
    """Explanations are computed when a household is opened, once per run and household."""
    cache = st.session_state.setdefault("appariement_explications", {})
    key = (outcome.run_id, household_id)
    if key not in cache:
        cache[key] = explain(outcome.candidates, outcome.optimal, household_id)
    return cache[key]


def household_panel(
    store: Store, principal: Principal, outcome: MatchingOutcome, decisions: pd.DataFrame, names: dict[str, str]
) -> None:
    proposed = dict(zip(outcome.proposals["household_id"], outcome.proposals["departement"], strict=True))
    households = outcome.inputs.households["household_id"].tolist()

    def label(h: int) -> str:
        where = proposed.get(h)
        return f"Ménage {h} — " + (f"proposé : {names.get(where, where)} ({where})" if where else "aucune proposition")

    household = st.selectbox("Ménage", households, format_func=label, key="appariement_menage")
    if household is None:
        return
    reasons = _explanation(outcome, int(household))
    if reasons.proposal is None:
        st.warning("Aucune combinaison retenue pour ce ménage : voir ci-dessous pourquoi, territoire par territoire.")
    else:
        p = reasons.proposal
        st.markdown(
            f"**Proposition** : logement n° {int(p['housing_id'])} et emploi n° {int(p['job_id'])} en "
            f"{names.get(p['departement'], p['departement'])} ({p['departement']}), arrivée {p['month']}, "
            f"score {number(p['score'], 1)}."
        )
        tables.dataframe(reasons.breakdown, decimals={"Points": 1}, hide_index=True)
        st.markdown("**Les deux alternatives suivantes**")
        tables.dataframe(reasons.alternatives, hide_index=True)
    st.markdown("**Pourquoi pas les autres territoires**")
    territories = reasons.territories.assign(
        Département=[f"{names.get(c, c)} ({c})" for c in reasons.territories["Département"]]
    )
    tables.dataframe(territories, hide_index=True)
    if reasons.proposal is not None:
        _decision(store, principal, outcome, int(household), decisions)


def _decision(store: Store, principal: Principal, outcome: MatchingOutcome, household: int, decisions) -> None:
    done = decisions[decisions["household_id"] == household]
    if len(done):
        row = done.iloc[-1]
        word = "acceptée" if row["decision"] == ACCEPTED else "refusée"
        st.info(f"Proposition {word} par {row['actor']} : {views.REASON_LABELS.get(row['reason'], row['reason'])}.")
        return
    st.markdown("**Décision** (rien n'est engagé sans elle)")
    left, right = st.columns(2)
    accept = left.selectbox(
        "Raison de l'acceptation",
        list(matching_store.ACCEPT_REASONS),
        format_func=views.REASON_LABELS.get,
        key=f"appariement_accepter_raison_{household}",
    )
    decline = right.selectbox(
        "Raison du refus",
        list(matching_store.DECLINE_REASONS),
        format_func=views.REASON_LABELS.get,
        key=f"appariement_refuser_raison_{household}",
    )
    chosen = None
    if left.button("Accepter la proposition", key=f"appariement_accepter_{household}", type="primary"):
        chosen = (ACCEPTED, accept)
    if right.button("Refuser la proposition", key=f"appariement_refuser_{household}"):
        chosen = (DECLINED, decline)
    if chosen:
        try:
            matching_store.decide(store, principal, outcome.run_id, household, *chosen, today=dt.date.today())
        except ValueError as refused:
            st.error(str(refused))
            return
        st.rerun()


def binding(outcome: MatchingOutcome) -> None:
    st.subheader("Capacités qui pèsent sur le résultat")
    cache = st.session_state.setdefault("appariement_capacites", {})
    if outcome.run_id not in cache:
        if not st.button("Chercher les capacités qui changeraient le résultat", key="appariement_capacites_btn"):
            return
        cache[outcome.run_id] = binding_capacities(outcome.candidates, outcome.optimal)
    found = cache[outcome.run_id]
    if found.empty:
        st.success("Aucune capacité d'accompagnement ne limite le résultat : une place de plus ne changerait rien.")
    else:
        tables.dataframe(found, decimals={"Gain de score": 1}, hide_index=True)
        st.caption(
            "Capacités pleines dont une place de plus augmenterait le score total (calcul refait avec +1)."
            if outcome.optimal.capacity_prices is None
            else "Capacités pleines dont une place de plus augmenterait le score total : gain au plus, estimé par le "
            "prix de la capacité dans la relaxation lagrangienne ; le nombre de ménages en plus n'est pas calculé."
        )


def public_table(outcome: MatchingOutcome, names: dict[str, str], threshold: int) -> None:
    st.subheader("Agrégat publiable : propositions par département d'accueil")
    frame = views.public_aggregate(outcome, names, threshold)
    tables.dataframe(tables.spelled_out(frame, {"Propositions": HIDDEN}), hide_index=True)
    st.caption(
        f"Effectifs inférieurs à {threshold}, et ceux qui permettraient de les retrouver par différence, masqués."
    )


def outcomes(store: Store, principal: Principal, *, demo: bool, threshold: int) -> None:
    st.subheader("Situations à 6 et 12 mois : ménages orientés par l'appariement et autres ménages")
    frame = outcome_comparison(store, principal, demo=demo, threshold=threshold)
    if frame.empty:
        st.info(
            "Aucune situation à 6 ou 12 mois n'est encore connue pour un ménage orienté par l'appariement : la "
            "comparaison apparaîtra quand les opérateurs les auront transmises.",
            icon=":material/hourglass_empty:",
        )
        return
    shown = frame.rename(columns=OUTCOME_LABELS)
    small = f"groupe de moins de {threshold}"
    shown["Part"] = [number(100 * v, 1, "%") if pd.notna(v) else small for v in frame["rate"]]
    tables.dataframe(shown, hide_index=True)
    st.caption(
        "Comparaison observationnelle : les ménages orientés par l'appariement n'ont pas été tirés au sort, leurs "
        "projets correspondaient aux offres du moment. Un écart entre les deux groupes ne mesure pas un effet de "
        "l'appariement."
    )
