"""Fiche territoire in a real browser: the planner downloads the one-page PDF of a département."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader


def test_download_the_pdf_of_cantal(page, app_url):
    page.goto(f"{app_url}/fiche?dep=15")
    page.get_by_role("heading", name="Cantal (15)").wait_for(timeout=90_000)
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="Télécharger la fiche (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "fiche_15_cantal.pdf"
    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    assert len(reader.pages) == 1
    assert "Cantal (15)" in reader.pages[0].extract_text()
