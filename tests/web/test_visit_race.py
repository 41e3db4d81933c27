"""Issue 8 §2: one visit per patient, listing and day holds under concurrency (PostgreSQL).

Before: two simultaneous redemptions of two invitations for the same appointment each passed
the "is there a visit already?" check, so the patient had two visits and wrote two reviews.
Here two threads, each with its own client, session and connection, are held at a barrier just
before they insert, so both have passed every check in Python: only the database can stop it.
"""

from __future__ import annotations

import contextlib
import os
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, select

from directory.extensions import db
from directory.models import Invitation, Review, Visit
from directory.models.base import utcnow
from tests.conftest import PASSWORD, csrf_token
from tests.review_helpers import owner_and_listing, review_form

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="needs real concurrent connections: run with tests.pg_run (PostgreSQL)",
)


def _invitations(app, listing_id: int, owner_id: int, email: str) -> list[str]:
    """Two invitations for one appointment (two treatments of the same day)."""
    day = date.today() - timedelta(days=4)
    tokens = []
    with app.app_context():
        for n, treatment in enumerate(("microneedling", "prp_microneedling")):
            invitation = Invitation(
                token=f"race-token-{n}-abcdefghijklmnop",
                listing_id=listing_id,
                email=email,
                treated_on=day,
                treatment=treatment,
                created_by_id=owner_id,
                created_at=utcnow(),
                expires_at=utcnow() + timedelta(days=30),
            )
            db.session.add(invitation)
            tokens.append(invitation.token)
        db.session.commit()
    return tokens


def _logged_in_client(app):
    client = app.test_client()
    data = {
        "email": "pat@example.org",
        "password": PASSWORD,
        "csrf_token": csrf_token(client, "/auth/login"),
    }
    assert client.post("/auth/login", data=data).status_code == 302
    return client


def test_two_concurrent_redemptions_make_one_visit_and_one_review(app, make_user):
    owner_id, slug, listing_id = owner_and_listing(app, make_user)
    make_user("pat@example.org")
    tokens = _invitations(app, listing_id, owner_id, "pat@example.org")
    clients = [_logged_in_client(app), _logged_in_client(app)]
    barriers = {"visits": threading.Barrier(2), "reviews": threading.Barrier(2)}

    def hold_inserts(conn, cursor, statement, parameters, context, executemany) -> None:
        for table, barrier in barriers.items():
            if statement.startswith(f"INSERT INTO {table} "):
                with contextlib.suppress(threading.BrokenBarrierError):
                    barrier.wait(timeout=10)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", hold_inserts)
    statuses: dict[int, list[int]] = {}
    errors: list[BaseException] = []

    def patient(n: int) -> None:
        try:
            client = clients[n]
            token = csrf_token(client, "/account/")
            redeemed = client.post(f"/r/{tokens[n]}", data={"csrf_token": token})
            reviewed = client.post(
                f"/practitioners/{slug}/review", data={**review_form(), "csrf_token": token}
            )
            statuses[n] = [redeemed.status_code, reviewed.status_code]
        except BaseException as error:  # surfaced below, in the test's own thread
            errors.append(error)

    threads = [threading.Thread(target=patient, args=(n,)) for n in (0, 1)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        event.remove(engine, "before_cursor_execute", hold_inserts)
    assert not errors, errors
    assert not barriers["visits"].broken, "both requests must have reached the insert"

    with app.app_context():
        visits = db.session.scalars(select(Visit)).all()
        assert len(visits) == 1
        invitations = db.session.scalars(select(Invitation)).all()
        assert {i.visit_id for i in invitations} == {visits[0].id}  # both redeemed, one visit
        assert db.session.scalar(select(func.count(Review.id))) == 1
    # Both redemptions succeeded; one review published, the other told it already exists.
    assert sorted(s[0] for s in statuses.values()) == [302, 302]
    assert sorted(s[1] for s in statuses.values()) in ([302, 400], [302, 403])
