"""Claims: a practitioner account asks to own a listing it did not create (e.g. one imported
from NPPES). The claimant gives the listing's NPI, the licence number on the listing and a
licence document; optionally an address at the practice website's domain, confirmed by a
signed link. Moderators approve (the account becomes the owner) or reject with a note the
claimant reads. A listing that already has an owner can only be claimed as a dispute;
approving a dispute moves the ownership. Every decision is audited and the people concerned
are told in their inbox.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import joinedload, raiseload
from werkzeug.datastructures import FileStorage

from directory import unit_of_work, uploads
from directory.extensions import db
from directory.models import Licence, Listing, ListingClaim, User
from directory.models.base import utcnow
from directory.services import ServiceError, notifications
from directory.services.moderation import record
from directory.unit_of_work import transactional

EMAIL_LINK_MAX_AGE = 7 * 24 * 3600  # seconds a practice-email confirmation link stays valid
_SALT = "listing-claim-email"
_EMAIL = re.compile(r"^[^@\s]{1,64}@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$")
MAX_MESSAGE = 2000


@dataclass
class ClaimInput:
    """What the claimant types into the claim form."""

    npi: str = ""
    licence_number: str = ""
    email: str = ""
    message: str = ""


def npi_of(listing: Listing) -> str | None:
    """The listing's NPI when it came from the registry (``external_id`` ``npi:<number>``)."""
    external = listing.external_id or ""
    return external[4:] if external.startswith("npi:") else None


def valid_npi(number: str) -> bool:
    """Ten digits whose last is the Luhn check digit over ``80840`` + the first nine (the
    check CMS defines for every NPI)."""
    if not re.fullmatch(r"\d{10}", number):
        return False
    digits = [int(c) for c in "80840" + number[:9]]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return (10 - total % 10) % 10 == int(number[9])


def _plain(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def can_claim(listing: Listing, user: Any) -> bool:
    """Whether ``user`` may open the claim form for ``listing``."""
    if listing.hidden or not getattr(user, "is_authenticated", False):
        return False
    return user.role == "practitioner" and listing.owner_id != user.id


def practice_domain(listing: Listing) -> str | None:
    """The host of the listing's website, without ``www.``; None without a website."""
    host = urlsplit(listing.website or "").hostname or ""
    host = host.lower().removeprefix("www.")
    return host or None


def _validate(user: User, listing: Listing, data: ClaimInput) -> None:
    if user.role != "practitioner":
        raise ServiceError("Only practitioner accounts can claim a listing.", "npi")
    if listing.hidden:
        raise ServiceError("This listing is not available.", "npi")
    if listing.owner_id == user.id:
        raise ServiceError("You already own this listing.", "npi")
    waiting = db.session.scalar(
        select(ListingClaim.id).where(
            ListingClaim.listing_id == listing.id,
            ListingClaim.claimant_id == user.id,
            ListingClaim.status == "pending",
        )
    )
    if waiting is not None:
        raise ServiceError("Your claim on this listing is already waiting for a moderator.", "npi")
    data.npi = re.sub(r"\s", "", data.npi or "")
    if not valid_npi(data.npi):
        raise ServiceError("Enter your 10-digit NPI as the NPI Registry shows it.", "npi")
    expected = npi_of(listing)
    if expected is not None and data.npi != expected:
        raise ServiceError("This NPI is not the one on this listing.", "npi")
    data.licence_number = " ".join((data.licence_number or "").split())
    if not data.licence_number:
        raise ServiceError("Enter the licence number shown on the listing.", "licence_number")
    if len(data.licence_number) > 60:
        raise ServiceError("Keep the licence number under 60 characters.", "licence_number")
    numbers = {_plain(licence.number) for licence in listing.licences}
    if numbers and _plain(data.licence_number) not in numbers:
        raise ServiceError(
            "This licence number is not the one on the listing. Enter it as the listing shows "
            "it; if the listing is wrong, say so in your message.",
            "licence_number",
        )
    data.email = (data.email or "").strip().lower()
    if data.email:
        match = _EMAIL.match(data.email)
        domain = practice_domain(listing)
        if match is None:
            raise ServiceError("Enter an email address such as you@yourpractice.com.", "email")
        if domain is None:
            raise ServiceError(
                "This listing has no website, so there is no practice domain to check; "
                "leave the email empty.",
                "email",
            )
        host = match.group(1).lower()
        if host != domain and not host.endswith("." + domain):
            raise ServiceError(f"Use an address at the practice's domain, {domain}.", "email")
    data.message = (data.message or "").strip()
    if len(data.message) > MAX_MESSAGE:
        raise ServiceError(f"Keep the message under {MAX_MESSAGE} characters.", "message")


@transactional
def submit_claim(
    user: User, listing: Listing, data: ClaimInput, upload: FileStorage | None
) -> ListingClaim:
    """Check the claim, store the document and queue the claim; a failure leaves nothing."""
    _validate(user, listing, data)
    stored = uploads.save_document(upload)
    try:
        claim = ListingClaim(
            listing_id=listing.id,
            claimant_id=user.id,
            npi=data.npi,
            licence_number=data.licence_number,
            dispute=listing.owner_id is not None,
            message=data.message,
            document_name=stored.name,
            document_mime=stored.mime,
            document_size=stored.size,
            document_original_name=stored.original_name,
            email=data.email,
            status="pending",
            decision_note="",
            created_at=utcnow(),
        )
        db.session.add(claim)
        db.session.flush()
        if data.email:
            _queue_confirmation(claim, listing)
        unit_of_work.commit()
    except Exception:
        unit_of_work.rollback()
        uploads.discard(stored.name)
        raise
    return claim


# -- the practice email ------------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def confirmation_token(claim: ListingClaim) -> str:
    """A signed token naming the claim and the address it was sent to."""
    return str(_serializer().dumps({"claim": claim.id, "email": claim.email}))


def confirmation_link(claim: ListingClaim) -> str:
    """The absolute link of the email, built from SITE_URL (never from the request's Host)."""
    root = current_app.config["SITE_URL"].rstrip("/")
    return f"{root}/claims/confirm/{confirmation_token(claim)}"


def _queue_confirmation(claim: ListingClaim, listing: Listing) -> None:
    message = (
        f"Someone asked to manage the Needlewise listing of {listing.name} and gave this "
        "address. If that was you, confirm it with the link below (valid for 7 days). If not, "
        "ignore this email."
    )
    notifications.queue_mail(claim.email, "Confirm your practice email", message,
                             confirmation_link(claim))  # fmt: skip


def claim_for_token(token: str) -> ListingClaim | None:
    """The claim a confirmation token names, if the token is genuine, fresh and still about
    the claim's current address; None otherwise."""
    try:
        data = _serializer().loads(token, max_age=EMAIL_LINK_MAX_AGE)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict):
        return None
    claim = db.session.get(ListingClaim, data.get("claim"))
    if claim is None or not claim.email or claim.email != data.get("email"):
        return None
    return claim


@transactional
def confirm_email(token: str) -> ListingClaim:
    """Mark the claim's practice email confirmed (idempotent)."""
    claim = claim_for_token(token)
    if claim is None:
        raise ServiceError("This link is not valid or has expired.")
    if claim.email_confirmed_at is None:
        claim.email_confirmed_at = utcnow()
        unit_of_work.commit()
    return claim


# -- reading -----------------------------------------------------------------------------------


def claims_of(user: User) -> list[ListingClaim]:
    """The user's claims, newest first, each with its listing's columns (one query)."""
    return list(
        db.session.scalars(
            select(ListingClaim)
            .options(joinedload(ListingClaim.listing).raiseload("*"), raiseload("*"))
            .where(ListingClaim.claimant_id == user.id)
            .order_by(ListingClaim.created_at.desc(), ListingClaim.id.desc())
        )
    )


# The queue shows each claim's columns, its claimant and deciding moderator, and its listing's
# name, place and current owner: joined in the one query; anything else raises.
_QUEUE_OPTIONS = (
    joinedload(ListingClaim.listing).options(
        joinedload(Listing.owner).raiseload("*"), raiseload("*")
    ),
    joinedload(ListingClaim.claimant).raiseload("*"),
    joinedload(ListingClaim.decided_by).raiseload("*"),
    raiseload("*"),
)


def pending_queue() -> list[ListingClaim]:
    """Claims waiting for a moderator, oldest first, loaded for the queue (one query)."""
    return list(
        db.session.scalars(
            select(ListingClaim)
            .options(*_QUEUE_OPTIONS)
            .where(ListingClaim.status == "pending")
            .order_by(ListingClaim.created_at, ListingClaim.id)
        )
    )


def recent_decisions(limit: int = 10) -> list[ListingClaim]:
    """The latest decided claims, newest first, loaded for the queue (one query)."""
    return list(
        db.session.scalars(
            select(ListingClaim)
            .options(*_QUEUE_OPTIONS)
            .where(ListingClaim.status != "pending")
            .order_by(ListingClaim.decided_at.desc(), ListingClaim.id.desc())
            .limit(limit)
        )
    )


def competing(claim: ListingClaim) -> list[ListingClaim]:
    """The other claims on the same listing that are still pending."""
    return list(
        db.session.scalars(
            select(ListingClaim).where(
                ListingClaim.listing_id == claim.listing_id,
                ListingClaim.id != claim.id,
                ListingClaim.status == "pending",
            )
        )
    )


def registry_facts(listing: Listing) -> dict[str, Any]:
    """What NPPES last said about the listing (empty when it did not come from the registry)."""
    try:
        data = json.loads(listing.registry_data or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def listing_licence(claim: ListingClaim) -> Licence | None:
    """The listing's licence the claim names (else the listing's first): what to look up."""
    licences = claim.listing.licences
    for licence in licences:
        if _plain(licence.number) == _plain(claim.licence_number):
            return licence
    return licences[0] if licences else None


def document_for(user: User, claim_id: int):
    """(claim, path) of the document, for moderators and the claimant; None otherwise."""
    claim = db.session.get(ListingClaim, claim_id)
    if claim is None or not (user.is_moderator or claim.claimant_id == user.id):
        return None
    try:
        return claim, uploads.document_path(claim.document_name)
    except FileNotFoundError:
        return None


# -- deciding ----------------------------------------------------------------------------------


def _pending(moderator: User, claim_id: int) -> ListingClaim:
    if not moderator.is_moderator:
        raise ServiceError("Only moderators decide claims.", "decision")
    claim = db.session.get(ListingClaim, claim_id)
    if claim is None:
        raise ServiceError("This claim does not exist.", "decision")
    if claim.status != "pending":
        raise ServiceError("This claim has already been decided.", "decision")
    return claim


@transactional
def approve(moderator: User, claim_id: int, note: str = "") -> ListingClaim:
    """Make the claimant the listing's owner (moving it from a previous owner in a dispute)."""
    claim = _pending(moderator, claim_id)
    listing, claimant = claim.listing, claim.claimant
    if claimant.role != "practitioner" or not claimant.is_active:
        raise ServiceError("The claimant's account can no longer own listings.", "decision")
    previous = listing.owner
    listing.owner_id = claimant.id
    note = (note or "").strip()
    _stamp(moderator, claim, "approved", note)
    moved = f" (ownership moved from {previous.email})" if previous is not None else ""
    record(moderator, "claim_approved", "listing", listing.id,
           f"claim {claim.id} by {claimant.email}{moved}. {note}".strip())  # fmt: skip
    notifications.notify(
        claimant, "decision",
        f"Your claim on {listing.name} was approved: you now manage the listing. Add your "
        "treatments, prices and devices, and submit your licence to get the verified badge.",
        f"/account/listings/{listing.slug}/edit",
    )  # fmt: skip
    if previous is not None and previous.id != claimant.id:
        notifications.notify(
            previous, "decision",
            f"After a dispute, a moderator gave {listing.name} to another practitioner who "
            "proved it is theirs. Reply to this message through support if this is wrong.",
            "/account/listings",
        )  # fmt: skip
    return claim


@transactional
def reject(moderator: User, claim_id: int, note: str) -> ListingClaim:
    """Refuse a claim; the note, required, tells the claimant why."""
    claim = _pending(moderator, claim_id)
    note = (note or "").strip()
    if not note:
        raise ServiceError("Tell the claimant why the claim is rejected.", "note")
    _stamp(moderator, claim, "rejected", note)
    record(moderator, "claim_rejected", "listing", claim.listing_id, f"claim {claim.id}: {note}")
    notifications.notify(
        claim.claimant, "decision",
        f"Your claim on {claim.listing.name} was not accepted: {note}", "/account/claims",
    )  # fmt: skip
    return claim


def decide(moderator: User, claim_id: int, decision: str, note: str) -> ListingClaim:
    """Approve or reject (the moderator's decision form)."""
    if decision == "approve":
        return approve(moderator, claim_id, note)
    if decision == "reject":
        return reject(moderator, claim_id, note)
    raise ServiceError("Choose approve or reject.", "decision")


def _stamp(moderator: User, claim: ListingClaim, status: str, note: str) -> None:
    claim.status = status
    claim.decided_at = utcnow()
    claim.decided_by_id = moderator.id
    claim.decision_note = note
