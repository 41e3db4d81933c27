"""Staff accounts in tests have two-factor on with a known secret; these helpers answer the
second login step the way a person would, with the code their app shows."""

from __future__ import annotations

import time

import pyotp
from flask import Flask
from flask.testing import FlaskClient

from directory.extensions import db
from directory.services import accounts

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def code_for(app: Flask, email: str, secret: str = TOTP_SECRET) -> str:
    """A code the server will accept now: the current step's, or the next one's when the
    current step's code was already used (codes are never accepted twice)."""
    with app.app_context():
        user = accounts.find_by_email(email)
        assert user is not None, email
        last = user.totp_last_step
        db.session.remove()
    step = int(time.time() // 30)
    if last is not None and last >= step + 1:
        # Both usable codes were spent this window: wait for the next one (rare in tests).
        time.sleep(30 - time.time() % 30 + 0.05)
        step = int(time.time() // 30)
    if last is not None and last >= step:
        step = last + 1
    return pyotp.TOTP(secret).at(step * 30)


def finish_login(client: FlaskClient, response, email: str, with_csrf: bool = True):
    """If ``response`` sent the browser to the two-factor step, enter the code; returns the
    response that ends the login."""
    if response.status_code != 302 or not response.headers["Location"].startswith(
        "/auth/two-factor"
    ):
        return response
    from tests.conftest import csrf_token

    data = {"code": code_for(client.application, email)}
    if with_csrf:
        data["csrf_token"] = csrf_token(client, "/auth/two-factor")
    return client.post("/auth/two-factor", data=data)
