"""Password reset by email: a signed link valid for one hour and usable once.

The link is bound to a fingerprint of the current password hash, so setting a new password
(through the link or otherwise) makes every earlier link useless. A reset ends every session of
the account (the session token rotates) and confirms the address: whoever opened the link
receives its mail.
"""

from __future__ import annotations

from flask import url_for

from directory import unit_of_work
from directory.models import User
from directory.models.base import utcnow
from directory.services import ServiceError, accounts, notifications, signed_links
from directory.unit_of_work import transactional

SUBJECT = "Reset your Needlewise password"


def reset_state(user: User) -> str:
    """What a reset link is bound to: the password hash it replaces and the address it was sent
    to (a link mailed before an email change must not work after it)."""
    return signed_links.fingerprint(user.password_hash, user.email)


@transactional
def request_reset(email: str) -> None:
    """Email a reset link when ``email`` belongs to an active account; otherwise do nothing.

    The caller answers the same either way, and the email leaves from a background thread, so
    neither the page nor its timing reveals who has an account."""
    user = accounts.find_by_email(email)
    if user is None or not user.is_active:
        return
    token = signed_links.make_token("reset", user, reset_state(user))
    notifications.queue_mail(
        user.email,
        SUBJECT,
        f"Hello {user.display_name},\n\n"
        "Someone (hopefully you) asked to reset the password of your Needlewise account. "
        "Choose a new password with this link within 1 hour; it works once:",
        signed_links.link(url_for("auth.reset_password", token=token)),
    )
    unit_of_work.commit(mail_in_background=True)


def account_for(token: str) -> User | None:
    """The active account a genuine, unexpired, unused reset link names; None otherwise."""
    found = signed_links.read_token("reset", token)
    if found is None:
        return None
    user, payload = found
    if payload.get("s") != reset_state(user) or not user.is_active:
        return None
    return user


@transactional
def reset_password(user: User, password: str) -> None:
    """Set a new password, confirm the address and end every session of ``user``. Commits.

    Raises ServiceError (field ``password``) when the password breaks the rules."""
    problem = accounts.check_password(password, user.email)
    if problem:
        raise ServiceError(problem, "password")
    user.password_hash = accounts.hash_password(password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    # Whoever had the old password may have asked to move the account to their address.
    user.pending_email = None
    user.rotate_session_token()
