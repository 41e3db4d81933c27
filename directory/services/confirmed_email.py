"""The confirmed-email rule of the trust features.

Redeeming an invitation, writing a review and having a booking or a proof count as a visit all
need an account whose email address is proven: otherwise a practitioner could register an
address it controls and review itself, or a stranger could register someone else's address
and receive the invitations meant for them.
"""

from __future__ import annotations

from flask import current_app, url_for

from directory.models import User
from directory.services import ServiceError

# action -> what the patient is trying to do, for the message.
ACTIONS = {
    "redeem": "accept a review invitation",
    "review": "write a review",
    "booking": "request a booking that can become a verified visit",
    "proof": "send proof of a visit",
    "visit": "have a visit verified",
    "vote": "mark a review helpful",
}


def confirmation_url() -> str | None:
    """The page that (re)sends the confirmation email, once the accounts feature provides it."""
    if "auth.unconfirmed" in current_app.view_functions:
        return url_for("auth.unconfirmed")
    return None


def unconfirmed_message(action: str) -> str:
    """Why an unconfirmed account is refused, and what to do about it."""
    what = ACTIONS.get(action, "do this")
    return (
        f"Please confirm your email address before you {what}: open the link in the "
        "confirmation email we sent you. Reviews on Needlewise come only from patients whose "
        "address is proven, so nobody can review with an address they do not own."
    )


def require_confirmed(user: User, action: str, field: str | None = None) -> None:
    """Refuse an account whose email address is not confirmed yet."""
    if not user.is_confirmed:
        raise ServiceError(unconfirmed_message(action), field)
