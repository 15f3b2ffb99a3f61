"""Who a visitor is for the placements: a planner (named in ``[roles]`` of config.toml) or the public.

The login itself (OIDC) is Streamlit's ``st.login``; this module only reads the claims it returns, so it can be
tested without a browser. What each role may see is decided here, not in the pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from emile.config import PlacementSettings, RoleMapping

Role = Literal["public", "planificateur"]
PLANNER: Role = "planificateur"
PUBLIC: Role = "public"


def role_for(claims: Mapping[str, Any] | None, roles: RoleMapping) -> Role:
    """``planificateur`` when the verified identity matches the configuration, else ``public``. Whatever grants the
    role, the provider must have verified the e-mail: ``email_verified`` exactly ``true`` (a missing claim, ``"true"``
    or ``1`` is not a verification)."""
    if not claims or claims.get("is_logged_in") is not True or claims.get("email_verified") is not True:
        return PUBLIC
    email = str(claims.get("email") or "").strip().lower()
    if email:
        if email in {e.lower() for e in roles.planner_emails}:
            return PLANNER
        if email.rsplit("@", 1)[-1] in {d.lower().lstrip("@") for d in roles.planner_domains}:
            return PLANNER
    if roles.planner_claim and roles.planner_claim_value:
        value = claims.get(roles.planner_claim)
        values = value if isinstance(value, list | tuple) else [value]
        if roles.planner_claim_value in values:
            return PLANNER
    return PUBLIC


def suppression_threshold(role: Role, settings: PlacementSettings) -> int:
    """The small-count threshold applied to what ``role`` sees: none for a planner, who reads the records anyway;
    the configured one for everybody else."""
    return 0 if role == PLANNER else settings.suppression_threshold
