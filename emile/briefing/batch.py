"""Batch export: the briefings of every département of a list, as one ZIP of one-page PDFs."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Sequence

from emile.briefing.assemble import build_briefing
from emile.briefing.context import BriefingContext
from emile.briefing.pdf import render_pdf
from emile.briefing.territory_map import DEFAULT_HEADLINE

Progress = Callable[[int, int, str], None]


def file_name(code: str, name: str) -> str:
    """``fiche_15_cantal.pdf``: ASCII, so the archive opens the same on every system."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return f"fiche_{code}_{slug}.pdf"


def export_zip(
    context: BriefingContext, codes: Sequence[str], headline: str = DEFAULT_HEADLINE, progress: Progress | None = None
) -> bytes:
    """One PDF per code, in list order; ``progress(done, total, name)`` is called after each one."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, code in enumerate(codes, start=1):
            briefing = build_briefing(context, code, headline)
            archive.writestr(file_name(code, briefing.name), render_pdf(briefing))
            if progress is not None:
                progress(done, len(codes), briefing.name)
    return buffer.getvalue()
