"""Signing in for tests. ``auth_section`` is the ``[auth]`` section the app trusts (``emile.placements.login``): a
strong cookie secret, provider addresses on 127.0.0.1. Without it a signed-in AppTest user stays public, as a real
visitor would under a weak secret. ``identity_provider`` and ``write_auth_secrets`` are what a browser test needs to
sign in through st.login for real: a local OpenID Connect provider (oidc-provider-mock) and the app's secrets file
pointing at it."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


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


@contextmanager
def identity_provider(emails: Sequence[str], extra_claims: dict[str, str] | None = None) -> Iterator[str]:
    """oidc-provider-mock on 127.0.0.1 with one predefined account per email (verified, plus ``extra_claims``),
    stopped on leaving; yields its address. The caller skips first when oidc-provider-mock is absent
    (``pytest.importorskip``), hence the imports here."""
    import oidc_provider_mock
    import werkzeug.serving

    users = [
        oidc_provider_mock.User(sub=email, claims={"email": email, "email_verified": True, **(extra_claims or {})})
        for email in emails
    ]
    server = werkzeug.serving.make_server("127.0.0.1", 0, oidc_provider_mock.app(user_claims=users), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def write_auth_secrets(path: Path, app_url: str, provider: str) -> Path:
    """A Streamlit secrets file (for ``--secrets.files``) whose [auth] section sends the app at ``app_url`` to the
    provider at ``provider`` to sign in."""
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "{app_url}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "emile-territoires"\n'
        'client_secret = "secret-de-test"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    return path
