"""``[roles]``: which verified identities of the identity provider (OIDC) are planners."""

from __future__ import annotations

from pydantic import Field

from emile.config.base import Section


class RoleMapping(Section):
    """A planner is named by e-mail, by e-mail domain, or by a claim the identity provider adds to the accounts it
    trusts (``claim = value``; both empty to rely on e-mails and domains only)."""

    planner_emails: list[str] = Field(alias="emails_planificateurs", default=[])
    planner_domains: list[str] = Field(alias="domaines_planificateurs", default=[])
    planner_claim: str = Field(alias="claim_planificateur", default="")
    planner_claim_value: str = Field(alias="valeur_claim_planificateur", default="")
