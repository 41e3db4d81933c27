"""Verified visits, the record that verified each one (a redeemed invitation, an attended
booking or a proof a moderator checked), and the reviews, edits and owner replies that follow.

Visits are made first and flushed; the rows that point at them come second.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from directory import vocabulary
from directory.demo import activity_text, documents
from directory.demo import review_text as text
from directory.demo.accounts import DemoPeople
from directory.demo.audit import AuditTrail
from directory.demo.common import BASE_DATE, BASE_TIME, at, token, weighted
from directory.demo.documents import DocumentStore
from directory.demo.practitioners import Practitioner
from directory.demo.review_writer import tier, write_review
from directory.extensions import db
from directory.models import (
    BookingRequest,
    Invitation,
    Reply,
    Review,
    ReviewRevision,
    User,
    Visit,
    VisitProof,
)
from directory.models.reviews import SIDE_EFFECTS, SUB_RATINGS

NEEDLE_TREATMENTS = {
    "microneedling": 60, "prp_microneedling": 20, "rf_microneedling": 20, "scalp_microneedling": 8,
}  # fmt: skip
METHODS = {"invitation": 48, "booking": 42, "proof": 10}
REVIEW_COUNTS = {(0, 0): 18, (1, 5): 40, (6, 12): 28, (13, 25): 14}
OWNED_REVIEWS = (25, 8, 3)  # the demo practitioner's flagship has the most
FLAGSHIP_HONEST = (3, 2)  # ratings the flagship certainly has among its reviews
QUALITY = {"excellent": 35, "typical": 50, "uneven": 15}


@dataclass
class PlannedVisit:
    """A visit and what becomes of it."""

    practitioner: Practitioner
    patient: User
    visit: Visit
    quality: str
    reviewed: bool = True
    rating: int | None = None
    removed: str | None = None  # the reason moderators removed the review for


class VisitMaker:
    """Visits first (``plan``), then, once they have ids, their records and reviews."""

    def __init__(
        self, rng: random.Random, people: DemoPeople, audit: AuditTrail, docs: DocumentStore
    ) -> None:
        self.rng = rng
        self.people = people
        self.audit = audit
        self.docs = docs
        self.reviews: list[Review] = []
        self.replied: list[Review] = []  # reviews with an owner's reply
        self.fragments: dict[int, set[str]] = {}  # listing id -> review text already used

    def plan(self, practitioners: list[Practitioner]) -> list[PlannedVisit]:
        """Visits to every listing by distinct patients; the demo patient's three visits."""
        rng, planned = self.rng, []
        owned = [p for p in practitioners if p.demo_owned]
        for pr in practitioners:
            quality = "uneven" if pr.story == "revoked" else weighted(rng, QUALITY)
            if pr.demo_owned:
                count, quality = OWNED_REVIEWS[owned.index(pr)], "excellent"
            else:
                low, high = weighted(rng, REVIEW_COUNTS)
                count = rng.randint(low, high)
            authors = rng.sample(self.people.patients, min(count, len(self.people.patients)))
            for n, author in enumerate(authors):
                pv = self._visit(pr, author, quality, reviewed=rng.random() < 0.93)
                if pr is owned[0] and n < len(FLAGSHIP_HONEST):
                    pv.reviewed, pv.rating = True, FLAGSHIP_HONEST[n]
                planned.append(pv)
        planned.extend(self._demo_patient(practitioners))
        others = [pv for pv in planned if pv.reviewed and not pv.practitioner.demo_owned]
        for pv, reason in zip(rng.sample(others, min(3, len(others))), text.REMOVED, strict=False):
            if pv.patient is not self.people.patient:
                pv.removed = reason
        return planned

    def _demo_patient(self, practitioners: list[Practitioner]) -> list[PlannedVisit]:
        """Reviews of the flagship and one other listing; one visit still to review."""
        patient = self.people.patient
        flagship = next(p for p in practitioners if p.demo_owned)
        others = [p for p in practitioners if not p.demo_owned]
        claimed = [p for p in others if p.owner is not None]
        austin = [p for p in claimed if p.profile.city.name == "Austin"]
        pool = next(group for group in (austin, claimed, others) if len(group) >= 2)
        chosen = self.rng.sample(pool, 2)
        return [
            self._visit(flagship, patient, "excellent", reviewed=True, rating=5),
            self._visit(chosen[0], patient, "typical", reviewed=True, rating=4),
            self._visit(chosen[1], patient, "typical", reviewed=False),
        ]

    def _visit(
        self,
        pr: Practitioner,
        patient: User,
        quality: str,
        reviewed: bool,
        rating: int | None = None,
    ) -> PlannedVisit:
        rng = self.rng
        offered = {t: w for t, w in NEEDLE_TREATMENTS.items() if t in pr.profile.treatments}
        treatment = weighted(rng, offered) if offered else "microneedling"
        visited_on = BASE_DATE - timedelta(days=int(rng.triangular(50, 900, 90)))
        method = weighted(rng, METHODS) if pr.owner is not None else "proof"
        delay = {"invitation": (1, 14), "booking": (0, 2), "proof": (3, 25)}[method]
        verified_at = at(rng, visited_on + timedelta(days=rng.randint(*delay)))
        visit = Visit(
            listing_id=pr.listing.id,
            patient_id=patient.id,
            treatment=treatment,
            visited_on=visited_on,
            verified_by=method,
            verified_at=verified_at,
        )
        db.session.add(visit)
        return PlannedVisit(pr, patient, visit, quality, reviewed, rating)

    def complete(self, planned: list[PlannedVisit]) -> list[Review]:
        """The record behind each visit and its review (visits must have ids)."""
        for pv in planned:
            record = getattr(self, f"_{pv.visit.verified_by}")  # _invitation, _booking, _proof
            record(pv)
            if pv.reviewed:
                self.reviews.append(self._review(pv))
        return self.reviews

    def _invitation(self, pv: PlannedVisit) -> None:
        visit, rng = pv.visit, self.rng
        created = at(rng, visit.visited_on)
        db.session.add(
            Invitation(
                token=token(rng),
                listing_id=visit.listing_id,
                email=pv.patient.email,
                treated_on=visit.visited_on,
                treatment=visit.treatment,
                created_by_id=pv.practitioner.claimed_owner.id,
                created_at=created,
                expires_at=created + timedelta(days=90),
                redeemed_at=visit.verified_at,
                redeemed_by_id=pv.patient.id,
                visit_id=visit.id,
            )
        )

    def _booking(self, pv: PlannedVisit) -> None:
        visit, rng = pv.visit, self.rng
        created = at(rng, visit.visited_on - timedelta(days=rng.randint(5, 25)))
        db.session.add(
            BookingRequest(
                listing_id=visit.listing_id,
                patient_id=pv.patient.id,
                treatment=visit.treatment,
                preferred_dates=rng.choice(activity_text.PREFERRED_DATES),
                message=rng.choice(activity_text.BOOKING_MESSAGES),
                status="attended",
                appointment_on=visit.visited_on,
                decided_at=created + timedelta(hours=rng.randint(2, 30)),
                created_at=created,
                visit_id=visit.id,
            )
        )

    def _proof(self, pv: PlannedVisit) -> None:
        visit, rng = pv.visit, self.rng
        moderator = rng.choice(self.people.moderators)
        proof = self.new_proof(pv.practitioner, pv.patient, visit.treatment, visit.visited_on)
        proof.status, proof.visit_id = "verified", visit.id
        proof.created_at = visit.verified_at - timedelta(days=rng.randint(1, 3))
        proof.decided_at, proof.decided_by_id = visit.verified_at, moderator.id
        self.audit.add(proof, "visit_proof", "proof_verified", moderator, visit.verified_at)

    def new_proof(
        self, pr: Practitioner, patient: User, treatment: str, visited_on: date
    ) -> VisitProof:
        """A pending proof of visit with a receipt (PDF or PNG) stored like an upload."""
        rng = self.rng
        if rng.random() < 0.5:
            lines = [
                pr.profile.clinic,
                pr.profile.address,
                f"Date of service: {visited_on:%B %d, %Y}",
                f"Treatment: {vocabulary.label(treatment)}",
                f"Amount paid: ${pr.profile.price_min:,}.00",
                "Demo receipt generated by Needlewise.",
            ]
            data, name = documents.pdf_bytes("Receipt", lines), "receipt.pdf"
        else:
            data, name = documents.png_bytes(), "receipt-photo.png"
        stored = self.docs.store(data, name)
        proof = VisitProof(
            listing_id=pr.listing.id,
            patient_id=patient.id,
            treatment=treatment,
            visited_on=visited_on,
            document_name=stored.name,
            document_mime=stored.mime,
            document_size=stored.size,
            status="pending",
            created_at=at(rng, visited_on + timedelta(days=rng.randint(3, 20))),
        )
        db.session.add(proof)
        return proof

    def _review(self, pv: PlannedVisit) -> Review:
        rng, visit = self.rng, pv.visit
        used = self.fragments.setdefault(visit.listing_id, set())
        profile = pv.practitioner.profile
        fields = write_review(rng, profile, pv.quality, visit.treatment, used, pv.rating)
        created = visit.verified_at + timedelta(days=rng.randint(0, 20), hours=rng.randint(1, 8))
        review = Review(
            visit_id=visit.id,
            listing_id=visit.listing_id,
            author_id=pv.patient.id,
            status="published",
            created_at=created,
            updated_at=created,
            **{k: v for k, v in fields.items() if k not in ("concerns", "side_effects")},
        )
        if pv.removed:
            review.title, review.body = text.REMOVED[pv.removed]
            review.status, review.removed_reason = "removed", pv.removed
            stars = 1 if pv.removed == "private_information" else 5
            for name in ("rating", *SUB_RATINGS):
                setattr(review, name, stars)
        review.concerns = ",".join(c for c in vocabulary.CONCERNS if c in fields["concerns"])
        review.side_effects = ",".join(s for s in SIDE_EFFECTS if s in fields["side_effects"])
        # Derived from the patient, not drawn from rng, so the rest of the demo stays as it was;
        # one patient keeps one skin type, and a quarter of patients prefer not to say.
        review.skin_type = None if visit.patient_id % 4 == 0 else 1 + visit.patient_id % 6
        if rng.random() < 0.07 and not pv.removed:
            self._edit(review)
        owner = pv.practitioner.owner
        chance = 0.35 if pv.practitioner.demo_owned else 0.2
        demo_reply = pv.patient is self.people.patient and pv.practitioner.demo_owned
        if owner is not None and not pv.removed and (rng.random() < chance or demo_reply):
            review.reply = self._reply(review, owner)
            self.replied.append(review)
        db.session.add(review)
        return review

    def _edit(self, review: Review) -> None:
        rng = self.rng
        notes = text.EDIT_NOTES if review.rating >= 4 else [n for n in text.EDIT_NOTES if not n[1]]
        note, raised = rng.choice(notes)
        earlier = review.rating - 1 if raised and review.rating > 1 else review.rating
        review.revisions.append(
            ReviewRevision(
                rating=earlier,
                title=review.title,
                body=review.body,
                created_at=review.created_at,
            )
        )
        review.body = f"{review.body}\n\n{note}"
        review.edited = True
        review.updated_at = min(
            review.created_at + timedelta(days=rng.randint(10, 60)), _latest(review.created_at)
        )

    def _reply(self, review: Review, owner: User) -> Reply:
        rng = self.rng
        mood = "good" if tier(review.rating) == "good" else "poor"
        used = self.fragments.setdefault(review.listing_id, set())
        options = [body for body in text.REPLIES[mood] if body not in used]
        body = rng.choice(options or text.REPLIES[mood])
        used.add(body)
        when = min(
            review.created_at + timedelta(days=rng.randint(1, 6)), _latest(review.created_at)
        )
        return Reply(
            author_id=owner.id, body=body, status="published", created_at=when, updated_at=when
        )


def _latest(after: datetime) -> datetime:
    """Nothing happens after the base date (and nothing before what it follows)."""
    return max(after + timedelta(hours=1), BASE_TIME - timedelta(days=1))
