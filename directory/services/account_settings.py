"""Account settings: display name, email change, password change, email preferences.

An email change is confirmed at the new address with a signed link bound to the current
address and the pending one, so it works once and an older link dies when a newer change is
asked for; the old address is told. Security mails (email change, password changed) go out
whatever the account's notification preferences say.
"""

from __future__ import annotations

import json

from directory import unit_of_work
from directory.models import User
from directory.models.base import utcnow
from directory.services import ServiceError, accounts, notifications, sessions, signed_links
from directory.unit_of_work import transactional

EMAIL_CHANGE = "email-change"
CONFIRM_PATH = "/account/settings/email/"


@transactional
def change_display_name(user: User, name: str) -> None:
    """Set the name shown on reviews and answers, and commit."""
    cleaned = " ".join(name.split())[:80]
    if not cleaned:
        raise ServiceError("Enter the name to show on your reviews.", "display_name")
    user.display_name = cleaned


def _email_state(user: User) -> str:
    # The password hash too: a change asked for with a stolen password dies with a new one.
    return signed_links.fingerprint(user.email, user.pending_email, user.password_hash)


def masked(email: str) -> str:
    """ "n…@example.org": enough for the owner to recognise the address, not to read it."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


@transactional
def request_email_change(user: User, new_email: str, password: str) -> None:
    """Check the password, then mail a confirmation link to ``new_email`` and a notice to the
    current address; commits. The address is taken only once the link is used.

    A taken address gets the same answer (nothing on the page tells which addresses have
    accounts); its owner is told someone tried, and no link is sent, so the change can never
    happen."""
    if not accounts.verify_password(user, password):
        raise ServiceError("That is not your current password.", "password")
    new_email = accounts.normalise_email(new_email)
    if new_email == accounts.normalise_email(user.email):
        raise ServiceError("That is already your email address.", "email")
    user.pending_email = new_email
    if accounts.find_by_email(new_email) is not None:
        notifications.queue_mail(
            new_email,
            "Someone tried to move a Needlewise account to your address",
            "Someone asked to use this address for another Needlewise account. You already "
            "have an account with it, so nothing was changed and nothing needs doing.",
        )
    else:
        token = signed_links.make_token(EMAIL_CHANGE, user, _email_state(user))
        notifications.queue_mail(
            new_email,
            "Confirm your new email address",
            f"Someone (we hope you) asked to use this address for the Needlewise account "
            f"“{user.display_name}”. Open this link within 48 hours to confirm it; until then "
            "the account keeps its old address. If this was not you, ignore this email.",
            signed_links.link(CONFIRM_PATH + token),
        )
    notifications.queue_mail(
        user.email,
        "Your email address is being changed",
        f"Your Needlewise account's address is being changed to {masked(new_email)}. The "
        "change happens only when the link we sent there is opened. If this was not you, "
        "reset your password at once and contact support.",
        signed_links.link("/support"),
    )


def email_change_target(token: str) -> tuple[User, str] | None:
    """The account and new address of a live email-change link; None when it is forged,
    expired, used, or replaced by a newer request."""
    found = signed_links.read_token(EMAIL_CHANGE, token)
    if found is None:
        return None
    user, data = found
    if user.pending_email is None or data.get("s") != _email_state(user) or user.is_deleted:
        return None
    return user, user.pending_email


@transactional
def confirm_email_change(token: str) -> User:
    """Switch the account to its new, now proven, address; commits."""
    target = email_change_target(token)
    if target is None:
        raise ServiceError(
            "This link has expired or was already used. Ask for the change again in your "
            "account settings."
        )
    user, new_email = target
    if accounts.find_by_email(new_email) is not None:
        user.pending_email = None
        unit_of_work.commit()
        raise ServiceError(
            f"{new_email} was taken by another account since you asked; your address is "
            "unchanged. Choose another one in your account settings."
        )
    user.email = new_email
    user.email_confirmed_at = utcnow()
    user.pending_email = None
    return user


@transactional
def cancel_email_change(user: User) -> None:
    """Forget the pending change (its link stops working); commits."""
    user.pending_email = None


@transactional
def change_password(user: User, current: str, new: str) -> None:
    """Replace the password, end every other session (this device stays logged in with a new
    identity: the caller re-issues its cookies), mail the notice; commits."""
    if not accounts.verify_password(user, current):
        raise ServiceError("That is not your current password.", "current_password")
    problem = accounts.check_password(new, user.email)
    if problem:
        raise ServiceError(problem, "new_password")
    if accounts.verify_password(user, new):
        raise ServiceError("The new password is the same as the current one.", "new_password")
    user.password_hash = accounts.hash_password(new)
    user.pending_email = None  # an email change asked for with the old password is cancelled
    notifications.queue_mail(
        user.email,
        "Your password was changed",
        "The password of your Needlewise account was just changed, and every other device "
        "was logged out. If this was not you, reset your password at once and contact support.",
        signed_links.link("/support"),
    )
    # end_others rotates the session token and restarts this device in the same commit.
    sessions.end_others(user)


# Which inbox kinds can reach each role (the settings page offers only these).
ROLE_KINDS = {
    "patient": ("answer", "invitation", "reply", "booking", "message", "decision"),
    "practitioner": ("question", "review", "booking", "message", "licence", "decision"),
}


def kinds_for(user: User) -> list[str]:
    """The notification kinds ``user``'s role can receive, in the inbox's order."""
    allowed = ROLE_KINDS.get(user.role, tuple(notifications.KINDS))
    return [kind for kind in notifications.KINDS if kind in allowed]


@transactional
def save_email_preferences(user: User, emailed_kinds: list[str]) -> None:
    """Keep emailing the offered kinds listed, stop the other offered ones (the inbox keeps
    them all); kinds the role is not offered keep their setting. Commits."""
    offered = set(kinds_for(user))
    if set(emailed_kinds) - offered:
        raise ServiceError("Choose from the listed kinds of notification.", "emailed")
    off = (notifications.email_opt_out(user) - offered) | (offered - set(emailed_kinds))
    user.email_opt_out = json.dumps(sorted(off))
