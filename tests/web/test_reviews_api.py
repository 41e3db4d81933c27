"""GET /api/v1/practitioners/<slug>/reviews (CONTRACT section 5)."""

from __future__ import annotations

import re

import pytest

from directory.extensions import db
from directory.models import Reply, Review
from directory.models.base import utcnow
from tests.review_helpers import owner_and_listing, seed_reviews


@pytest.fixture
def listing(app, make_user):
    owner_id, slug, listing_id = owner_and_listing(app, make_user)
    return {"slug": slug, "listing_id": listing_id, "owner_id": owner_id}


def test_review_shape(app, client, listing):
    [review_id] = seed_reviews(app, listing["listing_id"], [5])
    with app.app_context():
        db.session.add(
            Reply(
                review_id=review_id,
                author_id=listing["owner_id"],
                body="Thank you for the kind words.",
                status="published",
                created_at=utcnow(),
                updated_at=utcnow(),
            )
        )
        db.session.commit()
    body = client.get(f"/api/v1/practitioners/{listing['slug']}/reviews").get_json()
    assert (body["total"], body["page"], body["per_page"]) == (1, 1, 20)
    [review] = body["results"]
    assert review["id"] == review_id
    assert review["rating"] == 5
    assert review["ratings"] == {
        "results": 5,
        "comfort": 4,
        "cleanliness": 5,
        "communication": 4,
        "value": 5,
    }
    assert review["worth_it"] == "yes"
    assert review["price_paid"] == 200
    assert review["treatment"] == "microneedling"
    assert review["verified_by"] == "invitation"
    assert review["visited_on"] == "2026-01"
    assert review["author"].startswith("Patient ")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", review["created_at"])
    assert review["edited"] is False
    assert review["reply"]["body"] == "Thank you for the kind words."


def test_held_reply_is_not_in_api(app, client, listing):
    [review_id] = seed_reviews(app, listing["listing_id"], [2])
    with app.app_context():
        db.session.add(
            Reply(review_id=review_id, author_id=listing["owner_id"], body="Hi Ann", status="held")
        )
        db.session.commit()
    body = client.get(f"/api/v1/practitioners/{listing['slug']}/reviews").get_json()
    assert body["results"][0]["reply"] is None


def test_paging_and_sorting(app, client, listing):
    seed_reviews(app, listing["listing_id"], [3, 5, 1, 4, 2])
    url = f"/api/v1/practitioners/{listing['slug']}/reviews"
    page2 = client.get(f"{url}?per_page=2&page=2").get_json()
    assert (page2["total"], page2["page"], page2["per_page"]) == (5, 2, 2)
    assert [r["title"] for r in page2["results"]] == ["Review number 2", "Review number 1"]
    highest = client.get(f"{url}?sort=highest").get_json()
    assert [r["rating"] for r in highest["results"]] == [5, 4, 3, 2, 1]
    lowest = client.get(f"{url}?sort=lowest").get_json()
    assert [r["rating"] for r in lowest["results"]] == [1, 2, 3, 4, 5]


def test_withdrawn_and_removed_reviews_are_left_out(app, client, listing):
    ids = seed_reviews(app, listing["listing_id"], [5, 1, 4])
    with app.app_context():
        db.session.get(Review, ids[0]).status = "withdrawn"
        removed = db.session.get(Review, ids[1])
        removed.status, removed.removed_reason = "removed", "spam"
        db.session.commit()
    body = client.get(f"/api/v1/practitioners/{listing['slug']}/reviews").get_json()
    assert body["total"] == 1
    assert [r["id"] for r in body["results"]] == [ids[2]]


@pytest.mark.parametrize(
    "query", ["page=0", "page=abc", "per_page=51", "per_page=-1", "sort=random"]
)
def test_bad_parameters_are_400(client, listing, query):
    response = client.get(f"/api/v1/practitioners/{listing['slug']}/reviews?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_parameter"


def test_unknown_practitioner_is_404(client):
    for kind in ("reviews", "questions"):
        response = client.get(f"/api/v1/practitioners/nobody-here/{kind}")
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"
