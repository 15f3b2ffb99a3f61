"""``[sources.<id>]`` (the public files the build reads) and ``[telechargement]`` (how it downloads them)."""

from __future__ import annotations

from pydantic import Field

from emile.config.base import Section


class SourceSpec(Section):
    """One public file: whom to cite (publisher, title, vintage, licence, page), the exact file downloaded by
    ``--download`` (``url``) and its path under the raw-data folder (``file``)."""

    publisher: str = Field(alias="editeur")
    title: str = Field(alias="titre")
    vintage: str = Field(alias="millesime")
    licence: str
    page: str
    url: str
    file: str = Field(alias="fichier")


class DownloadSettings(Section):
    timeout_s: float = Field(alias="delai_s", default=30.0, gt=0)
    retries: int = Field(alias="essais", default=3, ge=0)
    backoff_s: float = Field(alias="attente_s", default=1.0, ge=0)
