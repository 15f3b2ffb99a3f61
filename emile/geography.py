"""Territories of the snapshot and their place in the programme: status (pilot, host, candidate, origin), the origin
areas every ranking excludes, and the lists of territories planners work with (pilots, hosts, candidates)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import geopandas as gpd
import pandas as pd

from emile.config import ProgrammeConfig
from emile.snapshot import load_geotable


def is_overseas(code: str) -> bool:
    return code.startswith("97")


def load_communes(root: Path | None = None) -> gpd.GeoDataFrame:
    """Current communes: code, nom, departement, region, population, lon/lat of the town hall, geometry (WGS84)."""
    return load_geotable("communes", root)


def load_departements(root: Path | None = None) -> gpd.GeoDataFrame:
    return load_geotable("departements", root)


def load_regions(root: Path | None = None) -> gpd.GeoDataFrame:
    return load_geotable("regions", root)


class Status(StrEnum):
    """Programme status of a département, in display priority order."""

    PILOTE = "pilote"
    ACCUEIL = "accueil"
    CANDIDAT = "candidat"
    ORIGINE = "origine"
    ORIGINE_PARTIELLE = "origine_partielle"
    AUTRE = "autre"


STATUS_LABELS: dict[Status, str] = {
    Status.PILOTE: "Pilote 2019",
    Status.ACCUEIL: "Territoire d'accueil",
    Status.CANDIDAT: "Candidat à l'étude",
    Status.ORIGINE: "Zone d'origine (exclue)",
    Status.ORIGINE_PARTIELLE: "Contient une zone d'origine",
    Status.AUTRE: "Hors programme",
}
# French State palette (DSFR) for the programme, chosen to stay distinct for the common colour-vision deficiencies.
STATUS_COLOURS: dict[Status, tuple[int, int, int]] = {
    Status.PILOTE: (0, 0, 145),
    Status.ACCUEIL: (106, 106, 244),
    Status.CANDIDAT: (255, 153, 64),
    Status.ORIGINE: (225, 0, 15),
    Status.ORIGINE_PARTIELLE: (247, 191, 195),
    Status.AUTRE: (229, 229, 229),
}


@dataclass(frozen=True)
class ProgrammeStatus:
    status: Status
    detail: str


def departement_status(config: ProgrammeConfig, code: str) -> ProgrammeStatus:
    """Where ``code`` stands in the programme, with a French sentence listing every role it has had."""
    territories = config.territories
    host_years = sorted(t.year for t in territories.hosts if t.code == code)
    candidate_lists = [c.label for c in territories.candidates.values() if code in c.departements]
    origin_epci = [e for e in territories.origins.epci if e.departement == code]
    is_pilot = code in territories.pilots_2019
    is_origin = code in territories.origins.departements
    facts: list[str] = []
    if is_pilot:
        facts.append("pilote 2019")
    if host_years:
        facts.append(f"territoire d'accueil (liste {', '.join(map(str, host_years))})")
    elif is_pilot:
        facts.append("absent de la dernière liste des territoires d'accueil")
    facts.extend(f"candidat : {name}" for name in candidate_lists)
    if is_origin:
        facts.append("zone d'origine des volontaires, jamais destination")
    facts.extend(f"zone d'origine : {e.name} (depuis {e.since})" for e in origin_epci)

    if is_origin:
        status = Status.ORIGINE
    elif is_pilot:
        status = Status.PILOTE
    elif host_years:
        status = Status.ACCUEIL
    elif candidate_lists:
        status = Status.CANDIDAT
    elif origin_epci:
        status = Status.ORIGINE_PARTIELLE
    else:
        status = Status.AUTRE
    detail = " ; ".join(facts) if facts else "aucun rôle dans le programme à ce jour"
    return ProgrammeStatus(status, detail[0].upper() + detail[1:])


def status_table(config: ProgrammeConfig, codes: pd.Series) -> pd.DataFrame:
    """Status, French label and detail for each département code (index = code)."""
    rows = {code: departement_status(config, code) for code in codes}
    return pd.DataFrame(
        {
            "status": [rows[c].status.value for c in codes],
            "status_label": [STATUS_LABELS[rows[c].status] for c in codes],
            "status_detail": [rows[c].detail for c in codes],
        },
        index=pd.Index(codes, name="code"),
    )


@dataclass(frozen=True)
class Origins:
    """Areas volunteers leave from, never destinations: département codes, EPCI SIREN codes and their names."""

    departements: frozenset[str] = frozenset()
    epci: frozenset[str] = frozenset()
    epci_names: tuple[str, ...] = ()
    epci_departements: frozenset[str] = frozenset()


def origins(config: ProgrammeConfig) -> Origins:
    """The origin areas of ``config.toml`` (Île-de-France départements, the Métropole de Lyon since 2024)."""
    areas = config.territories.origins
    return Origins(
        frozenset(areas.departements),
        frozenset(e.code for e in areas.epci),
        tuple(e.name for e in areas.epci),
        frozenset(e.departement for e in areas.epci),
    )


@dataclass(frozen=True)
class TerritoryList:
    """A list of départements planners work with: ``id`` is stable (links, file names), ``label`` is French."""

    id: str
    label: str
    codes: tuple[str, ...]


PILOTS_LIST = "pilotes_2019"
HOSTS_LIST = "accueil"


def programme_lists(config: ProgrammeConfig) -> list[TerritoryList]:
    """The 2019 pilots, the current hosts and each candidate list of config.toml (empty lists left out)."""
    territories = config.territories
    lists = [
        TerritoryList(PILOTS_LIST, "Pilotes 2019", tuple(territories.pilots_2019)),
        TerritoryList(HOSTS_LIST, "Territoires d'accueil", tuple(territories.host_codes)),
    ]
    lists += [
        TerritoryList(f"candidats_{key}", c.label, tuple(c.departements)) for key, c in territories.candidates.items()
    ]
    return [item for item in lists if item.codes]


def reference_sets(config: ProgrammeConfig) -> dict[str, TerritoryList]:
    """What a territory can be compared with: the mean of the pilots, the mean of the hosts, or any one pilot or
    host on its own (keyed by its code)."""
    territories = config.territories
    sets = {
        PILOTS_LIST: TerritoryList(PILOTS_LIST, "Moyenne des pilotes 2019", tuple(territories.pilots_2019)),
        HOSTS_LIST: TerritoryList(HOSTS_LIST, "Moyenne des territoires d'accueil", tuple(territories.host_codes)),
    }
    for code in dict.fromkeys([*territories.pilots_2019, *territories.host_codes]):
        sets[code] = TerritoryList(code, code, (code,))
    return sets
