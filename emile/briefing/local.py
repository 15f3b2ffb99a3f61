"""The sheet of a commune or an EPCI (« Fiche territoire » for local elected officials): what it says, as plain
frozen data, and how it is assembled from a ``LocalContext`` read once.

The page and the PDF render one ``LocalBriefing``, built from the same parts as the département's ``Briefing``
(``OccupationTable`` of the BMO métiers, ``ScoreSummary`` of a ranking, ``SourceLine`` of the manifest) and the
project's one median (``emile.medians.Median``, never computed from fewer than five values). Figures are the
snapshot's: a missing or secret value stays ``None`` and is written out as such; counts of offers are the published,
suppressed ones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import pandas as pd

from emile import geography, indicators, snapshot
from emile.briefing.assemble import GEOGRAPHY_SOURCE, source_lines
from emile.briefing.model import OccupationTable, ScoreSummary, SourceLine
from emile.briefing.occupations import top_occupations
from emile.briefing.score import score_summary
from emile.config import Preset, ProgrammeConfig
from emile.formatting import number
from emile.indicators.bounds import bounds_at
from emile.medians import Median, median
from emile.offers.aggregates import OfferPublication
from emile.offers.places import commune_places
from emile.place_names import official_spellings, proper_name
from emile.scoring.ranking import Ranking, rank_territories, within_departements
from emile.scoring.similarity import nearest
from emile.scoring.weights import effective_weights

Kind = Literal["commune", "epci"]
KIND_LABELS = {"commune": "Commune", "epci": "EPCI"}
# The figures of each theme, per kind of territory, in reading order; ids absent from the snapshot are skipped.
KEY_FIGURES: dict[Kind, dict[str, tuple[str, ...]]] = {
    "commune": {
        "emploi": ("chomage_zone_emploi", "demandeurs_emploi", "demandeurs_emploi_pour_1000_hab"),
        "logement": (
            "lovac_vacants",
            "lovac_taux_vacance",
            "rpls_logements_sociaux",
            "rpls_logements_vacants",
            "rpls_taux_vacance",
            "loyer_m2",
        ),
        "services": (
            "distance_pharmacie_km",
            "distance_ecole_km",
            "distance_grande_surface_km",
            "distance_gare_km",
            "distance_france_services_km",
        ),
    },
    "epci": {
        "emploi": (),
        "logement": (
            "lovac_vacants",
            "lovac_taux_vacance",
            "rpls_logements_sociaux",
            "rpls_logements_vacants",
            "rpls_taux_vacance",
            "loyer_m2",
        ),
        "services": (
            "part_pop_pharmacie_plus_5km",
            "part_pop_ecole_plus_5km",
            "part_pop_grande_surface_plus_10km",
            "part_pop_gare_plus_10km",
            "part_pop_france_services_plus_10km",
        ),
    },
}
NO_EMPLOI_BY_EPCI = (
    "Aucun chiffre d'emploi n'est publié par EPCI : voir les métiers recherchés de son bassin d'emploi ci-dessous."
)
# Size classes by population (upper bounds, inhabitants): similar territories are looked for in the same class.
SIZE_CLASSES: dict[Kind, tuple[int, ...]] = {
    "commune": (500, 2_000, 5_000, 20_000, 100_000),
    "epci": (15_000, 30_000, 50_000, 100_000, 300_000),
}
SIMILAR_COUNT = 5
OFFER_KINDS = {"logement": "logements", "emploi": "emplois"}


@dataclass(frozen=True)
class LocalFigure:
    """One indicator of the territory, beside one median per column of ``LocalBriefing.median_labels``.
    ``secret_cells`` counts the communes or cells withheld from a sum (the value is then a lower bound)."""

    indicator_id: str
    label: str
    unit: str
    vintage: str
    source_id: str
    value: float | None
    medians: tuple[Median, ...]
    secret_cells: int = 0
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class LocalTheme:
    theme: str
    label: str
    figures: tuple[LocalFigure, ...]
    note: str = ""


@dataclass(frozen=True)
class LocalRank:
    """The territory's place among ``scope`` (« EPCI du Cantal », « EPCI de France »)."""

    scope: str
    summary: ScoreSummary


@dataclass(frozen=True)
class SimilarTerritory:
    code: str
    name: str
    departement: str
    population: float | None
    difference: str  # the criterion that tells it apart most, with its share of the distance


@dataclass(frozen=True)
class OfferFacts:
    """Offers published in an area (the commune's bassin or département): ``None`` where the count is hidden by
    the suppression rules, 0 when none is registered."""

    area: str
    counts: tuple[tuple[str, int | None], ...]
    fictitious: bool


@dataclass(frozen=True)
class LocalBriefing:
    kind: Kind
    code: str
    name: str
    nature: str  # « Commune », « Communauté de communes »…
    departement_code: str
    departement_name: str
    parent: str  # the commune's EPCI, or the EPCI's communes and départements, in French
    snapshot_date: date
    population: LocalFigure
    population_trend: LocalFigure
    median_labels: tuple[str, ...]  # « EPCI », « département », « France »: where the compared territories are
    themes: tuple[LocalTheme, ...]
    bassin: str
    occupations: OccupationTable
    ranks: tuple[LocalRank, ...]
    offers: tuple[OfferFacts, ...]
    size_class: str
    similar: tuple[SimilarTerritory, ...]
    similar_note: str
    sources: tuple[SourceLine, ...]

    @property
    def title(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def peers(self) -> str:
        """What the medians are taken over: « communes », « EPCI »."""
        return "communes" if self.kind == "commune" else "EPCI"


@dataclass(frozen=True)
class LocalContext:
    """Everything sheets read, loaded once: a batch of sheets then costs lookups, not reads. Rankings are computed
    the first time a scope is asked for and kept (``_rankings``)."""

    config: ProgrammeConfig
    manifest: dict[str, Any]
    tables: dict[str, pd.DataFrame]  # commune and epci indicator tables
    communes: pd.DataFrame  # code (index), nom, departement, epci, population, bassin
    departement_names: pd.Series
    bassin_names: pd.Series
    bmo: pd.DataFrame
    preset: Preset
    offers: dict[str, OfferPublication] = field(default_factory=dict)
    fictitious_offers: bool = False
    _rankings: dict[tuple[str, str], tuple[Ranking, list[indicators.Indicator]]] = field(default_factory=dict)

    def ranking(self, kind: Kind, scope: str, frame: pd.DataFrame) -> tuple[Ranking, list[indicators.Indicator]]:
        """The ranking of ``frame`` (territories of ``kind`` in ``scope``) under the context's preset, with every
        scorable criterion weighted equally within its theme: the Classement's starting point."""
        key = (kind, scope)
        if key not in self._rankings:
            criteria = indicators.scorable(kind, frame.columns)
            weights = effective_weights(criteria, self.preset.theme_weights, {})
            settings = self.config.scoring
            ranking = rank_territories(
                frame, criteria, weights, settings.method, settings.normalisation, geography.origins(self.config)
            )
            self._rankings[key] = (ranking, criteria)
        return self._rankings[key]


def load_local_context(
    config: ProgrammeConfig,
    preset_id: str | None = None,
    root: Path | None = None,
    *,
    communes: gpd.GeoDataFrame | None = None,
    offers: dict[str, OfferPublication] | None = None,
    fictitious_offers: bool = False,
) -> LocalContext:
    """Read the snapshot (``root`` or the default folder) once. ``offers`` are the public publications by kind
    (« logement », « emploi »), already suppressed; left out, the sheet says none is published."""
    communes = communes if communes is not None else geography.load_communes(root)
    bassins = snapshot.load_geotable("bassins", root)
    places = commune_places(communes, bassins)
    spellings = official_spellings(communes["nom"])
    table = communes.set_index("code")[["nom", "departement", "epci", "population"]]
    return LocalContext(
        config=config,
        manifest=snapshot.load_manifest(root),
        tables={kind: snapshot.load_indicators(kind, root) for kind in KIND_LABELS},
        communes=table.assign(bassin=places["bassin"].reindex(table.index)),
        departement_names=geography.load_departements(root).set_index("code")["nom"],
        bassin_names=bassins.set_index("code")["nom"].map(lambda name: proper_name(name, spellings)),
        bmo=snapshot.load_table("bmo_metiers", root),
        preset=config.scoring.presets[preset_id or config.scoring.default_preset_id],
        offers=dict(offers or {}),
        fictitious_offers=fictitious_offers,
    )


def level_vintage(vintage: str) -> str:
    """The communal part of a catalogue vintage that names one per level: ``LOVAC 2024 (départements) ;
    01/01/2021 (communes, bassins d'emploi, EPCI)`` → ``01/01/2021``."""
    for part in vintage.split(" ; "):
        if "(communes" in part:
            return part.split(" (")[0].strip()
    return vintage


def _value(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _figure(table: pd.DataFrame, code: str, indicator_id: str, peers: Sequence[pd.Index]) -> LocalFigure:
    indicator = indicators.get(indicator_id)
    column = pd.to_numeric(table[indicator_id], errors="coerce")
    secret_column = f"{indicator_id}__secret"
    secret = table.at[code, secret_column] if secret_column in table else 0
    low, high = bounds_at(table, code, indicator_id)
    return LocalFigure(
        indicator_id=indicator_id,
        label=indicator.label,
        unit=indicator.unit,
        vintage=level_vintage(indicator.vintage),
        source_id=indicator.source_id,
        value=_value(column.get(code)),
        medians=tuple(median(column.reindex(index)) for index in peers),
        secret_cells=0 if pd.isna(secret) or math.isclose(float(secret), 0) else int(secret),
        low=low,
        high=high,
    )


def _peers(context: LocalContext, kind: Kind, code: str) -> tuple[tuple[str, ...], tuple[pd.Index, ...]]:
    """The groups each figure is set beside: the commune's EPCI, département and France; the EPCI's département
    and France."""
    table = context.tables[kind]
    departement = str(table.at[code, "departement"])
    in_departement = table.index[table["departement"] == departement]
    if kind == "commune":
        epci = context.communes.at[code, "epci"]
        in_epci = context.communes.index[context.communes["epci"] == epci] if pd.notna(epci) else pd.Index([])
        return ("EPCI", "département", "France"), (in_epci, in_departement, table.index)
    return ("département", "France"), (in_departement, table.index)


def _themes(context: LocalContext, kind: Kind, code: str, peers: tuple[pd.Index, ...]) -> tuple[LocalTheme, ...]:
    table = context.tables[kind]
    themes = []
    for theme, ids in KEY_FIGURES[kind].items():
        figures = tuple(_figure(table, code, i, peers) for i in ids if i in table)
        note = NO_EMPLOI_BY_EPCI if kind == "epci" and theme == "emploi" else ""
        themes.append(LocalTheme(theme, indicators.THEME_LABELS[theme], figures, note))
    return tuple(themes)


def main_bassin(context: LocalContext, kind: Kind, code: str) -> str | None:
    """The commune's bassin d'emploi (that of its town hall), or the EPCI's: the one most of its people live in."""
    communes = context.communes
    if kind == "commune":
        bassin = communes.at[code, "bassin"]
        return None if pd.isna(bassin) else str(bassin)
    own = communes[(communes["epci"] == code) & communes["bassin"].notna()]
    if own.empty:
        return None
    return str(own["population"].astype("float64").fillna(0).groupby(own["bassin"]).sum().idxmax())


def _ranks(context: LocalContext, kind: Kind, code: str) -> tuple[LocalRank, ...]:
    table = context.tables[kind]
    departement = str(table.at[code, "departement"])
    name = context.departement_names.get(departement, departement)
    plural = "Communes" if kind == "commune" else "EPCI"
    scopes = [
        (f"{plural} du département ({name})", departement, within_departements(table, [departement])),
        (f"{plural} de France", "FR", table),
    ]
    ranks = []
    for label, scope, frame in scopes:
        ranking, criteria = context.ranking(kind, scope, frame)
        ranks.append(LocalRank(label, score_summary(ranking, code, criteria, context.preset.label)))
    return tuple(ranks)


def size_class(kind: Kind, population: float | None) -> tuple[int, int | None] | None:
    """The bounds [low, high) of the class ``population`` falls in (high None for the largest class)."""
    if population is None:
        return None
    bounds = (0, *SIZE_CLASSES[kind], None)
    for low, high in zip(bounds[:-1], bounds[1:], strict=True):
        if high is None or population < high:
            return low, high
    return None


def size_class_text(bounds: tuple[int, int | None] | None, kind: Kind) -> str:
    plural = "communes" if kind == "commune" else "EPCI"
    if bounds is None:
        return f"{plural} de taille inconnue"
    low, high = bounds
    if high is None:
        return f"{plural} de {number(low)} habitants ou plus"
    if low == 0:
        return f"{plural} de moins de {number(high)} habitants"
    return f"{plural} de {number(low)} à {number(high)} habitants"


def _similar(
    context: LocalContext, kind: Kind, code: str, population: float | None
) -> tuple[str, tuple[SimilarTerritory, ...], str]:
    """Territories of the same size class nearest on the ranking's criteria, each with the criterion that tells it
    apart most (``emile.scoring.similarity.nearest``)."""
    bounds = size_class(kind, population)
    label = size_class_text(bounds, kind)
    if bounds is None:
        return label, (), "Population inconnue : pas de comparaison par taille."
    table = context.tables[kind]
    people = pd.to_numeric(table["population"], errors="coerce")
    low, high = bounds
    in_class = table[(people >= low) & ((people < high) if high is not None else True)]
    ranking, criteria = context.ranking(kind, f"taille-{low}", in_class)
    if code not in ranking.normalised.index:
        reason = ranking.excluded["motif"].get(code, "absent des données")
        return label, (), f"Pas de comparaison : le territoire n'est pas classé ({reason})."
    found = nearest(ranking, [code], criteria, SIMILAR_COUNT)
    similar = tuple(
        SimilarTerritory(
            other,
            str(row.nom),
            str(table.at[other, "departement"]),
            _value(people.get(other)),
            str(row.ecart_principal),
        )
        for other, row in zip(found.index, found.itertuples(index=False), strict=True)
    )
    note = (
        f"Les plus proches sur les {len(criteria)} critères du classement (valeurs normalisées, sans pondération), "
        f"parmi {number(len(ranking.table))} {label} {'classées' if kind == 'commune' else 'classés'}."
    )
    return label, similar, note


def _offers(context: LocalContext, bassin: str | None, departement: str) -> tuple[OfferFacts, ...]:
    """Published offers in the territory's bassin and département: the public tables, already suppressed."""
    if not context.offers:
        return ()
    areas = []
    if bassin is not None:
        areas.append((f"Bassin d'emploi {context.bassin_names.get(bassin, bassin)}", "by_bassin", "bassin", bassin))
    name = context.departement_names.get(departement, departement)
    areas.append((f"Département {name}", "by_departement", "departement", departement))
    facts = []
    for area, attribute, column, code in areas:
        counts = []
        for kind, label in OFFER_KINDS.items():
            publication = context.offers.get(kind)
            if publication is None:
                continue
            rows = getattr(publication, attribute).set_index(column)["offres"]
            value = rows.get(code, 0)  # no row: no offer registered there, a true zero
            counts.append((label, None if pd.isna(value) else int(value)))
        facts.append(OfferFacts(area, tuple(counts), context.fictitious_offers))
    return tuple(facts)


def _parent(context: LocalContext, kind: Kind, code: str) -> str:
    if kind == "commune":
        epci = context.communes.at[code, "epci"]
        if pd.isna(epci):
            return "Commune membre d'aucun EPCI (île exemptée par la loi)"
        name = context.tables["epci"]["nom"].get(epci, epci)
        return f"Membre de {name} (EPCI {epci})"
    members = int((context.communes["epci"] == code).sum())
    spans = str(context.tables["epci"].at[code, "departements"]).replace(",", ", ")
    return f"{number(members)} communes · département{'s' if ',' in spans else ''} {spans}"


# The catalogue names the département file of LOVAC; communes and EPCI figures add up its commune file.
LOCAL_SOURCE = {"lovac_departements": "lovac_communes"}


def _used_sources(context: LocalContext, themes: tuple[LocalTheme, ...], occupations: OccupationTable) -> list[str]:
    ids = ["population_communes"]
    ids += [LOCAL_SOURCE.get(figure.source_id, figure.source_id) for theme in themes for figure in theme.figures]
    ids += [f"bmo_{year}" for year in (occupations.year, occupations.previous_year) if year is not None]
    ids += ["bassins_emploi", GEOGRAPHY_SOURCE]
    return [i for i in ids if i == GEOGRAPHY_SOURCE or i in context.manifest["sources"]]


def build_local_briefing(context: LocalContext, kind: Kind, code: str) -> LocalBriefing:
    """The sheet of commune or EPCI ``code``; KeyError when the snapshot does not know it."""
    table = context.tables[kind]
    if code not in table.index:
        raise KeyError(f"{KIND_LABELS[kind]} inconnu(e) : {code}")
    labels, peers = _peers(context, kind, code)
    departement = str(table.at[code, "departement"])
    bassin = main_bassin(context, kind, code)
    occupations = top_occupations(context.bmo, bassin or "", level="bassin")
    themes = _themes(context, kind, code, peers)
    population = _figure(table, code, "population", peers)
    label, similar, note = _similar(context, kind, code, population.value)
    return LocalBriefing(
        kind=kind,
        code=code,
        name=str(table.at[code, "nom"]),
        nature="Commune" if kind == "commune" else str(table.at[code, "nature"]),
        departement_code=departement,
        departement_name=str(context.departement_names.get(departement, departement)),
        parent=_parent(context, kind, code),
        snapshot_date=snapshot.build_date(context.manifest),
        population=population,
        population_trend=_figure(table, code, "population_evolution_annuelle", peers),
        median_labels=labels,
        themes=themes,
        bassin=str(context.bassin_names.get(bassin, bassin)) if bassin else "",
        occupations=occupations,
        ranks=_ranks(context, kind, code),
        offers=_offers(context, bassin, departement),
        size_class=label,
        similar=similar,
        similar_note=note,
        sources=source_lines(context.manifest, _used_sources(context, themes, occupations)),
    )
