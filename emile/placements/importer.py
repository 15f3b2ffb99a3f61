"""Importing an operator file: the file is the operator's whole record, and the store is synchronised with it.

An operator file lists every household the operator follows and every journey step each one reached. Importing it
adds what is new, updates what differs and removes what the operator's file no longer holds, so that a corrected
file withdraws a wrong step or a household entered by mistake. Rows are matched on (operator, household id, step):
importing the same file twice changes nothing.

Three stages, so that what is written is exactly what was shown:

- ``check_file`` reads and validates the file; it needs no store, so the page does it once per file;
- ``plan_import`` compares it with the store: the preview (additions, changes, removals, demo cohort to remove);
- ``apply_import`` writes that plan in one transaction holding the store's write lock, with its audit entry, after
  checking that the store still is as previewed (``StalePreviewError`` otherwise). The fictitious demo cohort goes
  in the same transaction at the first real import, as the page's banner says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from emile.config import PlacementSettings
from emile.placements.models import AuditEntry, Household, JourneyStep, Operator
from emile.placements.store import Store, StoreError, remove_demo_rows
from emile.placements.template import COLUMN_NAMES, FIELD_OF, HOUSEHOLD_COLUMNS, REQUIRED
from emile.placements.validation import validate
from emile.uploads.checks import errors_frame, python_value
from emile.uploads.errors import FileRejectedError, RowError
from emile.uploads.reading import read_table

HOUSEHOLD_FIELDS: tuple[str, ...] = tuple(FIELD_OF[name] for name in HOUSEHOLD_COLUMNS)
STATUS_NEW, STATUS_CHANGED, STATUS_SAME, STATUS_REMOVED = "nouvelle", "modifiée", "inchangée", "supprimée"


class StalePreviewError(StoreError):
    """The store changed between the preview and the confirmation: nothing was written."""

    def __init__(self) -> None:
        super().__init__(
            "La base a changé depuis l'aperçu (un autre import a eu lieu) : rien n'a été enregistré. L'aperçu "
            "a été recalculé ; vérifiez-le puis confirmez de nouveau."
        )


@dataclass(frozen=True)
class CheckedFile:
    """An operator file read and validated; ``records`` (store field names, indexed by file line) when it has no
    error."""

    filename: str
    checksum: str
    operator_code: str
    errors: tuple[RowError, ...] = ()
    records: pd.DataFrame | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def errors_frame(self) -> pd.DataFrame:
        """The errors as a table with French headers, for display and download."""
        return errors_frame(self.errors)


@dataclass(frozen=True)
class Changes:
    """What synchronising the store with a file does: rows to insert, update and delete (database ids for the last
    two), the status of each file line, and the stored steps that go."""

    new_households: tuple[dict, ...] = ()
    changed_households: tuple[dict, ...] = ()
    removed_households: tuple[int, ...] = ()
    new_steps: tuple[dict, ...] = ()
    changed_steps: tuple[dict, ...] = ()
    removed_steps: tuple[int, ...] = ()
    status: tuple[tuple[int, str], ...] = ()
    removed: tuple[tuple[str, str, dt.date], ...] = ()  # (household id, step, date) of every step removed


@dataclass(frozen=True)
class ImportPlan:
    """What importing ``file`` does to the store as it stood when planned; ``applied`` once written."""

    file: CheckedFile
    changes: Changes = field(default_factory=Changes)
    demo_households: int = 0
    applied: bool = False

    @property
    def ok(self) -> bool:
        return self.file.ok

    @property
    def errors(self) -> tuple[RowError, ...]:
        return self.file.errors

    def _count(self, status: str) -> int:
        return sum(s == status for _, s in self.changes.status)

    @property
    def rows_added(self) -> int:
        return self._count(STATUS_NEW)

    @property
    def rows_changed(self) -> int:
        return self._count(STATUS_CHANGED)

    @property
    def rows_unchanged(self) -> int:
        return self._count(STATUS_SAME)

    @property
    def rows_removed(self) -> int:
        return len(self.changes.removed)

    @property
    def households_added(self) -> int:
        return len(self.changes.new_households)

    @property
    def households_removed(self) -> int:
        return len(self.changes.removed_households)

    def preview(self) -> pd.DataFrame:
        """Every line of the file with its status, then every stored step the import removes."""
        records = self.file.records
        kept = pd.DataFrame(
            {
                "ligne": records.index,
                "id_menage": records["external_id"].to_numpy(),
                "etape": records["step"].to_numpy(),
                "date_etape": records["date"].dt.date.to_numpy(),
                "statut": [status for _, status in self.changes.status],
            }
        )
        removed = pd.DataFrame(
            [(pd.NA, *row, STATUS_REMOVED) for row in self.changes.removed], columns=list(kept.columns)
        )
        return pd.concat([kept, removed], ignore_index=True).astype({"ligne": "Int64"})


def check_file(
    content: bytes,
    filename: str,
    *,
    operator_code: str,
    communes: Collection[str],
    settings: PlacementSettings,
    today: dt.date | None = None,
) -> CheckedFile:
    """Read and validate ``content`` for ``operator_code``; every problem comes back as French errors."""
    checksum = hashlib.sha256(content).hexdigest()
    if operator_code not in {o.code for o in settings.operators}:
        error = RowError(f"un des opérateurs du programme, pas « {operator_code} »")
        return CheckedFile(filename, checksum, operator_code, (error,))
    try:
        frame = read_table(
            content, filename, max_bytes=settings.max_file_mb * 1_000_000, columns=COLUMN_NAMES, required=REQUIRED
        )
    except FileRejectedError as rejected:
        return CheckedFile(filename, checksum, operator_code, tuple(rejected.errors))
    validated = validate(frame, operator_code=operator_code, communes=communes, today=today or dt.date.today())
    if validated.errors:
        return CheckedFile(filename, checksum, operator_code, tuple(validated.errors))
    return CheckedFile(filename, checksum, operator_code, records=validated.records)


def existing_records(session: Session, operator_code: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The operator's households (id, external_id, details) and steps (id, external_id, step, date) in the store,
    in database order."""
    households = pd.DataFrame(
        session.execute(
            select(Household.id, Household.external_id, *(getattr(Household, f) for f in HOUSEHOLD_FIELDS))
            .join(Operator)
            .where(Operator.code == operator_code)
            .order_by(Household.id)
        ).all(),
        columns=["id", "external_id", *HOUSEHOLD_FIELDS],
    )
    steps = pd.DataFrame(
        session.execute(
            select(JourneyStep.id, Household.external_id, JourneyStep.step, JourneyStep.date)
            .join(Household)
            .join(Operator)
            .where(Operator.code == operator_code)
            .order_by(JourneyStep.id)
        ).all(),
        columns=["id", "external_id", "step", "date"],
    )
    return households, steps


def plan_changes(records: pd.DataFrame, households: pd.DataFrame, steps: pd.DataFrame) -> Changes:
    """Compare validated ``records`` (one row per household and step, the operator's whole record) with what the
    store holds for the operator."""
    known = {row["external_id"]: row for row in households.to_dict("records")}
    in_file = set(records["external_id"])
    new_households, changed_households, changed_ids = [], [], set()
    for row in records.drop_duplicates("external_id").to_dict("records"):
        values = {f: python_value(row[f]) for f in HOUSEHOLD_FIELDS}
        stored = known.get(row["external_id"])
        if stored is None:
            new_households.append({"external_id": row["external_id"], **values})
        elif any(values[f] != python_value(stored[f]) for f in HOUSEHOLD_FIELDS):
            changed_households.append({"id": stored["id"], **values})
            changed_ids.add(row["external_id"])
    stored_steps = {(s["external_id"], s["step"]): s for s in steps.to_dict("records")}
    new_steps, changed_steps, status = [], [], []
    for line, row in zip(records.index, records[["external_id", "step", "date"]].to_dict("records"), strict=True):
        stored = stored_steps.pop((row["external_id"], row["step"]), None)
        date = python_value(row["date"])
        if stored is None:
            new_steps.append({"external_id": row["external_id"], "step": row["step"], "date": date})
            status.append((int(line), STATUS_NEW))
        elif python_value(stored["date"]) != date:
            changed_steps.append({"id": stored["id"], "date": date})
            status.append((int(line), STATUS_CHANGED))
        else:
            status.append((int(line), STATUS_CHANGED if row["external_id"] in changed_ids else STATUS_SAME))
    # What is left of the stored steps is not in the file any more.
    gone = list(stored_steps.values())
    return Changes(
        new_households=tuple(new_households),
        changed_households=tuple(changed_households),
        removed_households=tuple(h["id"] for h in known.values() if h["external_id"] not in in_file),
        new_steps=tuple(new_steps),
        changed_steps=tuple(changed_steps),
        removed_steps=tuple(s["id"] for s in gone if s["external_id"] in in_file),
        status=tuple(status),
        removed=tuple((s["external_id"], s["step"], python_value(s["date"])) for s in gone),
    )


def _operator_id(session: Session, code: str, name: str) -> int:
    operator_id = session.scalar(select(Operator.id).where(Operator.code == code, Operator.is_demo.is_(False)))
    if operator_id is None:
        operator_id = session.scalar(
            insert(Operator).values(code=code, name=name, is_demo=False).returning(Operator.id)
        )
    return operator_id


def write_changes(session: Session, operator_id: int, changes: Changes, *, demo: bool) -> None:
    """Apply ``changes`` inside the caller's transaction: removals first, then households, then their steps."""
    if changes.removed_steps:
        session.execute(delete(JourneyStep).where(JourneyStep.id.in_(changes.removed_steps)))
    if changes.removed_households:
        session.execute(delete(JourneyStep).where(JourneyStep.household_id.in_(changes.removed_households)))
        session.execute(delete(Household).where(Household.id.in_(changes.removed_households)))
    ids = {}
    if changes.new_households:
        rows = [{**h, "operator_id": operator_id, "is_demo": demo} for h in changes.new_households]
        for household_id, external_id in session.execute(
            insert(Household).returning(Household.id, Household.external_id, sort_by_parameter_order=True), rows
        ):
            ids[external_id] = household_id
    if changes.changed_households:
        session.execute(update(Household), list(changes.changed_households))
    needed = {s["external_id"] for s in changes.new_steps} - ids.keys()
    if needed:
        ids.update(
            session.execute(
                select(Household.external_id, Household.id).where(
                    Household.operator_id == operator_id, Household.external_id.in_(needed)
                )
            ).all()
        )
    if changes.new_steps:
        session.execute(
            insert(JourneyStep),
            [{"household_id": ids[s["external_id"]], "step": s["step"], "date": s["date"]} for s in changes.new_steps],
        )
    if changes.changed_steps:
        session.execute(update(JourneyStep), list(changes.changed_steps))


def _changes_in(session: Session, file: CheckedFile) -> tuple[Changes, int]:
    households, steps = existing_records(session, file.operator_code)
    demo = session.scalar(select(func.count()).select_from(Household).where(Household.is_demo.is_(True)))
    return plan_changes(file.records, households, steps), demo


def plan_import(store: Store, file: CheckedFile) -> ImportPlan:
    """What importing the checked ``file`` would change in ``store`` now (nothing when the file has errors)."""
    if not file.ok:
        return ImportPlan(file)
    with store.reading() as session:
        changes, demo = _changes_in(session, file)
    return ImportPlan(file, changes, demo)


def apply_import(store: Store, plan: ImportPlan, *, actor: str, operator_name: str) -> ImportPlan:
    """Write ``plan`` in one transaction holding the write lock, with its audit entry, and remove the demo cohort
    if any. Raises ``StalePreviewError`` when the store no longer is as planned, a ``StoreError`` when the store
    fails or is busy: in every such case nothing is written."""
    if not plan.ok:
        raise ValueError("a file with errors cannot be imported")
    with store.writing() as session:
        if _changes_in(session, plan.file) != (plan.changes, plan.demo_households):
            raise StalePreviewError()
        if plan.demo_households:
            removed = remove_demo_rows(session)
            session.add(
                AuditEntry(actor=actor, action="suppression_demo", rows_added=0, rows_changed=0, rows_removed=removed)
            )
        write_changes(session, _operator_id(session, plan.file.operator_code, operator_name), plan.changes, demo=False)
        session.add(
            AuditEntry(
                actor=actor,
                action="import",
                operator_code=plan.file.operator_code,
                filename=plan.file.filename,
                checksum=plan.file.checksum,
                rows_added=plan.rows_added,
                rows_changed=plan.rows_changed,
                rows_removed=plan.rows_removed,
            )
        )
    return ImportPlan(plan.file, plan.changes, plan.demo_households, applied=True)


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
) -> ImportPlan:
    """Check, plan and (unless ``dry_run`` or the file has errors) apply: the three stages in one call, for scripts
    and tests; the page runs them one by one."""
    file = check_file(content, filename, operator_code=operator_code, communes=communes, settings=settings, today=today)
    plan = plan_import(store, file)
    if dry_run or not plan.ok:
        return plan
    return apply_import(store, plan, actor=actor, operator_name=settings.operator_name(operator_code))
