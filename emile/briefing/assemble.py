"""Assemble the ``Briefing`` of one département from a loaded ``BriefingContext``."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from emile import geography, indicators, snapshot
from emile.briefing.context import BriefingContext
from emile.briefing.figures import key_figure, theme_figures
from emile.briefing.model import Briefing, OccupationTable, PlacementFacts, SourceLine, ThemeFigures
from emile.briefing.occupations import top_occupations
from emile.briefing.score import score_summary
from emile.briefing.territory_map import DEFAULT_HEADLINE, briefing_map
from emile.placements.public import PlacementSource

GEOGRAPHY_SOURCE = "geographie"
# Département populations are INSEE estimates, while the catalogue entry names the communal census it shares with
# the commune level: the sheet cites both.
POPULATION_SOURCES = ("population_departements", "population_communes")


def placement_facts(source: PlacementSource, code: str) -> PlacementFacts:
    """Installed households and people in ``code`` from the public tables. A département with no installed
    household has no row there: that is a true zero, not a hidden count."""
    publication = source.publication
    published_on = source.published_at.date() if source.published_at else None
    if publication is None:
        return PlacementFacts(
            None, None, source.threshold, source.fictitious, recorded=False, unavailable=bool(source.unavailable)
        )
    rows = publication.by_departement.set_index("departement")
    if code not in rows.index:
        return PlacementFacts(0, 0, source.threshold, source.fictitious, recorded=True, published_on=published_on)
    households, people = rows.at[code, "households"], rows.at[code, "people"]
    return PlacementFacts(
        households=None if pd.isna(households) else int(households),
        people=None if pd.isna(people) else int(people),
        threshold=source.threshold,
        fictitious=source.fictitious,
        recorded=True,
        published_on=published_on,
    )


def source_lines(manifest: dict, source_ids: Iterable[str]) -> tuple[SourceLine, ...]:
    """One line per source, in order of first use, read from the snapshot's manifest (geography included)."""
    lines = []
    for source_id in dict.fromkeys(source_ids):
        if source_id == GEOGRAPHY_SOURCE:
            entry = manifest["geographie"]
            lines.append(
                SourceLine(
                    source_id,
                    entry["editeur"],
                    "Contours et populations des communes",
                    f"{entry['paquet']} {entry['version']}",
                    entry["licence"],
                    entry["page"],
                )
            )
            continue
        entry = manifest["sources"][source_id]
        lines.append(
            SourceLine(source_id, entry["editeur"], entry["titre"], entry["millesime"], entry["licence"], entry["page"])
        )
    return tuple(lines)


def _used_sources(
    themes: tuple[ThemeFigures, ...], occupations: OccupationTable, context: BriefingContext, headline: str
) -> list[str]:
    ids = list(POPULATION_SOURCES)
    ids += [figure.source_id for theme in themes for figure in theme.figures]
    ids += [f"bmo_{year}" for year in (occupations.year, occupations.previous_year) if year is not None]
    ids += [criterion.source_id for criterion in context.criteria]
    ids += [indicators.get(headline).source_id, GEOGRAPHY_SOURCE]
    return [i for i in ids if i == GEOGRAPHY_SOURCE or i in context.manifest["sources"]]


def build_briefing(context: BriefingContext, code: str, headline: str = DEFAULT_HEADLINE) -> Briefing:
    """The briefing of département ``code``; KeyError when the snapshot does not know it."""
    frame = context.departement_indicators
    shapes = context.departements.set_index("code")
    if code not in shapes.index:
        raise KeyError(f"Département inconnu : {code}")
    region_of = shapes["region"]
    region_code = str(region_of[code])
    status = geography.departement_status(context.config, code)
    themes = theme_figures(frame, region_of, code)
    occupations = top_occupations(context.bmo, code)
    population = key_figure(frame, region_of, code, "population")
    return Briefing(
        code=code,
        name=str(shapes.at[code, "nom"]),
        region_code=region_code,
        region_name=str(context.regions.get(region_code, region_code)),
        population=population,
        population_trend=key_figure(frame, region_of, code, "population_evolution_annuelle"),
        status=status,
        status_label=geography.STATUS_LABELS[status.status],
        snapshot_date=snapshot.build_date(context.manifest),
        themes=themes,
        occupations=occupations,
        score=score_summary(context.ranking, code, context.criteria, context.preset.label),
        placements=placement_facts(context.placements, code),
        map=briefing_map(
            code, context.communes, context.commune_indicators, context.departements, context.config, headline
        ),
        sources=source_lines(context.manifest, _used_sources(themes, occupations, context, headline)),
    )
