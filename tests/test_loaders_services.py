"""Services loaders: BPE counts, France services sites, APL, and the distances built from them."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from territory_support import real_context, tiny_context

from loaders import services
from loaders.distance import nearest_km, zone_of
from loaders.errors import SourceError

FIXTURES = Path(__file__).parent / "fixtures" / "services"
FILES = {
    "bpe_sante": "sante.xlsx",
    "bpe_commerce": "commerce.csv",
    "bpe_enseignement": "enseignement.csv",
    "bpe_transport": "transport.csv",
    "france_services": "france_services.csv",
    "apl_medecins": "apl.csv",
}
# Pharmacies by commune; the workbook lists communes only (arrondissements are on another sheet).
PHARMACIES = {"01004": 4, "01007": 0, "01010": 0, "75056": 917, "2A004": 20, "97101": 0, "97209": 1}


def write_sante(path: Path, pharmacies=PHARMACIES, sheet: str = "COM") -> Path:
    """INSEE's layout: four title lines, a label row, then the code row used as header."""
    book = Workbook()
    book.active.title = sheet
    for title in ("BPE 2020 - Base permanente des équipements", "France - Communes", "Mise en ligne", "©Insee"):
        book.active.append([title])
    book.active.append(["CODGEO", "Libellé commune", "Département", "Urgences", "Pharmacie"])
    book.active.append(["CODGEO", "LIBGEO", "DEP", "NB_D106", "NB_D307"])
    for code, count in pharmacies.items():
        book.active.append([code, f"Commune {code}", code[:2], 0, count])
    book.save(path)
    return path


@pytest.fixture
def fixture_context(tmp_path):
    for name in FILES.values():
        if name.endswith(".csv"):
            shutil.copy(FIXTURES / name, tmp_path / name)
    write_sante(tmp_path / "sante.xlsx")
    return tiny_context(tmp_path, FILES)


def equipment(key: str) -> services.Equipment:
    return next(e for e in services.EQUIPMENTS if e.key == key)


# --- distances ----------------------------------------------------------------------------------------------------


def test_nearest_km_measures_projected_distance():
    origins = pd.DataFrame({"lon": [2.0, 2.0], "lat": [46.0, 47.0], "zone": ["metropole"] * 2})
    targets = pd.DataFrame({"lon": [2.0], "lat": [46.0], "zone": ["metropole"]})
    distance = nearest_km(origins, targets)
    assert distance.iloc[0] == pytest.approx(0, abs=1e-6)
    assert distance.iloc[1] == pytest.approx(111.2, abs=0.5)  # one degree of latitude


def test_nearest_km_never_crosses_between_overseas_departements():
    points = pd.DataFrame({"lon": [-61.53, -61.07], "lat": [16.27, 14.60]})
    points["zone"] = zone_of(pd.Series(["971", "972"]))
    distance = nearest_km(points, points.iloc[[1]])
    assert math.isnan(distance.iloc[0]) and distance.iloc[1] == pytest.approx(0, abs=1e-6)


# --- parsers ------------------------------------------------------------------------------------------------------


def test_bpe_workbook_below_title_rows(tmp_path, fixture_context):
    tidy = services.parse_bpe(write_sante(tmp_path / "s.xlsx"), equipment("pharmacie"), fixture_context.codes)
    assert tidy.index[0] == 7  # first data row in the spreadsheet
    assert tidy.set_index("code_source")["pharmacie"].to_dict() == {k: float(v) for k, v in PHARMACIES.items()}


def test_bpe_wrong_sheet(tmp_path, fixture_context):
    with pytest.raises(SourceError, match="onglet « COM » absent"):
        services.parse_bpe(write_sante(tmp_path / "s.xlsx", sheet="ARM"), equipment("pharmacie"), fixture_context.codes)


def test_bpe_drops_arrondissements_listed_beside_their_city(fixture_context):
    tidy = services.parse_bpe(FIXTURES / "commerce.csv", equipment("grande_surface"), fixture_context.codes)
    assert "75101" not in set(tidy["code_source"])
    assert tidy.set_index("code_source").loc["75056", "grande_surface"] == 17 + 744


def test_bpe_text_in_count_names_line_and_column(tmp_path, fixture_context):
    path = tmp_path / "commerce.csv"
    path.write_text(
        (FIXTURES / "commerce.csv")
        .read_text()
        .replace("01007;0;0;0", "01007;0;nd;0")
        .replace("01010;1;0;0", "01010;1;beaucoup;0")
    )
    with pytest.raises(SourceError) as error:
        services.parse_bpe(path, equipment("grande_surface"), fixture_context.codes)
    assert (error.value.line, error.value.column) == (4, "NB_B102")


def test_bpe_missing_column(tmp_path, fixture_context):
    path = tmp_path / "transport.csv"
    path.write_text((FIXTURES / "transport.csv").read_text().replace("NB_E108", "NB_E18"))
    with pytest.raises(SourceError) as error:
        services.parse_bpe(path, equipment("gare"), fixture_context.codes)
    assert error.value.column == "NB_E108"


def test_france_services_coordinates_out_of_range_name_line(tmp_path, fixture_context):
    path = tmp_path / "fs.csv"
    path.write_text((FIXTURES / "france_services.csv").read_text().replace("45.96,5.40", "95.96,5.40"))
    with pytest.raises(SourceError) as error:
        services.parse_france_services(path, fixture_context.codes)
    assert (error.value.line, error.value.column) == (2, "lat")


def test_apl_title_lines_levels_and_unavailable_results():
    tidy = services.parse_apl(FIXTURES / "apl.csv")
    assert tidy.set_index("code")["niveau"].to_dict() == {
        "01004": "bassin de vie",
        "0102": "canton-ville",
        "2A05": "canton-ville",
        "976ZZ": "bassin de vie",
    }
    assert math.isnan(tidy.set_index("code").loc["976ZZ", "apl"])


# --- build --------------------------------------------------------------------------------------------------------


def test_build_rates_distances_and_extras(fixture_context):
    tables = services.build(fixture_context)
    communes, departements = tables.levels["commune"], tables.levels["departement"]
    assert communes.loc["01004", "pharmacie_pour_10000_hab"] == pytest.approx(4.0)
    assert communes.loc["01004", "distance_pharmacie_km"] == 0
    # 01007 has no pharmacy: nearest is 01004's town hall, 0.04° of longitude away at 45.96° N.
    assert communes.loc["01007", "distance_pharmacie_km"] == pytest.approx(3.1, abs=0.1)
    assert math.isnan(communes.loc["97101", "distance_gare_km"])  # no station in Guadeloupe's fixtures
    assert math.isnan(communes.loc["97101", "distance_pharmacie_km"])  # Martinique's pharmacy is out of reach
    assert departements.loc["01", "pharmacie_pour_10000_hab"] == pytest.approx(4 / 12500 * 10000)
    # Départements: no median distance (0 almost everywhere in the real data) but the share of the population
    # living far from one, and the mean distance.
    assert "distance_gare_km" not in departements
    far = communes.loc[["01004", "01007", "01010"], "distance_pharmacie_km"]
    people = pd.Series({"01004": 10000, "01007": 2000, "01010": 500})
    assert departements.loc["01", "distance_moyenne_pharmacie_km"] == pytest.approx((far * people).sum() / 12500)
    assert departements.loc["01", "part_pop_pharmacie_plus_5km"] == pytest.approx(
        100 * people[far > 5].sum() / people.sum()
    )
    assert departements.loc["01", "france_services_pour_10000_hab"] == pytest.approx(1 / 12500 * 10000)
    assert communes.loc["01007", "distance_france_services_km"] == pytest.approx(0, abs=1e-6)
    assert set(tables.extras["france_services"]["id"]) == {"1", "2", "3"}
    assert fixture_context.records["france_services"].unmapped_codes == ["97801"]
    assert len(tables.extras["apl_medecins"]) == 4


def test_build_bassin_rates_and_population_weighted_distance_figures(fixture_context):
    tables = services.build(fixture_context)
    bassins, communes = tables.levels["bassin"], tables.levels["commune"]
    assert set(bassins.index) == {"8201", "8202", "1101", "9401", "101"}
    assert bassins.loc["8201", "pharmacie_pour_10000_hab"] == pytest.approx(4 / 12000 * 10000)
    assert bassins.loc["8201", "distance_moyenne_pharmacie_km"] == pytest.approx(
        2000 * communes.loc["01007", "distance_pharmacie_km"] / 12000
    )
    assert bassins.loc["8201", "part_pop_pharmacie_plus_5km"] == 0  # 01007 is 3 km away
    assert bassins.loc["8202", "pharmacie_pour_10000_hab"] == 0
    assert bassins.loc["8202", "distance_moyenne_pharmacie_km"] == communes.loc["01010", "distance_pharmacie_km"] > 0


# --- real files ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_tables(tmp_path_factory):
    ctx = real_context(tmp_path_factory.mktemp("cache"))
    return ctx, services.build(ctx)


def test_real_row_counts_match_provenance(real_tables):
    ctx, _ = real_tables
    rows = {source: record.rows_read for source, record in ctx.records.items() if not source.startswith("population")}
    assert rows == {
        "bassins_emploi": 37498,
        "bpe_sante": 34965,
        "bpe_commerce": 34965,
        "bpe_enseignement": 34965,
        "bpe_transport": 34965,
        "france_services": 2845,
        "apl_medecins": 2931,
    }


def test_real_france_services_per_pilot_departement(real_tables):
    ctx, tables = real_tables
    counts = tables.extras["france_services"]["departement"].value_counts()
    # Seine-Maritime: 39 sites by the file's département field, 40 by commune code (site 1820, commune 76540,
    # declared in the Eure): the commune code wins, in the site list as in the counts, and the conflict is listed.
    assert counts[["15", "25", "46", "48", "49", "76"]].tolist() == [19, 30, 24, 20, 28, 40]
    corrections = [q for q in ctx.files.quality if q["source"] == "france_services"]
    assert corrections[0]["codes"] == ["1820"] and corrections[0]["sites"]["1820"] == "27 → 76 (commune 76540)"
    by_commune = tables.levels["departement"]["france_services_pour_10000_hab"] * ctx.population_of("departement")
    assert by_commune["76"] / 10000 == pytest.approx(40)


def test_real_pharmacy_total_agrees_with_raw_cells(real_tables, shared_raw_dir):
    ctx, tables = real_tables
    raw = pd.read_excel(
        shared_raw_dir / "bpe" / "equip-serv-sante-com-2020.xlsx",
        sheet_name="COM",
        skiprows=5,
        dtype=str,
        engine="calamine",
    )
    population = ctx.population_of("commune")
    rebuilt = (tables.levels["commune"]["pharmacie_pour_10000_hab"] * population / 10000).sum()
    raw_counts = pd.to_numeric(raw.set_index("CODGEO")["NB_D307"])
    # Mayotte's communes have no census figure here (their pharmacies count at département level only).
    outside_census = raw_counts[raw_counts.index.str.startswith("976")].sum()
    assert rebuilt == pytest.approx(raw_counts.sum() - outside_census, rel=0.002)
    assert population.notna().mean() > 0.99


def test_real_distances_are_plausible(real_tables):
    _, tables = real_tables
    communes = tables.levels["commune"]
    for key in ("pharmacie", "grande_surface", "ecole", "gare", "france_services"):
        column = communes[f"distance_{key}_km"]
        assert column.notna().mean() > 0.99, key
        assert column.max() < 250, key  # no commune of metropolitan France or overseas is farther
