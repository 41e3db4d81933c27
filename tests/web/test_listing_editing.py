"""Owners adding and editing listings in /account/listings."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from directory.extensions import db
from directory.models import Listing
from tests.conftest import csrf_token
from tests.factories import make_licence, make_listing
from tests.listings_helpers import valid_form

NEW = "/account/listings/new"


@pytest.fixture
def owner(make_user, login) -> int:
    """A logged-in practitioner."""
    user_id = make_user("owner@example.org", role="practitioner", name="Jane")
    login("owner@example.org")
    return user_id


@pytest.fixture
def owned_slug(app, owner) -> str:
    with app.app_context():
        return make_listing(owner_id=owner, name="Jane Doe", clinic="Old Clinic").slug


def post_form(client, url: str, **overrides):
    data = valid_form(**overrides)
    data["csrf_token"] = csrf_token(client, url)
    return client.post(url, data=data)


def field_error(body: str, field_id: str) -> str:
    """The error text rendered beside one field."""
    match = re.search(rf'id="{field_id}-error"[^>]*>([^<]*)<', body)
    return html.unescape(match.group(1)) if match else ""


def listing_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Listing.id)))


# ------------------------------------------------------------------ adding


def test_empty_account_invites_to_add_a_listing(client, owner):
    body = client.get("/account/listings").get_data(as_text=True)
    assert "You have no listings yet" in body
    assert f'href="{NEW}"' in body


def test_new_form_has_every_field_and_csrf(client, owner):
    body = client.get(NEW).get_data(as_text=True)
    assert 'name="csrf_token"' in body
    for name in valid_form():
        assert f'name="{name}"' in body, name
    assert 'type="checkbox"' in body and "checkbox-grid" in body
    assert 'name="verified"' not in body and 'name="external_id"' not in body


def test_create_publishes_a_listing_with_a_readable_slug_and_coordinates(app, client, owner):
    response = post_form(client, NEW, verified="y", external_id="npi:forged", slug="hijack")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/listings")
    with app.app_context():
        listing = db.session.scalar(db.select(Listing))
        assert listing.slug == "jane-doe-austin"
        assert listing.owner_id == owner
        assert listing.verified is False and listing.external_id is None
        assert listing.lat == pytest.approx(30.27, abs=0.05)
        assert listing.lon == pytest.approx(-97.74, abs=0.05)
        assert listing.numbing_cream is True and listing.consultation == "free"
        assert {t.slug for t in listing.treatments} == {"microneedling", "prp_microneedling"}
        assert sorted(s.number for s in listing.skin_types) == [1, 2, 3, 4, 5, 6]
        assert [d.slug for d in listing.devices] == ["skinpen_precision"]
    page = client.get("/account/listings").get_data(as_text=True)
    assert "is now listed" in page
    assert 'href="/practitioners/jane-doe-austin"' in page
    assert 'href="/account/listings/jane-doe-austin/edit"' in page
    assert "Not verified" in page and "Submit a licence" in page


def test_create_accepts_friendly_number_and_web_address_forms(app, client, owner):
    response = post_form(
        client, NEW, price_min="$1,000", price_max="1,500", website="glow.example.org"
    )
    assert response.status_code == 302
    with app.app_context():
        listing = db.session.scalar(db.select(Listing))
        assert (listing.price_min, listing.price_max) == (1000, 1500)
        assert listing.website == "https://glow.example.org"


def test_create_without_zip_uses_city_and_state(app, client, owner):
    assert post_form(client, NEW, postal_code="").status_code == 302
    with app.app_context():
        listing = db.session.scalar(db.select(Listing))
        assert listing.lat == pytest.approx(30.27, abs=0.3)


TEXT_INPUTS = (
    "name",
    "city",
    "postal_code",
    "phone",
    "website",
    "practicing_since",
    "procedures_performed",
    "price_min",
    "price_max",
)
NEXT_YEAR = str(date.today().year + 1)
BAD_INPUT = [
    ("name", "", "name", "Enter the practitioner's name."),
    ("profession", "", "profession", "Choose a profession."),
    ("profession", "wizard", "profession", "Not a valid choice"),
    ("city", "", "city", "Enter the city."),
    ("state", "", "state", "Choose a state."),
    ("state", "ZZ", "state", "Not a valid choice"),
    ("postal_code", "7870", "postal_code", "Enter a 5-digit ZIP code"),
    ("postal_code", "10001", "postal_code", "ZIP code 10001 is in NY, not TX"),
    ("postal_code", "00000", "postal_code", ""),  # unknown place: the gazetteer's own words
    ("phone", "12", "phone", "Enter a phone number such as"),
    ("website", "javascript:alert(1)", "website", "Enter a web address such as"),
    ("website", "not a site", "website", "Enter a web address such as"),
    ("practicing_since", "1900", "practicing_since", "Enter a year between 1950"),
    ("practicing_since", NEXT_YEAR, "practicing_since", "Enter a year between 1950"),
    ("practicing_since", "abc", "practicing_since", "Enter a whole number"),
    ("procedures_performed", "-1", "procedures_performed", "Enter zero or more."),
    ("price_min", "-5", "price_min", "Enter zero or more."),
    ("price_max", "100", "price_max", "The highest price must not be below the lowest."),
    ("treatments", [], "treatments", "Choose at least one treatment."),
    ("bio", "x" * 4001, "bio", "4000"),
    ("consultation", "bogus", "consultation", "Not a valid choice"),
    ("skin_types", ["9"], "skin_types", "valid choice"),
    ("devices", ["unknown_device"], "devices", "valid choice"),
    ("currency", "XXX", "currency", "Not a valid choice"),
]


@pytest.mark.parametrize(("name", "value", "field", "message"), BAD_INPUT)
def test_bad_input_is_shown_beside_its_field_and_nothing_is_lost(
    app, client, owner, name, value, field, message
):
    response = post_form(
        client, NEW, **{name: value}, clinic="Typed Clinic Name", concerns=["pores"]
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    error = field_error(body, field)
    assert error, f"no error beside {field}"
    assert message in error
    assert "Please correct the" in body
    # Everything typed comes back: text, selects and checkboxes.
    assert 'value="Typed Clinic Name"' in body
    assert "Registered nurse focused on collagen induction therapy." in body or name == "bio"
    assert re.search(r'<input[^>]*checked[^>]*value="pores"|value="pores"[^>]*checked', body)
    if name in TEXT_INPUTS and value:
        assert f'value="{html.escape(value)}"' in body
    assert listing_count(app) == 0


def test_missing_csrf_token_is_refused(app, client, owner):
    response = client.post(NEW, data=valid_form())
    assert response.status_code == 400
    assert listing_count(app) == 0


def test_two_listings_with_the_same_name_get_distinct_slugs(app, client, owner):
    assert post_form(client, NEW).status_code == 302
    assert post_form(client, NEW, clinic="Second Studio").status_code == 302
    with app.app_context():
        slugs = sorted(db.session.scalars(db.select(Listing.slug)))
    assert slugs == ["jane-doe-austin", "jane-doe-austin-2"]


# ------------------------------------------------------------------ editing


def test_edit_form_is_prefilled(client, owned_slug):
    body = client.get(f"/account/listings/{owned_slug}/edit").get_data(as_text=True)
    assert 'value="Old Clinic"' in body
    assert re.search(r'<option selected value="TX">|<option value="TX" selected', body)
    assert re.search(
        r'checked[^>]*value="skinpen_precision"|value="skinpen_precision"[^>]*checked', body
    )
    assert f'href="/practitioners/{owned_slug}"' in body


def test_edit_saves_changes_and_keeps_the_slug(app, client, owned_slug):
    url = f"/account/listings/{owned_slug}/edit"
    response = post_form(
        client,
        url,
        name="Janet Doe-Smith",
        clinic="New Clinic",
        price_min="200",
        price_max="600",
        numbing_cream="no",
        accepting_new_patients=None,  # unticked
        devices=["dermapen_4", "morpheus8"],
        skin_types=["4", "5", "6"],
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/practitioners/{owned_slug}")
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).where(Listing.slug == owned_slug))
        assert listing.name == "Janet Doe-Smith" and listing.clinic == "New Clinic"
        assert (listing.price_min, listing.price_max) == (200, 600)
        assert listing.numbing_cream is False and listing.accepting_new_patients is False
        assert {d.slug for d in listing.devices} == {"dermapen_4", "morpheus8"}
        assert sorted(s.number for s in listing.skin_types) == [4, 5, 6]
    profile = client.get(f"/practitioners/{owned_slug}").get_data(as_text=True)
    assert "Your changes are saved" in profile and "Janet Doe-Smith" in profile


def test_edit_moves_the_listing_when_the_zip_changes(app, client, owned_slug):
    url = f"/account/listings/{owned_slug}/edit"
    response = post_form(client, url, city="New York", state="NY", postal_code="10001")
    assert response.status_code == 302
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).where(Listing.slug == owned_slug))
        assert listing.lat == pytest.approx(40.75, abs=0.1)
        assert listing.slug == owned_slug


def test_edit_with_bad_input_changes_nothing(app, client, owned_slug):
    url = f"/account/listings/{owned_slug}/edit"
    response = post_form(client, url, clinic="Half Typed", price_min="500", price_max="100")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'value="Half Typed"' in body
    assert "must not be below" in field_error(body, "price_max")
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).where(Listing.slug == owned_slug))
        assert listing.clinic == "Old Clinic"


def test_edit_cannot_set_verified_or_ratings(app, client, owned_slug):
    url = f"/account/listings/{owned_slug}/edit"
    post_form(client, url, verified="y", rating_count="99", rating_sum="495")
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).where(Listing.slug == owned_slug))
        assert listing.verified is False and listing.rating_count == 0


def test_listings_page_shows_verified_badge_and_rating(app, client, owner):
    with app.app_context():
        listing = make_listing(owner_id=owner, rating_count=4, rating_sum=18)
        make_licence(listing)
    body = client.get("/account/listings").get_data(as_text=True)
    assert "Licence verified" in body
    assert "4.5" in body and "from 4 reviews" in body
    assert "Submit a licence" not in body


# ------------------------------------------------------------------ who may


def test_another_practitioner_gets_404(app, client, owned_slug, make_user, login):
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/listings")})
    make_user("rival@example.org", role="practitioner")
    login("rival@example.org")
    url = f"/account/listings/{owned_slug}/edit"
    assert client.get(url).status_code == 404
    token = csrf_token(client, NEW)
    response = client.post(url, data={**valid_form(name="Hijacked"), "csrf_token": token})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(db.select(Listing.name).where(Listing.slug == owned_slug)) == (
            "Jane Doe"
        )
    assert owned_slug not in client.get("/account/listings").get_data(as_text=True)


def test_unknown_listing_edit_is_404(client, owner):
    assert client.get("/account/listings/nobody-here/edit").status_code == 404


@pytest.mark.parametrize("url", ["/account/listings", NEW, "/account/listings/x/edit"])
def test_patient_is_forbidden(client, make_user, login, url):
    make_user("pat@example.org", role="patient")
    login("pat@example.org")
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ["/account/listings", NEW, "/account/listings/x/edit"])
def test_anonymous_visitor_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
