"""Reading offers back, changing their status, withdrawing a file's offers and removing the demo set.

Offers live in the placement store (same database, same migrations). Records are handed out only to whom
``emile.offers.access`` allows; ``publication_rows`` feeds the public aggregates with the few columns they count.
An offer stops counting by itself once its expiry date has passed (``open_mask``): nothing has to run for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd
from sqlalchemy import delete, func, insert, select, update

from emile.offers.access import (
    AccessDeniedError,
    Principal,
    can_read_audit,
    can_read_offers_of,
    can_write_offer,
    require,
)
from emile.offers.importer import MODELS, TARGET
from emile.offers.models import HouseholdProject, OfferAudit, Offerer, OfferImport, StatusChange
from emile.offers.vocabulary import EXPIRED_LABEL, OPEN_STATUSES, STATUS_LABELS, STATUSES, WITHDRAWN
from emile.placements.store import Store

# What each kind of offer publishes to the aggregates: where it is, what it is, and its dates.
PUBLISHED_COLUMNS = {"logement": ("typology",), "emploi": ("fap", "contract")}
FINAL_STATUSES = ("attribue", WITHDRAWN)


def version(store: Store) -> int:
    """Id of the latest offer audit row: every write adds one, so it changes whenever offers may have changed."""
    with store.reading() as session:
        return session.scalar(select(func.max(OfferAudit.id))) or 0


def _count(store: Store, model, demo: bool) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.is_demo == demo))


def shows_demo(store: Store) -> bool | None:
    """Which records the offers page shows: ``True`` the fictitious set (no real offer or project yet), ``False``
    the real records, ``None`` when there is none of either."""
    models = (*MODELS.values(), HouseholdProject)
    if any(_count(store, model, demo=False) for model in models):
        return False
    return True if any(_count(store, model, demo=True) for model in models) else None


def open_mask(frame: pd.DataFrame, today: dt.date) -> pd.Series:
    """Offers that count today: an open status and an expiry date not yet passed."""
    return frame["status"].isin(OPEN_STATUSES) & (pd.to_datetime(frame["expires_on"]) >= pd.Timestamp(today))


def state_labels(frame: pd.DataFrame, today: dt.date) -> pd.Series:
    """The status as a person reads it, « Expirée » for an open offer past its expiry date."""
    expired = frame["status"].isin(OPEN_STATUSES) & ~open_mask(frame, today)
    return frame["status"].map(STATUS_LABELS).where(~expired, EXPIRED_LABEL)


def offers(store: Store, principal: Principal, kind: str, *, today: dt.date) -> pd.DataFrame:
    """The offer records of ``kind`` the visitor may read: all for a planner (``is_demo`` says which are
    fictitious), its own for an offerer; ``AccessDeniedError`` for anybody else."""
    require(principal.is_planner or principal.is_offerer, "Les offres détaillées sont réservées à leurs auteurs.")
    model = MODELS[kind]
    query = select(Offerer.code.label("offerer"), *model.__table__.columns).join(Offerer)
    if not principal.is_planner:
        query = query.where(Offerer.code == principal.account)
    with store.reading() as session:
        frame = pd.DataFrame(session.execute(query.order_by(model.id)).mappings().all())
    if frame.empty:
        frame = pd.DataFrame(columns=["offerer", *model.__table__.columns.keys()])
    return frame.assign(etat=state_labels(frame, today) if len(frame) else pd.Series(dtype="string"))


def publication_rows(store: Store, kind: str, *, demo: bool) -> pd.DataFrame:
    """The columns the public aggregates count, for real or fictitious offers (never both): commune, what the offer
    is, status and dates. No name, reference or amount."""
    model = MODELS[kind]
    columns = ["commune", *PUBLISHED_COLUMNS[kind], "status", "expires_on", "created_on"]
    with store.reading() as session:
        rows = session.execute(select(*(getattr(model, c) for c in columns)).where(model.is_demo == demo)).all()
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("expires_on", "created_on"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def history(store: Store, principal: Principal, kind: str, offer_id: int) -> pd.DataFrame:
    """Every status of one offer with its date, oldest first."""
    _check_owner(store, principal, kind, offer_id)
    column = getattr(StatusChange, TARGET[kind])
    with store.reading() as session:
        rows = session.execute(
            select(StatusChange.status, StatusChange.date).where(column == offer_id).order_by(StatusChange.id)
        ).all()
    return pd.DataFrame(rows, columns=["status", "date"])


def _check_owner(store: Store, principal: Principal, kind: str, offer_id: int) -> tuple[str, str]:
    """The offer's offerer code and commune, once the visitor is allowed to read it."""
    model = MODELS[kind]
    with store.reading() as session:
        found = session.execute(
            select(Offerer.code, model.commune).join(Offerer).where(model.id == offer_id)
        ).one_or_none()
    if found is None:
        raise AccessDeniedError("Offre introuvable.")
    code, commune = found
    require(can_read_offers_of(principal, code), "Cette offre appartient à un autre compte.")
    return code, commune


def change_status(
    store: Store,
    principal: Principal,
    kind: str,
    offer_id: int,
    status: str,
    *,
    date: dt.date,
    communes: Mapping[str, str],
    today: dt.date,
) -> None:
    """Set an offer's status from ``date`` (not in the future, not before its current status), with its history and
    audit rows; ``communes`` maps communes to départements. ``ValueError`` in French for a bad status or date."""
    code, commune = _check_owner(store, principal, kind, offer_id)
    require(
        can_write_offer(principal, kind, code, communes.get(commune)), "Ce compte ne peut pas modifier cette offre."
    )
    if status not in STATUSES:
        raise ValueError(f"Statut inconnu « {status} » : {', '.join(STATUSES)}.")
    model = MODELS[kind]
    with store.writing() as session:
        before, since, reference = session.execute(
            select(model.status, model.status_date, model.reference).where(model.id == offer_id)
        ).one()
        if date > today or date < since:
            raise ValueError(
                f"Date du changement de statut : entre le {since:%d/%m/%Y} (statut actuel) et aujourd'hui."
            )
        if status == before:
            return
        session.execute(update(model).where(model.id == offer_id).values(status=status, status_date=date))
        session.execute(insert(StatusChange).values({TARGET[kind]: offer_id, "status": status, "date": date}))
        session.add(
            OfferAudit(
                actor=principal.actor,
                account=code,
                action="statut",
                entity=kind,
                reference=reference,
                source="formulaire",
                changes={"status": [before, status], "status_date": [since.isoformat(), date.isoformat()]},
                **{TARGET[kind]: offer_id},
            )
        )


def imports(store: Store, principal: Principal) -> pd.DataFrame:
    """The files imported by the visitor's account (every file for a planner), newest first."""
    require(principal.is_planner or principal.is_offerer, "Les imports sont réservés à leurs auteurs.")
    query = select(
        OfferImport.id,
        OfferImport.at,
        Offerer.code.label("offerer"),
        OfferImport.kind,
        OfferImport.filename,
        OfferImport.actor,
        OfferImport.rows_added,
        OfferImport.rows_changed,
        OfferImport.rows_unchanged,
    ).join(Offerer)
    if not principal.is_planner:
        query = query.where(Offerer.code == principal.account)
    with store.reading() as session:
        rows = session.execute(query.order_by(OfferImport.id.desc())).all()
    columns = ["id", "at", "offerer", "kind", "filename", "actor", "rows_added", "rows_changed", "rows_unchanged"]
    return pd.DataFrame(rows, columns=columns)


def withdraw_import(store: Store, principal: Principal, import_id: int, *, today: dt.date) -> int:
    """Withdraw, as of ``today``, every offer the file ``import_id`` created that is not already attributed or
    withdrawn; return how many. Each gets its history and audit rows."""
    with store.writing() as session:
        found = session.execute(
            select(Offerer.code, OfferImport.kind, OfferImport.filename, OfferImport.checksum)
            .join(Offerer)
            .where(OfferImport.id == import_id)
        ).one_or_none()
        if found is None:
            raise AccessDeniedError("Import introuvable.")
        code, kind, filename, checksum = found
        require(
            principal.is_planner or (principal.account == code and kind in principal.offer_kinds),
            "Cet import appartient à un autre compte.",
        )
        model, target = MODELS[kind], TARGET[kind]
        rows = session.execute(
            select(model.id, model.reference, model.status, model.status_date).where(
                model.import_id == import_id, model.status.not_in(FINAL_STATUSES)
            )
        ).all()
        if not rows:
            return 0
        ids = [row.id for row in rows]
        session.execute(update(model).where(model.id.in_(ids)).values(status=WITHDRAWN, status_date=today))
        session.execute(insert(StatusChange), [{target: i, "status": WITHDRAWN, "date": today} for i in ids])
        session.execute(
            insert(OfferAudit),
            [
                {
                    "actor": principal.actor,
                    "account": code,
                    "action": "retrait_fichier",
                    "entity": kind,
                    target: row.id,
                    "reference": row.reference,
                    "source": "fichier",
                    "import_id": import_id,
                    "filename": filename,
                    "checksum": checksum,
                    "changes": {"status": [row.status, WITHDRAWN]},
                }
                for row in rows
            ],
        )
    return len(rows)


def audit_log(store: Store, principal: Principal) -> pd.DataFrame:
    """Every change to offers and projects, newest first: planners only."""
    require(can_read_audit(principal), "Le journal des modifications est réservé aux planificateurs.")
    columns = ["at", "actor", "account", "action", "entity", "reference", "source", "filename", "changes"]
    return store.newest_first(OfferAudit, columns)


def remove_demo(store: Store, actor: str) -> int:
    """Delete every fictitious offer, demo offerer and demo household project; return how many records went."""
    removed = 0
    with store.writing() as session:
        for model in (*MODELS.values(), HouseholdProject):
            removed += session.execute(delete(model).where(model.is_demo.is_(True))).rowcount
        session.execute(delete(Offerer).where(Offerer.is_demo.is_(True)))
        session.add(
            OfferAudit(actor=actor, action="suppression_demo", source="demonstration", changes={"supprimes": removed})
        )
    return removed
