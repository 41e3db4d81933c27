"""Registering through the real form and following the links the emails carry."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.conftest import PASSWORD, csrf_token
from tests.smtp_helpers import Mailbox


def register(client: FlaskClient, **overrides: str):
    """POST the registration form (a patient "new@example.org" unless overridden)."""
    data = {
        "email": "new@example.org",
        "display_name": "Newcomer",
        "password": PASSWORD,
        "confirm": PASSWORD,
        "role": "patient",
    }
    data.update(overrides)
    data["csrf_token"] = csrf_token(client, "/auth/register")
    return client.post("/auth/register", data=data)


def confirm_by_email(client: FlaskClient, mailbox: Mailbox, email: str):
    """Open the confirmation link last emailed to ``email``; returns the response."""
    return client.get(mailbox.link(email, "/auth/confirm/"))


def forgot(client: FlaskClient, email: str):
    """Ask for a password-reset link for ``email`` through the form."""
    token = csrf_token(client, "/auth/password/forgot")
    return client.post("/auth/password/forgot", data={"email": email, "csrf_token": token})
