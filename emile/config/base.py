"""What every section of ``config.toml`` shares: strict, frozen pydantic models whose attributes are English and whose
keys, as planners write them, stay French (aliases); and the one translator of pydantic's findings into French.

Planners edit the file by hand, so every mistake must come back as a sentence that names the faulty key (with the
French key path exactly as written in the file), never as a Python traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, ValidationError

from emile.validation import french_message, key_path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_CONFIG_PATH = PROJECT_ROOT / "config.toml"

DEPARTEMENT_CODES = frozenset({f"{n:02d}" for n in range(1, 96) if n != 20}) | {
    "2A",
    "2B",
    "971",
    "972",
    "973",
    "974",
    "976",
}


class ConfigError(ValueError):
    """A configuration problem, worded in French for the person who edits ``config.toml``."""


class Section(BaseModel):
    """A table of ``config.toml``: unknown keys are refused (a typo must not be silently ignored), values are not
    coerced from another type (``"5"`` is not a number), and nothing changes once loaded. The file is read by its
    French keys; code may build a section with the English attribute names."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, validate_by_alias=True, validate_by_name=True)


def _check_departement(code: str) -> str:
    if code not in DEPARTEMENT_CODES:
        raise ValueError(f'« {code} » n\'est pas un code de département (ex. "01", "2A", "971")')
    return code


DepartementCode = Annotated[str, AfterValidator(_check_departement)]

DEMO_CODE = "DEMO"
"""The code of the fictitious demo operator; fictitious offerers' codes start with ``DEMO_``. No real account may be
coded so: a real file or form could otherwise land among the demo records, or demo records among the real ones."""


def is_demo_code(code: str) -> bool:
    return code == DEMO_CODE or code.startswith(f"{DEMO_CODE}_")


def _refuse_demo_code(code: str) -> str:
    if is_demo_code(code):
        raise ValueError(f"« {code} » est réservé aux données fictives de démonstration : choisissez un autre code")
    return code


AccountCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9_]{2,20}$"), AfterValidator(_refuse_demo_code)]
"""The code of a real operator or offerer: capitals, digits and ``_``, never a demo code."""


def _line(key: str, message: str) -> str:
    """One problem; a rule across sections has no single key, so its message names the keys itself."""
    return f"- clé « {key} » : {message}" if key else f"- {message}"


def french_errors(exc: ValidationError, source: str, prefix: tuple[str, ...] = ()) -> ConfigError:
    """One ConfigError listing every problem pydantic found, each naming its key (``prefix`` is prepended when a
    section is validated on its own)."""
    lines = "\n".join(_line(key_path((*prefix, *error["loc"])), french_message(error)) for error in exc.errors())
    return ConfigError(f"{source} contient des erreurs :\n{lines}")
