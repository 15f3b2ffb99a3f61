"""Programme settings read from ``config.toml``.

Planners edit that file by hand, so every mistake must come back as a French sentence that names the faulty key,
never as a Python traceback. Validation is delegated to pydantic; this module only translates its findings.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_PATH = PROJECT_ROOT / "config.toml"

_DEPARTEMENT_CODES = {f"{n:02d}" for n in range(1, 96) if n != 20} | {"2A", "2B", "971", "972", "973", "974", "976"}


class ConfigError(ValueError):
    """A configuration problem, worded in French for the person who edits ``config.toml``."""


def _check_departement(code: str) -> str:
    if code not in _DEPARTEMENT_CODES:
        raise ValueError(f'« {code} » n\'est pas un code de département (ex. "01", "2A", "971")')
    return code


DepartementCode = Annotated[str, AfterValidator(_check_departement)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HostTerritory(_Strict):
    code: DepartementCode
    annee: int = Field(ge=2019, le=2100)


class OriginEpci(_Strict):
    code: str = Field(pattern=r"^\d{9}$")
    nom: str
    departement: DepartementCode
    depuis: int = Field(ge=2019, le=2100)


class Origins(_Strict):
    departements: list[DepartementCode]
    epci: list[OriginEpci] = []


class CandidateList(_Strict):
    libelle: str
    departements: list[DepartementCode]


class Territories(_Strict):
    pilotes_2019: list[DepartementCode]
    accueil: list[HostTerritory]
    origines: Origins
    candidats: dict[str, CandidateList] = {}


class Application(_Strict):
    age_max_donnees_jours: int = Field(default=400, ge=1)


class ProgrammeConfig(BaseModel):
    """The whole of ``config.toml``. Sections owned by other features are kept as plain tables."""

    model_config = ConfigDict(extra="allow", frozen=True)

    application: Application = Application()
    territoires: Territories

    def section(self, name: str) -> dict[str, Any]:
        """A top-level table that this model does not type (e.g. ``sources``, ``scoring``), or an empty dict."""
        extra = self.model_extra or {}
        value = extra.get(name, {})
        return value if isinstance(value, dict) else {}


_FRENCH_ERRORS = {
    "missing": "clé obligatoire absente",
    "extra_forbidden": "clé inconnue (faute de frappe ?)",
    "string_type": "un texte entre guillemets est attendu",
    "int_type": "un nombre entier est attendu",
    "int_parsing": "un nombre entier est attendu",
    "list_type": 'une liste ["…", "…"] est attendue',
    "dict_type": "une table est attendue",
    "model_type": "une table est attendue",
    "greater_than_equal": "valeur trop petite",
    "less_than_equal": "valeur trop grande",
    "string_pattern_mismatch": "format incorrect",
}


def _key_path(location: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in location:
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]}[{item}]" if parts else f"[{item}]"
        else:
            parts.append(str(item))
    return ".".join(parts)


def _describe(error: dict[str, Any]) -> str:
    message = _FRENCH_ERRORS.get(error["type"])
    if error["type"] == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
    if message is None:
        message = error["msg"]
    return f"clé « {_key_path(error['loc'])} » : {message}"


def parse_config(text: str, source: str = "config.toml") -> ProgrammeConfig:
    """Parse and validate the TOML text; raise ConfigError in French naming each faulty key."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source} n'est pas un fichier TOML valide : {exc}") from exc
    try:
        return ProgrammeConfig.model_validate(raw)
    except ValidationError as exc:
        details = "\n".join(f"- {_describe(error)}" for error in exc.errors())
        raise ConfigError(f"{source} contient des erreurs :\n{details}") from exc


def load_config(path: Path = DEFAULT_CONFIG_PATH) -> ProgrammeConfig:
    """Read ``config.toml`` (or another path) into a validated ProgrammeConfig."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"Fichier de configuration introuvable : {path}") from exc
    return parse_config(text, source=path.name)
