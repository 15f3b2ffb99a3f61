"""Importing an operator file into the store: all rows or none, idempotent, with a dry run that writes nothing.

Rows are matched on (operator, household id, step): a household's details and a step's date are inserted when new,
updated when different and left alone when identical, so importing the same file twice changes nothing. The whole
write, audit entry included, is one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from emile.config import PlacementSettings
from emile.placements.models import AuditEntry, Household, JourneyStep, Operator
from emile.placements.store import Store
from emile.placements.template import COLUMN_NAMES, FIELD_OF, HOUSEHOLD_COLUMNS, REQUIRED
from emile.placements.validation import validate
from emile.uploads.checks import errors_frame
from emile.uploads.errors import FileRejectedError, RowError
from emile.uploads.reading import read_table

HOUSEHOLD_FIELDS: tuple[str, ...] = tuple(FIELD_OF[name] for name in HOUSEHOLD_COLUMNS)
STATUS_NEW, STATUS_CHANGED, STATUS_SAME = "nouvelle", "modifiée", "inchangée"


@dataclass
class ImportReport:
    """What an import found and did (or, for a dry run, would do)."""

    filename: str
    checksum: str
    dry_run: bool
    errors: list[RowError] = field(default_factory=list)
    rows_added: int = 0
    rows_changed: int = 0
    rows_unchanged: int = 0
    households_added: int = 0
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def ok(self) -> bool:
        return not self.errors

    def errors_frame(self) -> pd.DataFrame:
        """The errors as a table with French headers, for display and download."""
        return errors_frame(self.errors)


@dataclass
class WritePlan:
    """Rows to insert or update, and the status of each file line (new, changed, unchanged)."""

    new_households: list[dict]
    changed_households: list[dict]
    new_steps: list[dict]
    changed_steps: list[dict]
    status: pd.Series


def _python(value: object) -> object:
    """Database-ready scalar: None for missing values, dates as ``datetime.date``, numpy numbers as Python ones."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value.item() if hasattr(value, "item") else value


def existing_records(session: Session, operator_code: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The operator's households (id, external_id, details) and steps (id, external_id, step, date) in the store."""
    households = pd.DataFrame(
        session.execute(
            select(Household.id, Household.external_id, *(getattr(Household, f) for f in HOUSEHOLD_FIELDS))
            .join(Operator)
            .where(Operator.code == operator_code)
        ).all(),
        columns=["id", "external_id", *HOUSEHOLD_FIELDS],
    )
    steps = pd.DataFrame(
        session.execute(
            select(JourneyStep.id, Household.external_id, JourneyStep.step, JourneyStep.date)
            .join(Household)
            .join(Operator)
            .where(Operator.code == operator_code)
        ).all(),
        columns=["id", "external_id", "step", "date"],
    )
    steps["date"] = pd.to_datetime(steps["date"])
    return households, steps


def plan_changes(records: pd.DataFrame, households: pd.DataFrame, steps: pd.DataFrame) -> WritePlan:
    """Compare validated ``records`` (one row per household and step) with what the store holds for the operator."""
    known = {row["external_id"]: row for row in households.to_dict("records")}
    firsts = records.drop_duplicates("external_id")
    new_households, changed_households, changed_ids = [], [], set()
    for row in firsts.to_dict("records"):
        values = {f: _python(row[f]) for f in HOUSEHOLD_FIELDS}
        stored = known.get(row["external_id"])
        if stored is None:
            new_households.append({"external_id": row["external_id"], **values})
        elif any(values[f] != _python(stored[f]) for f in HOUSEHOLD_FIELDS):
            changed_households.append({"id": stored["id"], **values})
            changed_ids.add(row["external_id"])
    stored_steps = {(s["external_id"], s["step"]): s for s in steps.to_dict("records")}
    new_steps, changed_steps, status = [], [], {}
    for line, row in zip(records.index, records[["external_id", "step", "date"]].to_dict("records"), strict=True):
        stored = stored_steps.get((row["external_id"], row["step"]))
        date = _python(row["date"])
        if stored is None:
            new_steps.append({"external_id": row["external_id"], "step": row["step"], "date": date})
            status[line] = STATUS_NEW
        elif _python(stored["date"]) != date:
            changed_steps.append({"id": stored["id"], "date": date})
            status[line] = STATUS_CHANGED
        else:
            status[line] = STATUS_CHANGED if row["external_id"] in changed_ids else STATUS_SAME
    return WritePlan(new_households, changed_households, new_steps, changed_steps, pd.Series(status))


def _operator_id(session: Session, code: str, name: str) -> int:
    operator_id = session.scalar(select(Operator.id).where(Operator.code == code))
    if operator_id is None:
        operator_id = session.scalar(
            insert(Operator).values(code=code, name=name, is_demo=False).returning(Operator.id)
        )
    return operator_id


def write_households(session: Session, operator_id: int, plan: WritePlan, *, demo: bool) -> dict[str, int]:
    """Insert new and update changed households; return the database id of every household the plan's steps need."""
    ids = {}
    if plan.new_households:
        rows = [{**h, "operator_id": operator_id, "is_demo": demo} for h in plan.new_households]
        for household_id, external_id in session.execute(
            insert(Household).returning(Household.id, Household.external_id, sort_by_parameter_order=True), rows
        ):
            ids[external_id] = household_id
    if plan.changed_households:
        session.execute(update(Household), plan.changed_households)
    needed = {s["external_id"] for s in plan.new_steps} - ids.keys()
    if needed:
        ids.update(
            session.execute(
                select(Household.external_id, Household.id).where(
                    Household.operator_id == operator_id, Household.external_id.in_(needed)
                )
            )
            .tuples()
            .all()
        )
    return ids


def write_steps(session: Session, plan: WritePlan, household_ids: dict[str, int]) -> None:
    """Insert new steps and update the date of changed ones."""
    if plan.new_steps:
        session.execute(
            insert(JourneyStep),
            [
                {"household_id": household_ids[s["external_id"]], "step": s["step"], "date": s["date"]}
                for s in plan.new_steps
            ],
        )
    if plan.changed_steps:
        session.execute(update(JourneyStep), plan.changed_steps)


def write_plan(session: Session, operator_id: int, plan: WritePlan, *, demo: bool) -> None:
    """Apply ``plan`` inside the caller's transaction."""
    write_steps(session, plan, write_households(session, operator_id, plan, demo=demo))


def import_file(
    store: Store,
    content: bytes,
    filename: str,
    *,
    operator_code: str,
    actor: str,
    communes: Collection[str],
    settings: PlacementSettings,
    today: dt.date | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Validate ``content`` and, unless ``dry_run`` or any error, write it in one transaction with an audit entry."""
    report = ImportReport(filename=filename, checksum=hashlib.sha256(content).hexdigest(), dry_run=dry_run)
    if operator_code not in {o.code for o in settings.operators}:
        report.errors = [RowError(f"un des opérateurs du programme, pas « {operator_code} »")]
        return report
    try:
        frame = read_table(
            content, filename, max_bytes=settings.max_file_mb * 1_000_000, columns=COLUMN_NAMES, required=REQUIRED
        )
    except FileRejectedError as rejected:
        report.errors = rejected.errors
        return report
    with store.session() as session, session.begin():
        households, steps = existing_records(session, operator_code)
        validated = validate(
            frame, operator_code=operator_code, communes=communes, today=today or dt.date.today(), stored_steps=steps
        )
        if validated.errors:
            report.errors = validated.errors
            session.rollback()
            return report
        plan = plan_changes(validated.records, households, steps)
        report.rows_added = int((plan.status == STATUS_NEW).sum())
        report.rows_changed = int((plan.status == STATUS_CHANGED).sum())
        report.rows_unchanged = int((plan.status == STATUS_SAME).sum())
        report.households_added = len(plan.new_households)
        report.preview = frame[["id_menage", "etape", "date_etape"]].assign(statut=plan.status)
        if dry_run:
            session.rollback()
            return report
        operator_id = _operator_id(session, operator_code, settings.operator_name(operator_code))
        write_plan(session, operator_id, plan, demo=False)
        session.add(
            AuditEntry(
                actor=actor,
                action="import",
                operator_code=operator_code,
                filename=filename,
                checksum=report.checksum,
                rows_added=report.rows_added,
                rows_changed=report.rows_changed,
            )
        )
    return report
