"""Pre-booking questions: asked by any logged-in patient, answered by the owner."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import Notification, Question
from tests.conftest import csrf_token
from tests.review_helpers import owner_and_listing


@pytest.fixture
def listing(app, make_user):
    owner_id, slug, listing_id = owner_and_listing(app, make_user)
    patient_id = make_user("pat@example.org")
    return {"slug": slug, "listing_id": listing_id, "owner_id": owner_id, "patient_id": patient_id}


def _ask(client, slug: str, **overrides):
    data = {"topic": "needle_depth", "body": "What needle depth do you use for acne scars?"}
    data["public"] = "y"
    data.update(overrides)
    data = {k: v for k, v in data.items() if v is not None}
    data["csrf_token"] = csrf_token(client, f"/practitioners/{slug}/questions")
    return client.post(f"/practitioners/{slug}/questions", data=data)


def _switch(client, login, email: str) -> None:
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/")})
    login(email)


def _answer(client, question_id: int, body: str):
    token = csrf_token(client, "/account/questions")
    return client.post(
        f"/account/questions/{question_id}/answer", data={"body": body, "csrf_token": token}
    )


def _question(app) -> Question:
    with app.app_context():
        question = db.session.scalar(select(Question))
        db.session.expunge_all()
        return question


def test_form_offers_recommended_questions(app, client, login, listing):
    login("pat@example.org")
    html = client.get(f"/practitioners/{listing['slug']}/questions").get_data(as_text=True)
    for topic in ("credentials", "device", "needle_depth", "numbing", "sessions", "aftercare"):
        assert f'value="{topic}"' in html
    assert 'value="price"' in html
    assert "What needle depth would you use" in html
    assert 'name="public"' in html


def test_patient_without_visit_asks_owner_answers_profile_and_api_show(app, client, login, listing):
    login("pat@example.org")
    assert _ask(client, listing["slug"]).status_code == 302
    question = _question(app)
    assert (question.topic, question.public, question.status) == ("needle_depth", True, "open")
    with app.app_context():
        note = db.session.scalar(
            select(Notification).where(Notification.user_id == listing["owner_id"])
        )
        assert note.kind == "question" and note.link == "/account/questions"

    _switch(client, login, "owner@example.org")
    assert "What needle depth do you use" in client.get("/account/questions").get_data(as_text=True)
    assert (
        _answer(client, question.id, "Usually 1.0 to 1.5 mm for atrophic scars.").status_code == 302
    )
    assert _question(app).status == "answered"

    profile = client.get(f"/practitioners/{listing['slug']}").get_data(as_text=True)
    assert "Usually 1.0 to 1.5 mm for atrophic scars." in profile
    api = client.get(f"/api/v1/practitioners/{listing['slug']}/questions").get_json()
    assert api["total"] == 1
    answer = api["results"][0]["answer"]
    assert answer["body"].startswith("Usually 1.0")
    assert "RN, BSN" in answer["by"]
    assert answer["verified"] is False
    with app.app_context():
        kinds = db.session.scalars(
            select(Notification.kind).where(Notification.user_id == listing["patient_id"])
        ).all()
        assert "answer" in kinds


def test_private_question_stays_private(app, client, login, listing):
    login("pat@example.org")
    _ask(client, listing["slug"], public=None, body="Is it safe while breastfeeding?")
    question = _question(app)
    assert question.public is False
    _switch(client, login, "owner@example.org")
    _answer(client, question.id, "Please book a consultation so we can talk it through.")
    profile = client.get(f"/practitioners/{listing['slug']}").get_data(as_text=True)
    assert "breastfeeding" not in profile
    api = client.get(f"/api/v1/practitioners/{listing['slug']}/questions").get_json()
    assert api["total"] == 0


def test_unanswered_question_is_not_public(app, client, login, listing):
    login("pat@example.org")
    _ask(client, listing["slug"])
    api = client.get(f"/api/v1/practitioners/{listing['slug']}/questions").get_json()
    assert api["results"] == []


def test_other_practitioner_cannot_answer(app, client, make_user, login, listing):
    login("pat@example.org")
    _ask(client, listing["slug"])
    question = _question(app)
    make_user("rival@example.org", role="practitioner")
    _switch(client, login, "rival@example.org")
    token = csrf_token(client, "/account/")
    response = client.post(
        f"/account/questions/{question.id}/answer",
        data={"body": "Come to us instead, we are better.", "csrf_token": token},
    )
    assert response.status_code == 404
    assert _question(app).status == "open"


def test_owner_cannot_ask_own_listing(app, client, login, listing):
    login("owner@example.org")
    assert client.get(f"/practitioners/{listing['slug']}/questions").status_code == 403


def test_anonymous_must_log_in(client, listing):
    response = client.get(f"/practitioners/{listing['slug']}/questions")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_short_question_refused_and_kept(app, client, login, listing):
    login("pat@example.org")
    response = _ask(client, listing["slug"], body="Price?")
    assert response.status_code == 400
    assert "Price?" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Question.id))) == 0


def test_question_needs_csrf(app, client, login, listing):
    login("pat@example.org")
    response = client.post(
        f"/practitioners/{listing['slug']}/questions",
        data={"topic": "price", "body": "How much is one session of PRP?"},
    )
    assert response.status_code == 400


def test_question_text_is_escaped(app, client, login, listing):
    login("pat@example.org")
    _ask(client, listing["slug"], body="<b onmouseover=alert(1)>Do you numb?</b>")
    question = _question(app)
    _switch(client, login, "owner@example.org")
    page = client.get("/account/questions").get_data(as_text=True)
    assert "<b onmouseover" not in page
    assert "&lt;b onmouseover=alert(1)&gt;" in page
    _answer(client, question.id, "<script>x()</script> Yes, for 30 minutes.")
    profile = client.get(f"/practitioners/{listing['slug']}").get_data(as_text=True)
    assert "<script>x()" not in profile
    assert "&lt;script&gt;x()" in profile


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config):
        app_config.update({"RATELIMIT_ENABLED": True, "QUESTION_RATE_LIMIT": "2 per hour"})
        return app_config

    def test_questions_are_rate_limited_per_user(self, app, client, login, listing):
        login("pat@example.org")
        assert _ask(client, listing["slug"]).status_code == 302
        assert _ask(client, listing["slug"], topic="price").status_code == 302
        assert _ask(client, listing["slug"], topic="numbing").status_code == 429
        with app.app_context():
            assert db.session.scalar(select(func.count(Question.id))) == 2
