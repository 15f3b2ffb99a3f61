"""``[territoires]``: the programme's départements by role (pilots, hosts, candidates) and the origin areas."""

from __future__ import annotations

from pydantic import Field

from emile.config.base import DepartementCode, Section


class HostTerritory(Section):
    """A host département and the year of the list that names it (not a joining date, which no source gives)."""

    code: DepartementCode
    year: int = Field(alias="annee", ge=2019, le=2100)


class OriginEpci(Section):
    """An intercommunal origin area (SIREN of the EPCI) and the year it became one."""

    code: str = Field(pattern=r"^\d{9}$")
    name: str = Field(alias="nom")
    departement: DepartementCode
    since: int = Field(alias="depuis", ge=2019, le=2100)


class OriginAreas(Section):
    departements: list[DepartementCode]
    epci: list[OriginEpci] = []


class CandidateList(Section):
    label: str = Field(alias="libelle", min_length=1)
    departements: list[DepartementCode]


class Territories(Section):
    pilots_2019: list[DepartementCode] = Field(alias="pilotes_2019")
    hosts: list[HostTerritory] = Field(alias="accueil")
    origins: OriginAreas = Field(alias="origines")
    candidates: dict[str, CandidateList] = Field(alias="candidats", default={})

    @property
    def host_codes(self) -> list[str]:
        """Host département codes, once each, in the order of the file."""
        return list(dict.fromkeys(host.code for host in self.hosts))
