"""Issue 8 §4: per-account volume limits on every write that reaches a person or a disk.

Before: one account uploaded 25 proofs of 5 MB in 3 seconds, sent 40 invitations in 2.5 s,
made 39 booking requests and 60 reports in a row. Each test enables the limiter (the default
test config disables it), makes the allowed number of writes, and shows the next one refused
with a 429 page and nothing stored.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import (
    Answer,
    BookingRequest,
    Invitation,
    Licence,
    Question,
    Report,
    VisitProof,
)
from directory.models.base import utcnow
from tests.conftest import csrf_token
from tests.credentials_helpers import licence_form, logged_in, make_owner
from tests.factories import make_listing
from tests.review_helpers import add_visit, owner_and_listing, seed_reviews

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def app_config(app_config: dict) -> dict:
    return {**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"}


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _stored_files(app) -> int:
    return sum(1 for _ in Path(app.config["UPLOAD_DIR"]).iterdir())


def _assert_refused(response) -> None:
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    html = response.get_data(as_text=True)
    assert "Too many attempts" in html
    assert "Nothing from this last request was saved." in html


def _proof(client, slug: str, days_ago: int, payload: bytes = PNG):
    return client.post(
        f"/practitioners/{slug}/proof",
        data={
            "treatment": "microneedling",
            "visited_on": (date.today() - timedelta(days=days_ago)).isoformat(),
            "document": (io.BytesIO(payload), "receipt.png"),
            "csrf_token": csrf_token(client, f"/practitioners/{slug}/proof"),
        },
    )


def test_eleventh_invitation_in_a_minute_is_refused(app, client, make_user, login):
    assert app.config["INVITATION_RATE_LIMIT"].startswith("10 per minute")
    _, slug, _ = owner_and_listing(app, make_user)
    login("owner@example.org")
    token = csrf_token(client, "/account/invitations")
    day = (date.today() - timedelta(days=2)).isoformat()

    def invite(n: int):
        data = {
            "listing": slug,
            "email": f"patient{n}@example.org",
            "treated_on": day,
            "treatment": "microneedling",
            "csrf_token": token,
        }
        return client.post("/account/invitations", data=data)

    for n in range(10):
        assert invite(n).status_code == 200, n
    _assert_refused(invite(10))
    assert _count(app, Invitation) == 10
    assert client.get("/account/invitations").status_code == 200  # reading is not limited


def test_fourth_proof_in_a_minute_is_refused_and_not_stored(app, client, make_user, login):
    _, slug, _ = owner_and_listing(app, make_user)
    make_user("pat@example.org")
    login("pat@example.org")
    # Mistakes do not use up the allowance: a form sent back with an error is not counted.
    assert _proof(client, slug, days_ago=-3).status_code == 400  # a future date
    for n in range(3):
        assert _proof(client, slug, days_ago=5 + n).status_code == 302, n
    _assert_refused(_proof(client, slug, days_ago=20))
    assert _count(app, VisitProof) == 3
    assert _stored_files(app) == 3


def test_second_identical_pending_proof_is_refused(app, client, make_user, login):
    _, slug, listing_id = owner_and_listing(app, make_user)
    patient_id = make_user("pat@example.org")
    login("pat@example.org")
    assert _proof(client, slug, days_ago=5).status_code == 302
    again = _proof(client, slug, days_ago=5)
    assert again.status_code == 400
    assert "You already sent proof of this visit" in again.get_data(as_text=True)
    # ...and a day that is already a verified visit needs no proof either.
    add_visit(app, patient_id, listing_id, visited_on=date.today() - timedelta(days=8))
    verified = _proof(client, slug, days_ago=8)
    assert "already have a verified visit on this date" in verified.get_data(as_text=True)
    assert _count(app, VisitProof) == 1
    assert _stored_files(app) == 1


def test_daily_upload_bytes_are_capped_per_account(app, client, make_user, login):
    app.config["UPLOAD_BYTES_PER_DAY"] = 1000
    _, slug, _ = owner_and_listing(app, make_user)
    make_user("pat@example.org")
    login("pat@example.org")
    big = PNG + b"\x00" * 500  # 572 bytes
    assert _proof(client, slug, days_ago=5, payload=big).status_code == 302
    refused = _proof(client, slug, days_ago=6, payload=big)
    assert refused.status_code == 400
    assert "the most we accept from one account in a day" in refused.get_data(as_text=True)
    assert _count(app, VisitProof) == 1
    assert _stored_files(app) == 1
    # Another account has its own allowance.
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/")})
    make_user("other@example.org")
    login("other@example.org")
    assert _proof(client, slug, days_ago=5, payload=big).status_code == 302


def test_licence_uploads_are_limited_and_capped(app, make_user):
    app.config["LICENCE_RATE_LIMIT"] = "2 per minute"
    _, slug = make_owner(app, make_user)
    owner = logged_in(app, "owner@example.org")

    def submit(number: str):
        data = licence_form(slug, number=number)
        data["csrf_token"] = csrf_token(owner, "/account/licences")
        return owner.post("/account/licences", data=data)

    assert submit("RN-1").status_code == 302
    assert submit("RN-2").status_code == 302
    _assert_refused(submit("RN-3"))
    assert _count(app, Licence) == 2
    assert _stored_files(app) == 2


def test_booking_requests_are_limited(app, client, make_user, login):
    app.config["BOOKING_RATE_LIMIT"] = "2 per minute"
    owner_id = make_user("owner@example.org", role="practitioner")
    with app.app_context():
        slugs = [make_listing(owner_id=owner_id).slug for _ in range(3)]
    make_user("pat@example.org")
    login("pat@example.org")

    def book(slug: str):
        data = {
            "treatment": "microneedling",
            "preferred_dates": "Any morning",
            "csrf_token": csrf_token(client, f"/practitioners/{slug}/book"),
        }
        return client.post(f"/practitioners/{slug}/book", data=data)

    assert book(slugs[0]).status_code == 302
    assert book(slugs[1]).status_code == 302
    _assert_refused(book(slugs[2]))
    assert _count(app, BookingRequest) == 2


def test_reports_are_limited(app, client, make_user, login):
    app.config["REPORT_RATE_LIMIT"] = "2 per minute"
    _, _, listing_id = owner_and_listing(app, make_user)
    review_ids = seed_reviews(app, listing_id, [5, 4, 3])
    make_user("reader@example.org")
    login("reader@example.org")

    def report(review_id: int):
        url = f"/reports/new/review/{review_id}"
        return client.post(url, data={"reason": "spam", "csrf_token": csrf_token(client, url)})

    assert report(review_ids[0]).status_code == 302
    assert report(review_ids[1]).status_code == 302
    _assert_refused(report(review_ids[2]))
    assert _count(app, Report) == 2


def test_answers_are_limited(app, client, make_user, login):
    app.config["ANSWER_RATE_LIMIT"] = "2 per minute"
    _, _, listing_id = owner_and_listing(app, make_user)
    patient_id = make_user("pat@example.org")
    with app.app_context():
        questions = []
        for n in range(3):
            question = Question(
                listing_id=listing_id,
                author_id=patient_id,
                topic="price",
                body=f"Question number {n} about the price?",
                public=True,
                created_at=utcnow(),
            )
            db.session.add(question)
            db.session.flush()
            questions.append(question.id)
        db.session.commit()
    login("owner@example.org")

    def answer(question_id: int):
        return client.post(
            f"/account/questions/{question_id}/answer",
            data={
                "body": "About 300 dollars a session.",
                "csrf_token": csrf_token(client, "/account/questions"),
            },
        )

    assert answer(questions[0]).status_code == 302
    assert answer(questions[1]).status_code == 302
    _assert_refused(answer(questions[2]))
    assert _count(app, Answer) == 2
