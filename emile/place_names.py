"""Names of places as a French reader expects them: « Saint-Flour », not « SAINT FLOUR » as some statistical files
write them. A name that is a commune's gets the commune's official spelling; any other gets French title case (small
words such as « de », « sur » or « lès » stay in lower case, elided articles keep their apostrophe)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from emile.commune_search import normalise

SMALL_WORDS = {"de", "du", "des", "la", "le", "les", "en", "et", "sur", "sous", "aux", "au", "à", "lès", "lez", "ès"}
ELIDED = {"d", "l"}
_WORD = re.compile(r"([\s\-]+)")


def official_spellings(names: Iterable[str]) -> dict[str, str]:
    """Normalised name → official spelling, from commune names (the first spelling of a name is kept)."""
    spellings: dict[str, str] = {}
    for name in names:
        spellings.setdefault(normalise(name), name)
    return spellings


def _title_word(word: str, first: bool) -> str:
    lower = word.lower()
    if "'" in lower or "’" in lower:
        head, _, tail = lower.replace("’", "'").partition("'")
        head = head if head in ELIDED and not first else head.capitalize()
        return f"{head}'{tail.capitalize()}"
    if lower in SMALL_WORDS and not first:
        return lower
    return lower.capitalize()


def french_title(name: str) -> str:
    """« VAL DE SAONE » → « Val de Saone », « L'ISLE JOURDAIN » → « L'Isle Jourdain »."""
    parts = _WORD.split(name.strip())
    words = [i for i, part in enumerate(parts) if part and not _WORD.fullmatch(part)]
    return "".join(_title_word(part, i == words[0]) if i in words else part for i, part in enumerate(parts))


def proper_name(name: str, spellings: dict[str, str]) -> str:
    """The commune's official spelling when ``name`` is a commune's (« SAINT FLOUR », « ST FLOUR » → « Saint-Flour »),
    else ``name`` in French title case when it is written in capitals, else ``name`` as it is."""
    if not isinstance(name, str) or not name.strip():
        return name
    official = spellings.get(normalise(name))
    if official:
        return official
    return french_title(name) if name.upper() == name else name


_ELIDING = set("AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜ")


def of_place(name: str) -> str:
    """« de » before a place name as French writes it: « de Saint-Flour », « d'Aurillac », « du Puy-en-Velay »,
    « des Sables-d'Olonne »."""
    for article, contracted in (("Le ", "du "), ("Les ", "des ")):
        if name.startswith(article):
            return contracted + name[len(article) :]
    return f"d'{name}" if name[:1].upper() in _ELIDING else f"de {name}"
