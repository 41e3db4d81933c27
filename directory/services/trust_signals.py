"""The "worth a look" signals: reasons a moderator may want to read a just-published review.

Signals, not verdicts: a flag never hides, delays or re-scores a review. It only puts the
review in the moderators' queue (``services.flag_queue``) with a detail saying what matched;
only moderators ever see it. Three rules (numbers in config, stated in the README):

- ``same_network``: the reviewer's account was created after the visit's invitation was issued
  (for a booked visit: at most ``TRUST_NETWORK_DAYS`` before its booking was requested), and an
  address the reviewer registered or logged in from is one the listing's owner (or the
  practitioner who issued the invitation) logged in from in the last ``TRUST_NETWORK_DAYS``;
- ``website_domain``: the reviewer's email domain is the listing website's registrable domain;
- ``five_star_burst``: the visits one practitioner vouched for (invitations issued, bookings
  marked attended) produced at least ``TRUST_BURST_REVIEWS`` 5-star reviews within
  ``TRUST_BURST_DAYS``; every review of the burst is flagged (one flag per review and reason:
  the table's unique constraint).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from directory import unit_of_work
from directory.extensions import db
from directory.models import (
    BookingRequest,
    Invitation,
    Listing,
    LoginEvent,
    Review,
    ReviewFlag,
    User,
)
from directory.services.visits import aware
from directory.unit_of_work import transactional

# Second-level labels under which country TLDs register names ("clinic.co.uk").
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "nhs", "med"})
# Websites on shared mail or social domains say nothing about who owns an email address there.
_SHARED_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "google.com",
        "yahoo.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "icloud.com",
        "aol.com",
        "facebook.com",
        "instagram.com",
    }
)


@dataclass(frozen=True)
class Finding:
    """One signal about one review, before it is stored as a ``ReviewFlag``."""

    review_id: int
    reason: str
    detail: str


def _when(moment: datetime) -> str:
    return aware(moment).strftime("%Y-%m-%d %H:%M UTC")


def registrable_domain(host: str) -> str:
    """``www.Glow-Skin.com`` -> ``glow-skin.com``; ``a.clinic.co.uk`` -> ``clinic.co.uk``.

    A small approximation of the public-suffix rules (no extra dependency): the last two labels,
    or three under a country code's common second level. Empty when ``host`` has no dot."""
    host = (host or "").strip().lower().rstrip(".")
    host = host.removeprefix("www.")
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2:
        return ""
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def website_domain(website: str) -> str:
    """The registrable domain of a listing's website, written with or without a scheme."""
    website = (website or "").strip()
    if not website:
        return ""
    if "://" not in website:
        website = "http://" + website
    try:
        host = urlsplit(website).hostname or ""
    except ValueError:  # a malformed address typed by an owner: no signal
        return ""
    return registrable_domain(host)


@dataclass
class Voucher:
    """Who vouched for the visit a review rests on, and since when: the practitioner who
    issued the invitation, or the owner who accepted the booking and marked it attended."""

    practitioner_ids: set[int]
    issuer_id: int
    since: datetime
    how: str  # "invitation" or "booking"


def voucher(review: Review, listing: Listing) -> Voucher | None:
    """The practitioner side of a review's visit; None for visits a moderator verified."""
    invitation = db.session.scalar(select(Invitation).where(Invitation.visit_id == review.visit_id))
    if invitation is not None:
        ids = {i for i in (listing.owner_id, invitation.created_by_id) if i is not None}
        return Voucher(ids, invitation.created_by_id, invitation.created_at, "invitation")
    booking = db.session.scalar(
        select(BookingRequest).where(BookingRequest.visit_id == review.visit_id)
    )
    if booking is not None and listing.owner_id is not None:
        return Voucher({listing.owner_id}, listing.owner_id, booking.created_at, "booking")
    return None


def _same_network(review: Review, voucher: Voucher | None) -> list[Finding]:
    if voucher is None:
        return []
    reviewer: User = review.author
    window = timedelta(days=current_app.config["TRUST_NETWORK_DAYS"])
    if voucher.how == "invitation":
        if aware(reviewer.created_at) <= aware(voucher.since):
            return []
        made = f"after the invitation was issued {_when(voucher.since)}"
    else:
        # A booking needs an account first: what counts is an account made just for it.
        if aware(reviewer.created_at) < aware(voucher.since) - window:
            return []
        made = f"shortly before its booking was requested {_when(voucher.since)}"
    owner_ids = voucher.practitioner_ids - {reviewer.id}
    if not owner_ids:
        return []
    since = aware(review.created_at) - window
    owner_events = db.session.scalars(
        select(LoginEvent)
        .where(LoginEvent.user_id.in_(owner_ids), LoginEvent.created_at >= since)
        .order_by(LoginEvent.created_at.desc())
    ).all()
    owner_ips = {event.ip: event for event in reversed(owner_events)}  # latest event per address
    reviewer_events = db.session.scalars(
        select(LoginEvent).where(LoginEvent.user_id == reviewer.id).order_by(LoginEvent.id)
    ).all()
    shared = [event for event in reviewer_events if event.ip in owner_ips]
    if not shared:
        return []
    event = shared[0]
    owner_event = owner_ips[event.ip]
    owner = db.session.get(User, owner_event.user_id)
    detail = (
        f"Reviewer's account was created {_when(reviewer.created_at)}, {made}. The reviewer's "
        f"{event.kind} came from {event.ip}, the address {owner.email if owner else 'the owner'} "
        f"used for a {owner_event.kind} on {_when(owner_event.created_at)}."
    )
    return [Finding(review.id, "same_network", detail)]


def _website_domain(review: Review, listing: Listing) -> list[Finding]:
    site = website_domain(listing.website)
    email = review.author.email
    mail = registrable_domain(email.rpartition("@")[2])
    if not site or site in _SHARED_DOMAINS or site != mail:
        return []
    detail = (
        f"Reviewer's email {email} is at {mail}, the domain of the listing's website "
        f"({listing.website})."
    )
    return [Finding(review.id, "website_domain", detail)]


def _five_star_burst(review: Review, voucher: Voucher | None) -> list[Finding]:
    if voucher is None or review.rating != 5:
        return []
    days = current_app.config["TRUST_BURST_DAYS"]
    needed = current_app.config["TRUST_BURST_REVIEWS"]
    until = aware(review.created_at)
    rows = db.session.execute(
        select(Review.id, Review.created_at)
        .where(
            # Visits this practitioner vouched for: invitations issued, bookings attended.
            or_(
                Review.visit_id.in_(
                    select(Invitation.visit_id).where(Invitation.created_by_id == voucher.issuer_id)
                ),
                Review.visit_id.in_(
                    select(BookingRequest.visit_id)
                    .join(Listing, Listing.id == BookingRequest.listing_id)
                    .where(Listing.owner_id == voucher.issuer_id)
                ),
            ),
            Review.rating == 5,
            Review.status == "published",
            Review.created_at >= until - timedelta(days=days),
            Review.created_at <= until,
        )
        .order_by(Review.created_at)
    ).all()
    if len(rows) < needed:
        return []
    issuer = db.session.get(User, voucher.issuer_id)
    detail = (
        f"{len(rows)} five-star reviews of visits vouched for (invited or booked) by "
        f"{issuer.email if issuer else 'one practitioner'} between {_when(rows[0].created_at)} "
        f"and {_when(rows[-1].created_at)} (the rule: {needed} or more within {days} days)."
    )
    return [Finding(row.id, "five_star_burst", detail) for row in rows]


def findings_for(review: Review) -> list[Finding]:
    """Every signal that holds for ``review`` now (nothing is stored)."""
    listing = db.session.get_one(Listing, review.listing_id)
    vouched = voucher(review, listing)
    return [
        *_same_network(review, vouched),
        *_website_domain(review, listing),
        *_five_star_burst(review, vouched),
    ]


def _store(findings: list[Finding]) -> list[ReviewFlag]:
    ids = {finding.review_id for finding in findings}
    existing = {
        (row.review_id, row.reason)
        for row in db.session.execute(
            select(ReviewFlag.review_id, ReviewFlag.reason).where(ReviewFlag.review_id.in_(ids))
        )
    }
    added = []
    for finding in findings:
        if (finding.review_id, finding.reason) in existing:
            continue  # flagged before: an open or decided flag is not raised again
        flag = ReviewFlag(review_id=finding.review_id, reason=finding.reason, detail=finding.detail)
        db.session.add(flag)
        added.append(flag)
    return added


@transactional
def review_published(review_id: int) -> list[ReviewFlag]:
    """Flag a review that was just published (its own transaction, after the review's), and
    commit. Returns the new flags, possibly on earlier reviews of a burst.

    Run after the review is committed so a signal can never cost a patient their review; a
    concurrent publication that stored the same flag first is simply retried once."""
    for _attempt in range(2):
        review = db.session.get(Review, review_id)
        if review is None or review.status != "published":
            return []
        findings = findings_for(review)
        if not findings:
            return []
        added = _store(findings)
        try:
            unit_of_work.commit()
        except IntegrityError:
            unit_of_work.rollback()
            continue
        return added
    return []
