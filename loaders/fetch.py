"""Download a publisher's file into a local cache, safely.

A build must never be left with half a file: downloads go to a temporary file that is renamed into place only once
complete and checked. When the network fails after every retry, the last good cached copy is used and the caller is
told so; with no cached copy the build stops with a FetchError.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from emile.config import DownloadSettings
from loaders.errors import FetchError

log = logging.getLogger(__name__)

RETRYABLE_STATUS = {429, 500, 502, 503, 504}
# An HTML page answered with status 200 (login, maintenance or « file moved » page) is never the data file.
REFUSED_CONTENT_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class FetchResult:
    path: Path
    sha256: str
    from_cache_after_failure: bool
    error: str | None = None


class _Truncated(requests.ConnectionError):
    """The connection closed before the announced number of bytes arrived: worth another try."""


def sha256_of(path: Path) -> str:
    """Checksum recorded in the manifest, so a snapshot can be traced to the exact input bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _check_content_type(url: str, response: requests.Response, expected: tuple[str, ...]) -> None:
    """``expected``, when given, is the only types accepted; otherwise any type but an HTML page is."""
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    wrong = content_type not in expected if expected else content_type in REFUSED_CONTENT_TYPES
    if wrong:
        raise FetchError(f"{url} : type de contenu inattendu « {content_type} » (page web au lieu du fichier ?)")


def _download_once(
    session: requests.Session, url: str, target: Path, timeout_s: float, expected: tuple[str, ...]
) -> None:
    with session.get(url, timeout=timeout_s, stream=True) as response:
        if response.status_code in RETRYABLE_STATUS:
            raise requests.HTTPError(f"réponse HTTP {response.status_code}", response=response)
        if response.status_code != 200:
            raise FetchError(f"{url} : réponse HTTP {response.status_code}")
        _check_content_type(url, response, expected)
        with target.open("wb") as handle:
            for chunk in response.iter_content(1 << 16):
                handle.write(chunk)
        # Content-Length counts the bytes on the wire, compressed when the server gzips the body (GitHub does):
        # compare it with the raw bytes read, not with the decoded bytes written.
        expected_length = response.headers.get("Content-Length")
        received = response.raw.tell()
        if expected_length is not None and received != int(expected_length):
            raise _Truncated(f"contenu tronqué : {received} octets reçus sur {expected_length} annoncés")


def _describe(exc: requests.RequestException, timeout_s: float) -> str:
    """The failure in French words for the person running the build (requests' own messages are English)."""
    if isinstance(exc, requests.Timeout):
        return f"délai de {timeout_s:g} s dépassé"
    if isinstance(exc, (_Truncated, requests.HTTPError)):
        return str(exc)
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "contenu tronqué : connexion interrompue avant la fin du fichier"
    if isinstance(exc, requests.ConnectionError):
        return "connexion impossible ou interrompue"
    return f"erreur réseau ({type(exc).__name__})"


def fetch(
    url: str,
    destination: Path,
    policy: DownloadSettings | None = None,
    session: requests.Session | None = None,
    expected_content_types: tuple[str, ...] = (),
) -> FetchResult:
    """Download ``url`` to ``destination`` atomically, retrying transient failures with exponential backoff
    (``backoff_s``, then twice, four times as long), as ``[telechargement]`` of config.toml sets them. Permanent
    failures (404, HTML page, a content type outside ``expected_content_types`` when given) are not retried."""
    policy = policy or DownloadSettings()
    destination.parent.mkdir(parents=True, exist_ok=True)
    session = session or requests.Session()
    last_error = ""
    for attempt in range(policy.retries + 1):
        handle, temporary = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.")
        os.close(handle)
        temporary_path = Path(temporary)
        try:
            _download_once(session, url, temporary_path, policy.timeout_s, expected_content_types)
            os.replace(temporary_path, destination)
            return FetchResult(destination, sha256_of(destination), from_cache_after_failure=False)
        except FetchError as exc:
            last_error = str(exc)
            break
        except requests.RequestException as exc:
            last_error = f"{url} : {_describe(exc, policy.timeout_s)}"
            log.warning("Téléchargement échoué (essai %d/%d) : %s", attempt + 1, policy.retries + 1, last_error)
            if attempt < policy.retries:
                time.sleep(policy.backoff_s * 2**attempt)
        finally:
            temporary_path.unlink(missing_ok=True)  # gone already after a successful rename
    if destination.exists():
        log.warning("Copie en cache utilisée pour %s après échec : %s", destination.name, last_error)
        return FetchResult(destination, sha256_of(destination), from_cache_after_failure=True, error=last_error)
    raise FetchError(f"Téléchargement impossible après {attempt + 1} essai(s) et aucune copie en cache : {last_error}")
