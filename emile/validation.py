"""pydantic's findings in French, for every file a person edits or uploads (``config.toml``, scenario files): one
wording per kind of mistake, and the path of the faulty field as it is written in the file."""

from __future__ import annotations

from typing import Any

_MESSAGES = {
    "string_type": "un texte entre guillemets est attendu",
    "int_type": "un nombre entier est attendu",
    "int_from_float": "un nombre entier est attendu",
    "int_parsing": "un nombre entier est attendu",
    "float_type": "un nombre est attendu",
    "float_parsing": "un nombre est attendu",
    "finite_number": "un nombre fini est attendu",
    "bool_type": "true ou false est attendu",
    "list_type": 'une liste ["…", "…"] est attendue',
    "dict_type": "une table est attendue",
    "model_type": "une table est attendue",
    "string_pattern_mismatch": "format incorrect",
    "string_too_short": "un texte non vide est attendu",
    "too_short": "au moins un élément est attendu",
    "json_invalid": "le contenu n'est pas un JSON valide",
}


def french_message(
    error: dict[str, Any],
    *,
    missing: str = "clé obligatoire absente",
    unknown: str = "clé inconnue (faute de frappe ?)",
) -> str:
    """What is wrong, in French, for one pydantic error (``missing`` and ``unknown`` name what the file calls a
    field: « clé » in config.toml, « champ » in a scenario)."""
    kind, context = error["type"], error.get("ctx", {})
    if kind == "missing":
        return missing
    if kind == "extra_forbidden":
        return unknown
    if kind == "value_error":
        return str(context.get("error", error["msg"]))
    if kind == "greater_than_equal":
        return f"un nombre supérieur ou égal à {context['ge']} est attendu"
    if kind == "greater_than":
        return f"un nombre supérieur à {context['gt']} est attendu"
    if kind == "less_than_equal":
        return f"un nombre inférieur ou égal à {context['le']} est attendu"
    if kind == "too_long":
        return f"{context.get('max_length')} éléments au plus"
    if kind == "string_too_long":
        return f"{context.get('max_length')} caractères au plus"
    if kind == "literal_error":
        choices = str(context.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"valeur attendue parmi : {choices}"
    return _MESSAGES.get(kind, "valeur non valide")


def key_path(location: tuple[Any, ...]) -> str:
    """``("territoires", "accueil", 0, "annee")`` → ``territoires.accueil[0].annee``; pydantic's ``[key]`` markers
    (a dictionary key that failed, not its value) are dropped, so the path stays the one written in the file."""
    parts: list[str] = []
    for item in location:
        if item == "[key]":
            continue
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]}[{item}]" if parts else f"[{item}]"
        else:
            parts.append(str(item))
    return ".".join(parts)
