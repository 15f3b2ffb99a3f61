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


def zip_of(codes: Sequence[str], sheet: Callable[[str], tuple[str, bytes]], progress: Progress | None = None) -> bytes:
    """One file per code, in list order, ``sheet(code)`` giving its name and its PDF; ``progress(done, total,
    name)`` is called after each one. Shared by the département, commune and EPCI sheets."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, code in enumerate(codes, start=1):
            name, content = sheet(code)
            archive.writestr(file_name(code, name), content)
            if progress is not None:
                progress(done, len(codes), name)
    return buffer.getvalue()


def export_zip(
    context: BriefingContext, codes: Sequence[str], headline: str = DEFAULT_HEADLINE, progress: Progress | None = None
) -> bytes:
    """One PDF per code, in list order; ``progress(done, total, name)`` is called after each one."""

    def sheet(code: str) -> tuple[str, bytes]:
        briefing = build_briefing(context, code, headline)
        return briefing.name, render_pdf(briefing)

    return zip_of(codes, sheet, progress)
