"""Pôle emploi tension classes by bassin × ROME (2021): parsing, the share of high-tension métiers per bassin, the
bad inputs of issue #3, and the real file in ../shared/data/raw.

The fixture ``tests/fixtures/labour/tensions_bassin_rome.csv`` is written in the real layout (';', decimal comma,
four-digit bassin codes): bassin 1501 lists 4 métiers of classes 5, 2, 4, 1 (2 high → 50 %), bassin 1502 lists 3 of
classes 3, 5, 4 (2 high → 66.7 %), and bassin 0203 is unknown to the fixture's BMO survey.
"""

from __future__ import annotations

import pytest
from labour_fixtures import FIXTURES, fixture_context, write_all_sources

from loaders import bmo, labour, tensions_bassin
from loaders.errors import SourceError

FIXTURE = FIXTURES / "tensions_bassin_rome.csv"
REAL_FILE = "tensions_bassin_rome/tensions_bassin_rome_2021.csv"
REAL_ROWS = 27135  # from tensions_bassin_rome/PROVENANCE.md


def _variant(tmp_path, old: str, new: str):
    text = FIXTURE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "tensions_bassin_rome.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_parse_drops_leading_zero_of_bassin_codes_like_bmo():
    tidy, rows_read = tensions_bassin.parse_tensions_bassin_rome(FIXTURE, 2021)
    assert rows_read == len(tidy) == 8
    assert sorted(set(tidy["bassin"])) == ["1501", "1502", "203"]
    assert tidy.loc[2, ["bassin", "rome", "classe"]].tolist() == ["1501", "A1101", 5.0]


def test_share_of_high_tension_metiers_per_bassin():
    tidy, _ = tensions_bassin.parse_tensions_bassin_rome(FIXTURE, 2021)
    result = tensions_bassin.bassin_high_tension(tidy)
    assert result.loc["1501", "part_forte"] == pytest.approx(50.0)
    assert result.loc["1502", "part_forte"] == pytest.approx(200 / 3)
    assert result.loc["203", "part_forte"] == 100.0
    assert result["metiers"].to_dict() == {"1501": 4.0, "1502": 3.0, "203": 1.0}


def test_metier_without_class_is_left_out_and_counted(tmp_path):
    path = _variant(tmp_path, "2021;N4101;1501;3,5;2;1;", "2021;N4101;1501;3,5;2;nd;")
    result = tensions_bassin.bassin_high_tension(tensions_bassin.parse_tensions_bassin_rome(path, 2021)[0])
    assert result.loc["1501", "part_forte"] == pytest.approx(200 / 3)
    assert result.loc["1501", "sans_classe"] == 1 and result.loc["1501", "metiers"] == 3


def test_missing_column_is_named(tmp_path):
    path = _variant(tmp_path, "ind_tension_d", "tension")
    with pytest.raises(SourceError) as error:
        tensions_bassin.parse_tensions_bassin_rome(path, 2021)
    assert (error.value.file, error.value.column) == ("tensions_bassin_rome.csv", "ind_tension_d")


def test_text_in_class_column_names_file_line_and_column(tmp_path):
    path = _variant(tmp_path, "2021;K1302;1501;37,42073171;23,75;4;", "2021;K1302;1501;37,42073171;23,75;forte;")
    with pytest.raises(SourceError) as error:
        tensions_bassin.parse_tensions_bassin_rome(path, 2021)
    assert (error.value.file, error.value.line, error.value.column) == ("tensions_bassin_rome.csv", 4, "ind_tension_d")


def test_class_outside_one_to_five_is_refused(tmp_path):
    path = _variant(tmp_path, "2021;A1203;1501;1,5;103;2;", "2021;A1203;1501;1,5;103;7;")
    with pytest.raises(SourceError) as error:
        tensions_bassin.parse_tensions_bassin_rome(path, 2021)
    assert (error.value.line, error.value.column) == (3, "ind_tension_d")


def test_other_year_and_contradictory_duplicate_are_refused(tmp_path):
    with pytest.raises(SourceError) as error:
        tensions_bassin.parse_tensions_bassin_rome(FIXTURE, 2020)
    assert (error.value.line, error.value.column) == (2, "annee")
    path = _variant(tmp_path, "2021;N4101;1502;12;9,5;4;", "2021;K1302;1502;12;9,5;4;")
    with pytest.raises(SourceError) as error:
        tensions_bassin.parse_tensions_bassin_rome(path, 2021)
    assert error.value.line == 8


def test_build_joins_bmo_bassins_and_reports_unknown_codes(tmp_path):
    ctx = fixture_context(write_all_sources(tmp_path))
    bassin = labour.build(ctx).levels["bassin"]
    assert bassin.loc["1501", "tension_bassin_part_forte_2021"] == pytest.approx(50.0)
    assert bassin.loc["1502", "tension_bassin_metiers_2021"] == 3
    assert "203" not in bassin.index  # no BMO bassin of that code in the fixture survey: reported, not added
    record = ctx.records[labour.TENSIONS_BASSIN_SOURCE]
    assert record.unmapped_codes == ["203"]
    assert (record.rows_read, record.rows_kept) == (8, 7)


@pytest.mark.shared
def test_real_file_row_count_and_bassin_coverage(shared_raw_dir):
    tidy, rows_read = tensions_bassin.parse_tensions_bassin_rome(shared_raw_dir / REAL_FILE, 2021)
    assert rows_read == len(tidy) == REAL_ROWS
    result = tensions_bassin.bassin_high_tension(tidy)
    assert len(result) == 403  # bassins quoted in the PROVENANCE
    assert result["metiers"].sum() == REAL_ROWS - result["sans_classe"].sum()
    high = tidy["classe"].isin(tensions_bassin.HIGH_CLASSES).sum()
    assert (result["part_forte"] * result["metiers"] / 100).sum() == pytest.approx(high)
    assert (tidy["classe"] == 5).sum() == 13940  # class 5 rows quoted in the PROVENANCE
    # The DROM bassin '0203' of the file is BMO's '203'.
    assert "203" in result.index and "0203" not in result.index


@pytest.mark.shared
def test_real_bassins_match_bmo_codes(shared_raw_dir):
    tidy, _ = tensions_bassin.parse_tensions_bassin_rome(shared_raw_dir / REAL_FILE, 2021)
    survey, _ = bmo.parse_bmo(shared_raw_dir / "bmo/Base_open_data_BMO_2025.xlsx", 2025)
    bmo_bassins, file_bassins = set(survey["bassin"]), set(tidy["bassin"])
    # Marie-Galante (103) has no BMO 2025 row but is in the commune → bassin table, so it keeps its value.
    assert file_bassins - bmo_bassins == {"103"}
    assert len(file_bassins & bmo_bassins) / len(bmo_bassins) > 0.95  # most bassins get a value
