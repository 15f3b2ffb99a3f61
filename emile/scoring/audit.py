"""The honest check asked for in the README: where the pilots and host départements rank under each preset, with the
default method and normalisation and every scorable indicator of the snapshot, weighted equally within its theme.

Nothing is tuned: the presets are the ones in ``config.toml``. Run ``python -m emile.scoring.audit`` to print the
table in Markdown from the current snapshot.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from emile import geography, indicators, snapshot
from emile.config import ProgrammeConfig, ScoringSettings, load_config
from emile.geography import Origins
from emile.scoring.ranking import rank_territories
from emile.scoring.weights import effective_weights


def ranks_under_presets(
    frame: pd.DataFrame,
    criteria: Sequence[indicators.Indicator],
    settings: ScoringSettings,
    origins: Origins,
    codes: Sequence[str],
) -> pd.DataFrame:
    """Rank of each of ``codes`` (rows) under each preset (columns, by label); NaN when the territory is excluded.
    The last row, ``classés``, gives how many territories were ranked."""
    columns = {}
    for preset in settings.presets.values():
        weights = effective_weights(criteria, preset.theme_weights, {})
        ranking = rank_territories(frame, criteria, weights, settings.method, settings.normalisation, origins)
        ranks = ranking.table["rang"].reindex(list(codes)).astype(float)
        columns[preset.label] = pd.concat([ranks, pd.Series({"classés": float(len(ranking.table))})])
    return pd.DataFrame(columns)


def audit(config: ProgrammeConfig) -> pd.DataFrame:
    """The check on the current snapshot at département level, with territory names."""
    frame = snapshot.load_indicators("departement")
    criteria = indicators.scorable("departement", frame.columns)
    pilots, hosts = config.territories.pilots_2019, config.territories.host_codes
    codes = list(dict.fromkeys(pilots + hosts))
    table = ranks_under_presets(frame, criteria, config.scoring, geography.origins(config), codes)
    role = {
        c: ("pilote 2019" + (" et accueil 2024" if c in hosts else "")) if c in pilots else "accueil 2024"
        for c in codes
    }
    names = frame["nom"].reindex(codes)
    table.insert(0, "Territoire", [f"{c} {names.get(c, '')} ({role[c]})" for c in codes] + ["Territoires classés"])
    return table


if __name__ == "__main__":
    print(audit(load_config()).to_markdown(index=False))
