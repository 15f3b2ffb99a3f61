"""The Classement page's results, drawn from one ``Ranking``: the table, why each territory ranks where it does, how
robust the order is, territories like a reference, a side-by-side comparison and the exports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd
import streamlit as st

from emile.config import ScoringSettings
from emile.indicators import Indicator
from emile.scoring import explain, export, scenario, sensitivity, similarity
from emile.scoring.ranking import Ranking

SHOWN_IN_CHARTS = 15
MAX_COMPARED = 4


def ranking_table(ranking: Ranking, criteria: Sequence[Indicator], robustness: pd.DataFrame, top_k: int) -> None:
    st.subheader("Classement")
    leaders = ranking.table.head(3)
    st.markdown("**En tête** : " + " · ".join(f"{explain.ordinal(r)} {n}" for n, r in zip(leaders.nom, leaders.rang)))
    shown = export.ranking_frame(ranking, criteria).set_index("Code")
    shown.insert(3, f"P(top {top_k})", robustness["p_top_k"])
    shown.insert(4, "Rang (5 %–95 %)", robustness["rang_p05"].astype(str) + "–" + robustness["rang_p95"].astype(str))
    st.dataframe(shown, column_config={f"P(top {top_k})": st.column_config.ProgressColumn(min_value=0, max_value=1)})
    with st.expander(f"Territoires non classés ({len(ranking.excluded)})"):
        st.caption(
            "Un territoire auquel manque la valeur d'un critère pondéré est écarté plutôt que noté sur une "
            "donnée inventée ; les zones d'origine des volontaires sont toujours écartées."
        )
        st.dataframe(ranking.excluded.rename(columns={"nom": "Territoire", "motif": "Motif"}))


def explanation(ranking: Ranking, criteria: Sequence[Indicator]) -> None:
    st.subheader("Pourquoi ce rang ?")
    labels = {c.id: c.label for c in criteria}
    parts = explain.contributions(ranking).head(SHOWN_IN_CHARTS).rename(columns=labels)
    parts = parts.assign(Territoire=ranking.table["nom"]).melt(
        "Territoire", var_name="Critère", value_name="Contribution"
    )
    st.altair_chart(
        alt.Chart(parts)
        .mark_bar()
        .encode(
            x=alt.X("Contribution:Q"),
            y=alt.Y("Territoire:N", sort=None),
            color="Critère:N",
            tooltip=["Territoire", "Critère", alt.Tooltip("Contribution:Q", format=".3f")],
        )
    )
    if ranking.method == "topsis":
        st.caption(
            "TOPSIS n'additionne pas : les barres montrent les valeurs normalisées pondérées sur lesquelles il "
            "mesure la distance à l'idéal."
        )
    else:
        st.caption("Somme pondérée : la longueur totale de chaque barre est le score.")
    names = ranking.table["nom"]
    explained = st.selectbox("Territoire à expliquer", list(ranking.table.index), format_func=names.get, key="explique")
    st.markdown(explain.summary(ranking, explained, criteria))
    st.dataframe(explain.detail(ranking, explained, criteria), hide_index=True)


def robustness(
    ranking: Ranking, criteria: Sequence[Indicator], draws: pd.DataFrame, settings: ScoringSettings, top_k: int
) -> None:
    st.subheader("Robustesse du classement")
    st.caption(
        f"{settings.draws} tirages de poids autour des poids choisis (loi de Dirichlet, concentration "
        f"{settings.concentration:g}) : trait = rangs entre 5 % et 95 % des tirages, point = rang actuel."
    )
    head = draws.head(SHOWN_IN_CHARTS).assign(Territoire=ranking.table["nom"])
    interval = alt.Chart(head).encode(y=alt.Y("Territoire:N", sort=None))
    st.altair_chart(
        interval.mark_rule(strokeWidth=3).encode(x=alt.X("rang_p05:Q", title="Rang"), x2="rang_p95:Q")
        + interval.mark_point(filled=True, size=60).encode(
            x="rang:Q",
            tooltip=["Territoire", "rang", alt.Tooltip("p_top_k:Q", format=".0%", title=f"P(top {top_k})")],
        )
    )
    labels = {c.id: c.label for c in criteria}
    dropped = sensitivity.leave_one_out(ranking).rename(columns=lambda i: f"Sans « {labels[i]} »")
    st.caption("Rang obtenu en retirant chaque critère à tour de rôle :")
    st.dataframe(
        ranking.table[["nom", "rang"]]
        .join(dropped)
        .head(SHOWN_IN_CHARTS)
        .rename(columns={"nom": "Territoire", "rang": "Rang"})
    )


def similar(
    ranking: Ranking, criteria: Sequence[Indicator], references: Mapping[str, Sequence[str]], labels: Mapping[str, str]
) -> None:
    """Territories closest to the chosen reference (``references``: id → codes, ``labels``: id → French)."""
    st.subheader("Territoires comparables aux pilotes")
    reference = st.selectbox("Référence", list(references), key="reference", format_func=labels.get)
    try:
        close = similarity.nearest(ranking, references[reference], criteria)
    except ValueError as exc:
        st.info(str(exc))
        return
    st.dataframe(
        close[["nom", "rang", "distance", "ecart_principal"]].rename(
            columns={"nom": "Territoire", "rang": "Rang", "distance": "Distance", "ecart_principal": "Principal écart"}
        )
    )
    st.caption(
        "Distance euclidienne entre profils normalisés ; « principal écart » : le critère qui pèse le "
        "plus dans cette distance."
    )


def comparison(ranking: Ranking, criteria: Sequence[Indicator]) -> None:
    st.subheader("Comparer")
    names = ranking.table["nom"]
    shortlist = st.multiselect(
        f"Territoires à comparer ({MAX_COMPARED} au plus)",
        list(ranking.table.index),
        format_func=names.get,
        max_selections=MAX_COMPARED,
        key="shortlist",
        placeholder="Choisir…",
    )
    if not shortlist:
        return
    labels = {c.id: c.label for c in criteria}
    profile = ranking.normalised.loc[shortlist].rename(columns=labels).assign(Territoire=names)
    profile = profile.melt("Territoire", var_name="Critère", value_name="Valeur normalisée")
    st.altair_chart(
        alt.Chart(profile)
        .mark_bar()
        .encode(
            x=alt.X("Territoire:N", title=None),
            xOffset="Territoire:N",
            y="Valeur normalisée:Q",
            color="Territoire:N",
            column=alt.Column("Critère:N", title=None),
        )
    )
    st.dataframe(export.ranking_frame(ranking, criteria).set_index("Code").loc[shortlist].T)


def exports(ranking: Ranking, criteria: Sequence[Indicator], current: scenario.Scenario) -> None:
    table = export.ranking_frame(ranking, criteria)
    parameters = export.parameters_frame(current, ranking, criteria)
    csv_column, xlsx_column = st.columns(2)
    csv_column.download_button(
        "Exporter en CSV", lambda: export.to_csv(table, parameters), "classement.csv", "text/csv"
    )
    xlsx_column.download_button(
        "Exporter en XLSX",
        lambda: export.to_xlsx(table, parameters),
        "classement.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
