"""Population loaders: communal census populations and département estimates, and the 2015-2021 trend."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
from territory_support import BANDS, ESTIMATES, real_context, tiny_context, write_estimates

from loaders import population
from loaders.errors import SourceError

FIXTURES = Path(__file__).parent / "fixtures" / "population"
FILES = {"population_communes": "communes.csv", "population_departements": "estimations.xlsx"}


@pytest.fixture
def fixture_context(tmp_path):
    shutil.copy(FIXTURES / "communes.csv", tmp_path / "communes.csv")
    write_estimates(tmp_path / "estimations.xlsx")
    return tiny_context(tmp_path, FILES)


def test_annual_change_formula():
    change = population.annual_change(pd.Series([100.0, 0.0]), pd.Series([200.0, 5.0]), years=1)
    assert change.iloc[0] == pytest.approx(100.0) and math.isnan(change.iloc[1])


def test_overseas_codes_garbled_by_the_export_are_rebuilt(fixture_context):
    tidy = population.parse_population_communes(FIXTURES / "communes.csv", fixture_context.codes)
    assert tidy.set_index("code_source").loc["97101", "commune"] == "97101"


def test_departement_estimates_two_line_header_and_total_rows_left_out(tmp_path):
    tidy = population.parse_population_departements(write_estimates(tmp_path / "e.xlsx"))
    assert sorted(tidy["departement"].unique()) == ["01", "2A", "971"]
    assert tidy.set_index(["departement", "annee"]).loc[("01", 2021), "population"] == 662244
    assert tidy.index[0] == 6  # spreadsheet row of the first département


def test_departement_estimates_missing_year_sheet(tmp_path):
    path = write_estimates(tmp_path / "e.xlsx", {2021: ESTIMATES[2021]})
    with pytest.raises(SourceError, match="onglet « 2015 » absent"):
        population.parse_population_departements(path)


def test_departement_estimates_renamed_total_column(tmp_path):
    path = write_estimates(tmp_path / "e.xlsx", second_header=[*BANDS[:-1], "Ensemble des âges"])
    with pytest.raises(SourceError) as error:
        population.parse_population_departements(path)
    assert error.value.column == "Ensemble / Total"


def test_census_text_in_numeric_column_names_line(tmp_path, fixture_context):
    path = tmp_path / "communes.csv"
    path.write_text((FIXTURES / "communes.csv").read_text(encoding="utf-8-sig").replace(",14800", ",env. 14800"))
    with pytest.raises(SourceError) as error:
        population.parse_population_communes(path, fixture_context.codes)
    assert (error.value.line, error.value.column) == (2, "p21_pop")


def test_build_adds_up_arrondissements_and_merged_communes(fixture_context):
    tables = population.build(fixture_context)
    communes, departements = tables.levels["commune"], tables.levels["departement"]
    assert communes.loc["01004", "population"] == 14900
    assert communes.loc["75056", "population"] == 15919 + 21000
    assert communes.loc["01004", "population_evolution_annuelle"] == pytest.approx(
        ((14900 / 14300) ** (1 / 6) - 1) * 100
    )
    assert communes.loc["01007", "population"] == 0  # a real zero, kept
    assert math.isnan(communes.loc["2A004", "population"])  # not in the file: missing, not zero
    assert departements.loc["01", "population"] == 662244
    assert departements.loc["971", "population_evolution_annuelle"] == pytest.approx(
        ((384239 / 397990) ** (1 / 6) - 1) * 100
    )


def test_build_bassin_population_and_trend_from_summed_communes(fixture_context):
    bassins = population.build(fixture_context).levels["bassin"]
    assert bassins.loc["8201", "population"] == 14900 + 0
    assert bassins.loc["8201", "population_evolution_annuelle"] == pytest.approx(
        ((14900 / (14300 + 2600)) ** (1 / 6) - 1) * 100
    )
    assert bassins.loc["101", "population"] == 47000  # the garbled overseas code is repaired first
    assert math.isnan(bassins.loc["8202", "population"])  # its only commune is not in the file


# --- real files ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_tables(tmp_path_factory):
    ctx = real_context(tmp_path_factory.mktemp("cache"))
    return ctx, population.build(ctx)


def test_real_counts_and_totals(real_tables, shared_raw_dir):
    ctx, tables = real_tables
    assert ctx.records["population_communes"].rows_read == 34995
    assert ctx.records["population_communes"].unmapped_codes == []
    departements = tables.levels["departement"]
    assert len(departements) == 101 and departements["population"].notna().all()
    assert departements.loc["01", "population"] == 662244  # PROVENANCE sample row
    raw = pd.read_csv(
        shared_raw_dir / "population" / "population_municipale_communes_2013_2021.csv", dtype=str, encoding="utf-8-sig"
    )
    assert tables.levels["commune"]["population"].sum() == pd.to_numeric(raw["p21_pop"]).sum()
    assert tables.levels["bassin"]["population"].sum() == pd.to_numeric(raw["p21_pop"]).sum()  # every commune
    assert tables.levels["commune"]["population_evolution_annuelle"].notna().mean() > 0.99
