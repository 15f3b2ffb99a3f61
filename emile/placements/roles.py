"""Who is a planner: the identity's e-mail, its domain or one claim, as listed under ``[placements.roles]``.

Everyone else, logged in or not, has the public role. The login itself (OIDC) is Streamlit's ``st.login``; this module
only reads the claims it returns, so it can be tested without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from emile.placements.settings import Roles

Role = Literal["public", "planificateur"]


def role_for(claims: Mapping[str, Any] | None, roles: Roles) -> Role:
    """``planificateur`` when the verified identity matches the configuration, else ``public``."""
    if not claims or claims.get("is_logged_in") is not True:
        return "public"
    email = str(claims.get("email") or "").strip().lower()
    if email and claims.get("email_verified", True) is not False:
        if email in {e.lower() for e in roles.emails_planificateurs}:
            return "planificateur"
        if email.rsplit("@", 1)[-1] in {d.lower().lstrip("@") for d in roles.domaines_planificateurs}:
            return "planificateur"
    if roles.claim_planificateur and roles.valeur_claim_planificateur:
        value = claims.get(roles.claim_planificateur)
        values = value if isinstance(value, list | tuple) else [value]
        if roles.valeur_claim_planificateur in values:
            return "planificateur"
    return "public"
