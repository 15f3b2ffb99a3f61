"""Download faults against a local HTTP server: timeout, server error then success, body cut short, wrong content
type. Each retries with backoff, never leaves a partial file, fails in French, and falls back to the last good copy."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from local_http import LocalServer, Reply

from emile.config import DownloadSettings
from loaders.errors import FetchError
from loaders.fetch import fetch

DATA = b"code;taux\n15;3,9\n43;5,1\n" * 50
OLD = b"code;taux\n15;4,0\n"
BACKOFF_S = 0.05
POLICY = DownloadSettings(timeout_s=0.5, retries=2, backoff_s=BACKOFF_S)


@pytest.fixture
def server():
    with LocalServer() as running:
        yield running


def _leftovers(folder: Path, destination: Path) -> list[str]:
    """Files other than the destination: a partial download must never stay behind."""
    return sorted(p.name for p in folder.iterdir() if p != destination)


def test_download_writes_the_file_and_its_checksum(server, tmp_path):
    url = server.script("/data.csv", Reply(DATA, content_type="text/csv"))
    target = tmp_path / "cache" / "theme" / "data.csv"
    result = fetch(url, target, POLICY)
    assert target.read_bytes() == DATA
    assert result.sha256 == hashlib.sha256(DATA).hexdigest()
    assert not result.from_cache_after_failure and result.error is None
    assert _leftovers(target.parent, target) == []


def test_gzip_encoded_body_is_saved_decoded_and_not_taken_for_truncated(server, tmp_path):
    """GitHub's raw files come gzip-encoded: Content-Length counts the compressed bytes, not the saved ones."""
    url = server.script("/data.csv", Reply(DATA, content_type="text/plain", gzip=True))
    result = fetch(url, tmp_path / "data.csv", POLICY)
    assert (tmp_path / "data.csv").read_bytes() == DATA
    assert not result.from_cache_after_failure
    assert len(server.hits["/data.csv"]) == 1


def test_server_error_is_retried_with_backoff_then_succeeds(server, tmp_path):
    url = server.script("/data.csv", Reply(b"erreur", status=500), Reply(b"erreur", status=503), Reply(DATA))
    result = fetch(url, tmp_path / "data.csv", POLICY)
    assert (tmp_path / "data.csv").read_bytes() == DATA and not result.from_cache_after_failure
    hits = server.hits["/data.csv"]
    assert len(hits) == 3
    gaps = [later - earlier for earlier, later in zip(hits, hits[1:])]
    assert gaps[0] >= BACKOFF_S and gaps[1] >= 2 * BACKOFF_S  # exponential: 1×, then 2× the base wait


def test_timeout_is_retried_then_fails_in_french_without_a_file(server, tmp_path):
    url = server.script("/data.csv", Reply(DATA, delay_s=3))
    target = tmp_path / "data.csv"
    with pytest.raises(FetchError) as raised:
        fetch(url, target, DownloadSettings(timeout_s=0.2, retries=1, backoff_s=BACKOFF_S))
    message = str(raised.value)
    assert "aucune copie en cache" in message and "délai" in message and url in message
    assert len(server.hits["/data.csv"]) == 2
    assert _leftovers(tmp_path, target) == [] and not target.exists()


def test_truncated_body_is_retried_and_never_kept(server, tmp_path):
    url = server.script("/data.csv", Reply(DATA, declared_length=len(DATA) + 1000))
    target = tmp_path / "data.csv"
    with pytest.raises(FetchError, match="tronqué|interrompu"):
        fetch(url, target, POLICY)
    assert len(server.hits["/data.csv"]) == POLICY.retries + 1
    assert not target.exists() and _leftovers(tmp_path, target) == []


def test_truncated_then_complete_body_succeeds(server, tmp_path):
    url = server.script("/data.csv", Reply(DATA, declared_length=len(DATA) * 2), Reply(DATA))
    result = fetch(url, tmp_path / "data.csv", POLICY)
    assert result.sha256 == hashlib.sha256(DATA).hexdigest()
    assert len(server.hits["/data.csv"]) == 2


def test_html_page_instead_of_the_file_is_refused_without_retry(server, tmp_path):
    """A login or error page served with status 200 is not the data file: no retry will change that."""
    url = server.script("/data.csv", Reply(b"<html><body>Maintenance</body></html>", content_type="text/html"))
    target = tmp_path / "data.csv"
    with pytest.raises(FetchError, match="type de contenu inattendu « text/html »"):
        fetch(url, target, POLICY)
    assert len(server.hits["/data.csv"]) == 1
    assert not target.exists() and _leftovers(tmp_path, target) == []


def test_expected_content_types_are_enforced(server, tmp_path):
    url = server.script("/data.json", Reply(b"code;taux\n", content_type="text/csv"))
    with pytest.raises(FetchError, match="type de contenu inattendu « text/csv »"):
        fetch(url, tmp_path / "data.json", DownloadSettings(retries=0), expected_content_types=("application/json",))


@pytest.mark.parametrize(
    "failure",
    [
        Reply(status=500),
        Reply(DATA, declared_length=len(DATA) + 10),
        Reply(b"<html></html>", content_type="text/html; charset=utf-8"),
        Reply(DATA, delay_s=3),
    ],
    ids=["erreur-500", "tronque", "page-html", "delai"],
)
def test_failure_falls_back_to_the_last_good_copy_untouched(server, tmp_path, failure):
    target = tmp_path / "data.csv"
    target.write_bytes(OLD)
    url = server.script("/data.csv", failure)
    result = fetch(url, target, DownloadSettings(timeout_s=0.2, retries=1, backoff_s=BACKOFF_S))
    assert result.from_cache_after_failure and result.path == target
    assert target.read_bytes() == OLD and result.sha256 == hashlib.sha256(OLD).hexdigest()
    assert result.error and url in result.error
    assert _leftovers(tmp_path, target) == []


def test_not_found_is_not_retried(server, tmp_path):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(server.url("/absent.csv"), tmp_path / "absent.csv", POLICY)
