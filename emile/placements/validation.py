"""Checking an operator file cell by cell (pandera) and across rows, and returning typed records or French errors.

Two pandera passes (helpers shared with every upload in ``emile.uploads.checks``): the first checks what was typed
(formats, allowed words, the operator's own code), the second checks the values once converted (ranges, dates not in
the future, commune codes that exist). Cross-row rules (duplicates, one household described the same way on all its
rows, steps in chronological order) are plain pandas. A cell reported by one pass is not reported again by the
next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from emile.placements.journey import STEP_LABELS, STEP_RANK, STEPS
from emile.placements.template import (
    CONTRACT_TYPES,
    FIELD_OF,
    HOUSEHOLD_COLUMNS,
    HOUSING_TYPES,
    LANDLORD_TYPES,
    REQUIRED,
)
from emile.uploads.checks import (
    COMMUNE_HINT,
    COMMUNE_PATTERN,
    COUNT_PATTERN,
    DATE_HINT,
    DATE_PATTERN,
    KNOWN_COMMUNE,
    ROME_HINT,
    ROME_PATTERN,
    YES_NO,
    convert,
    duplicates,
    one_of,
    schema_errors,
    text_columns,
)
from emile.uploads.errors import RowError

# Journeys started after the programme's launch in June 2019; an earlier date is a typing error.
EARLIEST_DATE = pd.Timestamp("2019-01-01")
MAX_HOUSEHOLD_SIZE = 20

_INT_COLUMNS = ("taille_menage", "adultes", "enfants")
_DATE_COLUMNS = ("date_etape", "date_debut_emploi")
_BOOL_COLUMNS = ("emploi_6_mois", "logement_6_mois", "emploi_12_mois", "logement_12_mois")


@dataclass
class Validated:
    """Typed rows (store field names, indexed by file line) when ``errors`` is empty."""

    records: pd.DataFrame
    errors: list[RowError]


def _text_schema(operator_code: str) -> pa.DataFrameSchema:
    def text(*checks: pa.Check) -> list[pa.Check]:
        return list(checks)

    checks = {
        "operateur": text(
            pa.Check.isin(
                [operator_code],
                error=f"le code de l'opérateur qui importe ({operator_code}) :"
                " ce fichier semble venir d'un autre opérateur",
            )
        ),
        "id_menage": text(
            pa.Check.str_matches(
                r"^[A-Za-z0-9_.-]{1,40}$",
                error="un identifiant pseudonyme (lettres, chiffres, - _ .), 40 caractères au plus",
            )
        ),
        "etape": text(pa.Check.isin(STEPS, error=one_of(STEPS))),
        "date_etape": text(pa.Check.str_matches(DATE_PATTERN, error=DATE_HINT)),
        "taille_menage": text(pa.Check.str_matches(COUNT_PATTERN, error="un nombre entier positif")),
        "adultes": text(pa.Check.str_matches(COUNT_PATTERN, error="un nombre entier positif")),
        "enfants": text(pa.Check.str_matches(COUNT_PATTERN, error="un nombre entier positif ou nul")),
        "commune_origine": text(pa.Check.str_matches(COMMUNE_PATTERN, error=COMMUNE_HINT)),
        "organisme_orienteur": text(pa.Check.str_length(max_value=200, error="200 caractères au plus")),
        "commune_destination": text(pa.Check.str_matches(COMMUNE_PATTERN, error=COMMUNE_HINT)),
        "logement_type": text(pa.Check.isin(HOUSING_TYPES, error=one_of(HOUSING_TYPES))),
        "bailleur_type": text(pa.Check.isin(LANDLORD_TYPES, error=one_of(LANDLORD_TYPES))),
        "metier_rome": text(pa.Check.str_matches(ROME_PATTERN, error=ROME_HINT)),
        "metier_fap": text(pa.Check.str_matches(r"^[A-Z]\d[A-Z]\d{2}$", error="un code FAP (ex. V0Z33)")),
        "type_contrat": text(pa.Check.isin(CONTRACT_TYPES, error=one_of(CONTRACT_TYPES))),
        "date_debut_emploi": text(pa.Check.str_matches(DATE_PATTERN, error=DATE_HINT)),
        **{name: text(pa.Check.isin(YES_NO, error="oui ou non")) for name in _BOOL_COLUMNS},
    }
    return text_columns(checks, REQUIRED, strict=True)


def _value_schema(communes: Collection[str], today: dt.date) -> pa.DataFrameSchema:
    latest = pd.Timestamp(today)
    known = pa.Check.isin(communes, error=KNOWN_COMMUNE)
    date_checks = [
        pa.Check.le(latest, error=f"une date passée (pas après le {today:%d/%m/%Y})"),
        pa.Check.ge(EARLIEST_DATE, error=f"une date après le {EARLIEST_DATE:%d/%m/%Y} (début du programme)"),
    ]
    return pa.DataFrameSchema(
        {
            "taille_menage": pa.Column(
                "Int64",
                pa.Check.in_range(1, MAX_HOUSEHOLD_SIZE, error=f"entre 1 et {MAX_HOUSEHOLD_SIZE} personnes"),
                nullable=True,
            ),
            "adultes": pa.Column(
                "Int64",
                pa.Check.in_range(1, MAX_HOUSEHOLD_SIZE, error=f"entre 1 et {MAX_HOUSEHOLD_SIZE} adultes"),
                nullable=True,
            ),
            "enfants": pa.Column(
                "Int64",
                pa.Check.in_range(0, MAX_HOUSEHOLD_SIZE - 1, error=f"entre 0 et {MAX_HOUSEHOLD_SIZE - 1} enfants"),
                nullable=True,
            ),
            "commune_origine": pa.Column("string", known, nullable=True),
            "commune_destination": pa.Column("string", known, nullable=True),
            "date_etape": pa.Column(checks=date_checks, nullable=True),
            "date_debut_emploi": pa.Column(checks=date_checks, nullable=True),
        }
    )


def _inconsistent_households(frame: pd.DataFrame) -> list[RowError]:
    errors = []
    groups = frame.groupby("id_menage", sort=False)
    for column in HOUSEHOLD_COLUMNS:
        reference = groups[column].transform("first")
        differs = frame[column].fillna("") != reference.fillna("")
        for line in frame.index[differs]:
            first = groups.get_group(frame.at[line, "id_menage"]).index[0]
            errors.append(
                RowError(
                    f"la même valeur sur toutes les lignes du ménage (ligne {first} : "
                    f"« {frame.at[first, column] if pd.notna(frame.at[first, column]) else ''} »)",
                    line=line,
                    column=column,
                    value=str(frame.at[line, column]),
                )
            )
    return errors


def _composition(typed: pd.DataFrame, source: pd.DataFrame) -> list[RowError]:
    wrong = typed["adultes"] + typed["enfants"] != typed["taille_menage"]
    return [
        RowError(
            f"adultes + enfants = taille du ménage ({source.at[line, 'adultes']} + {source.at[line, 'enfants']})",
            line=line,
            column="taille_menage",
            value=str(source.at[line, "taille_menage"]),
        )
        for line in typed.index[wrong.fillna(False)]
    ]


def _chronology(typed: pd.DataFrame) -> list[RowError]:
    """Dates must not go backwards along STEPS within a household. The file holds the operator's whole record (an
    import synchronises the store with it), so the steps of the file are all there is to compare."""
    steps = pd.DataFrame(
        {
            "external_id": typed["id_menage"],
            "step": typed["etape"],
            "date": typed["date_etape"],
            "line": typed.index.to_series(),
        }
    ).dropna(subset=["external_id", "step", "date"])
    steps["rank"] = steps["step"].map(STEP_RANK)
    steps = steps.sort_values(["external_id", "rank"])
    running_max = steps.groupby("external_id")["date"].cummax()
    steps["earlier"] = running_max.groupby(steps["external_id"]).shift()
    late = steps[steps["date"] < steps["earlier"]]
    return [
        RowError(
            f"pour l'étape « {STEP_LABELS[row.step]} », une date égale ou postérieure à celles des étapes "
            f"précédentes du parcours (au plus tôt le {row.earlier:%d/%m/%Y})",
            line=int(row.line),
            column="date_etape",
            value=f"{row.date:%d/%m/%Y}",
        )
        for row in late.itertuples()
    ]


def validate(frame: pd.DataFrame, *, operator_code: str, communes: Collection[str], today: dt.date) -> Validated:
    """Check the text frame from ``reading``: it needs nothing from the store, so it is done once per file."""
    errors = schema_errors(_text_schema(operator_code), frame, frame)
    typed, impossible = convert(
        frame,
        {(e.line, e.column) for e in errors},
        integers=_INT_COLUMNS,
        dates=_DATE_COLUMNS,
        booleans=_BOOL_COLUMNS,
    )
    errors += impossible
    errors += schema_errors(_value_schema(communes, today), typed, frame)
    errors += duplicates(frame, ["id_menage", "etape"], "etape", "ménage et par étape")
    errors += _inconsistent_households(frame) + _composition(typed, frame)
    errors += _chronology(typed)
    errors.sort(key=lambda e: (e.line or 0, e.column or ""))
    records = typed.rename(columns=FIELD_OF)
    return Validated(records=records, errors=errors)
