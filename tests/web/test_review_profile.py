"""The reviews and questions sections of the public profile: aggregates, paging, sorting,
removed-review placeholders, query count, and the rating reaching search."""

from __future__ import annotations

import re

import pytest

from directory.extensions import db
from directory.models import Listing, Review
from directory.services import reviews
from tests.review_helpers import (
    add_visit,
    count_queries,
    owner_and_listing,
    post_review,
    seed_reviews,
)


@pytest.fixture
def listing(app, make_user):
    owner_id, slug, listing_id = owner_and_listing(app, make_user)
    return {"slug": slug, "listing_id": listing_id, "owner_id": owner_id}


def _titles(html: str) -> list[str]:
    return re.findall(r'class="review-title h5"[^>]*>([^<]+)<', html)


def test_aggregates_on_profile(app, client, listing):
    seed_reviews(app, listing["listing_id"], [5, 4, 3, 4], side_effects="redness,swelling")
    html = client.get(f"/practitioners/{listing['slug']}").get_data(as_text=True)
    assert 'review-average-number">4.0<' in html  # (5 + 4 + 3 + 4) / 4
    assert "4 verified reviews" in html
    assert "<strong>75%</strong> say it was worth it" in html
    assert 'id="bar-cleanliness"' in html and 'value="5.0"' in html
    assert "$215 median" in html  # prices 200, 210, 220, 230
    assert "Redness: 100%" in html and "Swelling: 100%" in html
    assert "2 days median" in html


def test_review_list_is_paged(app, client, listing):
    seed_reviews(app, listing["listing_id"], [4] * 12)
    first = client.get(f"/practitioners/{listing['slug']}").get_data(as_text=True)
    assert len(_titles(first)) == 10
    assert _titles(first)[0] == "Review number 11"
    assert "Page 1 of 2" in first
    second = client.get(f"/practitioners/{listing['slug']}?page=2").get_data(as_text=True)
    assert _titles(second) == ["Review number 1", "Review number 0"]


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("newest", ["Review number 2", "Review number 1", "Review number 0"]),
        ("highest", ["Review number 1", "Review number 2", "Review number 0"]),
        ("lowest", ["Review number 0", "Review number 2", "Review number 1"]),
    ],
)
def test_review_list_sorts(app, client, listing, sort, expected):
    seed_reviews(app, listing["listing_id"], [1, 5, 3])
    html = client.get(f"/practitioners/{listing['slug']}?sort={sort}").get_data(as_text=True)
    assert _titles(html) == expected


def test_each_review_shows_its_verification_label(app, client, listing):
    seed_reviews(app, listing["listing_id"], [5, 4, 3])
    html = client.get(f"/practitioners/{listing['slug']}").get_data(as_text=True)
    assert "Verified visit · invited by practitioner" in html
    assert "Verified visit · booked through Needlewise" in html
    assert "Verified visit · proof checked by moderators" in html


def test_removed_review_leaves_placeholder_and_transparency_line(app, client, listing):
    ids = seed_reviews(app, listing["listing_id"], [1, 5, 5])
    with app.app_context():
        review = db.session.get(Review, ids[0])
        review.status, review.removed_reason = "removed", "conflict_of_interest"
        reviews.recompute_listing_rating(db.session.get(Listing, listing["listing_id"]))
        db.session.commit()
        listing_row = db.session.get(Listing, listing["listing_id"])
        assert (listing_row.rating_sum, listing_row.rating_count) == (10, 2)
    html = client.get(f"/practitioners/{listing['slug']}").get_data(as_text=True)
    assert "Review number 0" not in html
    assert "This review was removed by moderators for a conflict of interest." in html
    text = " ".join(html.split())
    assert "Moderators removed 1 review of this practitioner: 1 for conflict of interest." in text
    assert "2 verified reviews" in html


def test_edited_review_shows_edited_and_earlier_version(app, client, make_user, login, listing):
    patient_id = make_user("pat@example.org")
    add_visit(app, patient_id, listing["listing_id"])
    login("pat@example.org")
    post_review(client, listing["slug"], title="First impressions")
    with app.app_context():
        from directory.models import User
        from directory.services.reviews import ReviewInput, edit_review

        review = db.session.scalar(db.select(Review))
        data = ReviewInput(
            rating=3, results=3, comfort=3, cleanliness=3, communication=3, value=3,
            worth_it="not_sure", title="Update after a month",
            body="Results faded a little after a month, still happy with the care.",
        )  # fmt: skip
        edit_review(db.session.get(User, patient_id), review.id, data)
    html = client.get(f"/practitioners/{listing['slug']}").get_data(as_text=True)
    assert "Update after a month" in html
    assert 'class="review-edited">edited<' in html
    assert "Earlier version" in html and "First impressions" in html


def test_profile_has_no_n_plus_one_queries(app, client, listing):
    """The number of queries does not grow with the number of reviews shown."""
    url = f"/practitioners/{listing['slug']}"
    seed_reviews(app, listing["listing_id"], [5, 4])
    client.get(url)  # warm caches (catalogue, search prior)
    with app.app_context(), count_queries() as few:
        assert client.get(url).status_code == 200
    seed_reviews(app, listing["listing_id"], [3, 4, 5, 2, 5, 4, 4, 3] * 3)
    with app.app_context(), count_queries() as many:
        html = client.get(url).get_data(as_text=True)
    assert len(_titles(html)) == 10
    assert len(many) == len(few), "\n".join(many)


def test_new_review_updates_rating_in_search_results(app, client, runner, make_user, login):
    _, slug, listing_id = owner_and_listing(app, make_user, name="Quinn Rating Probe")
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    patient_id = make_user("pat@example.org")
    add_visit(app, patient_id, listing_id)
    login("pat@example.org")
    post_review(client, slug, rating="5")
    body = client.get("/api/v1/practitioners?q=Quinn").get_json()
    [hit] = [r for r in body["results"] if r["slug"] == slug]
    assert hit["rating"] == {"average": 5.0, "count": 1}


def test_no_side_effects_reads_none_not_a_consultation_term(app, client, listing):
    seed_reviews(app, listing["listing_id"], [5, 4], side_effects="none")
    html = client.get(f"/practitioners/{listing['slug']}").get_data(as_text=True)
    assert "None: 100%" in html
    assert "<dt>Side effects</dt><dd>None" in html
    assert "No consultation offered" not in html.split('id="reviews-heading"')[1]
