"""Owner replies: one per review, editable, screened for patient details, moderated when held."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import AuditEntry, Notification, Reply
from tests.conftest import csrf_token
from tests.review_helpers import add_visit, owner_and_listing, post_review, reviews_of


@pytest.fixture
def reviewed(app, client, make_user, login):
    """A published review by "Maria Lopez" of a visit on 3 March 2026; the owner logged in."""
    owner_id, slug, listing_id = owner_and_listing(app, make_user)
    patient_id = make_user("maria.lopez@example.org", name="Maria Lopez")
    add_visit(app, patient_id, listing_id, visited_on=date(2026, 3, 3))
    login("maria.lopez@example.org")
    post_review(client, slug)
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/")})
    login("owner@example.org")
    [review] = reviews_of(app, listing_id)
    return {"slug": slug, "review_id": review.id, "patient_id": patient_id, "owner_id": owner_id}


def _reply(client, review_id: int, body: str):
    token = csrf_token(client, "/account/reviews")
    return client.post(
        f"/account/reviews/{review_id}/reply", data={"body": body, "csrf_token": token}
    )


def _reply_row(app) -> Reply:
    with app.app_context():
        reply = db.session.scalar(select(Reply))
        db.session.expunge_all()
        return reply


def test_reply_screen_hides_reviewer_and_visit_date(app, client, reviewed):
    html = client.get("/account/reviews").get_data(as_text=True)
    assert "Smoother skin after three sessions" in html
    assert "Maria" not in html
    assert "maria.lopez" not in html
    assert "March 2026" not in html and "2026-03-03" not in html and "3 Mar 2026" not in html


def test_safe_reply_is_published_and_reviewer_told(app, client, reviewed):
    response = _reply(client, reviewed["review_id"], "Thank you for the kind words about our team.")
    assert response.status_code == 302
    reply = _reply_row(app)
    assert reply.status == "published"
    with app.app_context():
        kinds = db.session.scalars(
            select(Notification.kind).where(Notification.user_id == reviewed["patient_id"])
        ).all()
        assert "reply" in kinds


NAME, DATE, DETAILS = "a name", "a date", "speaks to the reviewer about a treatment"


@pytest.mark.parametrize(
    "body, reason",
    [
        ("Thank you Maria, we loved having you.", NAME),
        ("Thanks MARIA LOPEZ for the review.", NAME),
        ("Thank you Jessica, we loved the review.", NAME),  # a wrong guess is held the same
        ("Please write to maria.lopez@example.org again.", NAME),
        ("We are sorry the day on March 3 was uncomfortable.", DATE),
        ("Our notes from 2026-03-03 say otherwise.", DATE),
        ("Our team met on 12 April, not in March.", DATE),  # not the visit date: same reason
        ("When you came in we explained the downtime.", DETAILS),
        ("We checked and your chart shows no complication after the peel.", DETAILS),
        (
            "It was a pleasure treating you in June; your hyperpigmentation responded well to "
            "the SkinPen.",
            DETAILS,
        ),
    ],
)
def test_reply_with_patient_details_is_held(app, client, reviewed, body, reason):
    response = _reply(client, reviewed["review_id"], body)
    assert response.status_code == 302
    reply = _reply_row(app)
    assert reply.status == "held"
    assert reason in reply.held_reason
    # the owner sees why, by category only, and a wording that is always safe
    page = client.get("/account/reviews").get_data(as_text=True)
    assert "held for a moderator" in page
    assert "HIPAA" in page
    assert "please contact our office directly" in page
    assert "Maria" not in reply.held_reason and "March" not in reply.held_reason


def test_a_right_and_a_wrong_guess_get_the_same_answer(app, client, reviewed):
    # The reviewer is Maria Lopez, who visited on 2026-03-03.
    answers = []
    for body in ("Thanks Maria.", "Thanks Sandra.", "Lovely 3/3/2026.", "Lovely 4/4/2026."):
        _reply(client, reviewed["review_id"], body)
        answers.append(_reply_row(app).held_reason)
    assert answers[0] == answers[1] and answers[2] == answers[3]
    assert "reviewer" not in answers[0] and "visit" not in answers[2]


def test_held_reply_is_not_shown_publicly(app, client, reviewed):
    _reply(client, reviewed["review_id"], "Thank you Maria, see you soon for session two.")
    with app.test_request_context():
        from flask import render_template

        from directory.models import Listing
        from directory.services import reviews

        listing = db.session.scalar(select(Listing))
        html = render_template(
            "reviews/_profile_section.html",
            listing=listing,
            aggregates=reviews.listing_aggregates(listing),
            review_page=reviews.profile_reviews(listing),
        )
    assert "see you soon for session two" not in html


def test_one_reply_per_review_and_editable(app, client, reviewed):
    _reply(client, reviewed["review_id"], "Thank you for your feedback.")
    _reply(client, reviewed["review_id"], "Thank you for your detailed feedback.")
    with app.app_context():
        replies = db.session.scalars(select(Reply)).all()
        assert len(replies) == 1
        assert replies[0].body == "Thank you for your detailed feedback."


def test_other_practitioner_cannot_reply(app, client, make_user, login, reviewed):
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/")})
    make_user("rival@example.org", role="practitioner")
    login("rival@example.org")
    token = csrf_token(client, "/account/")
    response = client.post(
        f"/account/reviews/{reviewed['review_id']}/reply",
        data={"body": "This review is fake.", "csrf_token": token},
    )
    assert response.status_code == 404
    assert _reply_row(app) is None


def test_reply_needs_csrf(app, client, reviewed):
    response = client.post(
        f"/account/reviews/{reviewed['review_id']}/reply", data={"body": "Thanks a lot."}
    )
    assert response.status_code == 400
    assert _reply_row(app) is None


def test_owner_cannot_hide_or_delete_reviews(app, client, reviewed):
    html = client.get("/account/reviews").get_data(as_text=True)
    assert "Report this review" in html
    assert "delete" not in html.lower() and "hide" not in html.lower()
    review_id = reviewed["review_id"]
    token = csrf_token(client, "/account/")
    client.post(f"/reviews/{review_id}/withdraw", data={"csrf_token": token})
    assert reviews_of(app, 1)[0].status == "published"


def _moderate(client, make_user, login, path, decision, note=""):
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/")})
    make_user("mod@example.org", role="moderator")
    login("mod@example.org")
    token = csrf_token(client, "/moderation/replies")
    return client.post(path, data={"decision": decision, "note": note, "csrf_token": token})


def test_moderator_releases_held_reply(app, client, make_user, login, reviewed):
    _reply(client, reviewed["review_id"], "Thank you Maria for trusting us.")
    reply = _reply_row(app)
    response = _moderate(client, make_user, login, f"/moderation/replies/{reply.id}", "release")
    assert response.status_code == 302
    queue = client.get("/moderation/replies").get_data(as_text=True)
    assert "No replies waiting" in queue
    assert _reply_row(app).status == "published"
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry))
        assert (entry.action, entry.target_type, entry.target_id) == (
            "reply_released",
            "reply",
            reply.id,
        )


def test_moderator_rejects_held_reply(app, client, make_user, login, reviewed):
    _reply(client, reviewed["review_id"], "Maria, your visit on March 3 went fine.")
    reply = _reply_row(app)
    _moderate(
        client, make_user, login, f"/moderation/replies/{reply.id}", "reject", "Names the patient"
    )
    assert _reply_row(app).status == "removed"
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry))
        assert entry.action == "reply_rejected" and entry.note == "Names the patient"
        notes = db.session.scalars(
            select(Notification.message).where(Notification.user_id == reviewed["owner_id"])
        ).all()
        assert any("not published" in n for n in notes)


def test_replies_queue_is_for_moderators_only(client, reviewed):
    assert client.get("/moderation/replies").status_code == 403


def test_a_reply_to_a_former_patients_review_is_not_held_for_their_pseudonym(app, client, reviewed):
    from directory.services import account_deletion

    with app.app_context():
        from directory.models import User

        db.session.get(User, reviewed["patient_id"]).deletion_requested_at = date(2026, 1, 1)
        account_deletion.purge_account(reviewed["patient_id"])
        db.session.commit()
    body = "Thank you: our former patients often see the same. Deleted accounts are welcome back."
    assert _reply(client, reviewed["review_id"], body).status_code == 302
    assert _reply_row(app).status == "published"
