"""``load_demo``: the whole demo data set in one transaction, deterministic for a seed.

Order matters only where ids are needed: accounts, then listings with their licences, then
visits, then everything that points at them. Four flushes, one commit; on any error the
transaction rolls back and the stored documents are deleted again.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from directory import indexing
from directory.demo.accounts import FIXED_ACCOUNTS, create_people, existing_demo_emails
from directory.demo.audit import AuditTrail
from directory.demo.common import DEFAULT_SEED, DEMO_PASSWORD
from directory.demo.documents import DocumentStore
from directory.demo.photos import add_demo_photos
from directory.demo.practitioners import Practitioner, PractitionerMaker
from directory.demo.questions import QuestionMaker
from directory.demo.visits import VisitMaker
from directory.demo.workflow import WorkflowMaker
from directory.extensions import db
from directory.models import (
    AuditEntry,
    BookingRequest,
    Invitation,
    Licence,
    Listing,
    Notification,
    Question,
    Report,
    Review,
    User,
    Visit,
    VisitProof,
)
from directory.services.catalogue import sync_catalogue

DEFAULT_PRACTITIONERS = 320
MIN_PRACTITIONERS = 12  # room for the demo practitioner's three and every licence status


@dataclass
class DemoResult:
    """What was loaded: counts per kind, the accounts to log in with, how long it took."""

    counts: dict[str, int] = field(default_factory=dict)
    licences: dict[str, int] = field(default_factory=dict)
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (email, role)
    password: str = DEMO_PASSWORD
    seconds: float = 0.0


def why_not_empty() -> str | None:
    """Why the demo must not be loaded here (None when the database is empty enough)."""
    listings = db.session.scalar(select(func.count(Listing.id))) or 0
    if listings:
        return f"the database already holds {listings} listing{'s' if listings != 1 else ''}"
    taken = existing_demo_emails()
    if taken:
        return f"demo accounts already exist ({', '.join(sorted(taken)[:3])})"
    return None


def load_demo(practitioners: int = DEFAULT_PRACTITIONERS, seed: int = DEFAULT_SEED) -> DemoResult:
    """Load the demo into an empty database and commit; raises ValueError when it is not."""
    started = time.perf_counter()
    sync_catalogue()
    reason = why_not_empty()
    if reason:
        raise ValueError(reason)
    practitioners = max(practitioners, MIN_PRACTITIONERS)
    rng, audit, docs = random.Random(seed), AuditTrail(), DocumentStore()
    try:
        _build(rng, audit, docs, practitioners)
        result = _result()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        docs.discard_all()
        raise
    result.seconds = time.perf_counter() - started
    return result


def _build(rng: random.Random, audit: AuditTrail, docs: DocumentStore, count: int) -> None:
    people = create_people(rng)
    listings = PractitionerMaker(rng, people, audit, docs)
    planned = listings.plan(count)
    db.session.flush()  # accounts get their ids
    listings.build(planned)
    db.session.flush()  # listings and licences
    add_demo_photos(planned, docs)
    visits = VisitMaker(rng, people, audit, docs)
    planned_visits = visits.plan(planned)
    db.session.flush()  # visits
    reviews = visits.complete(planned_visits)
    questions = QuestionMaker(rng, people)
    asked = questions.make_all(planned)
    workflow = WorkflowMaker(rng, people, audit)
    workflow.demo_items(planned, visits, questions)
    db.session.flush()  # reviews, replies, questions, proofs
    workflow.reports(visits, planned)
    workflow.inboxes(planned, reviews, asked)
    audit.write()
    _set_ratings(planned, reviews)
    for practitioner in planned:
        indexing.listing_changed(practitioner.listing)


def _set_ratings(planned: list[Practitioner], reviews: list[Review]) -> None:
    """rating_sum / rating_count from the published reviews, as the review service keeps them."""
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for review in reviews:
        if review.status == "published":
            sums[review.listing_id][0] += review.rating
            sums[review.listing_id][1] += 1
    for practitioner in planned:
        listing = practitioner.listing
        listing.rating_sum, listing.rating_count = sums[listing.id]
        listing.updated_at = listing.created_at  # set, so the clock does not stamp it


def _count(model, *where) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _result() -> DemoResult:
    places = select(Listing.city, Listing.state).distinct().subquery()
    counts = {
        "listings": _count(Listing),
        "verified listings": _count(Listing, Listing.verified),
        "cities": _count(places),
        "states": int(db.session.scalar(select(func.count(func.distinct(Listing.state)))) or 0),
        "accounts": _count(User),
        "verified visits": _count(Visit),
        "published reviews": _count(Review, Review.status == "published"),
        "removed reviews": _count(Review, Review.status == "removed"),
        "questions": _count(Question),
        "unanswered questions": _count(Question, Question.status == "open"),
        "pending invitations": _count(Invitation, Invitation.redeemed_at.is_(None)),
        "open booking requests": _count(
            BookingRequest, BookingRequest.status.in_(("requested", "accepted"))
        ),
        "pending visit proofs": _count(VisitProof, VisitProof.status == "pending"),
        "open reports": _count(Report, Report.status == "open"),
        "audit entries": _count(AuditEntry),
        "notifications": _count(Notification),
    }
    statuses = db.session.execute(
        select(Licence.status, func.count()).group_by(Licence.status).order_by(Licence.status)
    ).all()
    accounts = [(email, role) for email, (role, _) in FIXED_ACCOUNTS.items()]
    return DemoResult(counts, {status: int(n) for status, n in statuses}, accounts)
