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
from emile.config import ProgrammeConfig
from emile.placements.aggregates import Publication, publish
from emile.placements.store import Store
from emile.scoring.ranking import Origins, Ranking, rank_territories
from emile.scoring.settings import Preset, ScoringSettings, parse_settings
from emile.scoring.weights import effective_weights


@dataclass(frozen=True)
class PlacementSource:
    """The public (suppressed) placement tables and what they are: ``None`` when the store holds no household."""

    publication: Publication | None
    fictitious: bool
    threshold: int


def public_placements(store: Store, communes: pd.DataFrame, threshold: int) -> PlacementSource:
    """What the public may see of the placement store: aggregates of the real records, or of the fictitious demo
    cohort (flagged) when there is no real record, with every count below ``threshold`` suppressed."""
    demo = store.shows_demo()
    if not demo and not store.has_real_records():
        return PlacementSource(None, False, threshold)
    places = communes[["code", "nom", "departement", "lon", "lat"]]
    return PlacementSource(publish(store.households(demo=demo), places, threshold=threshold), demo, threshold)


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
    settings: ScoringSettings
    preset: Preset
    ranking: Ranking
    criteria: tuple[indicators.Indicator, ...]
    placements: PlacementSource


def scorable_criteria(frame: pd.DataFrame) -> list[indicators.Indicator]:
    """Every département indicator of the snapshot that has a direction, weighted equally within its theme by default
    (the same criteria the Classement page starts from)."""
    return [i for i in indicators.for_level("departement") if i.higher_is_better is not None and i.id in frame]


def rank_under_preset(
    frame: pd.DataFrame, config: ProgrammeConfig, settings: ScoringSettings, preset: Preset
) -> tuple[Ranking, list[indicators.Indicator]]:
    criteria = scorable_criteria(frame)
    weights = effective_weights(criteria, preset.theme_weights, {})
    origins = Origins(
        frozenset(config.territoires.origines.departements), frozenset(e.code for e in config.territoires.origines.epci)
    )
    return rank_territories(frame, criteria, weights, settings.method, settings.normalisation, origins), criteria


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
    settings = parse_settings(config.section("scoring"))
    presets = {p.id: p for p in settings.presets}
    preset = presets[preset_id] if preset_id else settings.presets[0]
    frame = snapshot.load_indicators("departement", root)
    ranking, criteria = rank_under_preset(frame, config, settings, preset)
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
        settings=settings,
        preset=preset,
        ranking=ranking,
        criteria=tuple(criteria),
        placements=placements,
    )
