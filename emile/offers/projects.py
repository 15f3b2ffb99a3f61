"""Household projects: what a household of the placement store seeks (métiers, composition by age band, needs,
vetoed départements, ranked wishes, earliest move, status), recorded by its operator by form or file.

Checked like offers (two pandera passes and cross-column rules): ROME codes in the DARES correspondence, département
codes that exist and are not origin areas, wishes distinct and never vetoed. A household has one project; recording
it again updates it, with an audit row of what changed and a dated history of its status.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Mapping

import pandas as pd
import pandera.pandas as pa
from sqlalchemy import insert, select, update

from emile.offers import templates
from emile.offers.access import Principal, can_read_households_of, can_write_project, require
from emile.offers.importer import (
    SOURCE_FILE,
    SOURCE_FORM,
    STATUS_CHANGED,
    STATUS_NEW,
    STATUS_SAME,
    OfferReport,
    file_frame,
    form_frame,
    jsonable,
)
from emile.offers.metiers import Metiers
from emile.offers.models import HouseholdProject, OfferAudit, StatusChange
from emile.offers.vocabulary import CHILD_BANDS, MAX_WISHES, PROJECT_STATUSES
from emile.placements.models import Household, Operator
from emile.placements.store import Store
from emile.uploads.checks import (
    COUNT_PATTERN,
    DATE_HINT,
    DATE_PATTERN,
    ROME_HINT,
    ROME_PATTERN,
    YES_NO,
    convert,
    duplicates,
    one_of,
    python_value,
    schema_errors,
    text_columns,
)
from emile.uploads.errors import RowError
from emile.uploads.template import required_names

KIND = templates.PROJECT
FIELDS: tuple[str, ...] = tuple(c.field for c in templates.PROJECT_COLUMNS if c.field != "external_id")
_BANDS = tuple(field.replace("children", "enfants") for field in CHILD_BANDS)
_ROMES = ("metier_1", "metier_2", "metier_3")
_WISHES = tuple(f"voeu_{n}" for n in range(1, MAX_WISHES + 1))
_BOOLEANS = ("suivi_sante", "plain_pied", "permis", "voiture")
_DEPARTEMENT = r"^(\d{2}|2[AB]|97[1-6])$"
EARLIEST_DATE = pd.Timestamp("2019-01-01")
MAX_PEOPLE = 20


def _text_schema() -> pa.DataFrameSchema:
    count = [pa.Check.str_matches(COUNT_PATTERN, error="un nombre entier positif ou nul")]
    yes_no = [pa.Check.isin(YES_NO, error="oui ou non")]
    departement = [pa.Check.str_matches(_DEPARTEMENT, error="un code de département (ex. 15, 2A, 971)")]
    checks = {
        "id_menage": [pa.Check.str_matches(r"^[A-Za-z0-9_.-]{1,40}$", error="un identifiant pseudonyme")],
        **{name: [pa.Check.str_matches(ROME_PATTERN, error=ROME_HINT)] for name in _ROMES},
        "adultes": count,
        **{name: count for name in _BANDS},
        **{name: yes_no for name in _BOOLEANS},
        "departements_exclus": [
            pa.Check.str_matches(
                r"^(\d{2}|2[AB]|97[1-6])([ ,;]+(\d{2}|2[AB]|97[1-6]))*$",
                error="des codes de département séparés par des espaces (ex. 15 48)",
            )
        ],
        **{name: departement for name in _WISHES},
        "demenagement_des_le": [pa.Check.str_matches(DATE_PATTERN, error=DATE_HINT)],
        "statut": [pa.Check.isin(list(PROJECT_STATUSES), error=one_of(PROJECT_STATUSES))],
    }
    return text_columns(checks, required_names(templates.PROJECT_COLUMNS), strict=True)


def _value_schema(today: dt.date) -> pa.DataFrameSchema:
    latest = pd.Timestamp(today) + pd.Timedelta(days=2 * 365)
    return pa.DataFrameSchema(
        {
            "adultes": pa.Column(
                "Int64", pa.Check.in_range(1, MAX_PEOPLE, error=f"entre 1 et {MAX_PEOPLE} adultes"), nullable=True
            ),
            **{
                name: pa.Column(
                    "Int64", pa.Check.in_range(0, MAX_PEOPLE, error=f"entre 0 et {MAX_PEOPLE} enfants"), nullable=True
                )
                for name in _BANDS
            },
            "demenagement_des_le": pa.Column(
                checks=[
                    pa.Check.ge(EARLIEST_DATE, error=f"une date après le {EARLIEST_DATE:%d/%m/%Y}"),
                    pa.Check.le(latest, error=f"une date avant le {latest:%d/%m/%Y} (deux ans au plus)"),
                ],
                nullable=True,
            ),
        }
    )


def _territories(
    typed: pd.DataFrame, source: pd.DataFrame, departements: Collection[str], origins: Collection[str]
) -> tuple[pd.Series, list[RowError]]:
    """Vetoed départements as sorted lists; wishes that exist, are hosts (never an origin area), distinct and not
    vetoed; vetoes that exist."""
    errors = []
    vetoes = (
        typed["departements_exclus"].fillna("").str.split(r"[ ,;]+").map(lambda codes: sorted({c for c in codes if c}))
    )
    for line, codes in vetoes.items():
        unknown = [c for c in codes if c not in departements]
        if unknown:
            errors.append(
                RowError(
                    "des départements existants (inconnus : " + ", ".join(unknown) + ")",
                    line=line,
                    column="departements_exclus",
                    value=source.at[line, "departements_exclus"],
                )
            )
    for line, row in typed[list(_WISHES)].iterrows():
        seen = []
        for column in _WISHES:
            code = row[column]
            if pd.isna(code):
                continue
            expected = None
            if code not in departements:
                expected = "un département existant"
            elif code in origins:
                expected = "un département d'accueil (pas une zone d'origine du programme)"
            elif code in seen:
                expected = "un département différent des vœux précédents"
            elif code in vetoes[line]:
                expected = "un département qui n'est pas exclu par le ménage"
            if expected:
                errors.append(RowError(expected, line=line, column=column, value=source.at[line, column]))
            seen.append(code)
    return vetoes, errors


def _known_romes(typed: pd.DataFrame, source: pd.DataFrame, metiers: Metiers) -> list[RowError]:
    """Wanted métiers in the nomenclature, each named once."""
    errors = []
    for line, row in typed[list(_ROMES)].iterrows():
        seen = set()
        for column in _ROMES:
            rome = row[column]
            if pd.isna(rome):
                continue
            if not metiers.is_known(rome):
                expected = "un code ROME de la nomenclature (v3)"
            elif rome in seen:
                expected = "un métier différent des précédents"
            else:
                seen.add(rome)
                continue
            errors.append(RowError(expected, line=line, column=column, value=source.at[line, column]))
    return errors


def validate_projects(
    frame: pd.DataFrame,
    *,
    metiers: Metiers,
    departements: Collection[str],
    origins: Collection[str],
    today: dt.date,
) -> tuple[pd.DataFrame, list[RowError]]:
    """Typed project records (store field names, indexed by line) and the French errors of the text ``frame``."""
    errors = schema_errors(_text_schema(), frame, frame)
    typed, impossible = convert(
        frame,
        {(e.line, e.column) for e in errors},
        integers=("adultes", *_BANDS),
        dates=("demenagement_des_le",),
        booleans=_BOOLEANS,
    )
    errors += impossible + schema_errors(_value_schema(today), typed, frame)
    vetoes, territory_errors = _territories(typed, frame, departements, origins)
    errors += territory_errors + _known_romes(typed, frame, metiers)
    errors += duplicates(frame, ["id_menage"], "id_menage", "ménage")
    for band in _BANDS:
        typed[band] = typed[band].fillna(0)
    typed["departements_exclus"] = vetoes
    errors.sort(key=lambda e: (e.line or 0, e.column or ""))
    return typed.rename(columns={c.name: c.field for c in templates.PROJECT_COLUMNS}), errors


def households_of(store: Store, principal: Principal, operator_code: str) -> pd.DataFrame:
    """The operator's households (id, pseudonymous id, composition, demo flag) to attach projects to."""
    require(can_read_households_of(principal, operator_code), "Les ménages sont réservés à leur opérateur.")
    with store.reading() as session:
        rows = session.execute(
            select(Household.id, Household.external_id, Household.adults, Household.children, Household.is_demo)
            .join(Operator)
            .where(Operator.code == operator_code)
            .order_by(Household.external_id)
        ).all()
    return pd.DataFrame(rows, columns=["id", "external_id", "adults", "children", "is_demo"])


def projects(store: Store, principal: Principal, operator_code: str | None = None) -> pd.DataFrame:
    """Project records the visitor may read: its own operator's, or every one (or one operator's) for a planner."""
    code = operator_code if principal.is_planner else principal.account
    require(
        principal.is_planner or (code is not None and can_read_households_of(principal, code)),
        "Les projets des ménages sont réservés à leur opérateur et aux planificateurs.",
    )
    query = select(Operator.code.label("operator"), Household.external_id, *HouseholdProject.__table__.columns)
    query = query.join(Household, Household.id == HouseholdProject.household_id).join(Operator)
    if code is not None:
        query = query.where(Operator.code == code)
    with store.reading() as session:
        rows = session.execute(query.order_by(HouseholdProject.id)).mappings().all()
    columns = ["operator", "external_id", *HouseholdProject.__table__.columns.keys()]
    return pd.DataFrame(rows, columns=columns)


def declare_projects(
    store: Store,
    principal: Principal,
    operator_code: str,
    frame: pd.DataFrame,
    *,
    report: OfferReport,
    metiers: Metiers,
    departements: Collection[str],
    origins: Collection[str],
    today: dt.date,
) -> OfferReport:
    """Validate project rows of ``operator_code``'s households and, unless a dry run or any error, write them."""
    require(can_write_project(principal, operator_code), "Seul l'opérateur du ménage enregistre son projet.")
    records, errors = validate_projects(frame, metiers=metiers, departements=departements, origins=origins, today=today)
    known = households_of(store, principal, operator_code).set_index("external_id")
    for line, external_id in records["external_id"].dropna().items():
        if external_id not in known.index:
            errors.append(
                RowError(
                    f"un ménage de l'opérateur {operator_code} déjà présent dans le suivi des placements",
                    line=line,
                    column="id_menage",
                    value=external_id,
                )
            )
    if errors:
        report.errors = sorted(errors, key=lambda e: (e.line or 0, e.column or ""))
        return report
    with store.writing() as session:
        ids = known.loc[records["external_id"], "id"].astype(int).tolist()
        rows = session.execute(
            select(*HouseholdProject.__table__.columns).where(HouseholdProject.household_id.in_(ids))
        ).mappings()
        stored = {row["household_id"]: dict(row) for row in rows}
        statuses, audits, histories = {}, [], []
        for (line, row), household_id in zip(records.iterrows(), ids, strict=True):
            values = {f: python_value(row[f]) if f != "vetoed_departements" else row[f] for f in FIELDS}
            before = stored.get(household_id)
            audit = {"actor": principal.actor, "account": operator_code, "entity": KIND, "source": report.source}
            audit |= {"reference": row["external_id"], "filename": report.filename, "checksum": report.checksum}
            if before is None:
                statuses[line] = STATUS_NEW
                if report.dry_run:
                    continue
                project_id = session.scalar(
                    insert(HouseholdProject)
                    .values(
                        household_id=household_id,
                        is_demo=bool(known.loc[row["external_id"], "is_demo"]),
                        status_date=today,
                        created_on=today,
                        **values,
                    )
                    .returning(HouseholdProject.id)
                )
                histories.append({"project_id": project_id, "status": values["status"], "date": today})
                changes = {f: [None, jsonable(v)] for f, v in values.items() if v not in (None, [], 0)}
                audits.append({**audit, "project_id": project_id, "action": "creation", "changes": changes})
                continue
            changes = {f: [jsonable(before[f]), jsonable(v)] for f, v in values.items() if before[f] != v}
            statuses[line] = STATUS_CHANGED if changes else STATUS_SAME
            if not changes or report.dry_run:
                continue
            extra = {"status_date": today} if "status" in changes else {}
            session.execute(
                update(HouseholdProject).where(HouseholdProject.id == before["id"]).values(**values, **extra)
            )
            if "status" in changes:
                histories.append({"project_id": before["id"], "status": values["status"], "date": today})
            audits.append({**audit, "project_id": before["id"], "action": "modification", "changes": changes})
        if histories:
            session.execute(insert(StatusChange), histories)
        if audits:
            session.execute(insert(OfferAudit), audits)
        if report.dry_run:
            session.rollback()
    status = pd.Series(statuses, dtype="string")
    report.rows_added = int((status == STATUS_NEW).sum())
    report.rows_changed = int((status == STATUS_CHANGED).sum())
    report.rows_unchanged = int((status == STATUS_SAME).sum())
    report.preview = frame[["id_menage"]].assign(statut=status)
    return report


def declare_project_form(
    store: Store,
    principal: Principal,
    operator_code: str,
    values: Mapping[str, str | None],
    *,
    metiers: Metiers,
    departements: Collection[str],
    origins: Collection[str],
    today: dt.date,
) -> OfferReport:
    """One project typed in a form (``values`` keyed by the template's column names, as text)."""
    return declare_projects(
        store,
        principal,
        operator_code,
        form_frame(templates.PROJECT_COLUMNS, values),
        report=OfferReport(KIND, SOURCE_FORM),
        metiers=metiers,
        departements=departements,
        origins=origins,
        today=today,
    )


def import_projects_file(
    store: Store,
    principal: Principal,
    operator_code: str,
    content: bytes,
    filename: str,
    *,
    max_bytes: int,
    metiers: Metiers,
    departements: Collection[str],
    origins: Collection[str],
    today: dt.date,
    dry_run: bool = False,
) -> OfferReport:
    """Read a CSV or XLSX project file and declare its rows (see ``declare_projects``)."""
    report = OfferReport(KIND, SOURCE_FILE, filename, hashlib.sha256(content).hexdigest(), dry_run)
    frame = file_frame(report, content, filename, templates.PROJECT_COLUMNS, max_bytes=max_bytes)
    if frame is None:
        return report
    return declare_projects(
        store,
        principal,
        operator_code,
        frame,
        report=report,
        metiers=metiers,
        departements=departements,
        origins=origins,
        today=today,
    )
