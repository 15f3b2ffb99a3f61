"""Who is asking, and what they may read or change: the one place where permissions on offers, households and
household projects are decided. The store calls ``require`` before every read of records and every write, so a page
that forgot to hide something still cannot reach it.

Roles (from ``[roles]`` of config.toml): a planner sees and changes everything; an operator sees its own households
and their projects; a landlord (``bailleur``), an employer (``employeur``) or a commune sees and changes its own
offers, of the kinds its role allows, in its départements, and never any household; the public reads aggregates only.

An identity counts only when its e-mail is verified (``email_verified`` exactly ``True``) — the rule of
``emile.placements.roles.role_for``, which decides who is a planner, so that planners have a single definition.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from emile.config import AccountMatch, OperatorAccount, RoleMapping
from emile.offers.vocabulary import HOUSING, JOB, OfferKind
from emile.placements.roles import PLANNER, role_for

Role = Literal["public", "planificateur", "operateur", "bailleur", "employeur", "commune"]
ROLE_LABELS: dict[str, str] = {
    "public": "public",
    "planificateur": "planificateur",
    "operateur": "opérateur",
    "bailleur": "bailleur",
    "employeur": "employeur",
    "commune": "commune",
}
OFFERER_ROLES: tuple[str, ...] = ("bailleur", "employeur", "commune")
KINDS_OF_ROLE: dict[str, frozenset[str]] = {
    "planificateur": frozenset({HOUSING, JOB}),
    "bailleur": frozenset({HOUSING}),
    "employeur": frozenset({JOB}),
    "commune": frozenset({HOUSING, JOB}),
}


class AccessDeniedError(PermissionError):
    """A read or write the visitor's role does not allow; the message, in French, says why."""


@dataclass(frozen=True)
class Principal:
    """A visitor: its role, the e-mail the audit log records, and for operators and offerers the account it acts for
    (code, name and, for offerers, the départements it may declare offers in)."""

    role: Role
    actor: str = "public"
    account: str | None = None
    name: str | None = None
    departements: frozenset[str] = frozenset()

    @property
    def is_planner(self) -> bool:
        return self.role == PLANNER

    @property
    def is_offerer(self) -> bool:
        return self.role in OFFERER_ROLES

    @property
    def offer_kinds(self) -> frozenset[str]:
        """The kinds of offer this visitor may declare (none for the public and operators)."""
        return KINDS_OF_ROLE.get(self.role, frozenset())

    @property
    def label(self) -> str:
        return ROLE_LABELS[self.role]


PUBLIC = Principal("public")


def _verified_email(claims: Mapping[str, Any]) -> str | None:
    if claims.get("is_logged_in") is not True or claims.get("email_verified") is not True:
        return None
    return str(claims.get("email") or "").strip().lower() or None


def _match_level(account: AccountMatch, email: str, claims: Mapping[str, Any]) -> int | None:
    """How precisely ``account`` names this identity: 0 by e-mail, 1 by domain, 2 by claim; None when it does not."""
    if email in {e.strip().lower() for e in account.emails}:
        return 0
    if email.rsplit("@", 1)[-1] in {d.strip().lower().lstrip("@") for d in account.domains}:
        return 1
    if account.claim:
        value = claims.get(account.claim)
        if account.claim_value in (value if isinstance(value, list | tuple) else [value]):
            return 2
    return None


def _single_account(accounts: Sequence[AccountMatch], email: str, claims: Mapping[str, Any]) -> AccountMatch | None:
    """The account that names the identity most precisely; none when two accounts name it equally (an identity
    never gets to choose which account it acts for)."""
    levels = [(level, account) for account in accounts if (level := _match_level(account, email, claims)) is not None]
    if not levels:
        return None
    best = min(level for level, _ in levels)
    chosen = [account for level, account in levels if level == best]
    return chosen[0] if len(chosen) == 1 else None


def principal_for(claims: Mapping[str, Any] | None, roles: RoleMapping) -> Principal:
    """The visitor behind the identity claims ``st.login`` returns: planner first, then an operator or offerer
    account, else the public."""
    email = _verified_email(claims or {})
    if email is None:
        return PUBLIC
    if role_for(claims, roles) == PLANNER:
        return Principal("planificateur", actor=email)
    candidates = [*roles.operators, *roles.offerers]
    account = _single_account(candidates, email, claims or {})
    if account is None:
        return Principal("public", actor=email)
    if isinstance(account, OperatorAccount):
        return Principal("operateur", actor=email, account=account.code)
    return Principal(
        account.role, actor=email, account=account.code, name=account.name, departements=frozenset(account.departements)
    )


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise AccessDeniedError(message)


def can_read_offers_of(principal: Principal, offerer_code: str) -> bool:
    """Offer records (not aggregates): a planner's, or an offerer's own."""
    return principal.is_planner or (principal.is_offerer and principal.account == offerer_code)


def can_write_offer(principal: Principal, kind: OfferKind, offerer_code: str, departement: str | None) -> bool:
    """Declare or change an offer of ``kind`` for ``offerer_code`` in ``departement``: a planner always; an offerer
    for its own account, a kind its role allows and one of its départements."""
    if principal.is_planner:
        return True
    return (
        principal.is_offerer
        and principal.account == offerer_code
        and kind in principal.offer_kinds
        and departement in principal.departements
    )


def can_read_households_of(principal: Principal, operator_code: str) -> bool:
    """Household records and their projects: a planner's, or the operator's own; never an offerer's."""
    return principal.is_planner or (principal.role == "operateur" and principal.account == operator_code)


def can_write_project(principal: Principal, operator_code: str) -> bool:
    """Record or change a household project: the household's operator, or a planner."""
    return can_read_households_of(principal, operator_code)


def can_read_audit(principal: Principal) -> bool:
    """The whole audit log (who changed what): planners only."""
    return principal.is_planner
