"""Checking an operator file cell by cell (pandera) and across rows, and returning typed records or French errors.

Two pandera passes: the first checks what was typed (formats, allowed words, the operator's own code), the second
checks the values once converted (ranges, dates not in the future, commune codes that exist). Cross-row rules
(duplicates, one household described the same way on all its rows, steps in chronological order including the steps
already stored) are plain pandas. A cell reported by one pass is not reported again by the next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from emile.placements.errors import RowError
from emile.placements.journey import STEP_LABELS, STEP_RANK, STEPS
from emile.placements.template import (
    CONTRACT_TYPES,
    DATE_FORMATS,
    DATE_HINT,
    FIELD_OF,
    HOUSEHOLD_COLUMNS,
    HOUSING_TYPES,
    LANDLORD_TYPES,
    REQUIRED,
    YES_NO,
)

# Journeys started after the programme's launch in June 2019; an earlier date is a typing error.
EARLIEST_DATE = pd.Timestamp("2019-01-01")
MAX_HOUSEHOLD_SIZE = 20

_COMMUNE = r"^(\d{5}|2[AB]\d{3})$"
_DATE = r"^(\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4})$"
_COUNT = r"^\d{1,3}$"
_INT_COLUMNS = ("taille_menage", "adultes", "enfants")
_DATE_COLUMNS = ("date_etape", "date_debut_emploi")
_COMMUNE_COLUMNS = ("commune_origine", "commune_destination")
_BOOL_COLUMNS = ("emploi_6_mois", "logement_6_mois", "emploi_12_mois", "logement_12_mois")
_BUILTIN_CHECKS = {"not_nullable": "une valeur (colonne obligatoire)"}


@dataclass
class Validated:
    """Typed rows (store field names, indexed by file line) when ``errors`` is empty."""

    records: pd.DataFrame
    errors: list[RowError]


def _one_of(values: Collection[str]) -> str:
    return "une de ces valeurs : " + ", ".join(values)


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
        "etape": text(pa.Check.isin(STEPS, error=_one_of(STEPS))),
        "date_etape": text(pa.Check.str_matches(_DATE, error=DATE_HINT)),
        "taille_menage": text(pa.Check.str_matches(_COUNT, error="un nombre entier positif")),
        "adultes": text(pa.Check.str_matches(_COUNT, error="un nombre entier positif")),
        "enfants": text(pa.Check.str_matches(_COUNT, error="un nombre entier positif ou nul")),
        "commune_origine": text(pa.Check.str_matches(_COMMUNE, error="un code INSEE de commune à 5 caractères")),
        "organisme_orienteur": text(pa.Check.str_length(max_value=200, error="200 caractères au plus")),
        "commune_destination": text(pa.Check.str_matches(_COMMUNE, error="un code INSEE de commune à 5 caractères")),
        "logement_type": text(pa.Check.isin(HOUSING_TYPES, error=_one_of(HOUSING_TYPES))),
        "bailleur_type": text(pa.Check.isin(LANDLORD_TYPES, error=_one_of(LANDLORD_TYPES))),
        "metier_rome": text(
            pa.Check.str_matches(r"^[A-N]\d{4}$", error="un code ROME (une lettre A à N et 4 chiffres)")
        ),
        "metier_fap": text(pa.Check.str_matches(r"^[A-Z]\d[A-Z]\d{2}$", error="un code FAP (ex. V0Z33)")),
        "type_contrat": text(pa.Check.isin(CONTRACT_TYPES, error=_one_of(CONTRACT_TYPES))),
        "date_debut_emploi": text(pa.Check.str_matches(_DATE, error=DATE_HINT)),
        **{name: text(pa.Check.isin(YES_NO, error="oui ou non")) for name in _BOOL_COLUMNS},
    }
    return pa.DataFrameSchema(
        {
            name: pa.Column("string", checks=column_checks, nullable=name not in REQUIRED)
            for name, column_checks in checks.items()
        },
        strict=True,
    )


def _value_schema(communes: Collection[str], today: dt.date) -> pa.DataFrameSchema:
    latest = pd.Timestamp(today)
    known = pa.Check.isin(communes, error="un code de commune existant (code officiel géographique en vigueur)")
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


def _schema_errors(schema: pa.DataFrameSchema, frame: pd.DataFrame, source: pd.DataFrame) -> list[RowError]:
    """Run ``schema`` on ``frame`` and report each failure with the operator's original text from ``source``."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.dropna(subset=["index"])
        return [
            RowError(
                _BUILTIN_CHECKS.get(case.check, case.check),
                line=int(case.index),
                column=case.column,
                value=None if pd.isna(source.at[case.index, case.column]) else str(source.at[case.index, case.column]),
            )
            for case in cases.itertuples()
        ]
    return []


def _parse_dates(text: pd.Series) -> pd.Series:
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for date_format in DATE_FORMATS:
        parsed = parsed.fillna(pd.to_datetime(text, format=date_format, errors="coerce"))
    return parsed


def _convert(frame: pd.DataFrame, bad: set[tuple[int, str]]) -> tuple[pd.DataFrame, list[RowError]]:
    """Typed copy of the text frame; cells already reported in ``bad`` become missing. Also reports impossible dates."""
    typed = frame.copy()
    for line, column in bad:
        typed.at[line, column] = pd.NA
    errors = []
    for column in _INT_COLUMNS:
        typed[column] = pd.to_numeric(typed[column]).astype("Int64")
    for column in _DATE_COLUMNS:
        parsed = _parse_dates(typed[column])
        impossible = typed[column].notna() & parsed.isna()
        errors += [
            RowError(
                "une date qui existe dans le calendrier", line=line, column=column, value=str(frame.at[line, column])
            )
            for line in typed.index[impossible]
        ]
        typed[column] = parsed
    for column in _BOOL_COLUMNS:
        typed[column] = typed[column].map({"oui": True, "non": False}).astype("boolean")
    return typed, errors


def _duplicates(frame: pd.DataFrame) -> list[RowError]:
    keys = ["id_menage", "etape"]
    repeated = frame[frame.duplicated(keys, keep=False) & frame["id_menage"].notna() & frame["etape"].notna()]
    first_line = repeated.reset_index().groupby(keys)["line"].transform("min").to_numpy()
    return [
        RowError(
            f"une seule ligne par ménage et par étape (doublon de la ligne {first})",
            line=line,
            column="etape",
            value=f"{household} / {step}",
        )
        for (line, household, step), first in zip(repeated[keys].itertuples(name=None), first_line, strict=True)
        if line != first
    ]


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


def _chronology(typed: pd.DataFrame, stored_steps: pd.DataFrame) -> list[RowError]:
    """Dates must not go backwards along STEPS, counting the steps already in the store for the same households."""
    in_file = pd.DataFrame(
        {
            "external_id": typed["id_menage"],
            "step": typed["etape"],
            "date": typed["date_etape"],
            "line": typed.index.to_series(),
        }
    ).dropna(subset=["external_id", "step", "date"])
    stored = stored_steps[stored_steps["external_id"].isin(in_file["external_id"])]
    stored = stored[
        ~stored.set_index(["external_id", "step"]).index.isin(in_file.set_index(["external_id", "step"]).index)
    ]
    steps = pd.concat([in_file, stored.assign(line=pd.NA)], ignore_index=True)
    steps["rank"] = steps["step"].map(STEP_RANK)
    steps = steps.sort_values(["external_id", "rank"])
    running_max = steps.groupby("external_id")["date"].cummax()
    steps["earlier"] = running_max.groupby(steps["external_id"]).shift()
    steps["earlier_step"] = steps.groupby("external_id")["step"].shift()
    late = steps[(steps["date"] < steps["earlier"]) & steps["line"].notna()]
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


def validate(
    frame: pd.DataFrame,
    *,
    operator_code: str,
    communes: Collection[str],
    today: dt.date,
    stored_steps: pd.DataFrame,
) -> Validated:
    """Check the text frame from ``reading``; ``stored_steps`` (external_id, step, date) are this operator's steps
    already in the store, for the chronology rule."""
    errors = _schema_errors(_text_schema(operator_code), frame, frame)
    typed, impossible = _convert(frame, {(e.line, e.column) for e in errors})
    errors += impossible
    errors += _schema_errors(_value_schema(communes, today), typed, frame)
    errors += _duplicates(frame) + _inconsistent_households(frame) + _composition(typed, frame)
    errors += _chronology(typed, stored_steps)
    errors.sort(key=lambda e: (e.line or 0, e.column or ""))
    records = typed.rename(columns=FIELD_OF)
    return Validated(records=records, errors=errors)
