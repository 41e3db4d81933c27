"""Registering through the real form and following the links the emails carry."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from directory import unit_of_work
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


def confirm_by_email(client: FlaskClient, mailbox: Mailbox, email: str, password: str = PASSWORD):
    """Open the confirmation link last emailed to ``email`` and confirm with the account's
    password; returns the response to the confirmation."""
    return confirm_link(client, mailbox.link(email, "/auth/confirm/"), password)


def confirm_link(client: FlaskClient, link: str, password: str = PASSWORD):
    """Confirm through the page a confirmation link opens (GET, then POST the password)."""
    page = client.get(link)
    if page.status_code != 200:
        return page
    return client.post(link, data={"password": password, "csrf_token": csrf_token(client, link)})


def forgot(client: FlaskClient, email: str, host: str | None = None):
    """Ask for a password-reset link for ``email`` through the form, optionally sending every
    request with the Host header ``host``."""
    headers = {"Host": host} if host else {}
    html = client.get("/auth/password/forgot", headers=headers).text
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, html[:300]
    data = {"email": email, "csrf_token": match.group(1)}
    response = client.post("/auth/password/forgot", data=data, headers=headers)
    # The email leaves from a background thread; let it finish before the test looks.
    unit_of_work.wait_for_background_mail()
    return response
