"""directory.services.listings: creating, editing and reading listings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import Listing, SearchChange, User
from directory.services import ServiceError, listings
from tests.factories import make_licence, make_listing


def data(**overrides):
    """Service input in CONTRACT section 4 terms."""
    values = {
        "name": "Jane Doe",
        "credentials": "RN",
        "profession": "registered_nurse",
        "clinic": "Glow Skin Studio",
        "bio": "About me.",
        "address": "100 Congress Ave",
        "city": "Austin",
        "state": "TX",
        "postal_code": "78701",
        "phone": "",
        "website": "",
        "practicing_since": 2015,
        "procedures_performed": 100,
        "price_min": 150,
        "price_max": 450,
        "currency": "USD",
        "numbing_cream": None,
        "consultation": "free",
        "consultation_notes": "",
        "accepting_new_patients": True,
        "treatments": ["microneedling"],
        "concerns": ["acne_scars"],
        "devices": ["skinpen_precision"],
        "skin_types": [1, 2],
    }
    values.update(overrides)
    return values


@pytest.fixture
def practitioner(ctx, make_user) -> User:
    return db.session.get(User, make_user("doc@example.org", role="practitioner"))


def count() -> int:
    return db.session.scalar(db.select(db.func.count(Listing.id)))


def test_create_gives_readable_unique_slugs(practitioner):
    first = listings.create_listing(practitioner, data())
    second = listings.create_listing(practitioner, data(clinic="Second Studio"))
    assert (first.slug, second.slug) == ("jane-doe-austin", "jane-doe-austin-2")
    assert listings.owned_by(practitioner) == [first, second]


def test_create_ignores_fields_owners_may_not_set(practitioner):
    listing = listings.create_listing(
        practitioner,
        data(verified=True, rating_count=50, rating_sum=250, slug="mine", external_id="npi:1"),
    )
    assert listing.verified is False and listing.rating_count == 0
    assert listing.slug == "jane-doe-austin" and listing.external_id is None


def test_create_places_the_listing_from_city_and_state_without_zip(practitioner):
    listing = listings.create_listing(practitioner, data(postal_code="", city="Denver", state="CO"))
    assert listing.lat == pytest.approx(39.74, abs=0.3)
    assert listing.lon == pytest.approx(-104.99, abs=0.3)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"postal_code": "00000"}, "postal_code"),
        ({"postal_code": "", "city": "Nowhereville Xyz"}, "postal_code"),
        ({"postal_code": "10001"}, "postal_code"),  # a New York ZIP with state TX
        ({"postal_code": "787"}, "postal_code"),
        ({"name": "  "}, "name"),
        ({"profession": "wizard"}, "profession"),
        ({"state": "ZZ"}, "state"),
        ({"consultation": "maybe"}, "consultation"),
        ({"practicing_since": date.today().year + 1}, "practicing_since"),
        ({"price_min": 500, "price_max": 100}, "price_max"),
        ({"procedures_performed": -1}, "procedures_performed"),
        ({"treatments": ["microneedling", "tattooing"]}, "treatments"),
        ({"devices": ["nope"]}, "devices"),
        ({"skin_types": [7]}, "skin_types"),
    ],
)
def test_refused_input_names_the_field_and_writes_nothing(practitioner, overrides, field):
    with pytest.raises(ServiceError) as caught:
        listings.create_listing(practitioner, data(**overrides))
    assert caught.value.field == field
    assert caught.value.message
    db.session.rollback()
    assert count() == 0


def test_only_practitioners_may_create(ctx, make_user):
    patient = db.session.get(User, make_user("pat@example.org", role="patient"))
    with pytest.raises(ServiceError):
        listings.create_listing(patient, data())
    assert count() == 0


def test_update_keeps_slug_and_skips_lookup_when_place_unchanged(practitioner, monkeypatch):
    listing = listings.create_listing(practitioner, data())
    lat = listing.lat

    from directory import places

    def fail(*args):
        raise AssertionError("looked up an unchanged place")

    monkeypatch.setattr(places, "lookup_zip", fail)
    monkeypatch.setattr(places, "find_city", fail)
    updated = listings.update_listing(listing, data(name="Janet Smith", treatments=["facial"]))
    assert updated.slug == "jane-doe-austin" and updated.name == "Janet Smith"
    assert [t.slug for t in updated.treatments] == ["facial"]
    assert updated.lat == lat


def test_failed_update_leaves_the_listing_untouched(practitioner):
    listing = listings.create_listing(practitioner, data())
    with pytest.raises(ServiceError):
        listings.update_listing(listing, data(clinic="Changed", postal_code="00000"))
    assert listing.clinic == "Glow Skin Studio"
    db.session.rollback()
    assert db.session.get(Listing, listing.id).clinic == "Glow Skin Studio"


def test_each_save_commits_its_search_change_with_the_listing(practitioner):
    def committed_changes(listing_id: int) -> int:
        # A separate connection sees only what was committed.
        with db.engine.connect() as conn:
            query = select(func.count()).where(SearchChange.listing_id == listing_id)
            return conn.execute(query.select_from(SearchChange)).scalar_one()

    listing = listings.create_listing(practitioner, data())
    assert committed_changes(listing.id) == 1
    listings.update_listing(listing, data(clinic="New"))
    assert committed_changes(listing.id) == 2


def test_ownership_helpers(practitioner, make_user):
    other = db.session.get(User, make_user("other@example.org", role="practitioner"))
    listing = make_listing(owner_id=practitioner.id)
    assert listings.get_by_slug(listing.slug) is listing
    assert listings.get_by_slug("missing") is None
    assert listings.is_owner(listing, practitioner) and not listings.is_owner(listing, other)
    assert listings.get_owned(listing.slug, practitioner) is listing
    assert listings.get_owned(listing.slug, other) is None
    assert listings.owned_by(other) == []


def test_licence_visibility_and_status(ctx):
    listing = make_listing()
    current = make_licence(listing)
    lapsed = make_licence(listing, expires_on=date.today() - timedelta(days=1))
    make_licence(listing, status="rejected")
    pending = make_licence(listing, status="pending")
    assert listings.public_licences(listing) == [current, lapsed, pending]
    assert listings.licence_status(current) == "verified"
    assert listings.licence_status(lapsed) == "expired"
    assert listings.verification_summary(listing) == "verified"


def test_verification_summary_without_verified_licence(ctx):
    listing = make_listing()
    assert listings.verification_summary(listing) == "unverified"
    make_licence(listing, status="pending")
    assert listings.verification_summary(listing) == "pending"
