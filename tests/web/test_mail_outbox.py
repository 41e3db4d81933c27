"""The mail outbox: an email is written with the action and delivered afterwards, retried when
the mail server is down, parked after the last try for an admin, never lost, never sent about a
rollback, and never holding a request up (a real aiosmtpd server stands in for SMTP)."""

from __future__ import annotations

import socket
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from directory import unit_of_work
from directory.extensions import db
from directory.models import AuditEntry, Notification, OutboxMessage, User
from directory.models.base import utcnow
from directory.services import notifications, outbox
from tests.conftest import csrf_token
from tests.review_helpers import owner_and_listing
from tests.smtp_helpers import free_port


def _ask_question(client, slug: str):
    return client.post(
        f"/practitioners/{slug}/questions",
        data={
            "topic": "price",
            "body": "What does one session cost?",
            "public": "y",
            "csrf_token": csrf_token(client, f"/practitioners/{slug}/questions"),
        },
    )


def _rows(app) -> list[OutboxMessage]:
    with app.app_context():
        rows = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        db.session.expunge_all()
        return rows


def _make_due(app) -> None:
    with app.app_context():
        db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
        db.session.commit()


@pytest.fixture
def worker_mode(app_config, mail_server):
    app_config["MAIL_DELIVERY"] = "worker"
    return mail_server


def test_in_worker_mode_the_request_writes_the_email_and_the_worker_sends_it(
    worker_mode, app, client, make_user, login, runner
):
    _, slug, _ = owner_and_listing(app, make_user)
    make_user("pat@example.org")
    login("pat@example.org")
    assert _ask_question(client, slug).status_code == 302
    [row] = _rows(app)
    assert (row.to_address, row.status) == ("owner@example.org", "pending")
    assert worker_mode.messages == []  # nothing sent inside the request

    result = runner.invoke(args=["mail", "deliver"])
    assert result.exit_code == 0, result.output
    assert "sent 1, retrying 0, failed 0" in result.output
    [message] = worker_mode.to("owner@example.org")
    assert message["Subject"] == "A patient asked you a question"
    assert message["Message-ID"] == row.message_id  # fixed when written: retries keep it
    sent = _rows(app)[0]
    assert sent.status == "sent"
    assert sent.body == ""  # its links do not outlive the delivery in the database
    assert runner.invoke(args=["mail", "deliver"]).output.startswith("sent 0")  # exactly once


def test_a_mail_server_that_never_answers_holds_no_request(
    worker_mode, app, client, make_user, login
):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # accepts connections, never says a word
    app.config.update(MAIL_PORT=silent.getsockname()[1], MAIL_TIMEOUT=10)
    _, slug, _ = owner_and_listing(app, make_user)
    make_user("pat@example.org")
    login("pat@example.org")
    started = time.monotonic()
    response = _ask_question(client, slug)
    elapsed = time.monotonic() - started
    silent.close()
    assert response.status_code == 302
    assert elapsed < 5  # inline delivery would have waited the 10 s SMTP timeout
    assert [r.status for r in _rows(app)] == ["pending"]


def test_mail_server_down_the_email_waits_and_is_sent_when_it_is_back(
    mail_server, app, client, make_user, login, runner
):
    app.config["MAIL_PORT"], port = free_port(), app.config["MAIL_PORT"]  # nothing listens
    _, slug, _ = owner_and_listing(app, make_user)
    make_user("pat@example.org")
    login("pat@example.org")
    assert _ask_question(client, slug).status_code == 302  # the action still succeeds
    [row] = _rows(app)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.last_error and row.next_attempt_at > row.created_at  # backs off
    assert runner.invoke(args=["mail", "deliver"]).output.startswith("sent 0")  # not due yet

    app.config["MAIL_PORT"] = port  # the server is back
    _make_due(app)
    assert runner.invoke(args=["mail", "deliver"]).output.startswith("sent 1")
    assert len(mail_server.to("owner@example.org")) == 1


def test_after_the_last_try_an_email_is_parked_and_an_admin_queues_it_again(
    mail_server, app, make_user, login, client, runner
):
    app.config.update(MAIL_MAX_ATTEMPTS=3)
    port, app.config["MAIL_PORT"] = app.config["MAIL_PORT"], free_port()
    with app.app_context():
        notifications.queue_mail("pat@example.org", "Hello", "A message.")
        unit_of_work.commit()  # inline: the first try fails
    for _ in range(2):
        _make_due(app)
        runner.invoke(args=["mail", "deliver"])
    [row] = _rows(app)
    assert (row.status, row.attempts) == ("failed", 3)

    make_user("admin@example.org", role="admin")
    login("admin@example.org")
    page = client.get("/moderation/outbox").get_data(as_text=True)
    assert "pat@example.org" in page and "ConnectionRefusedError" in page
    token = csrf_token(client, "/moderation/outbox")
    client.post(f"/moderation/outbox/{row.id}/retry", data={"csrf_token": token})
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry))
        assert entry is not None and entry.action == "mail_retried"
    app.config["MAIL_PORT"] = port
    assert runner.invoke(args=["mail", "deliver"]).output.startswith("sent 1")
    assert len(mail_server.to("pat@example.org")) == 1


def test_moderators_cannot_see_or_retry_parked_email(app, make_user, login, client):
    make_user("mod@example.org", role="moderator")
    login("mod@example.org")
    assert client.get("/moderation/outbox").status_code == 403


def test_no_email_is_written_for_a_rolled_back_action(mail_server, app, make_user):
    user_id = make_user("pat@example.org")
    with app.app_context():
        user = db.session.get(User, user_id)
        notifications.notify(user, "decision", "This will be rolled back.")
        db.session.rollback()
        unit_of_work.commit()
        assert db.session.scalar(select(Notification)) is None
    assert _rows(app) == [] and mail_server.messages == []


def test_two_workers_at_once_send_each_email_once(mail_server, app, make_user):
    app.config["MAIL_DELIVERY"] = "worker"
    with app.app_context():
        for n in range(12):
            notifications.queue_mail(f"p{n}@example.org", "Hello", "A message.")
        unit_of_work.commit()

    def work() -> None:
        with app.app_context():
            outbox.deliver()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(m["To"] for m in mail_server.messages) == sorted(
        f"p{n}@example.org" for n in range(12)
    )
    assert {r.status for r in _rows(app)} == {"sent"}


def test_healthz_reports_the_outbox_depth_and_oldest_age(worker_mode, app, client):
    with app.app_context():
        notifications.queue_mail("pat@example.org", "Hello", "A message.")
        unit_of_work.commit()
        db.session.execute(update(OutboxMessage).values(created_at=utcnow() - timedelta(minutes=5)))
        db.session.commit()
    mail = client.get("/healthz").get_json()["mail"]  # the test client is 127.0.0.1
    assert mail["pending"] == 1 and mail["failed"] == 0
    assert 290 <= mail["oldest_pending_seconds"] <= 400
    # A stranger must not watch the queue grow after asking for a reset of someone's address.
    public = client.get("/healthz", environ_base={"REMOTE_ADDR": "203.0.113.9"}).get_json()
    assert "mail" not in public and public["db"] == "ok"


def test_a_malformed_message_is_a_failed_attempt_not_a_dead_worker(mail_server, app):
    app.config["MAIL_DELIVERY"] = "worker"
    with app.app_context():
        notifications.queue_mail("pat@example.org", "Hello", "A message.")
        unit_of_work.commit()
        db.session.execute(update(OutboxMessage).values(subject="a\r\nBcc: x"))
        db.session.commit()
        report = outbox.deliver()
    assert (report.sent, report.retrying) == (0, 1)
    [row] = _rows(app)
    assert row.status == "pending" and row.attempts == 1 and "ValueError" in row.last_error
