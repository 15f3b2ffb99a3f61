"""Who is looking: the signed-in identity (``st.login``, OpenID Connect) and its role, with the sign-in and sign-out
buttons in the sidebar. Roles are decided in the domain (``emile.placements.roles`` for the Placements page,
``emile.offers.access`` for offers and household projects), never here."""

from __future__ import annotations

import streamlit as st

from emile.offers.access import Principal, principal_for
from emile.placements.roles import Role, role_for
from ui import data


def _auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def role() -> Role:
    return role_for(st.user.to_dict(), data.config().roles)


def principal() -> Principal:
    """The visitor of the offers page: role, account and départements (``emile.offers.access``)."""
    return principal_for(st.user.to_dict(), data.config().roles)


def actor() -> str:
    """What the audit log records as the author of a change: the signed-in e-mail."""
    return str(st.user.get("email") or st.user.get("name") or "compte sans e-mail")


def sign_in_box(label: str = "Connexion planificateur") -> None:
    """Sign-in (when an identity provider is configured) or the signed-in account and sign-out, in the sidebar."""
    with st.sidebar:
        if st.user.get("is_logged_in") is True:
            visitor = principal()
            account = f" ({visitor.name or visitor.account})" if visitor.account else ""
            st.caption(f"Connecté : {actor()} — rôle {visitor.label}{account}")
            st.button("Se déconnecter", on_click=st.logout)
        elif _auth_configured():
            st.button(label, on_click=st.login, icon=":material/login:")
