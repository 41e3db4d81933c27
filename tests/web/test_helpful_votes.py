""" "Helpful" votes, tried as a reader and as an attacker: one vote per account and review
whatever is POSTed, none on one's own review or listing, none on hidden reviews, none
anonymous or without CSRF, and a rate limit."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from directory.extensions import db
from directory.models import HelpfulVote, Review
from tests.conftest import csrf_token
from tests.review_helpers import owner_and_listing, seed_reviews


@pytest.fixture
def setup(app, make_user):
    owner_id, slug, listing_id = owner_and_listing(app, make_user)
    review_id = seed_reviews(app, listing_id, [4])[0]
    make_user("reader@example.org")
    return {"slug": slug, "listing_id": listing_id, "owner_id": owner_id, "review_id": review_id}


def _vote(client, setup, vote: str = "yes", review_id: int | None = None, **extra):
    review_id = review_id or setup["review_id"]
    data = {"vote": vote, "csrf_token": csrf_token(client, f"/practitioners/{setup['slug']}")}
    data.update(extra)
    return client.post(f"/reviews/{review_id}/helpful", data=data)


def _count(app, review_id: int) -> tuple[int, int]:
    """(vote rows, the review's helpful_count)."""
    with app.app_context():
        rows = db.session.scalar(
            select(func.count(HelpfulVote.id)).where(HelpfulVote.review_id == review_id)
        )
        return rows, db.session.get(Review, review_id).helpful_count


def test_a_reader_marks_a_review_helpful_and_sees_the_count(app, client, login, setup):
    login("reader@example.org")
    page = client.get(f"/practitioners/{setup['slug']}").get_data(as_text=True)
    assert "found this helpful" not in page  # no count until someone votes
    assert 'aria-pressed="false"' in page
    response = _vote(client, setup, sort="helpful", page="1", concern="acne_scars")
    assert response.status_code == 303
    location = response.headers["Location"]  # back to the same filtered, sorted page
    assert location.startswith(f"/practitioners/{setup['slug']}?")
    assert location.endswith(f"#review-{setup['review_id']}")
    assert "sort=helpful" in location and "concern=acne_scars" in location
    assert _count(app, setup["review_id"]) == (1, 1)
    page = client.get(f"/practitioners/{setup['slug']}").get_data(as_text=True)
    assert "1 person found this helpful" in page
    assert 'aria-pressed="true"' in page


def test_repeating_the_post_never_counts_twice(app, client, login, setup):
    login("reader@example.org")
    for _ in range(5):
        assert _vote(client, setup).status_code == 303
    assert _count(app, setup["review_id"]) == (1, 1)


def test_a_vote_can_be_taken_back_and_taking_back_twice_is_harmless(app, client, login, setup):
    login("reader@example.org")
    _vote(client, setup)
    _vote(client, setup, "no")
    _vote(client, setup, "no")
    assert _count(app, setup["review_id"]) == (0, 0)


def test_two_accounts_count_two(app, client, make_user, login, setup):
    make_user("second@example.org")
    login("reader@example.org")
    _vote(client, setup)
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/")})
    login("second@example.org")
    _vote(client, setup)
    assert _count(app, setup["review_id"]) == (2, 2)


def test_anonymous_votes_go_to_login_and_count_nothing(app, client, setup):
    page = client.get(f"/practitioners/{setup['slug']}").get_data(as_text=True)
    assert "Log in to mark it helpful" in page and 'name="vote"' not in page
    token = csrf_token(client, "/auth/login")  # a valid token: only the login is missing
    response = client.post(
        f"/reviews/{setup['review_id']}/helpful", data={"vote": "yes", "csrf_token": token}
    )
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
    assert _count(app, setup["review_id"]) == (0, 0)
    # After logging in, the login's "next" (this URL) leads back to the review, not to a 405.
    back = client.get(f"/reviews/{setup['review_id']}/helpful")
    assert back.status_code == 303
    assert back.headers["Location"].endswith(f"#review-{setup['review_id']}")


def test_a_vote_without_csrf_token_is_refused(app, client, login, setup):
    login("reader@example.org")
    response = client.post(f"/reviews/{setup['review_id']}/helpful", data={"vote": "yes"})
    assert response.status_code == 400
    assert _count(app, setup["review_id"]) == (0, 0)


def test_the_author_cannot_vote_on_their_own_review(app, client, login, setup):
    with app.app_context():
        author = db.session.get(Review, setup["review_id"]).author
        author.password_hash = db.session.scalar(
            select(db.text("password_hash"))
            .select_from(db.text("users"))
            .where(db.text("email = 'reader@example.org'"))
        )
        email = author.email
        db.session.commit()
    login(email)
    page = client.get(f"/practitioners/{setup['slug']}").get_data(as_text=True)
    assert 'name="vote"' not in page  # no button on one's own review
    response = _vote(client, setup)
    assert response.status_code == 303
    assert _count(app, setup["review_id"]) == (0, 0)
    page = client.get(f"/practitioners/{setup['slug']}").get_data(as_text=True)
    assert "You cannot vote on your own review." in page


def test_the_owner_cannot_vote_on_reviews_of_their_listing(app, client, login, setup):
    login("owner@example.org")
    page = client.get(f"/practitioners/{setup['slug']}").get_data(as_text=True)
    assert 'name="vote"' not in page
    _vote(client, setup)
    assert _count(app, setup["review_id"]) == (0, 0)
    page = client.get(f"/practitioners/{setup['slug']}").get_data(as_text=True)
    assert "You cannot vote on reviews of a listing you own." in page


@pytest.mark.parametrize("status", ["removed", "withdrawn"])
def test_hidden_reviews_take_no_votes(app, client, login, setup, status):
    with app.app_context():
        db.session.execute(
            update(Review).where(Review.id == setup["review_id"]).values(status=status)
        )
        db.session.commit()
    login("reader@example.org")
    assert _vote(client, setup).status_code == 303
    assert _count(app, setup["review_id"]) == (0, 0)


def test_a_review_that_does_not_exist_is_404(client, login, setup):
    login("reader@example.org")
    assert _vote(client, setup, review_id=99999).status_code == 404


def test_an_unconfirmed_account_cannot_vote(app, client, make_user, login, setup):
    make_user("new@example.org", confirmed=False)
    login("new@example.org")
    _vote(client, setup)
    assert _count(app, setup["review_id"]) == (0, 0)


def test_the_redirect_stays_on_the_profile_whatever_is_posted(client, login, setup):
    login("reader@example.org")
    response = _vote(client, setup, sort="//evil.example/x", next="https://evil.example/")
    location = response.headers["Location"]
    assert location.startswith(f"/practitioners/{setup['slug']}?")
    assert "evil.example/x" not in location.split("?", 1)[0]
    assert "next=" not in location


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config: dict) -> dict:
        return {
            **app_config,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            "HELPFUL_VOTE_RATE_LIMIT": "3 per minute",
        }

    def test_votes_are_rate_limited_per_account(self, app, client, login, setup):
        login("reader@example.org")
        for vote in ("yes", "no", "yes"):
            assert _vote(client, setup, vote).status_code == 303
        assert _vote(client, setup, "no").status_code == 429
        assert _count(app, setup["review_id"]) == (1, 1)
