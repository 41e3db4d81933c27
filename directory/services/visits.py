"""Verified visits, and the first way to get one: the practitioner's review invitation.

A ``Visit`` is the only key to writing a review. It comes from an invitation (this module),
an attended booking (``services.bookings``) or a receipt checked by a moderator
(``services.proofs``), so a practitioner who refuses to invite cannot block honest reviews.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast, overload

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload

if TYPE_CHECKING:
    from sqlalchemy.engine import CursorResult

from directory import unit_of_work, vocabulary
from directory.extensions import db
from directory.mail import mail_configured
from directory.models import Invitation, Listing, Review, User, Visit
from directory.models.base import utcnow
from directory.models.visits import MERGED
from directory.services import ServiceError, notifications
from directory.services.accounts import find_by_email, normalise_email
from directory.services.confirmed_email import require_confirmed
from directory.unit_of_work import transactional

VERIFICATION_LABELS = {
    "invitation": "Verified visit · invited by practitioner",
    "booking": "Verified visit · booked through Needlewise",
    "proof": "Verified visit · proof checked by moderators",
}


@overload
def aware(moment: datetime) -> datetime: ...
@overload
def aware(moment: None) -> None: ...
@overload
def aware(moment: datetime | None) -> datetime | None: ...


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def listing_by_slug(slug: str) -> Listing | None:
    """The listing with this slug, or None."""
    return db.session.scalar(select(Listing).where(Listing.slug == slug))


def owned_listings(user: User) -> list[Listing]:
    """The listings ``user`` owns, by name."""
    return list(
        db.session.scalars(
            select(Listing).where(Listing.owner_id == user.id).order_by(Listing.name)
        ).all()
    )


def require_owner(user: User, listing: Listing | None, field: str | None = None) -> Listing:
    """Refuse unless ``user`` owns ``listing``."""
    if listing is None or listing.owner_id != user.id:
        raise ServiceError("You can only do this for a listing you own.", field)
    return listing


def require_patient_of(user: User, listing: Listing) -> None:
    """Refuse anyone but a patient who does not own ``listing``."""
    if not user.is_patient:
        raise ServiceError("Only patient accounts can do this.")
    if listing.owner_id == user.id:
        raise ServiceError("You cannot do this for your own listing.")


def check_treatment(treatment: str, field: str = "treatment") -> str:
    """A treatment slug of CONTRACT section 2."""
    if treatment not in vocabulary.TREATMENTS:
        raise ServiceError("Choose a treatment from the list.", field)
    return treatment


def check_past_date(day: date | None, field: str) -> date:
    """A date that has already happened."""
    if day is None:
        raise ServiceError("Enter the date as YYYY-MM-DD.", field)
    if day > date.today():
        raise ServiceError("The date cannot be in the future.", field)
    return day


def same_day_visit(listing_id: int, patient_id: int, day: date) -> Visit | None:
    """The patient's visit to the listing on ``day``, if one exists."""
    return db.session.scalar(
        select(Visit).where(
            Visit.listing_id == listing_id,
            Visit.patient_id == patient_id,
            Visit.visited_on == day,
            Visit.verified_by != MERGED,
        )
    )


def new_visit(listing: Listing, patient_id: int, treatment: str, day: date, method: str) -> Visit:
    """A verified visit added to the session (the caller commits).

    One patient at one listing on one day is one visit, however many ways it gets confirmed
    (an invitation, a booking and a proof of the same appointment): otherwise one treatment
    could be reviewed several times. The database's unique index holds this when two requests
    race; the loser of the race gets the winner's visit, the same outcome as a visit that
    already existed. Only an account with a confirmed email address gets a verified visit.
    """
    patient = db.session.get(User, patient_id)
    if patient is None or not patient.is_confirmed:
        raise ServiceError(
            "The patient has not confirmed their email address yet, so the visit cannot be "
            "verified. It can be once they confirm it."
        )
    existing = same_day_visit(listing.id, patient_id, day)
    if existing is not None:
        return existing
    visit = Visit(
        listing_id=listing.id,
        patient_id=patient_id,
        treatment=treatment,
        visited_on=day,
        verified_by=method,
        verified_at=utcnow(),
    )
    try:
        with db.session.begin_nested():  # a savepoint: losing the race keeps the transaction
            db.session.add(visit)
    except IntegrityError:
        existing = same_day_visit(listing.id, patient_id, day)
        if existing is None:
            raise
        return existing
    return visit


# --- invitations -------------------------------------------------------------------------


def invitation_status(invitation: Invitation, now: datetime | None = None) -> str:
    """``redeemed``, ``expired`` or ``pending``."""
    if invitation.redeemed_at is not None:
        return "redeemed"
    if aware(invitation.expires_at) <= (aware(now) or utcnow()):
        return "expired"
    return "pending"


@transactional
def create_invitation(
    owner: User, listing: Listing | None, email: str, treated_on: date | None, treatment: str
) -> Invitation:
    """Issue a single-use invitation for one treatment of one patient; emails it when mail is
    configured and tells the patient's account, if one exists, in its inbox."""
    listing = require_owner(owner, listing, "listing")
    email = normalise_email(email or "")
    if "@" not in email:
        raise ServiceError("Enter the patient's email address.", "email")
    if email == normalise_email(owner.email):
        raise ServiceError("You cannot invite yourself to review your own listing.", "email")
    check_past_date(treated_on, "treated_on")
    check_treatment(treatment)
    duplicate = db.session.scalar(
        select(Invitation.id).where(
            Invitation.listing_id == listing.id,
            Invitation.email == email,
            Invitation.treated_on == treated_on,
            Invitation.treatment == treatment,
        )
    )
    if duplicate is not None:
        raise ServiceError("This patient is already invited for that treatment.", "email")
    now = utcnow()
    invitation = Invitation(
        token=secrets.token_urlsafe(24),
        listing=listing,
        email=email,
        treated_on=treated_on,
        treatment=treatment,
        created_by_id=owner.id,
        created_at=now,
        expires_at=now + timedelta(days=int(current_app.config["INVITATION_DAYS"])),
    )
    db.session.add(invitation)
    patient = find_by_email(email)
    if patient is not None and patient.is_patient:
        notifications.notify(
            patient,
            "invitation",
            _invitation_message(invitation),
            invitation_path(invitation),
            email=False,
        )
    unit_of_work.commit()
    _email_invitation(invitation)
    return invitation


def _invitation_message(invitation: Invitation) -> str:
    return (
        f"{invitation.listing.name} invites you to review your "
        f"{vocabulary.label(invitation.treatment)} visit. Your review is published whatever "
        "you write; nothing may be offered in return for it."
    )


def _email_invitation(invitation: Invitation) -> bool:
    """Email the link to the patient (when mail is configured); stamps ``emailed_at``."""
    notifications.queue_mail(
        invitation.email,
        "You are invited to review a visit",
        _invitation_message(invitation),
        invitation_path(invitation),
    )
    if unit_of_work.commit():  # the only email this commit hands over is the invitation
        invitation.emailed_at = utcnow()
        unit_of_work.commit()
        return True
    return False


@transactional
def resend_invitation(owner: User, invitation_id: int) -> Invitation:
    """Email an open invitation again, e.g. after the mail server was unreachable.

    With mail configured the owner never sees the link, so this is their only way to retry."""
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.listing.owner_id != owner.id:
        raise ServiceError("That invitation does not exist.")
    if invitation_status(invitation) != "pending":
        raise ServiceError("Only an open invitation can be sent again.")
    if not mail_configured():
        raise ServiceError("Email is not configured on this site: send the link yourself.")
    if not _email_invitation(invitation):
        raise ServiceError("We could not send the email just now. Please try again later.")
    return invitation


def mask_email(email: str) -> str:
    """``jane@example.org`` -> ``j…@…``: enough to recognise, nothing to copy."""
    local = (email or "").split("@", 1)[0]
    return f"{local[:1]}…@…"


def invitation_path(invitation: Invitation) -> str:
    """The site-relative redeem link ``/r/<token>``."""
    return f"/r/{invitation.token}"


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation with this token, or None."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Invitation).where(Invitation.token == token))


def check_redeemable(user: User, invitation: Invitation | None) -> Invitation:
    """Refuse unless ``user`` may redeem ``invitation`` now (a redeemed one is fine for its
    own patient: redeeming twice does nothing)."""
    if invitation is None:
        raise ServiceError("This invitation link is not valid.")
    if not user.is_patient:
        raise ServiceError("Invitations are redeemed with a patient account.")
    if normalise_email(user.email) != normalise_email(invitation.email):
        raise ServiceError(
            "This invitation was sent to a different email address. Log in with the account "
            "that uses the address the invitation was sent to."
        )
    require_confirmed(user, "redeem")
    if invitation.redeemed_at is not None:
        if invitation.redeemed_by_id != user.id:
            raise ServiceError("This invitation has already been used.")
        return invitation
    if invitation_status(invitation) == "expired":
        raise ServiceError("This invitation has expired. Ask the practitioner for a new one.")
    return invitation


@transactional
def redeem_invitation(user: User, token: str) -> Visit:
    """Turn the invitation into a verified visit of ``user``; a second call returns the same
    visit and changes nothing."""
    invitation = check_redeemable(user, invitation_by_token(token))
    if invitation.visit_id is not None:
        return db.session.get_one(Visit, invitation.visit_id)
    now = utcnow()
    claimed = cast(
        "CursorResult[Any]",  # an UPDATE returns a cursor result
        db.session.execute(
            update(Invitation)
            .where(Invitation.id == invitation.id, Invitation.redeemed_at.is_(None))
            .values(redeemed_at=now, redeemed_by_id=user.id)
        ),
    ).rowcount
    if not claimed:  # someone redeemed it between our read and our write
        unit_of_work.rollback()
        raise ServiceError("This invitation has already been used.")
    visit = new_visit(
        invitation.listing, user.id, invitation.treatment, invitation.treated_on, "invitation"
    )
    invitation.visit_id = visit.id
    return visit


def owner_invitations(owner: User) -> list[Invitation]:
    """Invitations for the owner's listings, newest first."""
    return list(
        db.session.scalars(
            select(Invitation)
            .join(Listing, Listing.id == Invitation.listing_id)
            .where(Listing.owner_id == owner.id)
            .options(contains_eager(Invitation.listing))
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        ).all()
    )


# --- visits ------------------------------------------------------------------------------


def patient_visits(user: User) -> list[tuple[Visit, Review | None]]:
    """The patient's verified visits, newest first, each with its review if written."""
    rows = (
        db.session.execute(
            select(Visit, Review)
            .outerjoin(Review, Review.visit_id == Visit.id)
            .where(Visit.patient_id == user.id, Visit.verified_by != MERGED)
            .options(joinedload(Visit.listing))
            .order_by(Visit.visited_on.desc(), Visit.id.desc())
        )
        .unique()
        .all()
    )
    return [(visit, review) for visit, review in rows]


def unreviewed_visits(user: User, listing: Listing) -> list[Visit]:
    """The patient's visits to ``listing`` that have no review yet, newest first."""
    return list(
        db.session.scalars(
            select(Visit)
            .outerjoin(Review, Review.visit_id == Visit.id)
            .where(
                Visit.patient_id == user.id,
                Visit.listing_id == listing.id,
                Visit.verified_by != MERGED,
                Review.id.is_(None),
            )
            .order_by(Visit.visited_on.desc(), Visit.id.desc())
        ).all()
    )
