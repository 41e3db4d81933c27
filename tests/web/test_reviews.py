"""Writing, editing and withdrawing reviews through the real pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import Notification, Review, ReviewRevision
from tests.conftest import csrf_token
from tests.review_helpers import (
    add_visit,
    listing_row,
    owner_and_listing,
    post_review,
    review_form,
    reviews_of,
)


@pytest.fixture
def setup(app, make_user, login):
    """An owned listing and a logged-in patient with one verified visit to it."""
    owner_id, slug, listing_id = owner_and_listing(app, make_user)
    patient_id = make_user("pat@example.org", name="Maria Lopez")
    visit_id = add_visit(app, patient_id, listing_id)
    login("pat@example.org")
    return {
        "owner_id": owner_id,
        "slug": slug,
        "listing_id": listing_id,
        "patient_id": patient_id,
        "visit_id": visit_id,
    }


def test_patient_with_visit_publishes_review(app, client, setup):
    page = client.get(f"/practitioners/{setup['slug']}/review")
    assert page.status_code == 200
    assert 'name="rating"' in page.get_data(as_text=True)
    response = post_review(client, setup["slug"])
    assert response.status_code == 302
    [review] = reviews_of(app, setup["listing_id"])
    assert review.status == "published"
    assert review.visit_id == setup["visit_id"]
    assert review.treatment == "microneedling"
    assert review.side_effects == "redness,swelling"
    assert review.concerns == "acne_scars"
    assert (review.sessions, review.downtime_days, review.price_paid) == (3, 2, 300)
    assert listing_row(app, setup["listing_id"]) == (4, 1)
    with app.app_context():
        note = db.session.scalar(
            select(Notification).where(Notification.user_id == setup["owner_id"])
        )
        assert note.kind == "review"


def test_review_updates_search_in_same_transaction(app, client, setup, monkeypatch):
    from directory import indexing

    seen = []
    monkeypatch.setattr(
        indexing, "listing_changed", lambda listing: seen.append(listing.rating_count)
    )
    post_review(client, setup["slug"])
    assert seen == [1]  # called with the new count, before the commit


def test_no_visit_no_review(app, client, make_user, login):
    _, slug, listing_id = owner_and_listing(app, make_user)
    make_user("nobody@example.org")
    login("nobody@example.org")
    page = client.get(f"/practitioners/{slug}/review")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Reviews come from verified visits" in html
    assert 'name="rating"' not in html
    response = post_review(client, slug)
    assert response.status_code == 403
    assert reviews_of(app, listing_id) == []


def test_visit_to_another_listing_does_not_count(app, client, make_user, login, setup):
    _, other_slug, other_id = owner_and_listing(app, make_user, email="second@example.org")
    response = post_review(client, other_slug)
    assert response.status_code == 403
    assert reviews_of(app, other_id) == []


def test_one_review_per_visit(app, client, setup):
    assert post_review(client, setup["slug"]).status_code == 302
    again = post_review(client, setup["slug"], title="Second try at it")
    assert again.status_code == 403
    assert len(reviews_of(app, setup["listing_id"])) == 1


def test_second_visit_allows_second_review(app, client, setup):
    # A second appointment on another day (one day holds one visit).
    add_visit(
        app,
        setup["patient_id"],
        setup["listing_id"],
        method="booking",
        visited_on=date.today() - timedelta(days=3),
    )
    assert post_review(client, setup["slug"]).status_code == 302
    assert post_review(client, setup["slug"], rating="2").status_code == 302
    assert listing_row(app, setup["listing_id"]) == (6, 2)


def test_naming_an_already_reviewed_visit_is_refused(app, client, setup):
    add_visit(
        app, setup["patient_id"], setup["listing_id"], visited_on=date.today() - timedelta(days=3)
    )
    post_review(client, setup["slug"], visit=str(setup["visit_id"]))
    response = post_review(client, setup["slug"], visit=str(setup["visit_id"]))
    assert response.status_code == 400
    assert "already reviewed this visit" in response.get_data(as_text=True)
    assert len(reviews_of(app, setup["listing_id"])) == 1


def test_owner_cannot_review_own_listing(app, client, make_user, login):
    owner_id, slug, listing_id = owner_and_listing(app, make_user)
    add_visit(app, owner_id, listing_id)  # even a (bogus) visit row does not help
    login("owner@example.org")
    assert client.get(f"/practitioners/{slug}/review").status_code == 403
    assert post_review(client, slug).status_code == 403
    assert reviews_of(app, listing_id) == []


@pytest.mark.parametrize("role", ["practitioner", "moderator", "admin"])
def test_other_roles_cannot_review(app, client, make_user, login, role):
    _, slug, listing_id = owner_and_listing(app, make_user)
    staff_id = make_user("staff@example.org", role=role)
    add_visit(app, staff_id, listing_id)
    login("staff@example.org")
    assert post_review(client, slug).status_code == 403
    assert reviews_of(app, listing_id) == []


def test_anonymous_is_sent_to_login(app, client, make_user):
    _, slug, _ = owner_and_listing(app, make_user)
    response = client.get(f"/practitioners/{slug}/review")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_bad_input_keeps_what_was_typed(app, client, setup):
    response = post_review(
        client, setup["slug"], rating="7", title="Kept title", side_effects=["none", "redness"]
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Kept title"' in html
    assert "Choose from 1 to 5 stars." in html
    assert reviews_of(app, setup["listing_id"]) == []


def test_none_with_other_side_effects_is_refused(app, client, setup):
    response = post_review(client, setup["slug"], side_effects=["none", "redness"])
    assert response.status_code == 400
    assert "not both" in response.get_data(as_text=True)


def test_review_without_csrf_is_refused(app, client, setup):
    data = review_form()
    response = client.post(f"/practitioners/{setup['slug']}/review", data=data)
    assert response.status_code == 400
    assert reviews_of(app, setup["listing_id"]) == []


def test_review_text_is_escaped_on_profile(app, client, setup):
    post_review(
        client,
        setup["slug"],
        title="<script>alert('t')</script>",
        body="<img src=x onerror=alert(1)> this body is long enough to pass validation",
    )
    with app.test_request_context():
        from flask import render_template

        from directory.models import Listing
        from directory.services import reviews

        listing = db.session.get(Listing, setup["listing_id"])
        html = render_template(
            "reviews/_profile_section.html",
            listing=listing,
            aggregates=reviews.listing_aggregates(listing),
            review_page=reviews.profile_reviews(listing),
        )
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<img src=x" not in html


def test_edit_keeps_history_and_shows_edited(app, client, setup):
    post_review(client, setup["slug"])
    [review] = reviews_of(app, setup["listing_id"])
    url = f"/reviews/{review.id}/edit"
    form_page = client.get(url).get_data(as_text=True)
    assert "Smoother skin after three sessions" in form_page
    data = review_form(rating="2", title="Less happy after a month")
    data["csrf_token"] = csrf_token(client, url)
    assert client.post(url, data=data).status_code == 302
    [edited] = reviews_of(app, setup["listing_id"])
    assert edited.edited and edited.rating == 2 and edited.title == "Less happy after a month"
    with app.app_context():
        [old] = db.session.scalars(select(ReviewRevision)).all()
        assert (old.rating, old.title) == (4, "Smoother skin after three sessions")
    assert listing_row(app, setup["listing_id"]) == (2, 1)


def test_others_cannot_edit_or_withdraw(app, client, make_user, login, setup):
    post_review(client, setup["slug"])
    [review] = reviews_of(app, setup["listing_id"])
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/")})
    make_user("other@example.org")
    login("other@example.org")
    assert client.get(f"/reviews/{review.id}/edit").status_code == 404
    token = csrf_token(client, "/account/")
    response = client.post(f"/reviews/{review.id}/withdraw", data={"csrf_token": token})
    assert response.status_code == 404
    assert reviews_of(app, setup["listing_id"])[0].status == "published"


def test_withdraw_removes_from_rating(app, client, setup):
    post_review(client, setup["slug"])
    [review] = reviews_of(app, setup["listing_id"])
    token = csrf_token(client, "/account/")
    response = client.post(f"/reviews/{review.id}/withdraw", data={"csrf_token": token})
    assert response.status_code == 302
    assert reviews_of(app, setup["listing_id"])[0].status == "withdrawn"
    assert listing_row(app, setup["listing_id"]) == (0, 0)
    # a withdrawn review cannot be edited any more
    assert client.get(f"/reviews/{review.id}/edit").status_code == 404


def test_account_lists_visits_and_reviews(app, client, setup):
    html = client.get("/account/").get_data(as_text=True)
    assert "Write your review" in html
    assert "Verified visit · invited by practitioner" in html
    post_review(client, setup["slug"])
    html = client.get("/account/").get_data(as_text=True)
    assert "Smoother skin after three sessions" in html
    assert "Edit or withdraw" in html


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config):
        app_config.update({"RATELIMIT_ENABLED": True, "REVIEW_RATE_LIMIT": "2 per hour"})
        return app_config

    def test_reviews_are_rate_limited_per_user(self, app, client, setup):
        for _ in range(2):
            assert post_review(client, setup["slug"], rating="9").status_code == 400
        assert post_review(client, setup["slug"]).status_code == 429
        with app.app_context():
            assert db.session.scalar(select(func.count(Review.id))) == 0
