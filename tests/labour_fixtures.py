"""Small labour source files in the publishers' real layouts, and a build context over four made-up communes.

The workbooks are written at test time (openpyxl) from the row lists below so that each bad-input test can change one
thing; the CSV fixtures are plain text files in ``tests/fixtures/labour/``.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
from openpyxl import Workbook
from shapely.geometry import box
from territory_support import fixture_specs, write_estimates

from loaders import population
from loaders.cog import CommuneCodes
from loaders.context import BuildContext
from loaders.sources import SourceFiles

FIXTURES = Path(__file__).parent / "fixtures" / "labour"

BMO_HEADER = [
    "annee",
    "Code métier BMO",
    "Nom métier BMO",
    "Famille_met",
    "Lbl_fam_met",
    "REG",
    "NOM_REG",
    "Dept",
    "NomDept",
    "BE{yy}",
    "NOMBE{yy}",
    "met",
    "xmet",
    "smet",
]
# Bassin 1501 spans départements 15 and 43 (as real bassins may); 1502 is wholly in 15.
BMO_2025 = [
    [
        "2025",
        "A0X40",
        "Agriculteurs",
        "Z",
        "Autres métiers",
        "84",
        "ARA",
        "15",
        "Cantal",
        "1501",
        "AURILLAC",
        "100",
        "60",
        "40",
    ],
    [
        "2025",
        "J1X80",
        "Aides à domicile",
        "S",
        "Services",
        "84",
        "ARA",
        "15",
        "Cantal",
        "1501",
        "AURILLAC",
        "50",
        "*",
        "*",
    ],
    [
        "2025",
        "A0X40",
        "Agriculteurs",
        "Z",
        "Autres métiers",
        "84",
        "ARA",
        "15",
        "Cantal",
        "1502",
        "MAURIAC",
        "*",
        "*",
        "*",
    ],
    [
        "2025",
        "J1X80",
        "Aides à domicile",
        "S",
        "Services",
        "84",
        "ARA",
        "15",
        "Cantal",
        "1502",
        "MAURIAC",
        "30",
        "20",
        "0",
    ],
    [
        "2025",
        "A0X40",
        "Agriculteurs",
        "Z",
        "Autres métiers",
        "84",
        "ARA",
        "43",
        "Haute-Loire",
        "1501",
        "AURILLAC",
        "20",
        "10",
        "5",
    ],
]
BMO_2023 = [
    [
        "2023",
        "A0Z40",
        "Agriculteurs salariés",
        "Z",
        "Autres métiers",
        "1501",
        "AURILLAC",
        "15",
        "Cantal",
        "84",
        "ARA",
        "120",
        "50",
        "50",
    ],
    [
        "2023",
        "A0Z40",
        "Agriculteurs salariés",
        "Z",
        "Autres métiers",
        "1502",
        "MAURIAC",
        "15",
        "Cantal",
        "84",
        "ARA",
        "40",
        "*",
        "*",
    ],
    [
        "2023",
        "A0Z40",
        "Agriculteurs salariés",
        "Z",
        "Autres métiers",
        "1501",
        "AURILLAC",
        "43",
        "Haute-Loire",
        "84",
        "ARA",
        "*",
        "*",
        "*",
    ],
]
# 2023 puts the bassin columns before Dept/REG, as the real 2023 workbook does.
BMO_2023_HEADER = [
    "annee",
    "Code métier BMO",
    "Nom métier BMO",
    "Famille_met",
    "Lbl_fam_met",
    "BE23",
    "NOMBE23",
    "Dept",
    "NomDept",
    "REG",
    "NOM_REG",
    "met",
    "xmet",
    "smet",
]

# Four current communes: 15001 and 15002 in bassin 1501, 15003 in 1502, 43001 in 1501.
COMMUNES = pd.DataFrame(
    {
        "code": ["15001", "15002", "15003", "43001"],
        "nom": ["Alpha", "Beta", "Gamma", "Delta"],
        "departement": ["15", "15", "15", "43"],
        "region": ["84", "84", "84", "84"],
        "population": pd.array([1000, 500, 2000, 2500], dtype="Int64"),
        "lon": [2.0, 2.1, 2.2, 3.0],
        "lat": [45.0, 45.0, 45.0, 45.0],
    }
)
# 15099 is a former commune merged into 15002.
FORMER_CODES = {"15099": "15002"}


def bmo_header(year: int) -> list[str]:
    if year == 2023:
        return BMO_2023_HEADER
    return [column.format(yy=f"{year % 100:02d}") for column in BMO_HEADER]


def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """An XLSX with the given sheets, in order, each a list of rows."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def write_bmo(
    path: Path,
    year: int,
    rows: list[list[str]],
    *,
    header: list[str] | None = None,
    sheet: str | None = None,
    title_rows: int = 0,
) -> Path:
    """A BMO workbook: the variable dictionary sheet first, then the data sheet (optionally below title rows)."""
    titles = [[f"Enquête BMO {year}"]] + [[]] * (title_rows - 1) if title_rows else []
    return write_workbook(
        path,
        {
            "Description des variables": [["Variable", "Libellé"], ["met", "Projets de recrutement"]],
            sheet or f"BMO_{year}_open_data": titles + [header or bmo_header(year)] + rows,
        },
    )


def communes_frame() -> gpd.GeoDataFrame:
    squares = [box(i, 45, i + 1, 46) for i in range(len(COMMUNES))]
    return gpd.GeoDataFrame(COMMUNES.copy(), geometry=squares, crs="EPSG:4326")


def fixture_files(raw_dir: Path) -> SourceFiles:
    """The labour sources written in ``raw_dir``, declared as a build reads them."""
    files = {
        "bmo_2023": "bmo_2023.xlsx",
        "bmo_2024": "bmo_2024.xlsx",
        "bmo_2025": "bmo_2025.xlsx",
        "bassins_emploi": "bassins.csv",
        "dares_tensions_2019": "tensions.csv",
        "tensions_bassin_rome_2021": "tensions_bassin_rome.csv",
        "chomage_departements": "chomage_departements.xlsx",
        "chomage_zones_emploi": "chomage_zones.xlsx",
        "zones_emploi_2020": "zones_emploi.xlsx",
        "demandeurs_emploi": "demandeurs.csv",
        "population_communes": "population_communes.csv",
        "population_departements": "population_departements.xlsx",
    }
    return SourceFiles(fixture_specs(files), raw_dir, raw_dir / "cache")


def fixture_context(raw_dir: Path) -> BuildContext:
    """A context over the four communes, reading the labour sources from ``raw_dir``."""
    files, codes = fixture_files(raw_dir), CommuneCodes(COMMUNES["code"], FORMER_CODES)
    return BuildContext.create(files, communes_frame(), codes, population.reference_population(files, codes))


def chomage_departements_rows(values: dict[str, str]) -> list[list[object]]:
    """The INSEE département sheet: 3 title rows, header, one row per département, then footnotes."""
    rows: list[list[object]] = [["Taux de chômage localisés"], ["Moyennes trimestrielles"], []]
    rows.append(["Code", "Libellé", "T3_2021", "T4_2021"])
    rows += [[code, f"DEP {code}", "5.0", value] for code, value in values.items()]
    rows += [[], ["Données CVS, en moyenne trimestrielle (en %)."], ["Source : Insee"]]
    return rows


def chomage_zones_rows(values: dict[str, str]) -> list[list[object]]:
    """The INSEE zone d'emploi sheet: title rows, a French label row, then the code header row."""
    rows: list[list[object]] = [["Taux de chômage localisés par zone d'emploi"], [], [], []]
    rows.append(["Zone d'emploi", "Libellé", "Région", "Libellé région", "2023 T2", "2023 T3"])
    rows.append(["ZE2020", "LIBZE2020", "REG", "LIBREG", "2023-T2", "2023-T3"])
    rows += [[code, f"Zone {code}", "84", "ARA", "6.0", value] for code, value in values.items()]
    return rows


def zones_emploi_rows(pairs: dict[str, str]) -> list[list[object]]:
    """INSEE ZE2020 composition: 5 title rows, a French label row, the code header row, one row per commune."""
    rows: list[list[object]] = [["Zonage en zones d'emploi 2020"], [], [], [], []]
    rows.append(["Code géographique", "Libellé", "Zone d'emploi 2020", "Libellé", "Partie régionale", "Dép.", "Rég."])
    rows.append(["CODGEO", "LIBGEO", "ZE2020", "LIBZE2020", "ZE2020_PARTIE_REG", "DEP", "REG"])
    rows += [[commune, "Commune", zone, f"Zone {zone}", None, commune[:2], "84"] for commune, zone in pairs.items()]
    return rows


def write_population(raw_dir: Path) -> None:
    """Census and estimates in INSEE's layouts giving the four communes their populations (the same in 2015 and
    2021) and each département the sum of its communes."""
    header = "objectid,reg,dep,cv,codgeo,libgeo," + ",".join(f"p{y}_pop" for y in range(13, 22))
    lines = [
        f"{i},84,{row.departement},0000,{row.code},{row.nom}," + ",".join([str(row.population)] * 9)
        for i, row in enumerate(COMMUNES.itertuples(), start=1)
    ]
    (raw_dir / "population_communes.csv").write_text("\n".join([header, *lines]) + "\n", encoding="utf-8-sig")
    by_departement = COMMUNES.groupby("departement")["population"].sum()
    totals = {code: int(total) for code, total in by_departement.items()}
    write_estimates(raw_dir / "population_departements.xlsx", {2015: totals, 2021: totals})


def write_all_sources(raw_dir: Path) -> Path:
    """Every labour source of the fixture context, consistent with one another."""
    write_bmo(raw_dir / "bmo_2025.xlsx", 2025, BMO_2025)
    write_bmo(raw_dir / "bmo_2024.xlsx", 2024, [[c.replace("2025", "2024") for c in row] for row in BMO_2025])
    write_bmo(raw_dir / "bmo_2023.xlsx", 2023, BMO_2023)
    (raw_dir / "bassins.csv").write_bytes((FIXTURES / "bassins.csv").read_bytes())
    (raw_dir / "tensions.csv").write_bytes((FIXTURES / "tensions.csv").read_bytes())
    (raw_dir / "tensions_bassin_rome.csv").write_bytes((FIXTURES / "tensions_bassin_rome.csv").read_bytes())
    (raw_dir / "demandeurs.csv").write_bytes((FIXTURES / "demandeurs.csv").read_bytes())
    write_population(raw_dir)
    write_workbook(
        raw_dir / "chomage_departements.xlsx",
        {
            "Sources_et_méthodes": [["Notes"]],
            "Département": chomage_departements_rows({"15": "3.9", "43": "5.1"}),
        },
    )
    write_workbook(
        raw_dir / "chomage_zones.xlsx",
        {
            "Documentation": [["Notes"]],
            "txcho_ze": chomage_zones_rows({"8401": "4.5", "8402": "6.5"}),
        },
    )
    write_workbook(
        raw_dir / "zones_emploi.xlsx",
        {
            "Composition_communale": zones_emploi_rows(
                {"15001": "8401", "15002": "8401", "15003": "8402", "43001": "8402"}
            ),
        },
    )
    return raw_dir
