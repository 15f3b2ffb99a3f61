"""Territories of the snapshot and their place in the programme (pilot, host, candidate, origin)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import geopandas as gpd
import pandas as pd

from emile.config import ProgrammeConfig
from emile.snapshot import load_geotable

METROPOLE = "metropole"
# Views offered by the maps: metropolitan France and each overseas département (true positions, own view).
VIEWS: dict[str, dict[str, object]] = {
    METROPOLE: {"libelle": "France métropolitaine", "latitude": 46.6, "longitude": 2.4, "zoom": 4.6},
    "971": {"libelle": "Guadeloupe", "latitude": 16.2, "longitude": -61.5, "zoom": 7.6},
    "972": {"libelle": "Martinique", "latitude": 14.65, "longitude": -61.0, "zoom": 8.3},
    "973": {"libelle": "Guyane", "latitude": 4.0, "longitude": -53.2, "zoom": 5.9},
    "974": {"libelle": "La Réunion", "latitude": -21.13, "longitude": 55.53, "zoom": 8.3},
    "976": {"libelle": "Mayotte", "latitude": -12.82, "longitude": 45.15, "zoom": 9.2},
}


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
    territories = config.territoires
    host_years = sorted(t.annee for t in territories.accueil if t.code == code)
    candidate_lists = [c.libelle for c in territories.candidats.values() if code in c.departements]
    origin_epci = [e for e in territories.origines.epci if e.departement == code]
    facts: list[str] = []
    if code in territories.pilotes_2019:
        facts.append("pilote 2019")
    if host_years:
        facts.append(f"territoire d'accueil (liste {', '.join(map(str, host_years))})")
    elif code in territories.pilotes_2019:
        facts.append("absent de la dernière liste des territoires d'accueil")
    facts.extend(f"candidat : {name}" for name in candidate_lists)
    if code in territories.origines.departements:
        facts.append("zone d'origine des volontaires, jamais destination")
    facts.extend(f"zone d'origine : {e.nom} (depuis {e.depuis})" for e in origin_epci)

    if code in territories.origines.departements:
        status = Status.ORIGINE
    elif code in territories.pilotes_2019:
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
            "statut": [rows[c].status.value for c in codes],
            "statut_libelle": [STATUS_LABELS[rows[c].status] for c in codes],
            "statut_detail": [rows[c].detail for c in codes],
        },
        index=pd.Index(codes, name="code"),
    )
