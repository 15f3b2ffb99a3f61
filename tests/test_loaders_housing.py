"""Housing loaders: LOVAC (départements, communes), RPLS and rents, on small fixtures in the publishers' layouts and
on the real files."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from territory_support import real_context, tiny_context

from loaders import communal, housing
from loaders.errors import SourceError

FIXTURES = Path(__file__).parent / "fixtures" / "housing"
LOVAC_COMMUNE_HEADER = [
    "INSEE_COM",
    "NOM_COM",
    "Nb_log_pp_2022",
    "Nb_logvac_pp_010121",
    "Nb_logvac_pp_C_010121",
    "Nb_logvac_2A_010121",
    "CODE_DEPT",
]
LOVAC_COMMUNE_ROWS = [
    ["01004", "Ambérieu-en-Bugey", 5922, 509, 327, 182, "01"],
    ["01340", "Ancienne commune", 78, 10, 5, 5, "01"],
    ["75101", "Paris 1er", 10000, 1000, 600, 400, "75"],
    ["75102", "Paris 2e", 5000, None, None, None, "75"],
]
FILES = {
    "lovac_departements": "lovac_dep_cp1252.csv",
    "lovac_communes": "lovac_communes.xlsx",
    "rpls_parc": "rpls_parc.csv",
    "rpls_indicateurs": "rpls_indicateurs.csv",
    "loyers": "loyers_latin1.csv",
}


def write_lovac_communes(
    path: Path, rows=LOVAC_COMMUNE_ROWS, header=LOVAC_COMMUNE_HEADER, sheet="Données", title_rows: int = 0
) -> Path:
    book = Workbook()
    book.active.title = sheet
    for index in range(title_rows):
        book.active.append([f"Titre {index + 1}"])
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def copy_fixture(tmp_path: Path, name: str, text: str | None = None, encoding: str = "cp1252") -> Path:
    """The fixture ``name`` copied into ``tmp_path``, or rewritten with ``text`` when given."""
    target = tmp_path / name
    if text is None:
        shutil.copy(FIXTURES / name, target)
    else:
        target.write_bytes(text.encode(encoding))
    return target


def lovac_text() -> str:
    return (FIXTURES / "lovac_dep_cp1252.csv").read_bytes().decode("cp1252")


@pytest.fixture
def fixture_context(tmp_path):
    for name in FILES.values():
        if name.endswith(".csv"):
            copy_fixture(tmp_path, name)
    write_lovac_communes(tmp_path / "lovac_communes.xlsx")
    return tiny_context(tmp_path, FILES)


# --- LOVAC départements -------------------------------------------------------------------------------------------


def test_lovac_departements_reads_cp1252_spaced_thousands_and_secret_marker():
    tidy = housing.parse_lovac_departements(FIXTURES / "lovac_dep_cp1252.csv")
    assert len(tidy) == 4 * len(housing.LOVAC_YEARS)
    ain_2024 = tidy[(tidy["departement"] == "01") & (tidy["millesime"] == 2024)].iloc[0]
    assert (ain_2024["parc"], ain_2024["vacants"], ain_2024["vacants_2ans"]) == (293837, 31661, 10877)
    latest = tidy[tidy["millesime"] == 2025]
    assert latest["parc"].isna().all()  # the file has no 2025 stock: missing, not zero
    ardeche = latest[latest["departement"] == "07"].iloc[0]
    assert math.isnan(ardeche["vacants_2ans"]) and ardeche["vacants_2ans_secret"]
    assert set(tidy["departement"]) == {"01", "07", "2A", "971"}


def test_lovac_departements_text_in_numeric_column_names_line_and_column(tmp_path):
    path = copy_fixture(tmp_path, "bad.csv", lovac_text().replace("30 434", "trente mille"))
    with pytest.raises(SourceError) as error:
        housing.parse_lovac_departements(path)
    assert (error.value.line, error.value.column) == (2, "pp_vacant_22")
    assert "trente mille" in str(error.value) and "bad.csv" in str(error.value)


def test_lovac_departements_renamed_column_is_named(tmp_path):
    path = copy_fixture(tmp_path, "renamed.csv", lovac_text().replace("pp_total_24", "pp_totale_24"))
    with pytest.raises(SourceError) as error:
        housing.parse_lovac_departements(path)
    assert error.value.column == "pp_total_24"
    assert "pp_totale_24" in str(error.value)


def test_lovac_departements_utf8_with_bom_and_comma_separator_read_the_same(tmp_path):
    text = lovac_text().replace(";", ",").replace("9 805", "9805")
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace(" ,", ",").encode("utf-8"))
    tidy = housing.parse_lovac_departements(path)
    assert tidy.loc[tidy["millesime"] == 2025, "vacants"].iloc[0] == 19805


def test_lovac_departements_wrong_declared_encoding_is_reported(tmp_path):
    from loaders.readers import read_csv

    with pytest.raises(SourceError) as error:
        read_csv(FIXTURES / "lovac_dep_cp1252.csv", ["DEP"], encoding="utf-8")
    assert error.value.line == 3 and "utf-8" in str(error.value)


def test_lovac_departements_empty_file(tmp_path):
    with pytest.raises(SourceError, match="vide"):
        housing.parse_lovac_departements(copy_fixture(tmp_path, "empty.csv", ""))


def test_lovac_departements_exact_duplicate_is_dropped_conflicting_one_is_refused(tmp_path):
    lines = lovac_text().splitlines()
    exact = copy_fixture(tmp_path, "exact.csv", "\n".join([*lines, lines[1]]) + "\n")
    assert len(housing.parse_lovac_departements(exact)) == 4 * len(housing.LOVAC_YEARS)
    conflicting = copy_fixture(tmp_path, "conflict.csv", "\n".join([*lines, lines[1].replace("19 805", "1")]) + "\n")
    with pytest.raises(SourceError) as error:
        housing.parse_lovac_departements(conflicting)
    assert error.value.line == 6 and error.value.column == "DEP"


def test_lovac_departements_impossible_counts_fail_the_schema(tmp_path):
    path = copy_fixture(tmp_path, "impossible.csv", lovac_text().replace("12 070", "99 999"))
    with pytest.raises(SourceError, match="vacants_2ans <= vacants"):
        housing.parse_lovac_departements(path)


# --- LOVAC communes -----------------------------------------------------------------------------------------------


def test_lovac_communes_header_offset_and_current_codes(tmp_path, fixture_context):
    path = write_lovac_communes(tmp_path / "offset.xlsx", title_rows=3)
    tidy = housing.parse_lovac_communes(path, fixture_context.codes)
    assert tidy.index.tolist() == [5, 6, 7, 8]  # spreadsheet rows, below the three title rows and the header
    assert tidy.set_index("code_source")["commune"].to_dict() == {
        "01004": "01004",
        "01340": "01004",
        "75101": "75056",
        "75102": "75056",
    }


def test_lovac_communes_wrong_sheet(tmp_path, fixture_context):
    path = write_lovac_communes(tmp_path / "sheet.xlsx", sheet="Feuil1")
    with pytest.raises(SourceError, match="onglet « Données » absent"):
        housing.parse_lovac_communes(path, fixture_context.codes)


def test_lovac_communes_malformed_code_names_line(tmp_path, fixture_context):
    rows = [*LOVAC_COMMUNE_ROWS[:2], ["ABCDE", "?", 1, 1, 0, 1, "01"]]
    with pytest.raises(SourceError) as error:
        housing.parse_lovac_communes(write_lovac_communes(tmp_path / "code.xlsx", rows), fixture_context.codes)
    assert (error.value.line, error.value.column) == (4, "INSEE_COM")


# --- RPLS and rents ---------------------------------------------------------------------------------------------


def test_rpls_blank_counts_are_withheld_not_zero(fixture_context):
    tidy = housing.parse_rpls(FIXTURES / "rpls_parc.csv", FIXTURES / "rpls_indicateurs.csv", fixture_context.codes)
    ambronay = tidy.set_index("code_source").loc["01007"]
    assert math.isnan(ambronay["vacants"]) and ambronay["vacants_secret"] and ambronay["taux_vacance"] == 10.0


def test_rpls_rate_out_of_range_fails_schema_with_line(tmp_path, fixture_context):
    rates = (FIXTURES / "rpls_indicateurs.csv").read_text().replace("10.0,20.0", "10.0,120.0")
    path = copy_fixture(tmp_path, "rates.csv", rates, "utf-8")
    with pytest.raises(SourceError) as error:
        housing.parse_rpls(FIXTURES / "rpls_parc.csv", path, fixture_context.codes)
    assert (error.value.line, error.value.column) == (3, "taux_mobilite")


def test_loyers_decimal_comma_latin1_and_codes_without_leading_zero(fixture_context):
    tidy = housing.parse_loyers(FIXTURES / "loyers_latin1.csv", fixture_context.codes)
    assert tidy["code_source"].tolist()[:3] == ["01004", "01340", "01007"]
    assert tidy["loyer_m2"].tolist()[:2] == [10.0, 8.0]
    assert tidy.set_index("code_source").loc["2A004", "commune"] == "2A004"


def test_loyers_unknown_code_is_reported_not_guessed(tmp_path, fixture_context):
    text = (FIXTURES / "loyers_latin1.csv").read_text(
        encoding="latin-1"
    ) + "9;99999;Inconnue;99;99;1;commune;9,0;8,0;10,0;0,5;10;10\n"
    path = copy_fixture(tmp_path, "loyers_latin1.csv", text, "latin-1")
    ctx = tiny_context(tmp_path, {"loyers": "loyers_latin1.csv"})
    tidy = housing.parse_loyers(path, ctx.codes)
    assert pd.isna(tidy.set_index("code_source").loc["99999", "commune"])
    assert ctx.codes.unmapped(tidy["code_source"]) == ["99999"]


# --- build --------------------------------------------------------------------------------------------------------


def test_build_levels_add_up_merged_communes_and_keep_secrecy_visible(fixture_context):
    tables = housing.build(fixture_context)
    communes, departements = tables.levels["commune"], tables.levels["departement"]
    # LOVAC: 01340 merged into 01004; Paris from its arrondissements, 75102 blank so only 75101 counts.
    assert communes.loc["01004", "lovac_vacants"] == 519
    assert communes.loc["01004", "lovac_taux_vacance"] == pytest.approx(100 * 519 / 6000)
    assert math.isnan(communes.loc["01007", "lovac_taux_vacance"])
    assert communes.loc["01007", "lovac_taux_vacance__secret"] == 1
    # Départements: counts and rates of the same millésime, 2024, the last with a total stock (the 2025 count and
    # its secret cell are not shown beside a 2024 rate).
    assert departements.loc["01", "lovac_taux_vacance"] == pytest.approx(100 * 31661 / 293837)
    assert departements.loc["01", "lovac_vacants"] == 31661
    assert departements.loc["07", "lovac_vacants_longue"] == 8000
    assert departements.loc["07", "lovac_vacants_longue__secret"] == 0
    # RPLS: communes absent from RPLS have no social housing; withheld counts are counted.
    assert communes.loc["75056", "rpls_logements_sociaux"] == 1145 + 934
    assert communes.loc["01010", "rpls_logements_sociaux"] == 0 and math.isnan(
        communes.loc["01010", "rpls_taux_vacance"]
    )
    assert communes.loc["75056", "rpls_taux_vacance"] == pytest.approx((1.5260 * 1145 + 0.3322 * 934) / 2079)
    assert departements.loc["01", "rpls_logements_vacants"] == 96
    assert departements.loc["01", "rpls_logements_vacants__secret"] == 1
    # Rents: merged commune weighted by ads, Paris by ads, département by population.
    assert communes.loc["01004", "loyer_m2"] == pytest.approx((10 * 300 + 8 * 100) / 400)
    assert communes.loc["01007", "loyer_m2"] == 9.5  # no ads anywhere in the group: plain mean
    assert communes.loc["75056", "loyer_m2"] == pytest.approx((36 * 100 + 30 * 300) / 400)
    expected_ain = (9.5 * 10000 + 9.5 * 2000) / 12000
    assert departements.loc["01", "loyer_m2"] == pytest.approx(expected_ain)
    assert fixture_context.records["lovac_communes"].rows_read == 4


def test_build_bassins_add_up_their_communes_and_count_withheld_ones(fixture_context):
    bassins = housing.build(fixture_context).levels["bassin"]
    assert set(bassins.index) == {"8201", "8202", "1101", "9401", "101"}  # 97209 is in no bassin
    bourg = bassins.loc["8201"]  # 01004 (with its former 01340) and 01007
    assert bourg["lovac_vacants"] == 519 and bourg["lovac_vacants__secret"] == 1  # 01007 withheld in LOVAC
    assert bourg["lovac_taux_vacance"] == pytest.approx(100 * 519 / 6000)
    assert bourg["lovac_taux_vacance_longue__secret"] == 1
    assert math.isnan(bassins.loc["8202", "lovac_vacants"]) and bassins.loc["8202", "lovac_vacants__secret"] == 1
    assert bourg["rpls_logements_sociaux"] == 2109 + 10
    assert bourg["rpls_logements_vacants"] == 96 and bourg["rpls_logements_vacants__secret"] == 1
    assert bourg["rpls_taux_vacance"] == pytest.approx((4.7952 * 2109 + 10.0 * 10) / 2119)
    assert bourg["loyer_m2"] == pytest.approx(9.5)
    assert bassins.loc["1101", "rpls_logements_sociaux"] == 1145 + 934


# --- real files ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_tables(tmp_path_factory):
    ctx = real_context(tmp_path_factory.mktemp("cache"))
    return ctx, housing.build(ctx)


def test_real_row_counts_match_provenance(real_tables):
    ctx, _ = real_tables
    rows = {source: record.rows_read for source, record in ctx.records.items() if not source.startswith("population")}
    assert rows == {
        "bassins_emploi": 37498,
        "lovac_departements": 101,
        "lovac_communes": 16209,
        "rpls_parc": 16859,
        "rpls_indicateurs": 16859,
        "loyers": 35441,
    }


def test_real_totals_agree_with_raw_cells(real_tables, shared_raw_dir):
    _, tables = real_tables
    raw = pd.read_csv(shared_raw_dir / "rpls" / "rpls_indicateurs_communes_2024.csv", dtype=str)
    assert tables.levels["departement"]["rpls_logements_sociaux"].sum() == pd.to_numeric(raw["nb_ls"]).sum()
    assert tables.levels["commune"]["rpls_logements_sociaux"].sum() == pd.to_numeric(raw["nb_ls"]).sum()
    assert tables.levels["bassin"]["rpls_logements_sociaux"].sum() == pd.to_numeric(raw["nb_ls"]).sum()
    lovac = pd.read_csv(
        shared_raw_dir / "lovac" / "lovac_opendata_dep_2020_2025.csv", dtype=str, sep=";", encoding="cp1252"
    )
    lovac.columns = lovac.columns.str.strip()
    raw_2024 = pd.to_numeric(lovac["pp_vacant_24"].str.replace(r"\s", "", regex=True)).sum()
    assert tables.levels["departement"]["lovac_vacants"].sum() == raw_2024


def test_real_commune_vacancy_matches_published_share(real_tables, shared_raw_dir):
    _, tables = real_tables
    raw = pd.read_excel(
        shared_raw_dir / "lovac" / "lovac_communes_2019_2021.xlsx", sheet_name="Données", dtype=str, engine="calamine"
    ).set_index("INSEE_COM")
    published = pd.to_numeric(raw["Prop_logvac_pp_010121"])
    ours = tables.levels["commune"]["lovac_taux_vacance"].reindex(published.index).dropna()
    compared = published.reindex(ours.index)
    assert len(ours) > 13000
    assert ((ours - compared).abs() < 1e-9).mean() > 0.99  # all but communes merged since 2021


def test_real_coverage(real_tables):
    ctx, tables = real_tables
    communes, departements = tables.levels["commune"], tables.levels["departement"]
    assert len(departements) == 101 and departements["lovac_taux_vacance"].notna().all()
    assert communes["rpls_taux_vacance"].notna().sum() > 16000
    assert communes["loyer_m2"].notna().mean() > 0.99
    secret = communes["lovac_taux_vacance__secret"] >= 1
    assert (communes["lovac_taux_vacance"].isna() <= secret).all()  # every missing value is counted secret
    # A value counted secret is a merged commune's partial sum, listed in the manifest (a listed one may also have
    # no value at all, when its published part is blank), and every listed one is counted secret.
    partial = next(q for q in ctx.files.quality if q["type"] == "somme partielle")
    assert set(communes.index[secret & communes["lovac_taux_vacance"].notna()]) <= set(partial["codes"])
    assert secret[partial["codes"]].all()


def _national(totals: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame({"millesime": list(totals), "vacants": list(totals.values())})


def test_series_break_is_a_national_jump_of_more_than_20_percent():
    steady = _national({2022: 100.0, 2023: 110.0, 2024: 90.0})  # +10 %, -18 %: no break
    assert housing.series_breaks(steady, "vacants") == []
    broken = _national({2023: 100.0, 2024: 102.0, 2025: 65.0})
    assert housing.series_breaks(broken, "vacants") == [
        {
            "millesime": 2025,
            "millesime_precedent": 2024,
            "total": 65.0,
            "total_precedent": 102.0,
            "variation_pct": -36.3,
        }
    ]


def test_build_flags_no_break_in_the_fixture_and_reads_the_year_with_a_stock(fixture_context):
    housing.build(fixture_context)
    # 2025 is 19.9 % below 2024 in the fixture: under the threshold, not a break.
    assert [q for q in fixture_context.files.quality if q["type"] == "rupture de série"] == []
    tidy = housing.parse_lovac_departements(FIXTURES / "lovac_dep_cp1252.csv")
    assert housing.departement_year(tidy) == 2024


@pytest.mark.shared
def test_real_2025_is_flagged_as_a_series_break(real_tables):
    ctx, tables = real_tables
    breaks = [q for q in ctx.files.quality if q["type"] == "rupture de série"]
    assert [(q["source"], q["codes"]) for q in breaks] == [("lovac_departements", ["2025"])]
    assert breaks[0]["variation_pct"] == pytest.approx(-35.4)
    # Cantal: 2024 count and 2024 rate, one year.
    cantal = tables.levels["departement"].loc["15"]
    assert cantal["lovac_vacants"] == 13673
    assert cantal["lovac_taux_vacance"] == pytest.approx(13.945, abs=0.001)


def test_a_merged_commune_missing_a_secret_part_is_a_partial_sum():
    # The census's parts: 01138 = 01039 + 01138; 01004 = 01004 + 01340; 01007 alone.
    reference = pd.DataFrame(
        {
            "code_source": ["01039", "01138", "01004", "01340", "01007"],
            "commune": ["01138", "01138", "01004", "01004", "01007"],
        }
    )
    listed = pd.DataFrame({"code_source": ["01138", "01004", "01340"], "commune": ["01138", "01004", "01004"]})
    gaps = communal.missing_parts(listed, reference)
    assert gaps.to_dict() == {"01138": 1}  # 01039 is secret; 01004 is complete; 01007 is wholly secret, not partial
    tidy = pd.DataFrame(
        {"commune": ["01138", "01004"], "parc": [100.0, 50.0], "vacants": [10.0, 5.0], "vacants_2ans": [1.0, 1.0]}
    )
    sums = housing._lovac_commune_sums(tidy, pd.Index(["01138", "01004", "01007"]), gaps)
    assert sums["secret"].to_dict() == {"01138": 1, "01004": 0, "01007": 1}
    assert sums.loc["01138", "vacants"] == 10  # the published part, flagged as partial
