"""Who is looking: the signed-in identity (``st.login``, OpenID Connect) and its role, with the sign-in and sign-out
buttons in the sidebar. Roles are decided in the domain (``emile.placements.roles`` for the Placements page,
``emile.offers.access`` for offers and household projects), never here.

A login is trusted only when ``[auth]`` is configured with a strong cookie secret (``emile.placements.login``):
with a weak one anybody could sign a cookie, so every visitor is then public and the sidebar says how to fix it.
"""

from __future__ import annotations

import logging

import streamlit as st

from emile.offers import access
from emile.offers.access import Principal, principal_for
from emile.placements.login import cookie_secret_problem
from emile.placements.roles import PUBLIC, Role, role_for
from ui import data

_LOG = logging.getLogger(__name__)


def _auth_section() -> dict | None:
    try:
        return st.secrets["auth"].to_dict() if "auth" in st.secrets else None
    except FileNotFoundError:
        return None


def login_problem() -> str | None:
    """Why the planners' login is off although ``[auth]`` is configured (None when it is on, or not configured)."""
    section = _auth_section()
    return None if section is None else cookie_secret_problem(section.get("cookie_secret"))


def _login_enabled() -> bool:
    return _auth_section() is not None and login_problem() is None


def role() -> Role:
    if not _login_enabled():
        return PUBLIC
    return role_for(st.user.to_dict(), data.config().roles)


def principal() -> Principal:
    """The visitor of the offers page: role, account and départements (``emile.offers.access``)."""
    if not _login_enabled():
        return access.PUBLIC
    return principal_for(st.user.to_dict(), data.config().roles)


def actor() -> str:
    """What the audit log records as the author of a change: the signed-in e-mail."""
    return str(st.user.get("email") or st.user.get("name") or "compte sans e-mail")


def sign_in_box(label: str = "Connexion planificateur") -> None:
    """Sign-in (when an identity provider is configured) or the signed-in account and sign-out, in the sidebar."""
    problem = login_problem()
    with st.sidebar:
        if problem:
            _LOG.error(problem)
            st.warning(problem, icon=":material/key_off:")
        elif not _login_enabled():
            return
        elif st.user.get("is_logged_in") is True:
            visitor = principal()
            account = f" ({visitor.name or visitor.account})" if visitor.account else ""
            st.caption(f"Connecté : {actor()} — rôle {visitor.label}{account}")
            st.button("Se déconnecter", on_click=st.logout)
        else:
            st.button(label, on_click=st.login, icon=":material/login:")
