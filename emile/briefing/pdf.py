"""Print a ``Briefing`` on one A4 portrait page with fpdf2.

Readable in black and white: every colour is paired with text or a light-to-dark order, tables use grey bands. The
map is drawn with fpdf2 polygons from the briefing's own geometry (no tiles, nothing fetched). Text is set in DejaVu
Sans shipped inside matplotlib's package data, so the PDF needs no system font package.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import matplotlib
import shapely
from fpdf import FPDF

from emile.briefing import text
from emile.briefing.model import Briefing, BriefingMap
from emile.briefing.text import french
from emile.formatting import NBSP

FONT = "DejaVu"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 10.0
CONTENT_W = PAGE_W - 2 * MARGIN
INK, MUTED, RULE, BAND = (20, 20, 20), (90, 90, 90), (150, 150, 150), (235, 235, 235)
ROW_H = 3.1
MAP_BOX = (MARGIN, 33.0, 98.0, 61.0)
COMMENT_LIMIT = 400
GAP = 2.5  # between blocks
HEADING_H = 5.2  # a block's title and its rule
BOTTOM = PAGE_H - MARGIN / 2
KM_PER_DEG_LAT = 111.32


def _points(ring: shapely.LinearRing, project) -> list[tuple[float, float]]:
    return [project(x, y) for x, y in ring.coords]


def _exteriors(geometry: shapely.Geometry) -> Iterator[shapely.LinearRing]:
    for polygon in getattr(geometry, "geoms", [geometry]):
        if isinstance(polygon, shapely.Polygon) and not polygon.is_empty:
            yield polygon.exterior


class _Sheet(FPDF):
    """An FPDF page with the few drawing helpers the briefing needs."""

    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font(FONT, "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
        self.set_lang("fr")
        self.add_page()

    def write_at(
        self,
        x: float,
        y: float,
        w: float,
        content: str,
        size: float,
        style: str = "",
        colour: Sequence[int] = INK,
        align: str = "L",
        h: float | None = None,
    ) -> float:
        """Wrapped text in a box of width ``w`` at (x, y); returns the y below it."""
        self.set_font(FONT, style, size)
        self.set_text_color(*colour)
        self.set_xy(x, y)
        self.multi_cell(w, h or size * 0.45, french(content), align=align, new_x="LMARGIN", new_y="NEXT")
        return self.get_y()

    def height_of(self, w: float, content: str, size: float, style: str = "", h: float | None = None) -> float:
        """The height ``write_at`` would take for this text, without drawing it."""
        self.set_font(FONT, style, size)
        return self.multi_cell(w, h or size * 0.45, french(content), dry_run=True, output="HEIGHT")

    def heading(self, x: float, y: float, w: float, title: str) -> float:
        self.set_draw_color(*INK)
        self.set_line_width(0.3)
        self.line(x, y + 4.2, x + w, y + 4.2)
        return self.write_at(x, y, w, title.upper(), 8, "B", h=4) + HEADING_H - 4

    def row(
        self,
        x: float,
        y: float,
        widths: Sequence[float],
        cells: Sequence[str],
        size: float = 7,
        style: str = "",
        band: bool = False,
        aligns: Sequence[str] | None = None,
    ) -> float:
        """One table row of single-line cells; long text is shortened with an ellipsis to keep one line."""
        if band:
            self.set_fill_color(*BAND)
            self.rect(x, y, sum(widths), ROW_H, style="F")
        self.set_font(FONT, style, size)
        self.set_text_color(*INK)
        for i, (width, content) in enumerate(zip(widths, cells)):
            self.set_xy(x, y)
            self.cell(width, ROW_H, self._fit(french(content), width - 1.2), align=(aligns or "L" * len(cells))[i])
            x += width
        return y + ROW_H

    def _fit(self, content: str, width: float) -> str:
        if self.get_string_width(content) <= width:
            return content
        while content and self.get_string_width(content + "…") > width:
            content = content[:-1]
        return content.rstrip() + "…"


def _header(pdf: _Sheet, briefing: Briefing) -> None:
    pdf.write_at(MARGIN, MARGIN, CONTENT_W, "Fiche territoire · programme EMILE", 7.5, "B", MUTED)
    pdf.write_at(MARGIN, MARGIN + 4, CONTENT_W, f"{briefing.name} ({briefing.code})", 18, "B", h=8)
    built = briefing.snapshot_date.strftime("%d/%m/%Y")
    pdf.write_at(
        MARGIN,
        MARGIN + 12.5,
        CONTENT_W,
        f"Département · région {briefing.region_name} · {briefing.status_label} · instantané de données du {built}",
        8.5,
        colour=MUTED,
    )
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.6)
    pdf.line(MARGIN, MARGIN + 18, PAGE_W - MARGIN, MARGIN + 18)


def _projection(bounds: tuple[float, float, float, float], box: tuple[float, float, float, float]):
    """Equirectangular projection of ``bounds`` fitted and centred in ``box``: the projection, its inverse and the
    scale in mm per km."""
    west, south, east, north = bounds
    x, y, w, h = box
    shrink = math.cos(math.radians((south + north) / 2))
    scale = min(w / ((east - west) * shrink), h / (north - south))
    left = x + (w - (east - west) * shrink * scale) / 2
    top = y + (h - (north - south) * scale) / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return left + (lon - west) * shrink * scale, top + (north - lat) * scale

    def unproject(px: float, py: float) -> tuple[float, float]:
        return west + (px - left) / (shrink * scale), north - (py - top) / scale

    return project, unproject, scale / KM_PER_DEG_LAT


def _draw_map(pdf: _Sheet, territory: BriefingMap, code: str) -> None:
    x, y, w, h = MAP_BOX
    project, unproject, mm_per_km = _projection(territory.bounds, MAP_BOX)
    # The whole box is in view, not just the département's bounds: label what lies anywhere in the box.
    view = shapely.box(*unproject(x, y + h), *unproject(x + w, y))
    with pdf.local_context(), pdf.rect_clip(x, y, w, h):
        pdf.set_fill_color(255, 255, 255)
        pdf.rect(x, y, w, h, style="F")
        pdf.set_line_width(0.25)
        for row in territory.surroundings.itertuples(index=False):
            in_programme = row.status != "autre"
            pdf.set_fill_color(*((222, 222, 222) if in_programme else (246, 246, 246)))
            pdf.set_draw_color(*RULE)
            for ring in _exteriors(row.geometry):
                pdf.polygon(_points(ring, project), style="DF")
        pdf.set_line_width(0.08)
        for row in territory.communes.itertuples(index=False):
            if row.geometry is None:
                continue
            missing = row.classe < 0
            classification = territory.classification
            entry_colour = classification.missing_colour if missing else classification.entries[row.classe].colour
            pdf.set_fill_color(*entry_colour)
            pdf.set_draw_color(*((170, 170, 170) if missing else (255, 255, 255)))
            for ring in _exteriors(row.geometry):
                pdf.polygon(_points(ring, project), style="DF")
        pdf.set_draw_color(*INK)
        pdf.set_line_width(0.5)
        for ring in _exteriors(territory.outline):
            pdf.polygon(_points(ring, project), style="D")
        _label_surroundings(pdf, territory, code, view, project)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.2)
    pdf.rect(x, y, w, h)
    _scale_bar(pdf, mm_per_km, x + 2.5, y + h - 3)


def _label_surroundings(pdf: _Sheet, territory: BriefingMap, code: str, view: shapely.Geometry, project) -> None:
    """Name each neighbouring département where it shows, with its programme role (pilot, host, origin…)."""
    for row in territory.surroundings.itertuples(index=False):
        if row.code == code:
            continue
        visible = shapely.intersection(row.geometry, view)
        if visible.is_empty or visible.area < view.area * 0.01:
            continue
        px, py = project(*visible.representative_point().coords[0])
        lines = [row.nom] + ([row.status_label] if row.status != "autre" else [])
        pdf.set_text_color(*(INK if row.status != "autre" else MUTED))
        for i, line in enumerate(lines):
            pdf.set_font(FONT, "B" if i == 0 and row.status != "autre" else "I", 6.5 if i == 0 else 5.8)
            pdf.set_xy(px - 20, py - 1.6 + i * 2.6)
            pdf.cell(40, 2.6, line, align="C")


def _scale_bar(pdf: _Sheet, mm_per_km: float, x: float, y: float) -> None:
    km = next(k for k in (50, 20, 10, 5, 2, 1) if k * mm_per_km <= 30)
    length = km * mm_per_km
    pdf.set_fill_color(*INK)
    pdf.rect(x, y, length, 0.8, style="F")
    pdf.set_font(FONT, "", 6)
    pdf.set_text_color(*INK)
    pdf.set_xy(x + length + 1, y - 1.1)
    pdf.cell(12, 3, f"{km}{NBSP}km")


def _legend(pdf: _Sheet, territory: BriefingMap) -> float:
    x, y, w, h = MAP_BOX
    vintage = "" if territory.vintage in territory.label else f", {territory.vintage}"
    top = pdf.write_at(
        x,
        y + h + 1,
        w,
        f"Communes : {territory.label} ({territory.unit}{vintage}), classes d'effectifs égaux (quantiles)",
        6.5,
        "B",
    )
    items = [(entry.colour, f"{entry.bounds} ({entry.count})") for entry in territory.classification.legend]
    for i, (colour, label) in enumerate(items):
        cx, cy = x + (i % 3) * (w / 3), top + 0.6 + (i // 3) * 3.4
        pdf.set_fill_color(*colour)
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.15)
        pdf.rect(cx, cy + 0.3, 3.4, 2.4, style="DF")
        pdf.set_font(FONT, "", 6)
        pdf.set_text_color(*INK)
        pdf.set_xy(cx + 4, cy)
        pdf.cell(w / 3 - 4, 3, french(label))
    rows = math.ceil(len(items) / 3)
    return pdf.write_at(
        x,
        top + rows * 3.4 + 0.8,
        w,
        "Trait épais : le département. Voisins en gris foncé, avec leur rôle, s'ils sont dans le "
        "programme (pilote, accueil, candidat, zone d'origine).",
        5.8,
        "I",
        MUTED,
    )


def _side_panel(pdf: _Sheet, briefing: Briefing) -> float:
    x = MAP_BOX[0] + MAP_BOX[2] + 6
    w = PAGE_W - MARGIN - x
    y = pdf.heading(x, MAP_BOX[1] - 1, w, "Programme")
    y = pdf.write_at(x, y, w, briefing.status.detail + ".", 7.5) + 1.5
    y = pdf.heading(x, y, w, "Population")
    y = pdf.write_at(x, y, w, text.population_text(briefing), 7.5) + 1.5
    y = _score_block(pdf, briefing, x, y, w)
    return _placements_block(pdf, briefing, x, y + 1.5, w)


def _score_block(pdf: _Sheet, briefing: Briefing, x: float, y: float, w: float) -> float:
    score = briefing.score
    y = pdf.heading(x, y, w, "Classement")
    y = pdf.write_at(x, y, w, text.score_headline(score), 8.5, "B", h=4)
    if score.rank is None:
        return pdf.write_at(x, y + 0.4, w, score.sentence, 6.5)
    y = pdf.write_at(x, y, w, text.score_method(score), 6.5, colour=MUTED) + 0.6
    bar_x, bar_w = x + 18, w - 40
    for theme in score.themes:
        pdf.set_font(FONT, "", 7)
        pdf.set_text_color(*INK)
        pdf.set_xy(x, y)
        pdf.cell(18, 3.4, theme.label)
        pdf.set_draw_color(*INK)
        pdf.set_line_width(0.15)
        pdf.set_fill_color(255, 255, 255)
        pdf.rect(bar_x, y + 0.5, bar_w, 2.4, style="DF")
        if theme.weight > 0:
            pdf.set_fill_color(60, 60, 60)
            pdf.rect(bar_x, y + 0.5, bar_w * theme.contribution / theme.weight, 2.4, style="F")
        pdf.set_xy(bar_x + bar_w + 1, y)
        pdf.cell(21, 3.4, text.theme_share(theme.contribution, theme.weight))
        y += 3.6
    return pdf.write_at(x, y + 0.4, w, score.sentence, 6.5)


def _placements_block(pdf: _Sheet, briefing: Briefing, x: float, y: float, w: float) -> float:
    facts = briefing.placements
    y = pdf.heading(x, y, w, "Placements EMILE")
    if facts.recorded and facts.fictitious:
        y = pdf.write_at(x, y, w, text.FICTITIOUS, 7, "B")
    return pdf.write_at(x, y, w, text.placement_text(facts), 7.5)


def _figures_table(pdf: _Sheet, briefing: Briefing, y: float) -> float:
    y = pdf.heading(MARGIN, y, CONTENT_W, "Chiffres clés")
    widths = (82, 30, 24, 24, 30)
    aligns = "LRRRL"
    y = pdf.row(MARGIN, y, widths, text.FIGURE_COLUMNS, 6.5, "B", aligns=aligns)
    for theme in briefing.themes:
        y = pdf.row(MARGIN, y, widths, [theme.label, "", "", "", ""], 7, "B", band=True, aligns=aligns)
        for figure in theme.figures:
            y = pdf.row(MARGIN, y, widths, text.figure_cells(figure), aligns=aligns)
    return pdf.write_at(
        MARGIN,
        y + 0.5,
        CONTENT_W,
        text.figures_note(briefing),
        5.8,
        "I",
        MUTED,
    )


def _occupations_table(pdf: _Sheet, briefing: Briefing, y: float, shown: int) -> float:
    table = briefing.occupations
    rows = table.rows[:shown]
    y = pdf.heading(MARGIN, y, CONTENT_W, f"Les {len(rows)} métiers les plus recherchés (BMO {table.year})")
    widths = (104, 26, 30, 30)
    aligns = "LRRR"
    y = pdf.row(
        MARGIN,
        y,
        widths,
        text.occupation_columns(table.year, table.previous_year, table.nomenclature),
        6.5,
        "B",
        aligns=aligns,
    )
    for i, metier in enumerate(rows):
        y = pdf.row(MARGIN, y, widths, text.occupation_cells(metier), band=i % 2 == 1, aligns=aligns)
    if not rows:
        y = pdf.write_at(MARGIN, y, CONTENT_W, "Aucun métier publié pour ce département.", 7)
    return pdf.write_at(MARGIN, y + 0.5, CONTENT_W, table.note, 5.8, "I", MUTED)


SOURCES_SIZE, SOURCES_LINE = 7.0, 2.9  # 7 pt at least: a prefecture reads and cites them


def _sources(pdf: _Sheet, briefing: Briefing, y: float) -> float:
    y = pdf.heading(MARGIN, y, CONTENT_W, "Sources")
    return pdf.write_at(MARGIN, y, CONTENT_W, text.sources_text(briefing), SOURCES_SIZE, colour=MUTED, h=SOURCES_LINE)


def _comment(pdf: _Sheet, comment: str, y: float) -> float:
    y = pdf.heading(MARGIN, y, CONTENT_W, "Commentaire")
    return pdf.write_at(MARGIN, y, CONTENT_W, comment, 7.5)


def _occupations_that_fit(pdf: _Sheet, briefing: Briefing, top: float, comment: str) -> int:
    """How many occupations fit between ``top`` and what must follow them (comment, sources): the table gives way,
    since every occupation stays on screen and in the editable version."""
    below = GAP + HEADING_H + pdf.height_of(CONTENT_W, text.sources_text(briefing), SOURCES_SIZE, h=SOURCES_LINE)
    if comment:
        below += GAP + HEADING_H + pdf.height_of(CONTENT_W, comment, 7.5)
    table = HEADING_H + ROW_H + 0.5 + pdf.height_of(CONTENT_W, briefing.occupations.note, 5.8, "I")
    room = BOTTOM - top - table - below
    return max(0, min(len(briefing.occupations.rows), math.floor(room / ROW_H)))


def render_pdf(briefing: Briefing, comment: str = "") -> bytes:
    """The one-page PDF of ``briefing``, with the ``comment`` of the person preparing it (at most
    ``COMMENT_LIMIT`` characters). Raises ValueError if the content ever overflows the page."""
    comment = comment[:COMMENT_LIMIT]
    pdf = _Sheet()
    pdf.set_title(f"Fiche territoire EMILE — {briefing.title}")
    pdf.set_author("EMILE Territoires")
    pdf.set_creation_date(datetime.combine(briefing.snapshot_date, datetime.min.time(), tzinfo=UTC))
    _header(pdf, briefing)
    _draw_map(pdf, briefing.map, briefing.code)
    below_map = _legend(pdf, briefing.map)
    below_panel = _side_panel(pdf, briefing)
    y = _figures_table(pdf, briefing, max(below_map, below_panel) + GAP) + GAP
    y = _occupations_table(pdf, briefing, y, _occupations_that_fit(pdf, briefing, y, comment))
    if comment:
        y = _comment(pdf, comment, y + GAP)
    y = _sources(pdf, briefing, y + GAP)
    if y > BOTTOM or pdf.page != 1:
        raise ValueError(f"La fiche de {briefing.title} dépasse une page ({y:.0f} mm).")
    return bytes(pdf.output())
