"""Whether the planners' login may be switched on: the cookie secret that signs the login cookie must be strong.

Whoever knows that secret can sign a cookie naming any identity, so an identity read from such a cookie proves
nothing. A secret copied from ``.streamlit/secrets.example.toml`` or shorter than 32 random bytes is refused: the app
then trusts no login at all and says how to make a proper secret.
"""

from __future__ import annotations

import math
import string
import tomllib

from emile.config import PROJECT_ROOT

EXAMPLE_SECRETS = PROJECT_ROOT / ".streamlit" / "secrets.example.toml"
SECRET_BYTES = 32
HOW_TO = (
    'Créez-en un avec « python -c "import secrets; print(secrets.token_hex(32))" », copiez-le dans '
    "cookie_secret de .streamlit/secrets.toml, puis redémarrez l'application."
)
_BASE64 = frozenset(string.ascii_letters + string.digits + "+/=-_")
# A long run of few distinct characters ("aaaa…", "abababab…") is long but not random.
_MIN_DISTINCT = 10


def example_cookie_secret() -> str | None:
    """The placeholder of the example file, which nobody may use as is."""
    try:
        return tomllib.loads(EXAMPLE_SECRETS.read_text(encoding="utf-8"))["auth"]["cookie_secret"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None


def _estimated_bits(secret: str) -> float:
    """Entropy of ``secret`` if its characters were drawn at random from the smallest usual alphabet holding them
    (hexadecimal, base64, printable ASCII)."""
    if all(ch in string.hexdigits for ch in secret):
        alphabet = 16
    elif all(ch in _BASE64 for ch in secret):
        alphabet = 64
    else:
        alphabet = 95
    return len(secret) * math.log2(alphabet)


def cookie_secret_problem(secret: object) -> str | None:
    """None when ``secret`` may sign login cookies, else the French reason why the login stays off."""
    if not isinstance(secret, str) or not secret.strip():
        reason = "le cookie_secret de la section [auth] est absent"
    elif secret == example_cookie_secret():
        reason = "le cookie_secret est celui de l'exemple .streamlit/secrets.example.toml"
    elif _estimated_bits(secret) < 8 * SECRET_BYTES or len(set(secret)) < _MIN_DISTINCT:
        reason = f"le cookie_secret est trop faible (au moins {SECRET_BYTES} octets aléatoires sont nécessaires)"
    else:
        return None
    return f"Connexion des planificateurs désactivée : {reason}. {HOW_TO}"
