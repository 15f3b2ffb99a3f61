"""The briefing as an editable Word document (DOCX, python-docx) for a prefecture that adapts it: the same sections,
figures and sentences as the PDF (the same ``Briefing`` and text helpers), the map as a picture, the planner's
comment, and every source."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from emile.briefing import text
from emile.briefing.map_image import map_png
from emile.briefing.model import Briefing

MUTED = RGBColor(90, 90, 90)


def _table(document: Document, header: Sequence[str], rows: Sequence[Sequence[str]], widths_cm: Sequence[float]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light List Accent 1"
    for cell, title in zip(table.rows[0].cells, header):
        cell.text = title
    for values in rows:
        cells = table.add_row().cells
        for position, (cell, value) in enumerate(zip(cells, values)):
            cell.text = value
            if position:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
    return table


def _legend(document: Document, briefing: Briefing) -> None:
    """The map's classes: a shaded swatch and « bounds (count) » per class, missing values last."""
    entries = briefing.map.classification.legend
    table = document.add_table(rows=len(entries), cols=2)
    for row, entry in zip(table.rows, entries):
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), "{:02X}{:02X}{:02X}".format(*entry.colour))
        row.cells[0]._tc.get_or_add_tcPr().append(shading)
        row.cells[0].width, row.cells[1].width = Cm(0.8), Cm(8)
        row.cells[1].text = text.french(f"{entry.bounds} ({entry.count})")


def _note(document: Document, content: str) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text.french(content))
    run.italic, run.font.size, run.font.color.rgb = True, Pt(8), MUTED


def render_docx(briefing: Briefing, comment: str = "") -> bytes:
    """The DOCX bytes of ``briefing``, with ``comment`` (free text from the person preparing the sheet)."""
    document = Document()
    document.core_properties.title = f"Fiche territoire EMILE — {briefing.title}"
    document.core_properties.language = "fr-FR"
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(f"{briefing.name} ({briefing.code})", level=0)
    built = briefing.snapshot_date.strftime("%d/%m/%Y")
    _note(
        document,
        f"Fiche territoire · programme EMILE · région {briefing.region_name} · {briefing.status_label} · "
        f"instantané de données du {built}",
    )
    document.add_picture(io.BytesIO(map_png(briefing.map)), width=Cm(12))
    _legend(document, briefing)
    _note(
        document,
        f"Communes : {briefing.map.label} ({briefing.map.unit}), classes d'effectifs égaux (quantiles) ; "
        "trait noir : le département ; voisins en gris foncé s'ils participent au programme.",
    )

    document.add_heading("Programme", level=1)
    document.add_paragraph(text.french(briefing.status.detail + "."))
    document.add_heading("Population", level=1)
    document.add_paragraph(text.french(text.population_text(briefing)))
    document.add_heading("Classement", level=1)
    document.add_paragraph(text.french(text.score_headline(briefing.score)))
    if briefing.score.rank is not None:
        _note(document, text.score_method(briefing.score))
        for theme in briefing.score.themes:
            document.add_paragraph(
                f"{theme.label} : {text.theme_share(theme.contribution, theme.weight)}", style="List Bullet"
            )
    document.add_paragraph(text.french(briefing.score.sentence))
    document.add_heading("Placements EMILE", level=1)
    if briefing.placements.recorded and briefing.placements.fictitious:
        document.add_paragraph().add_run(text.FICTITIOUS).bold = True
    document.add_paragraph(text.french(text.placement_text(briefing.placements)))

    if comment.strip():
        document.add_heading("Commentaire", level=1)
        document.add_paragraph(text.french(comment.strip()))

    document.add_heading("Chiffres clés", level=1)
    rows = [
        [f"{theme.label} · {cells[0]}", *cells[1:]]
        for theme in briefing.themes
        for cells in (text.figure_cells(f) for f in theme.figures)
    ]
    _table(document, text.FIGURE_COLUMNS, rows, (7.0, 2.6, 2.6, 2.6, 2.6))
    _note(document, text.figures_note(briefing))
    occupations = briefing.occupations
    document.add_heading(f"Les {len(occupations.rows)} métiers les plus recherchés (BMO {occupations.year})", level=1)
    _table(
        document,
        text.occupation_columns(occupations.year, occupations.previous_year, occupations.nomenclature),
        [text.occupation_cells(o) for o in occupations.rows],
        (9.0, 2.6, 2.6, 2.6),
    )
    _note(document, occupations.note)
    document.add_heading("Sources", level=1)
    _note(document, text.sources_text(briefing))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
