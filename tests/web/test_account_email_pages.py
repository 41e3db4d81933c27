"""The confirmation and reset pages meet the same structural accessibility and CSP rules as the
public pages: one h1, a main landmark, labelled controls, no inline script or style."""

from __future__ import annotations

from tests.account_helpers import forgot, register
from tests.pages_helpers import parse_page


def _check(html: str, heading: str) -> None:
    page = parse_page(html)
    assert page.h1s() == [heading]
    assert page.mains == 1
    assert page.unlabelled_controls() == []
    assert page.skipped_heading_levels() == []
    assert page.inline_scripts == 0 and page.style_elements == 0
    assert page.style_attributes == []


def test_pages_of_the_email_flows(mail_server, app, client, make_user, login):
    make_user("pat@example.org")
    _check(client.get("/auth/login").text, "Log in")
    _check(client.get("/auth/password/forgot").text, "Forgot your password?")
    forgot(client, "pat@example.org")
    _check(client.get("/auth/password/check-inbox").text, "Check your inbox")
    _check(client.get(mail_server.link("pat@example.org", "/auth/password/reset/")).text,
           "Choose a new password")  # fmt: skip
    _check(client.get("/auth/password/reset/bad").text, "This reset link does not work")
    _check(client.get("/auth/confirm/bad").text, "This confirmation link does not work")

    other = app.test_client()
    register(other, email="fresh@example.org")
    _check(other.get("/auth/register/check-inbox").text, "Check your inbox")
    login("fresh@example.org")
    _check(client.get("/account/confirm").text, "Confirm your email address")
    _check(client.get("/account/").text, "Your account")  # with the banner
