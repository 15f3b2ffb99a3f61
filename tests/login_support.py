"""The ``[auth]`` section the app trusts (``emile.placements.login``): a strong cookie secret, provider addresses on
127.0.0.1. Without it a signed-in AppTest user stays public, as a real visitor would under a weak secret."""

from __future__ import annotations

import secrets


def auth_section(
    cookie_secret: str | None = None, *, app_url: str = "http://127.0.0.1:8501", provider: str = "http://127.0.0.1:9"
) -> dict[str, str]:
    return {
        "redirect_uri": f"{app_url}/oauth2callback",
        "cookie_secret": secrets.token_hex(32) if cookie_secret is None else cookie_secret,
        "client_id": "emile",
        "client_secret": "secret",
        "server_metadata_url": f"{provider}/.well-known/openid-configuration",
    }
