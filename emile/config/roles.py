"""``[roles]``: which verified identities of the identity provider (OIDC) are planners, operators or offerers.

Planners see everything. An operator account (``[[roles.operateurs]]``) acts for one operator of
``[[placements.operateurs]]`` and sees its own households and projects. An offerer account (``[[roles.offreurs]]``) is
a landlord, an employer or a commune that declares its own offers in its départements, and never sees a household.
Each account is named by e-mail, by e-mail domain, or by a claim the identity provider adds to the accounts it trusts.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from emile.config.base import AccountCode, DepartementCode, Section

OffererRole = Literal["bailleur", "employeur", "commune"]


class AccountMatch(Section):
    """How an identity is recognised: its e-mail, its e-mail's domain, or ``claim = claim_value`` among its claims
    (both empty to rely on e-mails and domains only). E-mails and domains are compared case-insensitively."""

    emails: list[str] = []
    domains: list[str] = Field(alias="domaines", default=[])
    claim: str = ""
    claim_value: str = Field(alias="valeur_claim", default="")

    @model_validator(mode="after")
    def _claim_and_value_together(self) -> AccountMatch:
        if bool(self.claim) != bool(self.claim_value):
            raise ValueError("« claim » et « valeur_claim » se renseignent ensemble (ou restent vides tous les deux)")
        return self


class OperatorAccount(AccountMatch):
    """The people of one operator (its code in ``[[placements.operateurs]]``)."""

    code: AccountCode


class OffererAccount(AccountMatch):
    """A landlord (``bailleur``), an employer (``employeur``) or a commune declaring offers in ``departements``."""

    code: AccountCode
    name: str = Field(alias="nom", min_length=1)
    role: OffererRole
    departements: list[DepartementCode] = Field(min_length=1)


class RoleMapping(Section):
    """A planner is named by e-mail, by e-mail domain, or by a claim the identity provider adds to the accounts it
    trusts (``claim = value``; both empty to rely on e-mails and domains only); operators and offerers by accounts."""

    planner_emails: list[str] = Field(alias="emails_planificateurs", default=[])
    planner_domains: list[str] = Field(alias="domaines_planificateurs", default=[])
    planner_claim: str = Field(alias="claim_planificateur", default="")
    planner_claim_value: str = Field(alias="valeur_claim_planificateur", default="")
    operators: list[OperatorAccount] = Field(alias="operateurs", default=[])
    offerers: list[OffererAccount] = Field(alias="offreurs", default=[])

    @field_validator("operators", "offerers")
    @classmethod
    def _codes_once(cls, accounts: list[AccountMatch]) -> list[AccountMatch]:
        codes = [account.code for account in accounts]
        repeated = sorted({code for code in codes if codes.count(code) > 1})
        if repeated:
            raise ValueError("chaque compte une seule fois ; codes en double : " + ", ".join(repeated))
        return accounts

    def offerer(self, code: str) -> OffererAccount | None:
        return next((account for account in self.offerers if account.code == code), None)
