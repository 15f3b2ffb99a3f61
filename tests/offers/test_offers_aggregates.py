"""Public aggregates of offers and the structural capacity: only offers that count today are counted, no published
count is under the threshold, no small count can be worked out from the published ones (cells linking départements
and bassins included), freshness figures never reveal a small count, and capacity stays apart from offers."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from emile.offers.aggregates import publish
from emile.offers.capacity import lower_bound_text, structural_capacity
from emile.placements.privacy import Constraint, determined_cells, publishable, suppress

TODAY = dt.date(2025, 6, 30)
THRESHOLD = 5
# Two départements; bassin « A » lies in 15 only, « B » across 15 and 43, « C » in 43 only.
PLACES = pd.DataFrame(
    {
        "departement": ["15", "15", "15", "43", "43"],
        "bassin": ["A", "A", "B", "B", "C"],
        "lon": [2.4, 2.5, 3.0, 3.9, 3.8],
        "lat": [44.9, 45.0, 45.0, 45.1, 45.2],
    },
    index=pd.Index(["15014", "15020", "15187", "43157", "43040"], name="code"),
)


def offers(spec: dict[str, int], **columns) -> pd.DataFrame:
    """``spec``: commune → number of open housing offers (T3, created 10 days ago, expiring in 60 days)."""
    communes = [code for code, n in spec.items() for _ in range(n)]
    frame = pd.DataFrame(
        {
            "commune": communes,
            "typology": "T3",
            "status": "disponible",
            "expires_on": pd.Timestamp(TODAY) + pd.Timedelta(days=60),
            "created_on": pd.Timestamp(TODAY) - pd.Timedelta(days=10),
        }
    )
    return frame.assign(**columns)


def test_a_departement_split_into_bassins_cannot_reveal_a_small_bassin():
    """Département 15 holds bassins A and B whole: with B small, 15 − A must not give it away."""
    counts = {"T": 20, ("d", "15"): 15, ("d", "43"): 5, ("b", "A"): 12, ("b", "B"): 3, ("b", "C"): 5}
    cells = {("x", "15", "A"): 12, ("x", "15", "B"): 3, ("x", "43", "C"): 5}
    constraints = [
        Constraint("T", (("d", "15"), ("d", "43"))),
        Constraint("T", (("b", "A"), ("b", "B"), ("b", "C"))),
        Constraint(("d", "15"), (("x", "15", "A"), ("x", "15", "B"))),
        Constraint(("d", "43"), (("x", "43", "C"),)),
        Constraint(("b", "A"), (("x", "15", "A"),)),
        Constraint(("b", "B"), (("x", "15", "B"),)),
        Constraint(("b", "C"), (("x", "43", "C"),)),
    ]
    all_counts = {**counts, **cells}
    hidden = suppress(all_counts, constraints, THRESHOLD, unpublished=list(cells))
    assert ("b", "B") in hidden
    small = {key for key, n in all_counts.items() if 0 < n < THRESHOLD}
    assert not small & set(determined_cells(hidden, constraints))
    # Without the linking cells the page would publish 15 and A, and 15 − 12 = 3 would give B away.
    naive = suppress(counts, constraints[:2], THRESHOLD)
    assert not {("d", "15"), ("b", "A")} & naive


def test_a_large_bassin_inside_one_departement_stays_published():
    counts = {"T": 30, ("d", "15"): 30, ("b", "A"): 18, ("b", "B"): 12, ("x", "A"): 18, ("x", "B"): 12}
    constraints = [
        Constraint("T", (("d", "15"),)),
        Constraint("T", (("b", "A"), ("b", "B"))),
        Constraint(("d", "15"), (("x", "A"), ("x", "B"))),
        Constraint(("b", "A"), (("x", "A"),)),
        Constraint(("b", "B"), (("x", "B"),)),
    ]
    published, _ = publishable(counts, constraints, THRESHOLD, unpublished=[("x", "A"), ("x", "B")])
    assert published == {"T": 30, ("d", "15"): 30, ("b", "A"): 18, ("b", "B"): 12}


def test_only_offers_that_count_today_are_counted():
    frame = pd.concat(
        [
            offers({"15014": 6}),
            offers({"15014": 2}, status="reserve"),
            offers({"15014": 3}, expires_on=pd.Timestamp(TODAY) - pd.Timedelta(days=1)),
            offers({"15014": 1}, status="propose"),
        ],
        ignore_index=True,
    )
    publication = publish("logement", frame, PLACES, threshold=0, today=TODAY)
    assert publication.total == 7
    assert publication.by_departement.set_index("departement").loc["15", "T3"] == 7


def test_freshness_is_given_only_when_it_reveals_no_small_count():
    soon = pd.Timestamp(TODAY) + pd.Timedelta(days=20)
    frame = pd.concat([offers({"15014": 9}), offers({"15020": 1}, expires_on=soon)], ignore_index=True)
    hidden_share = publish("logement", frame, PLACES, threshold=THRESHOLD, today=TODAY).by_departement
    row = hidden_share.set_index("departement").loc["15"]
    assert row["offres"] == 10 and pd.isna(row["part_expirant_30j"]) and row["age_median_jours"] == 10
    frame = pd.concat([offers({"15014": 5}), offers({"15020": 5}, expires_on=soon)], ignore_index=True)
    shown = publish("logement", frame, PLACES, threshold=THRESHOLD, today=TODAY).by_departement
    assert shown.set_index("departement").loc["15", "part_expirant_30j"] == 0.5


def test_job_families_and_contracts_are_published_under_the_same_rules():
    frame = offers({"15014": 7, "43157": 6}).drop(columns="typology")
    frame["fap"] = ["V0Z60"] * 5 + ["T4Z60"] * 2 + ["V0Z60"] * 6
    frame["contract"] = "cdi"
    publication = publish("emploi", frame, PLACES, threshold=THRESHOLD, today=TODAY)
    families = publication.by_family.set_index(["departement", "fap"])["offres"]
    # 2 T4Z60 are too few; 11 V0Z60 would give them away as 13 − 11, and 5 in Cantal as 7 − 5.
    assert families.isna().sum() == 4 and families[("43", "V0Z60")] == 6
    assert publication.total == 13 and publication.by_departement["offres"].tolist() == [7, 6]
    assert publication.by_category.set_index("contract").loc["cdi", "offres"] == 13


@st.composite
def offer_sets(draw):
    communes = draw(st.lists(st.sampled_from(list(PLACES.index)), min_size=1, max_size=60))
    typologies = draw(
        st.lists(st.sampled_from(["T1", "T2", "T3", "T4"]), min_size=len(communes), max_size=len(communes))
    )
    return pd.DataFrame(
        {
            "commune": communes,
            "typology": typologies,
            "status": "disponible",
            "expires_on": pd.Timestamp(TODAY) + pd.Timedelta(days=90),
            "created_on": pd.Timestamp(TODAY),
        }
    )


@hypothesis_settings(max_examples=60, deadline=None)
@given(offer_sets())
def test_no_published_offer_count_is_small(frame):
    publication = publish("logement", frame, PLACES, threshold=THRESHOLD, today=TODAY)
    tables = [publication.by_departement, publication.by_bassin, publication.by_category]
    values = [v for t in tables for c in ("offres", "T1", "T2", "T3", "T4") if c in t for v in t[c].dropna()]
    assert all(v == 0 or v >= THRESHOLD for v in values)
    if publication.total is not None:
        assert publication.total == 0 or publication.total >= THRESHOLD


def test_lower_bounds_and_missing_values_are_said_in_words():
    assert lower_bound_text(1234.0, 0) == "1\u202f234"
    assert lower_bound_text(86.0, 36) == "au moins 86"
    assert lower_bound_text(np.nan, 3) == "secret statistique"
    assert lower_bound_text(None, 0) == "non disponible"


def test_structural_capacity_never_adds_registered_offers():
    bassins = pd.DataFrame(
        {
            "nom": ["AURILLAC", "SAINT FLOUR"],
            "departement": ["15", "15"],
            "rpls_logements_sociaux": [4412.0, 948.0],
            "rpls_logements_vacants": [86.0, 33.0],
            "rpls_logements_vacants__secret": [36, 0],
        },
        index=pd.Index(["8450", "8451"], name="code"),
    )
    projects = pd.DataFrame(
        {
            "bassin": ["8450", "8450", "8451"],
            "fap": ["V0Z60", "S1Z40", "V0Z60"],
            "libelle": ["Aides-soignants", "Cuisiniers", "Aides-soignants"],
            "projets_difficiles": [139.0, np.nan, 40.0],
            "secret": [0, 1, 0],
        }
    )
    empty = structural_capacity(bassins, projects, with_housing=set(), with_jobs=set())
    busy = structural_capacity(bassins, projects, with_housing={"8450"}, with_jobs={"8450", "8451"})
    figures = ["logements_sociaux_vacants", "projets_difficiles", "cellules_secretes", "familles_principales"]
    pd.testing.assert_frame_equal(empty[figures], busy[figures])
    row = busy.set_index("bassin").loc["8450"]
    assert (row["projets_difficiles"], row["cellules_secretes"]) == (139.0, 1)
    assert row["familles_principales"] == "Aides-soignants (139)"
    assert busy["offres_logement_enregistrees"].tolist() == [True, False]


@pytest.mark.parametrize("threshold", [0, THRESHOLD])
def test_an_empty_store_publishes_nothing_but_zeros(threshold):
    publication = publish("logement", offers({}), PLACES, threshold=threshold, today=TODAY)
    assert publication.total == 0 and publication.by_departement.empty and publication.hidden_cells == 0
