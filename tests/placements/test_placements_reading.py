"""Reading operator files that are hostile or broken: bounded in time and memory, and always a French rejection that
names the file (never a Python exception), including under fuzzing."""

from __future__ import annotations

import io
import re
import time
import tracemalloc
import zipfile
from collections.abc import Callable

import openpyxl
import pandas as pd
import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from emile.placements.template import COLUMN_NAMES, REQUIRED
from emile.uploads.errors import FileRejectedError
from emile.uploads.reading import MAX_COLUMNS, MAX_ROWS, SEPARATOR, read_table

VALID = (FIXTURES / "valid.csv").read_bytes()
LIMIT = 20_000_000
SHEET = "xl/worksheets/sheet1.xml"


def read_operator_file(content: bytes, filename: str, *, max_bytes: int) -> pd.DataFrame:
    return read_table(content, filename, max_bytes=max_bytes, columns=COLUMN_NAMES, required=REQUIRED)


def workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def valid_workbook() -> bytes:
    return workbook([line.split(SEPARATOR) for line in VALID.decode("utf-8").splitlines()])


def rewritten(content: bytes, part: str, change: Callable[[str], str]) -> bytes:
    """``content`` with one zip member passed through ``change`` (recompressed)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, change(data.decode("utf-8")).encode("utf-8") if name == part else data)
    return out.getvalue()


def far_rows(count: int, first: int = 10) -> str:
    return "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(first, count))


def with_dimension(reference: str) -> Callable[[str], str]:
    return lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{reference}"/>', xml)


def without_dimension(xml: str) -> str:
    return re.sub(r'<dimension ref="[^"]*"\s*/>', "", xml)


def measured(content: bytes, filename: str) -> tuple[Exception | pd.DataFrame, float, float]:
    """What reading returns or raises, the seconds it took and its peak traced memory in MB."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        outcome: Exception | pd.DataFrame = read_operator_file(content, filename, max_bytes=LIMIT)
    except Exception as error:  # the assertions below say which exceptions are acceptable
        outcome = error
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return outcome, elapsed, peak


def rejection(content: bytes, filename: str) -> str:
    outcome, _, _ = measured(content, filename)
    assert isinstance(outcome, FileRejectedError), outcome
    return str(outcome)


BOMBS = {
    # The review's case: a few kilobytes declaring 16,384 columns, rows down to line 4,000.
    "dimension démesurée": (
        lambda c: rewritten(
            c, SHEET, lambda x: with_dimension("A1:XFD4000")(x).replace("</sheetData>", far_rows(4000) + "</sheetData>")
        ),
        "la feuille déclare 16 384 colonnes",
    ),
    "dimension de plus d'un million de lignes": (
        lambda c: rewritten(c, SHEET, with_dimension("A1:T1048576")),
        "la feuille déclare 1 048 576 lignes",
    ),
    "une ligne tout en bas, sans dimension": (
        lambda c: rewritten(
            c,
            SHEET,
            lambda x: without_dimension(x).replace("</sheetData>", far_rows(1_000_001, 1_000_000) + "</sheetData>"),
        ),
        "la feuille a une ligne n° 1 000 000",
    ),
    "une cellule en colonne XFD, sans dimension": (
        lambda c: rewritten(
            c,
            SHEET,
            lambda x: without_dimension(x).replace(
                "</sheetData>", '<row r="9"><c r="XFD9" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
            ),
        ),
        "la feuille a une cellule en colonne 16 384",
    ),
    "une ligne de mille cellules sans référence": (
        lambda c: rewritten(
            c,
            SHEET,
            lambda x: without_dimension(x).replace(
                "</sheetData>", "<row>" + "<c><v>1</v></c>" * 1000 + "</row></sheetData>"
            ),
        ),
        f"au plus {MAX_COLUMNS} colonnes",
    ),
    "plus de lignes que la limite": (
        lambda c: rewritten(
            c, SHEET, lambda x: without_dimension(x).replace("</sheetData>", far_rows(MAX_ROWS + 50) + "</sheetData>")
        ),
        "au plus 20 000 lignes de données",
    ),
    # 80 MB of spaces inside the sheet unpack from about 80 kB.
    "bombe de décompression": (
        lambda c: rewritten(c, SHEET, lambda x: x.replace("<sheetData>", "<sheetData>" + " " * 80_000_000)),
        "40 Mo au plus une fois décompressé",
    ),
}


@pytest.mark.parametrize("case", BOMBS, ids=list(BOMBS))
def test_oversized_workbook_is_refused_before_it_is_parsed(case):
    build, expected = BOMBS[case]
    content = build(valid_workbook())
    assert len(content) < 1_000_000
    outcome, elapsed, peak = measured(content, "bombe.xlsx")
    assert isinstance(outcome, FileRejectedError), outcome
    message = str(outcome).replace("\u202f", " ")
    assert message.startswith("Fichier « bombe.xlsx » refusé") and expected in message, message
    assert peak < 30, f"{peak:.0f} MB traced"
    assert elapsed < 15


def test_workbook_reads_only_the_template_columns():
    rows = [line.split(SEPARATOR) for line in VALID.decode("utf-8").splitlines()]
    content = rewritten(workbook(rows), SHEET, with_dimension(f"A1:{openpyxl.utils.get_column_letter(MAX_COLUMNS)}8"))
    frame = read_operator_file(content, "suivi.xlsx", max_bytes=LIMIT)
    assert list(frame.columns) == list(COLUMN_NAMES) and len(frame) == 7


def test_csv_with_an_unclosed_quote_over_the_field_limit_is_refused_in_french():
    header = SEPARATOR.join(COLUMN_NAMES)
    content = (header + '\nAURORE;"M-001' + "x" * 140_000 + "\n").encode("utf-8")
    message = rejection(content, "guillemet.csv")
    assert message.startswith("Fichier « guillemet.csv » refusé")
    assert "guillemet « \" » ouvert n'est pas refermé" in message


def test_csv_with_too_many_lines_or_fields_is_refused_before_parsing():
    header = VALID.splitlines(keepends=True)[0]
    line = VALID.splitlines(keepends=True)[1]
    assert "au plus 20\u202f000 lignes" in rejection(header + line * (MAX_ROWS + 5), "long.csv")
    assert "au plus 40 colonnes" in rejection(header + b";" * 100_000 + b"\n", "large.csv")


@pytest.mark.parametrize(
    "damage",
    [
        lambda c: rewritten(c, "xl/workbook.xml", lambda x: x[: len(x) // 2]),
        lambda c: rewritten(c, "xl/_rels/workbook.xml.rels", lambda x: x.replace("Target=", "Cible=")),
        lambda c: rewritten(c, "[Content_Types].xml", lambda x: "<Types/>"),
        lambda c: rewritten(c, SHEET, lambda x: x[: len(x) // 2]),
        lambda c: c[: len(c) // 2],
    ],
    ids=["workbook.xml tronqué", "relations cassées", "types de contenu vides", "feuille tronquée", "zip tronqué"],
)
def test_damaged_workbook_parts_are_refused_in_french(damage):
    message = rejection(damage(valid_workbook()), "abime.xlsx")
    assert message.startswith("Fichier « abime.xlsx » refusé")


def assert_clean_or_french(content: bytes, filename: str) -> None:
    """The contract of the reader on any input: a frame of the template's text columns, or a French rejection that
    names the file, within bounded time and memory."""
    outcome, elapsed, peak = measured(content, filename)
    if isinstance(outcome, pd.DataFrame):
        assert list(outcome.columns) == list(COLUMN_NAMES)
        assert all(str(dtype) == "string" for dtype in outcome.dtypes)
    else:
        assert isinstance(outcome, FileRejectedError), repr(outcome)
        assert outcome.errors and all(error.expected for error in outcome.errors)
        assert str(outcome).startswith(f"Fichier « {filename} » refusé : ")
    assert elapsed < 5, elapsed
    assert peak < 40, peak


FUZZ = hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
csv_text = st.lists(
    st.sampled_from([";", '"', "\n", "\r", ",", "\t", " ", "a", "1", "é", "AURORE", "M-1", "2024-01-05", "oui"]),
    max_size=200,
).map("".join)


@FUZZ
@given(csv_text, st.booleans())
def test_fuzzed_csv_gives_a_frame_or_a_french_rejection(body, with_header):
    header = SEPARATOR.join(COLUMN_NAMES) + "\n" if with_header else ""
    assert_clean_or_french((header + body).encode("utf-8"), "fuzz.csv")


@FUZZ
@given(st.binary(max_size=300))
def test_fuzzed_bytes_give_a_french_rejection(content):
    for filename in ("fuzz.csv", "fuzz.xlsx"):
        assert_clean_or_french(content, filename)


VALID_WORKBOOK = valid_workbook()


@FUZZ
@given(st.data())
def test_fuzzed_workbook_gives_a_frame_or_a_french_rejection(data):
    """Mutations of a valid workbook: bytes flipped anywhere, or the sheet's XML cut and spliced."""
    if data.draw(st.booleans(), label="mutate the sheet XML"):
        cut = data.draw(st.integers(min_value=0, max_value=4000), label="cut")
        insert = data.draw(
            st.sampled_from(['<row r="70000">', '<dimension ref="A1:ZZ9"/>', '<c r="B2"><f>1+1</f></c>', "&amp;", "<"]),
            label="insert",
        )
        content = rewritten(VALID_WORKBOOK, SHEET, lambda xml: xml[:cut] + insert + xml[cut:])
    else:
        flips = data.draw(
            st.lists(st.tuples(st.integers(0, len(VALID_WORKBOOK) - 1), st.integers(0, 255)), min_size=1, max_size=8),
            label="flips",
        )
        mutable = bytearray(VALID_WORKBOOK)
        for position, value in flips:
            mutable[position] = value
        content = bytes(mutable)
    assert_clean_or_french(content, "fuzz.xlsx")
