"""The EPCI level of the build: figures added up from communes by the same rules as bassins (sums of counts, rates
from the sums over the population of the same vintage, secret communes counted), and the EPCI table."""

from __future__ import annotations

import math
import shutil

import pandas as pd
import pytest
from territory_support import TINY_COMMUNES, tiny_context
from test_loaders_housing import FILES as HOUSING_FILES
from test_loaders_housing import copy_fixture, write_lovac_communes
from test_loaders_services import FILES as SERVICES_FILES
from test_loaders_services import FIXTURES as SERVICES_FIXTURES
from test_loaders_services import write_sante

from loaders import epci, housing, services

# 01004 and 01010 form EPCI 240100883 but sit in two bassins (8201, 8202): the EPCI is not a bassin renamed.
EPCI = "240100883"


@pytest.fixture
def services_tables(tmp_path):
    for name in SERVICES_FILES.values():
        if name.endswith(".csv"):
            shutil.copy(SERVICES_FIXTURES / name, tmp_path / name)
    write_sante(tmp_path / "sante.xlsx")
    return services.build(tiny_context(tmp_path, SERVICES_FILES))


@pytest.fixture
def housing_tables(tmp_path):
    for name in HOUSING_FILES.values():
        if name.endswith(".csv"):
            copy_fixture(tmp_path, name)
    write_lovac_communes(tmp_path / "lovac_communes.xlsx")
    return housing.build(tiny_context(tmp_path, HOUSING_FILES))


def test_epci_rate_is_computed_from_summed_counts_never_a_mean_of_rates(services_tables):
    communes, groups = services_tables.levels["commune"], services_tables.levels["epci"]
    # 4 pharmacies in 01004 (10,000 inhabitants), none in 01010 (500): 4 / 10,500 × 10,000, not (4 + 0) / 2.
    assert groups.loc[EPCI, "pharmacie_pour_10000_hab"] == pytest.approx(4 / 10_500 * 10_000)
    mean_of_rates = communes.loc[["01004", "01010"], "pharmacie_pour_10000_hab"].mean()
    assert not math.isclose(groups.loc[EPCI, "pharmacie_pour_10000_hab"], mean_of_rates)
    # 01010's town hall is far from a pharmacy: its 500 inhabitants out of 10,500 live more than 5 km away.
    assert communes.loc["01010", "distance_pharmacie_km"] > 5
    assert groups.loc[EPCI, "part_pop_pharmacie_plus_5km"] == pytest.approx(500 / 10_500 * 100)
    # The commune outside any EPCI is in no EPCI figure; the bassin level is unchanged by the new level.
    assert set(groups.index) == {c[5] for c in TINY_COMMUNES if c[5]}
    assert set(services_tables.levels["bassin"].index) == {"8201", "8202", "1101", "9401", "101"}


def test_epci_carries_the_secret_communes_of_its_sums(housing_tables):
    communes, groups = housing_tables.levels["commune"], housing_tables.levels["epci"]
    # LOVAC lists 01004 (with its former commune 01340) and withholds 01010: the EPCI sum is 01004's, flagged as
    # missing one commune, and its rate is the sum's (vacant / stock), the same as 01004's here.
    assert math.isnan(communes.loc["01010", "lovac_vacants"])
    assert groups.loc[EPCI, "lovac_vacants"] == communes.loc["01004", "lovac_vacants"] == 519
    assert groups.loc[EPCI, "lovac_vacants__secret"] == 1
    assert groups.loc[EPCI, "lovac_taux_vacance"] == pytest.approx(519 / 6000 * 100)
    # 01007 alone in its EPCI, withheld: the EPCI has no value (never 0) and says one commune is secret.
    assert math.isnan(groups.loc["200070852", "lovac_vacants"])
    assert groups.loc["200070852", "lovac_vacants__secret"] == 1


def test_epci_table_names_nature_main_departement_and_communes(tmp_path):
    context = tiny_context(tmp_path, {})
    table = pd.DataFrame(
        {
            "code": [EPCI, "200070852", "200054781"],
            "nom": ["CC de la Plaine de l'Ain", "CC Usses et Rhône", "Métropole du Grand Paris"],
            "type": ["CC", "CC", "ME"],
        }
    )
    shapes = epci.epci_shapes(context.communes, table).set_index("code")
    assert shapes.loc[EPCI, "communes"] == 2
    assert shapes.loc[EPCI, "population"] == 10_500
    assert shapes.loc[EPCI, "departement"] == "01"
    assert shapes.loc["200054781", "nature"] == "Métropole"
    assert shapes.loc[EPCI, "geometry"].area == pytest.approx(2 * 0.1 * 0.1, rel=0.05)
    assert pd.isna(shapes.loc["242010056", "nom"])  # an EPCI of the communes missing from the list keeps no name
