"""Proof of a visit checked by moderators: the third way to a verified visit.

A patient whose practitioner will not invite or confirm uploads a receipt; a moderator
verifies or rejects it, and every decision lands in the audit log.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.datastructures import FileStorage

from directory import unit_of_work, uploads, vocabulary
from directory.extensions import db
from directory.models import AuditEntry, Listing, User, VisitProof
from directory.models.base import utcnow
from directory.services import ServiceError, notifications
from directory.services.confirmed_email import require_confirmed
from directory.services.visits import (
    check_past_date,
    check_treatment,
    new_visit,
    require_patient_of,
    same_day_visit,
)
from directory.unit_of_work import transactional

DECISIONS = ("verify", "reject")


@transactional
def submit_proof(
    patient: User,
    listing: Listing,
    treatment: str,
    visited_on: date | None,
    upload: FileStorage | None,
) -> VisitProof:
    """Store the receipt and queue it for moderators; nothing is kept if any check fails."""
    require_patient_of(patient, listing)
    require_confirmed(patient, "proof")
    check_treatment(treatment)
    visited_on = check_past_date(visited_on, "visited_on")
    _refuse_duplicate(patient, listing, visited_on)
    stored = uploads.save_document(upload)
    try:
        proof = VisitProof(
            listing_id=listing.id,
            patient_id=patient.id,
            treatment=treatment,
            visited_on=visited_on,
            document_name=stored.name,
            document_mime=stored.mime,
            document_size=stored.size,
            status="pending",
            created_at=utcnow(),
        )
        db.session.add(proof)
        unit_of_work.commit()
    except Exception:
        unit_of_work.rollback()
        uploads.discard(stored.name)
        raise
    return proof


def _refuse_duplicate(patient: User, listing: Listing, visited_on: date) -> None:
    """One waiting proof per visit date, and none for a day that is already a verified visit:
    a second copy would only cost disk and a moderator's time."""
    pending = db.session.scalar(
        select(VisitProof.id).where(
            VisitProof.patient_id == patient.id,
            VisitProof.listing_id == listing.id,
            VisitProof.visited_on == visited_on,
            VisitProof.status == "pending",
        )
    )
    if pending is not None:
        raise ServiceError(
            "You already sent proof of this visit; a moderator will check it soon.", "visited_on"
        )
    if same_day_visit(listing.id, patient.id, visited_on) is not None:
        raise ServiceError("You already have a verified visit on this date.", "visited_on")


@transactional
def decide_proof(moderator: User, proof_id: int, decision: str, note: str) -> VisitProof:
    """Verify (creating the visit) or reject a pending proof; audited and notified."""
    if not moderator.is_moderator:
        raise ServiceError("Only moderators decide on proofs of visit.")
    proof = db.session.get(VisitProof, proof_id)
    if proof is None:
        raise ServiceError("That proof does not exist.")
    if moderator.id in (proof.patient_id, proof.listing.owner_id):
        raise ServiceError("Another moderator must decide on a proof that concerns you.")
    if proof.status != "pending":
        raise ServiceError("This proof has already been decided.")
    if decision not in DECISIONS:
        raise ServiceError("Choose verify or reject.", "decision")
    note = (note or "").strip()
    if decision == "reject" and not note:
        raise ServiceError("Tell the patient why the proof was not accepted.", "note")
    proof.status = "verified" if decision == "verify" else "rejected"
    proof.note = note
    proof.decided_at = utcnow()
    proof.decided_by_id = moderator.id
    listing = proof.listing
    if decision == "verify":
        visit = new_visit(listing, proof.patient_id, proof.treatment, proof.visited_on, "proof")
        proof.visit_id = visit.id
        message = (
            f"Your proof of your {vocabulary.label(proof.treatment)} visit to {listing.name} "
            "was accepted. You can now review it."
        )
        link = f"/practitioners/{listing.slug}/review"
    else:
        message = f"Your proof of your visit to {listing.name} was not accepted: {note}"
        link = "/account/"
    db.session.add(
        AuditEntry(
            actor_id=moderator.id,
            action=f"proof_{proof.status}",
            target_type="visit_proof",
            target_id=proof.id,
            note=note,
            created_at=utcnow(),
        )
    )
    notifications.notify(proof.patient, "decision", message, link)
    return proof


def pending_proofs() -> list[VisitProof]:
    """The moderators' queue, oldest first."""
    return list(
        db.session.scalars(
            select(VisitProof)
            .options(joinedload(VisitProof.listing), joinedload(VisitProof.patient))
            .where(VisitProof.status == "pending")
            .order_by(VisitProof.created_at, VisitProof.id)
        )
        .unique()
        .all()
    )


def recent_decisions(limit: int = 20) -> list[VisitProof]:
    """The latest decided proofs, newest first."""
    return list(
        db.session.scalars(
            select(VisitProof)
            .options(joinedload(VisitProof.listing), joinedload(VisitProof.patient))
            .where(VisitProof.status != "pending")
            .order_by(VisitProof.decided_at.desc(), VisitProof.id.desc())
            .limit(limit)
        )
        .unique()
        .all()
    )


def patient_proofs(patient: User) -> list[VisitProof]:
    """The patient's proofs, newest first."""
    return list(
        db.session.scalars(
            select(VisitProof)
            .where(VisitProof.patient_id == patient.id)
            .options(joinedload(VisitProof.listing))
            .order_by(VisitProof.created_at.desc(), VisitProof.id.desc())
        )
        .unique()
        .all()
    )


def proof_document(user: User, proof_id: int) -> tuple[VisitProof, Path] | None:
    """The proof and its file, for moderators and the uploader only; None for anyone else."""
    proof = db.session.get(VisitProof, proof_id)
    if proof is None or not (user.is_moderator or proof.patient_id == user.id):
        return None
    try:
        return proof, uploads.document_path(proof.document_name)
    except FileNotFoundError:
        return None
