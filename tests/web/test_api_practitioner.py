"""GET /api/v1/practitioners/<slug> (CONTRACT section 5)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.factories import make_licence, make_listing

SUMMARY_KEYS = {
    "slug",
    "external_id",
    "name",
    "credentials",
    "profession",
    "clinic",
    "city",
    "state",
    "postal_code",
    "verified",
    "rating",
    "price",
    "years_experience",
    "distance_km",
    "url",
}
DETAIL_KEYS = SUMMARY_KEYS | {
    "bio",
    "treatments",
    "concerns",
    "devices",
    "skin_types",
    "licences",
    "ratings",
    "cost",
    # Issue 11's listing facts, additive (README "Listing facts patients filter on").
    "accepting_new_patients",
    "free_consultation",
    "languages",
    "payment_options",
    "gender",
    "opening_hours",
    "open_evenings",
    "open_weekends",
    "treatment_prices",
}


@pytest.fixture
def slug(app) -> str:
    with app.app_context():
        listing = make_listing(
            name="Jane Doe",
            external_id="npi:1234567890",
            devices=["morpheus8", "skinpen_precision"],
            skin_types=[3, 1, 2],
            rating_count=2,
            rating_sum=9,
        )
        make_licence(
            listing,
            verified_at=datetime(2026, 1, 12, 9, 30, tzinfo=UTC),
            expires_on=date(2030, 5, 31),
            document_name="stored-name.pdf",
            document_original_name="scan.pdf",
        )
        make_licence(listing, status="rejected", number="REJ-1")
        return listing.slug


def test_detail_has_exactly_the_contract_shape(client, slug):
    response = client.get(f"/api/v1/practitioners/{slug}")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert set(data) == DETAIL_KEYS
    assert data["slug"] == slug and data["url"] == f"/practitioners/{slug}"
    assert data["external_id"] == "npi:1234567890"
    assert data["profession"] == "registered_nurse"
    assert data["verified"] is True
    assert data["rating"] == {"average": 4.5, "count": 2}
    assert data["price"] == {"min": 150, "max": 450, "currency": "USD"}
    assert data["years_experience"] == date.today().year - 2015
    assert data["distance_km"] is None


def test_detail_lists_offer_devices_and_skin_types(client, slug):
    data = client.get(f"/api/v1/practitioners/{slug}").get_json()
    assert data["treatments"] == ["microneedling", "prp_microneedling"]
    assert data["concerns"] == ["acne_scars", "fine_lines"]
    assert data["skin_types"] == [1, 2, 3]
    assert data["devices"] == [
        {"slug": "morpheus8", "name": "Morpheus8", "manufacturer": "InMode"},
        {
            "slug": "skinpen_precision",
            "name": "SkinPen Precision System",
            "manufacturer": "Crown Aesthetics (formerly Bellus Medical)",
        },
    ]


def test_licences_never_include_the_document(client, slug):
    data = client.get(f"/api/v1/practitioners/{slug}").get_json()
    assert data["licences"] == [
        {
            "type": "Registered Nurse",
            "number": "123456",
            "authority": "Texas Board of Nursing",
            "jurisdiction": "US-TX",
            "status": "verified",
            "verified_at": "2026-01-12T09:30:00+00:00",
            "expires_on": "2030-05-31",
        }
    ]


def test_ratings_and_cost_come_from_the_review_aggregates(client, slug):
    data = client.get(f"/api/v1/practitioners/{slug}").get_json()
    assert "worth_it_percent" in data["ratings"]
    assert set(data["cost"]) == {"median_paid", "n"}
    assert isinstance(data["cost"]["n"], int)


def test_listing_without_optional_facts_gives_nulls(app, client):
    with app.app_context():
        slug = make_listing(
            practicing_since=None, price_min=None, price_max=None, devices=[], skin_types=[]
        ).slug
    data = client.get(f"/api/v1/practitioners/{slug}").get_json()
    assert data["years_experience"] is None
    assert data["price"] == {"min": None, "max": None, "currency": "USD"}
    assert data["rating"] == {"average": None, "count": 0}
    assert data["devices"] == [] and data["licences"] == [] and data["verified"] is False


def test_unknown_slug_is_a_404_json_error(client):
    response = client.get("/api/v1/practitioners/nobody-nowhere")
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["code"] == "not_found"
    assert "nobody-nowhere" in error["message"]
