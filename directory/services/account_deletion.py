"""Deleting an account (GDPR Art. 17): a request, a grace period, then the purge.

Asking needs the password; the account is logged out everywhere and told the date. Logging in
during the grace period (``ACCOUNT_DELETION_GRACE_DAYS``, 14 days) cancels it. ``flask users
purge-deleted`` then removes the personal data of each due account in its own transaction.

The user row stays as a tombstone without personal data, so reviews keep an author ("Former
patient") and listings keep their ratings: the rating of each review is kept, and its text too
unless the author chose to withdraw it. Moderators' audit entries keep a pseudonym
("Moderator #<id>") because the log is append-only and must still say who decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select, update

from directory import unit_of_work, uploads
from directory.dates import nice_date
from directory.extensions import db
from directory.models import (
    BookingMessage,
    BookingRequest,
    Invitation,
    Listing,
    ListingClaim,
    LoginEvent,
    Notification,
    OutboxMessage,
    RecoveryCode,
    Review,
    ReviewFlag,
    ReviewRevision,
    User,
    VisitProof,
)
from directory.models.base import utcnow
from directory.services import (
    ServiceError,
    accounts,
    helpful_votes,
    notifications,
    photos,
    signed_links,
)
from directory.unit_of_work import transactional

WITHDRAWN_TEXT = "The author withdrew this review's text."
WITHDRAWN_TITLE = "Text withdrawn"
UNUSABLE_PASSWORD = "!deleted"  # not an argon2 hash: verification always fails
DELETED_DOMAIN = "deleted.invalid"  # RFC 2606: never delivered anywhere
FLAG_DETAIL_REMOVED = "Details removed: an account they named was deleted."


def grace() -> timedelta:
    """How long a deletion request waits before the purge."""
    return timedelta(days=int(current_app.config["ACCOUNT_DELETION_GRACE_DAYS"]))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def deletion_date(user: User) -> datetime | None:
    """When a requested deletion becomes due."""
    if user.deletion_requested_at is None:
        return None
    return _aware(user.deletion_requested_at) + grace()


def owned_listings(user: User) -> list[Listing]:
    """Listings this account owns: they must be handed over or unlisted before deletion."""
    return list(db.session.scalars(select(Listing).where(Listing.owner_id == user.id)))


@transactional
def request_deletion(user: User, password: str, withdraw_text: bool) -> datetime:
    """Mark the account for deletion, log it out everywhere and mail the date; commits.
    Returns the date the data will be removed."""
    if not accounts.verify_password(user, password):
        raise ServiceError("That is not your current password.", "password")
    owned = owned_listings(user)
    if owned:
        names = ", ".join(listing.name for listing in owned[:3])
        raise ServiceError(
            f"You own {len(owned)} listing{'s' if len(owned) != 1 else ''} ({names}). Hand "
            "them over to a colleague or unlist them first: patients' reviews belong to the "
            "listing, not to your account."
        )
    now = utcnow()
    user.deletion_requested_at = now
    user.deletion_withdraw_text = withdraw_text
    user.pending_email = None
    user.rotate_session_token()  # every device, this one included, is logged out
    due = now + grace()
    notifications.queue_mail(
        user.email,
        "Your account will be deleted",
        f"You asked us to delete your Needlewise account. It will be deleted on "
        f"{nice_date(due)}. Log in before then to cancel. Your reviews stay up as "
        f"“Former patient”{' without their text' if withdraw_text else ''}, so listings' "
        "ratings stay honest. If this was not you, log in now and change your password.",
        signed_links.link("/auth/login"),
    )
    return due


@transactional
def cancel_on_login(user: User) -> bool:
    """Logging in during the grace period cancels a requested deletion; commits when it does.
    Returns whether there was one to cancel."""
    if user.deletion_requested_at is None or user.is_deleted:
        return False
    user.deletion_requested_at = None
    user.deletion_withdraw_text = False
    return True


def due_accounts(now: datetime | None = None) -> list[int]:
    """Ids of accounts whose grace period is over and whose data is still there."""
    cutoff = (now or utcnow()) - grace()
    return list(
        db.session.scalars(
            select(User.id)
            .where(User.deleted_at.is_(None), User.deletion_requested_at <= cutoff)
            .order_by(User.id)
        )
    )


@dataclass
class PurgeResult:
    """What one run of the purge did."""

    deleted: int = 0
    failed: int = 0


def purge_due(now: datetime | None = None) -> PurgeResult:
    """Purge every due account, each in its own transaction: a failure rolls back that
    account only (it stays as it was and is tried again next run)."""
    result = PurgeResult()
    for user_id in due_accounts(now):
        try:
            files = purge_account(user_id)
            unit_of_work.commit()
        except Exception:
            unit_of_work.rollback()
            current_app.logger.exception("purging account %s failed", user_id)
            result.failed += 1
            continue
        # Files go only once the rows no longer point at them.
        for name in files:
            uploads.discard(name)
        result.deleted += 1
    return result


def pseudonym(user: User) -> str:
    """The name a deleted account keeps: what readers of reviews and logs see."""
    if user.is_moderator:
        return f"Moderator #{user.id}"
    if user.is_practitioner:
        return "Former practitioner"
    return "Former patient"


def purge_account(user_id: int) -> list[str]:
    """Remove the personal data of one account in the current transaction (the caller
    commits). Returns the stored document names to delete from disk after the commit."""
    user = db.session.get(User, user_id)
    if user is None or user.is_deleted:
        return []
    if owned_listings(user):
        raise ServiceError("The account owns listings again; not deleted.")
    old_email = user.email
    # Photos the account uploaded (before/after photos of its reviews) go with their files.
    files = _purge_proofs(user) + _purge_claims(user) + photos.purge_photos_of(user)
    _purge_reviews(user)
    db.session.execute(
        update(BookingRequest)
        .where(BookingRequest.patient_id == user.id)
        .values(
            message="", preferred_dates="", contact_phone="", share_email=False, share_phone=False
        )
    )
    # A booking's thread is about the patient whichever side wrote it; anything else the
    # account wrote (as a practitioner) goes too.
    own_bookings = select(BookingRequest.id).where(BookingRequest.patient_id == user.id)
    db.session.execute(
        delete(BookingMessage).where(
            or_(BookingMessage.booking_id.in_(own_bookings), BookingMessage.sender_id == user.id)
        )
    )
    helpful_votes.remove_votes_of(user)
    db.session.execute(
        update(BookingRequest)
        .where(BookingRequest.patient_id == user.id, BookingRequest.status == "requested")
        .values(status="cancelled", decided_at=utcnow())
    )
    db.session.execute(
        update(Invitation)
        .where(
            or_(
                Invitation.redeemed_by_id == user.id,
                func.lower(Invitation.email) == old_email.lower(),
            )
        )
        .values(email=f"deleted-{user.id}@{DELETED_DOMAIN}")
    )
    for model in (Notification, LoginEvent, RecoveryCode):
        db.session.execute(delete(model).where(model.user_id == user.id))
    # Moderators' flag details quote addresses and network addresses: keep the flag, not them.
    db.session.execute(
        update(ReviewFlag)
        .where(
            or_(
                ReviewFlag.review_id.in_(select(Review.id).where(Review.author_id == user.id)),
                ReviewFlag.detail.contains(old_email),
            )
        )
        .values(detail=FLAG_DETAIL_REMOVED)
    )
    # Emails to the account, sent or waiting: their address and text are personal data.
    addresses = [old_email.lower()] + ([user.pending_email.lower()] if user.pending_email else [])
    db.session.execute(
        delete(OutboxMessage).where(func.lower(OutboxMessage.to_address).in_(addresses))
    )
    user.rotate_session_token()
    user.display_name = pseudonym(user)
    user.email = f"deleted-{user.id}@{DELETED_DOMAIN}"
    user.password_hash = UNUSABLE_PASSWORD
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.pending_email = None
    user.email_opt_out = "[]"
    user.suspended_reason = None
    user.last_login_at = None
    user.deleted_at = utcnow()
    db.session.flush()
    return files


def _purge_proofs(user: User) -> list[str]:
    """Proof documents (receipts) go; the metadata moderators decided on stays. A proof still
    waiting is closed, since nobody can review the visit any more."""
    files = []
    for proof in db.session.scalars(select(VisitProof).where(VisitProof.patient_id == user.id)):
        if proof.document_name:
            files.append(proof.document_name)
        proof.document_name = ""
        proof.document_size = 0
        if proof.status == "pending":
            proof.status = "rejected"
            proof.note = "The patient deleted their account."
            proof.decided_at = utcnow()
    return files


def _purge_claims(user: User) -> list[str]:
    """Claim documents and practice addresses go; the decision moderators took stays. A claim
    still waiting is closed: nobody is left to own the listing."""
    files = []
    for claim in db.session.scalars(
        select(ListingClaim).where(ListingClaim.claimant_id == user.id)
    ):
        if claim.document_name:
            files.append(claim.document_name)
        claim.document_name, claim.document_size, claim.document_original_name = "", 0, ""
        claim.email, claim.message = "", ""
        if claim.status == "pending":
            claim.status = "rejected"
            claim.decision_note = "The claimant deleted their account."
            claim.decided_at = utcnow()
    return files


def _purge_reviews(user: User) -> None:
    """Reviews stay with their rating (ratings stay honest); their text and every earlier
    version of it go when the author withdrew it."""
    if not user.deletion_withdraw_text:
        return
    reviews = select(Review.id).where(Review.author_id == user.id)
    db.session.execute(
        update(Review)
        .where(Review.author_id == user.id)
        .values(title=WITHDRAWN_TITLE, body=WITHDRAWN_TEXT)
    )
    db.session.execute(
        update(ReviewRevision)
        .where(ReviewRevision.review_id.in_(reviews))
        .values(title=WITHDRAWN_TITLE, body=WITHDRAWN_TEXT)
    )
