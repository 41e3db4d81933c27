"""The in-app inbox, and its email copies sent to a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import re
import socket
from datetime import date, timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from directory import unit_of_work
from directory.extensions import db
from directory.models import Invitation, Notification
from tests.conftest import csrf_token
from tests.review_helpers import owner_and_listing


class Mailbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def app_config(app_config, smtp):
    controller, _ = smtp
    app_config.update({"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": controller.port})
    return app_config


def _invite(client, slug: str, email: str = "patient@example.org"):
    data = {
        "listing": slug,
        "email": email,
        "treated_on": (date.today() - timedelta(days=1)).isoformat(),
        "treatment": "prp_microneedling",
        "csrf_token": csrf_token(client, "/account/invitations"),
    }
    return client.post("/account/invitations", data=data)


def test_invitation_is_emailed_with_its_link(app, client, make_user, login, smtp):
    _, mailbox = smtp
    _, slug, _ = owner_and_listing(app, make_user)
    login("owner@example.org")
    response = _invite(client, slug)
    html = response.get_data(as_text=True)
    assert "Invitation sent to p…@…" in html
    assert "We emailed the single-use link to the patient." in html
    [(recipients, message)] = mailbox.messages
    assert recipients == ["patient@example.org"]
    assert message["Subject"] == "You are invited to review a visit"
    body = message.get_content()
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        assert invitation.emailed_at is not None
        assert f"/r/{invitation.token}" in body
        # Issue 8 §2: with mail configured the practitioner never sees the token.
        assert invitation.token not in html
        assert invitation.token not in client.get("/account/invitations").get_data(as_text=True)
    assert re.search(r"https?://[^\s]+/r/[A-Za-z0-9_-]{16,}", body)
    assert "nothing may be offered in return" in body


def test_new_question_notifies_owner_in_inbox_and_by_email(app, client, make_user, login, smtp):
    _, mailbox = smtp
    owner_id, slug, _ = owner_and_listing(app, make_user)
    make_user("pat@example.org")
    login("pat@example.org")
    client.post(
        f"/practitioners/{slug}/questions",
        data={
            "topic": "price",
            "body": "What does one session cost?",
            "public": "y",
            "csrf_token": csrf_token(client, f"/practitioners/{slug}/questions"),
        },
    )
    [(recipients, message)] = mailbox.messages
    assert recipients == ["owner@example.org"]
    assert message["Subject"] == "A patient asked you a question"
    assert "/account/questions" in message.get_content()
    with app.app_context():
        assert db.session.scalar(select(Notification.user_id)) == owner_id


def test_mail_failure_never_breaks_the_action(app, client, make_user, login, caplog, smtp):
    controller, mailbox = smtp
    app.config["MAIL_PORT"] = _free_port()  # nothing listens there
    _, slug, _ = owner_and_listing(app, make_user)
    login("owner@example.org")
    response = _invite(client, slug)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "could not email it just now" in html
    assert "/r/" not in html  # still never shown: the owner sends it again instead
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        assert invitation is not None and invitation.emailed_at is None
        invitation_id, token = invitation.id, invitation.token
    assert "could not send mail" in caplog.text

    app.config["MAIL_PORT"] = controller.port  # the mail server is back
    page = client.post(
        f"/account/invitations/{invitation_id}/resend",
        data={"csrf_token": csrf_token(client, "/account/invitations")},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Invitation sent again to p…@…" in page
    assert token not in page
    [(recipients, message)] = mailbox.messages
    assert recipients == ["patient@example.org"]
    assert f"/r/{token}" in message.get_content()
    with app.app_context():
        assert db.session.get(Invitation, invitation_id).emailed_at is not None


def test_only_the_owner_can_resend_an_invitation(app, client, make_user, login, smtp):
    _, mailbox = smtp
    _, slug, _ = owner_and_listing(app, make_user)
    login("owner@example.org")
    _invite(client, slug)
    with app.app_context():
        invitation_id = db.session.scalar(select(Invitation.id))
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/")})
    make_user("other@example.org", role="practitioner")
    login("other@example.org")
    page = client.post(
        f"/account/invitations/{invitation_id}/resend",
        data={"csrf_token": csrf_token(client, "/account/invitations")},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "That invitation does not exist." in page
    assert len(mailbox.messages) == 1  # only the first sending


def test_no_mail_without_mail_server(app, ctx):
    from directory import mail

    app.config["MAIL_SERVER"] = None
    assert mail.send_mail("a@example.org", "Hello", "Body") is False


def _notes(app, make_user):
    user_id = make_user("pat@example.org")
    other_id = make_user("other@example.org")
    with app.app_context():
        from directory.models import User
        from directory.services import notifications

        user = db.session.get(User, user_id)
        other = db.session.get(User, other_id)
        notifications.notify(user, "answer", "Glow answered your question.", "/practitioners/x")
        notifications.notify(user, "decision", "Your proof was accepted.", "/account/")
        notifications.notify(other, "answer", "Someone else's news.", "/")
        unit_of_work.commit()
        return [
            n.id for n in db.session.scalars(select(Notification).order_by(Notification.id)).all()
        ]


def test_inbox_lists_and_marks_read(app, client, make_user, login, smtp):
    mine_a, mine_b, theirs = _notes(app, make_user)
    login("pat@example.org")
    html = client.get("/account/inbox").get_data(as_text=True)
    assert "Glow answered your question." in html
    assert "Your proof was accepted." in html
    assert "Someone else&#39;s news." not in html and "Someone else's news." not in html
    assert "<strong>2</strong> unread" in html
    token = csrf_token(client, "/account/inbox")
    response = client.post(f"/account/inbox/{mine_a}/read", data={"csrf_token": token})
    assert response.status_code == 302
    assert "<strong>1</strong> unread" in client.get("/account/inbox").get_data(as_text=True)
    # open follows the link and marks read
    response = client.post(f"/account/inbox/{mine_b}/read", data={"csrf_token": token, "open": "1"})
    assert response.headers["Location"].endswith("/account/")
    assert "All read" in client.get("/account/inbox").get_data(as_text=True)
    # someone else's notification is not ours to touch
    assert (
        client.post(f"/account/inbox/{theirs}/read", data={"csrf_token": token}).status_code == 404
    )


def test_mark_all_read(app, client, make_user, login, smtp):
    _notes(app, make_user)
    login("pat@example.org")
    token = csrf_token(client, "/account/inbox")
    client.post("/account/inbox/read-all", data={"csrf_token": token})
    assert "All read" in client.get("/account/inbox").get_data(as_text=True)
    with app.app_context():
        unread = db.session.scalars(
            select(Notification.id).where(Notification.read_at.is_(None))
        ).all()
        assert len(unread) == 1  # only the other account's


def test_mark_read_needs_csrf(app, client, make_user, login, smtp):
    mine_a, _, _ = _notes(app, make_user)
    login("pat@example.org")
    assert client.post(f"/account/inbox/{mine_a}/read").status_code == 400


def test_inbox_needs_login(client):
    assert client.get("/account/inbox").status_code == 302


def test_links_in_emails_come_from_site_url_never_the_host_header(
    app_config, mail_server, app, client, make_user, login
):
    _, slug, _ = owner_and_listing(app, make_user)
    login("owner@example.org")
    data = {
        "listing": slug,
        "email": "patient@example.org",
        "treated_on": (date.today() - timedelta(days=1)).isoformat(),
        "treatment": "prp_microneedling",
        "csrf_token": csrf_token(client, "/account/invitations"),
    }
    # the same session, sent with a forged Host header
    for name in ("session", "remember_token"):
        cookie = client.get_cookie(name)
        if cookie is not None:
            client.set_cookie(name, cookie.value, domain="evil.example")
    response = client.post("/account/invitations", data=data, base_url="http://evil.example")
    assert response.status_code == 200 and response.request.host == "evil.example"
    assert "Invitation sent to p…@…" in response.text
    [message] = mail_server.to("patient@example.org")
    body = message.get_content()
    assert "evil.example" not in body
    assert mail_server.link("patient@example.org", "/r/").startswith("/r/")
