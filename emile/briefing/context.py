"""Everything a batch of briefings reads, loaded once: snapshot tables, configuration, the ranking under the chosen
preset and the public placement aggregates. Building forty sheets then costs forty lookups, not forty reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from emile import geography, indicators, snapshot
from emile.config import Preset, ProgrammeConfig
from emile.placements.public import PlacementSource
from emile.scoring.ranking import Ranking, rank_territories
from emile.scoring.weights import effective_weights


@dataclass(frozen=True)
class BriefingContext:
    config: ProgrammeConfig
    manifest: dict[str, Any]
    departement_indicators: pd.DataFrame
    commune_indicators: pd.DataFrame
    communes: gpd.GeoDataFrame
    departements: gpd.GeoDataFrame
    regions: pd.Series
    bmo: pd.DataFrame
    preset: Preset
    ranking: Ranking
    criteria: tuple[indicators.Indicator, ...]
    placements: PlacementSource


def rank_under_preset(
    frame: pd.DataFrame, config: ProgrammeConfig, preset: Preset
) -> tuple[Ranking, list[indicators.Indicator]]:
    """Every scorable département indicator, weighted equally within its theme under ``preset``: the same
    starting point as the Classement page."""
    criteria = indicators.scorable("departement", frame.columns)
    weights = effective_weights(criteria, preset.theme_weights, {})
    settings = config.scoring
    ranking = rank_territories(
        frame, criteria, weights, settings.method, settings.normalisation, geography.origins(config)
    )
    return ranking, criteria


def load_context(
    config: ProgrammeConfig,
    placements: PlacementSource,
    preset_id: str | None = None,
    root: Path | None = None,
    *,
    communes: gpd.GeoDataFrame | None = None,
    departements: gpd.GeoDataFrame | None = None,
) -> BriefingContext:
    """Read the snapshot (``root`` or the default folder) and rank départements under ``preset_id`` (default: the
    first preset of config.toml). Already-loaded geometry tables may be passed in to avoid reading them twice."""
    preset = config.scoring.presets[preset_id or config.scoring.default_preset_id]
    frame = snapshot.load_indicators("departement", root)
    ranking, criteria = rank_under_preset(frame, config, preset)
    regions = geography.load_regions(root)
    return BriefingContext(
        config=config,
        manifest=snapshot.load_manifest(root),
        departement_indicators=frame,
        commune_indicators=snapshot.load_indicators("commune", root),
        communes=communes if communes is not None else geography.load_communes(root),
        departements=departements if departements is not None else geography.load_departements(root),
        regions=regions.set_index("code")["nom"],
        bmo=snapshot.load_table("bmo_metiers", root),
        preset=preset,
        ranking=ranking,
        criteria=tuple(criteria),
        placements=placements,
    )
