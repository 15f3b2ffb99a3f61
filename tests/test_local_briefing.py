"""The sheet of a commune or an EPCI on the committed snapshot: figures and medians checked against the snapshot
tables, secrecy and missing values written as such, ranks among the EPCI of Cantal and of France, similar
territories of the same size class, the one-page PDF (pypdf) and the ZIP of the EPCI of a département."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
import pytest
from pypdf import PdfReader

from emile import snapshot
from emile.briefing import local_text
from emile.briefing.local import build_local_briefing, load_local_context, size_class
from emile.briefing.local_pdf import export_local_zip, render_local_pdf
from emile.config import load_config
from emile.formatting import MISSING
from emile.medians import median

SAINT_FLOUR, COMMUNAUTE = "15187", "200066660"


@pytest.fixture(scope="module")
def context():
    return load_local_context(load_config())


@pytest.fixture(scope="module")
def commune(context):
    return build_local_briefing(context, "commune", SAINT_FLOUR)


@pytest.fixture(scope="module")
def epci(context):
    return build_local_briefing(context, "epci", COMMUNAUTE)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    return re.sub(r"[ \u00a0\n]+", " ", reader.pages[0].extract_text())


def _figure(briefing, indicator_id):
    return next(f for theme in briefing.themes for f in theme.figures if f.indicator_id == indicator_id)


def test_commune_figures_sit_beside_the_medians_of_its_epci_departement_and_france(commune):
    table = snapshot.load_indicators("commune")
    assert (commune.name, commune.nature, commune.departement_name) == ("Saint-Flour", "Commune", "Cantal")
    assert "Saint-Flour Communauté" in commune.parent
    vacancy = _figure(commune, "lovac_taux_vacance")
    assert vacancy.value == pytest.approx(table.at[SAINT_FLOUR, "lovac_taux_vacance"])
    in_epci = table[table["epci"] == COMMUNAUTE]["lovac_taux_vacance"]
    in_departement = table[table["departement"] == "15"]["lovac_taux_vacance"]
    assert vacancy.medians == (median(in_epci), median(in_departement), median(table["lovac_taux_vacance"]))
    assert commune.median_labels == ("EPCI", "département", "France")
    # Jobseekers are published for communes of 5,000 inhabitants or more: too few in the EPCI for a median.
    jobseekers = _figure(commune, "demandeurs_emploi_pour_1000_hab")
    assert jobseekers.medians[0].value is None and jobseekers.medians[0].count < 5
    assert local_text.figure_cells(jobseekers)[2].startswith("n. c. (")


def test_epci_sums_carry_their_secret_communes_and_its_emploi_theme_says_why_it_is_empty(epci):
    table = snapshot.load_indicators("epci")
    vacant = _figure(epci, "lovac_vacants")
    assert vacant.value == table.at[COMMUNAUTE, "lovac_vacants"]
    assert vacant.secret_cells == table.at[COMMUNAUTE, "lovac_vacants__secret"] > 0
    assert local_text.figure_value(vacant).endswith(f"* [{vacant.secret_cells}]")
    emploi = next(theme for theme in epci.themes if theme.theme == "emploi")
    assert emploi.figures == () and "bassin d'emploi" in emploi.note
    assert epci.median_labels == ("département", "France")
    assert epci.population.value == table.at[COMMUNAUTE, "population"]


def test_epci_ranks_among_the_epci_of_cantal_and_of_france(epci):
    cantal, france = epci.ranks
    assert cantal.scope == "EPCI du département (Cantal)" and france.scope == "EPCI de France"
    table = snapshot.load_indicators("epci")
    assert cantal.summary.ranked_count <= int((table["departement"] == "15").sum())
    assert 1 <= cantal.summary.rank <= cantal.summary.ranked_count
    assert 1 <= france.summary.rank <= france.summary.ranked_count
    # Origin areas are never ranked: fewer EPCI than in the table.
    assert france.summary.ranked_count < len(table) - 50


def test_similar_territories_share_the_size_class(context, epci, commune):
    for briefing, kind in ((epci, "epci"), (commune, "commune")):
        assert len(briefing.similar) == 5
        own = size_class(kind, briefing.population.value)
        table = snapshot.load_indicators(kind)
        assert {size_class(kind, table.at[s.code, "population"]) for s in briefing.similar} == {own}
        assert briefing.code not in {s.code for s in briefing.similar}
        assert all(re.search(r"\(\d+\u00a0% de l'écart\)", s.difference) for s in briefing.similar)


def test_the_bassin_metiers_are_those_of_saint_flour_with_the_share_hard_to_fill(commune, epci):
    assert commune.bassin == epci.bassin == "Saint-Flour"
    assert commune.occupations.rows and commune.occupations.rows == epci.occupations.rows
    assert all(m.difficult_share is None or 0 <= m.difficult_share <= 100 for m in commune.occupations.rows)


def test_the_pdf_is_one_page_with_the_screen_text(commune, epci):
    for briefing in (commune, epci):
        content = pdf_text(render_local_pdf(briefing))
        assert briefing.title in content
        assert local_text.rank_text(briefing.ranks[0]).split(" (")[0] in content
        assert "Sources" in content or "SOURCES" in content


def test_the_zip_of_the_epci_of_cantal_holds_one_sheet_each(context):
    table = snapshot.load_indicators("epci")
    codes = sorted(table.index[table["departement"] == "15"])
    calls = []
    content = export_local_zip(context, "epci", codes, lambda done, total, name: calls.append((done, total)))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        assert len(names) == len(codes) and f"fiche_{COMMUNAUTE}_saint-flour-communaute.pdf" in names
        assert "Saint-Flour Communauté" in pdf_text(archive.read(f"fiche_{COMMUNAUTE}_saint-flour-communaute.pdf"))
    assert calls[-1] == (len(codes), len(codes))


def test_communes_fit_on_one_page_and_missing_figures_stay_missing(context):
    communes = snapshot.load_indicators("commune")
    for code in [*communes.index[communes["epci"] == COMMUNAUTE][:10], "15141", "75056", "29155"]:
        render_local_pdf(build_local_briefing(context, "commune", code))  # raises if it overflows
    # Neussargues en Pinatelle, split after the sources' vintages: its figures are missing, never 0.
    split = build_local_briefing(context, "commune", "15141")
    assert pd.isna(communes.at["15141", "lovac_vacants"])
    assert local_text.figure_value(_figure(split, "lovac_vacants")) == MISSING
    # Ouessant belongs to no EPCI: the sheet says so and its EPCI median is not computed.
    island = build_local_briefing(context, "commune", "29155")
    assert "aucun EPCI" in island.parent and _figure(island, "loyer_m2").medians[0].count == 0
