"""Print a ``LocalBriefing`` (commune or EPCI) on one A4 portrait page, with the département sheet's page and
drawing helpers (``emile.briefing.pdf``): same fonts, headings, banded tables and one-page check."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime

from emile.briefing import local_text, text
from emile.briefing.batch import Progress, zip_of
from emile.briefing.local import Kind, LocalBriefing, LocalContext, build_local_briefing
from emile.briefing.pdf import BOTTOM, CONTENT_W, GAP, HEADING_H, MARGIN, MUTED, PAGE_W, ROW_H, _Sheet

SOURCES_SIZE, SOURCES_LINE = 5.4, 2.3
NOTE_SIZE = 5.8


def _header(pdf: _Sheet, briefing: LocalBriefing) -> float:
    pdf.write_at(MARGIN, MARGIN, CONTENT_W, "Fiche territoire · programme EMILE", 7.5, "B", MUTED)
    pdf.write_at(MARGIN, MARGIN + 4, CONTENT_W, briefing.title, 18, "B", h=8)
    built = briefing.snapshot_date.strftime("%d/%m/%Y")
    y = pdf.write_at(
        MARGIN,
        MARGIN + 12.5,
        CONTENT_W,
        f"{briefing.nature} · {briefing.departement_name} ({briefing.departement_code}) · {briefing.parent} · "
        f"instantané de données du {built}",
        8.5,
        colour=MUTED,
    )
    pdf.set_line_width(0.6)
    pdf.line(MARGIN, y + 1, PAGE_W - MARGIN, y + 1)
    return y + 1 + GAP


def _summary(pdf: _Sheet, briefing: LocalBriefing, y: float) -> float:
    half = (CONTENT_W - 6) / 2
    left = pdf.heading(MARGIN, y, half, "Population")
    left = pdf.write_at(MARGIN, left, half, local_text.population_text(briefing), 7.5)
    x = MARGIN + half + 6
    right = pdf.heading(x, y, half, "Rang dans son niveau")
    for rank in briefing.ranks:
        right = pdf.write_at(x, right, half, local_text.rank_text(rank), 7.5, "B" if rank is briefing.ranks[0] else "")
    right = pdf.write_at(x, right + 0.4, half, local_text.rank_method(briefing), NOTE_SIZE, "I", MUTED)
    return max(left, right)


def _figures(pdf: _Sheet, briefing: LocalBriefing, y: float) -> float:
    y = pdf.heading(MARGIN, y, CONTENT_W, "Chiffres clés")
    medians = len(briefing.median_labels)
    widths = (80.0, 24.0, *([(CONTENT_W - 80 - 24 - 20) / medians] * medians), 20.0)
    aligns = "LR" + "R" * medians + "L"
    y = pdf.row(MARGIN, y, widths, local_text.figure_columns(briefing), 6.3, "B", aligns=aligns)
    for theme in briefing.themes:
        y = pdf.row(MARGIN, y, widths, [theme.label] + [""] * (len(widths) - 1), 7, "B", band=True, aligns=aligns)
        if theme.note:
            y = pdf.row(MARGIN, y, (CONTENT_W,), [theme.note], 6.5, "I")
        for figure in theme.figures:
            y = pdf.row(MARGIN, y, widths, local_text.figure_cells(figure), 6.6, aligns=aligns)
    note = f"{local_text.medians_note(briefing)} {local_text.SECRET_NOTE}"
    return pdf.write_at(MARGIN, y + 0.5, CONTENT_W, note, NOTE_SIZE, "I", MUTED)


def _occupations(pdf: _Sheet, briefing: LocalBriefing, y: float, shown: int) -> float:
    table = briefing.occupations
    rows = table.rows[:shown]
    where = f"bassin d'emploi {briefing.bassin}" if briefing.bassin else "bassin d'emploi inconnu"
    y = pdf.heading(MARGIN, y, CONTENT_W, f"Métiers les plus recherchés · {where} (BMO {table.year})")
    widths = (104, 26, 30, 30)
    columns = text.occupation_columns(table.year, table.previous_year, table.nomenclature)
    y = pdf.row(MARGIN, y, widths, columns, 6.3, "B", aligns="LRRR")
    for i, metier in enumerate(rows):
        y = pdf.row(MARGIN, y, widths, text.occupation_cells(metier), 6.6, band=i % 2 == 1, aligns="LRRR")
    if not rows:
        y = pdf.write_at(MARGIN, y, CONTENT_W, "Aucun métier publié pour ce bassin.", 7)
    return y


def _offers(pdf: _Sheet, briefing: LocalBriefing, y: float) -> float:
    y = pdf.heading(MARGIN, y, CONTENT_W, "Offres enregistrées")
    lines = [local_text.offer_text(facts) for facts in briefing.offers] or [local_text.NO_OFFERS]
    for line in lines:
        y = pdf.write_at(MARGIN, y, CONTENT_W, line, 7)
    return pdf.write_at(MARGIN, y + 0.3, CONTENT_W, local_text.OFFERS_NOTE, NOTE_SIZE, "I", MUTED)


def _similar(pdf: _Sheet, briefing: LocalBriefing, y: float) -> float:
    y = pdf.heading(MARGIN, y, CONTENT_W, f"Territoires comparables · {briefing.size_class}")
    if not briefing.similar:
        return pdf.write_at(MARGIN, y, CONTENT_W, briefing.similar_note, 7)
    widths = (72, 10, 20, CONTENT_W - 102)
    y = pdf.row(MARGIN, y, widths, local_text.SIMILAR_COLUMNS, 6.3, "B", aligns="LLRL")
    for i, other in enumerate(briefing.similar):
        y = pdf.row(MARGIN, y, widths, local_text.similar_cells(other), 6.6, band=i % 2 == 1, aligns="LLRL")
    return pdf.write_at(MARGIN, y + 0.3, CONTENT_W, briefing.similar_note, NOTE_SIZE, "I", MUTED)


def _occupations_that_fit(pdf: _Sheet, briefing: LocalBriefing, top: float, below: float) -> int:
    """The métiers table gives way to what must follow it (offers, similar territories, sources)."""
    room = BOTTOM - top - below - HEADING_H - ROW_H
    return max(0, min(len(briefing.occupations.rows), math.floor(room / ROW_H)))


def _height_below(pdf: _Sheet, briefing: LocalBriefing) -> float:
    """Height of the blocks under the métiers, measured without drawing."""
    offers = HEADING_H + pdf.height_of(CONTENT_W, local_text.OFFERS_NOTE, NOTE_SIZE, "I")
    offers += sum(
        pdf.height_of(CONTENT_W, line, 7) for line in [local_text.offer_text(f) for f in briefing.offers] or ["x"]
    )
    similar = HEADING_H + ROW_H * (1 + len(briefing.similar))
    similar += pdf.height_of(CONTENT_W, briefing.similar_note, NOTE_SIZE if briefing.similar else 7, "I")
    sources = HEADING_H + pdf.height_of(CONTENT_W, text.sources_text(briefing), SOURCES_SIZE, h=SOURCES_LINE)
    return offers + similar + sources + 4 * GAP


def render_local_pdf(briefing: LocalBriefing) -> bytes:
    """The one-page PDF of ``briefing``; ValueError if the content ever overflows the page."""
    pdf = _Sheet()
    pdf.set_title(f"Fiche territoire EMILE — {briefing.title}")
    pdf.set_author("EMILE Territoires")
    pdf.set_creation_date(datetime.combine(briefing.snapshot_date, datetime.min.time(), tzinfo=UTC))
    y = _header(pdf, briefing)
    y = _summary(pdf, briefing, y) + GAP
    y = _figures(pdf, briefing, y) + GAP
    y = _occupations(pdf, briefing, y, _occupations_that_fit(pdf, briefing, y, _height_below(pdf, briefing))) + GAP
    y = _offers(pdf, briefing, y) + GAP
    y = _similar(pdf, briefing, y) + GAP
    y = pdf.heading(MARGIN, y, CONTENT_W, "Sources")
    y = pdf.write_at(MARGIN, y, CONTENT_W, text.sources_text(briefing), SOURCES_SIZE, colour=MUTED, h=SOURCES_LINE)
    if y > BOTTOM or pdf.page != 1:
        raise ValueError(f"La fiche de {briefing.title} dépasse une page ({y:.0f} mm).")
    return bytes(pdf.output())


def export_local_zip(
    context: LocalContext, kind: Kind, codes: Sequence[str], progress: Progress | None = None
) -> bytes:
    """The sheets of communes or EPCI ``codes`` as one ZIP, one PDF each, read from one shared context."""

    def sheet(code: str) -> tuple[str, bytes]:
        briefing = build_local_briefing(context, kind, code)
        return briefing.name, render_local_pdf(briefing)

    return zip_of(codes, sheet, progress)
