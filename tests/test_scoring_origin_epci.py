"""On the real snapshot, the Métropole de Lyon (an origin EPCI since 2024) never appears among ranked communes,
while the rest of the Rhône does."""

import pandas as pd

from emile import geography, indicators
from emile.config import load_config
from emile.scoring.ranking import rank_territories
from emile.snapshot import load_indicators


def test_lyon_metropolis_communes_are_excluded_as_origins():
    config = load_config()
    communes = load_indicators("commune")
    rhone = communes[communes["departement"] == "69"]
    criterion = indicators.get("distance_pharmacie_km")
    ranking = rank_territories(rhone, [criterion], pd.Series({criterion.id: 1.0}), origins=geography.origins(config))
    metropolis = set(rhone.index[rhone["epci"] == "200046977"])
    assert len(metropolis) == 58
    assert not metropolis & set(ranking.table.index)
    assert metropolis <= set(ranking.excluded.index)
    assert len(ranking.table) > 100  # the rest of the Rhône is still ranked
    assert not ranking.notes or not any("epci" in note for note in ranking.notes)
