"""Registration without account enumeration, and email confirmation.

``register`` answers the same way whether or not the address already has an account: a new
address gets an unconfirmed account and a confirmation link; a taken address changes nothing
and its owner is told someone tried. Both branches hash the password and send one email, so
neither the page nor its timing says which happened.

A confirmation link is bound to the address and the unconfirmed state (``signed_links``): once
the address is confirmed, or changed, the link stops working.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlalchemy.exc import IntegrityError

from directory import unit_of_work
from directory.extensions import db
from directory.models import ROLES, User
from directory.models.base import utcnow
from directory.services import ServiceError, accounts, login_events, notifications, signed_links
from directory.unit_of_work import transactional

PUBLIC_ROLES = ("patient", "practitioner")

CONFIRM_SUBJECT = "Confirm your email address for Needlewise"
TAKEN_SUBJECT = "Someone tried to create a Needlewise account with your address"


@transactional
def register(email: str, password: str, role: str, display_name: str) -> None:
    """Create an unconfirmed account and email its confirmation link, or, when the address is
    taken, email its owner instead. Commits. Raises ServiceError only for problems with what
    was typed (role, password), which reveal nothing about other accounts."""
    if role not in PUBLIC_ROLES or role not in ROLES:
        raise ServiceError("Choose patient or practitioner.", "role")
    email = accounts.normalise_email(email)
    problem = accounts.check_password(password, email)
    if problem:
        raise ServiceError(problem, "password")
    owner = accounts.find_by_email(email)
    if owner is not None:
        _tell_owner(owner, password)
        return
    user = accounts.build_user(email, password, role, display_name)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        # Someone registered the same address a moment ago: answer as for any taken address.
        unit_of_work.rollback()
        owner = accounts.find_by_email(email)
        if owner is not None:
            _tell_owner(owner, password, hashed=True)
        return
    # The address an account was made from is one of the moderators' trust signals.
    login_events.record(user, "register")
    queue_confirmation(user)


def _tell_owner(owner: User, password: str, *, hashed: bool = False) -> None:
    """Email the owner of a taken address; spend the time a new account's hash would take."""
    if not hashed:
        accounts.hash_password(password)
    if owner.is_active:
        notifications.queue_mail(
            owner.email,
            TAKEN_SUBJECT,
            "Someone, perhaps you, tried to create a Needlewise account with this email "
            "address. You already have an account, so nothing was changed.\n\n"
            "If it was you, log in:\n"
            f"{signed_links.link(url_for('auth.login'))}\n\n"
            "Forgot your password? Choose a new one here:\n"
            f"{signed_links.link(url_for('auth.forgot_password'))}\n\n"
            "If it was not you, you can ignore this email: your account is safe.",
        )


def confirmation_state(user: User) -> str:
    """What a confirmation link is bound to: this address, still unconfirmed."""
    return signed_links.fingerprint(user.email, user.email_confirmed_at)


def queue_confirmation(user: User) -> None:
    """Queue the confirmation email for ``user``; it leaves when the caller's unit commits."""
    token = signed_links.make_token("confirm", user, confirmation_state(user))
    notifications.queue_mail(
        user.email,
        CONFIRM_SUBJECT,
        f"Hello {user.display_name},\n\n"
        "Please confirm that this is your email address by opening this link within 48 hours:",
        signed_links.link(url_for("auth.confirm_email", token=token)),
    )


@transactional
def resend_confirmation(user: User) -> bool:
    """Email a fresh confirmation link; False (and nothing sent) when already confirmed."""
    if user.is_confirmed:
        return False
    queue_confirmation(user)
    return True


@dataclass
class Confirmation:
    """The outcome of opening or using a confirmation link."""

    user: User | None
    # "valid" (usable, nothing done yet), "confirmed", "wrong_password", "already" (genuine
    # link, address confirmed since), or "invalid"
    outcome: str


def check(token: str) -> Confirmation:
    """What a confirmation link is worth, changing nothing (opening it is only a GET)."""
    found = signed_links.read_token("confirm", token)
    if found is None:
        return Confirmation(None, "invalid")
    user, payload = found
    if payload.get("s") != confirmation_state(user):
        # Used already, or the address changed since the link was sent.
        return Confirmation(user, "already" if user.is_confirmed else "invalid")
    return Confirmation(user, "valid")


@transactional
def confirm(token: str, password: str) -> Confirmation:
    """Confirm the address a genuine, unexpired, unused link names, for whoever knows the
    account's password. Commits. Without the password check, whoever registered someone
    else's address would have it confirmed the moment its owner (or a mail scanner) opened
    the link; that owner takes the address over with "Forgot password?" instead."""
    found = check(token)
    if found.outcome != "valid" or found.user is None:
        return found
    if not accounts.verify_password(found.user, password):
        return Confirmation(found.user, "wrong_password")
    found.user.email_confirmed_at = utcnow()
    return Confirmation(found.user, "confirmed")
