"""Work in progress for the demo accounts and the moderators: pending invitations, booking
requests in every state, proofs and reports waiting in the queues, removed and kept reports
with their audit entries, and the demo accounts' inboxes."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from directory import vocabulary
from directory.demo import activity_text as text
from directory.demo.accounts import DemoPeople
from directory.demo.audit import AuditTrail
from directory.demo.common import BASE_DATE, BASE_TIME, days_ago, token
from directory.demo.practitioners import Practitioner
from directory.demo.questions import QuestionMaker
from directory.demo.visits import VisitMaker
from directory.extensions import db
from directory.models import (
    REPORT_REASONS,
    BookingRequest,
    Invitation,
    Notification,
    Question,
    Report,
    Review,
    User,
)
from directory.services.questions import TOPICS

INVITATION_MESSAGE = (
    "{name} invites you to review your {treatment} visit. Your review is published whatever "
    "you write; nothing may be offered in return for it."
)


@dataclass
class Decision:
    """A moderator's decision on a report, made some days after ``after``."""

    status: str  # "removed" or "kept"
    moderator: User
    after: datetime
    note: str = ""


class WorkflowMaker:
    """Open items in every queue, made after the listings, visits and reviews exist."""

    def __init__(self, rng: random.Random, people: DemoPeople, audit: AuditTrail) -> None:
        self.rng = rng
        self.people = people
        self.audit = audit
        self.notes: list[Notification] = []

    # -- before the flush -----------------------------------------------------------------

    def demo_items(
        self,
        practitioners: list[Practitioner],
        visits: VisitMaker,
        questions: QuestionMaker,
    ) -> None:
        """Invitations, bookings, proofs and questions of the demo accounts and a few others."""
        owned = [p for p in practitioners if p.demo_owned]
        flagship, nurse, np_listing = owned
        patient = self.people.patient
        for email, pr in zip(text.INVITEE_EMAILS, (flagship, nurse, flagship), strict=True):
            self._invitation(pr, email, days=self.rng.randint(2, 20))
        self._invitation(flagship, "former.patient@example.net", days=120)  # expired unused
        self.patient_invitation = self._invitation(nurse, patient.email, days=6)
        others = self.rng.sample(self.people.patients, 6)
        self.requests = [
            self._booking(np_listing, patient, "requested"),
            self._booking(flagship, others[0], "requested"),
            self._booking(nurse, others[1], "requested"),
        ]
        self._booking(flagship, others[2], "accepted")
        self._booking(np_listing, others[3], "accepted")
        self._booking(flagship, others[4], "declined")
        self._booking(nurse, others[5], "cancelled")
        others_listings = practitioners[len(owned) :]
        claimed = [p for p in others_listings if p.owner is not None] or owned
        bookable = [p for p in claimed if p.profile.accepting_new_patients]
        for pr in self.rng.sample(bookable, min(12, len(bookable))):
            status = self.rng.choice(("requested", "accepted", "declined", "cancelled"))
            self._booking(pr, self.rng.choice(self.people.patients), status)
        unclaimed = [p for p in others_listings if p.owner is None] or others_listings
        for who, pr in (
            (patient, self.rng.choice(unclaimed)),
            (others[0], self.rng.choice(claimed)),
        ):
            treatment = (
                "microneedling"
                if "microneedling" in pr.profile.treatments
                else pr.profile.treatments[0]
            )
            visits.new_proof(
                pr, who, treatment, BASE_DATE - timedelta(days=self.rng.randint(10, 40))
            )
        self.patient_answered = questions.ask(
            flagship, patient, "numbing", text.QUESTIONS["numbing"][1][0], answered=True
        )
        self.patient_open = questions.ask(
            np_listing, patient, "price", text.QUESTIONS["price"][1][0], answered=False
        )

    def _invitation(self, pr: Practitioner, email: str, days: int) -> Invitation:
        rng = self.rng
        created = days_ago(rng, days, days)
        invitation = Invitation(
            token=token(rng),
            listing_id=pr.listing.id,
            email=email,
            treated_on=(created - timedelta(days=rng.randint(0, 3))).date(),
            treatment="microneedling",
            created_by_id=pr.owner.id,
            created_at=created,
            expires_at=created + timedelta(days=90),
        )
        db.session.add(invitation)
        return invitation

    def _booking(self, pr: Practitioner, patient: User, status: str) -> BookingRequest:
        rng = self.rng
        created = days_ago(rng, 1, 12)
        booking = BookingRequest(
            listing_id=pr.listing.id,
            patient_id=patient.id,
            treatment=rng.choice(
                [t for t in pr.profile.treatments if "needling" in t] or ["microneedling"]
            ),
            preferred_dates=rng.choice(text.PREFERRED_DATES),
            message=rng.choice(text.BOOKING_MESSAGES),
            status=status,
            created_at=created,
        )
        if status in ("accepted", "declined", "cancelled"):
            booking.decided_at = created + timedelta(hours=rng.randint(3, 40))
        if status in ("accepted", "cancelled"):
            booking.appointment_on = BASE_DATE + timedelta(days=rng.randint(4, 21))
        if status == "declined":
            booking.decline_reason = rng.choice(text.DECLINE_REASONS)
        db.session.add(booking)
        return booking

    # -- after the flush (ids exist) ------------------------------------------------------

    def reports(self, visits: VisitMaker, practitioners: list[Practitioner]) -> None:
        """Removed reviews' reports, one kept report and a few open ones, with audit entries."""
        rng, reviews = self.rng, visits.reviews
        for review in (r for r in reviews if r.status == "removed"):
            reason = review.removed_reason
            decision = Decision("removed", rng.choice(self.people.moderators), review.created_at)
            self._report("review", review, reason, text.REMOVED_NOTES[reason], decision)
        patient_id = self.people.patient.id
        published = [r for r in reviews if r.status == "published" and r.author_id != patient_id]
        reason, complaint, note = text.KEPT_REPORT
        harsh = next(r for r in published if r.rating <= 2)
        decision = Decision("kept", rng.choice(self.people.moderators), harsh.created_at, note)
        self._report("review", harsh, reason, complaint, decision)
        replied = {id(r) for r in visits.replied}  # never touch review.reply: a query each
        glowing = [r for r in published if r.rating == 5 and id(r) not in replied]
        for (reason, note), review in zip(
            text.OPEN_REPORTS["review"], rng.sample(glowing, min(2, len(glowing))), strict=False
        ):
            self._report("review", review, reason, note)
        reason, note = text.OPEN_REPORTS["reply"][0]
        self._report("reply", rng.choice(visits.replied).reply, reason, note)
        reason, note = text.OPEN_REPORTS["listing"][0]
        self._report("listing", rng.choice(practitioners[3:]).listing, reason, note)

    def _report(
        self, target_type: str, target, reason: str, note: str, decision: Decision | None = None
    ) -> None:
        """A report by a random patient; decided ones get their audit entry."""
        rng = self.rng
        report = Report(
            reporter_id=rng.choice(self.people.patients).id,
            target_type=target_type,
            target_id=target.id,
            reason=reason,
            note=note,
            status="open",
            created_at=days_ago(rng, 1, 9),
        )
        if decision is not None:
            decided = decision.after + timedelta(days=rng.randint(1, 5))
            report.status = decision.status
            report.created_at = decided - timedelta(hours=rng.randint(3, 30))
            report.decided_at, report.decided_by_id = decided, decision.moderator.id
            report.decision_reason = reason if decision.status == "removed" else None
            report.decision_note = decision.note
            summary = REPORT_REASONS[reason] if decision.status == "removed" else decision.note
            action = f"report_{decision.status}"
            self.audit.add(target, target_type, action, decision.moderator, decided, summary)
        db.session.add(report)

    def inboxes(
        self, practitioners: list[Practitioner], reviews: list[Review], questions: list[Question]
    ) -> None:
        """Notifications of the demo practitioner and the demo patient (ids exist now)."""
        owned = [p for p in practitioners if p.demo_owned]
        flagship, nurse = owned[0], owned[1]
        owner, patient = self.people.practitioner, self.people.patient
        mine = [
            r for r in reviews if r.listing_id == flagship.listing.id and r.status == "published"
        ]
        for n, review in enumerate(sorted(mine, key=lambda r: r.created_at)[-3:]):
            message = (
                f"New {review.rating}-star review of {flagship.listing.name}: “{review.title}”."
            )
            self._notify(
                owner, "review", message, "/account/reviews", review.created_at, read=n == 0
            )
        ids = {p.listing.id for p in owned}
        waiting = [q for q in questions if q.status == "open" and q.listing_id in ids]
        for question in sorted(waiting, key=lambda q: q.created_at):
            topic = TOPICS[question.topic][0].lower()
            name = next(p.listing.name for p in owned if p.listing.id == question.listing_id)
            message = f"New question for {name} about {topic}."
            self._notify(owner, "question", message, "/account/questions", question.created_at)
        for booking in self.requests:
            name = next(p.listing.name for p in owned if p.listing.id == booking.listing_id)
            message = f"New booking request for {vocabulary.label(booking.treatment)} at {name}."
            self._notify(owner, "booking", message, "/account/bookings", booking.created_at)
        licence = next(lic for lic in nurse.listing.licences if lic.status == "verified")
        licence.expiry_notice_sent_on = BASE_DATE
        message = (
            f"Your {licence.type} licence {licence.number} for {nurse.listing.name} expires on "
            f"{licence.expires_on:%d %b %Y}. Submit the renewed licence before then to keep the "
            "verified badge."
        )
        self._notify(owner, "licence", message, "/account/licences", BASE_TIME)
        answered = self.patient_answered
        message = f"{flagship.listing.name} answered your question: “{answered.body[:80]}”."
        link = f"/practitioners/{flagship.listing.slug}#question-{answered.id}"
        self._notify(patient, "answer", message, link, answered.answer.created_at, read=True)
        own = next(r for r in mine if r.author_id == patient.id)
        message = f"{flagship.listing.name} replied to your review “{own.title}”."
        link = f"/practitioners/{flagship.listing.slug}#review-{own.id}"
        self._notify(patient, "reply", message, link, own.reply.created_at)
        invitation = self.patient_invitation
        message = INVITATION_MESSAGE.format(
            name=nurse.listing.name, treatment=vocabulary.label(invitation.treatment)
        )
        self._notify(
            patient, "invitation", message, f"/r/{invitation.token}", invitation.created_at
        )
        db.session.add_all(self.notes)

    def _notify(self, user, kind, message, link, when, read: bool = False) -> None:
        self.notes.append(
            Notification(
                user_id=user.id,
                kind=kind,
                message=message[:500],
                link=link,
                created_at=when,
                read_at=when + timedelta(hours=5) if read else None,
            )
        )
