"""ROME → FAP 2009 families: parsing the DARES correspondence (Windows-1252, ';', ``NA`` for families without a ROME,
blank ``;;`` lines, asterisks after some titles), the bad inputs, and the real files in ../shared/data/raw.

The small files below are typed in the publishers' layouts: family A0Z41 has two ROME codes, ROME A1204 belongs to
two families (A0Z42 and G1Z70), A0Z00 has no ROME.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import rome_fap
from loaders.errors import SourceError

TITLES = (
    "Code FAP détaillées;FAP détaillées;Code FAP agrégées;FAP agrégées;Code domaines professionnels;"
    "domaines professionnels\r\n"
    "A0Z00;Agriculteurs indépendants;A0Z;Agriculteurs, éleveurs;A;Agriculture, marine, pêche\r\n"
    "A0Z41;Éleveurs salariés;A0Z;Agriculteurs, éleveurs;A;Agriculture, marine, pêche\r\n"
    "A0Z42;Bûcherons, sylviculteurs salariés;A0Z;Agriculteurs, éleveurs;A;Agriculture, marine, pêche\r\n"
    "G1Z70;Techniciens et agents de maîtrise de la maintenance;G1Z;Techniciens de la maintenance;G;Maintenance\r\n"
)
CORRESPONDENCE = (
    "Fap;Rome;intitule_rome\n"
    "A0Z00;NA;NA\n"
    "A0Z41;A1403;Aide d'élevage agricole et aquacole\n"
    "A0Z41;A1407;Élevage bovin ou équin *\n"
    "A0Z42;A1204;Protection du patrimoine naturel\n"
    "G1Z70;A1204;Protection du patrimoine naturel **\n"
    ";;\n"
    ";;\n"
)


def write(folder: Path, titles: str = TITLES, correspondence: str = CORRESPONDENCE) -> tuple[Path, Path]:
    titles_path, pairs_path = folder / "Intitules_FAP2009.csv", folder / "fap225_rome.csv"
    titles_path.write_bytes(titles.encode("utf-8-sig"))
    pairs_path.write_bytes(correspondence.encode("cp1252"))
    return titles_path, pairs_path


def parse(folder: Path, **texts: str):
    titles_path, pairs_path = write(folder, **texts)
    return rome_fap.parse_correspondence(pairs_path, rome_fap.parse_titles(titles_path))


def test_one_row_per_rome_and_family_with_titles_and_domain(tmp_path):
    table, rows_read, marked = parse(tmp_path)
    assert rows_read == 5 and marked == 2
    assert table[["rome", "fap"]].values.tolist() == [
        ["A1204", "A0Z42"],
        ["A1204", "G1Z70"],
        ["A1403", "A0Z41"],
        ["A1407", "A0Z41"],
    ]
    first = table.iloc[1].to_dict()
    assert first == {
        "rome": "A1204",
        "rome_libelle": "Protection du patrimoine naturel",
        "fap": "G1Z70",
        "fap_libelle": "Techniciens et agents de maîtrise de la maintenance",
        "domaine": "G",
        "domaine_libelle": "Maintenance",
    }
    assert table.loc[table["rome"] == "A1407", "rome_libelle"].item() == "Élevage bovin ou équin"


def test_family_missing_from_the_titles_names_the_line(tmp_path):
    with pytest.raises(SourceError) as error:
        parse(tmp_path, correspondence=CORRESPONDENCE.replace("A0Z42;A1204", "A9Z99;A1204"))
    assert (error.value.file, error.value.line, error.value.column) == ("fap225_rome.csv", 5, "Fap")
    assert "A9Z99" in error.value.message


def test_malformed_rome_code_names_the_file_line_and_column(tmp_path):
    with pytest.raises(SourceError) as error:
        parse(tmp_path, correspondence=CORRESPONDENCE.replace("A1403", "A14O3"))
    assert (error.value.file, error.value.line, error.value.column) == ("fap225_rome.csv", 3, "Rome")


def test_renamed_column_is_named(tmp_path):
    with pytest.raises(SourceError) as error:
        parse(tmp_path, correspondence=CORRESPONDENCE.replace("intitule_rome", "libelle"))
    assert error.value.column == "intitule_rome"


def test_a_pair_listed_twice_with_different_titles_is_refused(tmp_path):
    repeated = CORRESPONDENCE.replace(";;\n", "A0Z41;A1403;Autre intitulé\n", 1)
    with pytest.raises(SourceError):
        parse(tmp_path, correspondence=repeated)


@pytest.mark.shared
def test_real_files(shared_raw_dir):
    titles = rome_fap.parse_titles(shared_raw_dir / "nomenclatures_metiers" / "Intitules_FAP2009.csv")
    table, rows_read, _ = rome_fap.parse_correspondence(shared_raw_dir / "tensions_dares" / "fap225_rome.csv", titles)
    assert len(titles) == 225  # tensions_dares/PROVENANCE.md and nomenclatures_metiers/PROVENANCE.md
    assert rows_read == 768 - 3  # 768 data rows, of which three blank ';;' lines
    assert len(table) == 749 and table["rome"].nunique() == 531
    families = table.groupby("rome")["fap"].nunique()
    assert (families > 1).sum() == 201
