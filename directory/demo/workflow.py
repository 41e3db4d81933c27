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
    Listing,
    Notification,
    Question,
    Report,
    Review,
    User,
)
from directory.services.questions import TOPICS

# The wording ``services.visits.create_invitation`` uses.
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
        self.requests: list[BookingRequest] = []  # waiting for the demo practitioner
        self.patient_invitation: Invitation | None = None
        self.patient_answered: Question | None = None

    # -- before the flush -----------------------------------------------------------------

    def demo_items(
        self, practitioners: list[Practitioner], visits: VisitMaker, questions: QuestionMaker
    ) -> None:
        """Invitations, bookings, proofs and questions of the demo accounts and a few others."""
        owned = [p for p in practitioners if p.demo_owned]
        others = practitioners[len(owned) :]
        self._invitations(*owned)
        flagship, nurse, np_listing = owned
        self._bookings(flagship, nurse, np_listing, others)
        claimed = [p for p in others if p.owner is not None] or owned
        unclaimed = [p for p in others if p.owner is None] or others
        for who, pr in (
            (self.people.patient, self.rng.choice(unclaimed)),  # nobody else could confirm it
            (self.rng.choice(self.people.patients), self.rng.choice(claimed)),
        ):
            needled = [t for t in pr.profile.treatments if "needling" in t]
            visited_on = BASE_DATE - timedelta(days=self.rng.randint(10, 40))
            visits.new_proof(pr, who, needled[0], visited_on)
        flagship, _, np_listing = owned
        numbing, price = text.QUESTIONS["numbing"][1][0], text.QUESTIONS["price"][1][0]
        patient = self.people.patient
        self.patient_answered = questions.ask(flagship, patient, "numbing", numbing, answered=True)
        questions.ask(np_listing, patient, "price", price, answered=False)

    def _invitations(self, flagship: Practitioner, nurse: Practitioner, _: Practitioner) -> None:
        """Three waiting invitations, an expired one, and one for the demo patient."""
        for email, pr in zip(text.INVITEE_EMAILS, (flagship, nurse, flagship), strict=True):
            self._invitation(pr, email, days=self.rng.randint(2, 20))
        self._invitation(flagship, "former.patient@example.net", days=120)
        self.patient_invitation = self._invitation(nurse, self.people.patient.email, days=6)

    def _bookings(
        self,
        flagship: Practitioner,
        nurse: Practitioner,
        np_listing: Practitioner,
        others: list[Practitioner],
    ) -> None:
        """Requests to the demo listings in every state, and a dozen elsewhere."""
        patients = self.rng.sample(self.people.patients, 6)
        self.requests = [
            self._booking(np_listing, self.people.patient, "requested"),
            self._booking(flagship, patients[0], "requested"),
            self._booking(nurse, patients[1], "requested"),
        ]
        self._booking(flagship, patients[2], "accepted")
        self._booking(np_listing, patients[3], "accepted")
        self._booking(flagship, patients[4], "declined")
        self._booking(nurse, patients[5], "cancelled")
        bookable = [p for p in others if p.owner is not None and p.profile.accepting_new_patients]
        for pr in self.rng.sample(bookable, min(12, len(bookable))):
            status = self.rng.choice(("requested", "accepted", "declined", "cancelled"))
            self._booking(pr, self.rng.choice(self.people.patients), status)

    def _invitation(self, pr: Practitioner, email: str, days: int) -> Invitation:
        rng = self.rng
        created = days_ago(rng, days, days)
        invitation = Invitation(
            token=token(rng),
            listing_id=pr.listing.id,
            email=email,
            treated_on=(created - timedelta(days=rng.randint(0, 3))).date(),
            treatment="microneedling",
            created_by_id=pr.claimed_owner.id,
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
            treatment=rng.choice([t for t in pr.profile.treatments if "needling" in t]),
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
            assert reason is not None  # a removed review always carries its reason
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
        names = {p.listing.id: p.listing.name for p in owned}
        flagship = owned[0].listing
        published = [r for r in reviews if r.listing_id == flagship.id and r.status == "published"]
        self._practitioner_inbox(owned[1].listing, names, published, questions)
        self._patient_inbox(flagship, owned[1].listing, published)
        db.session.add_all(self.notes)

    def _practitioner_inbox(
        self,
        nurse: Listing,
        names: dict[int, str],
        reviews: list[Review],
        questions: list[Question],
    ) -> None:
        """New reviews, waiting questions and bookings, and the nurse's licence expiry notice."""
        owner = self.people.practitioner
        for n, review in enumerate(sorted(reviews, key=lambda r: r.created_at)[-3:]):
            message = (
                f"New {review.rating}-star review of {names[review.listing_id]}: “{review.title}”."
            )
            self._notify(owner, "review", message, "/account/reviews", review.created_at, n == 0)
        waiting = [q for q in questions if q.status == "open" and q.listing_id in names]
        for question in sorted(waiting, key=lambda q: q.created_at):
            topic = TOPICS[question.topic][0].lower()
            message = f"New question for {names[question.listing_id]} about {topic}."
            self._notify(owner, "question", message, "/account/questions", question.created_at)
        for booking in self.requests:
            treatment = vocabulary.label(booking.treatment)
            message = f"New booking request for {treatment} at {names[booking.listing_id]}."
            self._notify(owner, "booking", message, "/account/bookings", booking.created_at)
        licence = next(lic for lic in nurse.licences if lic.status == "verified")
        licence.expiry_notice_sent_on = BASE_DATE  # as ``flask credentials expire`` would
        message = (
            f"Your {licence.type} licence {licence.number} for {nurse.name} expires on "
            f"{licence.expires_on:%d %b %Y}. Submit the renewed licence before then to keep the "
            "verified badge."
        )
        self._notify(owner, "licence", message, "/account/licences", BASE_TIME)

    def _patient_inbox(self, flagship: Listing, nurse: Listing, reviews: list[Review]) -> None:
        """The answer to the patient's question, the reply to their review, their invitation."""
        patient = self.people.patient
        answered, invitation = self.patient_answered, self.patient_invitation
        assert answered is not None and answered.answer is not None  # made by demo_items
        assert invitation is not None
        message = f"{flagship.name} answered your question: “{answered.body[:80]}”."
        link = f"/practitioners/{flagship.slug}#question-{answered.id}"
        self._notify(patient, "answer", message, link, answered.answer.created_at, read=True)
        own = next(r for r in reviews if r.author_id == patient.id)
        message = f"{flagship.name} replied to your review “{own.title}”."
        link = f"/practitioners/{flagship.slug}#review-{own.id}"
        self._notify(patient, "reply", message, link, own.reply.created_at)
        treatment = vocabulary.label(invitation.treatment)
        message = INVITATION_MESSAGE.format(name=nurse.name, treatment=treatment)
        link = f"/r/{invitation.token}"
        self._notify(patient, "invitation", message, link, invitation.created_at)

    def _notify(
        self, user: User, kind: str, message: str, link: str, when: datetime, read: bool = False
    ) -> None:
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
