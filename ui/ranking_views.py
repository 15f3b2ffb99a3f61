"""The Classement page's results, drawn from one ``Ranking``: the table, why each territory ranks where it does, how
robust the order is, territories like a reference, a side-by-side comparison, the ranking on a map, another
weighting beside this one, and the exports.

Every chart orders territories by their rank in the ranking shown (never by the order of a previous run), writes its
numbers in French and colours themes with the same hues as the « Carte » page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import geopandas as gpd
import pandas as pd
import streamlit as st

from emile.config import ScoringSettings
from emile.formatting import number, percent
from emile.indicators import THEME_LABELS, Indicator
from emile.maps import deck
from emile.maps.classes import PALETTES
from emile.maps.ranking import TOOLTIP, ranking_layer
from emile.maps.view import fit_view
from emile.scoring import compare, explain, export, sensitivity, similarity
from emile.scoring.ranking import Ranking
from emile.scoring.scenario import Scenario
from ui import charts, tables
from ui.legend import legend

SHOWN_IN_CHARTS = 15
MAP_HEIGHT = 480
MOVEMENT_LABELS = {compare.ENTERS: "entre dans la tête", compare.LEAVES: "sort de la tête", compare.STAYS: "reste"}


def _theme_colour(theme: str) -> str:
    r, g, b = PALETTES[theme].steps[4]
    return f"rgb({r},{g},{b})"


def _order(ranking: Ranking, count: int = SHOWN_IN_CHARTS) -> list[str]:
    """The names of the first ``count`` territories, in rank order: the y order of every chart."""
    return list(ranking.table["nom"].head(count))


def ranking_table(ranking: Ranking, criteria: Sequence[Indicator], robustness: pd.DataFrame, top_k: int) -> None:
    """Rank, score and each theme's part of it, the interval of ranks over the weight draws and, when more than
    ``top_k`` territories compete, the probability of being among the first ``top_k``. Every criterion's value is
    in the explanation and the exports: a table of 26 columns is not read on screen."""
    st.subheader("Classement")
    leaders = ranking.table.head(3)
    st.markdown("**En tête** : " + " · ".join(f"{explain.ordinal(r)} {n}" for n, r in zip(leaders.nom, leaders.rang)))
    theme_of = {c.id: c.theme for c in criteria}
    parts = explain.contributions(ranking).T.groupby(theme_of).sum().T
    shown = ranking.table[["rang", "nom", "score"]].rename(
        columns={"rang": "Rang", "nom": "Territoire", "score": "Score"}
    )
    for theme in (t for t in THEME_LABELS if t in parts.columns):
        shown[f"dont {THEME_LABELS[theme].lower()}"] = parts[theme]
    shown["Rang selon les tirages (5 % à 95 %)"] = (
        robustness["rang_p05"].astype(str) + " à " + robustness["rang_p95"].astype(str)
    )
    config = {}
    if len(ranking.table) > top_k:
        label = f"Probabilité d'être dans les {top_k} premiers"
        shown[label] = robustness["p_top_k"]
        config[label] = st.column_config.ProgressColumn(label, min_value=0, max_value=1, format="percent")
    decimals = {column: 3 for column in shown.columns if column == "Score" or column.startswith("dont ")}
    tables.dataframe(shown.rename_axis("Code"), decimals=decimals, column_config=config)
    st.caption(
        "« dont » : part du score apportée par chaque thème. Valeurs de chaque critère : « Pourquoi ce rang ? » "
        "et exports."
    )
    with st.expander(f"Territoires non classés ({number(len(ranking.excluded))})"):
        st.caption(
            "Un territoire auquel manque la valeur d'un critère pondéré est écarté plutôt que noté sur une "
            "donnée inventée ; les zones d'origine des volontaires sont toujours écartées."
        )
        tables.dataframe(ranking.excluded.rename(columns={"nom": "Territoire", "motif": "Motif"}))


def explanation(ranking: Ranking, criteria: Sequence[Indicator]) -> None:
    """Each territory's score split by theme (one colour per theme), then the criterion-level detail of one."""
    st.subheader("Pourquoi ce rang ?")
    theme_of = {c.id: c.theme for c in criteria}
    head = explain.contributions(ranking).head(SHOWN_IN_CHARTS)
    by_theme = head.T.groupby(theme_of).sum().T.assign(Territoire=ranking.table["nom"])
    parts = by_theme.melt("Territoire", var_name="theme", value_name="Contribution")
    parts = parts.assign(
        Thème=parts["theme"].map(THEME_LABELS), Valeur=parts["Contribution"].map(lambda v: number(v, 3))
    )
    themes = [t for t in THEME_LABELS if t in set(parts["theme"])]
    charts.chart(
        alt.Chart(parts)
        .mark_bar()
        .encode(
            x=alt.X("Contribution:Q", title="Part du score", axis=alt.Axis(format=".2~f")),
            y=alt.Y("Territoire:N", sort=_order(ranking), title=None),
            color=alt.Color(
                "Thème:N",
                scale=alt.Scale(domain=[THEME_LABELS[t] for t in themes], range=[_theme_colour(t) for t in themes]),
            ),
            order=alt.Order("theme:N"),
            tooltip=["Territoire", "Thème", alt.Tooltip("Valeur:N", title="Contribution")],
        )
    )
    if ranking.method == "topsis":
        st.caption(
            "TOPSIS n'additionne pas : les barres montrent les valeurs normalisées pondérées sur lesquelles il "
            "mesure la distance à l'idéal, regroupées par thème."
        )
    else:
        st.caption("Somme pondérée : la longueur totale de chaque barre est le score ; le détail par critère suit.")
    names = ranking.table["nom"]
    explained = st.selectbox("Territoire à expliquer", list(ranking.table.index), format_func=names.get, key="explique")
    st.markdown(explain.summary(ranking, explained, criteria))
    tables.dataframe(
        explain.detail(ranking, explained, criteria),
        decimals={"Valeur normalisée": 3, "Contribution": 3},
        hide_index=True,
    )


def robustness(
    ranking: Ranking, criteria: Sequence[Indicator], draws: pd.DataFrame, settings: ScoringSettings, top_k: int
) -> None:
    st.subheader("Robustesse du classement")
    st.caption(
        f"{number(settings.draws)} tirages de poids autour des poids choisis (loi de Dirichlet, concentration "
        f"{number(settings.concentration)}) : trait = rangs entre 5 % et 95 % des tirages, point = rang actuel."
    )
    head = draws.head(SHOWN_IN_CHARTS).assign(Territoire=ranking.table["nom"])
    head = head.assign(
        Intervalle=head["rang_p05"].astype(str) + " à " + head["rang_p95"].astype(str),
        Probabilité=head["p_top_k"].map(lambda p: percent(100 * p, 0)),
    )
    tooltip = ["Territoire", alt.Tooltip("rang:Q", title="Rang"), alt.Tooltip("Intervalle:N", title="Rangs (5-95 %)")]
    if len(ranking.table) > top_k:
        tooltip.append(alt.Tooltip("Probabilité:N", title=f"Dans les {top_k} premiers"))
    interval = alt.Chart(head).encode(y=alt.Y("Territoire:N", sort=_order(ranking), title=None))
    charts.chart(
        interval.mark_rule(strokeWidth=3).encode(
            x=alt.X("rang_p05:Q", title="Rang", axis=alt.Axis(format="d")), x2="rang_p95:Q", tooltip=tooltip
        )
        + interval.mark_point(filled=True, size=60).encode(x="rang:Q", tooltip=tooltip)
    )
    labels = {c.id: c.label for c in criteria}
    dropped = sensitivity.leave_one_out(ranking).rename(columns=lambda i: f"Sans « {labels[i]} »")
    st.caption("Rang obtenu en retirant chaque critère à tour de rôle :")
    tables.dataframe(
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
    tables.dataframe(
        close[["nom", "rang", "distance", "ecart_principal"]].rename(
            columns={"nom": "Territoire", "rang": "Rang", "distance": "Distance", "ecart_principal": "Principal écart"}
        ),
        decimals={"Distance": 2},
    )
    st.caption(
        "Distance euclidienne entre profils normalisés ; « principal écart » : le critère qui pèse le "
        "plus dans cette distance."
    )


def comparison(ranking: Ranking, criteria: Sequence[Indicator], shortlist: Sequence[str]) -> None:
    """The compared territories on every criterion: a grid whose colour is the normalised position (darker is
    better) and whose text is the value itself."""
    if not shortlist:
        return
    labels = {c.id: c.label for c in criteria}
    units = {c.id: c.unit for c in criteria}
    names = ranking.table["nom"]
    cells = []
    for code in shortlist:
        for criterion_id in ranking.weights.index:
            value = ranking.table.at[code, criterion_id]
            cells.append(
                {
                    "Territoire": names[code],
                    "Critère": labels[criterion_id],
                    "Position": float(ranking.normalised.at[code, criterion_id]),
                    "Valeur": number(value, tables.decimals_for(ranking.table[criterion_id]), units[criterion_id]),
                }
            )
    grid = alt.Chart(pd.DataFrame(cells)).encode(
        x=alt.X("Territoire:N", sort=[names[c] for c in shortlist], title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "Critère:N", sort=[labels[i] for i in ranking.weights.index], title=None, axis=alt.Axis(labelLimit=420)
        ),
    )
    charts.chart(
        grid.mark_rect().encode(
            color=alt.Color("Position:Q", scale=alt.Scale(scheme="blues", domain=[0, 1]), title="Position (0 à 1)"),
            tooltip=["Territoire", "Critère", "Valeur"],
        )
        + grid.mark_text(fontSize=11).encode(
            text="Valeur:N",
            color=alt.condition(alt.datum.Position > 0.6, alt.value("white"), alt.value("black")),
        )
    )
    st.caption("Couleur : position du territoire parmi les territoires classés sur ce critère (plus foncé = mieux).")


def ranking_map(ranking: Ranking, territories: gpd.GeoDataFrame, scope: str) -> None:
    """The score of every territory shown, as a choropleth with its legend."""
    if territories.empty:
        return
    layer, classification = ranking_layer(territories, ranking)
    view = fit_view(territories.total_bounds, 640, MAP_HEIGHT)
    st.pydeck_chart(deck.deck([layer], view, TOOLTIP), height=MAP_HEIGHT, key="carte_classement")
    legend(
        classification.legend,
        "Légende : score du classement",
        inline=True,
        notes=(f"Score du classement (quantiles), calculé sur {scope}.",),
    )


def other_weighting(a: Ranking, b: Ranking, name_b: str, top: int) -> None:
    """Who enters and who leaves the first ``top`` between this ranking (A) and another weighting (B)."""
    changes = compare.top_changes(a, b, top)
    moved = changes[changes["mouvement"] != compare.STAYS]
    st.markdown(
        f"**{number(len(moved))} territoire{'s' if len(moved) > 1 else ''}** change{'nt' if len(moved) > 1 else ''} "
        f"de place par rapport aux {top} premiers."
    )
    shown = changes.assign(mouvement=changes["mouvement"].map(MOVEMENT_LABELS)).rename(
        columns={
            "nom": "Territoire",
            "rang_a": "Rang (ce classement)",
            "rang_b": f"Rang ({name_b})",
            "mouvement": "Avec l'autre pondération",
        }
    )
    tables.dataframe(shown, missing="non classé")


def exports(ranking: Ranking, criteria: Sequence[Indicator], current: Scenario, draws: pd.DataFrame) -> None:
    """The workbook first (all tables, formatted), the CSV of the ranking for French spreadsheets second. The files
    are built when the button is pressed, not on every rerun (``data`` as a callable), and the page is not rerun
    after a download (``on_click="ignore"``): a second download right after the first gets the same file."""

    def sheets() -> dict[str, pd.DataFrame]:
        return export.workbook_sheets(ranking, criteria, current, draws, current.shortlist)

    xlsx_column, csv_column = st.columns(2)
    xlsx_column.download_button(
        "Exporter le classement (XLSX)",
        lambda: export.to_xlsx(sheets()),
        "classement.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table_view:",
        on_click="ignore",
        help="Classement, paramètres et scénario, robustesse, territoires non classés, territoires comparés.",
    )
    csv_column.download_button(
        "Exporter le tableau (CSV)",
        lambda: export.to_csv(export.ranking_frame(ranking, criteria)),
        "classement.csv",
        "text/csv",
        icon=":material/download:",
        on_click="ignore",
        help="Pour un tableur en français : séparateur point-virgule, virgule décimale. Les paramètres sont dans "
        "le fichier XLSX et le scénario JSON.",
    )
