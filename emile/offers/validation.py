"""Checking offers (a file, or a form as a one-row file) and returning typed records or French errors by row and
column, with the two pandera passes of ``emile.uploads.checks`` and plain pandas rules across columns.

Codes are checked against the snapshot: the commune must exist and lie in one of the offerer's départements; the ROME
code must be in the DARES correspondence, and its FAP family is derived from it (or, when the code belongs to
several families, must be named and be one of them). A SIRET must pass the Luhn check INSEE uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from emile.offers import templates
from emile.offers.metiers import Metiers
from emile.offers.vocabulary import HOUSING, JOB, JOB_KINDS, LANDLORD_TYPES, OPEN_STATUSES, STATUSES, TYPOLOGIES
from emile.uploads.checks import (
    COMMUNE_HINT,
    COMMUNE_PATTERN,
    DATE_HINT,
    DATE_PATTERN,
    DECIMAL_HINT,
    DECIMAL_PATTERN,
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
from emile.uploads.template import required_names

EARLIEST_DATE = pd.Timestamp("2019-01-01")
# An offer further ahead than this is a typing error more often than a plan.
HORIZON_DAYS = 2 * 365
REFERENCE_PATTERN = r"^[A-Za-z0-9_./-]{1,40}$"
FAP_PATTERN = r"^[A-X]\d[A-Z]\d{2}$"
_NAME = [pa.Check.str_length(min_value=1, max_value=200, error="un nom de 200 caractères au plus")]
_DECIMAL = [pa.Check.str_matches(DECIMAL_PATTERN, error=DECIMAL_HINT)]
_DATE = [pa.Check.str_matches(DATE_PATTERN, error=DATE_HINT)]
_YES_NO = [pa.Check.isin(YES_NO, error="oui ou non")]
_DECIMALS = {HOUSING: ("surface_m2", "loyer_hors_charges", "charges"), JOB: ("heures_hebdo",)}
_DATES = {HOUSING: ("disponible_le", "expire_le"), JOB: ("debut_le", "expire_le")}
_BOOLEANS = {HOUSING: ("plain_pied",), JOB: ("permis_requis",)}
_START = {HOUSING: "disponible_le", JOB: "debut_le"}


@dataclass
class Validated:
    """Typed rows (store field names, indexed by file line) when ``errors`` is empty."""

    records: pd.DataFrame
    errors: list[RowError]


def _text_schema(kind: str) -> pa.DataFrameSchema:
    common = {
        "reference": [
            pa.Check.str_matches(
                REFERENCE_PATTERN, error="une référence de 40 caractères au plus (lettres, chiffres, - _ . /)"
            )
        ],
        "commune": [pa.Check.str_matches(COMMUNE_PATTERN, error=COMMUNE_HINT)],
        "expire_le": _DATE,
        "statut": [pa.Check.isin(STATUSES, error=one_of(STATUSES))],
    }
    if kind == HOUSING:
        specific = {
            "bailleur": _NAME,
            "type_bailleur": [pa.Check.isin(list(LANDLORD_TYPES), error=one_of(LANDLORD_TYPES))],
            "typologie": [pa.Check.isin(TYPOLOGIES, error=one_of(TYPOLOGIES))],
            "surface_m2": _DECIMAL,
            "loyer_hors_charges": _DECIMAL,
            "charges": _DECIMAL,
            "plain_pied": _YES_NO,
            "disponible_le": _DATE,
        }
    else:
        specific = {
            "employeur": _NAME,
            "siret": [pa.Check.str_matches(r"^\d{14}$", error="un SIRET de 14 chiffres")],
            "rome": [pa.Check.str_matches(ROME_PATTERN, error=ROME_HINT)],
            "famille_fap": [pa.Check.str_matches(FAP_PATTERN, error="un code de famille FAP 2009 (ex. J1Z80)")],
            "contrat": [pa.Check.isin(list(JOB_KINDS), error=one_of(JOB_KINDS))],
            "heures_hebdo": _DECIMAL,
            "permis_requis": _YES_NO,
            "debut_le": _DATE,
        }
    order = [column.name for column in templates.COLUMNS[kind]]
    checks = {**common, **specific}
    return text_columns({name: checks[name] for name in order}, required_names(templates.COLUMNS[kind]), strict=True)


def _value_schema(kind: str, communes: Collection[str], today: dt.date) -> pa.DataFrameSchema:
    latest = pd.Timestamp(today) + pd.Timedelta(days=HORIZON_DAYS)
    dates = [
        pa.Check.ge(EARLIEST_DATE, error=f"une date après le {EARLIEST_DATE:%d/%m/%Y}"),
        pa.Check.le(latest, error=f"une date avant le {latest:%d/%m/%Y} (deux ans au plus)"),
    ]

    def between(low: float, high: float, unit: str) -> pa.Column:
        return pa.Column(
            "Float64", pa.Check.in_range(low, high, error=f"entre {low:g} et {high:g} {unit}"), nullable=True
        )

    columns = {
        "commune": pa.Column("string", pa.Check.isin(communes, error=KNOWN_COMMUNE), nullable=True),
        "expire_le": pa.Column(checks=dates, nullable=True),
        _START[kind]: pa.Column(checks=dates, nullable=True),
    }
    if kind == HOUSING:
        columns |= {
            "surface_m2": between(9, 400, "m²"),
            "loyer_hors_charges": between(0, 5000, "euros par mois"),
            "charges": between(0, 2000, "euros par mois"),
        }
    else:
        columns |= {"heures_hebdo": between(1, 48, "heures (durée maximale du travail)")}
    return pa.DataFrameSchema(columns)


def siret_is_valid(siret: str) -> bool:
    """The Luhn checksum of a SIRET (La Poste's establishments, SIREN 356000000, add up their digits instead)."""
    if siret.startswith("356000000"):
        return sum(int(digit) for digit in siret) % 5 == 0
    total = 0
    for position, digit in enumerate(reversed(siret)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _place(typed: pd.DataFrame, source: pd.DataFrame, communes: Mapping[str, str], allowed: Collection[str]):
    where = typed["commune"].map(communes)
    outside = typed["commune"].notna() & where.notna() & ~where.isin(list(allowed))
    listed = ", ".join(sorted(allowed))
    return [
        RowError(
            f"une commune de vos départements ({listed})", line=line, column="commune", value=source.at[line, "commune"]
        )
        for line in typed.index[outside]
    ]


def _dates(kind: str, typed: pd.DataFrame, source: pd.DataFrame, today: dt.date) -> list[RowError]:
    """Expiry after the start, and still to come for an offer that is meant to count."""
    start, expiry = typed[_START[kind]], typed["expire_le"]
    errors = [
        RowError(
            f"une date d'expiration égale ou postérieure à la date de la colonne « {_START[kind]} »",
            line=line,
            column="expire_le",
            value=source.at[line, "expire_le"],
        )
        for line in typed.index[(expiry < start).fillna(False)]
    ]
    meant_open = typed["statut"].isna() | typed["statut"].isin(OPEN_STATUSES)
    past = (expiry < pd.Timestamp(today)).fillna(False) & meant_open
    errors += [
        RowError(
            f"une date d'expiration à venir (le {today:%d/%m/%Y} ou après) pour une offre disponible",
            line=line,
            column="expire_le",
            value=source.at[line, "expire_le"],
        )
        for line in typed.index[past]
    ]
    return errors


def _metier(typed: pd.DataFrame, source: pd.DataFrame, metiers: Metiers) -> tuple[pd.Series, list[RowError]]:
    """Known ROME codes and their FAP family (given, or derived when the code has a single one)."""
    errors, families = [], pd.Series(pd.NA, index=typed.index, dtype="string")
    for line, rome, given in typed[["rome", "famille_fap"]].itertuples(name=None):
        if pd.isna(rome):
            continue
        if not metiers.is_known(rome):
            errors.append(RowError("un code ROME de la nomenclature (v3)", line=line, column="rome", value=rome))
            continue
        options = metiers.families(rome)
        choices = " ; ".join(metiers.family_choice(fap) for fap in options)
        if pd.isna(given):
            if len(options) == 1:
                families[line] = options[0]
            else:
                errors.append(
                    RowError(
                        f"la famille du métier : le code ROME {rome} relève de plusieurs familles ({choices})",
                        line=line,
                        column="famille_fap",
                    )
                )
        elif given in options:
            families[line] = given
        else:
            errors.append(
                RowError(
                    f"une famille du code ROME {rome} : {choices}",
                    line=line,
                    column="famille_fap",
                    value=source.at[line, "famille_fap"],
                )
            )
    return families, errors


def _sirets(typed: pd.DataFrame, source: pd.DataFrame) -> list[RowError]:
    return [
        RowError(
            "un SIRET existant (la clé de contrôle ne correspond pas)",
            line=line,
            column="siret",
            value=source.at[line, "siret"],
        )
        for line, siret in typed["siret"].dropna().items()
        if not siret_is_valid(siret)
    ]


def validate_offers(
    kind: str,
    frame: pd.DataFrame,
    *,
    departements: Collection[str],
    communes: Mapping[str, str],
    metiers: Metiers,
    today: dt.date,
) -> Validated:
    """Check the text frame of ``kind`` (from ``emile.uploads.reading`` or a form); ``departements`` are those the
    offerer may declare offers in, ``communes`` maps every current commune to its département."""
    checked = frame.copy()
    if kind == JOB:
        checked["siret"] = checked["siret"].str.replace(r"[\s\u00a0\u202f]", "", regex=True)
    errors = schema_errors(_text_schema(kind), checked, frame)
    typed, impossible = convert(
        checked,
        {(e.line, e.column) for e in errors},
        decimals=_DECIMALS[kind],
        dates=_DATES[kind],
        booleans=_BOOLEANS[kind],
    )
    errors += impossible
    errors += schema_errors(_value_schema(kind, list(communes), today), typed, frame)
    bad = {(e.line, e.column) for e in errors}
    for line, column in bad:
        if column in typed.columns:
            typed.at[line, column] = pd.NA
    errors += _place(typed, frame, communes, departements) + _dates(kind, typed, frame, today)
    errors += duplicates(frame, ["reference"], "reference", "offre (même référence)")
    if kind == JOB:
        typed["famille_fap"], metier_errors = _metier(typed, frame, metiers)
        errors += metier_errors + _sirets(typed, frame)
    errors.sort(key=lambda e: (e.line or 0, e.column or ""))
    return Validated(records=typed.rename(columns=templates.field_of(kind)), errors=errors)
