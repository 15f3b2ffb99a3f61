"""Explanation, sensitivity and similarity on hand-made territories, checked against pymcdm where it applies."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pymcdm.methods import TOPSIS, WSM
from scoring_fixtures import X, Y, indicator, three_territories

from emile.scoring.explain import contributions, detail, summary
from emile.scoring.normalise import NORMALISATIONS
from emile.scoring.ranking import rank_territories
from emile.scoring.sensitivity import batch_scores, draw_weights, leave_one_out, monte_carlo
from emile.scoring.similarity import nearest

WEIGHTS = pd.Series({"x": 0.6, "y": 0.4})


def test_weighted_sum_contributions_add_up_to_the_score():
    ranking = rank_territories(three_territories(), [X, Y], WEIGHTS)
    parts = contributions(ranking)
    assert parts.loc["03"].to_dict() == pytest.approx({"x": 0.6, "y": 0.2})
    np.testing.assert_allclose(parts.sum(axis=1), ranking.table["score"])


def test_detail_shows_raw_value_vintage_and_weight():
    ranking = rank_territories(three_territories(), [X, Y], WEIGHTS)
    table = detail(ranking, "02", [X, Y])
    assert table["Valeur"].tolist() == [20.0, 1.0]
    assert table["Millésime"].tolist() == ["2024", "2024"]
    assert table["Poids (%)"].tolist() == [60, 40]


def test_summary_names_strengths_and_weaknesses():
    frame = pd.DataFrame(
        {"nom": list("ABCDE"), "x": [1.0, 2, 3, 4, 5], "y": [5.0, 4, 3, 2, 1]}, index=[f"0{i}" for i in range(1, 6)]
    )
    ranking = rank_territories(frame, [X, Y], WEIGHTS)
    # E has the highest x and the lowest (best) y; A the opposite.
    assert summary(ranking, "05", [X, Y]) == (
        "E est classé 1er sur 5 ; points forts : Libellé x, Libellé y ; aucun point faible marqué."
    )
    assert summary(ranking, "03", [X, Y]) == (
        "C est classé 3e sur 5 ; aucun point fort marqué ; aucun point faible marqué."
    )
    assert summary(ranking, "01", [X, Y]) == (
        "A est classé 5e sur 5 ; aucun point fort marqué ; points faibles : Libellé x, Libellé y."
    )


@pytest.mark.parametrize("normalisation", list(NORMALISATIONS))
@pytest.mark.parametrize("method", ["somme_ponderee", "topsis"])
def test_batch_scores_match_pymcdm_draw_by_draw(method, normalisation):
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(rng.random((20, 3)), columns=["a", "b", "c"], index=[f"{i:02d}" for i in range(20)])
    criteria = [indicator("a"), indicator("b", "logement", False), indicator("c", "services")]
    ranking = rank_territories(
        frame.assign(nom="t"), criteria, pd.Series({"a": 0.2, "b": 0.5, "c": 0.3}), method, normalisation
    )
    draws = draw_weights(ranking.weights.to_numpy(), 25, 50.0, seed=1)
    batch = batch_scores(ranking.normalised.to_numpy(), draws, method)
    library = {"somme_ponderee": WSM, "topsis": TOPSIS}[method](NORMALISATIONS[normalisation])
    raw = frame.loc[ranking.table.index, ["a", "b", "c"]].to_numpy()
    for i, w in enumerate(draws):
        np.testing.assert_allclose(batch[i], library(raw, w, np.array([1, -1, 1])), rtol=1e-10)


def test_dirichlet_draws_are_valid_weights_centred_on_the_choice():
    draws = draw_weights(np.array([0.6, 0.3, 0.1]), 4000, 100.0, seed=0)
    assert (draws > 0).all()
    np.testing.assert_allclose(draws.sum(axis=1), 1.0)
    np.testing.assert_allclose(draws.mean(axis=0), [0.6, 0.3, 0.1], atol=0.01)


def test_monte_carlo_on_a_dominant_territory_and_on_a_close_race():
    frame = pd.DataFrame({"nom": list("ABC"), "x": [10.0, 5.0, 6.0], "y": [1.0, 4.0, 3.5]}, index=["01", "02", "03"])
    ranking = rank_territories(frame, [X, Y], pd.Series({"x": 0.5, "y": 0.5}))
    result = monte_carlo(ranking, top_k=1, draws=500, concentration=20.0)
    # A is best on both criteria: first whatever the weights.
    assert result.loc["01", "p_top_k"] == 1.0
    assert (result.loc["01", ["rang_p05", "rang_p95"]] == 1).all()
    # B and C trade places depending on weights; neither is ever first.
    assert result.loc[["02", "03"], "p_top_k"].tolist() == [0.0, 0.0]
    assert result.loc["03", "rang_p05"] == 2 and result.loc["02", "rang_p95"] == 3
    assert monte_carlo(ranking, top_k=3, draws=50)["p_top_k"].eq(1.0).all()


def test_monte_carlo_is_reproducible_with_its_seed():
    ranking = rank_territories(three_territories(), [X, Y], WEIGHTS, "topsis")
    pd.testing.assert_frame_equal(monte_carlo(ranking, top_k=1, seed=5), monte_carlo(ranking, top_k=1, seed=5))


def test_leave_one_out_ranks_by_the_remaining_criterion():
    ranking = rank_territories(three_territories(), [X, Y], WEIGHTS)
    ranks = leave_one_out(ranking)
    # Without x only y counts (B best, then C, then A); without y only x counts (C, B, A).
    assert ranks["x"].to_dict() == {"02": 1, "03": 2, "01": 3}
    assert ranks["y"].to_dict() == {"03": 1, "02": 2, "01": 3}
    single = rank_territories(three_territories(), [X], pd.Series({"x": 1.0}))
    assert leave_one_out(single).columns.empty


def test_nearest_to_a_pilot_and_to_the_pilots_mean():
    # Normalised (higher is better): P (1, 1), Q (1, 0.5), R (0, 0), S (0.7, 1).
    frame = pd.DataFrame(
        {"nom": list("PQRS"), "x": [10.0, 10.0, 0.0, 7.0], "y": [0.0, 5.0, 10.0, 0.0]}, index=["15", "16", "17", "18"]
    )
    ranking = rank_territories(frame, [X, Y], pd.Series({"x": 0.5, "y": 0.5}))
    close = nearest(ranking, ["15"], [X, Y], count=2)
    assert list(close.index) == ["18", "16"]
    assert close["distance"].tolist() == pytest.approx([0.3, 0.5])
    assert close["ecart_principal"].tolist() == [
        "Libellé x (100\u00a0% de l'écart)",
        "Libellé y (100\u00a0% de l'écart)",
    ]
    np.testing.assert_allclose(close[["part_x", "part_y"]].sum(axis=1), 1.0)
    # The mean of P and R is (0.5, 0.5): Q is at 0.5, S at sqrt(0.2² + 0.5²).
    mean = nearest(ranking, ["15", "17"], [X, Y])
    assert list(mean.index) == ["16", "18"]
    assert mean["distance"].tolist() == pytest.approx([0.5, np.hypot(0.2, 0.5)])
    assert mean.loc["18", "ecart_principal"] == "Libellé y (86\u00a0% de l'écart)"
    with pytest.raises(ValueError, match="Aucun territoire de référence"):
        nearest(ranking, ["99"], [X, Y])


def test_ranks_under_presets_reports_each_preset_without_tuning():
    from emile.config import ScoringSettings
    from emile.geography import Origins
    from emile.scoring.audit import ranks_under_presets

    settings = ScoringSettings.model_validate(
        {
            "presets": {
                "emploi": {"libelle": "Emploi d'abord", "poids": {"emploi": 2, "logement": 1}},
                "logement": {"libelle": "Logement d'abord", "poids": {"emploi": 1, "logement": 2}},
            }
        }
    )
    # Emploi d'abord: x 2/3, y 1/3 → C 0.833, B 0.667. Logement d'abord: B 0.833, C 0.667.
    table = ranks_under_presets(three_territories(), [X, Y], settings, Origins(frozenset({"01"})), ["02", "03", "99"])
    expected = pd.DataFrame(
        {"Emploi d'abord": [2.0, 1.0, np.nan, 2.0], "Logement d'abord": [1.0, 2.0, np.nan, 2.0]},
        index=["02", "03", "99", "classés"],
    )
    pd.testing.assert_frame_equal(table, expected)


def test_detail_shows_the_range_secrecy_leaves_around_a_criterion():
    frame = three_territories()
    frame["x__min"], frame["x__max"] = frame["x"] - 5, frame["x"] + 5
    ranking = rank_territories(frame, [X, Y], WEIGHTS)
    table = detail(ranking, "02", [X, Y])
    assert table["Fourchette (secret)"].tolist()[1] == ""  # y has no range
    assert table["Fourchette (secret)"].tolist()[0].startswith("entre 15")
    assert ranking.table.loc["02", "x"] == 20.0  # the ranking itself uses the share, not a bound
