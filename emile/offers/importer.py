"""Declaring offers, from a file or a form: all rows or none, idempotent, with a dry run that writes nothing.

Rows are matched on (offerer, reference): an offer is inserted when new, updated when a value differs and left alone
when identical, so importing the same file twice changes nothing. Every offer created or changed gets an audit row
(who, when, what changed, from which file or form) and every status a dated history row; the whole write is one
transaction. A file import is also recorded as an ``OfferImport``, so the offers it created can be withdrawn together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from emile.config import OffererAccount
from emile.offers import templates
from emile.offers.access import Principal, can_write_offer, require
from emile.offers.metiers import Metiers
from emile.offers.models import HousingOffer, JobOffer, OfferAudit, Offerer, OfferImport, StatusChange
from emile.offers.validation import validate_offers
from emile.offers.vocabulary import AVAILABLE, HOUSING, KIND_LABELS
from emile.placements.store import Store
from emile.uploads.checks import errors_frame, python_value
from emile.uploads.errors import FileRejectedError, RowError
from emile.uploads.reading import read_table
from emile.uploads.template import TemplateColumn, column_names, required_names

MODELS = {HOUSING: HousingOffer, "emploi": JobOffer}
TARGET = {HOUSING: "housing_offer_id", "emploi": "job_offer_id"}
FIELDS: dict[str, tuple[str, ...]] = {
    kind: tuple(c.field for c in templates.COLUMNS[kind] if c.field not in ("reference", "status")) for kind in MODELS
}
SOURCE_FORM, SOURCE_FILE = "formulaire", "fichier"
STATUS_NEW, STATUS_CHANGED, STATUS_SAME = "nouvelle", "modifiée", "inchangée"


@dataclass
class OfferReport:
    """What a declaration found and did (or, for a dry run, would do)."""

    kind: str
    source: str
    filename: str | None = None
    checksum: str | None = None
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)
    rows_added: int = 0
    rows_changed: int = 0
    rows_unchanged: int = 0
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def ok(self) -> bool:
        return not self.errors

    def errors_frame(self) -> pd.DataFrame:
        return errors_frame(self.errors)


@dataclass
class _Plan:
    new: list[dict]
    changed: list[dict]
    status: pd.Series


def jsonable(value: object) -> object:
    """What the audit's JSON column can hold: dates as ISO text."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _stored(session: Session, kind: str, offerer_code: str) -> dict[str, dict]:
    model = MODELS[kind]
    columns = [model.id, model.reference, model.status, *(getattr(model, f) for f in FIELDS[kind])]
    rows = session.execute(select(*columns).join(Offerer).where(Offerer.code == offerer_code)).mappings().all()
    return {row["reference"]: dict(row) for row in rows}


def _plan(kind: str, records: pd.DataFrame, stored: dict[str, dict]) -> _Plan:
    new, changed, status = [], [], {}
    for line, row in zip(records.index, records.to_dict("records"), strict=True):
        values = {f: python_value(row[f]) for f in FIELDS[kind]}
        wanted = python_value(row["status"])
        before = stored.get(row["reference"])
        if before is None:
            new.append({"reference": row["reference"], "status": wanted or AVAILABLE, **values})
            status[line] = STATUS_NEW
            continue
        changes = {f: [jsonable(before[f]), jsonable(v)] for f, v in values.items() if before[f] != v}
        if wanted and wanted != before["status"]:
            changes["status"] = [before["status"], wanted]
        if changes:
            changed.append({"id": before["id"], "reference": row["reference"], "changes": changes, **values})
            status[line] = STATUS_CHANGED
        else:
            status[line] = STATUS_SAME
    return _Plan(new, changed, pd.Series(status, dtype="string"))


def form_frame(columns: Sequence[TemplateColumn], values: Mapping[str, object]) -> pd.DataFrame:
    """A form's fields as the one-row text frame a file with the same columns would give (line 2, under the
    header), so that a form is checked exactly like a file."""
    names = column_names(columns)
    unknown = set(values) - set(names)
    if unknown:
        raise ValueError(f"champs inconnus : {sorted(unknown)}")
    text = {name: None if values.get(name) is None else (str(values[name]).strip() or None) for name in names}
    return pd.DataFrame([text], index=pd.RangeIndex(2, 3, name="line"), dtype="string")


def file_frame(
    report: OfferReport, content: bytes, filename: str, columns: Sequence[TemplateColumn], *, max_bytes: int
) -> pd.DataFrame | None:
    """A file's text frame with the template's ``columns``, or None with the reasons in ``report.errors`` when the
    file is refused whole (unreadable, too large, columns missing): nothing of it is then checked row by row."""
    try:
        return read_table(
            content, filename, max_bytes=max_bytes, columns=column_names(columns), required=required_names(columns)
        )
    except FileRejectedError as rejected:
        report.errors = rejected.errors
        return None


def offerer_id(session: Session, account: OffererAccount) -> int:
    """The store's row of a configured offerer account, created on its first write."""
    found = session.scalar(select(Offerer.id).where(Offerer.code == account.code))
    if found is None:
        found = session.scalar(
            insert(Offerer)
            .values(code=account.code, name=account.name, role=account.role, is_demo=False)
            .returning(Offerer.id)
        )
    return found


def write_plan(
    session: Session,
    kind: str,
    plan: _Plan,
    *,
    owner: int,
    today: dt.date,
    audit: Mapping[str, object],
) -> None:
    """Apply ``plan`` inside the caller's transaction: rows, status history and one audit row per offer created or
    changed (``audit`` holds actor, account, source, import and file)."""
    model, target = MODELS[kind], TARGET[kind]
    histories, audits = [], []
    if plan.new:
        rows = [
            {
                **offer,
                "offerer_id": owner,
                "is_demo": False,
                "status_date": today,
                "created_on": today,
                "import_id": audit.get("import_id"),
            }
            for offer in plan.new
        ]
        returned = session.execute(insert(model).returning(model.id, sort_by_parameter_order=True), rows).scalars()
        for offer_id, offer in zip(returned, plan.new, strict=True):
            histories.append({target: offer_id, "status": offer["status"], "date": today})
            created = {f: [None, jsonable(v)] for f, v in offer.items() if f != "reference" and v is not None}
            audits.append(
                {**audit, target: offer_id, "reference": offer["reference"], "action": "creation", "changes": created}
            )
    if plan.changed:
        updates = []
        for offer in plan.changed:
            values = {f: offer[f] for f in FIELDS[kind]}
            if "status" in offer["changes"]:
                values |= {"status": offer["changes"]["status"][1], "status_date": today}
                histories.append({target: offer["id"], "status": values["status"], "date": today})
            updates.append({"id": offer["id"], **values})
            audits.append(
                {
                    **audit,
                    target: offer["id"],
                    "reference": offer["reference"],
                    "action": "modification",
                    "changes": offer["changes"],
                }
            )
        session.execute(update(model), updates)
    if histories:
        session.execute(insert(StatusChange), histories)
    if audits:
        session.execute(insert(OfferAudit), [{"entity": kind, **row} for row in audits])


def _authorised(principal: Principal, account: OffererAccount, kind: str) -> None:
    require(
        principal.is_planner or (principal.account == account.code and kind in principal.offer_kinds),
        f"Ce compte ne peut pas déclarer d'offres « {KIND_LABELS[kind].lower()} » pour {account.name}.",
    )


def declare(
    store: Store,
    principal: Principal,
    account: OffererAccount,
    kind: str,
    frame: pd.DataFrame,
    *,
    report: OfferReport,
    communes: Mapping[str, str],
    metiers: Metiers,
    today: dt.date,
) -> OfferReport:
    """Validate the text ``frame`` and, unless ``report.dry_run`` or any error, write it with its audit rows."""
    _authorised(principal, account, kind)
    validated = validate_offers(
        kind, frame, departements=account.departements, communes=communes, metiers=metiers, today=today
    )
    if validated.errors:
        report.errors = validated.errors
        return report
    records = validated.records
    for departement in {communes[c] for c in records["commune"]}:
        require(
            can_write_offer(principal, kind, account.code, departement),
            f"Offres hors des départements du compte ({departement}).",
        )
    with store.writing() as session:
        plan = _plan(kind, records, _stored(session, kind, account.code))
        report.rows_added = int((plan.status == STATUS_NEW).sum())
        report.rows_changed = int((plan.status == STATUS_CHANGED).sum())
        report.rows_unchanged = int((plan.status == STATUS_SAME).sum())
        report.preview = frame[["reference", "commune"]].assign(statut=plan.status)
        if report.dry_run:
            session.rollback()
            return report
        owner = offerer_id(session, account)
        audit = {"actor": principal.actor, "account": account.code, "source": report.source}
        if report.source == SOURCE_FILE:
            audit |= {"filename": report.filename, "checksum": report.checksum}
            audit["import_id"] = session.scalar(
                insert(OfferImport)
                .values(
                    actor=principal.actor,
                    offerer_id=owner,
                    kind=kind,
                    filename=report.filename,
                    checksum=report.checksum,
                    rows_added=report.rows_added,
                    rows_changed=report.rows_changed,
                    rows_unchanged=report.rows_unchanged,
                )
                .returning(OfferImport.id)
            )
        write_plan(session, kind, plan, owner=owner, today=today, audit=audit)
    return report


def import_file(
    store: Store,
    principal: Principal,
    account: OffererAccount,
    kind: str,
    content: bytes,
    filename: str,
    *,
    max_bytes: int,
    communes: Mapping[str, str],
    metiers: Metiers,
    today: dt.date,
    dry_run: bool = False,
) -> OfferReport:
    """Read a CSV or XLSX offer file of ``kind`` and declare its rows (see ``declare``)."""
    report = OfferReport(kind, SOURCE_FILE, filename, hashlib.sha256(content).hexdigest(), dry_run)
    _authorised(principal, account, kind)
    frame = file_frame(report, content, filename, templates.COLUMNS[kind], max_bytes=max_bytes)
    if frame is None:
        return report
    return declare(
        store, principal, account, kind, frame, report=report, communes=communes, metiers=metiers, today=today
    )


def declare_form(
    store: Store,
    principal: Principal,
    account: OffererAccount,
    kind: str,
    values: Mapping[str, str | None],
    *,
    communes: Mapping[str, str],
    metiers: Metiers,
    today: dt.date,
) -> OfferReport:
    """One offer typed in a form: ``values`` are keyed by the template's column names, as text. Errors carry line
    2, as a file's only row would, and name the field."""
    frame = form_frame(templates.COLUMNS[kind], values)
    report = OfferReport(kind, SOURCE_FORM)
    return declare(
        store, principal, account, kind, frame, report=report, communes=communes, metiers=metiers, today=today
    )
