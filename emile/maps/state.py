"""What the « Carte » page shows, as a small value that round-trips through the page's link (``st.query_params``).

A link such as ``?niveau=communes&dep=15&commune=15187&emploi=chomage_zone_emploi&classes=quantiles`` reopens the same
view; ``?niveau=epci&dep=15&epci=200066660`` shows the EPCI of Cantal with Saint-Flour Communauté chosen. Anything
unknown in a link (a mistyped code, an indicator of another level) falls back to the default rather than failing, and
the cleaned link is written back.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace

from emile import indicators
from emile.indicators import SCORED_THEMES
from emile.maps import classes

THEMES = SCORED_THEMES  # one map per scored theme
NATIONAL = "departements"
EPCI = "epci"
COMMUNES = "communes"
# The views, from France down: the départements, then the EPCI or the communes of one département.
LEVEL_OF_VIEW = {NATIONAL: "departement", EPCI: "epci", COMMUNES: "commune"}
SCALES = {COMMUNES: "Communes", EPCI: "EPCI (intercommunalités)"}
# The indicator each map opens on, per level: the headline figure of each theme for hosting households.
DEFAULT_INDICATORS: dict[str, dict[str, str]] = {
    NATIONAL: {
        "emploi": "bmo_projets_pour_1000",
        "logement": "lovac_taux_vacance",
        "services": "part_pop_france_services_plus_10km",
    },
    # No emploi figure is published by EPCI (BMO is by bassin d'emploi): that map says so instead.
    EPCI: {
        "logement": "lovac_taux_vacance",
        "services": "part_pop_france_services_plus_10km",
    },
    COMMUNES: {
        "emploi": "chomage_zone_emploi",
        "logement": "lovac_taux_vacance",
        "services": "distance_france_services_km",
    },
}


def indicator_options(level: str, theme: str) -> list[str]:
    """Catalogue ids of ``theme`` that exist at the level drawn for view ``level``."""
    return [i.id for i in indicators.for_level(LEVEL_OF_VIEW[level], theme)]


def available_options(level: str, theme: str, columns: Collection[str]) -> list[str]:
    """The options whose figures are in the snapshot (``columns`` of the level's indicator table): a catalogue entry
    can be ahead of the last data build."""
    return [i for i in indicator_options(level, theme) if i in columns]


# Point layers a visitor can add, in the order of the link's ``points=`` list; town halls only within a département.
POINT_LAYERS: dict[str, str] = {"france_services": "Sites France services", "mairies": "Mairies"}


@dataclass(frozen=True)
class MapState:
    level: str = NATIONAL
    departement: str | None = None
    commune: str | None = None
    chosen: dict[str, str] = field(default_factory=dict)  # theme → indicator id, only where not the default
    method: str = classes.DEFAULT_METHOD
    points: tuple[str, ...] = ()  # keys of POINT_LAYERS shown
    epci: str | None = None  # the EPCI chosen in the EPCI view

    def indicator(self, theme: str) -> str | None:
        """The indicator of ``theme``'s map; None when the level publishes none in that theme."""
        return self.chosen.get(theme, DEFAULT_INDICATORS[self.level].get(theme))

    def with_indicator(self, theme: str, indicator_id: str) -> MapState:
        chosen = {
            t: i for t, i in {**self.chosen, theme: indicator_id}.items() if i != DEFAULT_INDICATORS[self.level].get(t)
        }
        return replace(self, chosen=chosen)

    def national(self) -> MapState:
        """Back to France: indicators chosen for communes do not exist for départements, so they are dropped."""
        return MapState(method=self.method, chosen=_valid(self.chosen, NATIONAL), points=self.points)

    def in_departement(self, code: str, commune: str | None = None) -> MapState:
        return MapState(COMMUNES, code, commune, _valid(self.chosen, COMMUNES), self.method, self.points)

    def in_epci_view(self, code: str, epci: str | None = None) -> MapState:
        """The EPCI of département ``code``, ``epci`` chosen among them."""
        return MapState(EPCI, code, None, _valid(self.chosen, EPCI), self.method, self.points, epci)

    def showing(self, layer: str, shown: bool) -> MapState:
        """With point layer ``layer`` shown or hidden."""
        points = {*self.points, layer} if shown else set(self.points) - {layer}
        return replace(self, points=tuple(p for p in POINT_LAYERS if p in points))

    def to_params(self) -> dict[str, str]:
        params = {"niveau": self.level}
        if self.departement:
            params["dep"] = self.departement
        if self.commune:
            params["commune"] = self.commune
        if self.epci:
            params["epci"] = self.epci
        params.update(self.chosen)
        if self.method != classes.DEFAULT_METHOD:
            params["classes"] = self.method
        if self.points:
            params["points"] = ",".join(self.points)
        return params


def _valid(chosen: Mapping[str, str], level: str) -> dict[str, str]:
    return {
        theme: i
        for theme, i in chosen.items()
        if i in indicator_options(level, theme) and i != DEFAULT_INDICATORS[level].get(theme)
    }


def from_params(
    params: Mapping[str, str],
    departements: Collection[str],
    communes_of: Mapping[str, str],
    columns: Mapping[str, Collection[str]] | None = None,
    epci_departements: Mapping[str, Collection[str]] | None = None,
) -> MapState:
    """The state a link describes. ``communes_of`` maps a commune code to its département, so that a link with only
    ``commune=`` opens the right département and a commune outside ``dep`` is ignored. ``columns`` (view level →
    columns of its indicator table), when given, also drops indicators the snapshot does not have.
    ``epci_departements`` maps an EPCI code to the départements it spans: an EPCI outside ``dep`` is dropped."""
    commune = params.get("commune")
    departement = params.get("dep")
    if commune not in communes_of:
        commune = None
    if commune and departement not in departements:
        departement = communes_of[commune]
    if departement not in departements:
        departement = None
    if commune and communes_of[commune] != departement:
        commune = None
    level = COMMUNES if departement else NATIONAL
    if departement and params.get("niveau") == EPCI and not commune:
        level = EPCI
    epci = params.get("epci") if level == EPCI else None
    if epci is not None and departement not in (epci_departements or {}).get(epci, ()):
        epci = None
    chosen = {
        theme: params[theme]
        for theme in THEMES
        if theme in params and (columns is None or params[theme] in columns[level])
    }
    method = params.get("classes", classes.DEFAULT_METHOD)
    if method not in classes.METHODS:
        method = classes.DEFAULT_METHOD
    asked = set(params.get("points", "").split(","))
    points = tuple(p for p in POINT_LAYERS if p in asked)
    return MapState(level, departement, commune, _valid(chosen, level), method, points, epci)
